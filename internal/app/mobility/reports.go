package mobility

import (
	"bytes"
	"context"
	"slices"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/viet"
)

// The reports of an organisation's subtree: transfers in and out over a
// period, overdue transfers, members working away, and the Regulation 213
// comments received and missing. Each counts per organisation directly
// under the one asked for (for a commune, its cells) and lists the members
// concerned, up to ReportRows.

// ReportRows is the most rows a report lists; its counts cover every row.
const ReportRows = 500

// DueSoonDays is how many working days before its deadline a letter in
// transit is listed as due soon.
const DueSoonDays = 5

// unit is an organisation a report counts by: directly under the one asked
// for, or that one itself when it is a cell.
type units struct {
	root  domain.Org
	order []store.OrgRef
	index map[string]int
}

func unitsOf(tx *store.Tx, o domain.Org) (*units, error) {
	u := &units{root: o, index: map[string]int{}}
	if o.Kind.IsCell() {
		u.order = []store.OrgRef{{ID: o.ID, Name: o.Name, Code: o.Code, Path: o.Path}}
		u.index[o.Path] = 0
		return u, nil
	}
	kids, err := tx.OpenChildren(o)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(kids, func(x, y domain.Org) int { return bytes.Compare(viet.CollateKey(x.Name), viet.CollateKey(y.Name)) })
	for i, k := range kids {
		u.order = append(u.order, store.OrgRef{ID: k.ID, Name: k.Name, Code: k.Code, Path: k.Path})
		u.index[k.Path] = i
	}
	return u, nil
}

// of is the unit a path lies in, -1 when none (outside, or the root itself).
func (u *units) of(path string) int {
	if path == "" {
		return -1
	}
	key := u.root.Path
	if !u.root.Kind.IsCell() {
		key = store.ChildOf(u.root.Path, path)
	} else if path != u.root.Path {
		return -1
	}
	if i, ok := u.index[key]; ok {
		return i
	}
	return -1
}

// in tells whether a path lies in the subtree.
func (u *units) in(path string) bool {
	return path != "" && len(path) >= len(u.root.Path) && path[:len(u.root.Path)] == u.root.Path
}

// TransferCounts counts transfers of one direction.
type TransferCounts struct {
	Official  int `json:"official"`
	Temporary int `json:"temporary"`
	Other     int `json:"other_installation"` // of these, to or from another installation
}

func (c *TransferCounts) add(n store.TransferCount) {
	if n.Kind == domain.TransferTemporary {
		c.Temporary += n.N
	} else {
		c.Official += n.N
	}
	if n.Route != domain.RouteInternal {
		c.Other += n.N
	}
}

// Total is the count of both kinds.
func (c TransferCounts) Total() int { return c.Official + c.Temporary }

// UnitTransfers is one organisation's transfers in and out.
type UnitTransfers struct {
	Org store.OrgRef   `json:"org"`
	In  TransferCounts `json:"in"`
	Out TransferCounts `json:"out"`
}

// TransfersReport is a subtree's transfers over a period: in from outside
// it, out of it, and within it, per organisation directly under it.
type TransfersReport struct {
	Org      domain.Org      `json:"-"`
	From     domain.Date     `json:"from"`
	To       domain.Date     `json:"to"`
	In       TransferCounts  `json:"in"`
	Out      TransferCounts  `json:"out"`
	Within   TransferCounts  `json:"within"`
	Units    []UnitTransfers `json:"units"`
	Rows     []TransferView  `json:"transfers"` // newest first, at most ReportRows
	Total    int             `json:"total"`
	Overdue  int             `json:"overdue"` // of these, letters still in transit past their deadline
	Transits int             `json:"in_transit"`
}

// Transfers reads a subtree's transfers dated in a period.
func (s *Service) Transfers(ctx context.Context, a domain.Actor, orgID int64, from, to domain.Date) (TransfersReport, error) {
	var v TransfersReport
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		v, err = transfersReport(tx, a, o, from, to)
		return err
	})
	return v, err
}

