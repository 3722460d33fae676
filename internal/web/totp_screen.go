package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"rsc.io/qr"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/totp"
)

// mfaCookie carries a pending session between the password and the code.
const mfaCookie = "dv_mfa"

type codePage struct {
	Error, Next string
}

// loginCodeForm asks for the code of the authenticator app after a right
// password.
func (s *Server) loginCodeForm(w http.ResponseWriter, r *http.Request) {
	p, ok := s.pendingSession(w, r)
	if !ok {
		return
	}
	s.render(w, http.StatusOK, "login_code", view{Title: "Mã xác thực", CSRF: p.CSRF, Page: codePage{Next: safeNext(r.URL.Query().Get("next"))}})
}

func (s *Server) pendingSession(w http.ResponseWriter, r *http.Request) (store.Session, bool) {
	c, err := r.Cookie(mfaCookie)
	if err == nil && c.Value != "" {
		if p, err := s.Accounts.Pending(r.Context(), c.Value); err == nil {
			return p, true
		}
	}
	http.Redirect(w, r, "/dang-nhap", http.StatusSeeOther)
	return store.Session{}, false
}

func (s *Server) loginCode(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	p, ok := s.pendingSession(w, r)
	if !ok {
		return
	}
	if !p.CheckCSRF(r.PostFormValue("csrf")) {
		s.forbidden(w)
		return
	}
	next := safeNext(r.PostFormValue("next"))
	full, err := s.Accounts.SignInCode(r.Context(), p, r.PostFormValue("code"))
	var de *domain.Error
	switch {
	case errors.As(err, &de) && de.Code == domain.CodeInvalid:
		s.render(w, http.StatusUnauthorized, "login_code", view{Title: "Mã xác thực", CSRF: p.CSRF, Page: codePage{Error: de.Message, Next: next}})
		return
	case errors.As(err, &de) && de.Code == domain.CodeUnauthorized:
		// Locked, or too late: start again from the password.
		setCookie(w, r, mfaCookie, "", -1, http.SameSiteStrictMode)
		tok := randomString()
		setCookie(w, r, loginCSRF, tok, 3600, http.SameSiteStrictMode)
		s.render(w, http.StatusUnauthorized, "login", view{Title: "Đăng nhập", CSRF: tok, Page: loginPage{Error: de.Message, Next: next, Username: p.Actor.Username}})
		return
	case err != nil:
		s.uiError(w, r, store.Session{}, err)
		return
	}
	setCookie(w, r, mfaCookie, "", -1, http.SameSiteStrictMode)
	setCookie(w, r, sessionCookie, full.Token, int(store.SessionTTL.Seconds()), http.SameSiteLaxMode)
	if full.MustChange {
		next = "/doi-mat-khau?next=" + url.QueryEscape(next)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

type totpPage struct {
	On              bool
	Secret, Grouped string // while setting up
	Error           string
	Fields          map[string]string
}

// totpScreen shows the account's second factor: off, being set up (QR code,
// key to type, first code), or on.
func (s *Server) totpScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	st, err := s.Accounts.TOTP(r.Context(), sess)
	if err != nil {
		return err
	}
	s.renderTOTP(w, http.StatusOK, sess, st, "", nil, "")
	return nil
}

func (s *Server) renderTOTP(w http.ResponseWriter, code int, sess store.Session, st store.TOTPState, msg string, fields map[string]string, flash string) {
	p := totpPage{On: st.On, Error: msg, Fields: fields}
	if !st.On && st.Pending != "" {
		p.Secret, p.Grouped = st.Pending, totp.Group(st.Pending)
	}
	if p.Fields == nil {
		p.Fields = map[string]string{}
	}
	s.render(w, code, "totp", view{Title: "Xác thực hai bước", Actor: &sess.Actor, CSRF: sess.CSRF, Flash: flash, Page: p})
}

func (s *Server) totpSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	ctx := r.Context()
	var err error
	flash := ""
	switch r.PostFormValue("action") {
	case "begin":
		_, err = s.Accounts.BeginTOTP(ctx, sess)
	case "enable":
		if err = s.Accounts.EnableTOTP(ctx, sess, r.PostFormValue("code")); err == nil {
			flash = "Đã bật xác thực hai bước. Từ lần đăng nhập sau, cần cả mật khẩu và mã trên ứng dụng."
		}
	case "disable":
		if err = s.Accounts.DisableTOTP(ctx, sess, r.PostFormValue("password")); err == nil {
			flash = "Đã tắt xác thực hai bước."
		}
	default:
		return domain.ErrNotFound
	}
	st, serr := s.Accounts.TOTP(ctx, sess)
	if serr != nil {
		return serr
	}
	var de *domain.Error
	if errors.As(err, &de) && (de.Code == domain.CodeInvalid || de.Code == domain.CodeConflict) {
		s.renderTOTP(w, http.StatusUnprocessableEntity, sess, st, de.Message, de.Fields, "")
		return nil
	}
	if err != nil {
		return err
	}
	s.renderTOTP(w, http.StatusOK, sess, st, "", nil, flash)
	return nil
}

// totpQR draws the otpauth address of the secret being set up, for the
// authenticator app's camera.
func (s *Server) totpQR(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	st, err := s.Accounts.TOTP(r.Context(), sess)
	if err != nil {
		return err
	}
	if st.On || st.Pending == "" {
		return domain.ErrNotFound
	}
	code, err := qr.Encode(totp.URI("dangvien", sess.Actor.Username, st.Pending), qr.M)
	if err != nil {
		return err
	}
	code.Scale = 6
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(code.PNG())
	return err
}

// accountTOTPReset turns off another account's second factor (lost phone).
func (s *Server) accountTOTPReset(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	name := strings.TrimSpace(r.PostFormValue("username"))
	if err := s.Accounts.ResetTOTP(r.Context(), sess.Actor, name); err != nil {
		return err
	}
	p, err := s.accountsPageFor(r, sess)
	if err != nil {
		return err
	}
	p.Flash = "Đã tắt xác thực hai bước của tài khoản " + name + "; người dùng đăng nhập lại bằng mật khẩu rồi tự thiết lập lại."
	s.renderAccounts(w, http.StatusOK, sess, p)
	return nil
}
