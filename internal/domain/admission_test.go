package domain

import (
	"strings"
	"testing"
)

// Rule (RULES.md, Admission): age from 18 to 60 inclusive, counted in whole
// months on the day the cell considers the candidate: 216 to 720 months;
// over 60 only with the decision of a committee directly under the Central
// Committee.
func TestAdmissionAge(t *testing.T) {
	for _, tc := range []struct {
		rule, birth, on, over60 string
		ok                      bool
		says                    string
	}{
		{"18 on the day: 216 months", "2008-11-23", "2026-11-23", "", true, ""},
		{"one day short of 18", "2008-11-24", "2026-11-23", "", false, "Chưa đủ 18 tuổi (216 tháng) vào ngày 23/11/2026: mới 17 tuổi 11 tháng; đủ tuổi từ 24/11/2026."},
		{"born 29/02: 18 on 28/02 (Bộ luật Dân sự, Điều 148)", "2008-02-29", "2026-02-28", "", true, ""},
		{"60 on the day: 720 months", "1966-11-23", "2026-11-23", "", true, ""},
		{"60 and 30 days: still 720 whole months", "1966-10-24", "2026-11-23", "", true, ""},
		{"60 and one month: 721 months", "1966-10-23", "2026-11-23", "", false, "Quá 60 tuổi (720 tháng) vào ngày 23/11/2026: đã 60 tuổi 1 tháng"},
		{"over 60 with the decision of a committee under the Central Committee", "1960-01-01", "2026-11-23", "125-QĐ/TU", true, ""},
		{"the cell's day counts, not today: 17 on the vote", "2009-01-10", "2026-12-01", "", false, "Chưa đủ 18 tuổi"},
	} {
		why := CheckAdmissionAge(d(tc.birth), d(tc.on), tc.over60)
		if (why == "") != tc.ok || !strings.Contains(why, tc.says) {
			t.Errorf("%s: %q", tc.rule, why)
		}
	}
}

// Rule (RULES.md, Admission): lower-secondary (THCS) or higher; lower only
// under the local exceptions, flagged with a note.
func TestAdmissionEducation(t *testing.T) {
	for _, tc := range []struct {
		rule, edu string
		exception bool
		ok        bool
	}{
		{"THCS is enough", "thcs", false, true},
		{"THPT", "thpt", false, true},
		{"primary refused", "tieu_hoc", false, false},
		{"primary under the local exception", "tieu_hoc", true, true},
		{"not given", "", false, false},
	} {
		why := CheckAdmissionEducation(CandidateInput{MemberFields: MemberFields{Education: tc.edu}, EduException: tc.exception})
		if (why == "") != tc.ok {
			t.Errorf("%s: %q", tc.rule, why)
		}
	}
}

// Rule (RULES.md, Admission): introducers are official members of at least
// 12 months' standing who have worked or lived with the candidate at least
// 12 months; a probationary or too recent member is refused by name.
func TestIntroducer(t *testing.T) {
	on := d("2026-06-01")
	off := func(s string) Introducer {
		return Introducer{Found: true, Name: "Đặng Văn Đức", Status: StatusOfficial, Official: d(s)}
	}
	for _, tc := range []struct {
		rule  string
		in    Introducer
		known string
		field string
		says  string
	}{
		{"official 12 months to the day, known 12 months", off("2025-06-01"), "2025-06-01", "", ""},
		{"probationary", Introducer{Found: true, Name: "Trần Văn An", Status: StatusProbationary}, "2020-01-01", "introducer_id", "Trần Văn An là đảng viên dự bị: người giới thiệu phải là đảng viên chính thức ít nhất 12 tháng."},
		{"official only 11 months", off("2025-07-01"), "2020-01-01", "introducer_id", "Đặng Văn Đức là đảng viên chính thức từ 01/07/2025, đến ngày giới thiệu 01/06/2026 chưa đủ 12 tháng (đủ từ 01/07/2026)."},
		{"removed", Introducer{Found: true, Name: "Lê Văn Bình", Status: StatusRemoved}, "2020-01-01", "introducer_id", "không còn là đảng viên chính thức (đã xóa tên)"},
		{"not in scope", Introducer{}, "2020-01-01", "introducer_id", "Không tìm thấy"},
		{"known since unknown", off("2000-01-01"), "", "known_since", "Chưa ghi từ ngày nào"},
		{"known only 6 months", off("2000-01-01"), "2025-12-01", "known_since", "từ 01/12/2025, đến ngày giới thiệu 01/06/2026 chưa đủ 12 tháng"},
	} {
		var known Date
		if tc.known != "" {
			known = d(tc.known)
		}
		err := CheckIntroducer(tc.in, on, known)
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.rule, err)
			}
			continue
		}
		e, ok := err.(*Error)
		if !ok || !strings.Contains(e.Fields[tc.field], tc.says) || !strings.Contains(e.Message, tc.says) {
			t.Errorf("%s: %v", tc.rule, err)
		}
	}
}

