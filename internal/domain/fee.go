package domain

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"dangvien/internal/viet"
)

// Month is a calendar month, the period of a party fee.
type Month struct {
	Year int
	Mon  time.Month
}

// MonthOf is the month of a day.
func MonthOf(d Date) Month { return Month{d.Year(), d.Time().Month()} }

// ParseMonth reads "2026-11" or "11/2026".
func ParseMonth(s string) (Month, error) {
	var y, m int
	if _, err := fmt.Sscanf(s, "%4d-%2d", &y, &m); err != nil || len(s) != 7 {
		if _, err := fmt.Sscanf(s, "%d/%4d", &m, &y); err != nil {
			return Month{}, fmt.Errorf("tháng %q không đúng dạng mm/yyyy", s)
		}
	}
	if m < 1 || m > 12 || y < 1930 || y > 9999 {
		return Month{}, fmt.Errorf("tháng %q không đúng dạng mm/yyyy", s)
	}
	return Month{y, time.Month(m)}, nil
}

func (m Month) IsZero() bool { return m.Year == 0 }

// Key is the stored form, "2026-11", which sorts in time order.
func (m Month) Key() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Mon)) }

// String is the shown form, "11/2026".
func (m Month) String() string { return strconv.Itoa(int(m.Mon)) + "/" + strconv.Itoa(m.Year) }

