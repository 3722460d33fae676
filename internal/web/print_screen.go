package web

import (
	"net/http"
	"strings"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

type printPage struct {
	M                domain.Member
	Events           []domain.Event
	Upper            string // the committee above the cell
	Day, Month, Year int
}

// printScreen is the A4 member sheet (phiếu đảng viên).
func (s *Server) printScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.DB.Member(r.Context(), sess.Actor, id)
	if err != nil {
		return err
	}
	p := printPage{M: m}
	if p.Events, err = s.DB.Events(r.Context(), sess.Actor, id); err != nil {
		return err
	}
	// The committee directly above the cell heads the sheet.
	ups, err := s.Orgs.Ancestors(r.Context(), sess.Actor, m.OrgID)
	if err != nil {
		return err
	}
	if len(ups) > 0 {
		p.Upper = strings.ToUpper(ups[len(ups)-1].Name)
	}
	today := domain.DateOf(s.DB.Now()).Time()
	p.Day, p.Month, p.Year = today.Day(), int(today.Month()), today.Year()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return s.pages["print"].ExecuteTemplate(w, "print", p)
}
