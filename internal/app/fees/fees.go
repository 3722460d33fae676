// Package fees holds the user actions on party fees: a cell's monthly
// collection sheet, a member's fees and profile, payments, arrears, the
// shares kept and sent up at each level, and what was actually sent up.
//
// Each exported method is one user action: it takes the actor, runs in one
// transaction (a write) or one read snapshot (a view), calls the domain's
// rules, and returns the view that both the screen and the API render.
package fees

import (
	"context"
	"strconv"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/viet"
)

// Service runs the fee actions against a database.
type Service struct{ DB *store.DB }

func (s *Service) today() domain.Date { return domain.DateOf(s.DB.Now()) }

// SheetView is a cell's collection sheet for a month, with what the cell
// keeps and sends up of what it collected and what it has sent.
type SheetView struct {
	Org domain.Org `json:"-"`
	store.FeeSheet
	KeepPct  int                `json:"keep_pct"` // the cell's share, from the rule table
	ToRemit  int64              `json:"to_remit"` // the share to send up of what was collected
	Remitted int64              `json:"remitted"` // recorded as sent up for the month
	Sent     []store.Remittance `json:"remittances"`
	CanWrite bool               `json:"-"`
	Current  bool               `json:"-"` // the month is this month
}

// Sheet reads a cell's sheet for a month.
func (s *Service) Sheet(ctx context.Context, a domain.Actor, cellID int64, month domain.Month) (SheetView, error) {
	var v SheetView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(cellID)
		if err != nil {
			return err
		}
		v.Org, v.CanWrite, v.Current = o, a.Role.WritesMembers() && o.ValidTo.IsZero(), month == domain.MonthOf(tx.Today())
		if v.FeeSheet, err = tx.FeeSheet(o, month); err != nil {
			return err
		}
		// What the cell sends up: the shares table's part of what it collected.
		top := o.ParentID == 0
		v.KeepPct = domain.FeeKeepPct(o.Kind, top, month.First())
		v.ToRemit = domain.FeeSplit(o.Kind, top, v.Paid, month.First()).Remitted
		if v.Sent, err = tx.Remittances(o, month, month); err != nil {
			return err
		}
		for _, r := range v.Sent {
			v.Remitted += r.Amount
		}
		return nil
	})
	return v, err
}

// OpenMonth puts on a cell's sheet for a month everyone who belonged to the
// cell in it, and returns how many were added.
func (s *Service) OpenMonth(ctx context.Context, a domain.Actor, cellID int64, month domain.Month) (int, error) {
	if err := domain.CanOpenFeeMonth(month, s.today()); err != nil {
		return 0, err
	}
	var n int
	err := s.DB.Write(ctx, a, func(tx *store.Tx) (err error) {
		n, err = tx.OpenFeeMonth(cellID, month)
		return err
	})
	return n, err
}

// Pay records that a member paid the fee of several months on one day.
func (s *Service) Pay(ctx context.Context, a domain.Actor, memberID int64, months []domain.Month, paidOn domain.Date) error {
	return s.DB.Write(ctx, a, func(tx *store.Tx) error {
		m, err := tx.WritableMember(memberID)
		if err != nil {
			return err
		}
		profile, err := tx.FeeProfile(m)
		if err != nil {
			return err
		}
		state, err := tx.FeeMonthStates(m, months)
		if err != nil {
			return err
		}
		pay, err := domain.PlanPayment(m, profile, months, paidOn, tx.Today(), state)
		if err != nil {
			return err
		}
		return tx.PayFees(m.ID, pay)
	})
}

// SetProfile records what a member's fee is worked out from.
func (s *Service) SetProfile(ctx context.Context, a domain.Actor, memberID int64, p domain.FeeProfile) (domain.FeeProfile, error) {
	if err := domain.ValidateFeeProfile(p); err != nil {
		return p, err
	}
	return p, s.DB.Write(ctx, a, func(tx *store.Tx) error { return tx.SetFeeProfile(memberID, p) })
}

// MonthChoice is a month offered in a form.
type MonthChoice struct {
	Key   string `json:"month"`
	Label string `json:"label"`
}

// MemberView is a member's fees with the meetings of their cell: what they
// pay and why, each month's payment, what is owed, and what can be paid.
type MemberView struct {
	Member     domain.Member           `json:"-"`
	Profile    *domain.FeeProfile      `json:"profile"`
	MonthlyFee int64                   `json:"monthly_fee"`
	Months     []store.FeeRow          `json:"months"`
	Owed       int                     `json:"owed_months"` // months that have ended unpaid
	Unpaid     []MonthChoice           `json:"-"`           // months on the sheets not paid yet, oldest first
	Ahead      []MonthChoice           `json:"-"`           // this month and the next ones, not yet on a sheet
	Tiers      []MonthChoice           `json:"-"`           // the fixed amounts by tier, for the profile form
	Attendance domain.AttendanceCounts `json:"-"`
	Upcoming   []store.Meeting         `json:"-"`
	CanWrite   bool                    `json:"-"`
}

