package celllife

import (
	"bytes"
	"context"
	"slices"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/viet"
)

// CellWarnings is a cell of an overview with the meeting rules it broke.
type CellWarnings struct {
	OrgID    int64                   `json:"org_id"`
	Name     string                  `json:"name"`
	Parent   string                  `json:"parent"`
	Path     string                  `json:"-"`
	Warnings []domain.MeetingWarning `json:"warnings"`
}

// OverviewView is the staff's view of a subtree's cell life over the last
// twelve months, each flag with its evidence.
type OverviewView struct {
	Org        domain.Org               `json:"-"`
	From, To   domain.Date              `json:"-"`
	Totals     domain.AttendanceCounts  `json:"attendance"`
	Meetings   int                      `json:"meetings"`
	Absentees  []store.Absentee         `json:"unexcused"`       // the first 100
	Removal    int                      `json:"removal_count"`   // members with a ground for removal
	Grounds    []domain.RemovalGround   `json:"removal_grounds"` // the first 100, with their evidence
	RemovalAt  int                      `json:"removal_at"`      // months, from the rule table
	RemovalSrc string                   `json:"removal_source"`
	Fees       store.FeeTotals          `json:"fees"` // the twelve months that have ended
	FeeFrom    domain.Month             `json:"-"`
	FeeTo      domain.Month             `json:"-"`
	Debtors    []store.Debtor           `json:"debtors"` // the first 100 at or past RemovalAt months
	Arrears    store.FeeTotals          `json:"arrears"`
	Cells      []CellWarnings           `json:"cells_with_warnings"`
	CellsShown bool                     `json:"cells_checked"` // false: too many cells, pick a commune
	NoSheet    []store.OrgRef           `json:"cells_without_sheet"`
	InCharge   []store.InCharge         `json:"in_charge"`
	Shares     []domain.FeeShare        `json:"fee_shares"`
	Remitted   map[domain.OrgKind]int64 `json:"remitted"` // recorded as sent up, by level
	NoTask     []store.MemberRef        `json:"no_current_task"`
	Stale      []store.StaleTask        `json:"stale_tasks"`
	TasksShown bool                     `json:"tasks_listed"`
	Children   []store.ChildStat        `json:"children"` // one row per organisation directly under, for its whole subtree
}

// Overview reads a subtree's cell life, resolving the organisation once, in
// one read snapshot.
func (s *Service) Overview(ctx context.Context, a domain.Actor, orgID int64) (OverviewView, error) {
	var v OverviewView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		v, err = overview(tx, o)
		return err
	})
	return v, err
}

