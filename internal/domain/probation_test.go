package domain

import (
	"strings"
	"testing"
)

func probationOf(admitted string, kind OrgKind, steps ...PStep) Probation {
	return Probation{M: Member{ID: 7, MemberFields: MemberFields{FullName: "Trần Văn An", AdmissionDate: d(admitted)}, Status: StatusProbationary}, OrgKind: kind, Steps: steps}
}

// Rule (RULES.md, Probation and recognition): 12 months from the ceremony;
// the cell considers recognition within 30 working days after they end.
// Steps not done are due, then overdue past their day.
func TestProbationProgress(t *testing.T) {
	cal := NewCalendar(announced20252026)
	p := probationOf("2026-01-10", KindCell)
	v := ProbationProgress(p, d("2026-03-01"), cal)
	// Tết 2027 (the last day of the old year, mùng 1–4 and two days in lieu
	// of the weekend) is skipped.
	if v.End.ISO() != "2027-01-10" || v.Deadline.ISO() != "2027-02-26" {
		t.Fatalf("end %s, deadline %s", v.End, v.Deadline)
	}
	state := func(v ProbationView, k PStepKind) StepState {
		for _, c := range v.Checks {
			if c.Kind == StepKind(k) {
				return c.State
			}
		}
		return ""
	}
	for _, tc := range []struct {
		rule string
		on   string
		kind PStepKind
		want StepState
	}{
		{"a helper is assigned at once", "2026-03-01", PStepHelper, StateOverdue},
		{"the class falls due in the last month", "2026-03-01", PStepClass, StateWaiting},
		{"the class in the last month", "2026-12-15", PStepClass, StateDue},
		{"the class not done when the 12 months end", "2027-01-11", PStepClass, StateOverdue},
		{"the cell waits for the end", "2026-12-15", PStepCellVote, StateWaiting},
		{"the cell's vote due after the end", "2027-01-11", PStepCellVote, StateDue},
		{"the cell's vote overdue after 30 working days", "2027-03-01", PStepCellVote, StateOverdue},
		{"the committee waits for the cell", "2027-03-01", PStepCommitteeVote, StateWaiting},
	} {
		if got := state(ProbationProgress(p, d(tc.on), cal), tc.kind); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.rule, got, tc.want)
		}
	}
	if v := ProbationProgress(p, d("2027-03-01"), cal); len(v.Overdue) != 6 {
		t.Errorf("overdue: %v", v.Overdue)
	}
	if v := ProbationProgress(probationOf("2026-01-10", KindGrassrootsCell), d("2027-03-01"), cal); state(v, PStepCommitteeVote) != StateNotNeeded {
		t.Error("a grassroots cell needs no committee vote")
	}
}

