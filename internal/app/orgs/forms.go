package orgs

import (
	"bytes"
	"context"
	"slices"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/viet"
)

// Action is a change of one organisation that a screen confirms before it
// is made.
type Action string

const (
	Rename   Action = "rename"
	Move     Action = "move"
	Merge    Action = "merge"
	Dissolve Action = "dissolve"
)

// Target is an organisation a change may name: a new parent, or the
// organisation that absorbs another.
type Target struct {
	ID         int64
	Name, Code string
}

// ActionView is the form of a change of an organisation: the organisation,
// and for a move or a merger the open organisations of the scope it may go
// under (a kind that may contain it) or into (the same kind), in the
// Vietnamese order of their names.
type ActionView struct {
	Org     domain.Org
	Action  Action
	Targets []Target
}

// ActionForm reads the form of a change of an organisation; only those who
// restructure organisations may open it.
func (s *Service) ActionForm(ctx context.Context, a domain.Actor, id int64, act Action) (ActionView, error) {
	v := ActionView{Action: act}
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(id)
		if err != nil {
			return err
		}
		v.Org = o
		switch act {
		case Rename, Move, Merge, Dissolve:
		default:
			return domain.ErrNotFound
		}
		if !a.Role.WritesOrgs() {
			return domain.ErrRestructureRole
		}
		if act != Move && act != Merge {
			return nil
		}
		tree, err := tx.Tree(domain.Date{})
		if err != nil {
			return err
		}
		var walk func(ns []*store.TreeNode)
		walk = func(ns []*store.TreeNode) {
			for _, n := range ns {
				fits := n.Kind.CanContain(o.Kind) && n.ID != o.ParentID
				if act == Merge {
					fits = n.Kind == o.Kind
				}
				if fits && n.ID != o.ID {
					v.Targets = append(v.Targets, Target{n.ID, n.Name, n.Code})
				}
				walk(n.Children)
			}
		}
		walk(tree)
		sortTargets(v.Targets)
		return nil
	})
	return v, err
}

// sortTargets puts a picker's organisations in the Vietnamese order of
// their names (viet.CollateKey), each key made once.
func sortTargets(ts []Target) {
	keys := make([][]byte, len(ts))
	idx := make([]int, len(ts))
	for i := range ts {
		keys[i], idx[i] = viet.CollateKey(ts[i].Name), i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return bytes.Compare(keys[a], keys[b]) })
	out := make([]Target, len(ts))
	for i, j := range idx {
		out[i] = ts[j]
	}
	copy(ts, out)
}

// Change is a change of one organisation as a screen asks for it.
type Change struct {
	Action   Action
	Name     string // a rename's new name
	TargetID int64  // a move's new parent, or the organisation a merger goes into
	domain.Decision
}

// Restructure makes a change of an organisation (Rename, Move, Merge or
// Dissolve) and returns the organisation it leaves to look at: the renamed
// or moved one, the one it merged into, or the dissolved one.
func (s *Service) Restructure(ctx context.Context, a domain.Actor, id int64, ch Change) (domain.Org, error) {
	switch ch.Action {
	case Rename:
		return s.Rename(ctx, a, id, ch.Name, ch.Decision)
	case Move:
		return s.Move(ctx, a, id, ch.TargetID, ch.Decision)
	case Merge:
		return s.Merge(ctx, a, domain.MergeInput{SourceIDs: []int64{id}, IntoID: ch.TargetID, Decision: ch.Decision})
	case Dissolve:
		return s.Dissolve(ctx, a, id, ch.Decision)
	}
	return domain.Org{}, domain.ErrNotFound
}

// SplitView is what a split divides: a cell's active members, or a
// committee's open sub-organisations with their counts.
type SplitView struct {
	Org      domain.Org
	Members  []domain.Member
	Children []*store.TreeNode
}

// SplitForm reads what an organisation's split divides; only those who
// restructure organisations may open it, and only on an open organisation.
func (s *Service) SplitForm(ctx context.Context, a domain.Actor, id int64) (SplitView, error) {
	var v SplitView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(id)
		if err != nil {
			return err
		}
		v.Org = o
		if !a.Role.WritesOrgs() {
			return domain.ErrRestructureRole
		}
		if !o.ValidTo.IsZero() {
			return &domain.Error{Code: domain.CodeConflict, Message: o.Name + " đã kết thúc hoạt động, không chia tách được."}
		}
		if !o.Kind.IsCell() {
			n, err := tx.Subtree(o, nil)
			if err != nil {
				return err
			}
			for _, c := range n.Children {
				if c.ValidTo.IsZero() {
					v.Children = append(v.Children, c)
				}
			}
			return nil
		}
		const page = 500
		for off := 0; ; off += page {
			pg, err := tx.MemberPage(store.MemberFilter{Limit: page, Offset: off, Brief: true}, &o)
			if err != nil {
				return err
			}
			v.Members = append(v.Members, pg.Items...)
			if off+page >= pg.Total {
				return nil
			}
		}
	})
	return v, err
}