func overview(tx *store.Tx, o domain.Org) (OverviewView, error) {
	today := tx.Today()
	v := OverviewView{Org: o, From: today.AddMonths(-12).AddDays(1), To: today, RemovalAt: domain.RemovalMonths(today), RemovalSrc: removalSource(today)}
	var err error
	if v.Totals, v.Meetings, err = tx.AttendanceTotals(o, v.From, v.To); err != nil {
		return v, err
	}
	if v.Absentees, err = tx.Unexcused(o, v.From, v.To, 1, 101); err != nil {
		return v, err
	}
	v.Absentees = v.Absentees[:min(len(v.Absentees), 100)]
	grounds, err := removalGrounds(tx, o, v.From, v.To, 100)
	if err != nil {
		return v, err
	}
	v.Removal, v.Grounds = len(grounds), grounds[:min(len(grounds), 100)]
	// Fees: the twelve months that have ended.
	v.FeeTo = domain.MonthOf(today).Add(-1)
	v.FeeFrom = v.FeeTo.Add(-11)
	if v.Fees, err = tx.FeeTotalsOf(o, v.FeeFrom, v.FeeTo); err != nil {
		return v, err
	}
	if v.NoSheet, _, err = tx.CellsWithoutSheet(o, v.FeeTo, CellsCap); err != nil {
		return v, err
	}
	if v.Shares, err = tx.FeeSharesOf(o, v.FeeFrom, v.FeeTo); err != nil {
		return v, err
	}
	if v.Remitted, err = tx.RemittedBy(o, v.FeeFrom, v.FeeTo); err != nil {
		return v, err
	}
	if v.Debtors, v.Arrears, err = tx.Arrears(o, v.FeeFrom, v.FeeTo, v.RemovalAt); err != nil {
		return v, err
	}
	v.Debtors = v.Debtors[:min(len(v.Debtors), 100)]
	cells, ok, err := tx.SubtreeMeetings(o, today.Year(), CellsCap)
	if err != nil {
		return v, err
	}
	v.CellsShown = ok
	for _, c := range cells {
		if ws := domain.CheckMeetings(today.Year(), today, c.Facts); len(ws) > 0 {
			v.Cells = append(v.Cells, CellWarnings{c.OrgID, c.Name, c.Parent, c.Path, ws})
		}
	}
	sortByName(v.Cells, func(c CellWarnings) string { return c.Name })
	if v.InCharge, err = tx.InChargeOf(o, v.From, v.To); err != nil {
		return v, err
	}
	if v.NoTask, v.Stale, v.TasksShown, err = tx.TaskFlags(o, OverviewTasksCap); err != nil {
		return v, err
	}
	if v.Children, err = tx.ChildStats(o, v.From, v.To, v.FeeFrom, v.FeeTo); err != nil {
		return v, err
	}
	byPath := map[string]*store.ChildStat{}
	for i := range v.Children {
		byPath[v.Children[i].Org.Path] = &v.Children[i]
	}
	for _, g := range grounds {
		if c := byPath[store.ChildOf(o.Path, g.Path)]; c != nil {
			c.Grounds++
		}
	}
	for _, cw := range v.Cells {
		if c := byPath[store.ChildOf(o.Path, cw.Path)]; c != nil {
			c.CellsWarned++
		}
	}
	slices.SortFunc(v.Children, func(x, y store.ChildStat) int {
		return bytes.Compare(viet.CollateKey(x.Org.Name), viet.CollateKey(y.Org.Name))
	})
	return v, nil
}

// removalGrounds lists the members of a subtree with a ground for removal
// between from and to, most months first, with the missed meetings of the
// first detail of them (all when detail is 0).
func removalGrounds(tx *store.Tx, o domain.Org, from, to domain.Date, detail int) ([]domain.RemovalGround, error) {
	n := domain.RemovalMonths(to)
	absent, unpaid, refs, err := tx.RemovalMonths(o, from, to, n)
	if err != nil {
		return nil, err
	}
	// Working away explains a meeting missed under the temporary exemption,
	// and a fee not yet paid while still away (domain.ExcuseAway): the
	// months of the few members with a record of working away are counted
	// again from their meetings.
	candidates := make([]int64, 0, len(refs))
	for id := range refs {
		candidates = append(candidates, id)
	}
	away, err := tx.AwayPeriods(candidates)
	if err != nil {
		return nil, err
	}
	awayIDs := make([]int64, 0, len(away))
	for id := range away {
		awayIDs = append(awayIDs, id)
	}
	awayMissed, err := tx.MissedMeetings(o, awayIDs, from, to)
	if err != nil {
		return nil, err
	}
	absent, unpaid = domain.ExcuseAway(absent, unpaid, awayMissed, away)
	gs := domain.RemovalGrounds(absent, unpaid, n)
	for i := range gs {
		r := refs[gs[i].MemberID]
		gs[i].Name, gs[i].Org, gs[i].Parent, gs[i].Path = r.Name, r.Org, r.Parent, r.Path
	}
	slices.SortStableFunc(gs, func(x, y domain.RemovalGround) int {
		if c := len(y.Months) - len(x.Months); c != 0 {
			return c
		}
		return bytes.Compare(refs[x.MemberID].SortKey, refs[y.MemberID].SortKey)
	})
	if detail <= 0 || detail > len(gs) {
		detail = len(gs)
	}
	ids := make([]int64, detail)
	for i := range ids {
		ids[i] = gs[i].MemberID
	}
	missed, err := tx.MissedMeetings(o, ids, from, to)
	if err != nil {
		return nil, err
	}
	for i := range gs[:detail] {
		gs[i].Missed = domain.UnexcusedMeetings(missed[gs[i].MemberID], away[gs[i].MemberID])
	}
	if gs == nil {
		gs = []domain.RemovalGround{}
	}
	return gs, nil
}

