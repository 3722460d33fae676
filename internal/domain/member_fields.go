package domain

import (
	"net/mail"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"dangvien/internal/viet"
)

// FieldKind is how a member field is typed, stored and shown.
type FieldKind int

const (
	FieldText   FieldKind = iota // free text
	FieldDate                    // a civil date, typed dd/mm/yyyy
	FieldChoice                  // a code from a fixed list (Choices)
	FieldFlag                    // yes or no
)

// MemberField is one field of the member record, described once: its name
// (the column, the JSON key, the form input and the import column key), its
// Vietnamese label, where it is shown, and how it is normalised and checked.
// The store builds its column lists from MemberFieldTable, the edit form its
// inputs, the record screen its facts, and a refused edit its list of what
// someone else changed. CONTRIBUTING.md ("Adding a member field") lists the
// few other places a new field goes.
type MemberField struct {
	Name  string
	Label string
	Group string // the section of the record screen and the edit form
	Kind  FieldKind
	// Choices are the codes and labels of a FieldChoice.
	Choices map[string]string
	// Hint follows the label in the edit form: "12 chữ số".
	Hint string
	// Input is the keyboard a phone offers for a FieldText: "numeric", "tel", "email".
	Input string
	// Max is the longest FieldText, in characters (0: Check decides).
	Max int
	// Required is the reason given when the field is blank ("" : optional).
	// A required choice is offered without a blank option.
	Required string
	// Invalid is the reason given for a choice not in Choices.
	Invalid string
	// Check gives the reason a normalised, non-blank value is wrong, or "".
	Check func(v string) string
	// Norm puts a text or a code in its stored form; nil: viet.Clean.
	Norm func(v string) string
	// Unique fields are stored NULL when blank and belong to one record only.
	Unique bool
	// ByEvent fields follow from the member's events (admission,
	// recognition): shown, never edited.
	ByEvent bool
	// Ptr points at the field in a MemberFields: *string, *Gender, *Date or *bool.
	Ptr func(*MemberFields) any
}

// The sections of the member record.
const (
	GroupPersonal  = "Sơ yếu lý lịch"
	GroupParty     = "Đảng tịch"
	GroupEducation = "Trình độ và công tác"
)

