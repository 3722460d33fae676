package mobility

import (
	"context"
	"fmt"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// AwayView is a record of working away and how it stands today.
type AwayView struct {
	domain.Away
	State      domain.AwayState `json:"state"`
	FeesPaidTo string           `json:"fees_paid_to,omitempty"` // yyyy-mm: they pay late or ahead
}

// RecordAway records that a member left to work away: where, since when,
// how to reach them, how they keep in touch, and the temporary exemption
// the grassroots committee granted (under 12 months), if any.
func (s *Service) RecordAway(ctx context.Context, a domain.Actor, memberID int64, in domain.AwayInput) (AwayView, error) {
	if err := domain.ValidateAway(&in, s.today()); err != nil {
		return AwayView{}, err
	}
	var v AwayView
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		m, err := tx.MemberForUpdate(memberID)
		if err != nil {
			return err
		}
		open, err := tx.OpenAway(m)
		if err != nil {
			return err
		}
		if err := domain.CheckAwayOpen(m, open); err != nil {
			return err
		}
		if err := checkAwayOverlap(tx, m, in.Since, 0); err != nil {
			return err
		}
		r, err := tx.AddAway(m, in)
		v = AwayView{Away: r, State: r.StateOn(tx.Today())}
		return err
	})
	return v, err
}

// checkAwayOverlap refuses a period that begins before an earlier record's
// return: one record a day.
func checkAwayOverlap(tx *store.Tx, m domain.Member, since domain.Date, self int64) error {
	as, err := tx.MemberAways(m)
	if err != nil {
		return err
	}
	for _, r := range as {
		if r.ID != self && !r.ReturnedOn.IsZero() && since.Before(r.ReturnedOn) {
			return &domain.Error{Code: domain.CodeInvalid, Message: fmt.Sprintf("Trùng thời gian với lần đi làm ăn xa trước (về ngày %s).", r.ReturnedOn),
				Fields: domain.Fields{"since": "Phải từ ngày về của lần trước trở đi."}}
		}
	}
	return nil
}

// UpdateAway changes a record while the member is away: a new place or
// contact, the exemption granted later.
func (s *Service) UpdateAway(ctx context.Context, a domain.Actor, id int64, in domain.AwayInput) (AwayView, error) {
	if err := domain.ValidateAway(&in, s.today()); err != nil {
		return AwayView{}, err
	}
	var v AwayView
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		r, m, err := writableAway(tx, id)
		if err != nil {
			return err
		}
		if !r.ReturnedOn.IsZero() {
			return domain.Errorf(domain.CodeConflict, "Đảng viên đã về ngày %s: không sửa lần đi này.", r.ReturnedOn)
		}
		if err := checkAwayOverlap(tx, m, in.Since, r.ID); err != nil {
			return err
		}
		r, err = tx.UpdateAway(m, r, in)
		v = AwayView{Away: r, State: r.StateOn(tx.Today())}
		return err
	})
	return v, err
}

// writableAway reads a record of working away and its member, for writing.
func writableAway(tx *store.Tx, id int64) (domain.Away, domain.Member, error) {
	r, err := tx.Away(id)
	if err != nil {
		return r, domain.Member{}, err
	}
	m, err := tx.MemberForUpdate(r.MemberID)
	return r, m, err
}

// ReturnAway records the member's return and the comments they brought back
// from where they were.
func (s *Service) ReturnAway(ctx context.Context, a domain.Actor, id int64, in domain.AwayReturn) (AwayView, error) {
	var v AwayView
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		r, m, err := writableAway(tx, id)
		if err != nil {
			return err
		}
		if err := domain.CheckAwayReturn(r, &in, tx.Today()); err != nil {
			return err
		}
		r, err = tx.ReturnAway(m, r, in)
		v = AwayView{Away: r, State: r.StateOn(tx.Today())}
		return err
	})
	return v, err
}