// removalSource names the text the ground for removal comes from.
func removalSource(d domain.Date) string {
	r, _ := domain.Rules.At("removal.months_absent_or_unpaid", d)
	return r.Source
}

// Lists an overview shows capped, each with its full list.
const (
	ListGrounds   = "xoa-ten"  // members with a ground for removal, with evidence
	ListAbsentees = "vang"     // members with unexcused absences
	ListDebtors   = "no"       // members in arrears
	ListTasks     = "nhiem-vu" // members without a task, stale tasks
	ListCells     = "chi-bo"   // cells that broke a meeting rule
)

// FullListCap bounds a full list: past it, the page asks to narrow.
const FullListCap = 5000

// ListView is one of an overview's lists, whole.
type ListView struct {
	Org       domain.Org             `json:"-"`
	Kind      string                 `json:"kind"`
	From, To  domain.Date            `json:"-"`
	RemovalAt int                    `json:"removal_at"`
	Grounds   []domain.RemovalGround `json:"removal_grounds,omitempty"`
	Absentees []store.Absentee       `json:"unexcused,omitempty"`
	Debtors   []store.Debtor         `json:"debtors,omitempty"`
	NoTask    []store.MemberRef      `json:"no_current_task,omitempty"`
	Stale     []store.StaleTask      `json:"stale_tasks,omitempty"`
	Cells     []CellWarnings         `json:"cells_with_warnings,omitempty"`
	Total     int                    `json:"total"`
	Capped    bool                   `json:"capped"` // more than FullListCap: narrow to a commune
}

// List reads one of an overview's lists whole (up to FullListCap rows).
func (s *Service) List(ctx context.Context, a domain.Actor, orgID int64, kind string) (ListView, error) {
	var v ListView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		today := tx.Today()
		v = ListView{Org: o, Kind: kind, From: today.AddMonths(-12).AddDays(1), To: today, RemovalAt: domain.RemovalMonths(today)}
		feeTo := domain.MonthOf(today).Add(-1)
		switch kind {
		case ListGrounds:
			v.Grounds, err = removalGrounds(tx, o, v.From, v.To, FullListCap)
			v.Total = len(v.Grounds)
		case ListAbsentees:
			v.Absentees, err = tx.Unexcused(o, v.From, v.To, 1, 0)
			v.Total = len(v.Absentees)
		case ListDebtors:
			v.Debtors, _, err = tx.Arrears(o, feeTo.Add(-11), feeTo, 1)
			v.Total = len(v.Debtors)
		case ListTasks:
			v.NoTask, v.Stale, _, err = tx.TaskFlags(o, TasksCap)
			v.Total = len(v.NoTask) + len(v.Stale)
		case ListCells:
			var cells []store.CellMeetings
			cells, _, err = tx.SubtreeMeetings(o, today.Year(), FullListCap)
			for _, c := range cells {
				if ws := domain.CheckMeetings(today.Year(), today, c.Facts); len(ws) > 0 {
					v.Cells = append(v.Cells, CellWarnings{c.OrgID, c.Name, c.Parent, c.Path, ws})
				}
			}
			sortByName(v.Cells, func(c CellWarnings) string { return c.Name })
			v.Total = len(v.Cells)
		default:
			return domain.ErrNotFound
		}
		if err != nil {
			return err
		}
		v.Capped = v.Total > FullListCap
		v.Grounds = v.Grounds[:min(len(v.Grounds), FullListCap)]
		v.Absentees = v.Absentees[:min(len(v.Absentees), FullListCap)]
		v.Debtors = v.Debtors[:min(len(v.Debtors), FullListCap)]
		v.NoTask = v.NoTask[:min(len(v.NoTask), FullListCap)]
		return nil
	})
	return v, err
}

// sortByName sorts organisations by name in Vietnamese order, working out
// each collation key once.
func sortByName[T any](s []T, name func(T) string) {
	keys := make(map[string][]byte, len(s))
	for _, x := range s {
		if n := name(x); keys[n] == nil {
			keys[n] = viet.CollateKey(n)
		}
	}
	slices.SortStableFunc(s, func(x, y T) int { return bytes.Compare(keys[name(x)], keys[name(y)]) })
}
