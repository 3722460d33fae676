// Package screening holds the user actions of the Directive 28 screening
// (rà soát, sàng lọc đảng viên): the report, for any subtree and day, of
// every member on the roll who meets a ground for removal, each with its
// evidence; the findings a cell or committee records (education, a card
// returned or destroyed, the political standard); the cell's proposal to
// remove a member and the committee's decision, which records the removal
// through the member state machine; and the yearly counts of removals and
// expulsions per organisation.
//
// Each exported method is one user action: it takes the actor, resolves
// the organisation or member once, runs in one write transaction or one
// read snapshot, calls the domain's rules and returns the view both the
// screen and the API render.
package screening

import (
	"bytes"
	"context"
	"slices"
	"strings"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/viet"
)

// Service runs the screening actions against a database.
type Service struct{ DB *store.DB }

// Item is a member the screening names, with every ground found and a
// pending proposal to remove them, if any.
type Item struct {
	MemberID int64              `json:"member_id"`
	Name     string             `json:"name"`
	OrgID    int64              `json:"org_id"`
	Org      string             `json:"org"`
	Parent   string             `json:"parent"`
	Status   domain.Status      `json:"status"`
	Grounds  []domain.Ground    `json:"grounds"`
	Case     *store.RemovalCase `json:"pending_case,omitempty"`
	Path     string             `json:"-"`
	sortKey  []byte
}

// ReportView is the screening of a subtree on a day: the twelve months up
// to it for absences and fees, the ratings, probations and findings as
// they stood on it.
type ReportView struct {
	Org        domain.Org                `json:"-"`
	On         domain.Date               `json:"on"`
	From       domain.Date               `json:"from"`
	Items      []Item                    `json:"members"`
	ByGround   map[domain.GroundKind]int `json:"by_ground"`
	Pending    []store.RemovalCase       `json:"pending_cases"`
	RemovalAt  int                       `json:"removal_months"`
	CanPropose bool                      `json:"-"`
	CanDecide  bool                      `json:"-"`
}

// Report reads the screening of an organisation's subtree on day on (zero:
// today), in one read snapshot.
func (s *Service) Report(ctx context.Context, a domain.Actor, orgID int64, on domain.Date) (ReportView, error) {
	var v ReportView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		v, err = report(tx, o, on)
		v.CanPropose, v.CanDecide = a.Role.WritesMembers(), a.Role.WritesOrgs()
		return err
	})
	return v, err
}

