package web

import (
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// browser is a cookie-keeping client that does not follow redirects.
type browser struct {
	t   *testing.T
	e   *env
	c   *http.Client
	res *http.Response
}

func newBrowser(t *testing.T, e *env) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) get(path string) (int, string) {
	b.t.Helper()
	res, err := b.c.Get(b.e.srv.URL + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	b.res = res
	return res.StatusCode, string(body)
}

func (b *browser) post(path string, form url.Values) (int, string) {
	b.t.Helper()
	res, err := b.c.PostForm(b.e.srv.URL+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	b.res = res
	return res.StatusCode, string(body)
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(page string) string {
	if m := csrfRe.FindStringSubmatch(page); m != nil {
		return m[1]
	}
	return ""
}

// signIn signs a user in through the form and returns the home page.
func (b *browser) signIn(user, pw string) (int, string) {
	b.t.Helper()
	_, page := b.get("/dang-nhap")
	st, _ := b.post("/dang-nhap", url.Values{"csrf": {csrfOf(page)}, "username": {user}, "password": {pw}, "next": {"/"}})
	if st != http.StatusSeeOther {
		return st, ""
	}
	return b.get("/")
}

const pw = "mật khẩu thử nghiệm"

func TestSignInFlow(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	b := newBrowser(t, e)
	// Signed out: every screen sends the browser to sign in, keeping where it was going.
	if st, _ := b.get("/"); st != http.StatusSeeOther || b.res.Header.Get("Location") != "/dang-nhap?next=%2F" {
		t.Fatalf("signed-out home: %d %s", st, b.res.Header.Get("Location"))
	}
	st, page := b.get("/dang-nhap")
	if st != 200 || !strings.Contains(page, "Tên đăng nhập") || !strings.Contains(page, `lang="vi"`) || csrfOf(page) == "" {
		t.Fatalf("sign-in page: %d", st)
	}
	// Without the form's token: refused.
	if st, _ := b.post("/dang-nhap", url.Values{"username": {"staff.a"}, "password": {pw}}); st != http.StatusForbidden {
		t.Fatalf("sign-in without CSRF: %d", st)
	}
	_, page = b.get("/dang-nhap")
	st, page = b.post("/dang-nhap", url.Values{"csrf": {csrfOf(page)}, "username": {"staff.a"}, "password": {"sai"}})
	if st != http.StatusUnauthorized || !strings.Contains(page, "Tên đăng nhập hoặc mật khẩu không đúng") || !strings.Contains(page, `value="staff.a"`) {
		t.Fatalf("wrong password: %d %s", st, page)
	}
	// A next that leaves the site is ignored.
	st, _ = b.post("/dang-nhap", url.Values{"csrf": {csrfOf(page)}, "username": {"staff.a"}, "password": {pw}, "next": {"//evil.example/"}})
	if st != http.StatusSeeOther || b.res.Header.Get("Location") != "/" {
		t.Fatalf("sign-in: %d %s", st, b.res.Header.Get("Location"))
	}
	var session *http.Cookie
	for _, c := range b.res.Cookies() {
		if c.Name == sessionCookie {
			session = c
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Secure {
		t.Fatalf("session cookie %+v", session)
	}
	st, page = b.get("/")
	if st != 200 || !strings.Contains(page, "Đảng bộ xã Hợp Châu") || !strings.Contains(page, "đang sinh hoạt") || !strings.Contains(page, "Người dùng staff.a") {
		t.Fatalf("home: %d %s", st, page)
	}
	if strings.Contains(page, "Đảng bộ phường Trưng Trắc") {
		t.Error("staff of commune A sees commune B on the home page")
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
		if b.res.Header.Get(h) == "" {
			t.Errorf("missing header %s", h)
		}
	}
	// Scripts only from files on this site; no inline code or style.
	scripts := regexp.MustCompile(`<script[^>]*>[^<]*`).FindAllString(page, -1)
	for _, s := range scripts {
		if !regexp.MustCompile(`^<script src="/static/[a-z.]+\.js" defer>$`).MatchString(s) {
			t.Errorf("inline script %q: the CSP forbids it", s)
		}
	}
	if len(scripts) == 0 || strings.Contains(page, "style=") || strings.Contains(page, "<style") || regexp.MustCompile(` on[a-z]+=`).MatchString(page) {
		t.Error("no script files, or an inline style or handler: the CSP forbids it")
	}
	csrf := csrfOf(page)
	// Sign-out needs the session's token.
	if st, _ := b.post("/dang-xuat", url.Values{}); st != http.StatusForbidden {
		t.Fatalf("sign-out without CSRF: %d", st)
	}
	if st, _ := b.post("/dang-xuat", url.Values{"csrf": {csrf}}); st != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", st)
	}
	if st, _ := b.get("/"); st != http.StatusSeeOther {
		t.Fatalf("home after sign-out: %d", st)
	}
}

// A locked account answers the sign-in form exactly as an unknown name or a
// wrong password does: same status, same page but for the form's token.
// Only the administrator's accounts screen tells the lock.
func TestLockoutNotShownOnSignIn(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	b := newBrowser(t, e)
	try := func(user, password string) (int, string) {
		_, form := b.get("/dang-nhap")
		st, page := b.post("/dang-nhap", url.Values{"csrf": {csrfOf(form)}, "username": {user}, "password": {password}})
		return st, strings.NewReplacer(csrfOf(page), "TOKEN", `value="`+user+`"`, `value="USER"`).Replace(page)
	}
	for range 5 {
		try("secretary.a1", "sai")
	}
	st, locked := try("secretary.a1", pw)
	for name, c := range map[string][2]string{"unknown": {"khong.co", pw}, "wrong password": {"staff.a", "sai"}} {
		st2, page := try(c[0], c[1])
		if st != http.StatusUnauthorized || st2 != st || locked != page {
			t.Fatalf("locked with the right password: %d; %s: %d; pages differ: %v", st, name, st2, locked != page)
		}
	}
	if strings.Contains(locked, "tạm khóa đến") {
		t.Fatal("the sign-in form tells until when the account is locked")
	}
	if st, _ := b.signIn("secretary.a1", pw); st != http.StatusUnauthorized {
		t.Fatalf("locked account signed in: %d", st)
	}
	admin := newBrowser(t, e)
	admin.signIn("admin", pw)
	if _, page := admin.get("/tai-khoan"); !strings.Contains(page, "tạm khóa đến") || !strings.Contains(page, "lần nhập sai liên tiếp") {
		t.Fatal("the administrator does not see the lock")
	}
}

func TestHomeByRole(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	for user, want := range map[string][]string{
		"admin":        {"Đảng bộ tỉnh Thái Nguyên", "Thay đổi gần đây", "<b>Hệ thống</b> tạo tài khoản"},
		"secretary.a1": {"Chi bộ thôn Đồng Bùa", "Theo độ tuổi"},
		"member.thao":  {"Xin chào, Nguyễn Thị Hồng Thảo", "Hồ sơ của tôi", "19/05/2015"},
		"leader.b":     {"Đảng bộ phường Trưng Trắc", "Thay đổi gần đây"},
	} {
		b := newBrowser(t, e)
		st, page := b.signIn(user, pw)
		if st != 200 {
			t.Fatalf("%s: %d", user, st)
		}
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Errorf("%s home lacks %q", user, w)
			}
		}
		if user == "secretary.a1" && strings.Contains(page, "Thay đổi gần đây") {
			t.Error("a secretary sees the audit trail")
		}
		// Signing in is not a change: the sign-ins of every test account
		// stay out of the recent changes (the audit log lists them apart).
		if _, recent, ok := strings.Cut(page, "Thay đổi gần đây"); ok && strings.Contains(recent, "đăng nhập") {
			t.Errorf("%s: sign-ins among the recent changes", user)
		}
	}
}

func TestChangePasswordScreen(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	b := newBrowser(t, e)
	if st, _ := b.signIn("secretary.a1", pw); st != 200 {
		t.Fatal(st)
	}
	_, page := b.get("/doi-mat-khau")
	csrf := csrfOf(page)
	st, page := b.post("/doi-mat-khau", url.Values{"csrf": {csrf}, "current": {pw}, "new": {"mật khẩu mới dài 2027"}, "again": {"khác"}})
	if st != http.StatusUnprocessableEntity || !strings.Contains(page, "Không khớp với mật khẩu mới.") {
		t.Fatalf("mismatch: %d", st)
	}
	st, page = b.post("/doi-mat-khau", url.Values{"csrf": {csrf}, "current": {"sai"}, "new": {"mật khẩu mới dài 2027"}, "again": {"mật khẩu mới dài 2027"}})
	if st != http.StatusUnprocessableEntity || !strings.Contains(page, "Mật khẩu hiện tại không đúng.") {
		t.Fatalf("wrong current: %d", st)
	}
	st, page = b.post("/doi-mat-khau", url.Values{"csrf": {csrf}, "current": {pw}, "new": {"mật khẩu mới dài 2027"}, "again": {"mật khẩu mới dài 2027"}})
	if st != 200 || !strings.Contains(page, "Đã đổi mật khẩu.") {
		t.Fatalf("change: %d %s", st, page)
	}
	if st, _ := newBrowser(t, e).signIn("secretary.a1", "mật khẩu mới dài 2027"); st != 200 {
		t.Fatalf("new password: %d", st)
	}
	if st, _ := newBrowser(t, e).signIn("secretary.a1", pw); st != http.StatusUnauthorized {
		t.Fatalf("old password still works: %d", st)
	}
}

func TestStaticAndNumbers(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	b := newBrowser(t, e)
	if st, css := b.get("/static/app.css"); st != 200 || !strings.Contains(css, ".card") || !strings.HasPrefix(b.res.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("app.css: %d", st)
	}
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1.000", 16126: "16.126", 1000112: "1.000.112"} {
		if got := formatNum(n); got != want {
			t.Errorf("formatNum(%d) = %q", n, got)
		}
	}
}

func regexpAll(pattern, s string) [][]string {
	return regexp.MustCompile(pattern).FindAllStringSubmatch(s, -1)
}

func htmlUnescape(s string) string { return html.UnescapeString(s) }