// MemberFieldTable lists every field of MemberFields, in the order of the
// record screen and the edit form. A test checks that it covers the struct.
var MemberFieldTable = []MemberField{
	{Name: "full_name", Label: "Họ và tên", Group: GroupPersonal, Required: "Chưa nhập họ và tên.", Check: fullNameReason,
		Ptr: func(f *MemberFields) any { return &f.FullName }},
	{Name: "other_names", Label: "Tên gọi khác", Group: GroupPersonal, Max: 255, Ptr: func(f *MemberFields) any { return &f.OtherNames }},
	{Name: "gender", Label: "Giới tính", Group: GroupPersonal, Kind: FieldChoice, Choices: Genders,
		Required: "Giới tính phải là Nam hoặc Nữ.", Invalid: "Giới tính phải là Nam hoặc Nữ.", Norm: lowerTrim,
		Ptr: func(f *MemberFields) any { return &f.Gender }},
	{Name: "birth_date", Label: "Ngày sinh", Group: GroupPersonal, Kind: FieldDate, Required: "Chưa nhập ngày sinh.",
		Ptr: func(f *MemberFields) any { return &f.BirthDate }},
	{Name: "hometown", Label: "Quê quán", Group: GroupPersonal, Max: 255, Ptr: func(f *MemberFields) any { return &f.Hometown }},
	{Name: "birth_place", Label: "Nơi sinh", Group: GroupPersonal, Max: 255, Ptr: func(f *MemberFields) any { return &f.BirthPlace }},
	{Name: "ethnicity", Label: "Dân tộc", Group: GroupPersonal, Kind: FieldChoice, Choices: EthnicGroups,
		Required: "Chưa chọn dân tộc.", Invalid: "Mã dân tộc không có trong danh mục 54 dân tộc (01–55).", Norm: ethnicCode,
		Ptr: func(f *MemberFields) any { return &f.Ethnicity }},
	{Name: "religion", Label: "Tôn giáo", Group: GroupPersonal, Max: 255, Ptr: func(f *MemberFields) any { return &f.Religion }},
	{Name: "citizen_id", Label: "Số CCCD", Group: GroupPersonal, Hint: "12 chữ số", Input: "numeric", Unique: true, Norm: strings.TrimSpace,
		Check: reasonUnless(digits12, "Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số."),
		Ptr:   func(f *MemberFields) any { return &f.CitizenID }},
	{Name: "phone", Label: "Điện thoại", Group: GroupPersonal, Input: "tel", Norm: phoneDigits,
		Check: reasonUnless(phoneNumber, "Số điện thoại gồm 9–12 chữ số."),
		Ptr:   func(f *MemberFields) any { return &f.Phone }},
	{Name: "email", Label: "Thư điện tử", Group: GroupPersonal, Input: "email", Norm: lowerTrim, Check: emailReason,
		Ptr: func(f *MemberFields) any { return &f.Email }},
	{Name: "address", Label: "Nơi ở hiện nay", Group: GroupPersonal, Max: 255, Ptr: func(f *MemberFields) any { return &f.Address }},

	{Name: "admission_decision_date", Label: "Ngày quyết định kết nạp", Group: GroupParty, Kind: FieldDate, ByEvent: true,
		Ptr: func(f *MemberFields) any { return &f.DecisionDate }},
	{Name: "admission_date", Label: "Ngày lễ kết nạp", Group: GroupParty, Kind: FieldDate, ByEvent: true,
		Ptr: func(f *MemberFields) any { return &f.AdmissionDate }},
	{Name: "admission_unconfirmed", Label: "Ngày quyết định kết nạp chưa được xác nhận", Group: GroupParty, Kind: FieldFlag, ByEvent: true,
		Ptr: func(f *MemberFields) any { return &f.DecisionCopied }},
	{Name: "official_date", Label: "Ngày chính thức", Group: GroupParty, Kind: FieldDate, ByEvent: true,
		Ptr: func(f *MemberFields) any { return &f.OfficialDate }},
	{Name: "card_number", Label: "Số thẻ đảng viên", Group: GroupParty, Unique: true, Norm: cardNumber,
		Check: reasonUnless(cardNumberShape, "Số thẻ đảng viên gồm 6–20 chữ số, chữ in hoa, dấu chấm hoặc gạch ngang."),
		Ptr:   func(f *MemberFields) any { return &f.CardNumber }},
	{Name: "file_number", Label: "Số hồ sơ", Group: GroupParty, Max: 255, Ptr: func(f *MemberFields) any { return &f.FileNumber }},
	{Name: "party_position", Label: "Chức vụ Đảng", Group: GroupParty, Max: 255, Ptr: func(f *MemberFields) any { return &f.PartyPosition }},

	{Name: "education", Label: "Giáo dục phổ thông", Group: GroupEducation, Kind: FieldChoice, Choices: EducationLevels,
		Invalid: "Trình độ giáo dục phổ thông không hợp lệ.", Ptr: func(f *MemberFields) any { return &f.Education }},
	{Name: "qualification", Label: "Chuyên môn", Group: GroupEducation, Kind: FieldChoice, Choices: Qualifications,
		Invalid: "Trình độ chuyên môn không hợp lệ.", Ptr: func(f *MemberFields) any { return &f.Qualification }},
	{Name: "theory_level", Label: "Lý luận chính trị", Group: GroupEducation, Kind: FieldChoice, Choices: TheoryLevels,
		Invalid: "Trình độ lý luận chính trị không hợp lệ.", Ptr: func(f *MemberFields) any { return &f.TheoryLevel }},
	{Name: "foreign_language", Label: "Ngoại ngữ", Group: GroupEducation, Max: 255, Ptr: func(f *MemberFields) any { return &f.ForeignLanguage }},
	{Name: "occupation", Label: "Nghề nghiệp", Group: GroupEducation, Max: 255, Ptr: func(f *MemberFields) any { return &f.Occupation }},
	{Name: "workplace", Label: "Nơi làm việc", Group: GroupEducation, Max: 255, Ptr: func(f *MemberFields) any { return &f.Workplace }},
	{Name: "gov_position", Label: "Chức vụ chính quyền", Group: GroupEducation, Max: 255, Ptr: func(f *MemberFields) any { return &f.GovPosition }},
	{Name: "army", Label: "Quân đội", Group: GroupEducation, Kind: FieldFlag, Ptr: func(f *MemberFields) any { return &f.Army }},
	{Name: "police", Label: "Công an", Group: GroupEducation, Kind: FieldFlag, Ptr: func(f *MemberFields) any { return &f.Police }},
	{Name: "retired", Label: "Nghỉ hưu", Group: GroupEducation, Kind: FieldFlag, Ptr: func(f *MemberFields) any { return &f.Retired }},
}

