package mobility

import (
	"context"
	"strings"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// Collective transfers, the 2025 way: under one decision, the cells and
// committees of an organisation (and the members of a cell) go to another;
// the organisation handing over may close, succeeded by the receiving one.

// Collective runs a collective transfer in one transaction, with its
// handover record: organisations under in.FromID move with their subtrees
// under in.ToID, members of in.FromID (a cell) move to in.ToID (a cell)
// through the members' state machine, and with in.All everything moves and
// in.FromID closes. Any refusal, for any organisation or member, writes
// nothing.
func (s *Service) Collective(ctx context.Context, a domain.Actor, in domain.CollectiveInput) (store.Handover, error) {
	if err := domain.CheckWritesOrgs(a); err != nil {
		return store.Handover{}, err
	}
	if err := domain.ValidateCollective(&in); err != nil {
		return store.Handover{}, err
	}
	var h store.Handover
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		from, err := tx.WritableOrg(in.FromID, in.Date)
		if err != nil {
			return err
		}
		// Hold both sides and their members, then read again: a transfer
		// of the same members or a restructuring of either side that ran
		// meanwhile is seen, not undone.
		if err := tx.HoldOrgs(in.FromID, in.ToID); err != nil {
			return err
		}
		if from, err = tx.WritableOrg(in.FromID, in.Date); err != nil {
			return err
		}
		to, err := tx.Org(in.ToID)
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return &domain.Error{Code: domain.CodeInvalid, Message: "Tổ chức tiếp nhận không có hoặc ngoài phạm vi.", Fields: domain.Fields{"to_id": "Không tìm thấy tổ chức tiếp nhận."}}
		} else if err != nil {
			return err
		}
		if in.Date.Before(to.ValidFrom) {
			return &domain.Error{Code: domain.CodeInvalid, Message: "Ngày quyết định trước ngày thành lập tổ chức tiếp nhận.", Fields: domain.Fields{"date": "Trước ngày thành lập " + to.Name + "."}}
		}
		kids, err := tx.OpenChildren(from)
		if err != nil {
			return err
		}
		members, err := tx.ActiveMemberIDs(from)
		if err != nil {
			return err
		}
		if err := domain.CheckCollective(from, to, kids, members, &in); err != nil {
			return err
		}
		byID := map[int64]domain.Org{}
		for _, k := range kids {
			byID[k.ID] = k
		}
		moving := make([]domain.Org, 0, len(in.OrgIDs))
		for _, id := range in.OrgIDs {
			k := byID[id]
			if err := domain.CheckMove(k, to); err != nil {
				return err
			}
			moving = append(moving, k)
		}
		// With All everything moves, and the organisation left empty closes.
		h, err = tx.CollectiveTransfer(from, to, moving, in.MemberIDs, in.All, in)
		return err
	})
	return h, err
}

// Handover reads a handover record, from either side.
func (s *Service) Handover(ctx context.Context, a domain.Actor, id int64) (store.Handover, error) {
	var h store.Handover
	err := s.DB.Read(ctx, a, func(tx *store.Tx) (err error) {
		h, err = tx.Handover(id)
		return err
	})
	return h, err
}

// HistoryView is what became of an organisation's predecessors: who went
// into it, when and by which decision, with the handover records.
type HistoryView struct {
	Org          domain.Org          `json:"-"`
	Predecessors []store.Predecessor `json:"predecessors"`
	Handovers    []store.Handover    `json:"handovers"`
}

// History reads an organisation's predecessors and handover records: the
// staff of a successor see where what they took over came from.
func (s *Service) History(ctx context.Context, a domain.Actor, orgID int64) (HistoryView, error) {
	var v HistoryView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		if a.Role == domain.RoleMember {
			return domain.ErrNotFound
		}
		v.Org = o
		if v.Predecessors, err = tx.Predecessors(o); err != nil {
			return err
		}
		v.Handovers, err = tx.Handovers(o)
		return err
	})
	return v, err
}

// CollectiveFormView is what the form of a collective transfer offers: the
// organisation's open sub-organisations and how many members it has itself.
type CollectiveFormView struct {
	Org     domain.Org
	Kids    []domain.Org
	Members int
}

// CollectiveForm reads an organisation for the form of a collective
// transfer from it.
func (s *Service) CollectiveForm(ctx context.Context, a domain.Actor, orgID int64) (CollectiveFormView, error) {
	var v CollectiveFormView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		if err := domain.CheckWritesOrgs(a); err != nil {
			return domain.ErrRestructureRole
		}
		if err := domain.CheckRestructure(a, o, tx.Today()); err != nil {
			return err
		}
		v.Org = o
		if v.Kids, err = tx.OpenChildren(o); err != nil {
			return err
		}
		ids, err := tx.ActiveMemberIDs(o)
		v.Members = len(ids)
		return err
	})
	return v, err
}

// OrgByCode reads an organisation of the actor's scope by its code: the
// receiving side of a collective transfer, as a form names it.
func (s *Service) OrgByCode(ctx context.Context, a domain.Actor, code string) (domain.Org, error) {
	o, err := s.DB.OrgByCode(ctx, a, strings.ToUpper(strings.TrimSpace(code)))
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return o, &domain.Error{Code: domain.CodeInvalid, Message: "Không có tổ chức mã này trong phạm vi quản lý.", Fields: domain.Fields{"to_id": "Kiểm tra lại mã tổ chức tiếp nhận."}}
	}
	return o, err
}