// Member reads a member's fees and the meetings of their cell.
func (s *Service) Member(ctx context.Context, a domain.Actor, memberID int64) (MemberView, error) {
	var v MemberView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		m, err := tx.Member(memberID)
		if err != nil {
			return err
		}
		today := tx.Today()
		this := domain.MonthOf(today)
		v.Member, v.CanWrite = m, a.Role.WritesMembers()
		for t := 1; t <= 4; t++ {
			amt, _ := domain.MonthlyFee(domain.FeeProfile{Category: domain.FeeOther, Tier: t}, this)
			v.Tiers = append(v.Tiers, MonthChoice{itoa(t), "Bậc " + itoa(t) + ": " + domain.Dong(amt)})
		}
		if v.Profile, err = tx.FeeProfile(m); err != nil {
			return err
		}
		if v.Profile != nil {
			v.MonthlyFee, _ = domain.MonthlyFee(*v.Profile, this)
		}
		if v.Months, err = tx.MemberFees(m); err != nil {
			return err
		}
		listed := map[string]bool{}
		for _, h := range v.Months {
			listed[h.Month] = h.PaidOn != nil || h.Due > 0
			if h.PaidOn != nil || h.Due == 0 {
				continue
			}
			mo, _ := domain.ParseMonth(h.Month)
			label := "Tháng " + mo.String() + " (chưa nộp)"
			if mo.Before(this) { // a month that has ended is owed
				label = "Tháng " + mo.String() + " (nợ)"
				v.Owed++
			}
			v.Unpaid = append([]MonthChoice{{h.Month, label}}, v.Unpaid...)
		}
		for i, mo := 0, this; i < 12; i, mo = i+1, mo.Add(1) {
			if !listed[mo.Key()] {
				v.Ahead = append(v.Ahead, MonthChoice{mo.Key(), "Tháng " + mo.String()})
			}
		}
		if v.Attendance, err = tx.MemberAttendance(m, today.AddMonths(-12).AddDays(1), today); err != nil {
			return err
		}
		cell, err := tx.Org(m.OrgID)
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return nil // a member who left: no cell to show
		} else if err != nil {
			return err
		}
		ms, err := tx.Meetings(cell, today.Year())
		if err != nil {
			return err
		}
		for _, mt := range ms {
			if !mt.Held(today) {
				v.Upcoming = append(v.Upcoming, mt)
			}
		}
		return nil
	})
	return v, err
}

// ArrearsView is the members of a subtree who owe fees over a period.
type ArrearsView struct {
	From    string          `json:"from"`
	To      string          `json:"to"`
	Debtors []store.Debtor  `json:"debtors"`
	Owed    store.FeeTotals `json:"owed"`
}

// Arrears lists the members of a subtree with at least minMonths unpaid
// months between from and to.
func (s *Service) Arrears(ctx context.Context, a domain.Actor, orgID int64, from, to domain.Month, minMonths int) (ArrearsView, error) {
	v := ArrearsView{From: from.Key(), To: to.Key()}
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		v.Debtors, v.Owed, err = tx.Arrears(o, from, to, max(minMonths, 1))
		return err
	})
	return v, err
}

// Totals sums what a subtree was due and paid from one month to another.
func (s *Service) Totals(ctx context.Context, a domain.Actor, orgID int64, from, to domain.Month) (store.FeeTotals, error) {
	var t store.FeeTotals
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		t, err = tx.FeeTotalsOf(o, from, to)
		return err
	})
	return t, err
}

// Shares splits what the cells of a subtree collected along each cell's
// chain of organisations, summed by level.
func (s *Service) Shares(ctx context.Context, a domain.Actor, orgID int64, from, to domain.Month) ([]domain.FeeShare, error) {
	var out []domain.FeeShare
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		out, err = tx.FeeSharesOf(o, from, to)
		return err
	})
	return out, err
}

// Remit records that an organisation sent fees for a month to the one above.
func (s *Service) Remit(ctx context.Context, a domain.Actor, orgID int64, in domain.RemittanceInput) (store.Remittance, error) {
	in.Note = viet.Clean(in.Note)
	if err := domain.ValidateRemittance(in, s.today()); err != nil {
		return store.Remittance{}, err
	}
	var r store.Remittance
	err := s.DB.Write(ctx, a, func(tx *store.Tx) (err error) {
		r, err = tx.RecordRemittance(orgID, in)
		return err
	})
	return r, err
}

// Remittances lists what an organisation sent up between two months.
func (s *Service) Remittances(ctx context.Context, a domain.Actor, orgID int64, from, to domain.Month) ([]store.Remittance, error) {
	var out []store.Remittance
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		out, err = tx.Remittances(o, from, to)
		return err
	})
	return out, err
}

func itoa(n int) string { return strconv.Itoa(n) }