// Rule (RULES.md, Admission): the cell's vote passes with at least 2/3 of
// its official members, the grassroots committee's with 2/3 of its members;
// more votes than voters is refused.
func TestVoteThresholds(t *testing.T) {
	for _, tc := range []struct {
		rule                     string
		agree, against, eligible int
		valid, passes            bool
		need                     int
	}{
		{"6 of 9 is two thirds", 6, 3, 9, true, true, 6},
		{"5 of 9 is not", 5, 4, 9, true, false, 6},
		{"2 of 3", 2, 0, 3, true, true, 2},
		{"7 of 10 (two thirds is 6.67)", 7, 0, 10, true, true, 7},
		{"6 of 10 is not", 6, 0, 10, true, false, 7},
		{"agree above the members", 10, 0, 9, false, false, 6},
		{"agree and against above the members", 6, 4, 9, false, false, 6},
		{"a cell without official members", 0, 0, 0, false, false, 0},
		{"negative", -1, 0, 9, false, false, 6},
	} {
		err := CheckVote(tc.agree, tc.against, tc.eligible, "đảng viên chính thức của chi bộ")
		if (err == nil) != tc.valid {
			t.Errorf("%s: %v", tc.rule, err)
		}
		if got := VotePasses(tc.agree, tc.eligible, 2); tc.valid && got != tc.passes {
			t.Errorf("%s: passes %v", tc.rule, got)
		}
		if got := VoteNeeded(tc.eligible, 2); got != tc.need {
			t.Errorf("%s: needs %d, want %d", tc.rule, got, tc.need)
		}
	}
	err := CheckVote(10, 0, 9, "đảng viên chính thức của chi bộ")
	if err == nil || err.(*Error).Message != "Số phiếu biểu quyết không hợp lệ: 10 người tán thành, nhiều hơn số đảng viên chính thức của chi bộ (9)." {
		t.Errorf("message: %v", err)
	}
}

// Rule (RULES.md, Admission; Working days): the ceremony within 30 working
// days of receiving the decision, skipping weekends and Tết 2026 (16–20/2).
func TestCeremonyDeadline(t *testing.T) {
	cal := NewCalendar(announced20252026)
	for _, tc := range []struct{ rule, decided, received, due string }{
		{"received 05/02/2026, Tết in between", "2026-02-02", "2026-02-05", "2026-03-26"},
		{"received not given: the decision's day", "2026-03-02", "", "2026-04-13"},
		{"received 01/04/2026: Giỗ Tổ on Sunday 26/4 gives Monday 27/4, then 30/4 and 1/5 off", "2026-03-30", "2026-04-01", "2026-05-18"},
	} {
		s := Step{Kind: StepDecision, Date: d(tc.decided)}
		if tc.received != "" {
			s.Received = d(tc.received)
		}
		if got := CeremonyDeadline(s, cal); got.ISO() != tc.due {
			t.Errorf("%s: %s, want %s", tc.rule, got.ISO(), tc.due)
		}
	}
}

// fullDossier is a candidate of a cell under a grassroots committee with
// every document in place before a vote on 10/09/2026.
func fullDossier() Dossier {
	c := Candidate{ID: 1, OrgID: 5, Org: "Chi bộ thôn Đồng Bùa", OrgKind: KindCell, Status: CandidateOpen,
		CandidateInput: CandidateInput{MemberFields: MemberFields{FullName: "Phạm Thu Hà", Gender: Female, BirthDate: d("1998-04-02"), Ethnicity: "01", Education: "thpt"}, Source: "women_union"}}
	return Dossier{C: c, Steps: []Step{
		{Kind: StepAwareness, Date: d("2023-05-10"), Number: "215/GCN-TTCT"},
		{Kind: StepApplication, Date: d("2026-01-15")},
		{Kind: StepHistory, Date: d("2026-01-20")},
		{Kind: StepIntroduction, Date: d("2026-02-01"), IntroducerID: 11, Introducer: "Đặng Văn Đức"},
		{Kind: StepIntroduction, Date: d("2026-02-03"), IntroducerID: 12, Introducer: "Nguyễn Thị Hồng Thảo"},
		{Kind: StepBackground, Date: d("2026-05-20"), Passed: true},
		{Kind: StepUnionComments, Date: d("2026-06-01")},
		{Kind: StepResidence, Date: d("2026-06-05")},
	}}
}

