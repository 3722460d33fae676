// Package mobility holds the user actions on members on the move (issue
// 11; RULES.md: Transfers, Members working away, Regulation 213, Working
// days): official transfers inside the installation with their numbered
// letter and deadlines, transfers to and from another installation by a
// signed package, temporary transfers, collective transfers under one
// decision with their handover record, members working away, the tie of
// Regulation 213 with the place of residence and its yearly comment, and
// the reports on all of them.
//
// Each exported method is one user action: it takes the actor, resolves
// what it acts on once, runs in one write transaction or one read snapshot,
// calls the domain's rules, and returns the view that both the screen and
// the API render.
package mobility

import (
	"context"
	"fmt"
	"strings"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/viet"
)

// Service runs the mobility actions against a database.
type Service struct{ DB *store.DB }

func (s *Service) today() domain.Date { return domain.DateOf(s.DB.Now()) }

// errIssuer refuses a role that may not issue letters: the letter is the
// committee's (cấp ủy cấp trên cơ sở), written by its organisation staff.
var errIssuer = &domain.Error{Code: domain.CodeForbidden, Message: "Giấy giới thiệu sinh hoạt đảng do cấp ủy lập: chỉ cán bộ ban tổ chức thực hiện."}

func checkIssuer(a domain.Actor) error {
	if !a.Role.WritesOrgs() {
		return errIssuer
	}
	return nil
}

// TransferView is a transfer with its deadlines on the day it is read and
// which side the reader is on.
type TransferView struct {
	store.Transfer
	Deadlines  domain.Deadlines `json:"deadlines"`
	Side       string           `json:"side"` // from, to, both, or "" (a member's own)
	Temporary  bool             `json:"-"`
	CanConfirm bool             `json:"-"` // the receiving side may confirm (or the sending side acknowledge a letter sent out)
	CanCancel  bool             `json:"-"` // the sending side may withdraw the letter
	CanEnd     bool             `json:"-"` // a temporary transfer that may be ended
	HasPackage bool             `json:"-"`
}

// transferView is viewOf with the calendar and today of tx: what an action
// returns after reading or writing a letter.
func transferView(tx *store.Tx, a domain.Actor, t store.Transfer) (TransferView, error) {
	cal, err := tx.Calendar()
	if err != nil {
		return TransferView{}, err
	}
	return viewOf(a, t, tx.Today(), cal), nil
}

func viewOf(a domain.Actor, t store.Transfer, today domain.Date, cal *domain.Calendar) TransferView {
	v := TransferView{Transfer: t, Deadlines: domain.TransferDeadlines(t.Transfer, today, cal), Temporary: t.Kind == domain.TransferTemporary}
	from := t.FromPath != "" && a.Covers(t.FromPath)
	to := t.ToPath != "" && a.Covers(t.ToPath)
	switch {
	case from && to:
		v.Side = "both"
	case from:
		v.Side = "from"
	case to:
		v.Side = "to"
	}
	w := a.Role.WritesMembers()
	if t.Status == domain.TransferInTransit {
		v.CanConfirm = w && ((t.Route == domain.RouteInternal && to) || (t.Route == domain.RouteOut && from))
		v.CanCancel = a.Role.WritesOrgs() && from
	}
	v.CanEnd = w && t.Status == domain.TransferActive && (from || to)
	v.HasPackage = t.Route == domain.RouteOut && t.PackageID != "" && from
	return v
}

// MemberView is what the member's mobility page shows: the transfers, the
// records of working away and the ties with the residence cell, with what
// the reader may do.
type MemberView struct {
	Member    domain.Member     `json:"-"`
	Transfers []TransferView    `json:"transfers"`
	Open      *TransferView     `json:"open_transfer,omitempty"`
	Aways     []AwayView        `json:"working_away"`
	Ties      []TieView         `json:"residence_ties"`
	Prior     []store.Placement `json:"placements"`
	CanIssue  bool              `json:"-"` // official and temporary letters
	CanWrite  bool              `json:"-"` // working away, residence tie
}