func transfersReport(tx *store.Tx, a domain.Actor, o domain.Org, from, to domain.Date) (TransfersReport, error) {
	v := TransfersReport{Org: o, From: from, To: to, Rows: []TransferView{}}
	if a.Role == domain.RoleMember {
		return v, domain.ErrNotFound
	}
	u, err := unitsOf(tx, o)
	if err != nil {
		return v, err
	}
	v.Units = make([]UnitTransfers, len(u.order))
	for i, r := range u.order {
		v.Units[i].Org = r
	}
	// The counts, grouped by the database by unit, kind and route.
	counts, err := tx.TransferCounts(o, from, to)
	if err != nil {
		return v, err
	}
	for _, c := range counts {
		v.Total += c.N
		fi, ti := c.FromKey != "", c.ToKey != ""
		switch {
		case fi && ti:
			v.Within.add(c)
		case fi:
			v.Out.add(c)
		case ti:
			v.In.add(c)
		}
		fu, tu := u.of(c.FromKey), u.of(c.ToKey)
		if fu >= 0 && fu != tu {
			v.Units[fu].Out.add(c)
		}
		if tu >= 0 && tu != fu {
			v.Units[tu].In.add(c)
		}
	}
	cal, err := tx.Calendar()
	if err != nil {
		return v, err
	}
	today := tx.Today()
	// The letters in transit, by day: a letter's deadline follows from its
	// date, worked out once per day.
	transits, err := tx.TransitCounts(o, from, to)
	if err != nil {
		return v, err
	}
	for _, c := range transits {
		v.Transits += c.N
		if domain.TransferDeadlines(domain.Transfer{Kind: c.Kind, Status: domain.TransferInTransit, LetterOn: c.LetterOn}, today, cal).Overdue {
			v.Overdue += c.N
		}
	}
	ts, err := tx.SubtreeTransfers(o, store.TransferFilter{From: from, To: to, Limit: ReportRows})
	if err != nil {
		return v, err
	}
	for _, t := range ts {
		v.Rows = append(v.Rows, viewOf(a, t, today, cal))
	}
	return v, nameTransfers(tx, v.Rows)
}

// nameRows fills in, from one read of the members named, what a report's
// rows lack (store.Tx.SubtreeTransfers and SubtreeTies read them without
// names): member gives a row's member, fill writes what is read into it.
func nameRows[T any](tx *store.Tx, member func(*T) int64, fill func(*T, store.MemberBrief), lists ...[]T) error {
	var ids []int64
	for _, l := range lists {
		for i := range l {
			ids = append(ids, member(&l[i]))
		}
	}
	bs, err := tx.MemberBriefs(ids)
	if err != nil {
		return err
	}
	for _, l := range lists {
		for i := range l {
			fill(&l[i], bs[member(&l[i])])
		}
	}
	return nil
}

// nameTransfers fills in the members' names of the transfers a report lists.
func nameTransfers(tx *store.Tx, lists ...[]TransferView) error {
	return nameRows(tx, func(t *TransferView) int64 { return t.MemberID },
		func(t *TransferView, b store.MemberBrief) { t.MemberName = b.Name }, lists...)
}

// nameTies fills in the members' names and cells of the ties a report lists.
func nameTies(tx *store.Tx, lists ...[]ResidenceRow) error {
	return nameRows(tx, func(r *ResidenceRow) int64 { return r.MemberID },
		func(r *ResidenceRow, b store.MemberBrief) { r.MemberName, r.WorkOrg = b.Name, b.Org }, lists...)
}

// OverdueReport is what a subtree must chase: letters in transit past their
// deadline or close to it, on either side, and temporary transfers past
// their end that nobody closed.
type OverdueReport struct {
	Org       domain.Org     `json:"-"`
	Overdue   []TransferView `json:"overdue"`
	DueSoon   []TransferView `json:"due_soon"`
	Temporary []TransferView `json:"temporary_over"`
	InTransit []TransferView `json:"in_transit"` // every letter in transit, to or from the subtree; at most ReportRows
	SoonDays  int            `json:"due_soon_days"`
}

// Overdue reads the open transfers of a subtree that are late or nearly so.
func (s *Service) Overdue(ctx context.Context, a domain.Actor, orgID int64) (OverdueReport, error) {
	var v OverdueReport
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		v, err = overdueReport(tx, a, o)
		return err
	})
	return v, err
}

