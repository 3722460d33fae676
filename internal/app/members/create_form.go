package members

import (
	"context"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// NewFormView is what the form that opens a record offers: the
// organisation it was opened from and, when that is a committee, its open
// cells to choose from (in Vietnamese order); More tells that the committee
// has more cells than a list holds, so the form is to be opened from the
// cell.
type NewFormView struct {
	Org   domain.Org
	Cells []store.OrgRef
	More  bool
}

// newFormCells is the most cells the form's picker lists.
const newFormCells = 400

// NewForm reads the form that opens a member's record under an
// organisation: in the actor's scope, by a role that writes records, and
// open.
func (s *Service) NewForm(ctx context.Context, a domain.Actor, orgID int64) (NewFormView, error) {
	var v NewFormView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		if !a.Role.WritesMembers() {
			return errReadOnly
		}
		if !o.ValidTo.IsZero() {
			return domain.Errorf(domain.CodeConflict, "%s đã kết thúc hoạt động từ %s.", o.Name, o.ValidTo)
		}
		v.Org = o
		if o.Kind.IsCell() {
			return nil
		}
		v.Cells, v.More, err = tx.OpenCells(&o, newFormCells)
		return err
	})
	return v, err
}