// Member reads a member's transfers, records of working away and
// residence ties.
func (s *Service) Member(ctx context.Context, a domain.Actor, memberID int64) (MemberView, error) {
	var v MemberView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		m, err := tx.Member(memberID)
		if err != nil {
			return err
		}
		cal, err := tx.Calendar()
		if err != nil {
			return err
		}
		today := tx.Today()
		v.Member = m
		v.CanIssue = a.Role.WritesOrgs() && m.Status.Active()
		v.CanWrite = a.Role.WritesMembers() && m.Status.Active()
		ts, err := tx.MemberTransfers(m)
		if err != nil {
			return err
		}
		v.Transfers = make([]TransferView, len(ts))
		for i, t := range ts {
			v.Transfers[i] = viewOf(a, t, today, cal)
			if t.Status.Open() && v.Open == nil {
				v.Open = &v.Transfers[i]
			}
		}
		as, err := tx.MemberAways(m)
		if err != nil {
			return err
		}
		for _, r := range as {
			v.Aways = append(v.Aways, AwayView{Away: r, State: r.StateOn(today)})
		}
		ties, err := tx.MemberTies(m)
		if err != nil {
			return err
		}
		for _, t := range ties {
			tv, err := tieView(tx, a, t, today)
			if err != nil {
				return err
			}
			v.Ties = append(v.Ties, tv)
		}
		v.Prior, err = tx.Placements(m)
		return err
	})
	if v.Aways == nil {
		v.Aways = []AwayView{}
	}
	if v.Ties == nil {
		v.Ties = []TieView{}
	}
	return v, err
}

// Transfer reads one transfer, from either side.
func (s *Service) Transfer(ctx context.Context, a domain.Actor, id int64) (TransferView, error) {
	var v TransferView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		t, err := tx.Transfer(id)
		if err != nil {
			return err
		}
		v, err = transferView(tx, a, t)
		return err
	})
	return v, err
}

// FindLetter finds, by the number the member handed in, a letter sent to a
// cell of the reader's scope: the receiving side's first step. A letter
// sent elsewhere is answered as one that does not exist.
func (s *Service) FindLetter(ctx context.Context, a domain.Actor, number string) (TransferView, error) {
	var v TransferView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		notHere := &domain.Error{Code: domain.CodeInvalid, Message: fmt.Sprintf("Không có giấy giới thiệu số %s gửi đến đơn vị trong phạm vi của đồng chí.", number),
			Fields: domain.Fields{"number": "Kiểm tra lại số giấy giới thiệu."}}
		id, err := tx.TransferIDByNumber(number)
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return notHere
		} else if err != nil {
			return err
		}
		t, err := tx.Transfer(id)
		if domain.ErrorCode(err) == domain.CodeNotFound || (err == nil && (t.ToPath == "" || !a.Covers(t.ToPath))) {
			return notHere
		} else if err != nil {
			return err
		}
		v, err = transferView(tx, a, t)
		return err
	})
	return v, err
}