func fieldsOf(err error) Fields {
	if e, ok := err.(*Error); ok {
		return e.Fields
	}
	return nil
}

// Rule (RULES.md, Admission): every document is there and valid on the day
// the cell considers the candidate: application, personal history,
// introductions and comments 12 months, the awareness certificate 5 years,
// each to the same day of the last month (Bộ luật Dân sự, Điều 147–148: a
// document of 10/09/2025 is valid through 10/09/2026); the vote's result
// follows from the cell's official members.
func TestCellVoteChecksTheDossier(t *testing.T) {
	cal := NewCalendar(nil)
	today := d("2026-11-23")
	// Everything in place: 6 of 8 official members agree.
	s := Step{Kind: StepCellVote, Date: d("2026-09-10"), Agree: 6, Against: 2, Eligible: 99}
	if err := CheckStep(fullDossier(), &s, Introducer{}, 8, today, cal); err != nil || !s.Passed || s.Eligible != 8 {
		t.Fatalf("full dossier: %v %+v", err, s)
	}
	for _, tc := range []struct {
		rule  string
		edit  func(*Dossier)
		date  string
		field string
		says  string
	}{
		{"application older than 12 months", func(x *Dossier) { x.Steps[1].Date = d("2025-09-09") }, "2026-09-10", "application", "hết hạn từ 10/09/2026"},
		{"application valid to the day", func(x *Dossier) { x.Steps[1].Date = d("2025-09-10") }, "2026-09-10", "", ""},
		{"awareness certificate older than 5 years", func(x *Dossier) { x.Steps[0].Date = d("2021-09-01") }, "2026-09-10", "awareness", "có giá trị 60 tháng"},
		{"one introducer only", func(x *Dossier) { x.Steps = append(x.Steps[:4], x.Steps[5:]...) }, "2026-09-10", "introduction", "Cần 2 đảng viên chính thức giới thiệu, mới có 1."},
		{"background check failed", func(x *Dossier) {
			x.Steps[5].Passed, x.Steps[5].Note = false, "chưa rõ quá trình công tác 2019–2020"
		}, "2026-09-10", "background", "chưa rõ quá trình công tác 2019–2020"},
		{"no residence comments", func(x *Dossier) { x.Steps = x.Steps[:7] }, "2026-09-10", "residence_comments", "Chưa có."},
		{"primary education", func(x *Dossier) { x.C.Education = "tieu_hoc" }, "2026-09-10", "education", "trung học cơ sở"},
		{"a Youth Union member under 30: one introducer and the Union's resolution", func(x *Dossier) {
			x.C.YouthUnion = true
			x.Steps = append(x.Steps[:4], x.Steps[5:]...)
			x.Steps = append(x.Steps, Step{Kind: StepUnionResolution, Date: d("2026-03-01"), Number: "05-NQ/ĐTN"})
		}, "2026-09-10", "", ""},
		{"a Youth Union member under 30 without the resolution", func(x *Dossier) { x.C.YouthUnion = true }, "2026-09-10", "union_resolution", "Chưa có."},
		{"a Youth Union member aged 30 needs two introducers", func(x *Dossier) {
			x.C.YouthUnion, x.C.BirthDate = true, d("1996-01-01")
			x.Steps = append(x.Steps[:4], x.Steps[5:]...)
			x.Steps = append(x.Steps, Step{Kind: StepUnionResolution, Date: d("2026-03-01"), Number: "05-NQ/ĐTN"})
		}, "2026-09-10", "introduction", "Cần 2 đảng viên"},
	} {
		x := fullDossier()
		tc.edit(&x)
		s := Step{Kind: StepCellVote, Date: d(tc.date), Agree: 6, Against: 0}
		err := CheckStep(x, &s, Introducer{}, 8, today, cal)
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.rule, err)
			}
			continue
		}
		if !strings.Contains(fieldsOf(err)[tc.field], tc.says) {
			t.Errorf("%s: %v", tc.rule, err)
		}
	}
	// A vote short of two thirds is recorded as not passed; a count above
	// the members is refused.
	s = Step{Kind: StepCellVote, Date: d("2026-09-10"), Agree: 5, Against: 3}
	if err := CheckStep(fullDossier(), &s, Introducer{}, 8, today, cal); err != nil || s.Passed {
		t.Errorf("5 of 8: %v %+v", err, s)
	}
	s = Step{Kind: StepCellVote, Date: d("2026-09-10"), Agree: 9}
	if err := CheckStep(fullDossier(), &s, Introducer{}, 8, today, cal); fieldsOf(err)["agree"] == "" {
		t.Errorf("9 of 8: %v", err)
	}
}