// Add moves n months.
func (m Month) Add(n int) Month {
	t := time.Date(m.Year, m.Mon+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	return Month{t.Year(), t.Month()}
}

// First is the month's first day.
func (m Month) First() Date { return NewDate(m.Year, m.Mon, 1) }

func (m Month) Before(o Month) bool { return m.Key() < o.Key() }

// Months lists from..to inclusive.
func Months(from, to Month) []Month {
	var out []Month
	for m := from; !to.Before(m); m = m.Add(1) {
		out = append(out, m)
	}
	return out
}

// FeeCategory is how a member's monthly fee is worked out (RULES.md, Party
// fees: Quyết định 342-QĐ/TW until 31/1/2026, Quy định 01-QĐ/TW from 1/2/2026).
type FeeCategory string

const (
	FeeSalaried   FeeCategory = "salaried"   // state bodies, armed forces: 1% of salary (from 2026: of the salary subject to social insurance)
	FeeEnterprise FeeCategory = "enterprise" // enterprises, public-service units: 1% of income (from 2026: of the salary subject to social insurance)
	FeeRetired    FeeCategory = "retired"    // 0.5% of the pension
	FeeStudent    FeeCategory = "student"    // students: a fixed amount
	FeeOther      FeeCategory = "other"      // others: a fixed amount by tier (342), a share of the regional minimum wage (01)
)

var feeCategoryLabels = map[FeeCategory]string{
	FeeSalaried:   "Hưởng lương từ ngân sách, lực lượng vũ trang (1% tiền lương)",
	FeeEnterprise: "Doanh nghiệp, đơn vị sự nghiệp (1% tiền lương, thu nhập)",
	FeeRetired:    "Nghỉ hưu (0,5% lương hưu)",
	FeeStudent:    "Học sinh, sinh viên",
	FeeOther:      "Khác (theo lương tối thiểu vùng; trước 2/2026: mức cố định theo bậc)",
}

// FeeCategories in the order forms offer them.
var FeeCategories = []FeeCategory{FeeSalaried, FeeEnterprise, FeeRetired, FeeStudent, FeeOther}

func (c FeeCategory) Label() string { return feeCategoryLabels[c] }
func (c FeeCategory) Valid() bool   { _, ok := feeCategoryLabels[c]; return ok }

// feeCategoryShort are the names a member list writes in its fee column.
var feeCategoryShort = map[FeeCategory]string{
	FeeSalaried: "Hưởng lương ngân sách, lực lượng vũ trang", FeeEnterprise: "Doanh nghiệp, đơn vị sự nghiệp",
	FeeRetired: "Nghỉ hưu", FeeStudent: "Học sinh, sinh viên", FeeOther: "Khác",
}

// Short is the category's name in a member list: "Nghỉ hưu".
func (c FeeCategory) Short() string { return feeCategoryShort[c] }

// ParseFeeCategory reads a category as a list or a form may write it: its
// code, its short name or its label, with or without diacritics.
func ParseFeeCategory(s string) (FeeCategory, bool) {
	fs := viet.Fold(s)
	for _, c := range FeeCategories {
		if fs == string(c) || fs == viet.Fold(c.Short()) || fs == viet.Fold(c.Label()) {
			return c, true
		}
	}
	return "", false
}

// ParseFeeExemption reads an exemption by its code or its label, with or
// without diacritics; blank is none.
func ParseFeeExemption(s string) (FeeExemption, bool) {
	fs := viet.Fold(s)
	if fs == "" || fs == "khong" {
		return FeeExemptNone, true
	}
	for _, e := range FeeExemptions {
		if fs == string(e) || fs == viet.Fold(e.Label()) {
			return e, true
		}
	}
	return "", false
}

// FeeCategoryOffer is the category a member's record points to when their
// fee profile says otherwise, or "": a member recorded as retired pays 0.5%
// of the pension (RULES.md, Party fees). It is an offer, not a change: a
// retired member who took up paid work again still pays on the salary.
func FeeCategoryOffer(m MemberFields, p *FeeProfile) FeeCategory {
	if m.Retired && (p == nil || p.Category != FeeRetired) {
		return FeeRetired
	}
	return ""
}

// FeeExemption is why a member is exempt from the fee under Quy định
// 01-QĐ/TW, on application (party age of 50 years is worked out, not set).
type FeeExemption string

const (
	FeeExemptNone          FeeExemption = ""
	FeeExemptSocialPension FeeExemption = "social_pension"  // hưởng trợ cấp xã hội
	FeeExemptPoor          FeeExemption = "poor_household"  // hộ nghèo
	FeeExemptNearPoor      FeeExemption = "near_poor"       // hộ cận nghèo
	FeeExemptIllness       FeeExemption = "serious_illness" // ốm đau nặng, có đơn
)

var feeExemptionLabels = map[FeeExemption]string{
	FeeExemptSocialPension: "Đang hưởng trợ cấp xã hội",
	FeeExemptPoor:          "Thuộc hộ nghèo",
	FeeExemptNearPoor:      "Thuộc hộ cận nghèo",
	FeeExemptIllness:       "Ốm đau nặng, có đơn đề nghị",
}

// FeeExemptions in the order forms offer them.
var FeeExemptions = []FeeExemption{FeeExemptSocialPension, FeeExemptPoor, FeeExemptNearPoor, FeeExemptIllness}

func (e FeeExemption) Label() string { return feeExemptionLabels[e] }
func (e FeeExemption) Valid() bool   { _, ok := feeExemptionLabels[e]; return ok || e == FeeExemptNone }

// FeeProfile is what a member's fee depends on, as recorded by the cell.
type FeeProfile struct {
	Category       FeeCategory  `json:"category"`
	Base           int64        `json:"base"`                // monthly salary subject to social insurance, income or pension, in đồng
	Tier           int          `json:"tier"`                // 1–4: the fixed amounts until 31/1/2026
	PastWorkingAge bool         `json:"past_working_age"`    // until 31/1/2026: halves the fixed amount; from 2/2026 worked out from birth date and sex
	Exemption      FeeExemption `json:"exemption,omitempty"` // from 2/2026, on application
}

// ValidateFeeProfile checks a profile's fields. A tier is asked only of
// "other" members (it still prices the months before 2/2026).
func ValidateFeeProfile(p FeeProfile) error {
	f := Fields{}
	if !p.Category.Valid() {
		f.Add("category", "Chọn đối tượng đóng đảng phí.")
	}
	switch p.Category {
	case FeeSalaried, FeeEnterprise, FeeRetired:
		if p.Base <= 0 || p.Base > 10_000_000_000 {
			f.Add("base", "Cần số tiền lương, thu nhập hoặc lương hưu hằng tháng (đồng).")
		}
	case FeeOther:
		if p.Tier < 1 || p.Tier > 4 {
			f.Add("tier", "Chọn mức vùng từ 1 đến 4.")
		}
	}
	if !p.Exemption.Valid() {
		f.Add("exemption", "Lý do miễn đảng phí không có trong danh sách.")
	}
	return f.Err()
}

// FeeFacts is what a month's fee depends on beside the profile: the member
// and, from 2/2026, the regional minimum wage of their cell and a reduction
// decided for the month.
type FeeFacts struct {
	Birth        Date
	Gender       Gender
	PartySince   Date  // the admission decision's date: party age
	MinWage      int64 // regional minimum wage of the member's cell in force that month; 0 unknown
	ReductionPct int   // 30, 50 or 70 by decision, 0 none
}

// FeeDue is a month's fee and how it was worked out.
type FeeDue struct {
	Amount int64  `json:"amount"`
	Basis  string `json:"basis"`            // in Vietnamese, naming the text it comes from
	Exempt string `json:"exempt,omitempty"` // why nothing is due
}

// Fee regulations, as the rule "fee.regulation" names them.
const (
	FeeRegulation342 = 342 // Quyết định 342-QĐ/TW (2010)
	FeeRegulation01  = 1   // Quy định 01-QĐ/TW (2026)
)

// MonthlyFee is the fee due for month m by the regulation in force on its
// first day (RULES.md, Party fees: the month's amount is fixed when it is
// due, by the version in force for that month), in whole đồng rounded half
// up.
func MonthlyFee(p FeeProfile, f FeeFacts, m Month) (FeeDue, error) {
	if err := ValidateFeeProfile(p); err != nil {
		return FeeDue{}, err
	}
	d := m.First()
	of := func(base int64, rule string) int64 { return (base*int64(Rules.Int(rule, d)) + 5000) / 10000 }
	src := func(rule string) string {
		r, _ := Rules.At(rule, d)
		return r.Source
	}
	if Rules.Int("fee.regulation", d) == FeeRegulation342 {
		var due FeeDue
		switch p.Category {
		case FeeSalaried:
			due = FeeDue{of(p.Base, "fee.salaried_bp"), src("fee.salaried_bp"), ""}
		case FeeEnterprise:
			due = FeeDue{of(p.Base, "fee.enterprise_bp"), src("fee.enterprise_bp"), ""}
		case FeeRetired:
			due = FeeDue{of(p.Base, "fee.retired_bp"), src("fee.retired_bp"), ""}
		case FeeStudent:
			due = FeeDue{int64(Rules.Int("fee.student", d)), src("fee.student"), ""}
		default:
			rule := "fee.other_tier" + strconv.Itoa(p.Tier)
			due = FeeDue{int64(Rules.Int(rule, d)), src(rule), ""}
			if p.PastWorkingAge {
				due.Amount = (due.Amount*int64(Rules.Int("fee.past_working_age_pct", d)) + 50) / 100
				due.Basis += "; " + src("fee.past_working_age_pct")
			}
		}
		return due, nil
	}
	// Quy định 01-QĐ/TW: exemptions first, then the amount, then a reduction.
	if years := Rules.Int("fee.exempt_party_age_years", d); !f.PartySince.IsZero() && !f.PartySince.AddYears(years).After(d) {
		return FeeDue{Basis: src("fee.exempt_party_age_years"), Exempt: fmt.Sprintf("Tuổi đảng từ %d năm trở lên", years)}, nil
	}
	if p.Exemption != FeeExemptNone {
		return FeeDue{Basis: src("fee.exempt_party_age_years"), Exempt: p.Exemption.Label()}, nil
	}
	var due FeeDue
	switch p.Category {
	case FeeSalaried, FeeEnterprise:
		due = FeeDue{of(p.Base, "fee.salaried_bp"), src("fee.salaried_bp"), ""}
	case FeeRetired:
		due = FeeDue{of(p.Base, "fee.retired_bp"), src("fee.retired_bp"), ""}
	case FeeStudent:
		due = FeeDue{int64(Rules.Int("fee.student", d)), src("fee.student"), ""}
	default:
		rule := "fee.other_wage_bp"
		if PastRetirement(f.Birth, f.Gender, m) {
			rule = "fee.other_retired_wage_bp"
		}
		if f.MinWage <= 0 {
			return FeeDue{Basis: src(rule)}, &Error{Code: CodeInvalid, Message: "Chưa xác định lương tối thiểu vùng của chi bộ, chưa tính được đảng phí.", Fields: Fields{"region": "Chưa đặt vùng cho tổ chức."}}
		}
		due = FeeDue{of(f.MinWage, rule), src(rule), ""}
	}
	if f.ReductionPct > 0 {
		due.Amount = (due.Amount*int64(100-f.ReductionPct) + 50) / 100
		due.Basis += fmt.Sprintf("; giảm %d%% theo quyết định", f.ReductionPct)
	}
	return due, nil
}

// SheetDue is a member's line on a month's collection sheet: the month's fee
// by MonthlyFee and how it was worked out. A member without a fee profile
// is put on at 0 (the sheet flags them); an exemption says why nothing is
// due; a fee that cannot be worked out yet (no regional minimum wage for
// the cell) is 0 with the reason, for the cell to set it right.
func SheetDue(p *FeeProfile, f FeeFacts, m Month) (int64, string) {
	if p == nil {
		return 0, ""
	}
	due, err := MonthlyFee(*p, f, m)
	switch {
	case due.Exempt != "":
		return due.Amount, "Miễn: " + due.Exempt + " (" + due.Basis + ")"
	case err != nil:
		return due.Amount, ErrorMessage(err)
	}
	return due.Amount, due.Basis
}

// ValidReductionPct tells whether a reduction is one the regulation allows:
// 30, 50 or 70% (Quy định 01-QĐ/TW).
func ValidReductionPct(p int) bool { return p == 30 || p == 50 || p == 70 }

// FeeReduction is a reduction of a member's fee decided for some months.
type FeeReduction struct {
	ID       int64  `json:"id"`
	Pct      int    `json:"pct"`
	From     Month  `json:"-"`
	To       Month  `json:"-"`
	Decision string `json:"decision"`
	Reason   string `json:"reason"`
}

// ValidateFeeReduction checks a reduction: 30, 50 or 70%, for at most
// fee.reduction_max_months months from 2/2026 on, by a numbered decision.
func ValidateFeeReduction(r FeeReduction) error {
	f := Fields{}
	if !ValidReductionPct(r.Pct) {
		f.Add("pct", "Mức giảm là 30%, 50% hoặc 70%.")
	}
	if r.From.IsZero() || r.To.IsZero() || r.To.Before(r.From) {
		f.Add("to", "Tháng kết thúc phải từ tháng bắt đầu trở đi.")
	} else if r.From.Before(Month{2026, 2}) {
		f.Add("from", "Giảm đảng phí áp dụng từ tháng 2/2026 (Quy định 01-QĐ/TW).")
	} else if n, max := len(Months(r.From, r.To)), Rules.Int("fee.reduction_max_months", r.From.First()); n > max {
		f.Add("to", fmt.Sprintf("Giảm tối đa %d tháng; đã chọn %d tháng.", max, n))
	}
	if strings.TrimSpace(r.Decision) == "" {
		f.Add("decision", "Cần số quyết định giảm đảng phí.")
	}
	return f.Err()
}

// Dong writes an amount the Vietnamese way: 125.000 đ.
func Dong(n int64) string { return Count(n) + " đ" }

// Count writes a number the Vietnamese way, thousands grouped by dots:
// 16.126, -1.500.
func Count(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// FeeKeepPct is the share, in percent, of what reaches an organisation of
// kind k that it keeps on day d; the rest goes to the level above (RULES.md,
// Party fees: a cell 30–50%, set per cell; a commune or ward grassroots
// organisation 90%; another grassroots organisation 70%; each level above
// 50%). cellPct is the cell's own setting, 0 for the rule's default. A
// partial committee passes everything on.
func FeeKeepPct(k OrgKind, cellPct int, d Date) int {
	switch k {
	case KindCell:
		if cellPct > 0 {
			return cellPct
		}
		return Rules.Int("fee.keep_cell_pct", d)
	case KindCommune:
		return Rules.Int("fee.keep_commune_pct", d)
	case KindGrassroots, KindGrassrootsCell:
		return Rules.Int("fee.keep_grassroots_pct", d)
	case KindPartial:
		return 0
	}
	return Rules.Int("fee.keep_upper_pct", d)
}

// ValidCellKeepPct checks a cell's own share: between the rule's bounds.
func ValidCellKeepPct(pct int, d Date) error {
	lo, hi := Rules.Int("fee.keep_cell_min_pct", d), Rules.Int("fee.keep_cell_max_pct", d)
	if pct < lo || pct > hi {
		return &Error{Code: CodeInvalid, Message: fmt.Sprintf("Chi bộ giữ lại từ %d%% đến %d%% số đảng phí thu được.", lo, hi), Fields: Fields{"keep_pct": fmt.Sprintf("Từ %d đến %d.", lo, hi)}}
	}
	return nil
}

// RemovalMonths is how many unexcused absences, or months of fees unpaid,
// within a year are a ground for removal on day d (RULES.md, Removal: 3
// months in a year without good reason).
func RemovalMonths(d Date) int { return Rules.Int("removal.months_absent_or_unpaid", d) }

// LastEndedMonth is the last month whose fee counts as unpaid (RULES.md,
// Removal) in a period ending on to, read on today: a month counts once it
// has ended, that is once its last day is both no later than to and before
// today. On the last day of a month its fee can still be paid that day.
func LastEndedMonth(to, today Date) Month {
	end := to
	if !today.IsZero() && !end.Before(today) {
		end = today.AddDays(-1)
	}
	m := MonthOf(end)
	if end == m.Add(1).First().AddDays(-1) {
		return m
	}
	return m.Add(-1)
}

// FeeShare is what one level keeps of the fees collected below it and what
// it sends up; the top of the installation sends its part to the Central
// Committee's office.
type FeeShare struct {
	Kind     OrgKind `json:"kind"`
	Received int64   `json:"received"`
	Kept     int64   `json:"kept"`
	Remitted int64   `json:"remitted"`
}

// FeeShares splits an amount collected by a cell up its chain of
// organisations (the cell first, the top of the installation last): each
// level keeps its share of what reaches it, rounded half up to the đồng, and
// sends the rest up; what the top sends goes beyond the installation. Kept
// and the top's remittance always add up to the amount.
func FeeShares(chain []OrgKind, cellPct int, amount int64, d Date) []FeeShare {
	out := make([]FeeShare, 0, len(chain))
	for i, k := range chain {
		pct := 0
		if i == 0 {
			pct = cellPct
		}
		s := FeeSplit(k, pct, amount, d)
		out = append(out, s)
		amount = s.Remitted
	}
	return out
}

// FeeSplit is one level's share of an amount that reaches it: what it keeps,
// rounded half up to the đồng, and what it sends up.
func FeeSplit(k OrgKind, cellPct int, amount int64, d Date) FeeShare {
	kept := (amount*int64(FeeKeepPct(k, cellPct, d)) + 50) / 100
	return FeeShare{Kind: k, Received: amount, Kept: kept, Remitted: amount - kept}
}

// FeeMonthState is what is already on the sheets for one month of a member.
type FeeMonthState struct {
	OnSheet bool
	OrgID   int64 // the cell whose sheet holds it
	PaidOn  Date  // zero while unpaid
}

// FeePayment is one month of a payment: set an existing row paid, or put a
// new paid row on the member's cell's sheet with Due worked out.
type FeePayment struct {
	Month  Month
	New    bool
	OrgID  int64  // the sheet's cell; the member's cell for a new row
	Due    int64  // for a new row
	Basis  string // how Due was worked out
	PaidOn Date
}

// PlanPayment checks that a member paid the fee of some months on a day and
// says what to write (RULES.md, Party fees: collected monthly; members may
// pay in advance, up to fee.max_pay_ahead_months). Refused, with a field per
// month: a month chosen twice, before the member joined, too far ahead, or
// already paid; a new month with no fee profile. A member no longer on the
// roll, or a day still to come, is refused whole.
func PlanPayment(m Member, profile *FeeProfile, facts func(Month) FeeFacts, months []Month, paidOn, today Date, state map[Month]FeeMonthState) ([]FeePayment, error) {
	if len(months) == 0 {
		return nil, &Error{Code: CodeInvalid, Message: "Chọn ít nhất một tháng.", Fields: Fields{"months": "Chưa chọn tháng."}}
	}
	if paidOn.IsZero() || paidOn.After(today) {
		return nil, &Error{Code: CodeInvalid, Message: "Ngày nộp phải là hôm nay hoặc trước đó.", Fields: Fields{"paid_on": "Ngày nộp không hợp lệ."}}
	}
	if !m.Status.Active() {
		return nil, Errorf(CodeConflict, "%s không còn trong danh sách sinh hoạt (%s), không thu đảng phí được.", m.FullName, strings.ToLower(m.Status.Label()))
	}
	ahead := Rules.Int("fee.max_pay_ahead_months", today)
	f := Fields{}
	seen := map[Month]bool{}
	var out []FeePayment
	for _, mo := range months {
		field := "month_" + mo.Key()
		switch {
		case seen[mo]:
			f.Add(field, "Tháng "+mo.String()+" được chọn hai lần.")
			continue
		case !m.AdmissionDate.IsZero() && mo.Before(MonthOf(m.AdmissionDate)):
			f.Add(field, fmt.Sprintf("Tháng %s trước khi vào Đảng (%s).", mo, m.AdmissionDate))
			continue
		case MonthOf(today).Add(ahead).Before(mo):
			f.Add(field, fmt.Sprintf("Tháng %s quá xa: chỉ nộp trước tối đa %d tháng.", mo, ahead))
			continue
		}
		seen[mo] = true
		st := state[mo]
		switch {
		case st.OnSheet && !st.PaidOn.IsZero():
			f.Add(field, fmt.Sprintf("Tháng %s đã nộp ngày %s.", mo, st.PaidOn))
		case st.OnSheet:
			out = append(out, FeePayment{Month: mo, OrgID: st.OrgID, PaidOn: paidOn})
		case profile == nil:
			f.Add("profile", m.FullName+" chưa có mức đảng phí: xin nhập đối tượng và mức lương trước.")
		default:
			due, err := MonthlyFee(*profile, facts(mo), mo)
			if err != nil {
				if e, ok := err.(*Error); ok {
					f.Add(field, "Tháng "+mo.String()+": "+e.Message)
					continue
				}
				return nil, err
			}
			out = append(out, FeePayment{Month: mo, New: true, OrgID: m.OrgID, Due: due.Amount, Basis: due.Basis, PaidOn: paidOn})
		}
	}
	if len(f) > 0 {
		return nil, &Error{Code: CodeInvalid, Message: "Chưa ghi được khoản nộp: xin xem các tháng được đánh dấu.", Fields: f}
	}
	return out, nil
}

// RemittanceInput is party fee money an organisation sent up for a month.
type RemittanceInput struct {
	Month  Month
	Amount int64
	PaidOn Date
	Note   string
}

// ValidateRemittance checks a remittance: a positive amount, a month that
// has come, a day that is not to come.
func ValidateRemittance(in RemittanceInput, today Date) error {
	f := Fields{}
	if in.Amount <= 0 || in.Amount > 100_000_000_000 {
		f.Add("amount", "Số tiền nộp lên phải lớn hơn 0 đồng.")
	}
	if MonthOf(today).Before(in.Month) {
		f.Add("month", fmt.Sprintf("Tháng %s chưa đến.", in.Month))
	}
	if in.PaidOn.IsZero() || in.PaidOn.After(today) {
		f.Add("paid_on", "Ngày nộp phải là hôm nay hoặc trước đó.")
	}
	return f.Err()
}

// CanOpenFeeMonth tells whether a month's collection sheet can be opened
// today: not a month still to come.
func CanOpenFeeMonth(month Month, today Date) error {
	if MonthOf(today).Before(month) {
		return &Error{Code: CodeInvalid, Message: fmt.Sprintf("Tháng %s chưa đến, chưa lập bảng thu được.", month), Fields: Fields{"month": "Tháng chưa đến."}}
	}
	return nil
}

// Regions of the regional minimum wage (vùng I–IV).
var Regions = []int{1, 2, 3, 4}

// RegionLabel is how a region is written: "Vùng II".
func RegionLabel(r int) string {
	if r >= 1 && r <= 4 {
		return "Vùng " + [...]string{"I", "II", "III", "IV"}[r-1]
	}
	return "Chưa xác định vùng"
}

// MinWage is the regional minimum wage of a region from a day, with the
// decree that set it.
type MinWage struct {
	ID        int64  `json:"id"`
	Region    int    `json:"region"`
	Amount    int64  `json:"amount"`
	ValidFrom Date   `json:"valid_from"`
	Source    string `json:"source"`
}

// MinWageOn is the wage of a region in force on day d.
func MinWageOn(ws []MinWage, region int, d Date) (MinWage, bool) {
	var best MinWage
	found := false
	for _, w := range ws {
		if w.Region == region && !w.ValidFrom.After(d) && (!found || w.ValidFrom.After(best.ValidFrom)) {
			best, found = w, true
		}
	}
	return best, found
}

// ValidateMinWage checks a new wage: a region I–IV, a positive amount, a
// decree, and a date after the version it replaces.
func ValidateMinWage(w MinWage, existing []MinWage) error {
	f := Fields{}
	if w.Region < 1 || w.Region > 4 {
		f.Add("region", "Chọn vùng I, II, III hoặc IV.")
	}
	if w.Amount <= 0 || w.Amount > 1_000_000_000 {
		f.Add("amount", "Mức lương tối thiểu phải lớn hơn 0 đồng.")
	}
	if strings.TrimSpace(w.Source) == "" {
		f.Add("source", "Cần nêu văn bản quy định (ví dụ Nghị định 293/2025/NĐ-CP).")
	}
	if w.ValidFrom.IsZero() {
		f.Add("valid_from", "Cần ngày áp dụng.")
	} else if cur, ok := MinWageOn(existing, w.Region, NewDate(9999, 12, 31)); ok && !w.ValidFrom.After(cur.ValidFrom) {
		f.Add("valid_from", fmt.Sprintf("Phải sau ngày %s, ngày áp dụng của mức đang có.", cur.ValidFrom))
	}
	return f.Err()
}

// ReductionIn is the reduction, in percent, of the month among a member's
// reductions (the latest decided when two overlap); 0 when none.
func ReductionIn(rs []FeeReduction, m Month) int {
	pct := 0
	for _, r := range rs {
		if !m.Before(r.From) && !r.To.Before(m) {
			pct = r.Pct
		}
	}
	return pct
}