func report(tx *store.Tx, o domain.Org, on domain.Date) (ReportView, error) {
	today := tx.Today()
	if on.IsZero() {
		on = today
	}
	if on.After(today) {
		return ReportView{}, &domain.Error{Code: domain.CodeInvalid, Message: "Ngày rà soát không được sau hôm nay.", Fields: domain.Fields{"on": "Sau hôm nay."}}
	}
	v := ReportView{Org: o, On: on, From: on.AddMonths(-12).AddDays(1), ByGround: map[domain.GroundKind]int{}, Items: []Item{}, RemovalAt: domain.RemovalMonths(on)}
	grounds, err := tx.AbsenceGrounds(o, v.From, on, v.RemovalAt)
	if err != nil {
		return v, err
	}
	absences := make(map[int64]domain.RemovalGround, len(grounds))
	for _, g := range grounds {
		absences[g.MemberID] = g
	}
	years := domain.Rules.Int("removal.not_done_years", on)
	notDone, err := tx.NotDoneRatings(o, on.Year()-years, on.Year(), on)
	if err != nil {
		return v, err
	}
	probation, err := tx.Probationers(o, on.AddMonths(-domain.Rules.Int("probation.months", on)))
	if err != nil {
		return v, err
	}
	findings, err := tx.SubtreeFindings(o, on)
	if err != nil {
		return v, err
	}
	seen := map[int64]bool{}
	var ids []int64
	for _, m := range []map[int64]bool{keys(absences), keys(notDone), keys(probation), keys(findings)} {
		for id := range m {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	who, err := tx.ScreenMembers(ids)
	if err != nil {
		return v, err
	}
	cal, err := tx.Calendar()
	if err != nil {
		return v, err
	}
	cases, err := tx.OpenRemovalCases(o)
	if err != nil {
		return v, err
	}
	for _, id := range ids {
		m, ok := who[id]
		if !ok || !m.Status.Active() {
			continue
		}
		var gs []domain.Ground
		if g, ok := absences[id]; ok {
			gs = append(gs, domain.AbsenceGround(g, on))
		}
		gs = append(gs, domain.ScreenGrounds(domain.ScreenFacts{Status: m.Status, Admitted: m.Admitted, Ratings: notDone[id], Findings: findings[id]}, on, cal)...)
		if len(gs) == 0 {
			continue
		}
		it := Item{MemberID: id, Name: m.Name, OrgID: m.OrgID, Org: m.Org, Parent: m.Parent, Status: m.Status, Grounds: gs, Path: m.Path, sortKey: m.SortKey}
		if c, ok := cases[id]; ok {
			it.Case = &c
		}
		for _, g := range gs {
			v.ByGround[g.Kind]++
		}
		v.Items = append(v.Items, it)
	}
	sortItems(v.Items)
	v.Pending = []store.RemovalCase{}
	for _, c := range cases {
		v.Pending = append(v.Pending, c)
	}
	slices.SortFunc(v.Pending, func(x, y store.RemovalCase) int { return x.Proposal.On.Compare(y.Proposal.On) })
	return v, nil
}

func keys[V any](m map[int64]V) map[int64]bool {
	out := make(map[int64]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

// sortItems orders a report by cell, then in Vietnamese name order; each
// cell's collation key is worked out once.
func sortItems(items []Item) {
	cells := map[string][]byte{}
	keys := make([][]byte, len(items))
	for i, it := range items {
		k, ok := cells[it.Org]
		if !ok {
			k = viet.CollateKey(it.Org)
			cells[it.Org] = k
		}
		keys[i] = k
	}
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if c := bytes.Compare(keys[a], keys[b]); c != 0 {
			return c
		}
		x, y := &items[a], &items[b]
		if x.OrgID != y.OrgID {
			return int(x.OrgID - y.OrgID)
		}
		return bytes.Compare(x.sortKey, y.sortKey)
	})
	sorted := make([]Item, len(items))
	for i, j := range idx {
		sorted[i] = items[j]
	}
	copy(items, sorted)
}

// memberGrounds finds the grounds for removal of one member on day on.
func memberGrounds(tx *store.Tx, m domain.Member, on domain.Date) ([]domain.Ground, error) {
	cell := domain.Org{ID: m.OrgID, Path: m.OrgPath, Name: m.Org}
	n := domain.RemovalMonths(on)
	grounds, err := tx.AbsenceGrounds(cell, on.AddMonths(-12).AddDays(1), on, n)
	if err != nil {
		return nil, err
	}
	var out []domain.Ground
	for _, g := range grounds {
		if g.MemberID == m.ID {
			out = append(out, domain.AbsenceGround(g, on))
		}
	}
	years := domain.Rules.Int("removal.not_done_years", on)
	nd, err := tx.NotDoneRatings(cell, on.Year()-years, on.Year(), on)
	if err != nil {
		return nil, err
	}
	fs, err := tx.MemberFindings(m)
	if err != nil {
		return nil, err
	}
	cal, err := tx.Calendar()
	if err != nil {
		return nil, err
	}
	return append(out, domain.ScreenGrounds(domain.ScreenFacts{Status: m.Status, Admitted: m.AdmissionDate, Ratings: nd[m.ID], Findings: fs}, on, cal)...), nil
}

// MemberScreenView is what the screening knows of one member: the grounds found
// today, the findings recorded, the proposals to remove them.
type MemberScreenView struct {
	Member     domain.Member       `json:"-"`
	Grounds    []domain.Ground     `json:"grounds"`
	Findings   []domain.Finding    `json:"findings"`
	Cases      []store.RemovalCase `json:"removal_cases"`
	Pending    *store.RemovalCase  `json:"pending_case,omitempty"`
	CanWrite   bool                `json:"-"`
	CanDecide  bool                `json:"-"`
	Political  bool                `json:"-"` // may record a conclusion on the political standard
	Today      domain.Date         `json:"-"`
	GroundKind []domain.GroundKind `json:"-"`
}

// Member reads what the screening knows of a member.
func (s *Service) Member(ctx context.Context, a domain.Actor, memberID int64) (MemberScreenView, error) {
	var v MemberScreenView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		m, err := tx.Member(memberID)
		if err != nil {
			return err
		}
		today := tx.Today()
		v = MemberScreenView{Member: m, Today: today, CanWrite: a.Role.WritesMembers() && m.Status.Active(), CanDecide: a.Role.WritesOrgs(), Political: a.Role.WritesOrgs(), GroundKind: domain.GroundKinds}
		if m.Status.Active() {
			if v.Grounds, err = memberGrounds(tx, m, today); err != nil {
				return err
			}
		}
		if v.Findings, err = tx.MemberFindings(m); err != nil {
			return err
		}
		if v.Cases, err = tx.MemberRemovalCases(m); err != nil {
			return err
		}
		for i := range v.Cases {
			if v.Cases[i].Outcome == "" {
				v.Pending = &v.Cases[i]
			}
		}
		return nil
	})
	return v, err
}

