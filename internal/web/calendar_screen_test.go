package web

import (
	"encoding/json"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/store/storetest"
)

// calendarDayID is the id of the announcement in force for a day.
func calendarDayID(e *env, day string) int64 {
	var id int64
	err := e.db.Read(ctxb, domain.System, func(tx *store.Tx) error {
		days, err := tx.CalendarDays(domain.MustDate(day), domain.MustDate(day))
		for _, d := range days {
			if d.CancelledAt == nil {
				id = d.ID
			}
		}
		return err
	})
	if err != nil || id == 0 {
		e.t.Fatalf("announced day %s: %v", day, err)
	}
	return id
}

// The working-day calendar screen (RULES.md: Working days): a year's
// months with the holidays and announced days, working days per month, the
// deadline calculator; the administrator enters a day after confirming it
// and cancels one with a reason; others read; members do not.
func TestCalendarScreen(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	admin := newBrowser(t, e)
	admin.signIn("admin", pw)

	st, page := admin.get("/lich-lam-viec?nam=2026")
	for _, want := range []string{"Lịch làm việc năm 2026", "<b>250</b> ngày làm việc", "Tháng 2 <small class=\"muted\">15 ngày làm việc</small>",
		"Tết Nguyên đán (mùng 1)", "Tết Nguyên đán (29 tháng Chạp)", `class="k-makeup"`, "Nghỉ bù Giỗ Tổ Hùng Vương", "(mặc định)",
		"/static/calendar.css", "Nhập ngày theo thông báo", `href="/lich-lam-viec">Lịch làm việc</a>`, "Hủy"} {
		if st != 200 || !strings.Contains(page, want) {
			t.Fatalf("2026 (%d): no %q", st, want)
		}
	}
	// The deadline calculator, and its bad input beside the year shown.
	if st, page := admin.get("/lich-lam-viec?nam=2026&tu=10/02/2026&so=5#tinh-han"); st != 200 || !strings.Contains(page, "Thứ Ba, ngày 24/02/2026</b> (14 ngày theo lịch)") || !strings.Contains(page, "16/02/2026</time> — Tết Nguyên đán (29 tháng Chạp)") {
		t.Fatalf("deadline: %d", st)
	}
	for q, msg := range map[string]string{"tu=10/02/2026&so=0": "Số ngày làm việc từ 1 đến 1000.", "tu=31/02/2026&so=5": "Ngày bắt đầu có dạng dd/mm/yyyy.",
		"tu=10/02/2026&so=ba": "Số ngày làm việc là một số.", "so=5": "Ngày bắt đầu có dạng dd/mm/yyyy."} {
		if st, page := admin.get("/lich-lam-viec?nam=2026&" + q); st != 422 || !strings.Contains(page, msg) || !strings.Contains(page, "Tháng 12") {
			t.Errorf("%s: %d", q, st)
		}
	}
	if st, _ := admin.get("/lich-lam-viec?nam=1800"); st != 422 {
		t.Fatalf("year 1800: %d", st)
	}

	// Entering a day: a confirmation first, writing nothing.
	before := e.auditRows()
	form := url.Values{"csrf": {admin.csrfToken()}, "action": {"add"}, "nam": {"2026"}, "date": {"04/09/2026"}, "kind": {"off"}, "note": {"Thông báo thử số 7"}}
	st, page = admin.post("/lich-lam-viec", form)
	if st != 200 || !strings.Contains(page, "Xác nhận") || !strings.Contains(page, "Thứ Sáu, ngày 04/09/2026") || !strings.Contains(page, "Hiện nay ngày này là: Ngày làm việc") || e.auditRows() != before {
		t.Fatalf("confirmation: %d", st)
	}
	bad := url.Values{"csrf": form["csrf"], "action": {"add"}, "nam": {"2026"}, "date": {"05/09/2026"}, "kind": {"off"}, "note": {"Thông báo"}, "confirmed": {"1"}}
	if st, page := admin.post("/lich-lam-viec", bad); st != 422 || !strings.Contains(page, "ngày nghỉ hằng tuần") || !strings.Contains(page, `value="05/09/2026"`) || e.auditRows() != before {
		t.Fatalf("a Saturday as a day off: %d", st)
	}
	form.Set("confirmed", "1")
	if st, _ := admin.post("/lich-lam-viec", form); st != 303 || admin.res.Header.Get("Location") != "/lich-lam-viec?nam=2026&da-luu=them#thong-bao" {
		t.Fatalf("enter: %d %s", st, admin.res.Header.Get("Location"))
	}
	if _, page := admin.get("/lich-lam-viec?nam=2026&da-luu=them"); !strings.Contains(page, "Đã nhập ngày theo thông báo.") || !strings.Contains(page, "Thông báo thử số 7") || !strings.Contains(page, "admin, ") {
		t.Fatal("the entered day is not listed")
	}

	// Cancelling: a reason, then the row stays marked.
	cancel := url.Values{"csrf": form["csrf"], "action": {"cancel"}, "nam": {"2026"}, "id": {id(calendarDayID(e, "2026-09-04"))}, "confirmed": {"1"}}
	if st, page := admin.post("/lich-lam-viec", cancel); st != 422 || !strings.Contains(page, "Cần nêu lý do hủy") {
		t.Fatalf("cancel without a reason: %d", st)
	}
	cancel.Set("reason", "Nhập nhầm ngày")
	if st, _ := admin.post("/lich-lam-viec", cancel); st != 303 {
		t.Fatalf("cancel: %d", st)
	}
	if _, page := admin.get("/lich-lam-viec?nam=2026"); !strings.Contains(page, "Đã hủy") || !strings.Contains(page, "Nhập nhầm ngày (admin)") {
		t.Fatal("the cancelled day is not shown as cancelled")
	}
	if st, _ := admin.post("/lich-lam-viec", cancel); st != 422 {
		t.Fatalf("cancelled twice: %d", st)
	}

	// A secretary reads, without the form, and may not write; a member does not read.
	sec := newBrowser(t, e)
	sec.signIn("secretary.a1", pw)
	if st, page := sec.get("/lich-lam-viec?nam=2025"); st != 200 || strings.Contains(page, "Nhập ngày theo thông báo") || !strings.Contains(page, "Thông báo 6150/TB-LĐTBXH") {
		t.Fatalf("secretary: %d", st)
	}
	if st, _ := sec.post("/lich-lam-viec", form); st != 403 {
		t.Fatalf("secretary enters a day: %d", st)
	}
	mem := newBrowser(t, e)
	mem.signIn("member.thao", pw)
	if st, _ := mem.get("/lich-lam-viec"); st != 404 {
		t.Fatalf("member: %d", st)
	}
	if _, page := mem.get("/"); strings.Contains(page, "/lich-lam-viec") {
		t.Fatal("a member is shown the calendar link")
	}
}

