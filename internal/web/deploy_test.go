package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/store/storetest"
)

// The next= of the sign-in form must stay on this site, however it is
// written: browsers drop tabs and line breaks from an address, read "\" as
// "/", and the value may arrive percent-encoded once more.
func TestSafeNext(t *testing.T) {
	for _, tc := range []struct{ next, want string }{
		{"/to-chuc/5?trang=2&q=nguy%E1%BB%85n", "/to-chuc/5?trang=2&q=nguy%E1%BB%85n"},
		{"/", "/"},
		{"/dang-vien/12#su-kien", "/dang-vien/12#su-kien"},
		{"", "/"},
		{"to-chuc", "/"},
		{"https://evil.example/", "/"},
		{"//evil.example", "/"},
		{"///evil.example", "/"},
		{"/\\evil.example", "/"},
		{"\\\\evil.example", "/"},
		{"/\t/evil.example", "/"},        // next=%2F%09%2Fevil.example, decoded by the form parser
		{"%2F%09%2Fevil.example", "/"},   // the same, left encoded
		{"/%09/evil.example", "/"},       // a tab encoded inside a path
		{"/%2F/evil.example", "/"},       // "//" once decoded
		{"/%252F%252Fevil.example", "/"}, // "//" twice decoded
		{"/%5Cevil.example", "/"},        // "/\" once decoded
		{"/\r\n/evil.example", "/"},      // CR LF
		{"/\n/evil.example", "/"},        // LF
		{"/ /evil.example", "/"},         // a space
		{"/\u00a0/evil.example", "/"},    // a no-break space
		{"/\u202e/evil.example", "/"},    // a bidi override
		{"/\x00/evil.example", "/"},      // NUL
		{"/a\\b", "/"},                   // a backslash further on
		{"javascript:alert(1)", "/"},     // a scheme
		{"/\xff", "/"},                   // not UTF-8
		{"/" + strings.Repeat("a", 3000), "/"},
		{"/.//evil.example", "/.//evil.example"}, // http.Redirect cleans it to /evil.example, on this site
	} {
		if got := safeNext(tc.next); got != tc.want {
			t.Errorf("safeNext(%q) = %q, want %q", tc.next, got, tc.want)
		}
	}
	// Through the form: the answer's Location stays on the site.
	e := newEnv(t, storetest.SQLite(t))
	b := newBrowser(t, e)
	_, form := b.get("/dang-nhap?next=%2F%09%2Fevil.example")
	if strings.Contains(form, "evil.example") {
		t.Error("the form carries the foreign next")
	}
	st, _ := b.post("/dang-nhap", url.Values{"csrf": {csrfOf(form)}, "username": {"staff.a"}, "password": {pw}, "next": {"/\t/evil.example"}})
	if loc := b.res.Header.Get("Location"); st != http.StatusSeeOther || loc != "/" {
		t.Fatalf("sign-in with a tab in next: %d %q", st, loc)
	}
}

func sessionCookieOf(res *http.Response) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == sessionCookie {
			return c
		}
	}
	return nil
}

