// Package orgs holds the user actions on the organisation tree: the tree,
// also as of a past date; an organisation's page and its counts; the home
// page of an account's scope; creating, renaming, moving, merging, splitting
// and dissolving organisations under a numbered decision; the pickers of
// open cells and the names above an organisation.
//
// Each exported method is one user action: it takes the actor, resolves the
// organisation once, runs in one write transaction or one read snapshot,
// calls the domain's rules, and returns the view that both the screen and
// the API render.
package orgs

import (
	"context"

	"dangvien/internal/app/audit"
	"dangvien/internal/app/celllife"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// Service runs the organisation actions against a database.
type Service struct {
	DB    *store.DB
	Life  *celllife.Service // a secretary's cells on the home page
	Audit *audit.Service    // the recent changes on the home page
}

// TreeView is the tree of the actor's scope on a day, with member counts.
type TreeView struct {
	Roots  []*store.TreeNode
	On     domain.Date // the day it is read as of
	Past   bool        // On is before today
	Future bool        // the day asked for was after today: today's tree instead
}

// Tree reads the tree of the actor's scope as of a day (today when zero or
// in the future).
func (s *Service) Tree(ctx context.Context, a domain.Actor, on domain.Date) (TreeView, error) {
	var v TreeView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		today := tx.Today()
		v.Future = on.After(today)
		if on.IsZero() || v.Future {
			on = today
		}
		v.On, v.Past = on, on.Before(today)
		var err error
		v.Roots, err = tx.Tree(on)
		return err
	})
	if v.Roots == nil {
		v.Roots = []*store.TreeNode{}
	}
	return v, err
}

// Org reads an organisation.
func (s *Service) Org(ctx context.Context, a domain.Actor, id int64) (domain.Org, error) {
	var o domain.Org
	err := s.DB.Read(ctx, a, func(tx *store.Tx) (err error) {
		o, err = tx.Org(id)
		return err
	})
	return o, err
}

// Counts counts the members of an organisation's subtree by status, gender
// and age band.
func (s *Service) Counts(ctx context.Context, a domain.Actor, id int64) (store.Counts, error) {
	var c store.Counts
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(id)
		if err != nil {
			return err
		}
		c, err = tx.SubtreeCounts(o, true)
		return err
	})
	return c, err
}

// PageView is what an organisation's page shows: where it sits, what
// became of it, its counts, its sub-organisations and a page of its members.
type PageView struct {
	Org       domain.Org
	Path      []domain.Org // the organisations above it, from the top
	Successor *domain.Org
	Counts    store.Counts // without age bands
	Children  []*store.TreeNode
	Members   store.Page[domain.Member]
}

// Page reads an organisation's page in one snapshot: the organisation is
// resolved once, the counts leave out age bands and give the sub-tree its
// counts, and a plain member list takes its total from them.
func (s *Service) Page(ctx context.Context, a domain.Actor, id int64, f store.MemberFilter) (PageView, error) {
	var v PageView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(id)
		if err != nil {
			return err
		}
		v.Org = o
		if v.Path, err = tx.Ancestors(o); err != nil {
			return err
		}
		if o.SuccessorID != 0 {
			if so, err := tx.Org(o.SuccessorID); err == nil {
				v.Successor = &so
			}
		}
		if v.Counts, err = tx.SubtreeCounts(o, false); err != nil {
			return err
		}
		n, err := tx.Subtree(o, &v.Counts)
		if err != nil {
			return err
		}
		v.Children = n.Children
		v.Members, err = tx.OrgMembers(f, o, v.Counts)
		return err
	})
	return v, err
}

// HomeCells is how many of a secretary's cells the home page shows.
const HomeCells = 5

// HomeView is the home page of an account: a member's own record; for
// everyone else the counts of the scope, its organisations, the month of
// each cell it is made of, and recent changes for those who read the audit.
type HomeView struct {
	Self   *domain.Member
	Roots  []*store.TreeNode
	Counts *store.Counts
	Cells  []celllife.MonthView
	Recent []audit.Entry
}

