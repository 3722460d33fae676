package web

import (
	"net/http"

	"dangvien/internal/store"
)

// printScreen is the A4 member sheet (phiếu đảng viên).
func (s *Server) printScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Members.Sheet(r.Context(), sess.Actor, id)
	if err != nil {
		return err
	}
	s.DB.LogRead(sess.Actor, store.MemberRead(store.ReadSheet, v.M.ID, clientIP(r)))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return s.pages["print"].ExecuteTemplate(w, "print", v)
}