// The API: a year with a deadline, an entry and its cancellation, in the
// shapes the OpenAPI document gives.
func TestCalendarAPI(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	st, b := e.do("leader.b", "GET", "/api/v1/calendar?year=2025&from=2025-04-24&days=3", nil)
	var v struct {
		Working int `json:"working_days"`
		Months  []struct {
			Working int `json:"working_days"`
		}
		Days     []domain.DayInfo
		Deadline struct {
			Due     string `json:"due"`
			Skipped []domain.DayInfo
		}
	}
	if st != 200 || json.Unmarshal(b, &v) != nil || len(v.Months) != 12 || v.Deadline.Due != "2025-04-28" || len(v.Deadline.Skipped) != 0 {
		t.Fatalf("%d %s", st, b)
	}
	if st, b := e.do("leader.b", "GET", "/api/v1/calendar?year=2026&from=2026-02-10", nil); st != 422 || !strings.Contains(string(b), "days") {
		t.Fatalf("a deadline without days: %d %s", st, b)
	}
	st, b = e.do("admin", "POST", "/api/v1/calendar/days", map[string]any{"date": "2026-08-29", "kind": "work", "note": "Làm bù thử"})
	var day store.CalendarDay
	if st != 201 || json.Unmarshal(b, &day) != nil || day.Kind != domain.AnnouncedWork || day.CreatedBy != "admin" {
		t.Fatalf("enter: %d %s", st, b)
	}
	if st, b := e.do("admin", "POST", "/api/v1/calendar/days", map[string]any{"date": "2026-08-29", "kind": "work", "note": "Lần nữa"}); st != 422 || !strings.Contains(string(b), "đã có trong lịch") {
		t.Fatalf("twice: %d %s", st, b)
	}
	for _, note := range []string{"Thông báo\u202e1/TB", "Thông báo\x00", strings.Repeat("Thông báo ", 60)} {
		if st, b := e.do("admin", "POST", "/api/v1/calendar/days", map[string]any{"date": "2026-08-28", "kind": "off", "note": note}); st != 422 || !strings.Contains(string(b), `"note"`) {
			t.Fatalf("note %.20q: %d %s", note, st, b)
		}
	}
	if st, b := e.do("admin", "POST", "/api/v1/calendar/days", map[string]any{"date": "2026-08-28", "kind": "off", "note": "x", "extra": 1}); st != 400 {
		t.Fatalf("an unknown field: %d %s", st, b)
	}
	if st, b := e.do("admin", "POST", "/api/v1/calendar/days/"+id(day.ID)+"/cancel", map[string]any{"reason": "Nhập thử"}); st != 200 || !strings.Contains(string(b), `"cancel_reason":"Nhập thử"`) {
		t.Fatalf("cancel: %d %s", st, b)
	}
	if st, _ := e.do("admin", "POST", "/api/v1/calendar/days/"+id(day.ID)+"/cancel", map[string]any{"reason": "Nhập thử"}); st != 409 {
		t.Fatalf("cancel twice: %d", st)
	}
	if st, _ := e.do("admin", "POST", "/api/v1/calendar/days/999999/cancel", map[string]any{"reason": "Nhập thử"}); st != 404 {
		t.Fatalf("cancel a day that is not there: %d", st)
	}
}

