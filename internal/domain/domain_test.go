package domain

import (
	"errors"
	"testing"
)

func d(s string) Date { return MustDate(s) }

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"05/09/1975", "1975-09-05", false},
		{"5/9/1975", "1975-09-05", false},
		{"1975-09-05", "1975-09-05", false},
		{"31/02/2020", "", true},
		{"2020/02/01", "", true},
		{"", "", false},
	}
	for _, tc := range tests {
		got, err := ParseDate(tc.in)
		if (err != nil) != tc.wantErr || got.ISO() != tc.want {
			t.Errorf("ParseDate(%q) = %q, %v", tc.in, got.ISO(), err)
		}
	}
}

// Rule: probation is 12 months from the admission date (Điều lệ Đảng, Điều 5),
// counted in calendar months.
func TestProbationEnd(t *testing.T) {
	tests := []struct{ admitted, end string }{
		{"2024-03-15", "2025-03-15"},
		{"2023-02-28", "2024-02-28"},
		{"2024-02-29", "2025-02-28"}, // no 29/02 in 2025
		{"2024-01-31", "2025-01-31"},
	}
	for _, tc := range tests {
		if got := ProbationEnd(d(tc.admitted)); got.ISO() != tc.end {
			t.Errorf("ProbationEnd(%s) = %s, want %s", tc.admitted, got.ISO(), tc.end)
		}
	}
}

// Rule: age counted in months, on the day (RULES.md: Admission, 18 to 60).
func TestAgeOn(t *testing.T) {
	tests := []struct {
		birth, on string
		age       int
	}{
		{"2008-11-23", "2026-11-23", 18},
		{"2008-11-24", "2026-11-23", 17},
		{"1966-11-23", "2026-11-23", 60},
		{"1966-11-22", "2026-11-23", 60},
		{"1965-11-23", "2026-11-23", 61},
		// Bộ luật Dân sự, Điều 148: a period in months ending in a month
		// without that day ends on the month's last day.
		{"2008-02-29", "2026-02-28", 18},
		{"2008-02-29", "2026-02-27", 17},
		{"2008-02-29", "2026-03-01", 18},
	}
	for _, tc := range tests {
		if got := AgeOn(d(tc.birth), d(tc.on)); got != tc.age {
			t.Errorf("AgeOn(%s, %s) = %d, want %d", tc.birth, tc.on, got, tc.age)
		}
	}
}

func TestAgeBands(t *testing.T) {
	on := d("2026-11-23")
	tests := []struct {
		birth string
		band  AgeBand
	}{
		{"1996-11-23", "u30"}, // exactly 30
		{"1996-11-22", "u30"}, // 30 years and a day: still 30
		{"1995-11-23", "31_40"},
		{"1986-11-24", "31_40"},
		{"1985-11-23", "41_50"},
		{"1966-11-23", "51_60"},
		{"1965-11-23", "o60"},
	}
	cut := AgeBandCutoffs(on)
	for _, tc := range tests {
		got := AgeBandOf(d(tc.birth), on)
		if got != tc.band {
			t.Errorf("AgeBandOf(%s) = %s, want %s", tc.birth, got, tc.band)
		}
		// The SQL form (born on or after cutoff[i] ⇒ band i) must agree.
		sql := AgeBands[len(AgeBands)-1].Band
		for i, c := range cut {
			if !d(tc.birth).Before(c) {
				sql = AgeBands[i].Band
				break
			}
		}
		if sql != got {
			t.Errorf("cutoffs put %s in %s, AgeBandOf in %s", tc.birth, sql, got)
		}
	}
}

func validMember() MemberFields {
	return MemberFields{
		FullName: "Nguyễn Thị Hồng Thảo", Gender: Female, BirthDate: d("1990-04-12"), Ethnicity: "01",
		CitizenID: "001190012345", CardNumber: "79012345", AdmissionDate: d("2015-05-19"),
		OfficialDate: d("2016-05-19"), Education: "thpt", Qualification: "dai_hoc", TheoryLevel: "trung_cap",
		Email: "thao.nth@example.vn", Phone: "0912 345 678",
	}
}

