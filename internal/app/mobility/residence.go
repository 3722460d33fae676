package mobility

import (
	"context"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/viet"
)

// TieView is a Regulation 213 tie as the reader's side sees it: the
// workplace side the tie and every comment; the residence side the tie (who,
// from which cell) and the comments it wrote, with what each may do.
type TieView struct {
	domain.Tie
	Comments   []domain.TieComment `json:"comments"`
	State      domain.CommentState `json:"state"` // this year's comment
	StateLabel string              `json:"state_label"`
	Year       int                 `json:"year"`
	Due        domain.Date         `json:"due"`
	// The reader's side: the workplace's, the residence's (named apart from
	// the tie's Residence, the cell's name, which they would hide).
	WorkSide      bool `json:"-"`
	ResidenceSide bool `json:"-"`
	CanComment    bool `json:"-"`
	CanEnd        bool `json:"-"`
}

func tieView(tx *store.Tx, a domain.Actor, t store.TieRow, today domain.Date) (TieView, error) {
	v := TieView{Tie: t.Tie, Year: today.Year(), Due: domain.CommentDue(today.Year())}
	v.WorkSide = a.Covers(t.WorkPath) || a.Role == domain.RoleMember
	v.ResidenceSide = a.Covers(t.ResidencePath)
	cs, err := tx.TieComments(t)
	if err != nil {
		return v, err
	}
	have := false
	for _, c := range cs {
		have = have || c.Year == v.Year
	}
	v.Comments = cs
	v.State = domain.CommentStateOf(t.Tie, have, v.Year, today)
	v.StateLabel = v.State.Label()
	v.CanComment = v.ResidenceSide && a.Role.WritesMembers() && t.EndedOn.IsZero() && !have
	v.CanEnd = v.WorkSide && a.Role.WritesMembers() && t.EndedOn.IsZero()
	return v, nil
}

// AddTie records that a member working in an agency, unit or enterprise
// presented the introduction to the cell where they live (Regulation 213),
// and whether they are of a category commented on only when asked.
func (s *Service) AddTie(ctx context.Context, a domain.Actor, memberID int64, in domain.TieInput) (TieView, error) {
	var v TieView
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		m, err := tx.MemberForUpdate(memberID)
		if err != nil {
			return err
		}
		open, err := tx.OpenTie(m)
		if err != nil {
			return err
		}
		var ot *domain.Tie
		if open != nil {
			ot = &open.Tie
		}
		res, found, err := tx.ResidenceCell(in.ResidenceID)
		if err != nil {
			return err
		}
		if err := domain.CheckTie(m, ot, res, found, &in, tx.Today()); err != nil {
			return err
		}
		t, err := tx.AddTie(m, res, in)
		if err != nil {
			return err
		}
		v, err = tieView(tx, a, t, tx.Today())
		return err
	})
	return v, err
}

// EndTie ends a tie (the member moved house, left the agency, retired):
// from that day no comment is due.
func (s *Service) EndTie(ctx context.Context, a domain.Actor, id int64, on domain.Date, reason string) (TieView, error) {
	reason = viet.Clean(reason)
	var v TieView
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		t, err := tx.Tie(id)
		if err != nil {
			return err
		}
		if !a.Covers(t.WorkPath) {
			return &domain.Error{Code: domain.CodeForbidden, Message: "Chỉ chi bộ, cấp ủy nơi đảng viên sinh hoạt kết thúc mối liên hệ với nơi cư trú."}
		}
		if _, err := tx.MemberForUpdate(t.MemberID); err != nil {
			return err
		}
		if err := domain.CheckTieEnd(t.Tie, on, tx.Today(), reason); err != nil {
			return err
		}
		if t, err = tx.EndTie(t, on, reason); err != nil {
			return err
		}
		v, err = tieView(tx, a, t, tx.Today())
		return err
	})
	return v, err
}

// Comment records the residence cell's comment of a year on a member who
// lives there: only the residence cell (in.CellID, which the reader must be
// able to write for) comments, once a year.
func (s *Service) Comment(ctx context.Context, a domain.Actor, tieID int64, in domain.CommentInput) (domain.TieComment, error) {
	var c domain.TieComment
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		t, err := tx.Tie(tieID)
		if err != nil {
			return err
		}
		if !a.Covers(t.ResidencePath) {
			return &domain.Error{Code: domain.CodeForbidden, Message: "Chỉ chi bộ nơi cư trú nhận xét đảng viên theo Quy định 213."}
		}
		cs, err := tx.TieComments(t)
		if err != nil {
			return err
		}
		years := make([]int, len(cs))
		for i, c := range cs {
			years[i] = c.Year
		}
		if err := domain.CheckComment(t.Tie, &in, years, tx.Today()); err != nil {
			return err
		}
		cell, err := tx.WritableCell(in.CellID)
		if err != nil {
			return err
		}
		c, err = tx.AddComment(t, cell, in)
		return err
	})
	return c, err
}

// ResidenceComment reads the residence cell's comment of a year on a member,
// for the yearly evaluation: see store.Tx.ResidenceComment.
func (s *Service) ResidenceComment(ctx context.Context, a domain.Actor, memberID int64, year int) (store.ResidenceStatus, error) {
	var st store.ResidenceStatus
	err := s.DB.Read(ctx, a, func(tx *store.Tx) (err error) {
		st, err = tx.ResidenceComment(memberID, year)
		return err
	})
	return st, err
}

// ResidenceComments gives the yearly evaluation (evaluation.Residence) the
// residence cells' comments of year on the members ids, read inside the
// evaluation's transaction: a member tied to a residence cell that year has
// an entry, Required unless of a category commented on only when asked, with
// the comment once it came (Fulfilled unless the verdict is that they did
// not fulfil their duties where they live); a member with no tie has none.
func (s *Service) ResidenceComments(tx *store.Tx, year int, ids []int64) (map[int64]domain.ResidenceComment, error) {
	sts, err := tx.ResidenceStatuses(ids, year)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]domain.ResidenceComment, len(sts))
	for id, st := range sts {
		if st.Tie == nil || st.State == domain.CommentNone {
			continue
		}
		c := domain.ResidenceComment{MemberID: id, Year: year, Cell: st.Tie.Residence, Required: !st.Tie.Category.Exempt()}
		if st.Comment != nil {
			c.On, c.Fulfilled, c.Text = st.Comment.On, st.Comment.Verdict != domain.VerdictPoor, st.Comment.Text
		}
		out[id] = c
	}
	return out, nil
}