// AddFinding records a fact about a member: the start of the cell's
// education, a card returned or destroyed (the cell), or the committee's
// conclusion on the political standard (the committee's staff).
func (s *Service) AddFinding(ctx context.Context, a domain.Actor, memberID int64, in domain.FindingInput) (domain.Finding, error) {
	var out domain.Finding
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		m, err := tx.WritableMember(memberID)
		if err != nil {
			return err
		}
		if in.Kind == domain.FindingPolitical && !a.Role.WritesOrgs() {
			return &domain.Error{Code: domain.CodeForbidden, Message: "Kết luận không bảo đảm tiêu chuẩn chính trị do cấp ủy có thẩm quyền; chi bộ không ghi được."}
		}
		if err := domain.CheckFinding(m.Status, &in, tx.Today()); err != nil {
			return err
		}
		out, err = tx.AddFinding(m, in)
		return err
	})
	return out, err
}

// CloseFinding ends the cell's education of a member who improved.
func (s *Service) CloseFinding(ctx context.Context, a domain.Actor, findingID int64, on domain.Date, note string) (domain.Finding, error) {
	var out domain.Finding
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		f, path, err := tx.Finding(findingID)
		if err != nil {
			return err
		}
		if !a.Role.WritesMembers() {
			return domain.ErrForbiddenWrite
		}
		if err := domain.CheckClosing(f, on, &note, tx.Today()); err != nil {
			return err
		}
		out, err = tx.CloseFinding(f, path, on, note)
		return err
	})
	return out, err
}

// Propose records the cell's proposal to remove a member, on grounds the
// screening shows on the proposal's day, with their evidence.
func (s *Service) Propose(ctx context.Context, a domain.Actor, memberID int64, p domain.RemovalProposal) (store.RemovalCase, error) {
	var out store.RemovalCase
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		m, err := tx.MemberForUpdate(memberID)
		if err != nil {
			return err
		}
		if !m.Status.Active() {
			return domain.Errorf(domain.CodeInvalid, "%s không còn trong danh sách sinh hoạt.", m.FullName)
		}
		today := tx.Today()
		on := p.On
		if on.IsZero() || on.After(today) {
			on = today
		}
		found, err := memberGrounds(tx, m, on)
		if err != nil {
			return err
		}
		cases, err := tx.MemberRemovalCases(m)
		if err != nil {
			return err
		}
		open := slices.ContainsFunc(cases, func(c store.RemovalCase) bool { return c.Outcome == "" })
		if err := domain.CheckRemovalProposal(m.FullName, found, &p, open, today); err != nil {
			return err
		}
		var evidence []domain.Ground
		for _, g := range found {
			if slices.Contains(p.Grounds, g.Kind) {
				evidence = append(evidence, g)
			}
		}
		out, err = tx.AddRemovalCase(m, p, evidence)
		return err
	})
	return out, err
}