func TestMemberValidate(t *testing.T) {
	today := d("2026-11-23")
	tests := []struct {
		name  string
		edit  func(*MemberFields)
		field string // "" = valid
	}{
		{"valid", func(*MemberFields) {}, ""},
		{"no name", func(m *MemberFields) { m.FullName = "  " }, "full_name"},
		{"one word", func(m *MemberFields) { m.FullName = "Thảo" }, "full_name"},
		{"digits in name", func(m *MemberFields) { m.FullName = "Nguyễn Văn 3" }, "full_name"},
		{"gender", func(m *MemberFields) { m.Gender = "x" }, "gender"},
		{"future birth", func(m *MemberFields) { m.BirthDate = d("2027-01-01") }, "birth_date"},
		{"no birth", func(m *MemberFields) { m.BirthDate = Date{} }, "birth_date"},
		{"ethnicity", func(m *MemberFields) { m.Ethnicity = "77" }, "ethnicity"},
		{"citizen id 11 digits", func(m *MemberFields) { m.CitizenID = "00119001234" }, "citizen_id"},
		{"citizen id letters", func(m *MemberFields) { m.CitizenID = "00119001234a" }, "citizen_id"},
		{"email", func(m *MemberFields) { m.Email = "thao@" }, "email"},
		{"phone", func(m *MemberFields) { m.Phone = "12ab" }, "phone"},
		{"education", func(m *MemberFields) { m.Education = "dai_hoc" }, "education"},
		// Rule: admission from 18 (Điều lệ Đảng, Điều 1).
		{"admitted at 17", func(m *MemberFields) { m.AdmissionDate = d("2008-01-01"); m.OfficialDate = Date{} }, "admission_date"},
		{"admitted at 18", func(m *MemberFields) { m.AdmissionDate = d("2008-04-12"); m.OfficialDate = Date{} }, ""},
		// Rule: official only after 12 months of probation.
		{"official too early", func(m *MemberFields) { m.OfficialDate = d("2016-05-18") }, "official_date"},
		{"official without admission", func(m *MemberFields) { m.AdmissionDate = Date{} }, "official_date"},
		{"ethnicity one digit", func(m *MemberFields) { m.Ethnicity = "2" }, ""},
		// Found by fuzzing: an Excel serial 1 is 31/12/1899.
		{"admitted before the Party was founded", func(m *MemberFields) {
			m.BirthDate = d("1880-01-01")
			m.AdmissionDate = d("1899-12-31")
			m.OfficialDate = Date{}
		}, "admission_date"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := validMember()
			tc.edit(&m)
			err := m.Validate(today)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Code != CodeInvalid || e.Fields[tc.field] == "" {
				t.Fatalf("want an error on %s, got %v", tc.field, err)
			}
		})
	}
	m := validMember()
	m.Validate(today)
	if m.Phone != "0912345678" {
		t.Errorf("phone not normalised: %q", m.Phone)
	}
}

