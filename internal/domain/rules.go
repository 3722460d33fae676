package domain

import (
	"cmp"
	"fmt"
	"sort"
	"strings"
	"sync/atomic"
)

// Rule is one number of the party's rules, with the text it comes from and
// the day it took effect. A rule evaluated for a past date uses the version
// in force on that date (RULES.md: every number is a versioned rule).
type Rule struct {
	Name      string `json:"name"`
	Label     string `json:"label,omitempty"` // what it is, in Vietnamese; given once per rule
	Value     int    `json:"value"`
	Unit      string `json:"unit,omitempty"` // "tuổi", "tháng", "%", "đồng"…; given once per rule
	Source    string `json:"source"`
	ValidFrom Date   `json:"valid_from"`
	Verify    bool   `json:"verify,omitempty"` // marked (verify) in RULES.md: configurable, say so on screen
	Added     bool   `json:"added,omitempty"`  // added by an administrator, not compiled in
}

// RuleTable holds every version of every rule: the versions compiled into
// the program, and those an administrator added (kept in the database and
// loaded with Add). Readers see an immutable snapshot, so the rules of a
// running server change without locks on the pure functions that read them.
type RuleTable struct {
	cur atomic.Pointer[map[string][]Rule]
}

// NewRuleTable indexes rules by name, newest version first.
func NewRuleTable(rules []Rule) *RuleTable {
	t := &RuleTable{}
	t.cur.Store(index(rules))
	return t
}

func index(rules []Rule) *map[string][]Rule {
	m := map[string][]Rule{}
	for _, r := range rules {
		m[r.Name] = append(m[r.Name], r)
	}
	for _, vs := range m {
		sort.SliceStable(vs, func(i, j int) bool { return vs[i].ValidFrom.After(vs[j].ValidFrom) })
	}
	return &m
}

// Add puts versions added by an administrator into the table; a version of
// the same rule and day already there is kept as it is.
func (t *RuleTable) Add(extra ...Rule) {
	for {
		old := t.cur.Load()
		var all []Rule
		have := map[string]bool{}
		for _, vs := range *old {
			for _, r := range vs {
				all = append(all, r)
				have[r.Name+"@"+r.ValidFrom.ISO()] = true
			}
		}
		n := len(all)
		for _, r := range extra {
			if k := r.Name + "@" + r.ValidFrom.ISO(); !have[k] {
				have[k], r.Added = true, true
				all = append(all, r)
			}
		}
		if len(all) == n || t.cur.CompareAndSwap(old, index(all)) {
			return
		}
	}
}

