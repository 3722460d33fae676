package web

import (
	"net/http"
	"slices"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/viet"
)

// overviewCellsCap is the most cells whose meeting rules an overview checks
// one by one; above it (a whole province) the page asks to pick a commune.
const overviewCellsCap = 600

// overviewMembersCap is the most members whose tasks an overview lists.
const overviewMembersCap = 20000

type cellWarnings struct {
	OrgID    int64
	Name     string
	Warnings []domain.MeetingWarning
}

type overviewPage struct {
	Org        domain.Org
	From, To   domain.Date
	Totals     domain.AttendanceCounts
	Meetings   int
	Absentees  []store.Absentee
	Removal    int // members with 3 or more unexcused absences: a ground for removal
	Fees       store.FeeTotals
	FeeFrom    domain.Month
	FeeTo      domain.Month
	Debtors    []store.Debtor
	Arrears    store.FeeTotals
	Cells      []cellWarnings
	CellsShown bool
	RemovalAt  int            // absences or unpaid months that are a ground for removal
	NoSheet    []store.OrgRef // cells with no fee sheet for FeeTo
	InCharge   []store.InCharge
	Shares     []domain.FeeShare
	Remitted   map[domain.OrgKind]int64 // recorded as sent up, by level
	NoTask     []store.MemberRef
	Stale      []store.StaleTask
	TasksShown bool
}

// overviewScreen is the staff's view of a subtree's cell life over the last
// twelve months, each flag linking to its evidence.
func (s *Server) overviewScreen(w http.ResponseWriter, r *http.Request, sess store.Session, o domain.Org) error {
	ctx, a := r.Context(), sess.Actor
	today := domain.DateOf(s.DB.Now())
	p := overviewPage{Org: o, From: today.AddMonths(-12).AddDays(1), To: today, RemovalAt: domain.RemovalMonths(today)}
	var err error
	if p.Totals, p.Meetings, err = s.DB.AttendanceTotals(ctx, a, o.ID, p.From, p.To); err != nil {
		return err
	}
	if p.Absentees, err = s.DB.Unexcused(ctx, a, o.ID, p.From, p.To, 1); err != nil {
		return err
	}
	for _, x := range p.Absentees {
		if x.Count >= p.RemovalAt {
			p.Removal++
		}
	}
	if len(p.Absentees) > 100 {
		p.Absentees = p.Absentees[:100]
	}
	// Fees: the twelve months that have ended.
	p.FeeTo = domain.MonthOf(today).Add(-1)
	p.FeeFrom = p.FeeTo.Add(-11)
	if p.Fees, err = s.DB.FeeTotalsOf(ctx, a, o.ID, p.FeeFrom, p.FeeTo); err != nil {
		return err
	}
	if p.NoSheet, _, err = s.DB.CellsWithoutSheet(ctx, a, o.ID, p.FeeTo, overviewCellsCap); err != nil {
		return err
	}
	if p.Shares, err = s.DB.FeeSharesOf(ctx, a, o.ID, p.FeeFrom, p.FeeTo); err != nil {
		return err
	}
	if p.Remitted, err = s.DB.RemittedBy(ctx, a, o.ID, p.FeeFrom, p.FeeTo); err != nil {
		return err
	}
	if p.Debtors, p.Arrears, err = s.DB.Arrears(ctx, a, o.ID, p.FeeFrom, p.FeeTo, p.RemovalAt); err != nil {
		return err
	}
	if len(p.Debtors) > 100 {
		p.Debtors = p.Debtors[:100]
	}
	cells, ok, err := s.DB.SubtreeMeetings(ctx, a, o.ID, today.Year(), overviewCellsCap)
	if err != nil {
		return err
	}
	p.CellsShown = ok
	for _, c := range cells {
		if ws := domain.CheckMeetings(today.Year(), today, c.Facts); len(ws) > 0 {
			p.Cells = append(p.Cells, cellWarnings{c.OrgID, c.Name, ws})
		}
	}
	if p.InCharge, err = s.DB.InChargeOf(ctx, a, o.ID, p.From, p.To); err != nil {
		return err
	}
	if p.NoTask, p.Stale, p.TasksShown, err = s.DB.TaskFlags(ctx, a, o.ID, overviewMembersCap); err != nil {
		return err
	}
	slices.SortFunc(p.Cells, func(x, y cellWarnings) int { return viet.Compare(x.Name, y.Name) })
	s.render(w, http.StatusOK, "overview", view{Title: "Sinh hoạt, đảng phí: " + o.Name, Actor: &a, CSRF: sess.CSRF, Page: p})
	return nil
}