// Rule (RULES.md, Admission): the steps come in order (the committee after
// the cell's passed vote, the decision after the committee's, the ceremony
// after the decision and not before it) and the ceremony within 30 working
// days of receiving the decision, later only with the reason written.
func TestStepsInOrder(t *testing.T) {
	cal := NewCalendar(announced20252026)
	today := d("2026-11-23")
	x := fullDossier()
	add := func(s Step, officials int) error {
		err := CheckStep(x, &s, Introducer{}, officials, today, cal)
		if err == nil {
			x.Steps = append(x.Steps, s)
		}
		return err
	}
	if err := add(Step{Kind: StepCommitteeVote, Date: d("2026-09-12"), Agree: 7, Eligible: 9}, 0); fieldsOf(err)["kind"] == "" {
		t.Fatalf("committee before the cell: %v", err)
	}
	if err := add(Step{Kind: StepCellVote, Date: d("2026-09-10"), Agree: 4, Against: 4}, 8); err != nil {
		t.Fatal(err)
	}
	if err := add(Step{Kind: StepCommitteeVote, Date: d("2026-09-12"), Agree: 7, Eligible: 9}, 0); fieldsOf(err)["kind"] == "" {
		t.Fatalf("committee after a failed cell vote: %v", err)
	}
	if p := CandidateProgress(x, today, cal); p.Stage != StepCellVote || len(p.Stalls) != 1 || p.Stalls[0] != StallVote {
		t.Fatalf("failed vote: %+v", p)
	}
	if err := add(Step{Kind: StepCellVote, Date: d("2026-09-20"), Agree: 6, Against: 2}, 8); err != nil {
		t.Fatal(err)
	}
	if err := add(Step{Kind: StepCommitteeVote, Date: d("2026-09-15"), Agree: 7, Eligible: 9}, 0); fieldsOf(err)["date"] == "" {
		t.Fatalf("committee before the cell's day: %v", err)
	}
	if err := add(Step{Kind: StepCommitteeVote, Date: d("2026-09-25"), Agree: 10, Eligible: 9}, 0); fieldsOf(err)["agree"] == "" {
		t.Fatalf("10 of 9: %v", err)
	}
	if err := add(Step{Kind: StepDecision, Date: d("2026-10-01"), Number: "45-QĐ/ĐU"}, 0); fieldsOf(err)["kind"] == "" {
		t.Fatalf("decision before the committee: %v", err)
	}
	if err := add(Step{Kind: StepCommitteeVote, Date: d("2026-09-25"), Agree: 7, Eligible: 9}, 0); err != nil {
		t.Fatal(err)
	}
	if err := add(Step{Kind: StepCeremony, Date: d("2026-10-10")}, 0); fieldsOf(err)["kind"] == "" {
		t.Fatalf("ceremony without a decision: %v", err)
	}
	if err := add(Step{Kind: StepDecision, Date: d("2026-10-01")}, 0); fieldsOf(err)["number"] == "" {
		t.Fatalf("decision without its number: %v", err)
	}
	if err := add(Step{Kind: StepDecision, Date: d("2026-10-01"), Number: "45-QĐ/ĐU", Received: d("2026-10-05")}, 0); err != nil {
		t.Fatal(err)
	}
	p := CandidateProgress(x, d("2026-10-06"), cal)
	if p.Stage != StepCeremony || p.CeremonyDue.ISO() != "2026-11-16" {
		t.Fatalf("waiting for the ceremony: %s %s", p.Stage, p.CeremonyDue)
	}
	err := add(Step{Kind: StepCeremony, Date: d("2026-09-30")}, 0)
	if fieldsOf(err)["date"] != "Lễ kết nạp ngày 30/09/2026 trước ngày quyết định kết nạp (01/10/2026)." {
		t.Fatalf("ceremony before the decision: %v", err)
	}
	if err := add(Step{Kind: StepCeremony, Date: d("2026-10-03")}, 0); fieldsOf(err)["date"] == "" {
		t.Fatalf("ceremony before the decision reached the cell: %v", err)
	}
	if err := add(Step{Kind: StepCeremony, Date: d("2026-11-17")}, 0); !strings.Contains(fieldsOf(err)["note"], "hạn 16/11/2026") {
		t.Fatalf("late ceremony without a reason: %v", err)
	}
	if p := CandidateProgress(x, d("2026-11-17"), cal); p.Stalls[0] != StallCeremony {
		t.Fatalf("overdue ceremony: %+v", p.Stalls)
	}
	s := Step{Kind: StepCeremony, Date: d("2026-11-17"), Note: "Người vào Đảng đi công tác dài ngày"}
	if err := CheckStep(x, &s, Introducer{}, 0, today, cal); err != nil || !s.Late {
		t.Fatalf("late ceremony with a reason: %v %+v", err, s)
	}
	f, e := AdmittedRecord(x, s)
	if f.AdmissionDate.ISO() != "2026-11-17" || e.Kind != EventAdmitted || e.Decision != "45-QĐ/ĐU" || !strings.Contains(e.Reason, "ngày 01/10/2026") {
		t.Fatalf("record: %+v %+v", f.AdmissionDate, e)
	}
	if _, err := StartRecord(&f, e, today); err != nil {
		t.Fatalf("the record starts: %v", err)
	}
}