// Decide records the committee's decision on a proposal to remove: a
// removal is recorded through the member state machine with the decision's
// number, in the same transaction; a refusal keeps the member on the roll.
func (s *Service) Decide(ctx context.Context, a domain.Actor, caseID int64, d domain.RemovalDecision) (store.RemovalCase, error) {
	var out store.RemovalCase
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		c, err := tx.RemovalCase(caseID)
		if err != nil {
			return err
		}
		m, err := tx.MemberForUpdate(c.MemberID)
		if err != nil {
			return err
		}
		// Read again under the member's lock: a committee that decided
		// meanwhile is seen, and the late one told so.
		if c, err = tx.RemovalCase(caseID); err != nil {
			return err
		}
		if c.Outcome != "" {
			return &domain.Error{Code: domain.CodeConflict, Message: "Đề nghị xóa tên này đã được quyết định."}
		}
		cell, err := tx.Org(m.OrgID)
		if err != nil {
			return err
		}
		g, ok, err := tx.GrassrootsOf(cell)
		if err != nil {
			return err
		}
		if !a.Role.WritesOrgs() || (ok && !a.Covers(g.Path)) {
			return &domain.Error{Code: domain.CodeForbidden, Message: "Cấp ủy có thẩm quyền (cấp ủy cơ sở trở lên) quyết định xóa tên; vai trò hoặc phạm vi của bạn không ghi được quyết định này."}
		}
		if err := domain.CheckRemovalDecision(m.FullName, c.Proposal.On, &d, tx.Today()); err != nil {
			return err
		}
		var eventID int64
		if d.Approve {
			history, err := tx.Events(m)
			if err != nil {
				return err
			}
			var why []string
			for _, k := range c.Proposal.Grounds {
				why = append(why, k.Label())
			}
			e := domain.Event{Kind: domain.EventRemoved, Date: d.On, Decision: d.Number, Reason: strings.Join(why, "; ")}
			prev, next, err := domain.NextEvent(m, history, &e, tx.Today())
			if err != nil {
				return err
			}
			if _, e, err = tx.AddEvent(m, prev, next, e, domain.Org{}); err != nil {
				return err
			}
			eventID = e.ID
		}
		out, err = tx.DecideRemovalCase(c, d, eventID)
		return err
	})
	return out, err
}

// CountsView is the yearly removals and expulsions of a subtree, per
// organisation directly under it.
type CountsView struct {
	Org   domain.Org         `json:"-"`
	First int                `json:"from_year"`
	Last  int                `json:"to_year"`
	Rows  []store.YearCounts `json:"organisations"`
	Total store.YearCounts   `json:"total"`
}

// Counts reads the removals and expulsions of a subtree in the years first
// to last (zeros: the last five years).
func (s *Service) Counts(ctx context.Context, a domain.Actor, orgID int64, first, last int) (CountsView, error) {
	var v CountsView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		if last == 0 {
			last = tx.Today().Year()
		}
		if first == 0 {
			first = last - 4
		}
		if first > last || first < domain.PartyFounded.Year() || last-first > 50 {
			return &domain.Error{Code: domain.CodeInvalid, Message: "Khoảng năm không hợp lệ (tối đa 50 năm).", Fields: domain.Fields{"from": "Năm không hợp lệ."}}
		}
		v = CountsView{Org: o, First: first, Last: last}
		v.Rows, v.Total, err = tx.RemovalCounts(o, first, last)
		if v.Rows == nil {
			v.Rows = []store.YearCounts{}
		}
		slices.SortStableFunc(v.Rows, func(x, y store.YearCounts) int { return viet.Compare(x.Org.Name, y.Org.Name) })
		return err
	})
	return v, err
}
