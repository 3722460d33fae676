package web

import (
	"net/http"
	"net/url"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// apiTokens lists API tokens: the caller's own; an administrator's, every
// account's or the one named by ?username=.
func (s *Server) apiTokens(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	l, err := s.Accounts.Tokens(r.Context(), a, r.URL.Query().Get("username"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, l)
	return nil
}

// apiTokenRevoke revokes a token at once (its owner or an administrator).
func (s *Server) apiTokenRevoke(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	t, err := s.Accounts.RevokeToken(r.Context(), a, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

// tokenRevokeScreen revokes a token from the account's own page or the
// administrator's accounts screen, once confirmed there, and goes back.
func (s *Server) tokenRevokeScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if r.PostFormValue("confirmed") != "1" {
		return &domain.Error{Code: domain.CodeInvalid, Message: "Chưa xác nhận thu hồi mã truy cập."}
	}
	if _, err := s.Accounts.RevokeToken(r.Context(), sess.Actor, id); err != nil {
		return err
	}
	back := safeNext(r.PostFormValue("back"))
	if back != "/tai-khoan" {
		back = "/doi-mat-khau"
	}
	http.Redirect(w, r, back+"?"+url.Values{"da-thu-hoi": {"1"}}.Encode(), http.StatusSeeOther)
	return nil
}

const revokedFlash = "Đã thu hồi mã truy cập; phần mềm nào dùng mã này sẽ bị từ chối từ bây giờ."