// Rule (RULES.md, Admission): the documents must still be valid on the day
// of the decision.
func TestDecisionAfterDocumentsExpired(t *testing.T) {
	cal := NewCalendar(nil)
	x := fullDossier()
	x.C.OrgKind = KindGrassrootsCell
	x.Steps = append(x.Steps, Step{Kind: StepCellVote, Date: d("2026-09-10"), Agree: 6, Eligible: 8, Passed: true})
	s := Step{Kind: StepCommitteeVote, Date: d("2026-09-12"), Agree: 6, Eligible: 8}
	if err := CheckStep(x, &s, Introducer{}, 0, d("2027-03-01"), cal); fieldsOf(err)["kind"] == "" {
		t.Fatalf("a grassroots cell has no committee vote: %v", err)
	}
	s = Step{Kind: StepDecision, Date: d("2027-01-20"), Number: "3-QĐ/ĐU"}
	err := CheckStep(x, &s, Introducer{}, 0, d("2027-03-01"), cal)
	if !strings.Contains(fieldsOf(err)["application"], "hết hạn từ 16/01/2027") {
		t.Fatalf("expired application: %v", err)
	}
	s = Step{Kind: StepDecision, Date: d("2026-12-20"), Number: "3-QĐ/ĐU"}
	if err := CheckStep(x, &s, Introducer{}, 0, d("2027-03-01"), cal); err != nil {
		t.Fatal(err)
	}
}

// The progress of a dossier: the stage is the first step still to come,
// and stalls name why (age, education, expired documents).
func TestCandidateProgress(t *testing.T) {
	cal := NewCalendar(nil)
	x := fullDossier()
	x.Steps = x.Steps[:3] // awareness, application, history
	p := CandidateProgress(x, d("2026-11-23"), cal)
	if p.Stage != StepIntroduction || len(p.Stalls) != 0 {
		t.Fatalf("after the history: %+v", p)
	}
	p = CandidateProgress(x, d("2027-01-20"), cal)
	if p.Stage != StepApplication || p.Stalls[0] != StallExpired {
		t.Fatalf("a year on: %s %+v", p.Stage, p.Stalls)
	}
	// Voted on, waiting for the decision, and the application runs out:
	// the dossier is made again.
	y := fullDossier()
	y.Steps = append(y.Steps, Step{Kind: StepCellVote, Date: d("2026-09-10"), Agree: 6, Eligible: 8, Passed: true},
		Step{Kind: StepCommitteeVote, Date: d("2026-09-20"), Agree: 6, Eligible: 8, Passed: true})
	if p := CandidateProgress(y, d("2026-12-01"), cal); p.Stage != StepDecision || p.ValidUntil.ISO() != "2027-01-15" {
		t.Fatalf("waiting for the decision: %s %s", p.Stage, p.ValidUntil)
	}
	if p := CandidateProgress(y, d("2027-01-20"), cal); p.Stage != StepApplication || p.Stalls[0] != StallExpired {
		t.Fatalf("ran out before the decision: %s %v", p.Stage, p.Stalls)
	}
	x.C.BirthDate = d("2010-01-01")
	p = CandidateProgress(x, d("2026-11-23"), cal)
	if len(p.Stalls) == 0 || p.Stalls[0] != StallAge || !strings.Contains(p.Problems[0], "Chưa đủ 18 tuổi") {
		t.Fatalf("too young: %+v", p)
	}
}

