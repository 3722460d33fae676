package web

import (
	"bytes"
	"crypto/rand"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"dangvien/internal/app/accounts"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

const (
	sessionCookie = "dv_session"
	loginCSRF     = "dv_login_csrf"
)

var vietnam = time.FixedZone("ICT", 7*3600)

// parseTemplates parses every page with the layout once, at start-up; a
// broken template stops the server from starting.
// parsedTemplates is every page, parsed once per process: the templates are
// embedded, and an executed template is safe for concurrent use.
var parsedTemplates = sync.OnceValue(parseTemplates)

func parseTemplates() map[string]*template.Template {
	funcs := template.FuncMap{"num": formatNum, "num64": func(n int64) string { return formatNum(int(n)) }, "label": choiceLabel, "canAudit": domain.Role.ReadsAudit, "canWrite": domain.Role.WritesMembers, "isAdmin": func(r domain.Role) bool { return r == domain.RoleAdmin }, "writesOrgs": domain.Role.WritesOrgs, "options": optionsHTML, "kb": fileSize, "sub64": func(a, b int64) int64 { return a - b }, "when": func(s store.Stamp) string { return s.In(vietnam).Format("02/01/2006 15:04") }, "percent": domain.Percent, "dong": domain.Dong, "regionLabel": domain.RegionLabel,
		// since writes a rule's first day, or nothing for the versions that
		// have always applied (dated 1930 in the rule table).
		"since": func(d domain.Date) string {
			if d.Year() <= 1930 {
				return ""
			}
			return d.String()
		}, "permille": permille, "sub": func(a, b int) int { return a - b }, "inc": func(i int) int { return i + 1 },
		"monthLabel": func(k string) string {
			if m, err := domain.ParseMonth(k); err == nil {
				return m.String()
			}
			return k
		}, "covers": func(a *domain.Actor, path string) bool { return a.Covers(path) }}
	funcs["pretty"] = pretty
	funcs["managesAccounts"] = domain.Role.ManagesAccounts
	funcs["exact"] = func(s store.Stamp) string { return s.In(vietnam).Format("02/01/2006 15:04:05") }
	// Every file of the directory is a page, named after the file: a page
	// that defines "content" is shown inside the layout, any other (the A4
	// member sheet) stands alone. A new screen needs only its file.
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	pages := map[string]*template.Template{}
	for _, file := range files {
		name := strings.TrimSuffix(path.Base(file), ".html")
		if name == "layout" {
			continue
		}
		t := template.Must(template.New(name).Funcs(funcs).ParseFS(templateFS, file))
		if t.Lookup("content") != nil {
			t = template.Must(template.New("layout").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", file))
		}
		pages[name] = t
	}
	return pages
}

// fileSize writes a size the Vietnamese way: 12,4 kB or 1,2 MB.
func fileSize(n int64) string {
	if n < 1<<20 {
		return strings.Replace(fmt.Sprintf("%.1f kB", float64(n)/1024), ".", ",", 1)
	}
	return strings.Replace(fmt.Sprintf("%.1f MB", float64(n)/(1<<20)), ".", ",", 1)
}

// formatNum writes a count the Vietnamese way: 16.126.
func formatNum(n int) string { return domain.Count(int64(n)) }

// view is what every page template gets.
type view struct {
	Title  string
	Actor  *domain.Actor
	CSRF   string
	Flash  string
	Page   any
	Charts bool // the page draws charts: load ECharts
}

func (s *Server) render(w http.ResponseWriter, code int, page string, v view) {
	s.execute(w, code, page, "layout", v)
}

// renderPart writes one named template of a page without the layout: the
// piece htmx swaps into a page already shown.
func (s *Server) renderPart(w http.ResponseWriter, page, name string, data any) {
	w.Header().Set("Vary", "HX-Request")
	s.execute(w, http.StatusOK, page, name, data)
}

// pageBufs holds the buffers pages are written into before they are sent.
var pageBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// execute writes a template into a buffer first, so that a template that
// fails half-way answers 500 with a whole page of its own instead of a
// 200 cut off in the middle, which a user would take for the real page
// and a test for a success.
func (s *Server) execute(w http.ResponseWriter, code int, page, name string, data any) {
	buf := pageBufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer pageBufs.Put(buf)
	w.Header().Set("Cache-Control", "no-store")
	if err := s.pages[page].ExecuteTemplate(buf, name, data); err != nil {
		slog.Error("render", "page", page, "part", name, "err", err)
		http.Error(w, "Lỗi hệ thống khi hiển thị trang. Vui lòng thử lại hoặc báo quản trị viên.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

// uiHandler is a screen's code, with the signed-in session.
type uiHandler func(w http.ResponseWriter, r *http.Request, sess store.Session) error

// signedIn wraps a screen: no session sends the browser to sign in; a POST
// must carry the session's CSRF token. While the account's password must be
// changed, every screen but the change and signing out (beforeChange) sends
// the browser to the change.
func (s *Server) signedIn(h uiHandler, beforeChange bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, err := s.session(r)
		if err != nil {
			next := r.URL.RequestURI()
			if r.Method != http.MethodGet {
				next = "/"
			}
			http.Redirect(w, r, "/dang-nhap?next="+url.QueryEscape(next), http.StatusSeeOther)
			return
		}
		if r.Method == http.MethodPost && !sess.CheckCSRF(r.PostFormValue("csrf")) {
			s.forbidden(w)
			return
		}
		if sess.MustChange && !beforeChange {
			next := r.URL.RequestURI()
			if r.Method != http.MethodGet {
				next = "/"
			}
			http.Redirect(w, r, "/doi-mat-khau?next="+url.QueryEscape(next), http.StatusSeeOther)
			return
		}
		if err := h(w, r, sess); err != nil {
			s.uiError(w, r, sess, err)
		}
	})
}

func (s *Server) session(r *http.Request) (store.Session, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return store.Session{}, errors.New("no session")
	}
	return s.Accounts.Session(r.Context(), c.Value)
}

func (s *Server) forbidden(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusForbidden)
	fmt.Fprintln(w, "Biểu mẫu đã hết hạn hoặc không hợp lệ. Xin tải lại trang và thử lại.")
}

func (s *Server) uiError(w http.ResponseWriter, r *http.Request, sess store.Session, err error) {
	code, msg := http.StatusInternalServerError, "Lỗi hệ thống, xin thử lại sau hoặc báo quản trị viên."
	var de *domain.Error
	if errors.As(err, &de) && status[de.Code] != 0 {
		code, msg = status[de.Code], de.Message
	} else {
		slog.Error("screen failed", "path", r.URL.Path, "err", err)
	}
	title := map[int]string{http.StatusNotFound: "Không tìm thấy", http.StatusForbidden: "Không được phép"}[code]
	if title == "" {
		title = "Không thực hiện được"
	}
	var actor *domain.Actor
	if sess.Actor.UserID != 0 {
		actor = &sess.Actor
	}
	s.render(w, code, "error", view{Title: title, Actor: actor, CSRF: sess.CSRF, Page: msg})
}

func randomString() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// setCookie sets a cookie only the server reads; Secure whenever the
// browser came over HTTPS, directly or through a trusted proxy.
func setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int, site http.SameSite) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true, SameSite: site, Secure: isHTTPS(r)})
}

