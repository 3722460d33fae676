package evaluation

import (
	"bytes"
	"context"
	"slices"

	"dangvien/internal/viet"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// Level is one level with its count and share among those rated.
type Level struct {
	Level    domain.Rating `json:"level"`
	Label    string        `json:"label"`
	Count    int           `json:"count"`
	PerMille int           `json:"per_mille"`
}

// Shares is how many were rated at each level.
type Shares struct {
	Rated  int     `json:"rated"`
	Levels []Level `json:"levels"`
}

func sharesOf(c domain.LevelCounts) Shares {
	s := Shares{Rated: c.Total()}
	for _, r := range domain.Ratings {
		s.Levels = append(s.Levels, Level{Level: r, Label: r.Label(), Count: c[r], PerMille: c.Share(r)})
	}
	return s
}

// ChildShares is one organisation directly under another with the levels
// of its subtree's members.
type ChildShares struct {
	Org    store.OrgRef `json:"org"`
	Shares Shares       `json:"members"`
}

// SharesView is the share of each level in a subtree for a year: members
// (with those on the roll, exempted and not yet rated), organisations, and
// each organisation directly under.
type SharesView struct {
	Org      domain.Org    `json:"-"`
	Year     int           `json:"year"`
	Members  Shares        `json:"members"`
	Active   int           `json:"active"`   // on the roll today
	Exempted int           `json:"exempted"` // of them, exempted: not rated
	Unrated  int           `json:"not_rated_yet"`
	Orgs     Shares        `json:"organisations"`
	Children []ChildShares `json:"children"`
}

// Shares reads the share of each level in an organisation's subtree.
func (s *Service) Shares(ctx context.Context, a domain.Actor, orgID int64, year int) (SharesView, error) {
	var v SharesView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		v, err = shares(tx, o, year)
		return err
	})
	return v, err
}

func shares(tx *store.Tx, o domain.Org, year int) (SharesView, error) {
	v := SharesView{Org: o, Year: year, Children: []ChildShares{}}
	byPath, err := tx.PathLevels(o, year)
	if err != nil {
		return v, err
	}
	all := domain.LevelCounts{}
	kids, err := tx.OpenChildren(o)
	if err != nil {
		return v, err
	}
	per := map[string]domain.LevelCounts{}
	for p, c := range byPath {
		for l, n := range c {
			all[l] += n
		}
		if k := store.ChildOf(o.Path, p); k != "" {
			if per[k] == nil {
				per[k] = domain.LevelCounts{}
			}
			for l, n := range c {
				per[k][l] += n
			}
		}
	}
	v.Members = sharesOf(all)
	for _, k := range kids {
		v.Children = append(v.Children, ChildShares{Org: store.OrgRef{ID: k.ID, Name: k.Name, Code: k.Code, Path: k.Path}, Shares: sharesOf(per[k.Path])})
	}
	sortByName(v.Children, func(c ChildShares) string { return c.Org.Name })
	c, err := tx.SubtreeCounts(o, false)
	if err != nil {
		return v, err
	}
	v.Active, v.Exempted = c.Active, c.Exempted
	v.Unrated = max(0, v.Active-v.Exempted-v.Members.Rated)
	ol, err := tx.SubtreeOrgLevels(o, year)
	v.Orgs = sharesOf(ol)
	return v, err
}

// Row is one member of an evaluation list with what the rules weigh.
type Row struct {
	store.RatingRow
	Bars      []domain.DisciplineBar   `json:"disciplines_in_year,omitempty"`
	Residence *domain.ResidenceComment `json:"residence,omitempty"`
	Band      domain.Rating            `json:"points_band,omitempty"` // the highest level the proposed points allow
}

// Cap is the cap on "xuất sắc" in a grassroots organisation for a year.
type Cap struct {
	Excellent int    `json:"excellent"`
	Good      int    `json:"good"`
	Max       int    `json:"max_excellent"`
	Pct       int    `json:"pct"`
	Source    string `json:"source"`
}