// Rule (RULES.md, Probation and recognition): the cell votes after the 12
// months, with the class, the helper's comment, the self-review and the
// comments in; two thirds of its official members; the decision recognises
// only what the votes proposed; not recognised means removal, with a reason.
func TestCheckPStep(t *testing.T) {
	cal := NewCalendar(nil)
	today := d("2027-03-01")
	official := Introducer{Found: true, Name: "Đặng Văn Đức", Status: StatusOfficial, Official: d("2001-03-03")}
	p := probationOf("2026-01-10", KindGrassrootsCell)
	add := func(s PStep, helper Introducer, officials int) error {
		err := CheckPStep(p, &s, helper, officials, today, cal)
		if err == nil {
			p.Steps = append(p.Steps, s)
		}
		return err
	}
	if err := add(PStep{Kind: PStepHelper, Date: d("2026-01-10"), HelperID: 9}, Introducer{Found: true, Name: "Lê Văn Bình", Status: StatusProbationary}, 0); !strings.Contains(fieldsOf(err)["helper_id"], "phải là đảng viên chính thức") {
		t.Fatalf("a probationary helper: %v", err)
	}
	if err := add(PStep{Kind: PStepHelper, Date: d("2026-01-09"), HelperID: 11}, official, 0); fieldsOf(err)["date"] == "" {
		t.Fatalf("before the ceremony: %v", err)
	}
	if err := add(PStep{Kind: PStepHelperComment, Date: d("2026-12-20"), HelperID: 11}, official, 0); fieldsOf(err)["helper_id"] == "" {
		t.Fatalf("a comment from someone not assigned: %v", err)
	}
	if err := add(PStep{Kind: PStepHelper, Date: d("2026-01-10"), HelperID: 11}, official, 0); err != nil {
		t.Fatal(err)
	}
	if err := add(PStep{Kind: PStepCellVote, Date: d("2027-01-15"), Agree: 6}, Introducer{}, 8); !strings.Contains(err.Error(), "lớp bồi dưỡng") {
		t.Fatalf("vote without the class: %v", err)
	}
	for _, s := range []PStep{{Kind: PStepClass, Date: d("2026-05-10"), Number: "88/GCN"}, {Kind: PStepHelperComment, Date: d("2026-12-20"), HelperID: 11},
		{Kind: PStepSelfReview, Date: d("2027-01-05")}, {Kind: PStepComments, Date: d("2027-01-08")}} {
		if err := add(s, official, 0); err != nil {
			t.Fatal(err)
		}
	}
	if err := add(PStep{Kind: PStepCellVote, Date: d("2027-01-09"), Agree: 6}, Introducer{}, 8); !strings.Contains(fieldsOf(err)["date"], "10/01/2027") {
		t.Fatalf("vote before the end: %v", err)
	}
	if err := add(PStep{Kind: PStepCellVote, Date: d("2027-01-15"), Agree: 9}, Introducer{}, 8); fieldsOf(err)["agree"] == "" {
		t.Fatalf("9 of 8: %v", err)
	}
	if err := add(PStep{Kind: PStepCellVote, Date: d("2027-01-15"), Agree: 5, Against: 3}, Introducer{}, 8); err != nil {
		t.Fatal(err)
	}
	if err := add(PStep{Kind: PStepDecision, Date: d("2027-01-20"), Number: "7-QĐ/ĐU", Passed: true}, Introducer{}, 0); fieldsOf(err)["passed"] == "" {
		t.Fatalf("recognised without two thirds: %v", err)
	}
	if err := add(PStep{Kind: PStepDecision, Date: d("2027-01-20"), Number: "7-QĐ/ĐU"}, Introducer{}, 0); fieldsOf(err)["note"] == "" {
		t.Fatalf("removal without a reason: %v", err)
	}
	// Voted again, late: two thirds pass, the vote is flagged late.
	s := PStep{Kind: PStepCellVote, Date: d("2027-03-01"), Agree: 6, Against: 2}
	if err := CheckPStep(p, &s, Introducer{}, 8, today, cal); err != nil || !s.Passed || !s.Late {
		t.Fatalf("late vote: %v %+v", err, s)
	}
	p.Steps = append(p.Steps, s)
	dec := PStep{Kind: PStepDecision, Date: d("2027-03-01"), Number: "9-QĐ/ĐU", Passed: true}
	if err := CheckPStep(p, &dec, Introducer{}, 0, today, cal); err != nil {
		t.Fatal(err)
	}
	// The decision is late; the member is official from the end of the 12 months.
	e := DecisionEvent(dec)
	st, err := State{Status: StatusProbationary, Admitted: d("2026-01-10")}.Apply(e)
	if err != nil || st.Official.ISO() != "2027-01-10" || e.Kind != EventRecognised {
		t.Fatalf("recognised: %+v %v", st, err)
	}
	if e := DecisionEvent(PStep{Kind: PStepDecision, Date: d("2027-02-27"), Number: "9-QĐ/ĐU", Note: "Vi phạm tư cách"}); e.Kind != EventRemoved {
		t.Fatalf("not recognised: %+v", e)
	}
}