func overdueReport(tx *store.Tx, a domain.Actor, o domain.Org) (OverdueReport, error) {
	v := OverdueReport{Org: o, Overdue: []TransferView{}, DueSoon: []TransferView{}, Temporary: []TransferView{}, InTransit: []TransferView{}, SoonDays: DueSoonDays}
	if a.Role == domain.RoleMember {
		return v, domain.ErrNotFound
	}
	ts, err := tx.SubtreeTransfers(o, store.TransferFilter{Open: true})
	if err != nil {
		return v, err
	}
	cal, err := tx.Calendar()
	if err != nil {
		return v, err
	}
	today := tx.Today()
	for _, t := range ts {
		tv := viewOf(a, t, today, cal)
		if t.Status == domain.TransferInTransit && len(v.InTransit) < ReportRows {
			v.InTransit = append(v.InTransit, tv)
		}
		switch {
		case t.Status == domain.TransferInTransit && tv.Deadlines.Overdue:
			v.Overdue = append(v.Overdue, tv)
		case t.Status == domain.TransferInTransit && tv.Deadlines.DaysLeft <= DueSoonDays:
			v.DueSoon = append(v.DueSoon, tv)
		case t.Status == domain.TransferActive && t.EndsOn.Before(today):
			v.Temporary = append(v.Temporary, tv)
		}
	}
	// The most overdue first.
	slices.SortStableFunc(v.Overdue, func(x, y TransferView) int { return x.Deadlines.PresentDue.Compare(y.Deadlines.PresentDue) })
	slices.SortStableFunc(v.DueSoon, func(x, y TransferView) int { return x.Deadlines.PresentDue.Compare(y.Deadlines.PresentDue) })
	return v, nameTransfers(tx, v.Overdue, v.DueSoon, v.Temporary, v.InTransit)
}

// UnitAway counts one organisation's members working away.
type UnitAway struct {
	Org         store.OrgRef `json:"org"`
	Away        int          `json:"away"`
	Exempt      int          `json:"exempt_now"`
	NoExemption int          `json:"no_exemption"`
	ExemptEnded int          `json:"exemption_ended"`
	Back        int          `json:"back"`
}

func (c *UnitAway) add(s domain.AwayState) {
	if !s.Away {
		c.Back++
		return
	}
	c.Away++
	switch {
	case s.ExemptNow:
		c.Exempt++
	case s.ExemptEnded:
		c.ExemptEnded++
	case s.NoExemption:
		c.NoExemption++
	}
}

// AwayReport lists a subtree's members working away, and those back in the
// last twelve months, per organisation directly under it.
type AwayReport struct {
	Org       domain.Org  `json:"-"`
	BackSince domain.Date `json:"back_since"`
	Totals    UnitAway    `json:"totals"`
	Units     []UnitAway  `json:"units"`
	Rows      []AwayView  `json:"members"` // away first, in name order; at most ReportRows
}

// Away reads the members working away of a subtree.
func (s *Service) Away(ctx context.Context, a domain.Actor, orgID int64) (AwayReport, error) {
	var v AwayReport
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		v, err = awayReport(tx, a, o)
		return err
	})
	return v, err
}

func awayReport(tx *store.Tx, a domain.Actor, o domain.Org) (AwayReport, error) {
	today := tx.Today()
	v := AwayReport{Org: o, BackSince: today.AddMonths(-12), Rows: []AwayView{}}
	if a.Role == domain.RoleMember {
		return v, domain.ErrNotFound
	}
	u, err := unitsOf(tx, o)
	if err != nil {
		return v, err
	}
	v.Units = make([]UnitAway, len(u.order))
	for i, r := range u.order {
		v.Units[i].Org = r
	}
	counts, err := tx.AwayCounts(o, v.BackSince)
	if err != nil {
		return v, err
	}
	for _, c := range counts {
		st := domain.Away{AwayInput: domain.AwayInput{Since: c.Since, ExemptFrom: c.ExemptFrom, ExemptTo: c.ExemptTo}, ReturnedOn: c.ReturnedOn}.StateOn(today)
		v.Totals.add(st)
		if i := u.of(c.Key); i >= 0 {
			v.Units[i].add(st)
		}
	}
	rs, err := tx.SubtreeAways(o, v.BackSince, ReportRows)
	if err != nil {
		return v, err
	}
	for _, r := range rs {
		v.Rows = append(v.Rows, AwayView{Away: r, State: r.StateOn(today)})
	}
	ids := make([]int64, len(v.Rows))
	for i, r := range v.Rows {
		ids[i] = r.MemberID
	}
	paid, err := tx.FeesPaidToMany(ids)
	if err != nil {
		return v, err
	}
	for i := range v.Rows {
		if m, ok := paid[v.Rows[i].MemberID]; ok {
			v.Rows[i].FeesPaidTo = m.Key()
		}
	}
	return v, nil
}

