// Package evaluation holds the user actions of the yearly evaluation and
// classification (đánh giá, xếp loại chất lượng hằng năm) of members and
// organisations: the member's self-review, the cell's proposal with points,
// the committee's decision on the four levels, the ratings of the
// organisations, each member's ratings over the years and the share of
// each level in any subtree.
//
// Each exported method is one user action: it takes the actor, resolves
// the organisation or member once, runs in one write transaction or one
// read snapshot, calls the domain's rules (of the version in force for the
// year rated) and returns the view both the screen and the API render.
//
// The residence cell's comment (Quy định 213-QĐ/TW) is an input of a
// member's rating. It is read through the Residence interface, which the
// work on members' ties to their place of residence provides; without it
// (Service.Residence nil) no comment is known and none is required.
package evaluation

import (
	"context"
	"fmt"
	"slices"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// Residence gives the residence cells' yearly comments on members
// (Quy định 213-QĐ/TW). What the mobility work must provide: an
// implementation that reads, inside tx (the caller's transaction, so with
// its actor and snapshot), for the members of ids, their comment of year:
// a member tied to a residence cell has an entry (Required when they are
// expected to have one that year — not army or police in barracks, mobile
// workers, students away or officials in long full-time study — and On,
// Fulfilled, Text, Cell once the comment came); a member with no tie has
// none. Errors abort the action.
type Residence interface {
	ResidenceComments(tx *store.Tx, year int, ids []int64) (map[int64]domain.ResidenceComment, error)
}

// Service runs the evaluation actions against a database.
type Service struct {
	DB        *store.DB
	Residence Residence // nil: no residence comments known
}

// ListCap bounds the members an organisation's evaluation page lists one
// by one; above it (a province) it shows the shares and asks to pick a
// commune.
const ListCap = 5000

// EvalYear is the year under evaluation on day today: until March the
// year just ended, from April the current one.
func EvalYear(today domain.Date) int {
	if today.Time().Month() <= 3 {
		return today.Year() - 1
	}
	return today.Year()
}

// ruleNames are the numbers an evaluation applies, shown with their source.
var ruleNames = []string{"evaluation.excellent_min_points", "evaluation.good_min_points", "evaluation.done_min_points", "evaluation.excellent_beyond_pct",
	"evaluation.excellent_cap_pct", "evaluation.discipline_self_fix_exception", "evaluation.residence_bars_excellent"}

// RulesOf lists the versions of the evaluation's numbers in force for year
// y, each with its label and source.
func RulesOf(y int) []domain.Rule {
	d := domain.EvalDay(y)
	var out []domain.Rule
	for _, n := range ruleNames {
		for _, r := range domain.Rules.Versions(n) {
			if !r.ValidFrom.After(d) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// MemberRatingsView is a member's evaluation page: their ratings over the years,
// the year under evaluation with their self-review, and the disciplines
// that count in it.
type MemberRatingsView struct {
	Member      domain.Member            `json:"-"`
	Year        int                      `json:"year"`
	Regulation  string                   `json:"regulation"`
	Current     store.Rating             `json:"current"`
	Ratings     []store.Rating           `json:"ratings"` // newest year first
	Exempted    bool                     `json:"exempted"`
	Bars        []domain.DisciplineBar   `json:"disciplines_in_year"`
	Residence   *domain.ResidenceComment `json:"residence,omitempty"`
	CanSelf     bool                     `json:"-"` // the actor may write the self-review
	Disciplines []store.Discipline       `json:"-"`
}

// canSelfReview tells whether actor a may write member m's self-review:
// the member themself, or a writer of their record.
func canSelfReview(a domain.Actor, m domain.Member) bool {
	return (a.Role == domain.RoleMember && a.MemberID == m.ID) || a.Role.WritesMembers()
}

// Member reads a member's evaluation page for year (0: the year under
// evaluation).
func (s *Service) Member(ctx context.Context, a domain.Actor, memberID int64, year int) (MemberRatingsView, error) {
	var v MemberRatingsView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		m, err := tx.Member(memberID)
		if err != nil {
			return err
		}
		today := tx.Today()
		if year == 0 {
			year = EvalYear(today)
		}
		v = MemberRatingsView{Member: m, Year: year, Regulation: domain.EvalRegulation(year), CanSelf: canSelfReview(a, m) && m.Status.Active()}
		if v.Ratings, err = tx.MemberRatings(m); err != nil {
			return err
		}
		if v.Current, _, err = tx.RatingOf(m, year); err != nil {
			return err
		}
		f, err := s.facts(tx, []domain.Member{m}, year)
		if err != nil {
			return err
		}
		v.Exempted, v.Bars, v.Residence = f[m.ID].Exempted, f[m.ID].Disciplines, f[m.ID].Residence
		if v.Current.Decided() {
			v.CanSelf = false
		}
		v.Disciplines, err = tx.MemberDisciplines(m)
		return err
	})
	return v, err
}

// facts reads what the rules weigh about members rated for year y: their
// exemption at the year's end (or today), the disciplines counting in the
// year, the residence comment.
func (s *Service) facts(tx *store.Tx, ms []domain.Member, y int) (map[int64]domain.RatingFacts, error) {
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	on := domain.EvalDay(y)
	if today := tx.Today(); today.Before(on) {
		on = today
	}
	ex, err := tx.ExemptedOn(ids, on)
	if err != nil {
		return nil, err
	}
	bars, err := tx.DisciplineBars(ids, y)
	if err != nil {
		return nil, err
	}
	var res map[int64]domain.ResidenceComment
	if s.Residence != nil {
		if res, err = s.Residence.ResidenceComments(tx, y, ids); err != nil {
			return nil, err
		}
	}
	out := make(map[int64]domain.RatingFacts, len(ms))
	for _, m := range ms {
		f := domain.RatingFacts{Name: m.FullName, Active: m.Status.Active(), Exempted: ex[m.ID] || (m.Exempted && on.Equal(tx.Today())), Disciplines: bars[m.ID]}
		if c, ok := res[m.ID]; ok {
			f.Residence = &c
		}
		out[m.ID] = f
	}
	return out, nil
}

var errLocked = func(name string, y int) error {
	return &domain.Error{Code: domain.CodeConflict, Message: fmt.Sprintf("Cấp ủy đã quyết định xếp loại %s năm %d; không sửa tự kiểm điểm hay đề nghị nữa.", name, y)}
}

// SelfReview writes a member's self-review of a year: the member on their
// own screen, or a writer of their record on their behalf.
func (s *Service) SelfReview(ctx context.Context, a domain.Actor, memberID int64, year int, in domain.SelfReview) (store.Rating, error) {
	var out store.Rating
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		m, err := tx.Member(memberID)
		if err != nil {
			return err
		}
		if !canSelfReview(a, m) {
			return domain.ErrForbiddenWrite
		}
		f, err := s.facts(tx, []domain.Member{m}, year)
		if err != nil {
			return err
		}
		if err := domain.CheckSelfReview(year, f[m.ID], &in, tx.Today()); err != nil {
			return err
		}
		g, err := grassrootsOf(tx, m)
		if err != nil {
			return err
		}
		if err := lockRatings(tx, g, []domain.Member{m}, year); err != nil {
			return err
		}
		cur, _, err := tx.RatingOf(m, year)
		if err != nil {
			return err
		}
		if cur.Decided() {
			return errLocked(m.FullName, year)
		}
		out, err = tx.SaveSelfReview(m, g, year, in)
		return err
	})
	return out, err
}

