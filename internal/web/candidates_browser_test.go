package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dangvien/internal/domain"
)

// The admission screens in a real browser, on a phone: the secretary adds a
// candidate from the cell's page, the step form shows only the fields of
// the chosen step, a step is recorded, and a vote on an incomplete dossier
// is refused with what is missing and what was typed kept; no page is wider
// than the screen. On a desktop the commune's staff read the pipeline, the
// committee's review list, a probation and the badge lists.
func TestAdmissionInBrowser(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	for _, m := range []domain.Member{e.f.Thao, e.f.Duc} { // the cell's official members, who vote
		if _, _, err := membersOf(e.db).AddEvent(context.Background(), domain.System, m.ID, domain.Event{Kind: domain.EventRecognised, Date: domain.ProbationEnd(m.AdmissionDate), Decision: "1-QĐ/ĐU"}); err != nil {
			t.Fatal(err)
		}
	}
	base := e.srv.URL
	ctx := browserCtx(t, 390, 844)
	signInBrowser(t, ctx, base, "secretary.a1")
	fits := func(where string) {
		t.Helper()
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`))
		if err != nil || !ok {
			t.Errorf("%s is wider than the phone's screen (%v)", where, err)
		}
	}

	// From the cell's page to its admission page, then the new candidate.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/to-chuc/"+id(e.f.CellA1.ID)),
		chromedp.Click(chromedp.CSS(`a.button[href$="/ket-nap"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a.button[href$="/ket-nap/moi"]`)),
	); err != nil {
		t.Fatal(err)
	}
	if s := textOf(t, ctx, "main"); !strings.Contains(s, "Vừ Thị Mỷ") || !strings.Contains(s, "Chỉ tiêu kết nạp năm 2026") {
		t.Fatalf("the cell's admission page: %s", s)
	}
	fits("the cell's admission page")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a.button[href$="/ket-nap/moi"]`)),
		chromedp.WaitVisible(chromedp.ID("full_name")),
		choose("#source", "women_union"),
		chromedp.SetValue(chromedp.ID("source_note"), "Chi hội phụ nữ thôn Đồng Bùa"),
		chromedp.SetValue(chromedp.ID("full_name"), "Lò Thị Xuân"),
		choose("#gender", "nu"),
		chromedp.SetValue(chromedp.ID("birth_date"), "02/02/2000"),
		choose("#ethnicity", "01"),
		chromedp.SetValue(chromedp.ID("citizen_id"), "025300000777"),
		choose("#education", "thpt"),
		chromedp.Click(chromedp.CSS(`form.edit button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("table.steps")),
	); err != nil {
		t.Fatal(err)
	}
	if s := textOf(t, ctx, "main"); !strings.Contains(s, "Lò Thị Xuân") || !strings.Contains(s, "Chi hội phụ nữ thôn Đồng Bùa") || !strings.Contains(s, "Còn thiếu") {
		t.Fatalf("the new dossier: %s", s)
	}
	fits("a dossier")

	// The step form: only the fields of the chosen step.
	for kind, shown := range map[string][]string{
		"introduction":   {"#introducer_id", "#known_since"},
		"cell_vote":      {"#agree", "#against"},
		"committee_vote": {"#agree", "#against", "#eligible"},
		"decision":       {"#received"},
		"background":     {"#passed"},
		"application":    nil,
	} {
		if err := chromedp.Do(ctx, choose("#kind", kind)); err != nil {
			t.Fatal(err)
		}
		all := []string{"#introducer_id", "#known_since", "#agree", "#against", "#eligible", "#received", "#passed", "#date", "#number", "#note"}
		h := hiddenOf(t, ctx, all...)
		for _, sel := range all {
			want := !strings.Contains(strings.Join(shown, " ")+" #date #number #note", sel)
			if h[sel] != want {
				t.Errorf("%s: %s hidden %v, want %v", kind, sel, h[sel], want)
			}
		}
	}

	// A step recorded.
	if err := chromedp.Do(ctx,
		choose("#kind", "application"),
		chromedp.SetValue(chromedp.ID("date"), "15/01/2026"),
		chromedp.Click(chromedp.CSS(`form.edit button[type=submit]`)),
	); err != nil {
		t.Fatal(err)
	}
	// The page the step's redirect leads to (the dossier's page already
	// had a flash: the candidate was saved).
	waitFor(t, ctx, `location.search.includes("da-luu=buoc") && document.readyState === "complete"`)
	row, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll("table.steps tr")).map(r => r.innerText).find(s => s.startsWith("Đơn xin vào Đảng")) || ""`))
	if err != nil || !strings.Contains(row, "Đã có") || !strings.Contains(row, "15/01/2026") || !strings.Contains(row, "còn hạn đến 15/01/2027") {
		t.Fatalf("the application's row: %q %v", row, err)
	}

	// The cell votes on an incomplete dossier: refused, with what is
	// missing, and the form keeps the step and the counts typed.
	if err := chromedp.Do(ctx,
		choose("#kind", "cell_vote"),
		chromedp.SetValue(chromedp.ID("date"), "10/09/2026"),
		chromedp.SetValue(chromedp.ID("agree"), "2"),
		chromedp.Click(chromedp.CSS(`form.edit button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`div.error[role=alert]`)),
	); err != nil {
		t.Fatal(err)
	}
	if s := textOf(t, ctx, `div.error[role=alert]`); !strings.Contains(s, "Chưa đủ điều kiện để chi bộ xét kết nạp ngày 10/09/2026") || !strings.Contains(s, "Chưa có kết luận thẩm tra lý lịch.") {
		t.Fatalf("the refusal: %s", s)
	}
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#kind").value + " " + document.querySelector("#agree").value + " " + document.querySelector("#date").value`))
	if err != nil || kept != "cell_vote 2 10/09/2026" {
		t.Fatalf("kept %q %v", kept, err)
	}
	if h := hiddenOf(t, ctx, "#agree", "#introducer_id"); h["#agree"] || !h["#introducer_id"] {
		t.Fatalf("after the refusal the form shows the fields of another step: %v", h)
	}
	fits("a refused step")

	// The commune's staff on a desktop: the pipeline, the review list, the badges.
	dctx := browserCtx(t, 1366, 768)
	signInBrowser(t, dctx, base, "staff.a")
	if err := chromedp.Do(dctx,
		chromedp.Navigate(base+"/to-chuc/"+id(e.f.CommuneA.ID)+"/ket-nap"),
		chromedp.WaitVisible(chromedp.CSS("table.pipeline")),
	); err != nil {
		t.Fatal(err)
	}
	if s := textOf(t, dctx, "table.pipeline"); !strings.Contains(s, "Chi bộ thôn Đồng Bùa") || !strings.Contains(s, "Cộng") {
		t.Fatalf("the pipeline: %s", s)
	}
	if err := chromedp.Do(dctx,
		chromedp.Click(chromedp.CSS(`a.button[href$="/ket-nap/cho-xet"]`)),
		chromedp.WaitVisible(chromedp.CSS("h1")),
	); err != nil {
		t.Fatal(err)
	}
	if s := textOf(t, dctx, "h1"); !strings.Contains(s, "DANH SÁCH HỒ SƠ ĐỀ NGHỊ KẾT NẠP ĐẢNG VIÊN") {
		t.Fatalf("the review list: %s", s)
	}
	// A probationary member's page: what is overdue, and the step form by kind.
	if err := chromedp.Do(dctx,
		chromedp.Navigate(base+"/dang-vien/"+id(e.f.An.ID)+"/du-bi"),
		chromedp.WaitVisible(chromedp.CSS("table.steps")),
		choose("#kind", "helper"),
	); err != nil {
		t.Fatal(err)
	}
	if s := textOf(t, dctx, "main"); !strings.Contains(s, "Quá hạn: Chưa phân công đảng viên chính thức giúp đỡ") {
		t.Fatalf("the probation: %s", s)
	}
	if h := hiddenOf(t, dctx, "#helper_id", "#agree", "#passed"); h["#helper_id"] || !h["#agree"] || !h["#passed"] {
		t.Fatalf("a helper's step shows %v", h)
	}
	if err := chromedp.Do(dctx, choose("#kind", "decision")); err != nil {
		t.Fatal(err)
	}
	if h := hiddenOf(t, dctx, "#helper_id", "#agree", "#passed"); !h["#helper_id"] || !h["#agree"] || h["#passed"] {
		t.Fatalf("a decision shows %v", h)
	}
	if err := chromedp.Do(dctx,
		chromedp.Navigate(base+"/to-chuc/"+id(e.f.CommuneA.ID)+"/huy-hieu"),
		chromedp.WaitVisible(chromedp.CSS("main h1")),
	); err != nil {
		t.Fatal(err)
	}
	if s := textOf(t, dctx, "main"); !strings.Contains(s, "Bốn đợt tới") || !strings.Contains(s, "03/02/2027") || !strings.Contains(s, "07/11/2027") {
		t.Fatalf("the badges: %s", s)
	}
}

// waitFor waits until the page's expression holds, across a navigation
// (which interrupts a poll).
func waitFor(t *testing.T, ctx context.Context, expr string) {
	t.Helper()
	for range 200 {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr)); err == nil && ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the page never came to %s", expr)
}
