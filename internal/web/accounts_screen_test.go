package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"dangvien/internal/domain"
	"dangvien/internal/store/storetest"
)

var shownPw = regexp.MustCompile(`<code class="pw">([a-z0-9]+)</code>`)

func TestAccountsScreen(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	b := newBrowser(t, e)
	_, home := b.signIn("admin", pw)
	if !strings.Contains(home, `href="/tai-khoan"`) {
		t.Fatal("no accounts link for the administrator")
	}
	st, page := b.get("/tai-khoan")
	if st != 200 || !strings.Contains(page, "secretary.a1") || !strings.Contains(page, "Chi bộ thôn Đồng Bùa (X01-CB01)") {
		t.Fatalf("accounts: %d", st)
	}
	csrf := csrfOf(page)
	// A secretary's scope must be a cell; an unknown code is named.
	st, page = b.post("/tai-khoan", url.Values{"csrf": {csrf}, "username": {"bithu.moi"}, "display_name": {"Lò Thị Xuân"}, "role": {"secretary"}, "orgs": {"X01"}})
	if st != http.StatusUnprocessableEntity || !strings.Contains(page, "Vai trò «Bí thư chi bộ» chỉ gắn với chi bộ.") {
		t.Fatalf("secretary over a commune: %d", st)
	}
	st, page = b.post("/tai-khoan", url.Values{"csrf": {csrf}, "username": {"bithu.moi"}, "display_name": {"Lò Thị Xuân"}, "role": {"secretary"}, "orgs": {"X99"}})
	if st != http.StatusUnprocessableEntity || !strings.Contains(page, "Không tìm thấy tổ chức «X99» trong phạm vi của bạn.") || !strings.Contains(page, `value="Lò Thị Xuân"`) {
		t.Fatalf("unknown code: %d", st)
	}
	st, page = b.post("/tai-khoan", url.Values{"csrf": {csrf}, "username": {"bithu.moi"}, "display_name": {"Lò Thị Xuân"}, "role": {"secretary"}, "orgs": {"x01-cb02"}})
	m := shownPw.FindStringSubmatch(page)
	if st != 200 || m == nil || !strings.Contains(page, "phải đổi sang mật khẩu của mình") {
		t.Fatalf("create: %d", st)
	}
	// The API's tokens are given apart from passwords: a token works while
	// its account's password waits to be changed.
	tok, err := e.db.CreateToken(ctxb, domain.System, "bithu.moi", "thử")
	if err != nil {
		t.Fatal(err)
	}
	e.tokens["bithu.moi"] = tok
	if st, _ := e.do("bithu.moi", "GET", "/api/v1/me", nil); st != 200 {
		t.Errorf("token of an account whose password must be changed: %d", st)
	}
	// The password shown must be changed at the first sign-in: until then
	// every screen but the change and signing out leads to the change.
	nb := newBrowser(t, e)
	if st, _ := nb.signIn("bithu.moi", m[1]); st != http.StatusSeeOther || !strings.HasPrefix(nb.res.Header.Get("Location"), "/doi-mat-khau") {
		t.Fatalf("first sign-in: %d %s", st, nb.res.Header.Get("Location"))
	}
	for _, path := range []string{"/", "/to-chuc", "/to-chuc/" + id(e.f.CellA2.ID) + "/sinh-hoat", "/xac-thuc-hai-buoc"} {
		if st, _ := nb.get(path); st != http.StatusSeeOther || nb.res.Header.Get("Location") != "/doi-mat-khau?next="+url.QueryEscape(path) {
			t.Errorf("%s before the change: %d %s", path, st, nb.res.Header.Get("Location"))
		}
	}
	st, page = nb.get("/doi-mat-khau?next=%2Fto-chuc")
	if st != 200 || !strings.Contains(page, "Mật khẩu của bạn do người khác đặt") {
		t.Fatalf("change form: %d", st)
	}
	if st, _ := nb.post("/to-chuc/"+id(e.f.CellA2.ID)+"/sinh-hoat/moi", url.Values{"csrf": {csrfOf(page)}, "kind": {"regular"}, "held_on": {"05/10/2026"}, "minutes": {"95"}}); st != http.StatusSeeOther || nb.res.Header.Get("Location") != "/doi-mat-khau?next=%2F" {
		t.Fatalf("a write before the change: %d", st)
	}
	for _, up := range []string{"/nhap", "/sinh-hoat/" + id(e.meetingOf(e.f.CellA2.ID)) + "/tai-lieu"} {
		if st, _ := nb.upload(up, csrfOf(page), e.f.CellA2.Code, "ds.pdf", "%PDF-1.4\n"); st != http.StatusSeeOther || nb.res.Header.Get("Location") != "/doi-mat-khau" {
			t.Errorf("upload to %s before the change: %d", up, st)
		}
	}
	st, _ = nb.post("/doi-mat-khau", url.Values{"csrf": {csrfOf(page)}, "current": {m[1]}, "new": {"câu mật khẩu của Xuân 2027"}, "again": {"câu mật khẩu của Xuân 2027"}, "next": {"/to-chuc"}})
	if st != http.StatusSeeOther || nb.res.Header.Get("Location") != "/to-chuc" {
		t.Fatalf("change: %d %s", st, nb.res.Header.Get("Location"))
	}
	if st, home := nb.get("/"); st != 200 || !strings.Contains(home, "Chi bộ thôn Hợp Thành") {
		t.Fatalf("after the change: %d", st)
	}
	// Lock: asked for once more, then the account can no longer sign in
	// and its sessions stop.
	st, page = b.post("/tai-khoan/khoa", url.Values{"csrf": {csrf}, "username": {"bithu.moi"}, "disabled": {"1"}})
	if st != 200 || !strings.Contains(page, "Xác nhận khóa tài khoản bithu.moi") || !strings.Contains(page, `name="confirmed" value="1"`) {
		t.Fatalf("lock without confirmation: %d", st)
	}
	if st, _ := nb.get("/"); st != 200 {
		t.Fatalf("asking for confirmation locked the account: %d", st)
	}
	if st, page := b.post("/tai-khoan/khoa", url.Values{"csrf": {csrf}, "username": {"bithu.moi"}, "disabled": {"1"}, "confirmed": {"1"}}); st != 200 || !strings.Contains(page, "Đã khóa tài khoản bithu.moi") {
		t.Fatalf("lock: %d", st)
	}
	if st, _ := nb.get("/"); st != http.StatusSeeOther {
		t.Fatalf("a locked account's session still works: %d", st)
	}
	if st, _ := newBrowser(t, e).signIn("bithu.moi", "câu mật khẩu của Xuân 2027"); st != http.StatusUnauthorized {
		t.Fatalf("locked account signs in: %d", st)
	}
	if st, _ := b.post("/tai-khoan/khoa", url.Values{"csrf": {csrf}, "username": {"admin"}, "disabled": {"1"}, "confirmed": {"1"}}); st != http.StatusUnprocessableEntity {
		t.Fatalf("self-lock: %d", st)
	}
	// Reset: a new password, shown once, replaces the old, and must be
	// changed in its turn.
	st, page = b.post("/tai-khoan/mat-khau", url.Values{"csrf": {csrf}, "username": {"secretary.a1"}})
	m2 := shownPw.FindStringSubmatch(page)
	if st != 200 || m2 == nil {
		t.Fatalf("reset: %d", st)
	}
	rb := newBrowser(t, e)
	if st, _ := rb.signIn("secretary.a1", m2[1]); st != http.StatusSeeOther || !strings.HasPrefix(rb.res.Header.Get("Location"), "/doi-mat-khau") {
		t.Fatalf("reset password: %d", st)
	}
	if st, _ := newBrowser(t, e).signIn("secretary.a1", pw); st != http.StatusUnauthorized {
		t.Fatalf("old password after reset: %d", st)
	}
}