// Rules: Điều lệ Đảng on probation, recognition, discipline forms for
// probationary members, expulsion only of official members (RULES.md).
func TestStateApply(t *testing.T) {
	ev := func(k EventKind, date string) Event { return Event{Kind: k, Date: d(date)} }
	tests := []struct {
		name   string
		events []Event
		want   Status
		exempt bool
		ok     bool
	}{
		{"admitted", []Event{ev(EventAdmitted, "2020-01-10")}, StatusProbationary, false, true},
		{"recognised on time", []Event{ev(EventAdmitted, "2020-01-10"), ev(EventRecognised, "2021-02-01")}, StatusOfficial, false, true},
		{"recognised before 12 months", []Event{ev(EventAdmitted, "2020-01-10"), ev(EventRecognised, "2021-01-09")}, StatusProbationary, false, false},
		{"admitted twice", []Event{ev(EventAdmitted, "2020-01-10"), ev(EventAdmitted, "2020-02-10")}, StatusProbationary, false, false},
		{"probationary not qualifying is removed", []Event{ev(EventAdmitted, "2020-01-10"), ev(EventRemoved, "2021-03-01")}, StatusRemoved, false, true},
		{"probationary cannot be expelled", []Event{ev(EventAdmitted, "2020-01-10"), ev(EventExpelled, "2020-06-01")}, StatusProbationary, false, false},
		{"official expelled", []Event{ev(EventAdmitted, "2010-01-10"), ev(EventRecognised, "2011-01-10"), ev(EventExpelled, "2020-06-01")}, StatusExpelled, false, true},
		{"exempted", []Event{ev(EventAdmitted, "2010-01-10"), ev(EventRecognised, "2011-01-10"), ev(EventExempted, "2020-06-01")}, StatusOfficial, true, true},
		{"exempted twice", []Event{ev(EventAdmitted, "2010-01-10"), ev(EventExempted, "2020-06-01"), ev(EventExempted, "2020-07-01")}, StatusProbationary, true, false},
		{"restored", []Event{ev(EventAdmitted, "2010-01-10"), ev(EventExempted, "2020-06-01"), ev(EventRestored, "2021-06-01")}, StatusProbationary, false, true},
		{"died ends exemption", []Event{ev(EventAdmitted, "2010-01-10"), ev(EventExempted, "2020-06-01"), ev(EventDied, "2021-06-01")}, StatusDied, false, true},
		{"nothing after death", []Event{ev(EventAdmitted, "2010-01-10"), ev(EventDied, "2021-06-01"), ev(EventLeft, "2021-07-01")}, StatusDied, false, false},
		{"transfer out and back keeps official", []Event{ev(EventAdmitted, "2010-01-10"), ev(EventRecognised, "2011-01-10"), ev(EventTransferredOut, "2015-01-01"), ev(EventTransferredIn, "2018-01-01")}, StatusOfficial, false, true},
		{"cannot transfer in while active", []Event{ev(EventAdmitted, "2010-01-10"), ev(EventTransferredIn, "2011-01-01")}, StatusProbationary, false, false},
		{"before 3/2/1930", []Event{ev(EventAdmitted, "1929-01-10")}, StatusNone, false, false},
		{"out of order", []Event{ev(EventAdmitted, "2010-01-10"), ev(EventDied, "2009-01-01")}, StatusProbationary, false, false},
		{"moved needs a cell", []Event{ev(EventAdmitted, "2010-01-10"), ev(EventMoved, "2012-01-01")}, StatusProbationary, false, false},
		{"discipline of probationary: dismissal refused", []Event{ev(EventAdmitted, "2010-01-10"), {Kind: EventDisciplined, Date: d("2010-05-01"), Discipline: "dismissal"}}, StatusProbationary, false, false},
		{"discipline of probationary: warning", []Event{ev(EventAdmitted, "2010-01-10"), {Kind: EventDisciplined, Date: d("2010-05-01"), Discipline: "warning"}}, StatusProbationary, false, true},
		{"discipline of official: dismissal", []Event{ev(EventAdmitted, "2010-01-10"), ev(EventRecognised, "2011-01-10"), {Kind: EventDisciplined, Date: d("2012-05-01"), Discipline: "dismissal"}}, StatusOfficial, false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Replay(State{}, tc.events)
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v, want ok=%v", err, tc.ok)
			}
			if s.Status != tc.want || s.Exempted != tc.exempt {
				t.Fatalf("state = %+v, want %s exempt=%v", s, tc.want, tc.exempt)
			}
		})
	}
}

// Rule: a member who qualifies is official from the day the 12 months end,
// even when the decision is late (RULES.md: Probation and recognition).
func TestOfficialDateIsEndOfProbation(t *testing.T) {
	s, err := Replay(State{}, []Event{{Kind: EventAdmitted, Date: d("2020-01-10")}, {Kind: EventRecognised, Date: d("2021-03-20")}})
	if err != nil || s.Official.ISO() != "2021-01-10" {
		t.Fatalf("official = %s, %v", s.Official.ISO(), err)
	}
}

