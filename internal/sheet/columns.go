// Package sheet reads and writes member lists as spreadsheets (.xlsx, .csv)
// with Vietnamese column headings: the import template, the import with its
// per-row errors and error copy, and the export.
package sheet

import (
	"fmt"
	"strconv"
	"strings"

	"dangvien/internal/domain"
	"dangvien/internal/viet"
)

// Column is one column of the member spreadsheet.
type Column struct {
	Key      string // the field key, as in the API and in errors
	Heading  string
	Required bool
	Note     string // shown on the template's guide sheet
	get      func(m *domain.Member, orgCode string) string
	fee      func(p *domain.FeeProfile) string // a fee column: the profile's value
	aliases  []string                          // older headings read as this column
}

func yes(b bool) string {
	if b {
		return "Có"
	}
	return ""
}

func label(choices map[string]string, code string) string {
	if l, ok := choices[code]; ok {
		return l
	}
	return code
}

// Columns lists the columns in the order of the template and the export.
var Columns = []Column{
	{Key: "org_code", Heading: "Mã tổ chức", Note: "Mã chi bộ nơi đảng viên sinh hoạt; để trống thì dùng chi bộ chọn khi nhập (--org).", get: func(_ *domain.Member, c string) string { return c }},
	{Key: "full_name", Heading: "Họ và tên", Required: true, Note: "Họ, tên đệm và tên, có dấu.", get: func(m *domain.Member, _ string) string { return m.FullName }},
	{Key: "other_names", Heading: "Tên gọi khác", get: func(m *domain.Member, _ string) string { return m.OtherNames }},
	{Key: "gender", Heading: "Giới tính", Required: true, Note: "Nam hoặc Nữ.", get: func(m *domain.Member, _ string) string { return label(domain.Genders, string(m.Gender)) }},
	{Key: "birth_date", Heading: "Ngày sinh", Required: true, Note: "dd/mm/yyyy", get: func(m *domain.Member, _ string) string { return m.BirthDate.String() }},
	{Key: "hometown", Heading: "Quê quán", get: func(m *domain.Member, _ string) string { return m.Hometown }},
	{Key: "birth_place", Heading: "Nơi sinh", get: func(m *domain.Member, _ string) string { return m.BirthPlace }},
	{Key: "ethnicity", Heading: "Dân tộc", Required: true, Note: "Tên dân tộc (Kinh, Tày, Thái, …) hoặc mã 01–55.", get: func(m *domain.Member, _ string) string { return label(domain.EthnicGroups, m.Ethnicity) }},
	{Key: "religion", Heading: "Tôn giáo", get: func(m *domain.Member, _ string) string { return m.Religion }},
	{Key: "citizen_id", Heading: "Số CCCD", Note: "Số định danh cá nhân, 12 chữ số.", get: func(m *domain.Member, _ string) string { return m.CitizenID }},
	{Key: "phone", Heading: "Điện thoại", get: func(m *domain.Member, _ string) string { return m.Phone }},
	{Key: "email", Heading: "Thư điện tử", get: func(m *domain.Member, _ string) string { return m.Email }},
	{Key: "address", Heading: "Nơi ở hiện nay", get: func(m *domain.Member, _ string) string { return m.Address }},
	{Key: "card_number", Heading: "Số thẻ đảng viên", get: func(m *domain.Member, _ string) string { return m.CardNumber }},
	{Key: "file_number", Heading: "Số hồ sơ", get: func(m *domain.Member, _ string) string { return m.FileNumber }},
	{Key: "admission_decision_date", Heading: "Ngày quyết định kết nạp", Note: "dd/mm/yyyy: ngày ghi trong quyết định kết nạp, từ đó tính tuổi đảng. Để trống nếu chưa rõ: lấy bằng ngày lễ kết nạp và hồ sơ được đánh dấu «Ngày quyết định kết nạp chưa được xác nhận» để bổ sung sau.",
		get: func(m *domain.Member, _ string) string { return decisionWritten(m) }},
	{Key: "admission_date", Heading: "Ngày lễ kết nạp", Required: true, Note: "dd/mm/yyyy: ngày tổ chức lễ kết nạp, từ đó tính 12 tháng dự bị. Tệp cũ ghi cột «Ngày vào Đảng» được đọc là cột này.",
		aliases: []string{"Ngày vào Đảng"}, get: func(m *domain.Member, _ string) string { return m.AdmissionDate.String() }},
	{Key: "official_date", Heading: "Ngày chính thức", Note: "dd/mm/yyyy; để trống nếu còn dự bị.", get: func(m *domain.Member, _ string) string { return m.OfficialDate.String() }},
	{Key: "status", Heading: "Trạng thái", Note: "Dự bị hoặc Chính thức; để trống thì suy từ ngày chính thức.", get: func(m *domain.Member, _ string) string { return m.Status.Label() }},
	{Key: "exempted", Heading: "Miễn sinh hoạt", Note: "Có nếu đang được miễn công tác và sinh hoạt đảng.", get: func(m *domain.Member, _ string) string { return yes(m.Exempted) }},
	{Key: "education", Heading: "Giáo dục phổ thông", Note: "Tiểu học, Trung học cơ sở, Trung học phổ thông.", get: func(m *domain.Member, _ string) string { return label(domain.EducationLevels, m.Education) }},
	{Key: "qualification", Heading: "Chuyên môn", Note: "Không, Sơ cấp, Trung cấp, Cao đẳng, Đại học, Thạc sĩ, Tiến sĩ.", get: func(m *domain.Member, _ string) string { return label(domain.Qualifications, m.Qualification) }},
	{Key: "theory_level", Heading: "Lý luận chính trị", Note: "Không, Sơ cấp, Trung cấp, Cao cấp, Cử nhân.", get: func(m *domain.Member, _ string) string { return label(domain.TheoryLevels, m.TheoryLevel) }},
	{Key: "foreign_language", Heading: "Ngoại ngữ", get: func(m *domain.Member, _ string) string { return m.ForeignLanguage }},
	{Key: "occupation", Heading: "Nghề nghiệp", get: func(m *domain.Member, _ string) string { return m.Occupation }},
	{Key: "workplace", Heading: "Nơi làm việc", get: func(m *domain.Member, _ string) string { return m.Workplace }},
	{Key: "party_position", Heading: "Chức vụ Đảng", get: func(m *domain.Member, _ string) string { return m.PartyPosition }},
	{Key: "gov_position", Heading: "Chức vụ chính quyền", get: func(m *domain.Member, _ string) string { return m.GovPosition }},
	{Key: "army", Heading: "Quân đội", Note: "Có hoặc để trống.", get: func(m *domain.Member, _ string) string { return yes(m.Army) }},
	{Key: "police", Heading: "Công an", Note: "Có hoặc để trống.", get: func(m *domain.Member, _ string) string { return yes(m.Police) }},
	{Key: "retired", Heading: "Nghỉ hưu", Note: "Có hoặc để trống.", get: func(m *domain.Member, _ string) string { return yes(m.Retired) }},
	{Key: "fee_category", Heading: "Đối tượng đóng đảng phí", Note: feeCategoryNote(), fee: func(p *domain.FeeProfile) string { return p.Category.Short() }},
	{Key: "fee_base", Heading: "Tiền lương, thu nhập hoặc lương hưu (đồng)", Note: "Số đồng mỗi tháng, ví dụ 5.310.000: lương làm căn cứ đóng bảo hiểm xã hội, thu nhập, hoặc lương hưu với đối tượng nghỉ hưu.",
		fee: func(p *domain.FeeProfile) string { return amount(p.Base) }},
	{Key: "fee_tier", Heading: "Bậc mức cố định (đến 1/2026)", Note: "1 đến 4, với đối tượng Khác: mức cố định của các tháng đến 1/2026 (Quyết định 342-QĐ/TW).",
		fee: func(p *domain.FeeProfile) string { return tier(p.Tier) }},
	{Key: "fee_exemption", Heading: "Miễn đảng phí", Note: feeExemptionNote(), fee: func(p *domain.FeeProfile) string { return p.Exemption.Label() }},
}

