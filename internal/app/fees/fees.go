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
	KeepPct    int                `json:"keep_pct"`    // the cell's share, from the rule table or its own setting
	KeepSource string             `json:"keep_source"` // the text the share comes from
	ToRemit    int64              `json:"to_remit"`    // the share to send up of what was collected
	Remitted   int64              `json:"remitted"`    // recorded as sent up for the month
	Sent       []store.Remittance `json:"remittances"`
	CanWrite   bool               `json:"-"`
	Current    bool               `json:"-"` // the month is this month
	// OwnOnly: the actor is a member, who reads their own line of the
	// sheet; what the cell collected and sent up is not theirs to read.
	OwnOnly bool  `json:"-"`
	Self    int64 `json:"-"`
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
		if a.Role == domain.RoleMember {
			v.OwnOnly, v.Self, v.Sent = true, a.MemberID, []store.Remittance{}
			return nil
		}
		// What the cell sends up: the shares table's part of what it collected.
		own, err := tx.CellKeepPct(o)
		if err != nil {
			return err
		}
		v.KeepPct = domain.FeeKeepPct(o.Kind, own, month.First())
		v.KeepSource = keepSource(o.Kind, own, month.First())
		v.ToRemit = domain.FeeSplit(o.Kind, own, v.Paid, month.First()).Remitted
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
// cell in it, each with the month's due by the regulation in force for that
// month, and returns how many were added.
func (s *Service) OpenMonth(ctx context.Context, a domain.Actor, cellID int64, month domain.Month) (int, error) {
	if err := domain.CanOpenFeeMonth(month, s.today()); err != nil {
		return 0, err
	}
	var n int
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		o, err := tx.WritableCell(cellID)
		if err != nil {
			return err
		}
		rows, err := tx.SheetRows(o, month)
		if err != nil {
			return err
		}
		n = len(rows)
		return tx.OpenFeeMonth(o, month, rows)
	})
	return n, err
}

// factsOf is what a member's fee for a month depends on beside the profile:
// party age from the admission decision less the gaps the events show, the
// cell's regional minimum wage, a reduction.
func factsOf(tx *store.Tx, m domain.Member) (func(domain.Month) domain.FeeFacts, error) {
	reductions, err := tx.FeeReductions(m.ID)
	if err != nil {
		return nil, err
	}
	events, err := tx.Events(m)
	if err != nil {
		return nil, err
	}
	cell, err := tx.Org(m.OrgID)
	if err != nil {
		return nil, err
	}
	wages := map[domain.Month]int64{}
	var ferr error
	return func(mo domain.Month) domain.FeeFacts {
		w, ok := wages[mo]
		if !ok {
			mw, _, _, err := tx.MinWageOf(cell, mo.First())
			if err != nil && ferr == nil {
				ferr = err
			}
			w, wages[mo] = mw.Amount, mw.Amount
		}
		return domain.FeeFacts{Birth: m.BirthDate, Gender: m.Gender, PartySince: domain.PartyAge(m.DecisionDate, events, mo.First()).Since, MinWage: w,
			ReductionPct: domain.ReductionIn(reductions[m.ID], mo)}
	}, ferr
}