// lockRatings holds, until the transaction ends, the ratings of year y of
// members ms as Decide does: those of the grassroots organisation where
// each member's row was opened (the one whose committee decides it), or g
// for a member without one. A self-review or proposal then either lands
// before a decision or sees it, and two first writes of one row follow one
// another instead of colliding on its key.
func lockRatings(tx *store.Tx, g domain.Org, ms []domain.Member, y int) error {
	ids := []int64{g.ID}
	for _, m := range ms {
		r, found, err := tx.RatingOf(m, y)
		if err != nil {
			return err
		}
		if found {
			ids = append(ids, r.GrassrootsID)
		}
	}
	slices.Sort(ids) // one order for every writer: no deadlock
	for _, id := range slices.Compact(ids) {
		if err := tx.LockRatings(id, y); err != nil {
			return err
		}
	}
	return nil
}

// grassrootsOf is the grassroots organisation of a member's cell.
func grassrootsOf(tx *store.Tx, m domain.Member) (domain.Org, error) {
	cell, err := tx.Org(m.OrgID)
	if err != nil {
		cell = domain.Org{ID: m.OrgID, Path: m.OrgPath, Name: m.Org}
	}
	g, ok, err := tx.GrassrootsOf(cell)
	if err != nil {
		return g, err
	}
	if !ok {
		return g, domain.Errorf(domain.CodeInvalid, "%s không thuộc tổ chức cơ sở đảng nào: không xác định được nơi xét xếp loại.", m.Org)
	}
	return g, nil
}

// ProposalItem is the cell's proposal for one of its members.
type ProposalItem struct {
	MemberID int64 `json:"member_id"`
	domain.RatingProposal
}