// decisionWritten is the admission decision's date as a list writes it:
// blank while it is only the ceremony's day standing in, so that the list
// says what is known and a re-import marks it to be completed again.
func decisionWritten(m *domain.Member) string {
	if m.DecisionCopied {
		return ""
	}
	return m.DecisionDate.String()
}

func amount(n int64) string {
	if n == 0 {
		return ""
	}
	return strings.TrimSuffix(domain.Dong(n), " đ")
}

func tier(t int) string {
	if t == 0 {
		return ""
	}
	return strconv.Itoa(t)
}

func feeCategoryNote() string {
	var names []string
	for _, c := range domain.FeeCategories {
		names = append(names, "«"+c.Short()+"»")
	}
	return "Một trong " + strings.Join(names, ", ") + "; để trống nếu chưa có mức đảng phí (khi đó để trống cả ba cột sau)."
}

func feeExemptionNote() string {
	var names []string
	for _, e := range domain.FeeExemptions {
		names = append(names, "«"+e.Label()+"»")
	}
	return "Lý do được miễn (có đơn, từ tháng 2/2026): " + strings.Join(names, ", ") + "; để trống nếu không. Tuổi đảng từ 50 năm được tính từ ngày quyết định kết nạp, không cần ghi."
}

// properColumns hold names and codes, which viet.Check reads as proper
// names (the Vietnamese Latin alphabet only); the others are one line of
// text.
var properColumns = map[string]bool{"org_code": true, "full_name": true, "other_names": true, "card_number": true, "file_number": true}

