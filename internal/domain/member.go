package domain

import (
	"net/mail"
	"regexp"
	"strings"
	"unicode"

	"dangvien/internal/viet"
)

// Gender as the member file records it.
type Gender string

const (
	Male   Gender = "nam"
	Female Gender = "nu"
)

// Choice lists of the member file, code → Vietnamese label.
var (
	Genders = map[string]string{"nam": "Nam", "nu": "Nữ"}

	// Giáo dục phổ thông.
	EducationLevels = map[string]string{
		"tieu_hoc": "Tiểu học", "thcs": "Trung học cơ sở", "thpt": "Trung học phổ thông",
	}
	// Chuyên môn, nghiệp vụ.
	Qualifications = map[string]string{
		"khong": "Không", "so_cap": "Sơ cấp", "trung_cap": "Trung cấp", "cao_dang": "Cao đẳng",
		"dai_hoc": "Đại học", "thac_si": "Thạc sĩ", "tien_si": "Tiến sĩ",
	}
	// Lý luận chính trị.
	TheoryLevels = map[string]string{
		"khong": "Không", "so_cap": "Sơ cấp", "trung_cap": "Trung cấp", "cao_cap": "Cao cấp", "cu_nhan": "Cử nhân",
	}
)

// Member is the record of one party member (hồ sơ đảng viên). Status and
// Exempted are derived from the member's events, never set directly.
type Member struct {
	ID    int64  `json:"id"`
	OrgID int64  `json:"org_id"`
	Org   string `json:"org_name,omitempty"`
	MemberFields
	Status    Status `json:"status"`
	Exempted  bool   `json:"exempted"`
	UpdatedAt string `json:"updated_at,omitempty"`
}

// MemberFields are the fields a user enters; the JSON names are the API's.
type MemberFields struct {
	FullName        string `json:"full_name"`
	OtherNames      string `json:"other_names"`
	Gender          Gender `json:"gender"`
	BirthDate       Date   `json:"birth_date"`
	Hometown        string `json:"hometown"`
	BirthPlace      string `json:"birth_place"`
	Ethnicity       string `json:"ethnicity"` // code of ethnic-groups.csv, 01…55
	Religion        string `json:"religion"`
	CitizenID       string `json:"citizen_id"`
	Phone           string `json:"phone"`
	Email           string `json:"email"`
	Address         string `json:"address"`
	CardNumber      string `json:"card_number"`
	FileNumber      string `json:"file_number"`
	AdmissionDate   Date   `json:"admission_date"`
	OfficialDate    Date   `json:"official_date"`
	Education       string `json:"education"`
	Qualification   string `json:"qualification"`
	TheoryLevel     string `json:"theory_level"`
	ForeignLanguage string `json:"foreign_language"`
	Occupation      string `json:"occupation"`
	Workplace       string `json:"workplace"`
	PartyPosition   string `json:"party_position"`
	GovPosition     string `json:"gov_position"`
	Army            bool   `json:"army"`
	Police          bool   `json:"police"`
	Retired         bool   `json:"retired"`
}

var (
	digits12   = regexp.MustCompile(`^[0-9]{12}$`)
	cardNumRe  = regexp.MustCompile(`^[0-9A-Z.\-]{6,20}$`)
	phoneRe    = regexp.MustCompile(`^\+?[0-9]{9,12}$`)
	nameLetter = func(r rune) bool {
		return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || r == ' ' || r == '-' || r == '\''
	}
)

// cleanText is viet.Clean under a short name: NFC, single spaces, trimmed.
func cleanText(s string) string {
	if alreadyClean(s) {
		return s
	}
	return viet.Clean(s)
}

var phoneSeparators = strings.NewReplacer(" ", "", ".", "", "-", "")