// Issue issues an official transfer letter for a member: to a cell of this
// installation, or to an organisation of another one (whose package is
// signed and kept to be handed over). The member is in transit from the
// letter's date: off the sending cell's roll (a transfer out, through the
// members' state machine) until the receiving side confirms. The member's
// tasks at the sending cell close with a note.
func (s *Service) Issue(ctx context.Context, a domain.Actor, memberID int64, in domain.TransferInput) (TransferView, error) {
	if err := domain.ValidateTransfer(&in, s.today()); err != nil {
		return TransferView{}, err
	}
	var v TransferView
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		today := tx.Today()
		m, from, err := transferable(tx, memberID)
		if err != nil {
			return err
		}
		t := domain.Transfer{Kind: domain.TransferOfficial, Route: in.Route(), Status: domain.TransferInTransit, MemberID: m.ID, FromOrgID: from.ID, FromName: from.Name,
			ToName: in.ToName, Reason: in.Reason, Decision: in.Decision, EffectiveOn: in.EffectiveOn, LetterOn: in.LetterOn}
		if in.ToOrgID != 0 {
			to, found, err := tx.DestinationCell(in.ToOrgID)
			if err != nil {
				return err
			}
			if err := domain.CheckDestination(from, to, found); err != nil {
				return err
			}
			t.ToOrgID, t.ToName = to.ID, to.Name
		}
		history, err := tx.Events(m)
		if err != nil {
			return err
		}
		e := domain.Event{Kind: domain.EventTransferredOut, Date: in.LetterOn, Decision: in.Decision}
		prev, next, err := domain.NextEvent(m, history, &e, today)
		if err != nil {
			return err
		}
		issuer, err := issuerOf(tx, from)
		if err != nil {
			return err
		}
		rec, err := tx.IssueTransfer(t, issuer)
		if err != nil {
			return err
		}
		e.Reason = fmt.Sprintf("Chuyển sinh hoạt đảng chính thức đến %s, giấy giới thiệu số %s: %s", rec.ToName, rec.Number, in.Reason)
		m, _, err = tx.AddEvent(m, prev, next, e, domain.Org{})
		if err != nil {
			return err
		}
		if _, err := tx.CloseTasks(m, from, in.LetterOn, fmt.Sprintf("Kết thúc do chuyển sinh hoạt đảng đến %s (giấy giới thiệu số %s).", rec.ToName, rec.Number)); err != nil {
			return err
		}
		if rec.Route == domain.RouteOut {
			if rec, err = s.signPackage(tx, m, rec); err != nil {
				return err
			}
		}
		cal, err := tx.Calendar()
		if err != nil {
			return err
		}
		v = viewOf(a, rec, today, cal)
		return nil
	})
	return v, err
}

// transferable reads a member for a new transfer: in scope, writable by a
// committee's staff (the letter is the committee's), on
// the roll, with no transfer still binding them (a temporary transfer past
// its end date is closed on the way), and the member's cell.
func transferable(tx *store.Tx, memberID int64) (domain.Member, domain.Org, error) {
	m, err := tx.MemberForUpdate(memberID)
	if err != nil {
		return m, domain.Org{}, err
	}
	if err := checkIssuer(tx.Actor()); err != nil {
		return m, domain.Org{}, err
	}
	open, err := tx.OpenTransfer(m)
	if err != nil {
		return m, domain.Org{}, err
	}
	if open != nil && open.Kind == domain.TransferTemporary && open.EndsOn.Before(tx.Today()) {
		if _, err := tx.CloseTransfer(*open, domain.TransferEnded, open.EndsOn.AddDays(1), "Hết thời hạn sinh hoạt tạm thời"); err != nil {
			return m, domain.Org{}, err
		}
		open = nil
	}
	var ot *domain.Transfer
	if open != nil {
		ot = &open.Transfer
	}
	if err := domain.CheckTransferable(m, ot); err != nil {
		return m, domain.Org{}, err
	}
	from, err := tx.Org(m.OrgID)
	return m, from, err
}

// issuerOf is the committee that issues a cell's letters: the organisation
// directly above it (or the cell itself at the top).
func issuerOf(tx *store.Tx, cell domain.Org) (domain.Org, error) {
	up, err := tx.Ancestors(cell)
	if err != nil || len(up) == 0 {
		return cell, err
	}
	return up[len(up)-1], nil
}