// Over HTTPS, directly or through a trusted proxy, cookies are Secure and
// HSTS is sent; X-Forwarded-Proto from anyone else changes nothing.
func TestHTTPSCookiesAndHSTS(t *testing.T) {
	db := storetest.SQLite(t)
	e := newEnv(t, db)
	signIn := func(base string, c *http.Client, hdr http.Header) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", base+"/dang-nhap", nil)
		for k, v := range hdr {
			req.Header[k] = v
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		var csrf *http.Cookie
		for _, ck := range res.Cookies() {
			if ck.Name == loginCSRF {
				csrf = ck
			}
		}
		if csrf == nil {
			t.Fatal("no form cookie")
		}
		form := url.Values{"csrf": {csrf.Value}, "username": {"staff.a"}, "password": {pw}}
		req, _ = http.NewRequest("POST", base+"/dang-nhap", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range hdr {
			req.Header[k] = v
		}
		req.AddCookie(csrf)
		res, err = c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || sessionCookieOf(res) == nil {
			t.Fatalf("sign-in: %d", res.StatusCode)
		}
		return res
	}
	noRedirect := func(c *http.Client) *http.Client {
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		return c
	}
	// Served over TLS directly.
	ts := httptest.NewTLSServer(New(db))
	defer ts.Close()
	res := signIn(ts.URL, noRedirect(ts.Client()), nil)
	if !sessionCookieOf(res).Secure || !strings.HasPrefix(res.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Errorf("over TLS: cookie %+v, HSTS %q", sessionCookieOf(res), res.Header.Get("Strict-Transport-Security"))
	}
	proto := http.Header{"X-Forwarded-Proto": {"https"}}
	for _, tc := range []struct {
		name    string
		trusted string
		secure  bool
	}{
		{"no trusted proxy", "", false},
		{"the proxy is trusted", "127.0.0.1", true},
		{"a trusted range", "10.0.0.0/8,127.0.0.0/8", true},
		{"another address is trusted", "10.0.0.0/8", false},
	} {
		srv := New(db)
		var err error
		if srv.TrustedProxies, err = ParseProxies(tc.trusted); err != nil {
			t.Fatal(err)
		}
		hs := httptest.NewServer(srv)
		res := signIn(hs.URL, noRedirect(&http.Client{}), proto)
		hs.Close()
		hsts := res.Header.Get("Strict-Transport-Security") != ""
		if sessionCookieOf(res).Secure != tc.secure || hsts != tc.secure {
			t.Errorf("%s: Secure %v, HSTS %v, want %v", tc.name, sessionCookieOf(res).Secure, hsts, tc.secure)
		}
	}
	// Plain HTTP without a proxy: neither (the demo on 127.0.0.1 must work).
	res = signIn(e.srv.URL, noRedirect(&http.Client{}), nil)
	if sessionCookieOf(res).Secure || res.Header.Get("Strict-Transport-Security") != "" {
		t.Error("plain HTTP got a Secure cookie or HSTS")
	}
	if _, err := ParseProxies("127.0.0.1,nhà riêng"); err == nil || !strings.Contains(err.Error(), "không hợp lệ") {
		t.Errorf("a bad proxy address: %v", err)
	}
	if p, _ := ParseProxies(" 127.0.0.1 , ::1,10.1.2.3/8"); len(p) != 3 || p[2] != netip.MustParsePrefix("10.0.0.0/8") {
		t.Errorf("parsed %v", p)
	}
}

// makeReadOnly makes a SQLite file refuse writes at the file system: as
// root (for whom file modes do not count) with the immutable attribute.
func makeReadOnly(t *testing.T, path string) bool {
	if os.Geteuid() != 0 {
		return os.Chmod(path, 0o444) == nil
	}
	if exec.Command("chattr", "+i", path).Run() != nil {
		return false
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", path).Run() })
	return true
}

// /healthz says ok only when the database takes a write. A database that
// still answers reads but cannot write answers 503.
func TestHealthzNeedsAWritableDatabase(t *testing.T) {
	check := func(t *testing.T, db *store.DB, want int) {
		t.Helper()
		hs := httptest.NewServer(New(db))
		defer hs.Close()
		res, err := http.Get(hs.URL + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("/healthz: %d, want %d", res.StatusCode, want)
		}
	}
	t.Run("sqlite file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "dv.db")
		db, err := store.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		check(t, db, http.StatusOK)
		db.Close()
		if !makeReadOnly(t, path) {
			t.Skip("cannot make a file read-only here")
		}
		db, err = store.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.Ping(context.Background()); err != nil {
			t.Fatalf("the read-only database does not answer reads: %v", err)
		}
		check(t, db, http.StatusServiceUnavailable)
	})
	t.Run("sqlite query_only", func(t *testing.T) {
		db := storetest.SQLite(t)
		db.SQL().Exec("PRAGMA query_only = 1") // the one writer connection
		check(t, db, http.StatusServiceUnavailable)
		db.SQL().Exec("PRAGMA query_only = 0")
		check(t, db, http.StatusOK)
	})
	t.Run("postgres", func(t *testing.T) {
		db := storetest.Postgres(t)
		check(t, db, http.StatusOK)
		var name string
		db.SQL().QueryRow("SELECT current_database()").Scan(&name)
		if _, err := db.SQL().Exec(`ALTER DATABASE "` + name + `" SET default_transaction_read_only = on`); err != nil {
			t.Fatal(err)
		}
		db.SQL().SetMaxIdleConns(0) // new connections take the setting
		db.SQL().SetMaxIdleConns(16)
		check(t, db, http.StatusServiceUnavailable)
	})
}

// The static directory is served file by file, never listed; personal
// answers are never cached.
func TestStaticAndCaching(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	b := newBrowser(t, e)
	for _, p := range []string{"/static/", "/static", "/static/./", "/static/nothing.css"} {
		// The router may first send /static and /static/./ to /static/.
		if st, body := b.get(p); st != http.StatusNotFound && !(st == http.StatusTemporaryRedirect && b.res.Header.Get("Location") == "/static/") || strings.Contains(body, "app.css") {
			t.Errorf("%s: %d %.80s", p, st, body)
		}
	}
	if st, _ := b.get("/static/app.css"); st != 200 || !strings.HasPrefix(b.res.Header.Get("Cache-Control"), "public") {
		t.Errorf("app.css: %d %q", st, b.res.Header.Get("Cache-Control"))
	}
	b.signIn("staff.a", pw)
	for _, p := range []string{"/", "/dang-vien/" + id(e.f.Duc.ID), "/dang-vien/" + id(e.f.Duc.ID) + "/in", "/xuat?format=csv&org_id=" + id(e.f.CellA1.ID), "/tai-lieu/" + id(e.docs[e.f.CellA1.ID])} {
		if st, _ := b.get(p); st != 200 || !strings.Contains(b.res.Header.Get("Cache-Control"), "no-store") {
			t.Errorf("%s: %d, Cache-Control %q", p, st, b.res.Header.Get("Cache-Control"))
		}
	}
	for _, p := range []string{"/api/v1/me", "/api/v1/members/" + id(e.f.Duc.ID), "/api/v1/exports?format=csv&org_id=" + id(e.f.CellA1.ID), "/api/v1/documents/" + id(e.docs[e.f.CellA1.ID]), "/api/v1/nothing"} {
		req, _ := http.NewRequest("GET", e.srv.URL+p, nil)
		req.Header.Set("Authorization", "Bearer "+e.tokens["staff.a"])
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if !strings.Contains(res.Header.Get("Cache-Control"), "no-store") {
			t.Errorf("%s: %d, Cache-Control %q", p, res.StatusCode, res.Header.Get("Cache-Control"))
		}
	}
}

// Tokens through the API: the owner lists and revokes its own, the
// administrator anyone's; an expired token is refused in Vietnamese.
func TestTokenAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		st, body := e.do("secretary.a1", "GET", "/api/v1/tokens", nil)
		if st != 200 || !strings.Contains(string(body), `"username":"secretary.a1"`) || strings.Contains(string(body), "staff.a") {
			t.Fatalf("own tokens: %d %s", st, body)
		}
		if st, _ := e.do("secretary.a1", "GET", "/api/v1/tokens?username=staff.a", nil); st != http.StatusForbidden {
			t.Errorf("another's tokens: %d", st)
		}
		if st, body := e.do("admin", "GET", "/api/v1/tokens?username=staff.a", nil); st != 200 || !strings.Contains(string(body), `"username":"staff.a"`) {
			t.Errorf("the administrator lists staff.a's: %d %s", st, body)
		}
		if st, _ := e.do("admin", "DELETE", "/api/v1/tokens/"+id(e.tokenOf("staff.a")), nil); st != 200 {
			t.Errorf("the administrator revokes: %d", st)
		}
		st, body = e.do("staff.a", "GET", "/api/v1/me", nil)
		if _, msg, _ := errCode(body); st != http.StatusUnauthorized || !strings.Contains(msg, "đã bị thu hồi") {
			t.Errorf("a revoked token: %d %s", st, body)
		}
		tok, err := db.CreateTokenUntil(context.Background(), domain.System, "staff.a", "hết hạn", db.Now().Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		e.tokens["staff.a"] = tok
		if st, _ := e.do("staff.a", "GET", "/api/v1/me", nil); st != 200 {
			t.Errorf("before expiry: %d", st)
		}
		now := db.Now().Add(2 * time.Hour)
		db.Now = func() time.Time { return now }
		st, body = e.do("staff.a", "GET", "/api/v1/me", nil)
		if _, msg, _ := errCode(body); st != http.StatusUnauthorized || !strings.Contains(msg, "đã hết hạn lúc") {
			t.Errorf("an expired token: %d %s", st, body)
		}
	})
}