// Candidates are checked as records are, without admission dates or cards.
func TestValidateCandidate(t *testing.T) {
	good := CandidateInput{MemberFields: MemberFields{FullName: "Phạm Thu Hà", Gender: Female, BirthDate: d("1998-04-02"), Ethnicity: "01", Education: "thpt"}, Source: "youth_union"}
	if err := ValidateCandidate(&good, d("2026-11-23")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		rule  string
		edit  func(*CandidateInput)
		field string
	}{
		{"no source", func(c *CandidateInput) { c.Source = "" }, "source"},
		{"admission date", func(c *CandidateInput) { c.AdmissionDate = d("2026-01-01") }, "admission_date"},
		{"card number", func(c *CandidateInput) { c.CardNumber = "79012345" }, "card_number"},
		{"exception without its note", func(c *CandidateInput) { c.EduException = true }, "education_exception_note"},
		{"bidi in the source note", func(c *CandidateInput) { c.SourceNote = "Đoàn xã \u202eHợp Châu" }, "source_note"},
		{"bad citizen ID", func(c *CandidateInput) { c.CitizenID = "123" }, "citizen_id"},
	} {
		c := good
		tc.edit(&c)
		if err := ValidateCandidate(&c, d("2026-11-23")); fieldsOf(err)[tc.field] == "" {
			t.Errorf("%s: %v", tc.rule, err)
		}
	}
}

// The fields a step form shows for a kind (StepFieldKinds) are the ones the
// rules keep: a field the table does not give a kind is dropped from a step
// of that kind, whatever was sent (a vote's result and a cell's number of
// voters are the rules' to set).
func TestStepFieldKinds(t *testing.T) {
	cal := NewCalendar(announced20252026)
	used := func(field string, k StepKind) bool {
		for _, x := range StepFieldKinds[field] {
			if x == k {
				return true
			}
		}
		return false
	}
	for _, info := range CandidateSteps {
		s := Step{Kind: info.Kind, Date: d("2026-11-02"), IntroducerID: 5, KnownSince: d("2020-01-01"), Agree: 2, Against: 1, Eligible: 3, Received: d("2026-11-03"), Passed: true}
		CheckStep(fullDossier(), &s, Introducer{}, 3, d("2026-11-23"), cal)
		for field, set := range map[string]bool{"introducer_id": s.IntroducerID != 0, "known_since": !s.KnownSince.IsZero(), "agree": s.Agree != 0,
			"against": s.Against != 0, "received": !s.Received.IsZero(), "passed": s.Passed} {
			computed := field == "passed" && (info.Kind == StepCellVote || info.Kind == StepCommitteeVote) // the vote's result
			if set && !used(field, info.Kind) && !computed {
				t.Errorf("%s keeps %s, which its form does not show", info.Kind, field)
			}
		}
	}
	for _, info := range ProbationSteps {
		k := PStepKind(info.Kind)
		s := PStep{Kind: k, Date: d("2027-01-12"), HelperID: 5, Agree: 2, Against: 1, Eligible: 3, Passed: true}
		CheckPStep(probationOf("2026-01-10", KindCell), &s, Introducer{}, 3, d("2027-01-20"), cal)
		for field, set := range map[string]bool{"helper_id": s.HelperID != 0, "agree": s.Agree != 0, "against": s.Against != 0, "eligible": s.Eligible != 0} {
			in := false
			for _, x := range PStepFieldKinds[field] {
				in = in || x == k
			}
			computed := field == "eligible" && k == PStepCellVote // the cell's official members, counted
			if set && !in && !computed {
				t.Errorf("%s keeps %s, which its form does not show", k, field)
			}
		}
	}
}