// Temporary issues a temporary transfer: the member keeps the record at the
// home cell and takes part at the temporary cell (or at an organisation of
// another installation) from its first day to its last; both cells see it,
// and each meeting's roster has the member where they belong that day.
func (s *Service) Temporary(ctx context.Context, a domain.Actor, memberID int64, in domain.TemporaryInput) (TransferView, error) {
	if err := domain.ValidateTemporary(&in, s.today()); err != nil {
		return TransferView{}, err
	}
	var v TransferView
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		m, from, err := transferable(tx, memberID)
		if err != nil {
			return err
		}
		route := domain.RouteOut
		t := domain.Transfer{Kind: domain.TransferTemporary, Status: domain.TransferActive, MemberID: m.ID, FromOrgID: from.ID, FromName: from.Name, ToName: in.ToName,
			Reason: in.Reason, Decision: in.Decision, LetterOn: in.LetterOn, Purpose: string(in.Purpose), StartsOn: in.StartsOn, EndsOn: in.EndsOn}
		if in.ToOrgID != 0 {
			to, found, err := tx.DestinationCell(in.ToOrgID)
			if err != nil {
				return err
			}
			if err := domain.CheckDestination(from, to, found); err != nil {
				return err
			}
			route, t.ToOrgID, t.ToName = domain.RouteInternal, to.ID, to.Name
		}
		t.Route = route
		if in.StartsOn.Before(m.AdmissionDate) {
			return &domain.Error{Code: domain.CodeInvalid, Message: "Ngày bắt đầu trước ngày vào Đảng.", Fields: domain.Fields{"starts_on": "Trước ngày vào Đảng."}}
		}
		issuer, err := issuerOf(tx, from)
		if err != nil {
			return err
		}
		rec, err := tx.IssueTransfer(t, issuer)
		if err != nil {
			return err
		}
		v, err = transferView(tx, a, rec)
		return err
	})
	return v, err
}

// ConfirmArrival records that the member presented the letter: by the
// receiving cell (in.CellID), for a letter inside the installation, which
// puts the member on its roll (a transfer in, through the members' state
// machine); by the sending side, for a letter sent to another installation,
// when the acknowledgement comes back. A letter meant for another cell, or
// confirmed already, is refused and nothing is written.
func (s *Service) ConfirmArrival(ctx context.Context, a domain.Actor, id int64, in domain.ArrivalInput) (TransferView, error) {
	var v TransferView
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		t, err := tx.TransferForUpdate(id)
		if err != nil {
			return err
		}
		cal, err := tx.Calendar()
		if err != nil {
			return err
		}
		today := tx.Today()
		switch t.Route {
		case domain.RouteInternal:
			if t.ToPath == "" || !a.Covers(t.ToPath) {
				return &domain.Error{Code: domain.CodeForbidden, Message: "Chỉ chi bộ, cấp ủy nơi chuyển đến xác nhận đảng viên đã đến."}
			}
		case domain.RouteOut:
			if t.FromPath == "" || !a.Covers(t.FromPath) {
				return domain.ErrNotFound
			}
		}
		if err := domain.CheckArrival(t.Transfer, &in, today, cal); err != nil {
			return err
		}
		if t.Route == domain.RouteInternal {
			to, err := tx.WritableCell(t.ToOrgID)
			if err != nil {
				return err
			}
			m, err := tx.TransferMember(t)
			if err != nil {
				return err
			}
			reason := fmt.Sprintf("Chuyển đến từ %s, giấy giới thiệu số %s", t.FromName, t.Number)
			if in.LateReason != "" {
				reason += "; xuất trình chậm: " + in.LateReason
			}
			if _, err := arrive(tx, m, to, in.PresentedOn, reason, t.Number); err != nil {
				return err
			}
		}
		if t, err = tx.ArriveTransfer(t, in); err != nil {
			return err
		}
		v = viewOf(a, t, today, cal)
		return nil
	})
	return v, err
}

// arrive puts member m on cell to's roll from day on: the record moves to
// the cell and a transfer in is recorded through the members' state machine.
func arrive(tx *store.Tx, m domain.Member, to domain.Org, on domain.Date, reason, decision string) (domain.Member, error) {
	history, err := tx.Events(m)
	if err != nil {
		return m, err
	}
	e := domain.Event{Kind: domain.EventTransferredIn, Date: on, Reason: reason, Decision: decision}
	prev, next, err := domain.NextEvent(m, history, &e, tx.Today())
	if err != nil {
		return m, err
	}
	if m, err = tx.PlaceRecord(m, to); err != nil {
		return m, err
	}
	m, _, err = tx.AddEvent(m, prev, next, e, domain.Org{})
	return m, err
}

