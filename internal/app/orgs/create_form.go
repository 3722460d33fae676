package orgs

import (
	"context"
	"unicode"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// CreateFormView is the form that founds an organisation under another:
// the parent, and the kinds of organisation it may contain, from the top
// down.
type CreateFormView struct {
	Parent domain.Org
	Kinds  []domain.OrgKind
}

// CreateForm reads the form that founds an organisation under parentID:
// in the actor's scope, by a role that restructures organisations, under an
// open organisation that may contain others. Districts, abolished on
// 1/7/2025, are kept for history and not offered.
func (s *Service) CreateForm(ctx context.Context, a domain.Actor, parentID int64) (CreateFormView, error) {
	var v CreateFormView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		p, err := tx.Org(parentID)
		if err != nil {
			return err
		}
		if !a.Role.WritesOrgs() {
			return domain.ErrRestructureRole
		}
		if !p.ValidTo.IsZero() {
			return domain.Errorf(domain.CodeConflict, "%s đã kết thúc hoạt động từ %s.", p.Name, p.ValidTo)
		}
		v.Parent = p
		for _, k := range domain.OrgKinds {
			if k != domain.KindDistrict && p.Kind.CanContain(k) {
				v.Kinds = append(v.Kinds, k)
			}
		}
		if len(v.Kinds) == 0 {
			return domain.Errorf(domain.CodeConflict, "%s là %s, không có tổ chức trực thuộc.", p.Name, lowerFirst(p.Kind.Label()))
		}
		return nil
	})
	return v, err
}

func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) > 0 {
		r[0] = unicode.ToLower(r[0])
	}
	return string(r)
}
