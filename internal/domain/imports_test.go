package domain

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"dangvien/internal/viet"
)

// labelSearch is how ChoiceCode answered before the lists were folded once:
// an alias, else the first code or label that folds to the value. The index
// must give the same answer wherever that answer did not depend on map order.
func labelSearch(choices map[string]string, v string) (codes []string) {
	fv := viet.Fold(v)
	if code, ok := choiceAliases[fv]; ok {
		if _, in := choices[code]; in {
			return []string{code}
		}
	}
	for code, label := range choices {
		if fv == code || fv == viet.Fold(label) {
			codes = append(codes, code)
		}
	}
	return codes
}

func TestChoiceCodeAnswersLikeTheLabelSearch(t *testing.T) {
	lists := map[string]map[string]string{"Genders": Genders, "EducationLevels": EducationLevels, "Qualifications": Qualifications,
		"TheoryLevels": TheoryLevels, "EthnicGroups": EthnicGroups}
	for name, choices := range lists {
		var inputs []string
		for code, label := range choices {
			inputs = append(inputs, code, label, strings.ToUpper(label), viet.Fold(label), " "+label+"  ", strings.ToUpper(code), label+"x")
		}
		for alias := range choiceAliases {
			inputs = append(inputs, alias, strings.ToUpper(alias))
		}
		inputs = append(inputs, "", "không rõ", "Đại  học", "dai hoc", "THPT", "12/12", "Kinh", "kinh", "Nữ", "NU", "nu")
		for _, in := range inputs {
			want := labelSearch(choices, in)
			got, ok := ChoiceCode(choices, in)
			switch {
			case len(want) == 0 && ok:
				t.Errorf("%s: ChoiceCode(%q) = %q, the label search found nothing", name, in, got)
			case len(want) > 0 && !slices.Contains(want, got):
				t.Errorf("%s: ChoiceCode(%q) = %q, %v; the label search found %q", name, in, got, ok, want)
			}
		}
	}
}

// The events an imported record starts with go through the member state
// machine (Điều lệ Đảng; RULES.md: Probation): admitted on the admission
// date, recognised no earlier than the end of probation, exempted only while
// on the roll; the status that results must be the one the file gives.
func TestImportedEvents(t *testing.T) {
	today := MustDate("2026-11-23")
	f := func(admitted, official string) *MemberFields {
		m := &MemberFields{AdmissionDate: MustDate(admitted)}
		if official != "" {
			m.OfficialDate = MustDate(official)
		}
		return m
	}
	for _, tc := range []struct {
		rule     string
		fields   *MemberFields
		status   Status
		exempted bool
		kinds    string // the events, or the refused column
		want     State
	}{
		{"admission starts probation", f("2026-01-10", ""), StatusProbationary, false, "admitted", State{Status: StatusProbationary, Admitted: MustDate("2026-01-10"), WasActive: true}},
		{"recognition after 12 months", f("2015-05-19", "2016-05-19"), StatusOfficial, false, "admitted recognised", State{Status: StatusOfficial, Admitted: MustDate("2015-05-19"), Official: MustDate("2016-05-19"), WasActive: true}},
		{"a late decision still counts from the end of probation", f("2015-05-19", "2016-09-01"), StatusOfficial, false, "admitted recognised", State{Status: StatusOfficial, Admitted: MustDate("2015-05-19"), Official: MustDate("2016-05-19"), WasActive: true}},
		{"an exempted member is exempted today", f("1975-02-03", "1976-02-03"), StatusOfficial, true, "admitted recognised exempted", State{Status: StatusOfficial, Exempted: true, Admitted: MustDate("1975-02-03"), Official: MustDate("1976-02-03"), WasActive: true}},
		{"no recognition before 12 months of probation", f("2026-01-10", "2026-06-01"), StatusOfficial, false, "official_date", State{}},
		{"an official member needs an official date", f("2015-05-19", ""), StatusOfficial, false, "official_date", State{}},
		{"no admission date, no record", &MemberFields{}, StatusProbationary, false, "admission_date", State{}},
		{"a status the events do not give is refused", f("2015-05-19", ""), StatusRemoved, false, "status", State{}},
		{"an exemption cannot come before the admission", f("2027-01-01", ""), StatusProbationary, true, "exempted", State{}},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			events, st, err := ImportedEvents(tc.fields, tc.status, tc.exempted, today)
			if err != nil {
				e, ok := err.(*Error)
				if !ok || e.Fields[tc.kinds] == "" {
					t.Fatalf("refused as %v, want a reason on %q", err, tc.kinds)
				}
				return
			}
			var kinds []string
			for _, e := range events {
				kinds = append(kinds, string(e.Kind))
				if !strings.HasPrefix(e.Reason, ImportReason) {
					t.Errorf("event %s without the import's reason: %q", e.Kind, e.Reason)
				}
			}
			if got := strings.Join(kinds, " "); got != tc.kinds {
				t.Fatalf("events %q, want %q", got, tc.kinds)
			}
			if fmt.Sprint(st) != fmt.Sprint(tc.want) {
				t.Errorf("state %+v, want %+v", st, tc.want)
			}
		})
	}
}