// Organisation staff look after the accounts below theirs in their commune:
// they create them over their cells and members, find them by name, and are
// refused, with nothing written, a member or cell of another commune.
func TestStaffAccounts(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	b := newBrowser(t, e)
	_, home := b.signIn("staff.a", pw)
	if !strings.Contains(home, `href="/tai-khoan"`) {
		t.Fatal("no accounts link for staff")
	}
	st, page := b.get("/tai-khoan")
	if st != 200 || !strings.Contains(page, "secretary.a1") || !strings.Contains(page, "member.thao") || strings.Contains(page, "leader.b") ||
		strings.Contains(page, ">admin<") || strings.Contains(page, `value="staff"`) || strings.Contains(page, "Mã truy cập API") {
		t.Fatalf("staff's accounts: %d %s", st, page)
	}
	csrf := csrfOf(page)
	// The pickers, as one types: organisations and members by name,
	// without diacritics, only in scope.
	st, page = b.get("/tai-khoan/tim-to-chuc?orgs=dong+bua")
	if st != 200 || !strings.Contains(page, `name="org_ids" value="`+id(e.f.CellA1.ID)+`"`) || strings.Contains(page, "<html") {
		t.Fatalf("org picker: %d %s", st, page)
	}
	if _, page = b.get("/tai-khoan/tim-to-chuc?orgs=to+dan+pho"); strings.Contains(page, "org_ids") {
		t.Errorf("the org picker offers another commune's cell: %s", page)
	}
	if _, page = b.get("/tai-khoan/tim-dang-vien?member=nguyen+thi+hong"); !strings.Contains(page, `name="member_id" value="`+id(e.f.Thao.ID)+`"`) {
		t.Errorf("member picker: %s", page)
	}
	if _, page = b.get("/tai-khoan/tim-dang-vien?member=ha+thi+lan"); strings.Contains(page, "member_id") {
		t.Errorf("the member picker offers another commune's member: %s", page)
	}
	// A member's account for a member of another commune: refused in
	// Vietnamese, nothing written; by the picker's id or by a name typed.
	before := e.auditRows()
	for _, form := range []url.Values{
		{"member_id": {id(e.f.Lan.ID)}},
		{"member": {"Hà Thị Lan"}},
	} {
		form.Set("csrf", csrf)
		form.Set("username", "dangvien.lan")
		form.Set("display_name", "Hà Thị Lan")
		form.Set("role", "member")
		st, page = b.post("/tai-khoan", form)
		if st != http.StatusUnprocessableEntity || !strings.Contains(page, "Không có hồ sơ đảng viên này trong phạm vi của bạn") {
			t.Errorf("member out of scope %v: %d", form, st)
		}
	}
	// No staff or administrator accounts, and no cell of another commune.
	st, page = b.post("/tai-khoan", url.Values{"csrf": {csrf}, "username": {"canbo.moi"}, "display_name": {"Cán bộ Mới"}, "role": {"staff"}, "org_ids": {id(e.f.CommuneA.ID)}})
	if st != http.StatusUnprocessableEntity || !strings.Contains(page, "Chỉ quản trị hệ thống tạo được tài khoản vai trò «Cán bộ ban tổ chức».") {
		t.Errorf("staff creates a staff account: %d", st)
	}
	if st, _ = b.post("/tai-khoan", url.Values{"csrf": {csrf}, "username": {"bithu.b1"}, "display_name": {"Bí Thư B"}, "role": {"secretary"}, "org_ids": {id(e.f.CellB1.ID)}}); st != http.StatusUnprocessableEntity {
		t.Errorf("staff creates an account over another commune's cell: %d", st)
	}
	if e.auditRows() != before {
		t.Fatal("a refused account wrote")
	}
	// Without JavaScript: a name typed that matches more than one cell
	// brings back the form with the cells to tick, nothing written; one
	// that matches one is taken.
	st, page = b.post("/tai-khoan", url.Values{"csrf": {csrf}, "username": {"phutrach.moi"}, "display_name": {"Vi Văn Phụ"}, "role": {"in_charge"}, "orgs": {"chi bo thon"}})
	if st != http.StatusUnprocessableEntity || !strings.Contains(page, "Có nhiều tổ chức khớp «chi bo thon»") ||
		!strings.Contains(page, `value="`+id(e.f.CellA1.ID)+`"`) || !strings.Contains(page, `value="`+id(e.f.CellA2.ID)+`"`) || e.auditRows() != before {
		t.Fatalf("several cells match: %d %s", st, page)
	}
	st, page = b.post("/tai-khoan", url.Values{"csrf": {csrf}, "username": {"phutrach.moi"}, "display_name": {"Vi Văn Phụ"}, "role": {"in_charge"}, "orgs": {"chi bo thon"},
		"org_ids": {id(e.f.CellA1.ID), id(e.f.CellA2.ID)}})
	if st != 200 || !strings.Contains(page, "Đã tạo tài khoản phutrach.moi") || !strings.Contains(page, "Chi bộ thôn Đồng Bùa (X01-CB01); Chi bộ thôn Hợp Thành (X01-CB02)") {
		t.Fatalf("in charge of two cells: %d", st)
	}
	st, page = b.post("/tai-khoan", url.Values{"csrf": {csrf}, "username": {"dangvien.duc"}, "display_name": {"Đặng Văn Đức"}, "role": {"member"}, "member": {"dang van duc"}})
	if st != 200 || !strings.Contains(page, "hồ sơ của Đặng Văn Đức") || shownPw.FindStringSubmatch(page) == nil {
		t.Fatalf("a member's account from a name typed: %d", st)
	}
	// Staff lock and reset the accounts they look after, not another
	// commune's; a second factor is reset by the administrator alone.
	if st, _ := b.post("/tai-khoan/khoa", url.Values{"csrf": {csrf}, "username": {"leader.b"}, "disabled": {"1"}, "confirmed": {"1"}}); st != http.StatusNotFound {
		t.Errorf("staff lock another commune's account: %d", st)
	}
	if st, _ := b.post("/tai-khoan/hai-buoc", url.Values{"csrf": {csrf}, "username": {"secretary.a1"}}); st != http.StatusForbidden {
		t.Errorf("staff reset a second factor: %d", st)
	}
	if st, page := b.post("/tai-khoan/mat-khau", url.Values{"csrf": {csrf}, "username": {"dangvien.duc"}}); st != 200 || shownPw.FindStringSubmatch(page) == nil {
		t.Errorf("staff reset a password: %d", st)
	}
	// The API: a member's account without a password gets one, shown once,
	// to be changed; one for another commune's member is refused.
	st, body := e.do("staff.a", "POST", "/api/v1/users", map[string]any{"username": "dangvien.thao2", "display_name": "Nguyễn Thị Hồng Thảo", "role": "member", "member_id": e.f.Thao.ID})
	if st != http.StatusCreated || !regexp.MustCompile(`"password":"[a-z0-9]{16}"`).Match(body) || !strings.Contains(string(body), `"must_change_password":true`) || !strings.Contains(string(body), `"scope"`) {
		t.Fatalf("API create: %d %s", st, body)
	}
	before = e.auditRows()
	st, body = e.do("staff.a", "POST", "/api/v1/users", map[string]any{"username": "dangvien.lan", "display_name": "Hà Thị Lan", "role": "member", "member_id": e.f.Lan.ID, "password": "mật khẩu đủ dài 2026"})
	if code, msg, fields := errCode(body); st != http.StatusUnprocessableEntity || code != "invalid" || fields["member_id"] == "" || !strings.Contains(msg, "trong phạm vi của bạn") || e.auditRows() != before {
		t.Fatalf("API member out of scope: %d %s", st, body)
	}
	// Their audit log shows what they did to the accounts, by name.
	if _, page := b.get("/nhat-ky?entity=user"); !strings.Contains(page, "tạo tài khoản Vi Văn Phụ (phutrach.moi)") || !strings.Contains(page, "Tổ chức trong phạm vi:</span> <ins>Chi bộ thôn Đồng Bùa, Chi bộ thôn Hợp Thành</ins>") {
		t.Errorf("staff's audit of accounts: %s", page)
	}
}