func TestTransferInOfOfficialFromRecord(t *testing.T) {
	s, err := Replay(State{Admitted: d("2000-01-01"), Official: d("2001-01-01")}, []Event{{Kind: EventTransferredIn, Date: d("2020-01-10")}})
	if err != nil || s.Status != StatusOfficial {
		t.Fatalf("state %+v, %v", s, err)
	}
}

func TestOrgKindContains(t *testing.T) {
	tests := []struct {
		parent, child OrgKind
		ok            bool
	}{
		{KindProvince, KindCommune, true},
		{KindCommune, KindCell, true},
		{KindCommune, KindGrassroots, true},
		{KindPartial, KindCell, true},
		{KindPartial, KindPartial, false},
		{KindCell, KindCell, false},
		{KindGrassrootsCell, KindCell, false},
		{KindProvince, KindCell, false},
	}
	for _, tc := range tests {
		if got := tc.parent.CanContain(tc.child); got != tc.ok {
			t.Errorf("%s contains %s = %v", tc.parent, tc.child, got)
		}
	}
}

func TestRuleVersions(t *testing.T) {
	tbl := NewRuleTable([]Rule{
		{Name: "x", Value: 1, ValidFrom: d("2010-01-01")},
		{Name: "x", Value: 2, ValidFrom: d("2025-07-01")},
	})
	for _, tc := range []struct {
		on   string
		want int
	}{{"2010-01-01", 1}, {"2025-06-30", 1}, {"2025-07-01", 2}, {"2030-01-01", 2}} {
		if got := tbl.Int("x", d(tc.on)); got != tc.want {
			t.Errorf("x on %s = %d, want %d", tc.on, got, tc.want)
		}
	}
	if _, err := tbl.At("x", d("2000-01-01")); err == nil {
		t.Error("a date before every version must be an error")
	}
}

func TestEthnicGroups(t *testing.T) {
	if len(EthnicGroups) != 55 || EthnicGroups["01"] != "Kinh" || EthnicGroups["54"] != "Rơ-măm" {
		t.Fatalf("ethnic groups: %d, %q %q", len(EthnicGroups), EthnicGroups["01"], EthnicGroups["54"])
	}
}

func TestChoiceCode(t *testing.T) {
	tests := []struct {
		choices map[string]string
		in      string
		want    string
		ok      bool
	}{
		{EducationLevels, "THCS", "thcs", true},
		{EducationLevels, "12/12", "thpt", true},
		{EducationLevels, "Trung học phổ thông", "thpt", true},
		{EducationLevels, "trung hoc pho thong", "thpt", true},
		{EducationLevels, "9/12", "thcs", true},
		{EducationLevels, "Đại học", "", false},
		{Qualifications, "Đại học", "dai_hoc", true},
		{Qualifications, "ThS", "thac_si", true},
		{TheoryLevels, "Cao cấp", "cao_cap", true},
		{TheoryLevels, "cn", "cu_nhan", true},
		{Genders, "Nữ", "nu", true},
		{Genders, "NAM", "nam", true},
	}
	for _, tc := range tests {
		got, ok := ChoiceCode(tc.choices, tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ChoiceCode(%q) = %q, %v", tc.in, got, ok)
		}
	}
}

// A transfer in of a member whose membership has ended says which way it
// ended, once: "Đảng viên đã từ trần", not "đã đã từ trần".
func TestTransferInRefusalNamesTheEnd(t *testing.T) {
	for _, st := range []Status{StatusRemoved, StatusExpelled, StatusLeft, StatusDied} {
		_, err := State{Status: st}.Apply(Event{Kind: EventTransferredIn, Date: d("2026-01-05")})
		want := "Đảng viên " + lower(st.Label()) + ", không thể chuyển sinh hoạt đến."
		var e *Error
		if !errors.As(err, &e) || e.Message != want {
			t.Errorf("%s: %v, want %q", st, err, want)
		}
	}
}