// MemberFieldNamed finds a field of the table by name.
func MemberFieldNamed(name string) (MemberField, bool) {
	for _, fd := range MemberFieldTable {
		if fd.Name == name {
			return fd, true
		}
	}
	return MemberField{}, false
}

// Text is the field's value as a user types it: a code, a date as
// dd/mm/yyyy, "1" for a flag that is on.
func (fd MemberField) Text(f *MemberFields) string {
	switch p := fd.Ptr(f).(type) {
	case *string:
		return *p
	case *Gender:
		return string(*p)
	case *Date:
		return p.String()
	case *bool:
		if *p {
			return "1"
		}
		return ""
	}
	panic("domain: field " + fd.Name + " has no known type")
}

// Display is the field's value as the screens show it: a choice by its
// label, a flag as Có or Không; "" when blank.
func (fd MemberField) Display(f *MemberFields) string {
	if fd.Kind == FieldFlag {
		if fd.Text(f) != "" {
			return "Có"
		}
		return "Không"
	}
	v := fd.Text(f)
	if l, ok := fd.Choices[v]; ok && fd.Kind == FieldChoice {
		return l
	}
	return v
}

// Written is the field as a member list writes it (a spreadsheet cell, an
// export): a choice by its label, a date as dd/mm/yyyy, a flag as Có or
// blank. Set reads it back. The spreadsheet columns (internal/sheet) can be
// built from the table with these two.
func (fd MemberField) Written(f *MemberFields) string {
	if fd.Kind == FieldFlag {
		if fd.Text(f) != "" {
			return "Có"
		}
		return ""
	}
	return fd.Display(f)
}

// Set reads a typed value into the field: a choice by its code or its
// label, a date as dd/mm/yyyy or yyyy-mm-dd, a flag as 1, Có, x (on) or
// blank, 0, Không (off). It returns the reason a value cannot be read, or
// "". A choice that is not in the list is kept as typed, for Validate to
// refuse with its message.
func (fd MemberField) Set(f *MemberFields, s string) string {
	switch p := fd.Ptr(f).(type) {
	case *string:
		*p = fd.choiceCode(s)
	case *Gender:
		*p = Gender(fd.choiceCode(s))
	case *Date:
		d, err := ParseDate(s)
		if err != nil {
			return fd.Label + " phải có dạng dd/mm/yyyy."
		}
		*p = d
	case *bool:
		switch viet.Fold(strings.TrimSpace(s)) {
		case "", "0", "khong", "false", "no":
			*p = false
		case "1", "co", "x", "true", "yes", "on":
			*p = true
		default:
			return "Ghi «Có» hoặc để trống."
		}
	}
	return ""
}

func (fd MemberField) choiceCode(s string) string {
	if fd.Kind != FieldChoice || s == "" {
		return s
	}
	if v := fd.norm(s); fd.Choices[v] != "" {
		return v
	}
	if c, ok := ChoiceCode(fd.Choices, s); ok {
		return c
	}
	return s
}

