package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"dangvien/internal/app/celllife"
	"dangvien/internal/domain"
	"dangvien/internal/store/storetest"
)

// The secretary's month on the screens: plan and record a meeting, mark the
// roster, see the rule warnings; open the fee sheet and take fees, several
// months at once on the member's page; bad input is refused and shown.
func TestCellLifeScreens(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		b := newBrowser(t, e)
		_, home := b.signIn("secretary.a1", pw)
		csrf := csrfOf(home)
		a1 := id(e.f.CellA1.ID)
		st, page := b.get("/to-chuc/" + a1 + "/sinh-hoat")
		if st != 200 || !strings.Contains(page, "Tháng 1/2026 không có buổi sinh hoạt định kỳ.") || !strings.Contains(page, "Quý 3/2026 không có buổi sinh hoạt chuyên đề.") {
			t.Fatalf("cell life: %d", st)
		}
		// A thematic meeting without a topic is refused with the field marked.
		st, page = b.post("/to-chuc/"+a1+"/sinh-hoat/moi", url.Values{"csrf": {csrf}, "kind": {"thematic"}, "held_on": {"10/11/2026"}, "minutes": {"120"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(page, "Sinh hoạt chuyên đề cần ghi chủ đề.") {
			t.Fatalf("no topic: %d", st)
		}
		st, _ = b.post("/to-chuc/"+a1+"/sinh-hoat/moi", url.Values{"csrf": {csrf}, "kind": {"thematic"}, "topic": {"Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"}, "held_on": {"10/11/2026"}, "minutes": {"120"}, "place": {"Nhà văn hóa thôn Đồng Bùa"}})
		if st != http.StatusSeeOther {
			t.Fatalf("create: %d", st)
		}
		mpath := b.res.Header.Get("Location")
		mpath = mpath[:strings.Index(mpath, "?")]
		_, page = b.get(mpath)
		if !strings.Contains(page, "Học tập và làm theo tư tưởng") || !strings.Contains(page, `name="a_`+id(e.f.Thao.ID)+`"`) {
			t.Fatalf("meeting page: %s", page)
		}
		// Đức excused without a reason: refused; the tapped marks stay on the page.
		st, page = b.post(mpath+"/diem-danh", url.Values{"csrf": {csrf}, "a_" + id(e.f.Thao.ID): {"present"}, "a_" + id(e.f.Duc.ID): {"excused"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(page, "Đặng Văn Đức: vắng có lý do cần ghi lý do.") || !strings.Contains(page, `value="excused" checked`) {
			t.Fatalf("excused without reason: %d", st)
		}
		// "Everyone not tapped is present": Thảo tapped absent, Đức filled in.
		if st, _ := b.post(mpath+"/diem-danh", url.Values{"csrf": {csrf}, "a_" + id(e.f.Thao.ID): {"unexcused"}, "con-lai": {"present"}}); st != http.StatusSeeOther {
			t.Fatalf("save marks: %d", st)
		}
		_, page = b.get(mpath)
		if !strings.Contains(page, "(1/2 có mặt, 50,0%)") {
			t.Fatalf("counts not shown: %s", page)
		}
		// Fees: open November, take Thảo's after setting her profile on her page.
		f := "/to-chuc/" + a1 + "/dang-phi"
		if st, _ := b.post(f, url.Values{"csrf": {csrf}, "thang": {"2026-11"}, "action": {"open"}}); st != http.StatusSeeOther {
			t.Fatalf("open sheet: %d", st)
		}
		_, page = b.get(f + "?thang=2026-11")
		if strings.Count(page, "chưa có mức đảng phí") != 1 || !strings.Contains(page, "Thu 12.420 đ") {
			t.Fatalf("sheet without profiles: %s", page)
		}
		mf := "/dang-vien/" + id(e.f.Thao.ID) + "/dang-phi"
		if st, page := b.post(mf, url.Values{"csrf": {csrf}, "action": {"profile"}, "category": {"salaried"}, "base": {"8.450.000"}}); st != http.StatusSeeOther {
			t.Fatalf("profile: %d %s", st, page)
		}
		if st, _ := b.post(mf, url.Values{"csrf": {csrf}, "action": {"pay"}, "months": {"2026-11", "2026-12"}, "paid_on": {"23/11/2026"}}); st != http.StatusSeeOther {
			t.Fatalf("pay two months: %d", st)
		}
		st, page = b.post(mf, url.Values{"csrf": {csrf}, "action": {"pay"}, "months": {"2026-12"}, "paid_on": {"23/11/2026"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(page, "Tháng 12/2026 đã nộp ngày 23/11/2026.") {
			t.Fatalf("paid twice: %d", st)
		}
		_, page = b.get(mf)
		if !strings.Contains(page, "84.500 đ") || !strings.Contains(page, "ngày 23/11/2026") {
			t.Fatalf("member fees: %s", page)
		}
		// The cell sends its share up to the commune.
		if st, _ := b.post(f, url.Values{"csrf": {csrf}, "thang": {"2026-11"}, "action": {"remit"}, "amount": {"50.000"}, "paid_on": {"23/11/2026"}, "note": {"Nộp tháng 11"}}); st != http.StatusSeeOther {
			t.Fatalf("remit: %d", st)
		}
		if _, page := b.get(f + "?thang=2026-11"); !strings.Contains(page, "đã ghi nộp <b>50.000 đ</b>") {
			t.Fatalf("remitted: %s", page)
		}
		// The commune's staff see the absence among the flags.
		sb := newBrowser(t, e)
		sb.signIn("staff.a", pw)
		_, page = sb.get("/to-chuc/" + id(e.f.CommuneA.ID) + "/sinh-hoat")
		if !strings.Contains(page, "Nguyễn Thị Hồng Thảo") || !strings.Contains(page, "Chi bộ chưa sinh hoạt đúng quy định năm nay") {
			t.Fatalf("overview: %s", page)
		}
		// The member sees her own fees and schedule, and cannot take fees.
		mb := newBrowser(t, e)
		mb.signIn("member.thao", pw)
		if st, page := mb.get(mf); st != 200 || strings.Contains(page, "Ghi khoản nộp") || !strings.Contains(page, "84.500 đ") {
			t.Fatalf("member's own page: %d", st)
		}
	})
}

// One tap per member on a phone: the roster's buttons are big enough, and
// saving shows the counts.
func TestAttendanceOnPhone(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	ctx := browserCtx(t, 390, 844)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	signInBrowser(t, ctx, e.srv.URL, "secretary.a1")
	m := id(e.meetingOf(e.f.CellA1.ID))
	if err := chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/sinh-hoat/"+m),
		chromedp.WaitVisible(chromedp.CSS("ul.roster")),
		chromedp.Click(chromedp.CSS(`input[name="a_`+id(e.f.Thao.ID)+`"][value="present"] + span`)),
		chromedp.Click(chromedp.CSS(`input[name="a_`+id(e.f.Duc.ID)+`"][value="excused"] + span`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name="r_`+id(e.f.Duc.ID)+`"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="r_`+id(e.f.Duc.ID)+`"]`), "Đi công tác"),
		chromedp.Click(chromedp.CSS(`form.roll .actions button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	); err != nil {
		t.Fatal(err)
	}
	if s := textOf(t, ctx, "main"); !strings.Contains(s, "1/2 có mặt") {
		t.Fatalf("after saving: %s", s)
	}
	mv, _ := (&celllife.Service{DB: e.db}).Meeting(ctxb, domain.System, e.meetingOf(e.f.CellA1.ID))
	got, roster := mv.Meeting, mv.Roster
	if got.Counts != (domain.AttendanceCounts{Expected: 2, Present: 1, Excused: 1}) || roster[0].Reason != "Đi công tác" {
		t.Fatalf("counts: %+v %+v", got.Counts, roster)
	}
	// Then the month's fees: open the sheet, one tap for Đức's.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/to-chuc/"+id(e.f.CellA1.ID)+"/dang-phi"),
		chromedp.WaitVisible(chromedp.CSS("main form button[type=submit]")),
		chromedp.Click(chromedp.CSS("main form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("ul.roster.fees")),
		chromedp.Click(chromedp.CSS(`ul.roster.fees form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("ul.roster.fees span.paid")), // the page after the tap; the sheet's page had a flash too
	); err != nil {
		t.Fatal(err)
	}
	if s := textOf(t, ctx, "ul.roster.fees"); !strings.Contains(s, "Đã nộp 23/11/2026") {
		t.Fatalf("fee sheet after the tap: %s", s)
	}
}

// Tasks on the screens: give one, review it, and see it flagged on the
// cell's page once the member changes position.
func TestTaskScreens(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	b := newBrowser(t, e)
	_, home := b.signIn("secretary.a1", pw)
	csrf := csrfOf(home)
	p := "/dang-vien/" + id(e.f.Duc.ID) + "/nhiem-vu"
	if st, page := b.post(p, url.Values{"csrf": {csrf}, "action": {"create"}, "title": {""}, "from": {"01/11/2026"}}); st != http.StatusUnprocessableEntity || !strings.Contains(page, "Cần nêu nhiệm vụ.") {
		t.Fatalf("no title: %d", st)
	}
	if st, _ := b.post(p, url.Values{"csrf": {csrf}, "action": {"create"}, "title": {"Theo dõi công tác dân vận ở xóm Giữa"}, "from": {"01/11/2026"}, "to": {"31/12/2026"}, "assigned_by": {"Chi ủy"}}); st != http.StatusSeeOther {
		t.Fatalf("create: %d", st)
	}
	tv, _ := (&celllife.Service{DB: e.db}).Tasks(ctxb, domain.System, e.f.Duc.ID)
	ts := tv.Tasks
	if st, _ := b.post(p, url.Values{"csrf": {csrf}, "action": {"note"}, "task_id": {id(ts[0].ID)}, "on": {"20/11/2026"}, "rating": {"done_well"}, "note": {"Chủ động, sát dân"}}); st != http.StatusSeeOther {
		t.Fatalf("note: %d", st)
	}
	if _, page := b.get(p); !strings.Contains(page, "Hoàn thành tốt") || !strings.Contains(page, "Theo dõi công tác dân vận") {
		t.Fatalf("tasks page: %s", page)
	}
	m, _ := membersOf(e.db).Member(ctxb, domain.System, e.f.Duc.ID)
	m.PartyPosition = "Phó Bí thư chi bộ"
	if _, err := membersOf(e.db).Update(ctxb, domain.System, m.ID, m.MemberFields, nil); err != nil {
		t.Fatal(err)
	}
	if _, page := b.get("/to-chuc/" + id(e.f.CellA1.ID) + "/sinh-hoat"); !strings.Contains(page, "chức vụ đã thay đổi") {
		t.Fatal("the stale task is not flagged on the cell's page")
	}
}

// The committee member in charge on the meeting page, and in the staff's
// overview with the meetings they attended.
func TestInChargeScreens(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	b := newBrowser(t, e)
	_, home := b.signIn("secretary.a1", pw)
	m := "/sinh-hoat/" + id(e.meetingOf(e.f.CellA1.ID))
	if _, page := b.get(m); !strings.Contains(page, "Cấp ủy viên phụ trách chi bộ") || !strings.Contains(page, `name="ic_`+id(e.f.Thao.ID)+`"`) {
		t.Fatalf("meeting page: %s", page)
	}
	if st, _ := b.post(m+"/diem-danh", url.Values{"csrf": {csrfOf(home)}, "ic_" + id(e.f.Thao.ID): {"1"}, "con-lai": {"present"}}); st != http.StatusSeeOther {
		t.Fatalf("save: %d", st)
	}
	sb := newBrowser(t, e)
	sb.signIn("staff.a", pw)
	_, page := sb.get("/to-chuc/" + id(e.f.CommuneA.ID) + "/sinh-hoat")
	if !strings.Contains(page, `<td class="num">1/1</td>`) {
		t.Fatalf("overview: %s", page)
	}
	// Staff end a charge from the cell's page, once confirmed; a mistaken
	// end is undone in one click from the ended charge.
	cellPage := "/to-chuc/" + id(e.f.CellA1.ID) + "/sinh-hoat"
	_, cell := sb.get(cellPage)
	if !strings.Contains(cell, "Xác nhận Nguyễn Thị Hồng Thảo thôi phụ trách từ hôm nay (23/11/2026)") {
		t.Fatal("no way to end the charge")
	}
	charge := id(e.inChargeOf(e.f.CellA1.ID))
	before := e.auditRows()
	st, page := sb.post("/to-chuc/"+id(e.f.CellA1.ID)+"/phu-trach", url.Values{"csrf": {csrfOf(cell)}, "action": {"end"}, "id": {charge}, "to": {"23/11/2026"}})
	if st != 200 || !strings.Contains(page, "Nguyễn Thị Hồng Thảo thôi phụ trách Chi bộ thôn Đồng Bùa?") || !strings.Contains(page, `name="confirmed" value="1"`) || e.auditRows() != before {
		t.Fatalf("end without confirmation: %d", st)
	}
	if st, _ := sb.post("/to-chuc/"+id(e.f.CellA1.ID)+"/phu-trach", url.Values{"csrf": {csrfOf(cell)}, "action": {"end"}, "id": {charge}, "to": {"23/11/2026"}, "confirmed": {"1"}}); st != http.StatusSeeOther || sb.res.Header.Get("Location") != cellPage+"?da-luu=1#phu-trach" {
		t.Fatalf("end: %d %s", st, sb.res.Header.Get("Location"))
	}
	_, cell = sb.get(cellPage)
	ended, _, _ := strings.Cut(cell[strings.Index(cell, "Đã thôi phụ trách trong 12 tháng qua"):], "</ul>")
	if !strings.Contains(ended, "Nguyễn Thị Hồng Thảo") || !strings.Contains(ended, "đến 23/11/2026") || !strings.Contains(ended, "Giao lại từ hôm nay") {
		t.Fatalf("ended charge: %s", ended)
	}
	if st, _ := sb.post("/to-chuc/"+id(e.f.CellA1.ID)+"/phu-trach", url.Values{"csrf": {csrfOf(cell)}, "action": {"restore"}, "id": {charge}, "from": {"23/11/2026"}}); st != http.StatusSeeOther {
		t.Fatalf("restore: %d", st)
	}
	if _, cell = sb.get(cellPage); strings.Contains(cell, "Đã thôi phụ trách trong 12 tháng qua") || !strings.Contains(cell, "Xác nhận Nguyễn Thị Hồng Thảo thôi phụ trách") {
		t.Fatal("the charge was not given back")
	}
	if _, log := sb.get("/nhat-ky?entity=org&entity_id=" + id(e.f.CellA1.ID)); !strings.Contains(log, "giao lại việc phụ trách chi bộ <a href=\"/to-chuc/"+id(e.f.CellA1.ID)+"\">Chi bộ thôn Đồng Bùa</a>") ||
		!strings.Contains(log, "Đảng viên:</span> <ins>Nguyễn Thị Hồng Thảo</ins>") || !strings.Contains(log, "thôi phân công phụ trách") {
		t.Fatalf("the audit of the charge: %s", log)
	}
}

// A tap on the fee sheet or a save of the roster comes back to the row it
// was about (#dv-<id>), not to the top of a long page.
func TestTapKeepsThePlace(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	b := newBrowser(t, e)
	_, home := b.signIn("secretary.a1", pw)
	sheet := "/to-chuc/" + id(e.f.CellA1.ID) + "/dang-phi"
	if st, _ := b.post(sheet, url.Values{"csrf": {csrfOf(home)}, "thang": {"2026-11"}, "action": {"open"}}); st != http.StatusSeeOther {
		t.Fatalf("open: %d", st)
	}
	st, _ := b.post(sheet, url.Values{"csrf": {csrfOf(home)}, "thang": {"2026-11"}, "action": {"pay"}, "member_id": {id(e.f.Duc.ID)}})
	loc := b.res.Header.Get("Location")
	if st != http.StatusSeeOther || loc != sheet+"?thang=2026-11&da-luu=thu#dv-"+id(e.f.Duc.ID) {
		t.Fatalf("pay: %d %s", st, loc)
	}
	if _, page := b.get(strings.Split(loc, "#")[0]); !strings.Contains(page, `<li id="dv-`+id(e.f.Duc.ID)+`">`) {
		t.Fatal("the sheet has no row to come back to")
	}
	m := "/sinh-hoat/" + id(e.meetingOf(e.f.CellA1.ID))
	st, _ = b.post(m+"/diem-danh", url.Values{"csrf": {csrfOf(home)}, "a_" + id(e.f.Thao.ID): {"excused"}, "r_" + id(e.f.Thao.ID): {"ốm"}})
	loc = b.res.Header.Get("Location")
	if st != http.StatusSeeOther || loc != m+"?da-luu=diem-danh#dv-"+id(e.f.Thao.ID) {
		t.Fatalf("roster: %d %s", st, loc)
	}
	if _, page := b.get(strings.Split(loc, "#")[0]); !strings.Contains(page, `<li id="dv-`+id(e.f.Thao.ID)+`">`) {
		t.Fatal("the roster has no row to come back to")
	}
}

// Meeting documents: only real PDF or images are kept; downloads are
// attachments with a sandboxing CSP, so nothing uploaded runs on this site.
func TestMeetingDocuments(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	b := newBrowser(t, e)
	b.signIn("secretary.a1", pw)
	m := "/sinh-hoat/" + id(e.meetingOf(e.f.CellA1.ID))
	if st, page := b.upload(m+"/tai-lieu", b.csrfToken(), "", "bien-ban.pdf", "<html><script>alert(1)</script></html>"); st != http.StatusUnprocessableEntity || !strings.Contains(page, "chỉ nhận tệp PDF hoặc ảnh PNG, JPEG") {
		t.Fatalf("disguised HTML: %d", st)
	}
	// A right-to-left override would show "bien-ban" U+202E "fdp.exe" as "bien-banexe.pdf".
	if st, page := b.upload(m+"/tai-lieu", b.csrfToken(), "", "bien-ban\u202efdp.exe", "%PDF-1.4\n"); st != http.StatusUnprocessableEntity || !strings.Contains(page, "Tên tệp chứa ký tự không hợp lệ (ký tự đổi chiều viết") {
		t.Fatalf("name with a right-to-left override: %d", st)
	}
	if st, _ := b.upload(m+"/tai-lieu", "sai", "", "bien-ban.pdf", "%PDF-1.4\n"); st != http.StatusForbidden {
		t.Fatalf("no CSRF: %d", st)
	}
	if st, _ := b.upload(m+"/tai-lieu", b.csrfToken(), "", `..\Biên bản tháng 11.pdf`, "%PDF-1.4\n% tháng 11\n"); st != http.StatusSeeOther {
		t.Fatalf("upload: %d", st)
	}
	_, page := b.get(m)
	if !strings.Contains(page, "Biên bản tháng 11.pdf") {
		t.Fatalf("document not listed: %s", page)
	}
	docs, _ := (&celllife.Service{DB: e.db}).Documents(ctxb, domain.System, e.meetingOf(e.f.CellA1.ID))
	st, body := b.get("/tai-lieu/" + id(docs[len(docs)-1].ID))
	h := b.res.Header
	if st != 200 || body != "%PDF-1.4\n% tháng 11\n" || h.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment;") ||
		!strings.Contains(h.Get("Content-Security-Policy"), "sandbox") {
		t.Fatalf("download: %d %v", st, h)
	}
	// Taken off by mistake-fixers: needs the confirmation, then it is gone
	// from the page and the link, and the log says so.
	doc := "/tai-lieu/" + id(docs[len(docs)-1].ID)
	if st, _ := b.post(doc+"/go", url.Values{"csrf": {b.csrfToken()}}); st != http.StatusUnprocessableEntity {
		t.Fatalf("remove without confirming: %d", st)
	}
	if st, _ := b.post(doc+"/go", url.Values{"csrf": {b.csrfToken()}, "confirmed": {"1"}}); st != http.StatusSeeOther {
		t.Fatalf("remove: %d", st)
	}
	if _, page := b.get(m); strings.Contains(page, "Biên bản tháng 11.pdf") {
		t.Fatal("a removed document is still listed")
	}
	if st, _ := b.get(doc); st != http.StatusNotFound {
		t.Fatalf("a removed document still downloads: %d", st)
	}
}

// The secretary's home page opens on the cell's month.
func TestSecretaryHome(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	b := newBrowser(t, e)
	st, home := b.signIn("secretary.a1", pw)
	if st != 200 || !strings.Contains(home, "Chi bộ thôn Đồng Bùa: tháng 11/2026") || !strings.Contains(home, `href="/sinh-hoat/`+id(e.meetingOf(e.f.CellA1.ID))+`">Điểm danh</a>`) ||
		!strings.Contains(home, "chưa lập bảng thu") || !strings.Contains(home, "chưa lên lịch") {
		t.Fatalf("home: %s", home)
	}
	// Staff of a commune get no cell card, but links to their organisations.
	sb := newBrowser(t, e)
	_, home = sb.signIn("staff.a", pw)
	if strings.Contains(home, "tháng 11/2026</h2>") || !strings.Contains(home, `href="/to-chuc/`+id(e.f.CommuneA.ID)+`"`) {
		t.Fatalf("staff home: %s", home)
	}
}
