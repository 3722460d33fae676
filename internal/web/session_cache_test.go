package web

import (
	"net/http"
	"net/url"
	"testing"

	"dangvien/internal/domain"
)

// The store answers a validated session from memory for a moment; a session
// that ends is still refused at its next request, through the screens:
// after sign-out (by a copy of the cookie, as a second tab or a stolen
// cookie would be) and after the administrator disables the account.
func TestCachedSessionEndsAtOnce(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		u, _ := url.Parse(e.srv.URL)
		signedIn := func() (*browser, *browser) {
			b := newBrowser(t, e)
			if st, _ := b.signIn("secretary.a1", pw); st != http.StatusOK {
				t.Fatalf("sign-in: %d", st)
			}
			copy := newBrowser(t, e)
			copy.c.Jar.SetCookies(u, b.c.Jar.Cookies(u))
			for range 2 { // the second is answered from memory
				if st, _ := copy.get("/tim-kiem/goi-y?q=ng"); st != http.StatusOK {
					t.Fatalf("suggest: %d", st)
				}
			}
			return b, copy
		}
		b, copy := signedIn()
		_, page := b.get("/")
		if st, _ := b.post("/dang-xuat", url.Values{"csrf": {csrfOf(page)}}); st != http.StatusSeeOther {
			t.Fatalf("sign-out: %d", st)
		}
		if st, _ := copy.get("/"); st != http.StatusSeeOther {
			t.Errorf("the copied cookie after sign-out: %d", st)
		}
		_, copy = signedIn()
		if err := e.db.SetDisabled(ctxb, domain.System, "secretary.a1", true); err != nil {
			t.Fatal(err)
		}
		if st, _ := copy.get("/"); st != http.StatusSeeOther {
			t.Errorf("the session of a disabled account: %d", st)
		}
	})
}