type loginPage struct {
	Error, Next, Username string
}

// safeNext keeps a redirect target on this site: a path of its own, or "/".
// Browsers drop tabs and line breaks from an address and read a backslash
// as a slash, so "/\t/evil.example" and "/\\evil.example" lead away as
// "//evil.example" does; such characters are refused anywhere, and the path
// is checked again after each round of percent-decoding.
func safeNext(next string) string {
	if len(next) > 2048 || !utf8.ValidString(next) {
		return "/"
	}
	path := next
	for range 3 {
		if !localPath(path) {
			return "/"
		}
		p, _, _ := strings.Cut(path, "?")
		p, _, _ = strings.Cut(p, "#")
		dec, err := url.PathUnescape(p)
		if err != nil {
			return "/"
		}
		if dec == p {
			break
		}
		path = dec
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/"
	}
	return next
}

// localPath: starts with one slash, and holds no backslash, space or
// control character.
func localPath(s string) bool {
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") {
		return false
	}
	for _, r := range s {
		if r == '\\' || r <= ' ' || r == 0x7f || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if _, err := s.session(r); err == nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	// The form has no session yet: a double-submit cookie protects it.
	tok := randomString()
	setCookie(w, r, loginCSRF, tok, 3600, http.SameSiteStrictMode)
	s.render(w, http.StatusOK, "login", view{Title: "Đăng nhập", CSRF: tok, Page: loginPage{Next: safeNext(r.URL.Query().Get("next"))}})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	c, err := r.Cookie(loginCSRF)
	form := r.PostFormValue("csrf")
	if err != nil || form == "" || c.Value != form {
		s.forbidden(w)
		return
	}
	next := safeNext(r.PostFormValue("next"))
	username := strings.TrimSpace(r.PostFormValue("username"))
	sess, err := s.Accounts.SignIn(r.Context(), username, r.PostFormValue("password"))
	if err != nil {
		// Every failure has one message (store.errBadLogin) and one status;
		// too many sign-ins at once ask to come back in a few seconds.
		var de *domain.Error
		if !errors.As(err, &de) || (de.Code != domain.CodeUnauthorized && de.Code != domain.CodeBusy) {
			s.uiError(w, r, store.Session{}, err)
			return
		}
		code := http.StatusUnauthorized
		if de.Code == domain.CodeBusy {
			code = http.StatusServiceUnavailable
			w.Header().Set("Retry-After", "5")
		}
		tok := randomString()
		setCookie(w, r, loginCSRF, tok, 3600, http.SameSiteStrictMode)
		s.render(w, code, "login", view{Title: "Đăng nhập", CSRF: tok, Page: loginPage{Error: de.Message, Next: next, Username: username}})
		return
	}
	setCookie(w, r, loginCSRF, "", -1, http.SameSiteStrictMode)
	if sess.Pending {
		setCookie(w, r, mfaCookie, sess.Token, int(store.PendingTTL.Seconds()), http.SameSiteStrictMode)
		http.Redirect(w, r, "/dang-nhap/ma?next="+url.QueryEscape(next), http.StatusSeeOther)
		return
	}
	setCookie(w, r, sessionCookie, sess.Token, int(store.SessionTTL/time.Second), http.SameSiteLaxMode)
	if sess.MustChange {
		next = "/doi-mat-khau?next=" + url.QueryEscape(next)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	if err := s.Accounts.SignOut(r.Context(), sess); err != nil {
		return err
	}
	setCookie(w, r, sessionCookie, "", -1, http.SameSiteLaxMode)
	http.Redirect(w, r, "/dang-nhap", http.StatusSeeOther)
	return nil
}

// passwordPage is the account's own page: its password, its second factor
// and its API tokens.
type passwordPage struct {
	accounts.OwnView
	Error  string
	Fields map[string]string
	Next   string // where to go once a password that had to be changed is
}

func (s *Server) renderPassword(w http.ResponseWriter, r *http.Request, code int, sess store.Session, p passwordPage, flash string) error {
	var err error
	if p.OwnView, err = s.Accounts.Own(r.Context(), sess); err != nil {
		return err
	}
	if p.Fields == nil {
		p.Fields = map[string]string{}
	}
	if flash == "" && r.URL.Query().Get("da-thu-hoi") == "1" {
		flash = revokedFlash
	}
	s.render(w, code, "password", view{Title: "Tài khoản của tôi", Actor: &sess.Actor, CSRF: sess.CSRF, Flash: flash, Page: p})
	return nil
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	return s.renderPassword(w, r, http.StatusOK, sess, passwordPage{Next: safeNext(r.URL.Query().Get("next"))}, "")
}

func (s *Server) passwordChange(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	next := safeNext(r.PostFormValue("next"))
	ns, err := s.Accounts.ChangePassword(r.Context(), sess, r.PostFormValue("current"), r.PostFormValue("new"), r.PostFormValue("again"))
	var de *domain.Error
	if errors.As(err, &de) && de.Code == domain.CodeInvalid {
		return s.renderPassword(w, r, http.StatusUnprocessableEntity, sess, passwordPage{Error: de.Message, Fields: de.Fields, Next: next}, "")
	}
	if err != nil {
		return err
	}
	// Every session of the account ended; this browser goes on under a new one.
	setCookie(w, r, sessionCookie, ns.Token, int(store.SessionTTL/time.Second), http.SameSiteLaxMode)
	if sess.MustChange {
		// The first sign-in's change: on to where the browser was going.
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	sess.Token, sess.CSRF, sess.MustChange = ns.Token, ns.CSRF, false
	return s.renderPassword(w, r, http.StatusOK, sess, passwordPage{}, "Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc và các mã truy cập API của tài khoản đã bị thu hồi.")
}

// staticFiles serves the embedded files; a directory is not a file, so it
// is not found rather than listed.
func staticFiles() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	fsrv := http.FileServerFS(sub)
	return http.StripPrefix("/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimSuffix(r.URL.Path, "/")
		if name == "" {
			name = "."
		}
		if st, err := fs.Stat(sub, name); err != nil || st.IsDir() {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fsrv.ServeHTTP(w, r)
	}))
}
