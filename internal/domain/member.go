package domain

import (
	"fmt"
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
	// Version counts the record's changes; a write made from an older
	// version is refused (ETag and If-Match on the API, the edit form).
	Version int    `json:"version"`
	OrgPath string `json:"-"` // the cell's path, for the store's scope and audit
}

// MemberFields are the fields a user enters; the JSON names are the API's.
//
// The admission has two dates (RULES.md, Probation and recognition): the
// decision's, from which party age counts (badges, the fee exemption at 50
// years), and the ceremony's, from which the 12 months of probation run. A
// record whose decision date was not known (records kept before both were,
// a transfer in, a list with one date) carries the ceremony's in its place,
// marked DecisionCopied until someone confirms it.
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
	DecisionDate    Date   `json:"admission_decision_date"` // the admission decision's: party age
	AdmissionDate   Date   `json:"admission_date"`          // the ceremony's: probation
	DecisionCopied  bool   `json:"admission_unconfirmed"`   // DecisionDate was not known: the ceremony's, to be confirmed
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
	nameLetter = func(r rune) bool {
		return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || r == ' ' || r == '-' || r == '\''
	}
)

// The shapes of the numbers of a record, checked byte by byte: with
// regular expressions they were a tenth of an import's field checks.

// digits12 tells whether s is 12 digits (a citizen ID).
func digits12(s string) bool { return len(s) == 12 && allBytes(s, isDigit) }

// cardNumberShape tells whether s is 6–20 digits, capital letters, dots or dashes.
func cardNumberShape(s string) bool {
	return len(s) >= 6 && len(s) <= 20 && allBytes(s, func(c byte) bool { return isDigit(c) || c >= 'A' && c <= 'Z' || c == '.' || c == '-' })
}

// phoneNumber tells whether s is 9–12 digits, after a "+" or not.
func phoneNumber(s string) bool {
	s = strings.TrimPrefix(s, "+")
	return len(s) >= 9 && len(s) <= 12 && allBytes(s, isDigit)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func allBytes(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

// cleanText is viet.Clean under a short name: NFC, single spaces, trimmed.
func cleanText(s string) string { return viet.Clean(s) }

// Normalize puts every text field in its stored form (NFC, single spaces,
// upper-case card number, digits only in phone numbers).
func (m *MemberFields) Normalize() {
	for _, fd := range MemberFieldTable {
		fd.normalize(m)
	}
}

// Validate normalises the fields and checks them on day today, returning a
// precise Vietnamese reason per field: each field's own rules from
// MemberFieldTable, then the rules between fields and dates.
func (m *MemberFields) Validate(today Date) error {
	m.Normalize()
	f := Fields{}
	for _, fd := range MemberFieldTable {
		// Characters no record may hold first (NUL, bidi, lookalikes):
		// the field's own rules would name a lesser problem.
		if v, ok := fd.Ptr(m).(*string); ok && !checkText(f, fd.Name, fd.Label, fd.textKind(), *v) {
			continue
		}
		if g, ok := fd.Ptr(m).(*Gender); ok && !checkText(f, fd.Name, fd.Label, viet.OneLine, string(*g)) {
			continue
		}
		if r := fd.reason(m); r != "" {
			f.Add(fd.Name, r)
		}
	}
	switch {
	case m.BirthDate.IsZero():
	case m.BirthDate.After(today):
		f.Add("birth_date", "Ngày sinh không được sau ngày hôm nay.")
	case AgeOn(m.BirthDate, today) > 120:
		f.Add("birth_date", "Ngày sinh quá xa (trên 120 tuổi).")
	}
	minAge := func(field, label string, d Date) {
		switch {
		case d.After(today):
			f.Add(field, label+" không được sau ngày hôm nay.")
		case d.Before(PartyFounded):
			f.Add(field, label+" không thể trước ngày thành lập Đảng (03/02/1930).")
		case !m.BirthDate.IsZero() && AgeOn(m.BirthDate, d) < Rules.Int("admission.min_age", d):
			f.Add(field, label+" phải khi đã đủ 18 tuổi (Điều 1 Điều lệ Đảng).")
		}
	}
	// A decision date copied from the ceremony's is the ceremony's: its
	// rules are checked, and named, on the ceremony's date.
	decision := m.DecisionDate
	if m.DecisionCopied {
		decision = Date{}
	}
	if !decision.IsZero() {
		minAge("admission_decision_date", "Ngày quyết định kết nạp", decision)
	}
	if !m.AdmissionDate.IsZero() {
		// The age is the decision's to check when there is one: the
		// ceremony follows it.
		if decision.IsZero() {
			minAge("admission_date", "Ngày lễ kết nạp", m.AdmissionDate)
		} else if m.AdmissionDate.After(today) {
			f.Add("admission_date", "Ngày lễ kết nạp không được sau ngày hôm nay.")
		}
	}
	switch {
	case decision.IsZero() || f["admission_decision_date"] != "" || f["admission_date"] != "":
	case m.AdmissionDate.IsZero():
		f.Add("admission_date", "Có ngày quyết định kết nạp thì phải có ngày lễ kết nạp.")
	case m.AdmissionDate.Before(m.DecisionDate):
		f.Add("admission_date", fmt.Sprintf("Ngày lễ kết nạp không được trước ngày quyết định kết nạp (%s).", m.DecisionDate))
	}
	if !m.OfficialDate.IsZero() {
		switch {
		case m.AdmissionDate.IsZero() || f["admission_date"] != "":
			f.Add("official_date", "Có ngày chính thức thì phải có ngày lễ kết nạp.")
		case m.OfficialDate.Before(ProbationEnd(m.AdmissionDate)):
			f.Add("official_date", "Ngày chính thức phải sau ngày lễ kết nạp đủ 12 tháng dự bị.")
		case m.OfficialDate.After(today):
			f.Add("official_date", "Ngày chính thức không được sau ngày hôm nay.")
		}
	}
	return f.Err()
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