// UnitResidence is one organisation's Regulation 213 members and comments
// of a year: the workplace side.
type UnitResidence struct {
	Org      store.OrgRef `json:"org"`
	Members  int          `json:"members"` // on the roll
	Ties     int          `json:"residence_members"`
	Share    int          `json:"share_per_mille"`
	Received int          `json:"received"`
	Missing  int          `json:"missing"`
	Pending  int          `json:"pending"`
	Exempt   int          `json:"exempt"`
}

func (c *UnitResidence) add(s domain.CommentState, n int) {
	c.Ties += n
	switch s {
	case domain.CommentReceived:
		c.Received += n
	case domain.CommentMissing:
		c.Missing += n
	case domain.CommentPending:
		c.Pending += n
	case domain.CommentExempt:
		c.Exempt += n
	}
}

// residenceRows lists up to ReportRows ties of a side of a subtree with
// where their comments of the year stand.
func residenceRows(tx *store.Tx, o domain.Org, side string, year int, waiting bool, today domain.Date) ([]ResidenceRow, error) {
	ts, err := tx.SubtreeTies(o, side, year, waiting, ReportRows)
	if err != nil {
		return nil, err
	}
	out := make([]ResidenceRow, len(ts))
	for i, t := range ts {
		st := domain.CommentStateOf(t.Tie, t.Comment != nil, year, today)
		out[i] = ResidenceRow{TieRow: t, State: st, StateLabel: st.Label()}
	}
	return out, nil
}

// ResidenceRow is a tie with where its comment of the year stands.
type ResidenceRow struct {
	store.TieRow
	State      domain.CommentState `json:"state"`
	StateLabel string              `json:"state_label"`
}

// ResidenceReport is a subtree's Regulation 213 picture for a year. The
// workplace side: per organisation directly under it, how many of its
// members are 213 members, their share, and the comments received and
// missing, with the members whose comment is missing or pending. The
// residence side: the members who live in its cells and work elsewhere,
// with where their comment stands, which is what those cells need to write
// it, and no more of the member's record.
type ResidenceReport struct {
	Org          domain.Org      `json:"-"`
	Year         int             `json:"year"`
	Due          domain.Date     `json:"due"`
	DueSource    string          `json:"due_source"`
	Totals       UnitResidence   `json:"totals"`
	Units        []UnitResidence `json:"units"`
	Waiting      []ResidenceRow  `json:"waiting"` // workplace side: missing first, then pending; at most ReportRows
	Living       []ResidenceRow  `json:"living_here"`
	LivingCount  int             `json:"living_here_count"`
	LivingToDo   int             `json:"living_here_to_comment"`
	CanComment   bool            `json:"-"`
	CommentYears []int           `json:"-"`
}

// Residence reads a subtree's Regulation 213 members and comments of a year.
func (s *Service) Residence(ctx context.Context, a domain.Actor, orgID int64, year int) (ResidenceReport, error) {
	var v ResidenceReport
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		v, err = residenceReport(tx, a, o, year)
		return err
	})
	return v, err
}