// freeColumns may hold text that starts with a quote; in the others a
// leading quote is never part of the value (see unquote).
var freeColumns = map[string]bool{"full_name": true, "other_names": true, "hometown": true, "birth_place": true, "religion": true,
	"address": true, "foreign_language": true, "occupation": true, "workplace": true, "party_position": true, "gov_position": true}

// Headings returns the headings in column order.
func Headings() []string {
	h := make([]string, len(Columns))
	for i, c := range Columns {
		h[i] = c.Heading
	}
	return h
}

// HeadingOf maps a field key to its heading ("" → "").
func HeadingOf(key string) string {
	for _, c := range Columns {
		if c.Key == key {
			return c.Heading
		}
	}
	return key
}

// Record returns the cells of one member, in column order; fee is the
// member's fee profile, nil when none is set.
func Record(m *domain.Member, orgCode string, fee *domain.FeeProfile) []string {
	out := make([]string, len(Columns))
	for i, c := range Columns {
		switch {
		case c.fee == nil:
			out[i] = c.get(m, orgCode)
		case fee != nil:
			out[i] = c.fee(fee)
		}
	}
	return out
}

// columnIndex maps the file's headings to columns, folding case and
// diacritics so "ngay sinh" and "NGÀY SINH" both match "Ngày sinh".
func columnIndex(header []string) (map[string]int, []domain.RowError) {
	byFold := map[string]string{}
	for _, c := range Columns {
		byFold[viet.Fold(c.Heading)] = c.Key
		for _, a := range c.aliases {
			byFold[viet.Fold(a)] = c.Key
		}
	}
	idx := map[string]int{}
	var errs []domain.RowError
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if h == "" {
			continue
		}
		key, ok := byFold[viet.Fold(strings.TrimSuffix(h, "*"))]
		if !ok {
			errs = append(errs, domain.RowError{Row: 1, Column: h, Reason: "Tên cột không có trong mẫu; xem mẫu tải từ «dangvien export --template»."})
			continue
		}
		if _, dup := idx[key]; dup {
			errs = append(errs, domain.RowError{Row: 1, Column: h, Reason: "Cột bị lặp."})
			continue
		}
		idx[key] = i
	}
	for _, c := range Columns {
		if _, ok := idx[c.Key]; !ok && c.Required {
			reason := "Thiếu cột bắt buộc."
			if _, decision := idx["admission_decision_date"]; decision && c.Key == "admission_date" {
				reason = "Tệp chỉ có cột «Ngày quyết định kết nạp»: cần thêm cột «Ngày lễ kết nạp», ngày bắt đầu 12 tháng dự bị (hai ngày này thường khác nhau)."
			}
			errs = append(errs, domain.RowError{Row: 1, Column: c.Heading, Reason: reason})
		}
	}
	return idx, errs
}

// oneAdmissionDate is the note for a file with only the ceremony's date:
// what the import did with the decision's, and how many records to complete.
func oneAdmissionDate(heading string, n int) string {
	return fmt.Sprintf("Tệp chỉ có một cột ngày kết nạp («%s»), được đọc là ngày lễ kết nạp. Ngày quyết định kết nạp của %d đảng viên được lấy bằng ngày đó và hồ sơ được đánh dấu «Ngày quyết định kết nạp chưa được xác nhận»: hãy bổ sung trên từng hồ sơ (danh sách lọc «Chưa xác nhận ngày quyết định kết nạp»).", heading, n)
}

// blankDecisionDates is the note for rows that left the decision's date blank.
func blankDecisionDates(n int) string {
	return fmt.Sprintf("%d dòng để trống «Ngày quyết định kết nạp»: ngày đó được lấy bằng ngày lễ kết nạp và hồ sơ được đánh dấu «Ngày quyết định kết nạp chưa được xác nhận» để bổ sung sau.", n)
}