// Party age counts from the admission decision's date: the imported
// admission carries it when the file gave it, and leaves it blank when the
// ceremony's day only stands in for it (DecisionCopied), as a record
// created on the screen does.
func TestImportedEventsCarryTheDecisionDate(t *testing.T) {
	today := MustDate("2026-11-23")
	for _, copied := range []bool{false, true} {
		f := &MemberFields{AdmissionDate: MustDate("2015-05-19"), DecisionDate: MustDate("2015-04-28"), DecisionCopied: copied}
		if copied {
			f.DecisionDate = f.AdmissionDate
		}
		events, _, err := ImportedEvents(f, StatusProbationary, false, today)
		if err != nil {
			t.Fatal(err)
		}
		want := f.DecisionDate
		if copied {
			want = Date{}
		}
		if events[0].Kind != EventAdmitted || events[0].Decided != want {
			t.Errorf("copied %v: admission decided %v, want %v", copied, events[0].Decided, want)
		}
	}
}

func TestImportErrorCounts(t *testing.T) {
	rows := make([]RowError, 250)
	for i := range rows {
		rows[i] = RowError{Row: i + 2, Column: "Ngày sinh", Reason: "Ngày không đúng dạng dd/mm/yyyy."}
	}
	e := &ImportError{Rows: rows, Total: 1000}
	if e.Count() != 1000 || len(e.Shown()) != ImportErrorsShown {
		t.Fatalf("count %d, shown %d", e.Count(), len(e.Shown()))
	}
	if s := e.Error(); !strings.HasPrefix(s, "Tệp có 1000 lỗi") || !strings.HasSuffix(s, "… và 980 lỗi khác.") {
		t.Fatalf("%q", s)
	}
	if (&ImportError{Rows: rows[:3]}).Count() != 3 {
		t.Fatal("Total 0 means len(Rows)")
	}
}

// cleanText's shortcut gives what viet.Clean gives.
func TestCleanTextShortcut(t *testing.T) {
	for _, s := range []string{"", " ", "a", "Nguyễn Thị Hồng Thảo", "Nguye\u0303n", " Thảo", "Thảo ", "Hồng  Thảo", "Hồng\tThảo", "Hồng\u00a0Thảo",
		"Hồng\u2003Thảo", "x\xffy", "Ấp 3, xã Tân Phú", "\u202eabc", "Ω", "\u212b", "a\u0301", "ế", "e\u0302\u0301", "123 456", "line\nbreak", "tab\t"} {
		if got, want := cleanText(s), viet.Clean(s); got != want {
			t.Errorf("cleanText(%q) = %q, viet.Clean gives %q", s, got, want)
		}
	}
}