// keepSource names the text a cell's share comes from.
func keepSource(k domain.OrgKind, own int, d domain.Date) string {
	if k == domain.KindCell && own > 0 {
		return "Mức chi bộ tự chọn trong khoảng của Quyết định 342-QĐ/TW"
	}
	name := map[domain.OrgKind]string{domain.KindCell: "fee.keep_cell_pct", domain.KindCommune: "fee.keep_commune_pct", domain.KindGrassroots: "fee.keep_grassroots_pct",
		domain.KindGrassrootsCell: "fee.keep_grassroots_pct"}[k]
	if name == "" {
		name = "fee.keep_upper_pct"
	}
	r, _ := domain.Rules.At(name, d)
	return r.Source
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
		facts, err := factsOf(tx, m)
		if err != nil {
			return err
		}
		pay, err := domain.PlanPayment(m, profile, facts, months, paidOn, tx.Today(), state)
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
// Offer is the category the record points to when the profile says
// otherwise (the pension for a member recorded as retired): offered on the
// fee page for one tap, never applied unasked.
type MemberView struct {
	Member     domain.Member           `json:"-"`
	Profile    *domain.FeeProfile      `json:"profile"`
	MonthlyFee int64                   `json:"monthly_fee"`
	Due        domain.FeeDue           `json:"this_month"` // this month's fee and how it is worked out
	Reductions []domain.FeeReduction   `json:"reductions"`
	Months     []store.FeeRow          `json:"months"`
	Owed       int                     `json:"owed_months"` // months that have ended unpaid
	Unpaid     []MonthChoice           `json:"-"`           // months on the sheets not paid yet, oldest first
	Ahead      []MonthChoice           `json:"-"`           // this month and the next ones, not yet on a sheet
	Tiers      []MonthChoice           `json:"-"`           // the fixed amounts by tier, for the profile form
	Attendance domain.AttendanceCounts `json:"-"`
	Upcoming   []store.Meeting         `json:"-"`
	CanWrite   bool                    `json:"-"`
	Offer      domain.FeeCategory      `json:"category_offer,omitempty"`
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
		jan26 := domain.Month{Year: 2026, Mon: 1} // the tiers price the months under 342-QĐ/TW
		for t := 1; t <= 4; t++ {
			due, _ := domain.MonthlyFee(domain.FeeProfile{Category: domain.FeeOther, Tier: t}, domain.FeeFacts{}, jan26)
			v.Tiers = append(v.Tiers, MonthChoice{itoa(t), "Bậc " + itoa(t) + ": " + domain.Dong(due.Amount)})
		}
		if v.Profile, err = tx.FeeProfile(m); err != nil {
			return err
		}
		if m.Status.Active() {
			v.Offer = domain.FeeCategoryOffer(m.MemberFields, v.Profile)
		}
		reds, err := tx.FeeReductions(m.ID)
		if err != nil {
			return err
		}
		v.Reductions = orEmpty(reds[m.ID])
		if v.Profile != nil && m.Status.Active() {
			facts, err := factsOf(tx, m)
			if err != nil {
				return err
			}
			if v.Due, err = domain.MonthlyFee(*v.Profile, facts(this), this); err != nil {
				v.Due.Basis = domain.ErrorMessage(err)
			}
			v.MonthlyFee = v.Due.Amount
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

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Reverse takes back a month's payment with a reason: the month is owed
// again and the payment stays on record.
func (s *Service) Reverse(ctx context.Context, a domain.Actor, memberID int64, month domain.Month, reason string) error {
	reason = viet.Clean(reason)
	if reason == "" {
		return &domain.Error{Code: domain.CodeInvalid, Message: "Cần ghi lý do hủy khoản nộp.", Fields: domain.Fields{"reason": "Cần lý do."}}
	}
	return s.DB.Write(ctx, a, func(tx *store.Tx) error { return tx.ReversePayment(memberID, month, reason) })
}

// AddReduction records a reduction of a member's fee decided for some
// months (Quy định 01-QĐ/TW).
func (s *Service) AddReduction(ctx context.Context, a domain.Actor, memberID int64, r domain.FeeReduction) (domain.FeeReduction, error) {
	r.Decision, r.Reason = viet.Clean(r.Decision), viet.Clean(r.Reason)
	if err := domain.ValidateFeeReduction(r); err != nil {
		return r, err
	}
	err := s.DB.Write(ctx, a, func(tx *store.Tx) (err error) {
		r, err = tx.AddFeeReduction(memberID, r)
		return err
	})
	return r, err
}

// SetCellKeepPct sets the share of the fees a cell keeps, within the rule's
// bounds; 0 puts it back to the default.
func (s *Service) SetCellKeepPct(ctx context.Context, a domain.Actor, cellID int64, pct int) error {
	if pct != 0 {
		if err := domain.ValidCellKeepPct(pct, s.today()); err != nil {
			return err
		}
	}
	return s.DB.Write(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(cellID)
		if err != nil {
			return err
		}
		if o.Kind != domain.KindCell {
			return domain.Errorf(domain.CodeInvalid, "%s không phải là chi bộ trực thuộc: tỉ lệ giữ lại của cấp này theo bảng quy định.", o.Name)
		}
		return tx.SetCellKeepPct(o, pct)
	})
}

// SetRegion records the region of the regional minimum wage of an
// organisation (a commune, a ward, an agency) from a day.
func (s *Service) SetRegion(ctx context.Context, a domain.Actor, orgID int64, region int, from domain.Date) error {
	if region < 1 || region > 4 {
		return &domain.Error{Code: domain.CodeInvalid, Message: "Chọn vùng I, II, III hoặc IV.", Fields: domain.Fields{"region": "Chọn vùng."}}
	}
	if from.IsZero() {
		return &domain.Error{Code: domain.CodeInvalid, Message: "Cần ngày áp dụng.", Fields: domain.Fields{"from": "Cần ngày."}}
	}
	return s.DB.Write(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		return tx.SetOrgRegion(o, region, from)
	})
}

// WagesView is the regional minimum wages, every version.
type WagesView struct {
	Wages []domain.MinWage `json:"wages"`
}

// MinWages lists the regional minimum wages.
func (s *Service) MinWages(ctx context.Context, a domain.Actor) (WagesView, error) {
	var v WagesView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) (err error) {
		v.Wages, err = tx.MinWages()
		return err
	})
	return v, err
}