// Home reads the home page of the actor's scope.
func (s *Service) Home(ctx context.Context, a domain.Actor) (HomeView, error) {
	var v HomeView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		if a.Role == domain.RoleMember {
			m, err := tx.Member(a.MemberID)
			v.Self = &m
			return err
		}
		roots, err := tx.Tree(domain.Date{})
		if err != nil {
			return err
		}
		v.Roots = roots
		total := store.Counts{On: tx.Today(), ByStatus: map[string]int{}, ByGender: map[string]int{}, ByAgeBand: map[string]int{}}
		for _, n := range roots {
			o, err := tx.Org(n.ID)
			if err != nil {
				return err
			}
			c, err := tx.SubtreeCounts(o, true)
			if err != nil {
				return err
			}
			total.Active += c.Active
			total.Exempted += c.Exempted
			for _, m := range []struct{ from, to map[string]int }{{c.ByStatus, total.ByStatus}, {c.ByGender, total.ByGender}, {c.ByAgeBand, total.ByAgeBand}} {
				for k, n := range m.from {
					m.to[k] += n
				}
			}
		}
		v.Counts = &total
		return nil
	})
	if err != nil || v.Self != nil {
		return v, err
	}
	// A secretary's (or a committee member's) cells: the month at a glance,
	// as the cell-life pages read it.
	for _, n := range v.Roots {
		if !n.Kind.IsCell() || len(v.Cells) == HomeCells {
			continue
		}
		m, err := s.Life.Month(ctx, a, n.ID)
		if err != nil {
			return v, err
		}
		v.Cells = append(v.Cells, m)
	}
	if s.Audit != nil {
		// Changes only: sign-ins and sign-outs stay in the audit log.
		if v.Recent, err = s.Audit.Recent(ctx, a, 10); err != nil {
			return v, err
		}
	}
	return v, nil
}

// MeView is the account in use and the organisations of its scope.
type MeView struct {
	UserID    int64        `json:"user_id"`
	Username  string       `json:"username"`
	Role      domain.Role  `json:"role"`
	RoleLabel string       `json:"role_label"`
	MemberID  int64        `json:"member_id,omitempty"`
	Orgs      []domain.Org `json:"orgs"`
}

// Me reads the actor's account and the roots of its scope today.
func (s *Service) Me(ctx context.Context, a domain.Actor) (MeView, error) {
	v := MeView{UserID: a.UserID, Username: a.Username, Role: a.Role, RoleLabel: a.Role.Label(), MemberID: a.MemberID, Orgs: []domain.Org{}}
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		roots, err := tx.Tree(domain.Date{})
		if err != nil {
			return err
		}
		for _, n := range roots {
			o, err := tx.Org(n.ID)
			if err != nil {
				return err
			}
			v.Orgs = append(v.Orgs, o)
		}
		return nil
	})
	return v, err
}

// OpenCells lists up to limit open cells under an organisation (0: the
// actor's whole scope), in name order; more tells that there are others.
func (s *Service) OpenCells(ctx context.Context, a domain.Actor, orgID int64, limit int) (cells []store.OrgRef, more bool, err error) {
	err = s.DB.Read(ctx, a, func(tx *store.Tx) error {
		var under *domain.Org
		if orgID != 0 {
			o, err := tx.Org(orgID)
			if err != nil {
				return err
			}
			under = &o
		}
		cells, more, err = tx.OpenCells(under, limit)
		return err
	})
	return cells, more, err
}

// Ancestors reads the organisations above one the actor can read, from the
// top down, even those outside the actor's scope (a member sheet is headed
// by their names).
func (s *Service) Ancestors(ctx context.Context, a domain.Actor, id int64) ([]domain.Org, error) {
	var up []domain.Org
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(id)
		if err != nil {
			return err
		}
		up, err = tx.Ancestors(o)
		return err
	})
	return up, err
}
