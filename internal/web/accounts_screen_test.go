package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
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
	if st != http.StatusUnprocessableEntity || !strings.Contains(page, "Vai trò này chỉ gắn với chi bộ.") {
		t.Fatalf("secretary over a commune: %d", st)
	}
	st, page = b.post("/tai-khoan", url.Values{"csrf": {csrf}, "username": {"bithu.moi"}, "display_name": {"Lò Thị Xuân"}, "role": {"secretary"}, "orgs": {"X99"}})
	if st != http.StatusUnprocessableEntity || !strings.Contains(page, "Không có tổ chức mã X99.") || !strings.Contains(page, `value="Lò Thị Xuân"`) {
		t.Fatalf("unknown code: %d", st)
	}
	st, page = b.post("/tai-khoan", url.Values{"csrf": {csrf}, "username": {"bithu.moi"}, "display_name": {"Lò Thị Xuân"}, "role": {"secretary"}, "orgs": {"x01-cb02"}})
	m := shownPw.FindStringSubmatch(page)
	if st != 200 || m == nil {
		t.Fatalf("create: %d", st)
	}
	if st, home := newBrowser(t, e).signIn("bithu.moi", m[1]); st != 200 || !strings.Contains(home, "Chi bộ thôn Hợp Thành") {
		t.Fatalf("new account signs in with the shown password: %d", st)
	}
	// Lock: the account can no longer sign in; its sessions stop.
	nb := newBrowser(t, e)
	nb.signIn("bithu.moi", m[1])
	if st, page := b.post("/tai-khoan/khoa", url.Values{"csrf": {csrf}, "username": {"bithu.moi"}, "disabled": {"1"}}); st != 200 || !strings.Contains(page, "Đã khóa tài khoản bithu.moi") {
		t.Fatalf("lock: %d", st)
	}
	if st, _ := nb.get("/"); st != http.StatusSeeOther {
		t.Fatalf("a locked account's session still works: %d", st)
	}
	if st, _ := newBrowser(t, e).signIn("bithu.moi", m[1]); st != http.StatusUnauthorized {
		t.Fatalf("locked account signs in: %d", st)
	}
	if st, _ := b.post("/tai-khoan/khoa", url.Values{"csrf": {csrf}, "username": {"admin"}, "disabled": {"1"}}); st != http.StatusUnprocessableEntity {
		t.Fatalf("self-lock: %d", st)
	}
	// Reset: a new password, shown once, replaces the old.
	st, page = b.post("/tai-khoan/mat-khau", url.Values{"csrf": {csrf}, "username": {"secretary.a1"}})
	m2 := shownPw.FindStringSubmatch(page)
	if st != 200 || m2 == nil {
		t.Fatalf("reset: %d", st)
	}
	if st, _ := newBrowser(t, e).signIn("secretary.a1", m2[1]); st != 200 {
		t.Fatalf("reset password: %d", st)
	}
	if st, _ := newBrowser(t, e).signIn("secretary.a1", pw); st != http.StatusUnauthorized {
		t.Fatalf("old password after reset: %d", st)
	}
}