// The calendar on a phone 360 px wide: no sideways scrolling, every month
// shown, the calculator usable.
func TestCalendarOnPhone(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	ctx := browserCtx(t, 360, 740)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740)); err != nil {
		t.Fatal(err)
	}
	signInBrowser(t, ctx, e.srv.URL, "staff.a")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/lich-lam-viec?nam=2026"),
		chromedp.WaitVisible(chromedp.CSS("table.cal")),
		chromedp.SendKeys(chromedp.ID("tu"), "10/02/2026"),
		chromedp.SendKeys(chromedp.ID("so"), "30"),
		chromedp.Click(chromedp.CSS(".cal-due button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".cal-result")),
	); err != nil {
		t.Fatal(err)
	}
	if s := textOf(t, ctx, ".cal-result"); !strings.Contains(s, "Thứ Ba, ngày 31/03/2026") {
		t.Fatalf("deadline on a phone: %q", s)
	}
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[int]("document.documentElement.scrollWidth"))
	if err != nil || wide > 360 {
		t.Fatalf("page %d px wide on a 360 px screen: %v", wide, err)
	}
	months, err := chromedp.Run(ctx, chromedp.Evaluate[int]("document.querySelectorAll('.cal-month').length"))
	if err != nil || months != 12 {
		t.Fatalf("%d months: %v", months, err)
	}
	if dir := os.Getenv("DANGVIEN_SCREENSHOTS"); dir != "" {
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err == nil {
			os.WriteFile(dir+"/lich-lam-viec-dien-thoai.png", png, 0o644)
		}
	}
}
