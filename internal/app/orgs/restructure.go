package orgs

import (
	"context"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// Create founds an organisation under a parent in the actor's scope (a
// province committee, by an administrator, without parent).
func (s *Service) Create(ctx context.Context, a domain.Actor, in domain.OrgInput) (domain.Org, error) {
	if err := domain.ValidateOrg(&in); err != nil {
		return domain.Org{}, err
	}
	var out domain.Org
	err := s.DB.Write(ctx, a, func(tx *store.Tx) (err error) {
		out, err = create(tx, in)
		return err
	})
	return out, err
}

// create checks a validated organisation against its parent and writes it.
func create(tx *store.Tx, in domain.OrgInput) (domain.Org, error) {
	if err := domain.CheckWritesOrgs(tx.Actor()); err != nil {
		return domain.Org{}, err
	}
	var parent *domain.Org
	if in.ParentID != 0 {
		p, err := tx.Org(in.ParentID)
		if err != nil {
			return domain.Org{}, errParentNotFound("Tổ chức cấp trên không có hoặc ngoài phạm vi.")
		}
		parent = &p
	}
	if err := domain.CheckCreateOrg(tx.Actor(), parent, in); err != nil {
		return domain.Org{}, err
	}
	return tx.CreateOrg(parent, in)
}

// Rename renames an organisation from the decision's date.
func (s *Service) Rename(ctx context.Context, a domain.Actor, id int64, name string, dec domain.Decision) (domain.Org, error) {
	name, err := domain.ValidateRename(name, &dec)
	if err != nil {
		return domain.Org{}, err
	}
	var out domain.Org
	err = s.DB.Write(ctx, a, func(tx *store.Tx) error {
		if err := tx.HoldOrgs(id); err != nil {
			return err
		}
		o, err := tx.WritableOrg(id, dec.Date)
		if err != nil {
			return err
		}
		out, err = tx.RenameOrg(o, name, dec)
		return err
	})
	return out, err
}

// Move puts an organisation and its whole subtree under another parent.
func (s *Service) Move(ctx context.Context, a domain.Actor, id, parentID int64, dec domain.Decision) (domain.Org, error) {
	if err := domain.ValidateDecision(&dec); err != nil {
		return domain.Org{}, err
	}
	var out domain.Org
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		if err := tx.HoldOrgs(id, parentID); err != nil {
			return err
		}
		o, err := tx.WritableOrg(id, dec.Date)
		if err != nil {
			return err
		}
		p, err := tx.Org(parentID)
		if err != nil {
			return errParentNotFound("Tổ chức cấp trên mới không có hoặc ngoài phạm vi.")
		}
		if err := domain.CheckMove(o, p); err != nil {
			return err
		}
		out, err = tx.MoveOrg(o, p, dec)
		return err
	})
	return out, err
}

// Merge merges organisations into an existing open one or a new one: their
// sub-organisations and members move to it, and each is closed on the
// decision's date, linked to its successor.
func (s *Service) Merge(ctx context.Context, a domain.Actor, in domain.MergeInput) (domain.Org, error) {
	if err := domain.ValidateMerge(&in); err != nil {
		return domain.Org{}, err
	}
	var into domain.Org
	err := s.DB.Write(ctx, a, func(tx *store.Tx) (err error) {
		held := in.SourceIDs
		if in.Into == nil {
			held = append([]int64{in.IntoID}, held...)
		}
		if err := tx.HoldOrgs(held...); err != nil {
			return err
		}
		if in.Into != nil {
			into, err = create(tx, *in.Into)
		} else {
			into, err = tx.WritableOrg(in.IntoID, in.Date)
		}
		if err != nil {
			return err
		}
		for _, id := range in.SourceIDs {
			src, err := tx.WritableOrg(id, in.Date)
			if err != nil {
				return err
			}
			kids, err := tx.OpenChildren(src)
			if err != nil {
				return err
			}
			for _, k := range kids {
				if err := domain.CheckMove(k, into); err != nil {
					return err
				}
			}
			members, err := tx.ActiveMemberIDs(src)
			if err != nil {
				return err
			}
			if err := domain.CheckAbsorb(src, into, len(members)); err != nil {
				return err
			}
			if err := tx.MergeInto(src, into, kids, in.Decision); err != nil {
				return err
			}
		}
		return nil
	})
	return into, err
}

// Split splits an organisation into new ones under its parent: every open
// sub-organisation and active member goes to exactly one of them, and the
// organisation is closed.
func (s *Service) Split(ctx context.Context, a domain.Actor, id int64, in domain.SplitInput) ([]domain.Org, error) {
	if err := domain.ValidateSplit(&in); err != nil {
		return nil, err
	}
	var out []domain.Org
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		if err := tx.HoldOrgs(id); err != nil {
			return err
		}
		src, err := tx.WritableOrg(id, in.Date)
		if err != nil {
			return err
		}
		kids, err := tx.OpenChildren(src)
		if err != nil {
			return err
		}
		members, err := tx.ActiveMemberIDs(src)
		if err != nil {
			return err
		}
		kidIDs := make([]int64, len(kids))
		byID := map[int64]domain.Org{}
		for i, k := range kids {
			kidIDs[i], byID[k.ID] = k.ID, k
		}
		if err := domain.CheckSplit(src, &in, kidIDs, members); err != nil {
			return err
		}
		for _, p := range in.Parts {
			part, err := create(tx, p.Org)
			if err != nil {
				return err
			}
			var taken []domain.Org
			for _, k := range p.ChildIDs {
				if err := domain.CheckMove(byID[k], part); err != nil {
					return err
				}
				taken = append(taken, byID[k])
			}
			if err := tx.SplitInto(src, part, taken, p.MemberIDs, in.Decision); err != nil {
				return err
			}
			out = append(out, part)
		}
		_, err = tx.CloseOrg(src, in.Decision, "split")
		return err
	})
	return out, err
}

// Dissolve closes an organisation that has no open sub-organisation and no
// active member left.
func (s *Service) Dissolve(ctx context.Context, a domain.Actor, id int64, dec domain.Decision) (domain.Org, error) {
	if err := domain.ValidateDecision(&dec); err != nil {
		return domain.Org{}, err
	}
	var out domain.Org
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		if err := tx.HoldOrgs(id); err != nil {
			return err
		}
		o, err := tx.WritableOrg(id, dec.Date)
		if err != nil {
			return err
		}
		kids, err := tx.OpenChildren(o)
		if err != nil {
			return err
		}
		members, err := tx.ActiveMemberIDs(o)
		if err != nil {
			return err
		}
		if err := domain.CheckDissolve(o, len(kids), len(members)); err != nil {
			return err
		}
		out, err = tx.CloseOrg(o, dec, "dissolve")
		return err
	})
	return out, err
}

// errParentNotFound answers a parent that is missing or outside the scope:
// the field is wrong, which the form marks.
func errParentNotFound(msg string) error {
	return &domain.Error{Code: domain.CodeInvalid, Message: msg, Fields: domain.Fields{"parent_id": "Không tìm thấy tổ chức cấp trên."}}
}
