package web

import (
	"net/http"

	"dangvien/internal/app/audit"
	"dangvien/internal/app/celllife"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

type band struct {
	Label string
	N     int
}

type recent struct {
	When, Who, What string
	Target, Link    string
}

type homePage struct {
	Cells  []celllife.MonthView
	Self   *domain.Member
	Counts *store.Counts
	Bands  []band
	Orgs   []*store.TreeNode
	Recent []recent
}

// home shows the actor's scope: member counts, the organisations it covers,
// and recent changes; a member sees their own record.
func (s *Server) home(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	a := sess.Actor
	v, err := s.Orgs.Home(r.Context(), a)
	if err != nil {
		return err
	}
	p := homePage{Cells: v.Cells, Self: v.Self, Counts: v.Counts, Orgs: v.Roots, Recent: recentOf(v.Recent)}
	title := "Tổng quan"
	switch {
	case v.Self != nil:
		title = "Xin chào, " + v.Self.FullName
	case len(v.Roots) == 1:
		title = v.Roots[0].Name
	}
	if v.Counts != nil {
		for _, b := range domain.AgeBands {
			p.Bands = append(p.Bands, band{b.Label, v.Counts.ByAgeBand[string(b.Band)]})
		}
	}
	s.render(w, http.StatusOK, "home", view{Title: title, Actor: &a, CSRF: sess.CSRF, Page: p})
	return nil
}

// recentOf turns the home page's recent changes into lines of "when, who,
// what, about what".
func recentOf(entries []audit.Entry) []recent {
	out := make([]recent, 0, len(entries))
	for _, e := range entries {
		out = append(out, recent{When: e.At.In(vietnam).Format("02/01/2006 15:04"), Who: e.Who, What: e.What, Target: e.Target, Link: e.Link})
	}
	return out
}

// historyOf turns a record's audit rows into lines of "when, who, what".
func historyOf(rows []store.AuditRow) []recent {
	out := make([]recent, 0, len(rows))
	for _, row := range rows {
		out = append(out, recent{When: row.At.In(vietnam).Format("02/01/2006 15:04"), Who: audit.Who(row), What: store.ActionLabel(row.Action)})
	}
	return out
}