func residenceReport(tx *store.Tx, a domain.Actor, o domain.Org, year int) (ResidenceReport, error) {
	today := tx.Today()
	v := ResidenceReport{Org: o, Year: year, Due: domain.CommentDue(year), Waiting: []ResidenceRow{}, Living: []ResidenceRow{}, CanComment: a.Role.WritesMembers()}
	if r, err := domain.Rules.At("residence.comment_month", domain.NewDate(year, 1, 1)); err == nil {
		v.DueSource = r.Source
	}
	if a.Role == domain.RoleMember {
		return v, domain.ErrNotFound
	}
	u, err := unitsOf(tx, o)
	if err != nil {
		return v, err
	}
	v.Units = make([]UnitResidence, len(u.order))
	for i, r := range u.order {
		v.Units[i].Org = r
	}
	active, err := tx.ActiveByCell(o)
	if err != nil {
		return v, err
	}
	for path, n := range active {
		v.Totals.Members += n
		if i := u.of(path); i >= 0 {
			v.Units[i].Members += n
		}
	}
	// The counts, grouped by the database: the workplace side by unit,
	// category and comment, the residence side by category and comment.
	counts, err := tx.TieCounts(o, year)
	if err != nil {
		return v, err
	}
	for _, c := range counts {
		st := domain.CommentStateOf(domain.Tie{Category: c.Category}, c.Has, year, today)
		if c.Work {
			v.Totals.add(st, c.N)
			if i := u.of(c.Key); i >= 0 {
				v.Units[i].add(st, c.N)
			}
		}
		if c.Home {
			v.LivingCount += c.N
			if st == domain.CommentMissing || st == domain.CommentPending {
				v.LivingToDo += c.N
			}
		}
	}
	// The lists: the workplace side's ties whose comment is still to come
	// (missing, or pending before the due day: one or the other for a
	// year), the residence side's ties.
	if v.Waiting, err = residenceRows(tx, o, store.WorkSide, year, true, today); err != nil {
		return v, err
	}
	if v.Living, err = residenceRows(tx, o, store.ResidenceSide, year, false, today); err != nil {
		return v, err
	}
	for i, t := range v.Living {
		if !a.Covers(t.WorkPath) {
			v.Living[i].Note = "" // the workplace side's note is not the residence side's business
		}
	}
	v.Totals.Share = domain.Share(v.Totals.Ties, v.Totals.Members)
	for i := range v.Units {
		v.Units[i].Share = domain.Share(v.Units[i].Ties, v.Units[i].Members)
	}
	for y := today.Year(); y >= today.Year()-2; y-- {
		v.CommentYears = append(v.CommentYears, y)
	}
	return v, nameTies(tx, v.Waiting, v.Living)
}

// OrgView is an organisation's mobility page: the four reports in one
// snapshot.
type OrgView struct {
	Org       domain.Org
	Transfers TransfersReport
	Overdue   OverdueReport
	Away      AwayReport
	Residence ResidenceReport
	History   HistoryView
	CanWrite  bool // confirm arrivals, comment
	CanIssue  bool // import packages, collective transfers
}

// Org reads an organisation's mobility page.
func (s *Service) Org(ctx context.Context, a domain.Actor, orgID int64, from, to domain.Date, year int) (OrgView, error) {
	var v OrgView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		v.Org, v.CanWrite, v.CanIssue = o, a.Role.WritesMembers(), a.Role.WritesOrgs()
		if v.Transfers, err = transfersReport(tx, a, o, from, to); err != nil {
			return err
		}
		if v.Overdue, err = overdueReport(tx, a, o); err != nil {
			return err
		}
		if v.Away, err = awayReport(tx, a, o); err != nil {
			return err
		}
		if v.Residence, err = residenceReport(tx, a, o, year); err != nil {
			return err
		}
		if v.History.Predecessors, err = tx.Predecessors(o); err != nil {
			return err
		}
		v.History.Handovers, err = tx.Handovers(o)
		return err
	})
	return v, err
}

// Cells lists open cells of the installation whose name or code holds the
// words typed, for the pickers of a destination or a residence cell.
func (s *Service) Cells(ctx context.Context, a domain.Actor, q string) ([]store.OrgRef, error) {
	var out []store.OrgRef
	if a.Role == domain.RoleMember {
		return nil, domain.ErrNotFound
	}
	err := s.DB.Read(ctx, a, func(tx *store.Tx) (err error) {
		out, err = tx.FindCells(q, 20)
		return err
	})
	return out, err
}

// CellByCode reads the open cell with a code, anywhere in the installation,
// for the forms that name a destination or a residence cell by its code.
func (s *Service) CellByCode(ctx context.Context, a domain.Actor, code string, field string) (domain.Org, error) {
	var o domain.Org
	if a.Role == domain.RoleMember {
		return o, domain.ErrNotFound
	}
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		c, found, err := tx.DestinationByCode(code)
		if err != nil {
			return err
		}
		if err := domain.CheckPlacement(c, found, field); err != nil {
			return err
		}
		o = c
		return nil
	})
	return o, err
}
