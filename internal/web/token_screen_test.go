package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dangvien/internal/store/storetest"
)

// The account's own page lists its API tokens and revokes one once
// confirmed; the administrator does the same for any account from the
// accounts screen; a reset there ends the account's sessions and tokens.
func TestTokenScreens(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	b := newBrowser(t, e)
	b.signIn("secretary.a1", pw)
	_, page := b.get("/doi-mat-khau")
	tid := id(e.tokenOf("secretary.a1"))
	if !strings.Contains(page, "Mã truy cập API") || !strings.Contains(page, `action="/ma-truy-cap/`+tid+`/thu-hoi"`) || !strings.Contains(page, "Xác nhận thu hồi mã «test»") {
		t.Fatalf("own page:\n%s", page)
	}
	csrf := csrfOf(page)
	if st, _ := b.post("/ma-truy-cap/"+tid+"/thu-hoi", url.Values{"csrf": {csrf}}); st != http.StatusUnprocessableEntity {
		t.Fatalf("unconfirmed revocation: %d", st)
	}
	if st, _ := e.do("secretary.a1", "GET", "/api/v1/me", nil); st != 200 {
		t.Fatalf("the token stopped without confirmation: %d", st)
	}
	st, _ := b.post("/ma-truy-cap/"+tid+"/thu-hoi", url.Values{"csrf": {csrf}, "confirmed": {"1"}, "back": {"//evil.example"}})
	if loc := b.res.Header.Get("Location"); st != http.StatusSeeOther || loc != "/doi-mat-khau?da-thu-hoi=1" {
		t.Fatalf("revoke: %d %s", st, loc)
	}
	if _, page := b.get("/doi-mat-khau?da-thu-hoi=1"); !strings.Contains(page, "Đã thu hồi mã truy cập") || !strings.Contains(page, "Đã thu hồi</td>") {
		t.Errorf("after revoking:\n%s", page)
	}
	if st, _ := e.do("secretary.a1", "GET", "/api/v1/me", nil); st != http.StatusUnauthorized {
		t.Fatalf("a revoked token still works: %d", st)
	}
	// The administrator: every account's tokens, and the staff's revoked.
	a := newBrowser(t, e)
	a.signIn("admin", pw)
	_, page = a.get("/tai-khoan")
	sid := id(e.tokenOf("staff.a"))
	if !strings.Contains(page, "Xác nhận thu hồi mã «test» của staff.a") {
		t.Fatalf("accounts screen lacks the tokens:\n%s", page)
	}
	st, _ = a.post("/ma-truy-cap/"+sid+"/thu-hoi", url.Values{"csrf": {csrfOf(page)}, "confirmed": {"1"}, "back": {"/tai-khoan"}})
	if loc := a.res.Header.Get("Location"); st != http.StatusSeeOther || loc != "/tai-khoan?da-thu-hoi=1" {
		t.Fatalf("the administrator revokes: %d %s", st, loc)
	}
	if st, _ := e.do("staff.a", "GET", "/api/v1/me", nil); st != http.StatusUnauthorized {
		t.Fatalf("staff's revoked token works: %d", st)
	}
	// A reset from the accounts screen ends the account's sessions and tokens.
	m := newBrowser(t, e)
	m.signIn("member.thao", pw)
	if st, _ := a.post("/tai-khoan/mat-khau", url.Values{"csrf": {csrfOf(page)}, "username": {"member.thao"}}); st != 200 {
		t.Fatalf("reset: %d", st)
	}
	if st, _ := m.get("/"); st != http.StatusSeeOther {
		t.Errorf("a session survived the reset: %d", st)
	}
	if st, _ := e.do("member.thao", "GET", "/api/v1/me", nil); st != http.StatusUnauthorized {
		t.Errorf("a token survived the reset: %d", st)
	}
}