// Withdraw withdraws a letter still in transit (the sending side): the
// member is back on the sending cell's roll from that day.
func (s *Service) Withdraw(ctx context.Context, a domain.Actor, id int64, on domain.Date, reason string) (TransferView, error) {
	var v TransferView
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		t, err := tx.TransferForUpdate(id)
		if err != nil {
			return err
		}
		if err := checkIssuer(a); err != nil {
			return err
		}
		if t.FromPath == "" || !a.Covers(t.FromPath) {
			return &domain.Error{Code: domain.CodeForbidden, Message: "Chỉ cấp ủy nơi chuyển đi thu hồi giấy giới thiệu."}
		}
		today := tx.Today()
		if err := domain.CheckWithdraw(t.Transfer, on, today, reason); err != nil {
			return err
		}
		m, err := tx.TransferMember(t)
		if err != nil {
			return err
		}
		cell, err := tx.WritableCell(t.FromOrgID)
		if err != nil {
			return err
		}
		if _, err := arrive(tx, m, cell, on, fmt.Sprintf("Thu hồi giấy giới thiệu số %s: %s", t.Number, reason), t.Number); err != nil {
			return err
		}
		if t, err = tx.CloseTransfer(t, domain.TransferCancelled, on, reason); err != nil {
			return err
		}
		cal, err := tx.Calendar()
		if err != nil {
			return err
		}
		v = viewOf(a, t, today, cal)
		return nil
	})
	return v, err
}

// EndTemporary ends a temporary transfer early (or records that it ended):
// from day on the member is back on the home cell's roll.
func (s *Service) EndTemporary(ctx context.Context, a domain.Actor, id int64, on domain.Date, note string) (TransferView, error) {
	var v TransferView
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		t, err := tx.TransferForUpdate(id)
		if err != nil {
			return err
		}
		today := tx.Today()
		if err := domain.CheckEndTemporary(t.Transfer, on, today); err != nil {
			return err
		}
		note = viet.Clean(note)
		if err := domain.CheckText("note", "Ghi chú", viet.OneLine, note); err != nil {
			return err
		}
		if note == "" {
			note = "Trở về sinh hoạt ở chi bộ gốc"
		}
		if t, err = tx.CloseTransfer(t, domain.TransferEnded, on, note); err != nil {
			return err
		}
		cal, err := tx.Calendar()
		if err != nil {
			return err
		}
		v = viewOf(a, t, today, cal)
		return nil
	})
	return v, err
}

// LetterView is the printable letter (giấy giới thiệu sinh hoạt đảng): the
// transfer, the member's particulars it states, the committees that head
// it, and the deadline it is valid to.
type LetterView struct {
	T                TransferView
	M                domain.Member
	Upper            string // the organisation above the issuer, in capitals
	Issuer           string // in capitals
	FeesPaidTo       domain.Month
	Day, Month, Year int
	PresentDays      int
}

// Letter reads what the printed letter states; either side may print it.
func (s *Service) Letter(ctx context.Context, a domain.Actor, id int64) (LetterView, error) {
	var v LetterView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		t, err := tx.Transfer(id)
		if err != nil {
			return err
		}
		cal, err := tx.Calendar()
		if err != nil {
			return err
		}
		v.T = viewOf(a, t, tx.Today(), cal)
		if v.M, err = tx.TransferMemberView(t); err != nil {
			return err
		}
		if t.IssuerID != 0 {
			if issuer, found, err := tx.DestinationCell(t.IssuerID); err != nil {
				return err
			} else if found {
				up, err := tx.Ancestors(issuer)
				if err != nil {
					return err
				}
				if len(up) > 0 {
					v.Upper = upper(up[len(up)-1].Name)
				}
			}
		}
		v.Issuer = upper(t.Issuer)
		if v.FeesPaidTo, err = tx.FeesPaidTo(v.M); err != nil {
			return err
		}
		v.Day, v.Month, v.Year = t.LetterOn.Time().Day(), int(t.LetterOn.Time().Month()), t.LetterOn.Year()
		v.PresentDays = domain.TransferPresentDays(t.LetterOn)
		return nil
	})
	return v, err
}

func upper(s string) string { return strings.ToUpper(s) }