// Normalize puts every text field in its stored form (NFC, single spaces,
// upper-case card number, digits only in phone numbers).
func (m *MemberFields) Normalize() {
	for _, p := range []*string{&m.FullName, &m.OtherNames, &m.Hometown, &m.BirthPlace, &m.Religion,
		&m.Address, &m.FileNumber, &m.ForeignLanguage, &m.Occupation, &m.Workplace, &m.PartyPosition, &m.GovPosition} {
		*p = cleanText(*p)
	}
	m.CitizenID = strings.TrimSpace(m.CitizenID)
	m.CardNumber = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(m.CardNumber), " ", ""))
	m.Phone = phoneSeparators.Replace(strings.TrimSpace(m.Phone))
	m.Email = strings.ToLower(strings.TrimSpace(m.Email))
	m.Gender = Gender(strings.ToLower(strings.TrimSpace(string(m.Gender))))
	m.Ethnicity = strings.TrimSpace(m.Ethnicity)
	if len(m.Ethnicity) == 1 {
		m.Ethnicity = "0" + m.Ethnicity
	}
}

// Validate normalises the fields and checks them on day today, returning a
// precise Vietnamese reason per field.
func (m *MemberFields) Validate(today Date) error {
	m.Normalize()
	f := Fields{}
	switch {
	case m.FullName == "":
		f.Add("full_name", "Chưa nhập họ và tên.")
	case len(strings.Fields(m.FullName)) < 2:
		f.Add("full_name", "Họ và tên phải có ít nhất họ và tên gọi.")
	case len([]rune(m.FullName)) > 100:
		f.Add("full_name", "Họ và tên tối đa 100 ký tự.")
	case strings.IndexFunc(m.FullName, func(r rune) bool { return !nameLetter(r) }) >= 0:
		f.Add("full_name", "Họ và tên chỉ gồm chữ cái.")
	}
	if _, ok := Genders[string(m.Gender)]; !ok {
		f.Add("gender", "Giới tính phải là Nam hoặc Nữ.")
	}
	switch {
	case m.BirthDate.IsZero():
		f.Add("birth_date", "Chưa nhập ngày sinh.")
	case m.BirthDate.After(today):
		f.Add("birth_date", "Ngày sinh không được sau ngày hôm nay.")
	case AgeOn(m.BirthDate, today) > 120:
		f.Add("birth_date", "Ngày sinh quá xa (trên 120 tuổi).")
	}
	if m.Ethnicity == "" {
		f.Add("ethnicity", "Chưa chọn dân tộc.")
	} else if _, ok := EthnicGroup(m.Ethnicity); !ok {
		f.Add("ethnicity", "Mã dân tộc không có trong danh mục 54 dân tộc (01–55).")
	}
	if m.CitizenID != "" && !digits12.MatchString(m.CitizenID) {
		f.Add("citizen_id", "Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số.")
	}
	if m.CardNumber != "" && !cardNumRe.MatchString(m.CardNumber) {
		f.Add("card_number", "Số thẻ đảng viên gồm 6–20 chữ số, chữ in hoa, dấu chấm hoặc gạch ngang.")
	}
	if m.Phone != "" && !phoneRe.MatchString(m.Phone) {
		f.Add("phone", "Số điện thoại gồm 9–12 chữ số.")
	}
	if m.Email != "" {
		if a, err := mail.ParseAddress(m.Email); err != nil || a.Address != m.Email {
			f.Add("email", "Địa chỉ thư điện tử không hợp lệ.")
		}
	}
	checkChoice(f, "education", m.Education, EducationLevels, "Trình độ giáo dục phổ thông không hợp lệ.")
	checkChoice(f, "qualification", m.Qualification, Qualifications, "Trình độ chuyên môn không hợp lệ.")
	checkChoice(f, "theory_level", m.TheoryLevel, TheoryLevels, "Trình độ lý luận chính trị không hợp lệ.")
	if !m.AdmissionDate.IsZero() {
		switch {
		case m.AdmissionDate.After(today):
			f.Add("admission_date", "Ngày vào Đảng không được sau ngày hôm nay.")
		case m.AdmissionDate.Before(PartyFounded):
			f.Add("admission_date", "Ngày vào Đảng không thể trước ngày thành lập Đảng (03/02/1930).")
		case !m.BirthDate.IsZero() && AgeOn(m.BirthDate, m.AdmissionDate) < Rules.Int("admission.min_age", m.AdmissionDate):
			f.Add("admission_date", "Ngày vào Đảng phải khi đã đủ 18 tuổi (Điều 1 Điều lệ Đảng).")
		}
	}
	if !m.OfficialDate.IsZero() {
		switch {
		case m.AdmissionDate.IsZero() || f["admission_date"] != "":
			f.Add("official_date", "Có ngày chính thức thì phải có ngày vào Đảng.")
		case m.OfficialDate.Before(ProbationEnd(m.AdmissionDate)):
			f.Add("official_date", "Ngày chính thức phải sau ngày vào Đảng đủ 12 tháng dự bị.")
		case m.OfficialDate.After(today):
			f.Add("official_date", "Ngày chính thức không được sau ngày hôm nay.")
		}
	}
	for field, v := range map[string]string{"other_names": m.OtherNames, "hometown": m.Hometown, "birth_place": m.BirthPlace,
		"religion": m.Religion, "address": m.Address, "file_number": m.FileNumber, "foreign_language": m.ForeignLanguage,
		"occupation": m.Occupation, "workplace": m.Workplace, "party_position": m.PartyPosition, "gov_position": m.GovPosition} {
		if len([]rune(v)) > 255 {
			f.Add(field, "Tối đa 255 ký tự.")
		}
	}
	return f.Err()
}

