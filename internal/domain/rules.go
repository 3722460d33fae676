package domain

import (
	"fmt"
	"sort"
)

// Rule is one number of the party's rules, with the text it comes from and
// the day it took effect. A rule evaluated for a past date uses the version
// in force on that date (RULES.md: every number is a versioned rule).
type Rule struct {
	Name      string
	Value     int
	Source    string
	ValidFrom Date
	Verify    bool // marked (verify) in RULES.md: configurable, say so on screen
}

// RuleTable holds every version of every rule.
type RuleTable struct{ byName map[string][]Rule }

// NewRuleTable indexes rules by name, newest version first.
func NewRuleTable(rules []Rule) *RuleTable {
	t := &RuleTable{byName: map[string][]Rule{}}
	for _, r := range rules {
		t.byName[r.Name] = append(t.byName[r.Name], r)
	}
	for _, vs := range t.byName {
		sort.Slice(vs, func(i, j int) bool { return vs[i].ValidFrom.After(vs[j].ValidFrom) })
	}
	return t
}

// At returns the version of rule name in force on day d.
func (t *RuleTable) At(name string, d Date) (Rule, error) {
	for _, r := range t.byName[name] {
		if !r.ValidFrom.After(d) {
			return r, nil
		}
	}
	return Rule{}, fmt.Errorf("rule %s: no version in force on %s", name, d)
}

// Int returns the value of rule name on day d and panics when the table has
// none: the table is code, and a missing rule is a programming error.
func (t *RuleTable) Int(name string, d Date) int {
	r, err := t.At(name, d)
	if err != nil {
		panic(err)
	}
	return r.Value
}

// Rules is the table of the rules this package enforces. Dates before any
// real version take the earliest one (1930 stands for "always").
var Rules = NewRuleTable([]Rule{
	{Name: "admission.min_age", Value: 18, Source: "Điều lệ Đảng, Điều 1", ValidFrom: MustDate("1930-01-01")},
	{Name: "admission.max_age", Value: 60, Source: "Quy định 294-QĐ/TW (2025), trước đó 24-QĐ/TW", ValidFrom: MustDate("1930-01-01")},
	{Name: "probation.months", Value: 12, Source: "Điều lệ Đảng, Điều 5", ValidFrom: MustDate("1930-01-01")},
	{Name: "recognition.deadline_working_days", Value: 30, Source: "Quy định 294-QĐ/TW (2025)", ValidFrom: MustDate("1930-01-01")},
	{Name: "cell.min_official_members", Value: 3, Source: "Điều lệ Đảng, Điều 24", ValidFrom: MustDate("1930-01-01")},
	{Name: "removal.months_absent_or_unpaid", Value: 3, Source: "Điều lệ Đảng, Điều 8; Quy định 294-QĐ/TW: bỏ sinh hoạt hoặc không đóng đảng phí 3 tháng trong năm", ValidFrom: MustDate("1930-01-01")},
	{Name: "meeting.min_minutes", Value: 90, Source: "Hướng dẫn 12-HD/BTCTW (2018); từ 2025 Hướng dẫn 42-HD/BTCTW", ValidFrom: MustDate("1930-01-01")},
	{Name: "meeting.min_minutes_combined", Value: 120, Source: "Hướng dẫn 12-HD/BTCTW (2018); từ 2025 Hướng dẫn 42-HD/BTCTW", ValidFrom: MustDate("1930-01-01")},
	// Party fees (Quyết định 342-QĐ/TW, 2010; Hướng dẫn 03-HD/VPTW, 2016).
	// Percentages in basis points of the monthly base; fixed amounts in đồng.
	{Name: "fee.salaried_bp", Value: 100, Source: "Quyết định 342-QĐ/TW: 1% tiền lương và phụ cấp", ValidFrom: MustDate("1930-01-01")},
	{Name: "fee.enterprise_bp", Value: 100, Source: "Quyết định 342-QĐ/TW: 1% thu nhập từ quỹ tiền lương", ValidFrom: MustDate("1930-01-01")},
	{Name: "fee.retired_bp", Value: 50, Source: "Quyết định 342-QĐ/TW: 0,5% lương hưu", ValidFrom: MustDate("1930-01-01")},
	{Name: "fee.other_tier1", Value: 10000, Source: "Hướng dẫn 03-HD/VPTW (2016): bậc 1", ValidFrom: MustDate("1930-01-01"), Verify: true},
	{Name: "fee.other_tier2", Value: 8000, Source: "Hướng dẫn 03-HD/VPTW (2016): bậc 2", ValidFrom: MustDate("1930-01-01"), Verify: true},
	{Name: "fee.other_tier3", Value: 6000, Source: "Hướng dẫn 03-HD/VPTW (2016): bậc 3", ValidFrom: MustDate("1930-01-01"), Verify: true},
	{Name: "fee.other_tier4", Value: 4000, Source: "Hướng dẫn 03-HD/VPTW (2016): bậc 4", ValidFrom: MustDate("1930-01-01"), Verify: true},
	// Shares of the fees collected kept at each level, the rest sent up
	// (Quyết định 342-QĐ/TW; marked verify: the figures differ by kind of
	// grassroots organisation and are set by the guidance in force).
	{Name: "fee.keep_cell_pct", Value: 30, Source: "Quyết định 342-QĐ/TW: chi bộ trực thuộc giữ lại", ValidFrom: MustDate("1930-01-01"), Verify: true},
	{Name: "fee.keep_grassroots_pct", Value: 50, Source: "Quyết định 342-QĐ/TW: tổ chức cơ sở đảng giữ lại", ValidFrom: MustDate("1930-01-01"), Verify: true},
	{Name: "fee.max_pay_ahead_months", Value: 12, Source: "Quyết định 342-QĐ/TW: đảng viên có thể đóng trước đảng phí nhiều tháng", ValidFrom: MustDate("1930-01-01"), Verify: true},
	{Name: "fee.past_working_age_pct", Value: 50, Source: "Hướng dẫn 03-HD/VPTW (2016): đảng viên ngoài độ tuổi lao động", ValidFrom: MustDate("1930-01-01")},
})

// PartyFounded is the day the Party was founded (3/2/1930): no admission,
// recognition or other event of a member can be dated before it.
var PartyFounded = NewDate(1930, 2, 3)

// ProbationEnd is the day the 12 months of probation end, counted from the
// admission (ceremony) date. A member who qualifies is official from this day,
// even when the cell's meeting or the decision comes later (RULES.md:
// Probation and recognition).
func ProbationEnd(admission Date) Date {
	return admission.AddMonths(Rules.Int("probation.months", admission))
}
