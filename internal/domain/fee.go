package domain

import (
	"fmt"
	"strconv"
	"strings"
	"time"
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

// FeeCategory is how a member's monthly fee is worked out (Quyết định
// 342-QĐ/TW, 2010; RULES.md, Party fees).
type FeeCategory string

const (
	FeeSalaried   FeeCategory = "salaried"   // state bodies, armed forces: 1% of salary and allowances
	FeeEnterprise FeeCategory = "enterprise" // enterprises, public-service units: 1% of income from the wage fund
	FeeRetired    FeeCategory = "retired"    // 0.5% of the pension
	FeeOther      FeeCategory = "other"      // a fixed amount by area tier
)

var feeCategoryLabels = map[FeeCategory]string{
	FeeSalaried:   "Hưởng lương từ ngân sách, lực lượng vũ trang (1% lương và phụ cấp)",
	FeeEnterprise: "Doanh nghiệp, đơn vị sự nghiệp (1% thu nhập từ quỹ lương)",
	FeeRetired:    "Nghỉ hưu (0,5% lương hưu)",
	FeeOther:      "Khác (mức cố định theo vùng)",
}

// FeeCategories in the order forms offer them.
var FeeCategories = []FeeCategory{FeeSalaried, FeeEnterprise, FeeRetired, FeeOther}

func (c FeeCategory) Label() string { return feeCategoryLabels[c] }
func (c FeeCategory) Valid() bool   { _, ok := feeCategoryLabels[c]; return ok }

// FeeProfile is what a member's fee depends on.
type FeeProfile struct {
	Category       FeeCategory `json:"category"`
	Base           int64       `json:"base"`             // monthly salary and allowances, income or pension, in đồng
	Tier           int         `json:"tier"`             // 1–4, for the fixed amounts
	PastWorkingAge bool        `json:"past_working_age"` // halves the fixed amount
}

// ValidateFeeProfile checks a profile's fields.
func ValidateFeeProfile(p FeeProfile) error {
	f := Fields{}
	if !p.Category.Valid() {
		f.Add("category", "Chọn đối tượng đóng đảng phí.")
	}
	if p.Category != FeeOther && p.Category.Valid() && (p.Base <= 0 || p.Base > 10_000_000_000) {
		f.Add("base", "Cần số tiền lương, thu nhập hoặc lương hưu hằng tháng (đồng).")
	}
	if p.Category == FeeOther && (p.Tier < 1 || p.Tier > 4) {
		f.Add("tier", "Chọn mức vùng từ 1 đến 4.")
	}
	return f.Err()
}

// MonthlyFee is the fee due for month m under the rates in force on its
// first day, in whole đồng, rounded half up.
func MonthlyFee(p FeeProfile, m Month) (int64, error) {
	if err := ValidateFeeProfile(p); err != nil {
		return 0, err
	}
	d := m.First()
	pct := func(rule string) int64 { return (p.Base*int64(Rules.Int(rule, d)) + 5000) / 10000 }
	switch p.Category {
	case FeeSalaried:
		return pct("fee.salaried_bp"), nil
	case FeeEnterprise:
		return pct("fee.enterprise_bp"), nil
	case FeeRetired:
		return pct("fee.retired_bp"), nil
	}
	amount := int64(Rules.Int("fee.other_tier"+strconv.Itoa(p.Tier), d))
	if p.PastWorkingAge {
		amount = (amount*int64(Rules.Int("fee.past_working_age_pct", d)) + 50) / 100
	}
	return amount, nil
}

// Dong writes an amount the Vietnamese way: 125.000 đ.
func Dong(n int64) string {
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
	return s + " đ"
}

// FeeKeepPct is the share, in percent, of what reaches an organisation of
// kind k that it keeps on day d; the rest goes to the level above. The top
// of the tree keeps all. A partial committee passes everything on.
func FeeKeepPct(k OrgKind, top bool, d Date) int {
	switch {
	case top:
		return 100
	case k == KindCell:
		return Rules.Int("fee.keep_cell_pct", d)
	case k == KindGrassrootsCell || k == KindGrassroots || k == KindCommune:
		return Rules.Int("fee.keep_grassroots_pct", d)
	}
	return 0
}

// RemovalMonths is how many unexcused absences, or months of fees unpaid,
// within a year are a ground for removal on day d (RULES.md, Removal: 3
// months in a year without good reason).
func RemovalMonths(d Date) int { return Rules.Int("removal.months_absent_or_unpaid", d) }

// FeeShare is what one level keeps of the fees collected below it and what
// it sends up.
type FeeShare struct {
	Kind     OrgKind `json:"kind"`
	Received int64   `json:"received"`
	Kept     int64   `json:"kept"`
	Remitted int64   `json:"remitted"`
}

// FeeShares splits an amount collected by a cell up its chain of
// organisations (the cell first, the top last): each level keeps its share
// of what reaches it, rounded half up to the đồng, and sends the rest up.
// The shares always add up to the amount.
func FeeShares(chain []OrgKind, amount int64, d Date) []FeeShare {
	out := make([]FeeShare, 0, len(chain))
	for i, k := range chain {
		s := FeeSplit(k, i == len(chain)-1, amount, d)
		out = append(out, s)
		amount = s.Remitted
	}
	return out
}

// FeeSplit is one level's share of an amount that reaches it: what it keeps,
// rounded half up to the đồng, and what it sends up.
func FeeSplit(k OrgKind, top bool, amount int64, d Date) FeeShare {
	kept := (amount*int64(FeeKeepPct(k, top, d)) + 50) / 100
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
	OrgID  int64 // the sheet's cell; the member's cell for a new row
	Due    int64 // for a new row
	PaidOn Date
}

// PlanPayment checks that a member paid the fee of some months on a day and
// says what to write (RULES.md, Party fees: collected monthly; members may
// pay in advance, up to fee.max_pay_ahead_months). Refused, with a field per
// month: a month chosen twice, before the member joined, too far ahead, or
// already paid; a new month with no fee profile. A member no longer on the
// roll, or a day still to come, is refused whole.
func PlanPayment(m Member, profile *FeeProfile, months []Month, paidOn, today Date, state map[Month]FeeMonthState) ([]FeePayment, error) {
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
			due, err := MonthlyFee(*profile, mo)
			if err != nil {
				return nil, err
			}
			out = append(out, FeePayment{Month: mo, New: true, OrgID: m.OrgID, Due: due, PaidOn: paidOn})
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