// OrgRatingsView is an organisation's evaluation page for a year: for a cell, its
// members with their self-reviews and the cell's proposals; for a
// grassroots organisation, its members with the proposals, the
// committee's decisions and the cap; for any organisation, the shares of
// each level and the ratings of the organisations directly under it.
type OrgRatingsView struct {
	Org            domain.Org        `json:"-"`
	Year           int               `json:"year"`
	Regulation     string            `json:"regulation"`
	Rules          []domain.Rule     `json:"rules"`
	Grassroots     *store.OrgRef     `json:"grassroots,omitempty"` // where the members' ratings are decided
	Rows           []Row             `json:"members"`
	Listed         bool              `json:"members_listed"` // false: too many, pick a commune
	Cap            *Cap              `json:"cap,omitempty"`  // a grassroots organisation's
	Shares         SharesView        `json:"shares"`
	OrgRatings     []store.OrgRating `json:"org_ratings"`
	ResidenceKnown bool              `json:"residence_known"` // the 213 comments are read
	CanPropose     bool              `json:"-"`
	CanDecide      bool              `json:"-"`
	CanRateOrgs    bool              `json:"-"`
	Today          domain.Date       `json:"-"`
}

// Org reads an organisation's evaluation page for year (0: the year under
// evaluation), in one read snapshot.
func (s *Service) Org(ctx context.Context, a domain.Actor, orgID int64, year int) (OrgRatingsView, error) {
	var v OrgRatingsView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		today := tx.Today()
		if year == 0 {
			year = EvalYear(today)
		}
		if year < domain.PartyFounded.Year() || year > today.Year() {
			return &domain.Error{Code: domain.CodeInvalid, Message: "Năm đánh giá không hợp lệ.", Fields: domain.Fields{"year": "Năm không hợp lệ."}}
		}
		v = OrgRatingsView{Org: o, Year: year, Regulation: domain.EvalRegulation(year), Rules: RulesOf(year), ResidenceKnown: s.Residence != nil, Today: today,
			CanPropose:  o.Kind.IsCell() && a.Role.WritesMembers() && o.ValidTo.IsZero(),
			CanDecide:   domain.DecidesRatings(a.Role, o) && a.Covers(o.Path),
			CanRateOrgs: a.Role.WritesOrgs() && a.Covers(o.Path)}
		if g, ok, err := tx.GrassrootsOf(o); err != nil {
			return err
		} else if ok {
			v.Grassroots = &store.OrgRef{ID: g.ID, Name: g.Name, Code: g.Code}
		}
		if v.Shares, err = shares(tx, o, year); err != nil {
			return err
		}
		if v.OrgRatings, err = tx.OrgRatings(o, year); err != nil {
			return err
		}
		if o.Kind.Grassroots() {
			c, err := tx.GrassrootsLevels(o.ID, year)
			if err != nil {
				return err
			}
			r, _ := domain.Rules.At("evaluation.excellent_cap_pct", domain.EvalDay(year))
			v.Cap = &Cap{Excellent: c[domain.RatingExcellent], Good: c[domain.RatingGood], Max: domain.ExcellentMax(year, c[domain.RatingGood]), Pct: r.Value, Source: r.Source}
		}
		rows, ok, err := tx.RatingRows(o, year, ListCap)
		if err != nil {
			return err
		}
		v.Listed, v.Rows = ok, []Row{}
		if !ok {
			return nil
		}
		ms := make([]domain.Member, len(rows))
		for i, r := range rows {
			ms[i] = domain.Member{ID: r.MemberID, MemberFields: domain.MemberFields{FullName: r.Name}, Status: r.Status, Exempted: r.Exempted}
		}
		f, err := s.facts(tx, ms, year)
		if err != nil {
			return err
		}
		for _, r := range rows {
			w := Row{RatingRow: r, Bars: f[r.MemberID].Disciplines, Residence: f[r.MemberID].Residence}
			w.Exempted = f[r.MemberID].Exempted
			if r.Rating.Proposed() {
				w.Band = domain.PointsBand(r.Rating.Proposal.Points, year)
			}
			v.Rows = append(v.Rows, w)
		}
		return nil
	})
	return v, err
}

// sortByName sorts by an organisation's name in Vietnamese order.
func sortByName[T any](s []T, name func(T) string) {
	keys := make(map[string][]byte, len(s))
	for _, x := range s {
		if n := name(x); keys[n] == nil {
			keys[n] = viet.CollateKey(n)
		}
	}
	slices.SortStableFunc(s, func(x, y T) int { return bytes.Compare(keys[name(x)], keys[name(y)]) })
}
