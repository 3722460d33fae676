// Package sheet reads and writes member lists as spreadsheets (.xlsx, .csv)
// with Vietnamese column headings: the import template, the import with its
// per-row errors and error copy, and the export.
package sheet

import (
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
	{Key: "admission_date", Heading: "Ngày vào Đảng", Required: true, Note: "dd/mm/yyyy", get: func(m *domain.Member, _ string) string { return m.AdmissionDate.String() }},
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

// Record returns the cells of one member, in column order.
func Record(m *domain.Member, orgCode string) []string {
	out := make([]string, len(Columns))
	for i, c := range Columns {
		out[i] = c.get(m, orgCode)
	}
	return out
}

// columnIndex maps the file's headings to columns, folding case and
// diacritics so "ngay sinh" and "NGÀY SINH" both match "Ngày sinh".
func columnIndex(header []string) (map[string]int, []domain.RowError) {
	byFold := map[string]string{}
	for _, c := range Columns {
		byFold[viet.Fold(c.Heading)] = c.Key
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
			errs = append(errs, domain.RowError{Row: 1, Column: c.Heading, Reason: "Thiếu cột bắt buộc."})
		}
	}
	return idx, errs
}