// At returns the version of rule name in force on day d.
func (t *RuleTable) At(name string, d Date) (Rule, error) {
	for _, r := range (*t.cur.Load())[name] {
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

// Versions lists every version of rule name, newest first, each carrying
// the rule's label and unit.
func (t *RuleTable) Versions(name string) []Rule {
	vs := append([]Rule(nil), (*t.cur.Load())[name]...)
	label, unit := "", ""
	for _, r := range vs {
		label, unit = cmp.Or(label, r.Label), cmp.Or(unit, r.Unit)
	}
	for i := range vs {
		vs[i].Label, vs[i].Unit = label, unit
	}
	return vs
}

// Names lists the rules in name order.
func (t *RuleTable) Names() []string {
	m := *t.cur.Load()
	out := make([]string, 0, len(m))
	for n := range m {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// CheckNewVersion checks a version an administrator adds: a rule the table
// knows, a value from 0 up, the text it comes from, and a day after the
// latest version already there (a version dated before the one it replaces
// would rewrite what was decided under it).
func (t *RuleTable) CheckNewVersion(r Rule) error {
	f := Fields{}
	vs := (*t.cur.Load())[r.Name]
	if len(vs) == 0 {
		return &Error{Code: CodeInvalid, Message: "Không có quy định này.", Fields: Fields{"name": "Không có quy định này."}}
	}
	if r.Value < 0 || r.Value > 1_000_000_000 {
		f.Add("value", "Giá trị phải là số không âm.")
	}
	if strings.TrimSpace(r.Source) == "" {
		f.Add("source", "Cần nêu văn bản quy định (số, ngày, điều khoản).")
	}
	switch {
	case r.ValidFrom.IsZero():
		f.Add("valid_from", "Cần ngày áp dụng.")
	case !r.ValidFrom.After(vs[0].ValidFrom):
		f.Add("valid_from", fmt.Sprintf("Phải sau ngày %s, ngày áp dụng của phiên bản đang có.", vs[0].ValidFrom))
	}
	return f.Err()
}

// Rules is the table of the rules this package enforces. Dates before any
// real version take the earliest one (1930 stands for "always").
var Rules = NewRuleTable(baseRules)

// BaseRules are the versions compiled into the program.
func BaseRules() []Rule { return append([]Rule(nil), baseRules...) }

var baseRules = []Rule{
	{Name: "admission.min_age", Label: "Tuổi tối thiểu khi kết nạp", Unit: "tuổi", Value: 18, Source: "Điều lệ Đảng, Điều 1", ValidFrom: MustDate("1930-01-01")},
	{Name: "admission.max_age", Label: "Tuổi tối đa khi kết nạp", Unit: "tuổi", Value: 60, Source: "Quy định 294-QĐ/TW (2025), trước đó 24-QĐ/TW", ValidFrom: MustDate("1930-01-01")},
	{Name: "probation.months", Label: "Thời gian dự bị", Unit: "tháng", Value: 12, Source: "Điều lệ Đảng, Điều 5", ValidFrom: MustDate("1930-01-01")},
	{Name: "recognition.deadline_working_days", Label: "Hạn xét công nhận chính thức sau khi hết dự bị", Unit: "ngày làm việc", Value: 30, Source: "Quy định 294-QĐ/TW (2025)", ValidFrom: MustDate("1930-01-01")},
	// Admission, probation and recognition (Điều lệ Đảng, Điều 4–5; Quy
	// định 294-QĐ/TW; Hướng dẫn 12-HD/BTCTW (2022) về nghiệp vụ công tác
	// đảng viên and its forms 1-KNĐ … 15-KNĐ). Vote thresholds are in
	// thirds: 2 means at least two thirds.
	{Name: "admission.awareness_valid_months", Label: "Thời hạn giá trị giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng", Unit: "tháng", Value: 60, Source: "Hướng dẫn của Ban Tổ chức Trung ương về nghiệp vụ công tác đảng viên: giấy chứng nhận có giá trị 5 năm", ValidFrom: MustDate("1930-01-01"), Verify: true},
	{Name: "admission.documents_valid_months", Label: "Thời hạn giá trị đơn, lý lịch, giấy giới thiệu, nhận xét của người vào Đảng", Unit: "tháng", Value: 12, Source: "Hướng dẫn 12-HD/BTCTW (2022): các thủ tục đề nghị kết nạp có giá trị trong 12 tháng", ValidFrom: MustDate("1930-01-01")},
	{Name: "admission.introducer_official_months", Label: "Người giới thiệu: thời gian là đảng viên chính thức tối thiểu", Unit: "tháng", Value: 12, Source: "Điều lệ Đảng, Điều 4; Quy định 294-QĐ/TW: đảng viên chính thức ít nhất 12 tháng", ValidFrom: MustDate("1930-01-01")},
	{Name: "admission.introducer_known_months", Label: "Người giới thiệu: thời gian cùng công tác, sinh hoạt với người vào Đảng tối thiểu", Unit: "tháng", Value: 12, Source: "Quy định 294-QĐ/TW: cùng công tác, lao động, học tập hoặc cư trú ít nhất 12 tháng", ValidFrom: MustDate("1930-01-01")},
	{Name: "admission.youth_union_max_age", Label: "Đoàn viên dưới tuổi này được Đoàn giới thiệu thay một đảng viên", Unit: "tuổi", Value: 30, Source: "Điều lệ Đảng, Điều 4: đoàn viên Đoàn TNCS Hồ Chí Minh trong độ tuổi thanh niên", ValidFrom: MustDate("1930-01-01")},
	{Name: "admission.cell_vote_thirds", Label: "Chi bộ biểu quyết đề nghị kết nạp: số phần ba đảng viên chính thức tán thành", Unit: "phần ba", Value: 2, Source: "Điều lệ Đảng, Điều 4; Quy định 294-QĐ/TW: ít nhất hai phần ba đảng viên chính thức tán thành", ValidFrom: MustDate("1930-01-01")},
	{Name: "admission.committee_vote_thirds", Label: "Đảng ủy cơ sở biểu quyết đề nghị kết nạp: số phần ba cấp ủy viên tán thành", Unit: "phần ba", Value: 2, Source: "Điều lệ Đảng, Điều 4; Quy định 294-QĐ/TW: ít nhất hai phần ba cấp ủy viên tán thành", ValidFrom: MustDate("1930-01-01")},
	{Name: "admission.ceremony_working_days", Label: "Hạn tổ chức lễ kết nạp kể từ ngày nhận quyết định", Unit: "ngày làm việc", Value: 30, Source: "Quy định 294-QĐ/TW: trong 30 ngày làm việc kể từ ngày nhận được quyết định kết nạp", ValidFrom: MustDate("1930-01-01")},
	{Name: "recognition.vote_thirds", Label: "Biểu quyết đề nghị công nhận đảng viên chính thức: số phần ba tán thành", Unit: "phần ba", Value: 2, Source: "Điều lệ Đảng, Điều 5: ít nhất hai phần ba đảng viên chính thức (cấp ủy viên) tán thành", ValidFrom: MustDate("1930-01-01")},
	// Badges (huy hiệu Đảng): Quy định về xét tặng Huy hiệu Đảng (verify
	// the numbers against the regulation in force).
	{Name: "badge.early_months_to_65", Label: "Huy hiệu 30–65 năm: xét tặng sớm tối đa khi ốm đau nặng", Unit: "tháng", Value: 12, Source: "Quy định về xét tặng Huy hiệu Đảng: đảng viên bị bệnh nặng có thể xét tặng sớm tối đa 12 tháng (30–65 năm tuổi đảng)", ValidFrom: MustDate("1930-01-01"), Verify: true},
	{Name: "badge.early_months_from_70", Label: "Huy hiệu 70–90 năm: xét tặng sớm tối đa khi ốm đau nặng", Unit: "tháng", Value: 24, Source: "Quy định về xét tặng Huy hiệu Đảng: tối đa 24 tháng (70–90 năm tuổi đảng)", ValidFrom: MustDate("1930-01-01"), Verify: true},
	{Name: "badge.delay_warning_months", Label: "Xét tặng huy hiệu lùi lại sau kỷ luật cảnh cáo", Unit: "tháng", Value: 6, Source: "Quy định về xét tặng Huy hiệu Đảng: bị kỷ luật cảnh cáo thì lùi 6 tháng", ValidFrom: MustDate("1930-01-01"), Verify: true},
	{Name: "badge.delay_dismissal_months", Label: "Xét tặng huy hiệu lùi lại sau kỷ luật cách chức", Unit: "tháng", Value: 12, Source: "Quy định về xét tặng Huy hiệu Đảng: bị kỷ luật cách chức thì lùi 1 năm", ValidFrom: MustDate("1930-01-01"), Verify: true},
	{Name: "badge.number_digits", Label: "Số chữ số sau mã tỉnh của số huy hiệu", Unit: "chữ số", Value: 6, Source: "Số huy hiệu: mã đảng bộ tỉnh và 6 chữ số", ValidFrom: MustDate("1930-01-01")},
	{Name: "cell.min_official_members", Label: "Số đảng viên chính thức tối thiểu của chi bộ", Unit: "người", Value: 3, Source: "Điều lệ Đảng, Điều 24", ValidFrom: MustDate("1930-01-01")},
	{Name: "removal.months_absent_or_unpaid", Label: "Số tháng trong năm bỏ sinh hoạt hoặc không đóng đảng phí là căn cứ xóa tên", Unit: "tháng", Value: 3, Source: "Điều lệ Đảng, Điều 8; Quy định 294-QĐ/TW: bỏ sinh hoạt hoặc không đóng đảng phí 3 tháng trong năm", ValidFrom: MustDate("1930-01-01")},
	{Name: "meeting.min_minutes", Label: "Thời lượng tối thiểu buổi sinh hoạt định kỳ", Unit: "phút", Value: 90, Source: "Hướng dẫn 12-HD/BTCTW (2018); từ 2025 Hướng dẫn 42-HD/BTCTW", ValidFrom: MustDate("1930-01-01")},
	{Name: "meeting.min_minutes_combined", Label: "Thời lượng tối thiểu buổi sinh hoạt kết hợp chuyên đề", Unit: "phút", Value: 120, Source: "Hướng dẫn 12-HD/BTCTW (2018); từ 2025 Hướng dẫn 42-HD/BTCTW", ValidFrom: MustDate("1930-01-01")},
	// Public holidays whose number of days the law has changed (Bộ luật Lao
	// động 1994 Điều 73, 2012 Điều 115, 2019 Điều 112): the working-day
	// calendar of a past year uses the law of that year.
	{Name: "holiday.tet_days", Label: "Số ngày nghỉ Tết Âm lịch", Unit: "ngày", Value: 4, Source: "Bộ luật Lao động 1994, Điều 73: Tết Âm lịch bốn ngày", ValidFrom: MustDate("1930-01-01")},
	{Name: "holiday.tet_days", Value: 5, Source: "Bộ luật Lao động 2012, Điều 115 (từ 1/5/2013); Bộ luật Lao động 2019, Điều 112: Tết Âm lịch 05 ngày", ValidFrom: MustDate("2013-05-01")},
	{Name: "holiday.national_day_days", Label: "Số ngày nghỉ lễ Quốc khánh", Unit: "ngày", Value: 1, Source: "Bộ luật Lao động 1994, Điều 73; Bộ luật Lao động 2012, Điều 115: ngày 2/9", ValidFrom: MustDate("1930-01-01")},
	{Name: "holiday.national_day_days", Value: 2, Source: "Bộ luật Lao động 2019, Điều 112: ngày 2/9 và 01 ngày liền kề trước hoặc sau", ValidFrom: MustDate("2021-01-01")},
	{Name: "holiday.hung_kings_days", Label: "Số ngày nghỉ Giỗ Tổ Hùng Vương (10/3 âm lịch)", Unit: "ngày", Value: 0, Source: "Bộ luật Lao động 1994, Điều 73: chưa có ngày nghỉ này", ValidFrom: MustDate("1930-01-01")},
	{Name: "holiday.hung_kings_days", Value: 1, Source: "Luật sửa đổi, bổ sung Điều 73 Bộ luật Lao động (2007); Bộ luật Lao động 2019, Điều 112", ValidFrom: MustDate("2007-01-01")},
	// Party fees: Quyết định 342-QĐ/TW (2010) until 31/1/2026, Quy định
	// 01-QĐ/TW (3/2/2026) from 1/2/2026. Percentages in basis points of the
	// monthly base; fixed amounts in đồng.
	{Name: "fee.regulation", Label: "Văn bản quy định chế độ đảng phí (342 hoặc 1)", Unit: "số", Value: FeeRegulation342, Source: "Quyết định 342-QĐ/TW (2010), Công văn 141-CV/VPTW/nb (2011)", ValidFrom: MustDate("1930-01-01")},
	{Name: "fee.regulation", Value: FeeRegulation01, Source: "Quy định 01-QĐ/TW (3/2/2026), áp dụng từ 1/2/2026", ValidFrom: MustDate("2026-02-01")},
	{Name: "fee.salaried_bp", Label: "Đảng phí theo tiền lương: phần tiền lương", Unit: "phần vạn", Value: 100, Source: "Quyết định 342-QĐ/TW: 1% tiền lương và phụ cấp", ValidFrom: MustDate("1930-01-01")},
	{Name: "fee.salaried_bp", Value: 100, Source: "Quy định 01-QĐ/TW: 1% tiền lương tháng trước làm căn cứ đóng bảo hiểm xã hội", ValidFrom: MustDate("2026-02-01")},
	{Name: "fee.enterprise_bp", Label: "Đảng phí theo thu nhập từ quỹ lương (doanh nghiệp, đơn vị sự nghiệp)", Unit: "phần vạn", Value: 100, Source: "Quyết định 342-QĐ/TW: 1% thu nhập từ quỹ tiền lương", ValidFrom: MustDate("1930-01-01")},
	{Name: "fee.retired_bp", Label: "Đảng phí của đảng viên nghỉ hưu: phần lương hưu", Unit: "phần vạn", Value: 50, Source: "Quyết định 342-QĐ/TW: 0,5% lương hưu", ValidFrom: MustDate("1930-01-01")},
	{Name: "fee.retired_bp", Value: 50, Source: "Quy định 01-QĐ/TW: 0,5% lương hưu", ValidFrom: MustDate("2026-02-01")},
	{Name: "fee.student", Label: "Đảng phí của học sinh, sinh viên", Unit: "đồng", Value: 2000, Source: "Hướng dẫn 03-HD/VPTW (2016): học sinh, sinh viên", ValidFrom: MustDate("1930-01-01"), Verify: true},
	{Name: "fee.student", Value: 5000, Source: "Quy định 01-QĐ/TW: học sinh, sinh viên 5.000 đồng/tháng", ValidFrom: MustDate("2026-02-01")},
	{Name: "fee.other_tier1", Label: "Mức cố định bậc 1 (đối tượng khác)", Unit: "đồng", Value: 10000, Source: "Hướng dẫn 03-HD/VPTW (2016): bậc 1", ValidFrom: MustDate("1930-01-01"), Verify: true},
	{Name: "fee.other_tier2", Label: "Mức cố định bậc 2 (đối tượng khác)", Unit: "đồng", Value: 8000, Source: "Hướng dẫn 03-HD/VPTW (2016): bậc 2", ValidFrom: MustDate("1930-01-01"), Verify: true},
	{Name: "fee.other_tier3", Label: "Mức cố định bậc 3 (đối tượng khác)", Unit: "đồng", Value: 6000, Source: "Hướng dẫn 03-HD/VPTW (2016): bậc 3", ValidFrom: MustDate("1930-01-01"), Verify: true},
	{Name: "fee.other_tier4", Label: "Mức cố định bậc 4 (đối tượng khác)", Unit: "đồng", Value: 4000, Source: "Hướng dẫn 03-HD/VPTW (2016): bậc 4", ValidFrom: MustDate("1930-01-01"), Verify: true},
	{Name: "fee.past_working_age_pct", Label: "Mức cố định của đảng viên ngoài độ tuổi lao động", Unit: "%", Value: 50, Source: "Hướng dẫn 03-HD/VPTW (2016): đảng viên ngoài độ tuổi lao động đóng 50%", ValidFrom: MustDate("1930-01-01")},
	{Name: "fee.other_wage_bp", Label: "Đảng viên khác chưa đến tuổi nghỉ hưu: phần lương tối thiểu vùng", Unit: "phần vạn", Value: 30, Source: "Quy định 01-QĐ/TW: 0,3% mức lương tối thiểu vùng (chưa đến tuổi nghỉ hưu)", ValidFrom: MustDate("2026-02-01")},
	{Name: "fee.other_wage_bp", Value: 50, Source: "Quy định 01-QĐ/TW: 0,5% mức lương tối thiểu vùng từ 1/1/2028 (chưa đến tuổi nghỉ hưu)", ValidFrom: MustDate("2028-01-01")},
	{Name: "fee.other_retired_wage_bp", Label: "Đảng viên khác đã đến tuổi nghỉ hưu: phần lương tối thiểu vùng", Unit: "phần vạn", Value: 20, Source: "Quy định 01-QĐ/TW: 0,2% mức lương tối thiểu vùng (đã đến tuổi nghỉ hưu)", ValidFrom: MustDate("2026-02-01")},
	{Name: "fee.other_retired_wage_bp", Value: 30, Source: "Quy định 01-QĐ/TW: 0,3% mức lương tối thiểu vùng từ 1/1/2028 (đã đến tuổi nghỉ hưu)", ValidFrom: MustDate("2028-01-01")},
	{Name: "fee.exempt_party_age_years", Label: "Tuổi đảng được miễn đóng đảng phí", Unit: "năm", Value: 50, Source: "Quy định 01-QĐ/TW: miễn đóng đảng phí với đảng viên có tuổi đảng từ 50 năm, hưởng trợ cấp xã hội, hộ nghèo, cận nghèo, ốm đau nặng", ValidFrom: MustDate("2026-02-01")},
	{Name: "fee.reduction_max_months", Label: "Thời gian giảm đảng phí tối đa", Unit: "tháng", Value: 12, Source: "Quy định 01-QĐ/TW: giảm 30%, 50% hoặc 70% tối đa 12 tháng theo quyết định", ValidFrom: MustDate("2026-02-01")},
	{Name: "fee.max_pay_ahead_months", Label: "Số tháng được nộp trước tối đa", Unit: "tháng", Value: 12, Source: "Quyết định 342-QĐ/TW: đảng viên có thể đóng trước đảng phí nhiều tháng", ValidFrom: MustDate("1930-01-01"), Verify: true},
	// Shares of the fees collected kept at each level, the rest sent up
	// (Quyết định 342-QĐ/TW; kept under 01-QĐ/TW until confirmed).
	{Name: "fee.keep_cell_pct", Label: "Chi bộ trực thuộc giữ lại (mặc định)", Unit: "%", Value: 30, Source: "Quyết định 342-QĐ/TW: chi bộ trực thuộc giữ lại 30% đến 50% (mặc định 30%)", ValidFrom: MustDate("1930-01-01")},
	{Name: "fee.keep_cell_min_pct", Label: "Chi bộ trực thuộc giữ lại tối thiểu", Unit: "%", Value: 30, Source: "Quyết định 342-QĐ/TW: chi bộ trực thuộc giữ lại từ 30%", ValidFrom: MustDate("1930-01-01")},
	{Name: "fee.keep_cell_max_pct", Label: "Chi bộ trực thuộc giữ lại tối đa", Unit: "%", Value: 50, Source: "Quyết định 342-QĐ/TW: chi bộ trực thuộc giữ lại đến 50%", ValidFrom: MustDate("1930-01-01")},
	{Name: "fee.keep_commune_pct", Label: "Đảng bộ, chi bộ cơ sở xã, phường giữ lại", Unit: "%", Value: 90, Source: "Quyết định 342-QĐ/TW: tổ chức cơ sở đảng xã, phường, thị trấn giữ lại 90%", ValidFrom: MustDate("1930-01-01"), Verify: true},
	{Name: "fee.keep_grassroots_pct", Label: "Tổ chức cơ sở đảng khác giữ lại", Unit: "%", Value: 70, Source: "Quyết định 342-QĐ/TW: tổ chức cơ sở đảng khác giữ lại 70%", ValidFrom: MustDate("1930-01-01"), Verify: true},
	{Name: "fee.keep_upper_pct", Label: "Cấp trên cơ sở giữ lại", Unit: "%", Value: 50, Source: "Quyết định 342-QĐ/TW: đảng bộ cấp trên cơ sở trở lên giữ lại 50%, nộp lên 50%", ValidFrom: MustDate("1930-01-01"), Verify: true},
	// Yearly evaluation (RULES.md, Yearly evaluation): a year is rated by
	// the version in force at its end (EvalDay). 132-QĐ/TW with 21-HD/BTCTW
	// until 2022, 124-QĐ/TW for 2023–2024, 366-QĐ/TW with 43-HD/BTCTW from
	// the evaluation of 2025.
	{Name: "evaluation.regulation", Label: "Văn bản quy định đánh giá, xếp loại chất lượng hằng năm (132, 124 hoặc 366)", Unit: "số", Value: 132, Source: "Quy định 132-QĐ/TW (2018); Hướng dẫn 21-HD/BTCTW (2018)", ValidFrom: MustDate("1930-01-01")},
	{Name: "evaluation.regulation", Value: 124, Source: "Quy định 124-QĐ/TW (2/2/2023) về kiểm điểm, đánh giá, xếp loại chất lượng hằng năm", ValidFrom: MustDate("2023-01-01")},
	{Name: "evaluation.regulation", Value: 366, Source: "Quy định 366-QĐ/TW (2025); Hướng dẫn 43-HD/BTCTW (31/10/2025), áp dụng từ đánh giá năm 2025", ValidFrom: MustDate("2025-01-01")},
	{Name: "evaluation.excellent_min_points", Label: "Điểm tối thiểu xếp loại «Hoàn thành xuất sắc nhiệm vụ»", Unit: "điểm", Value: 90, Source: "Khung điểm do cấp ủy hướng dẫn theo Quy định 124-QĐ/TW (cần đối chiếu)", ValidFrom: MustDate("1930-01-01"), Verify: true},
	{Name: "evaluation.excellent_min_points", Value: 90, Source: "Quy định 366-QĐ/TW; Hướng dẫn 43-HD/BTCTW: từ 90 điểm", ValidFrom: MustDate("2025-01-01")},
	{Name: "evaluation.good_min_points", Label: "Điểm tối thiểu xếp loại «Hoàn thành tốt nhiệm vụ»", Unit: "điểm", Value: 70, Source: "Khung điểm do cấp ủy hướng dẫn theo Quy định 124-QĐ/TW (cần đối chiếu)", ValidFrom: MustDate("1930-01-01"), Verify: true},
	{Name: "evaluation.good_min_points", Value: 70, Source: "Quy định 366-QĐ/TW; Hướng dẫn 43-HD/BTCTW: từ 70 đến dưới 90 điểm", ValidFrom: MustDate("2025-01-01")},
	{Name: "evaluation.done_min_points", Label: "Điểm tối thiểu xếp loại «Hoàn thành nhiệm vụ»", Unit: "điểm", Value: 50, Source: "Khung điểm do cấp ủy hướng dẫn theo Quy định 124-QĐ/TW (cần đối chiếu)", ValidFrom: MustDate("1930-01-01"), Verify: true},
	{Name: "evaluation.done_min_points", Value: 50, Source: "Quy định 366-QĐ/TW; Hướng dẫn 43-HD/BTCTW: từ 50 đến dưới 70 điểm; dưới 50 điểm là không hoàn thành nhiệm vụ", ValidFrom: MustDate("2025-01-01")},
	{Name: "evaluation.excellent_beyond_pct", Label: "Mức vượt yêu cầu tối thiểu để xếp loại «Hoàn thành xuất sắc nhiệm vụ»", Unit: "%", Value: 30, Source: "Tiêu chí «xuất sắc» theo Quy định 124-QĐ/TW (cần đối chiếu)", ValidFrom: MustDate("1930-01-01"), Verify: true},
	{Name: "evaluation.excellent_beyond_pct", Value: 30, Source: "Quy định 366-QĐ/TW: mọi nhiệm vụ hoàn thành đúng tiến độ, vượt từ 30% yêu cầu", ValidFrom: MustDate("2025-01-01")},
	{Name: "evaluation.excellent_cap_pct", Label: "Số «xuất sắc» tối đa so với số «tốt» (tính trong mỗi tổ chức cơ sở đảng)", Unit: "%", Value: 20, Source: "Quy định 132-QĐ/TW, Quy định 124-QĐ/TW: số xếp loại «Hoàn thành xuất sắc nhiệm vụ» không vượt quá 20% số xếp loại «Hoàn thành tốt nhiệm vụ»", ValidFrom: MustDate("1930-01-01")},
	{Name: "evaluation.excellent_cap_pct", Value: 20, Source: "Hướng dẫn 43-HD/BTCTW: không quá 20% số xếp loại «Hoàn thành tốt nhiệm vụ», tính theo từng tổ chức cơ sở đảng", ValidFrom: MustDate("2025-01-01")},
	{Name: "evaluation.discipline_self_fix_exception", Label: "Đảng viên bị kỷ luật trong năm tự phát hiện, khắc phục vi phạm được xếp loại trên «Không hoàn thành» (1: có, 0: không)", Unit: "có/không", Value: 0, Source: "Hướng dẫn 21-HD/BTCTW (2018): đảng viên bị kỷ luật trong năm xếp loại «Không hoàn thành nhiệm vụ»", ValidFrom: MustDate("1930-01-01")},
	{Name: "evaluation.discipline_self_fix_exception", Value: 1, Source: "Quy định 124-QĐ/TW: bị kỷ luật trong năm thì xếp loại «Không hoàn thành nhiệm vụ», trừ trường hợp tự phát hiện và chủ động khắc phục; một vi phạm chỉ tính một lần", ValidFrom: MustDate("2023-01-01")},
	{Name: "evaluation.discipline_self_fix_exception", Value: 1, Source: "Quy định 366-QĐ/TW: như Quy định 124-QĐ/TW (cần đối chiếu)", ValidFrom: MustDate("2025-01-01"), Verify: true},
	{Name: "evaluation.residence_bars_excellent", Label: "Nhận xét «chưa thực hiện tốt» của chi ủy nơi cư trú không cho xếp loại «xuất sắc» (1: có, 0: không)", Unit: "có/không", Value: 1, Source: "Quy định 213-QĐ/TW (2020): nhận xét của chi ủy nơi cư trú là căn cứ đánh giá, xếp loại đảng viên hằng năm (cần đối chiếu)", ValidFrom: MustDate("1930-01-01"), Verify: true},
	// Discipline (RULES.md, Discipline): Quy định 69-QĐ/TW (2022), from
	// 30/5/2025 Quy định 296-QĐ/TW. Votes are fractions num/den of all who
	// have the right to vote.
	{Name: "discipline.regulation", Label: "Văn bản quy định xử lý kỷ luật đảng viên, tổ chức đảng (69 hoặc 296)", Unit: "số", Value: 69, Source: "Quy định 69-QĐ/TW (6/7/2022) về kỷ luật tổ chức đảng, đảng viên vi phạm", ValidFrom: MustDate("1930-01-01")},
	{Name: "discipline.regulation", Value: 296, Source: "Quy định 296-QĐ/TW (30/5/2025) về kỷ luật tổ chức đảng, đảng viên vi phạm", ValidFrom: MustDate("2025-05-30")},
	{Name: "discipline.vote_num", Label: "Kỷ luật khiển trách, cảnh cáo, cách chức: tỉ lệ đồng ý phải vượt (tử số)", Unit: "phần", Value: 1, Source: "Điều lệ Đảng, Điều 39: quyết định kỷ luật phải được trên một nửa số thành viên có quyền biểu quyết đồng ý", ValidFrom: MustDate("1930-01-01")},
	{Name: "discipline.vote_den", Label: "Kỷ luật khiển trách, cảnh cáo, cách chức: tỉ lệ đồng ý phải vượt (mẫu số)", Unit: "phần", Value: 2, Source: "Điều lệ Đảng, Điều 39: trên một nửa", ValidFrom: MustDate("1930-01-01")},
	{Name: "discipline.expulsion_proposal_num", Label: "Khai trừ: tỉ lệ đảng viên chính thức của chi bộ đồng ý đề nghị, tối thiểu (tử số)", Unit: "phần", Value: 2, Source: "Điều lệ Đảng, Điều 39: khai trừ phải được ít nhất hai phần ba số đảng viên chính thức của chi bộ đồng ý đề nghị", ValidFrom: MustDate("1930-01-01")},
	{Name: "discipline.expulsion_proposal_den", Label: "Khai trừ: tỉ lệ đảng viên chính thức của chi bộ đồng ý đề nghị, tối thiểu (mẫu số)", Unit: "phần", Value: 3, Source: "Điều lệ Đảng, Điều 39: hai phần ba", ValidFrom: MustDate("1930-01-01")},
	{Name: "discipline.expulsion_vote_num", Label: "Khai trừ: tỉ lệ đồng ý của cấp ủy cấp trên có thẩm quyền phải vượt (tử số)", Unit: "phần", Value: 1, Source: "Điều lệ Đảng, Điều 39: cấp ủy cấp trên có thẩm quyền quyết định, trên một nửa số thành viên đồng ý", ValidFrom: MustDate("1930-01-01")},
	{Name: "discipline.expulsion_vote_den", Label: "Khai trừ: tỉ lệ đồng ý của cấp ủy cấp trên có thẩm quyền phải vượt (mẫu số)", Unit: "phần", Value: 2, Source: "Điều lệ Đảng, Điều 39: trên một nửa", ValidFrom: MustDate("1930-01-01")},
	{Name: "discipline.limit_reprimand_years", Label: "Thời hiệu kỷ luật đảng viên: khiển trách", Unit: "năm", Value: 5, Source: "Quy định 22-QĐ/TW (2021); Quy định 69-QĐ/TW: 5 năm với vi phạm đến mức khiển trách", ValidFrom: MustDate("1930-01-01")},
	{Name: "discipline.limit_reprimand_years", Value: 5, Source: "Quy định 296-QĐ/TW: 5 năm với vi phạm đến mức khiển trách (cần đối chiếu)", ValidFrom: MustDate("2025-05-30"), Verify: true},
	{Name: "discipline.limit_warning_years", Label: "Thời hiệu kỷ luật đảng viên: cảnh cáo, cách chức", Unit: "năm", Value: 10, Source: "Quy định 22-QĐ/TW (2021); Quy định 69-QĐ/TW: 10 năm với vi phạm đến mức cảnh cáo hoặc cách chức", ValidFrom: MustDate("1930-01-01")},
	{Name: "discipline.limit_warning_years", Value: 10, Source: "Quy định 296-QĐ/TW: 10 năm với vi phạm đến mức cảnh cáo hoặc cách chức (cần đối chiếu)", ValidFrom: MustDate("2025-05-30"), Verify: true},
	{Name: "discipline.limit_expulsion_years", Label: "Thời hiệu kỷ luật đảng viên: khai trừ (0: không áp dụng thời hiệu)", Unit: "năm", Value: 0, Source: "Quy định 22-QĐ/TW (2021): không áp dụng thời hiệu với vi phạm đến mức khai trừ", ValidFrom: MustDate("1930-01-01")},
	{Name: "discipline.org_limit_reprimand_years", Label: "Thời hiệu kỷ luật tổ chức đảng: khiển trách", Unit: "năm", Value: 5, Source: "Quy định 22-QĐ/TW (2021); Quy định 69-QĐ/TW: 5 năm với vi phạm đến mức khiển trách", ValidFrom: MustDate("1930-01-01")},
	{Name: "discipline.org_limit_warning_years", Label: "Thời hiệu kỷ luật tổ chức đảng: cảnh cáo", Unit: "năm", Value: 10, Source: "Quy định 22-QĐ/TW (2021); Quy định 69-QĐ/TW: 10 năm với vi phạm đến mức cảnh cáo", ValidFrom: MustDate("1930-01-01")},
	{Name: "discipline.org_limit_expulsion_years", Label: "Thời hiệu kỷ luật tổ chức đảng: giải tán (0: không áp dụng thời hiệu)", Unit: "năm", Value: 0, Source: "Quy định 22-QĐ/TW (2021): không áp dụng thời hiệu với vi phạm đến mức giải tán", ValidFrom: MustDate("1930-01-01")},
	{Name: "discipline.appeal_months", Label: "Thời hạn khiếu nại quyết định kỷ luật", Unit: "tháng", Value: 1, Source: "Điều lệ Đảng, Điều 39: trong vòng một tháng kể từ ngày nhận quyết định kỷ luật", ValidFrom: MustDate("1930-01-01")},
	// Removal (RULES.md, Removal) beside removal.months_absent_or_unpaid.
	{Name: "removal.not_done_years", Label: "Số năm liền «Không hoàn thành nhiệm vụ» là căn cứ xóa tên", Unit: "năm", Value: 2, Source: "Điều lệ Đảng, Điều 8; Quy định 294-QĐ/TW (trước đó 24-QĐ/TW): vi phạm tư cách đảng viên 2 năm liền", ValidFrom: MustDate("1930-01-01")},
	{Name: "removal.education_months", Label: "Thời gian chi bộ giáo dục đảng viên không tiến bộ thì xem xét xóa tên", Unit: "tháng", Value: 12, Source: "Điều lệ Đảng, Điều 8; Quy định 294-QĐ/TW (trước đó 24-QĐ/TW): chi bộ giáo dục 12 tháng không tiến bộ", ValidFrom: MustDate("1930-01-01")},
}

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