// The pickers in a real browser: typing a name offers the cells to tick
// (htmx), a cell ticked stays ticked while another is looked for, and the
// account is created over both.
func TestAccountPickersInBrowser(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	ctx := browserCtx(t, 1366, 900)
	signInBrowser(t, ctx, e.srv.URL, "staff.a")
	a1 := `#org-choices input[value="` + id(e.f.CellA1.ID) + `"]`
	a2 := `#org-choices input[value="` + id(e.f.CellA2.ID) + `"]`
	js := func(expr string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr)); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/tai-khoan"),
		chromedp.WaitVisible(chromedp.ID("orgs")),
		chromedp.SendKeys(chromedp.ID("username"), "phutrach.moi"),
		chromedp.SendKeys(chromedp.ID("display_name"), "Vi Văn Phụ"),
	); err != nil {
		t.Fatal(err)
	}
	js(`document.getElementById("role").value = "in_charge"`)
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("orgs"), "dong bua"),
		chromedp.WaitVisible(chromedp.CSS(a1)),
		chromedp.Click(chromedp.CSS(a1)),
	); err != nil {
		t.Fatal(err)
	}
	js(`document.getElementById("orgs").value = ""`)
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("orgs"), "hop thanh"),
		chromedp.WaitVisible(chromedp.CSS(a2)),
		chromedp.Click(chromedp.CSS(a2)),
		chromedp.Click(chromedp.CSS(`#tao-tai-khoan button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("code.pw")),
	); err != nil {
		t.Fatal(err)
	}
	if s := textOf(t, ctx, "main"); !strings.Contains(s, "Đã tạo tài khoản phutrach.moi") || !strings.Contains(s, "Chi bộ thôn Đồng Bùa (X01-CB01); Chi bộ thôn Hợp Thành (X01-CB02)") {
		t.Fatalf("created: %s", s)
	}
}