func (fd MemberField) norm(v string) string {
	if fd.Norm != nil {
		return fd.Norm(v)
	}
	if fd.Kind == FieldChoice {
		return strings.TrimSpace(v)
	}
	return cleanText(v)
}

// normalize puts a text or choice field in its stored form.
func (fd MemberField) normalize(f *MemberFields) {
	switch p := fd.Ptr(f).(type) {
	case *string:
		*p = fd.norm(*p)
	case *Gender:
		*p = Gender(fd.norm(string(*p)))
	}
}

// reason is what is wrong with the field's normalised value on its own, or "".
func (fd MemberField) reason(f *MemberFields) string {
	if fd.Kind == FieldFlag {
		return ""
	}
	if d, ok := fd.Ptr(f).(*Date); ok && fd.Check == nil && fd.Max == 0 {
		// A date's own rule is to be there (Validate checks it against the
		// others): formatting it to say so was a good part of an import's
		// check.
		if d.IsZero() {
			return fd.Required
		}
		return ""
	}
	v := fd.Text(f)
	switch {
	case v == "":
		return fd.Required
	case fd.Kind == FieldChoice && fd.Choices[v] == "":
		if fd.Invalid != "" {
			return fd.Invalid
		}
		return fd.Label + " không có trong danh mục."
	case fd.Check != nil:
		if r := fd.Check(v); r != "" {
			return r
		}
	}
	if fd.Max > 0 && utf8.RuneCountInString(v) > fd.Max {
		return "Tối đa " + strconv.Itoa(fd.Max) + " ký tự."
	}
	return ""
}

func reasonUnless(ok func(string) bool, reason string) func(string) string {
	return func(v string) string {
		if ok(v) {
			return ""
		}
		return reason
	}
}

func fullNameReason(v string) string {
	switch {
	case len(strings.Fields(v)) < 2:
		return "Họ và tên phải có ít nhất họ và tên gọi."
	case utf8.RuneCountInString(v) > 100:
		return "Họ và tên tối đa 100 ký tự."
	case strings.IndexFunc(v, func(r rune) bool { return !nameLetter(r) }) >= 0:
		return "Họ và tên chỉ gồm chữ cái."
	}
	return ""
}

func emailReason(v string) string {
	if a, err := mail.ParseAddress(v); err != nil || a.Address != v {
		return "Địa chỉ thư điện tử không hợp lệ."
	}
	return ""
}

func lowerTrim(v string) string { return strings.ToLower(strings.TrimSpace(v)) }

func cardNumber(v string) string {
	return strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(v), " ", ""))
}

// phoneSeparators is built once: building a Replacer cost an import 2% of
// its CPU when phoneDigits built one per row.
var phoneSeparators = strings.NewReplacer(" ", "", ".", "", "-", "")

func phoneDigits(v string) string {
	return phoneSeparators.Replace(strings.TrimSpace(v))
}

func ethnicCode(v string) string {
	v = strings.TrimSpace(v)
	if len(v) == 1 && unicode.IsDigit(rune(v[0])) {
		v = "0" + v
	}
	return v
}

// FieldChange is one field whose value changed between two versions of a
// record, as the screens show it.
type FieldChange struct {
	Field string `json:"field"`
	Label string `json:"label"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// MemberChanges lists the fields that differ between two versions of a
// record, in the table's order.
func MemberChanges(before, after *MemberFields) []FieldChange {
	var out []FieldChange
	for _, fd := range MemberFieldTable {
		o, n := fd.Display(before), fd.Display(after)
		if o != n {
			out = append(out, FieldChange{Field: fd.Name, Label: fd.Label, Old: o, New: n})
		}
	}
	return out
}

// textKind is how viet.Check reads the field: names and numbers as proper
// text (letters, digits and the few marks a name or number holds), the rest
// as one line of free text.
func (fd MemberField) textKind() viet.Kind {
	switch fd.Name {
	case "full_name", "other_names", "card_number", "file_number":
		return viet.Proper
	}
	return viet.OneLine
}