// Too many sign-ins at once answer 503 with a Vietnamese message and a
// Retry-After.
func TestBusyIs503(t *testing.T) {
	rec := httptest.NewRecorder()
	writeError(rec, httptest.NewRequest("GET", "/api/v1/me", nil), &domain.Error{Code: domain.CodeBusy, Message: "Máy chủ đang bận."})
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "Máy chủ đang bận") {
		t.Fatalf("%d %q %s", rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
}

// Behind a trusted reverse proxy the read log records the browser's
// address from X-Forwarded-For: the last hop that is not a trusted proxy,
// since the browser can write any addresses before it. From anyone else the
// header is ignored.
func TestForwardedFor(t *testing.T) {
	s := &Server{}
	var err error
	if s.TrustedProxies, err = ParseProxies("127.0.0.1, 10.0.0.0/8"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		peer, xff, want string
	}{
		{"127.0.0.1:5000", "203.0.113.9", "203.0.113.9"},
		{"127.0.0.1:5000", "198.51.100.1, 203.0.113.9, 10.1.2.3", "203.0.113.9"}, // the browser wrote 198.51.100.1
		{"127.0.0.1:5000", "", ""},
		{"127.0.0.1:5000", "not-an-address", ""},
		{"192.0.2.7:5000", "203.0.113.9", ""}, // not a trusted proxy: ignored
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.peer
		if tc.xff != "" {
			r.Header.Set("X-Forwarded-For", tc.xff)
		}
		if got := s.forwardedFor(r); got != tc.want {
			t.Errorf("%s via %s: %q, want %q", tc.xff, tc.peer, got, tc.want)
		}
	}
}