// Propose writes the cell's proposals for some of its members for a year,
// all or none: every proposal is checked against the rules of the year.
func (s *Service) Propose(ctx context.Context, a domain.Actor, cellID int64, year int, items []ProposalItem) ([]store.Rating, error) {
	out := []store.Rating{}
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		cell, err := tx.WritableCell(cellID)
		if err != nil {
			return err
		}
		if len(items) == 0 {
			return &domain.Error{Code: domain.CodeInvalid, Message: "Chưa có đề nghị xếp loại nào.", Fields: domain.Fields{"proposals": "Trống."}}
		}
		ms, err := membersOf(tx, cell, itemIDs(items, func(p ProposalItem) int64 { return p.MemberID }))
		if err != nil {
			return err
		}
		g, ok, err := tx.GrassrootsOf(cell)
		if err != nil {
			return err
		}
		if !ok {
			return domain.Errorf(domain.CodeInvalid, "%s không thuộc tổ chức cơ sở đảng nào.", cell.Name)
		}
		f, err := s.facts(tx, ms, year)
		if err != nil {
			return err
		}
		if err := lockRatings(tx, g, ms, year); err != nil {
			return err
		}
		for i, it := range items {
			m := ms[i]
			p := it.RatingProposal
			if err := domain.CheckProposal(year, f[m.ID], &p, tx.Today()); err != nil {
				return err
			}
			cur, _, err := tx.RatingOf(m, year)
			if err != nil {
				return err
			}
			if cur.Decided() {
				return errLocked(m.FullName, year)
			}
			r, err := tx.SaveProposal(m, g, year, p)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

func itemIDs[T any](items []T, id func(T) int64) []int64 {
	out := make([]int64, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}

// membersOf reads the members of ids, each of whom must be on the roll
// under organisation o (its cell or subtree) and appear once.
func membersOf(tx *store.Tx, o domain.Org, ids []int64) ([]domain.Member, error) {
	seen := map[int64]bool{}
	out := make([]domain.Member, 0, len(ids))
	for _, id := range ids {
		if seen[id] {
			return nil, &domain.Error{Code: domain.CodeInvalid, Message: "Một đảng viên có hai dòng đề nghị.", Fields: domain.Fields{"member_id": "Trùng."}}
		}
		seen[id] = true
		m, err := tx.Member(id)
		if domain.ErrorCode(err) == domain.CodeNotFound || (err == nil && !under(m.OrgPath, o.Path)) {
			return nil, &domain.Error{Code: domain.CodeInvalid, Message: fmt.Sprintf("Đảng viên mã %d không sinh hoạt trong %s.", id, o.Name), Fields: domain.Fields{"member_id": "Không thuộc tổ chức này."}}
		}
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

func under(path, root string) bool { return len(path) >= len(root) && path[:len(root)] == root }

// DecisionItem is the committee's level for one member; Points nil keeps
// the cell's proposed points.
type DecisionItem struct {
	MemberID int64         `json:"member_id"`
	Level    domain.Rating `json:"level"`
	Points   *int          `json:"points,omitempty"`
	Note     string        `json:"note,omitempty"`
}

// DecideInput is one decision of the committee on several members.
type DecideInput struct {
	Number string         `json:"decision_number"`
	On     domain.Date    `json:"date"`
	Items  []DecisionItem `json:"decisions"`
}

// Decide records the committee's decision on the ratings of members of a
// grassroots organisation for a year, all or none: each level is checked
// against the rules of the year and the cell's proposal, then the cap on
// "xuất sắc" over the whole grassroots organisation, counted after the
// decision. Two committees deciding at once count one after the other.
func (s *Service) Decide(ctx context.Context, a domain.Actor, orgID int64, y int, in DecideInput) ([]store.Rating, error) {
	out := []store.Rating{}
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		if !o.Kind.Grassroots() {
			return domain.Errorf(domain.CodeInvalid, "%s không phải là tổ chức cơ sở đảng: cấp ủy cơ sở quyết định xếp loại đảng viên.", o.Name)
		}
		if !domain.DecidesRatings(a.Role, o) || !a.Covers(o.Path) {
			return &domain.Error{Code: domain.CodeForbidden, Message: "Cấp ủy cơ sở quyết định xếp loại đảng viên: vai trò hoặc phạm vi của bạn không ghi được quyết định của " + o.Name + "."}
		}
		if len(in.Items) == 0 {
			return &domain.Error{Code: domain.CodeInvalid, Message: "Chưa chọn đảng viên nào.", Fields: domain.Fields{"decisions": "Trống."}}
		}
		if err := tx.LockRatings(o.ID, y); err != nil {
			return err
		}
		ms, err := membersOf(tx, o, itemIDs(in.Items, func(d DecisionItem) int64 { return d.MemberID }))
		if err != nil {
			return err
		}
		f, err := s.facts(tx, ms, y)
		if err != nil {
			return err
		}
		for i, it := range in.Items {
			m := ms[i]
			cur, found, err := tx.RatingOf(m, y)
			if err != nil {
				return err
			}
			if !found || !cur.Proposed() {
				return &domain.Error{Code: domain.CodeInvalid, Message: fmt.Sprintf("Chi bộ chưa đề nghị xếp loại %s năm %d: cấp ủy quyết định trên cơ sở đề nghị của chi bộ.", m.FullName, y),
					Fields: domain.Fields{"member_id": "Chưa có đề nghị của chi bộ."}}
			}
			if cur.GrassrootsID != o.ID {
				return domain.Errorf(domain.CodeInvalid, "%s được đánh giá năm %d ở tổ chức cơ sở đảng khác.", m.FullName, y)
			}
			d := domain.RatingDecision{Level: it.Level, Points: cur.Proposal.Points, Note: it.Note, Number: in.Number, On: in.On}
			if it.Points != nil {
				d.Points = *it.Points
			}
			if err := domain.CheckDecision(y, f[m.ID], cur.Proposal, &d, tx.Today()); err != nil {
				return err
			}
			r, err := tx.SaveDecision(m, cur, d)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		c, err := tx.GrassrootsLevels(o.ID, y)
		if err != nil {
			return err
		}
		return domain.CheckExcellentCap(y, c[domain.RatingExcellent], c[domain.RatingGood], o.Name)
	})
	return out, err
}

// OrgRatingItem is one organisation's rating.
type OrgRatingItem struct {
	OrgID  int64         `json:"org_id"`
	Level  domain.Rating `json:"level"`
	Points int           `json:"points"`
	Note   string        `json:"note,omitempty"`
}

// OrgRatingInput is one decision rating the organisations directly under
// an organisation.
type OrgRatingInput struct {
	Number string          `json:"decision_number"`
	On     domain.Date     `json:"date"`
	Items  []OrgRatingItem `json:"ratings"`
}

// RateOrgs records the committee's decision rating organisations directly
// under its own for a year, all or none: the points bands, the bar from a
// discipline of the organisation in the year, and the cap on "xuất sắc"
// among the organisations it rated.
func (s *Service) RateOrgs(ctx context.Context, a domain.Actor, parentID int64, year int, in OrgRatingInput) ([]store.OrgRating, error) {
	out := []store.OrgRating{}
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		p, err := tx.Org(parentID)
		if err != nil {
			return err
		}
		if !a.Role.WritesOrgs() || !a.Covers(p.Path) {
			return &domain.Error{Code: domain.CodeForbidden, Message: "Cấp ủy cấp trên trực tiếp xếp loại tổ chức đảng: vai trò hoặc phạm vi của bạn không ghi được quyết định của " + p.Name + "."}
		}
		if len(in.Items) == 0 {
			return &domain.Error{Code: domain.CodeInvalid, Message: "Chưa có tổ chức nào được xếp loại.", Fields: domain.Fields{"ratings": "Trống."}}
		}
		if err := tx.LockRatings(-p.ID, year); err != nil {
			return err
		}
		kids, err := tx.OpenChildren(p)
		if err != nil {
			return err
		}
		byID := map[int64]domain.Org{}
		ids := []int64{}
		for _, k := range kids {
			byID[k.ID] = k
		}
		for _, it := range in.Items {
			if _, ok := byID[it.OrgID]; !ok {
				return &domain.Error{Code: domain.CodeInvalid, Message: fmt.Sprintf("Tổ chức mã %d không trực thuộc %s.", it.OrgID, p.Name), Fields: domain.Fields{"org_id": "Không trực thuộc."}}
			}
			if slices.Contains(ids, it.OrgID) {
				return &domain.Error{Code: domain.CodeInvalid, Message: "Một tổ chức có hai dòng xếp loại.", Fields: domain.Fields{"org_id": "Trùng."}}
			}
			ids = append(ids, it.OrgID)
		}
		bars, err := tx.OrgDisciplineBars(ids, year)
		if err != nil {
			return err
		}
		for _, it := range in.Items {
			c := byID[it.OrgID]
			d := domain.RatingDecision{Level: it.Level, Points: it.Points, Note: it.Note, Number: in.Number, On: in.On}
			if err := domain.CheckOrgRating(year, domain.OrgRatingFacts{Name: c.Name, Disciplines: bars[c.ID]}, &d, tx.Today()); err != nil {
				return err
			}
			r, err := tx.SaveOrgRating(c, p, year, d)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		c, err := tx.ParentLevels(p.ID, year)
		if err != nil {
			return err
		}
		return domain.CheckExcellentCap(year, c[domain.RatingExcellent], c[domain.RatingGood], "các tổ chức do "+p.Name+" xếp loại")
	})
	return out, err
}
