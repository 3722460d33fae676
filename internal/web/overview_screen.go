package web

import (
	"net/http"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// overviewScreen is the staff's view of a subtree's cell life over the last
// twelve months, each flag linking to its evidence.
func (s *Server) overviewScreen(w http.ResponseWriter, r *http.Request, sess store.Session, o domain.Org) error {
	v, err := s.Life.Overview(r.Context(), sess.Actor, o.ID)
	if err != nil {
		return err
	}
	s.render(w, http.StatusOK, "overview", view{Title: "Sinh hoạt, đảng phí: " + o.Name, Actor: &sess.Actor, CSRF: sess.CSRF, Page: v})
	return nil
}