// AddMinWage records a new regional minimum wage (an administrator's
// action), refused when dated before the version it replaces.
func (s *Service) AddMinWage(ctx context.Context, a domain.Actor, w domain.MinWage) (domain.MinWage, error) {
	w.Source = viet.Clean(w.Source)
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		ws, err := tx.MinWages()
		if err != nil {
			return err
		}
		if err := domain.ValidateMinWage(w, ws); err != nil {
			return err
		}
		w, err = tx.AddMinWage(w)
		return err
	})
	return w, err
}

// SettingsView is what an organisation's fees are worked out with: the
// region of the regional minimum wage (its own or the nearest one above) and
// the wage in force, and for a cell the share it keeps.
type SettingsView struct {
	Org        domain.Org     `json:"-"`
	Region     int            `json:"region"` // 0: none set here or above
	Wage       domain.MinWage `json:"min_wage"`
	KeepPct    int            `json:"keep_pct"`     // in force
	OwnKeepPct int            `json:"own_keep_pct"` // a cell's own setting, 0 the default
	KeepSource string         `json:"keep_source"`
	KeepMin    int            `json:"keep_min"`
	KeepMax    int            `json:"keep_max"`
	CanWrite   bool           `json:"-"`
}

// Settings reads an organisation's fee settings.
func (s *Service) Settings(ctx context.Context, a domain.Actor, orgID int64) (SettingsView, error) {
	var v SettingsView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		today := tx.Today()
		v = SettingsView{Org: o, CanWrite: a.Role.WritesOrgs() && o.ValidTo.IsZero(), KeepMin: domain.Rules.Int("fee.keep_cell_min_pct", today), KeepMax: domain.Rules.Int("fee.keep_cell_max_pct", today)}
		if v.Wage, v.Region, _, err = tx.MinWageOf(o, today); err != nil {
			return err
		}
		if v.OwnKeepPct, err = tx.CellKeepPct(o); err != nil {
			return err
		}
		v.KeepPct = domain.FeeKeepPct(o.Kind, v.OwnKeepPct, today)
		v.KeepSource = keepSource(o.Kind, v.OwnKeepPct, today)
		return nil
	})
	return v, err
}
