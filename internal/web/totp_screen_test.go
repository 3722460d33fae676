package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"dangvien/internal/totp"
)

// The second factor on the screens: set up with the QR code and a first code,
// then a sign-in asks for the code after the password, refuses a wrong one,
// and lets the right one in; an administrator turns it off for a lost phone.
func TestTOTPScreens(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	e.db.Now = func() time.Time { return now }
	b := newBrowser(t, e)
	_, home := b.signIn("secretary.a1", pw)
	csrf := csrfOf(home)
	if _, page := b.get("/xac-thuc-hai-buoc"); !strings.Contains(page, "Đang tắt.") {
		t.Fatal("the second factor is not shown as off")
	}
	_, page := b.post("/xac-thuc-hai-buoc", url.Values{"csrf": {csrf}, "action": {"begin"}})
	m := regexp.MustCompile(`<code class="pw key">([A-Z2-7 ]+)</code>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no key to type: %s", page)
	}
	secret := strings.ReplaceAll(m[1], " ", "")
	if st, png := b.get("/xac-thuc-hai-buoc/qr.png"); st != 200 || b.res.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(png, "\x89PNG") {
		t.Fatalf("QR code: %d %s", st, b.res.Header.Get("Content-Type"))
	}
	if st, page := b.post("/xac-thuc-hai-buoc", url.Values{"csrf": {csrf}, "action": {"enable"}, "code": {"000000"}}); st != http.StatusUnprocessableEntity || !strings.Contains(page, "Mã xác thực không đúng") {
		t.Fatalf("wrong first code: %d", st)
	}
	code, _ := totp.Code(secret, now)
	if st, page := b.post("/xac-thuc-hai-buoc", url.Values{"csrf": {csrf}, "action": {"enable"}, "code": {code}}); st != 200 || !strings.Contains(page, "Đã bật xác thực hai bước.") {
		t.Fatalf("enable: %d", st)
	}

	// A new browser: the password leads to the code, not to the screens.
	b2 := newBrowser(t, e)
	_, login := b2.get("/dang-nhap")
	st, _ := b2.post("/dang-nhap", url.Values{"csrf": {csrfOf(login)}, "username": {"secretary.a1"}, "password": {pw}, "next": {"/to-chuc"}})
	if st != http.StatusSeeOther || b2.res.Header.Get("Location") != "/dang-nhap/ma?next=%2Fto-chuc" {
		t.Fatalf("after the password: %d %s", st, b2.res.Header.Get("Location"))
	}
	if st, _ := b2.get("/"); st != http.StatusSeeOther {
		t.Fatal("a screen opened before the code")
	}
	_, form := b2.get("/dang-nhap/ma?next=%2Fto-chuc")
	if st, page := b2.post("/dang-nhap/ma", url.Values{"csrf": {csrfOf(form)}, "code": {"111111"}, "next": {"/to-chuc"}}); st != http.StatusUnauthorized || !strings.Contains(page, "Mã xác thực không đúng") {
		t.Fatalf("wrong code: %d", st)
	}
	now = now.Add(totp.Step)
	code, _ = totp.Code(secret, now)
	if st, _ := b2.post("/dang-nhap/ma", url.Values{"csrf": {"sai"}, "code": {code}, "next": {"/to-chuc"}}); st != http.StatusForbidden {
		t.Fatalf("code without the form token: %d", st)
	}
	if st, _ := b2.post("/dang-nhap/ma", url.Values{"csrf": {csrfOf(form)}, "code": {code}, "next": {"/to-chuc"}}); st != http.StatusSeeOther || b2.res.Header.Get("Location") != "/to-chuc" {
		t.Fatalf("right code: %d %s", st, b2.res.Header.Get("Location"))
	}
	if st, _ := b2.get("/to-chuc"); st != 200 {
		t.Fatalf("signed in with the code: %d", st)
	}

	// Lost phone: the administrator turns it off; the next sign-in needs only the password.
	ab := newBrowser(t, e)
	_, ahome := ab.signIn("admin", pw)
	if _, page := ab.get("/tai-khoan"); !strings.Contains(page, "xác thực hai bước") {
		t.Fatal("the account list does not show the second factor")
	}
	if st, page := ab.post("/tai-khoan/hai-buoc", url.Values{"csrf": {csrfOf(ahome)}, "username": {"secretary.a1"}}); st != 200 || !strings.Contains(page, "Đã tắt xác thực hai bước của tài khoản secretary.a1") {
		t.Fatalf("admin reset: %d", st)
	}
	if st, _ := newBrowser(t, e).signIn("secretary.a1", pw); st != 200 {
		t.Fatalf("password-only sign-in after the reset: %d", st)
	}
}