func checkChoice(f Fields, field, v string, choices map[string]string, msg string) {
	if v == "" {
		return
	}
	if _, ok := choices[v]; !ok {
		f.Add(field, msg)
	}
}

// ChoiceCode finds the code of a choice by code or by its Vietnamese label,
// folding diacritics, so an import may say "Đại học" or "dai_hoc". Each list
// is folded once (choiceIndexOf): an import looks up several lists per row.
func ChoiceCode(choices map[string]string, v string) (string, bool) {
	ix := choiceIndexOf(choices)
	if code, ok := ix.exact[v]; ok {
		return code, true
	}
	code, ok := ix.folded[viet.Fold(v)]
	return code, ok
}

// choiceAliases are the other ways records write a level: the grade forms of
// general education (12/12 in the current system, 10/10 in the old one) and
// common abbreviations.
var choiceAliases = map[string]string{
	"12/12": "thpt", "10/10": "thpt", "cap 3": "thpt", "ptth": "thpt",
	"9/12": "thcs", "9/10": "thcs", "8/10": "thcs", "7/10": "thcs", "cap 2": "thcs", "ptcs": "thcs",
	"5/12": "tieu_hoc", "4/10": "tieu_hoc", "cap 1": "tieu_hoc",
	"ts": "tien_si", "ths": "thac_si", "cn": "cu_nhan", "dh": "dai_hoc",
}

// AgeBand groups ages for the statistics tables.
type AgeBand string

// AgeBands are the bands of the party's statistics reports: up to 30, 31–40,
// 41–50, 51–60, over 60.
var AgeBands = []struct {
	Band   AgeBand
	Label  string
	MaxAge int // inclusive; 0 for the last band
}{
	{"u30", "Đến 30 tuổi", 30},
	{"31_40", "31–40 tuổi", 40},
	{"41_50", "41–50 tuổi", 50},
	{"51_60", "51–60 tuổi", 60},
	{"o60", "Trên 60 tuổi", 0},
}

// AgeBandOf returns the band of someone born on birth, on day on.
func AgeBandOf(birth, on Date) AgeBand {
	age := AgeOn(birth, on)
	for _, b := range AgeBands {
		if b.MaxAge == 0 || age <= b.MaxAge {
			return b.Band
		}
	}
	return AgeBands[len(AgeBands)-1].Band
}

// AgeBandCutoffs returns, for each band but the last, the earliest birth date
// still in that band on day on: born on or after cutoff[i] means age ≤ MaxAge.
// The store uses them to count bands in SQL with plain date comparisons.
func AgeBandCutoffs(on Date) []Date {
	out := make([]Date, 0, len(AgeBands)-1)
	for _, b := range AgeBands[:len(AgeBands)-1] {
		out = append(out, on.AddYears(-(b.MaxAge + 1)).AddDays(1))
	}
	return out
}
