package admission_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"dangvien/internal/app/admission"
	"dangvien/internal/app/members"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

var ctx = context.Background()

func auditCount(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow("SELECT count(*) FROM audit").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// refused checks that err is a domain error of code c whose message or
// field (when given) says says, and that nothing was written.
func refused(t *testing.T, db *store.DB, before int, err error, c domain.Code, field, says string) {
	t.Helper()
	var e *domain.Error
	if !errors.As(err, &e) || e.Code != c {
		t.Fatalf("want %s, got %#v", c, err)
	}
	got := e.Message
	if field != "" {
		got = e.Fields[field]
	}
	if !strings.Contains(got, says) {
		t.Fatalf("want %q in %s %q (%v)", says, field, got, err)
	}
	if n := auditCount(t, db); n != before {
		t.Fatalf("refused but wrote %d audit rows", n-before)
	}
}

// official makes a fixture member official, as a recognition recorded
// after the 12 months does.
func official(t *testing.T, db *store.DB, m domain.Member) {
	t.Helper()
	end := domain.ProbationEnd(m.AdmissionDate)
	if _, _, err := (&members.Service{DB: db}).AddEvent(ctx, domain.System, m.ID, domain.Event{Kind: domain.EventRecognised, Date: end, Decision: "1-QĐ/ĐU"}); err != nil {
		t.Fatal(err)
	}
}

// newMember opens a record admitted on day admitted in cell, recognised
// when recognise.
func newMember(t *testing.T, db *store.DB, cell domain.Org, name, cid, admitted string, recognise bool) domain.Member {
	t.Helper()
	m, err := (&members.Service{DB: db}).Create(ctx, domain.System, cell.ID,
		domain.MemberFields{FullName: name, Gender: domain.Male, BirthDate: D("1985-05-05"), Ethnicity: "01", CitizenID: cid, Education: "thpt"},
		domain.Event{Kind: domain.EventAdmitted, Date: D(admitted), Decided: D(admitted).AddDays(-10), Decision: "9-QĐ/ĐU"})
	if err != nil {
		t.Fatal(err)
	}
	if recognise {
		official(t, db, m)
	}
	return m
}

func candidateInput() domain.CandidateInput {
	return domain.CandidateInput{MemberFields: domain.MemberFields{FullName: "Phạm Thu Hà", Gender: domain.Female, BirthDate: D("1998-04-02"), Ethnicity: "01",
		CitizenID: "025198000777", Education: "thpt", Occupation: "Giáo viên", Hometown: "Xã Hợp Châu, tỉnh Phú Thọ", Phone: "0912345678"}, Source: "women_union", SourceNote: "Chi hội phụ nữ thôn Đồng Bùa"}
}

// From candidate to ceremony: every step checks its rule and says what is
// wrong, a refusal writes nothing, and at the ceremony the candidate
// becomes a probationary member without retyping anything.
func TestCandidateToMember(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		official(t, db, f.Thao)
		official(t, db, f.Duc)
		tu := newMember(t, db, f.CellA1, "Lò Văn Tú", "001185000123", "2025-06-01", true) // official from 01/06/2026
		svc := &admission.Service{DB: db}
		sec := Actor(domain.RoleSecretary, f.CellA1)
		staff := Actor(domain.RoleStaff, f.CommuneA)

		n := auditCount(t, db)
		bad := candidateInput()
		bad.CitizenID = f.Thao.CitizenID
		_, err := svc.CreateCandidate(ctx, sec, f.CellA1.ID, bad)
		refused(t, db, n, err, domain.CodeInvalid, "citizen_id", "đã có trong hồ sơ đảng viên")
		_, err = svc.CreateCandidate(ctx, sec, f.CellB1.ID, candidateInput())
		refused(t, db, n, err, domain.CodeNotFound, "", "")
		_, err = svc.CreateCandidate(ctx, Actor(domain.RoleLeader, f.CommuneA), f.CellA1.ID, candidateInput())
		refused(t, db, n, err, domain.CodeForbidden, "", "")
		c, err := svc.CreateCandidate(ctx, sec, f.CellA1.ID, candidateInput())
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.CreateCandidate(ctx, sec, f.CellA1.ID, candidateInput())
		refused(t, db, auditCount(t, db), err, domain.CodeInvalid, "citizen_id", "danh sách người vào Đảng")

		step := func(a domain.Actor, s domain.Step) (admission.StepResult, error) { return svc.AddStep(ctx, a, c.ID, s) }
		must := func(a domain.Actor, s domain.Step) admission.StepResult {
			t.Helper()
			r, err := step(a, s)
			if err != nil {
				t.Fatalf("%s: %v", s.Kind, err)
			}
			return r
		}
		must(sec, domain.Step{Kind: domain.StepAwareness, Date: D("2024-05-10"), Number: "215/GCN-TTCT"})
		must(sec, domain.Step{Kind: domain.StepApplication, Date: D("2026-01-15")})
		must(sec, domain.Step{Kind: domain.StepHistory, Date: D("2026-01-20")})
		must(sec, domain.Step{Kind: domain.StepIntroduction, Date: D("2026-02-01"), IntroducerID: f.Duc.ID, KnownSince: D("2020-01-01")})

		// An introducer who is probationary, or official too recently: refused by name, nothing written.
		n = auditCount(t, db)
		_, err = step(staff, domain.Step{Kind: domain.StepIntroduction, Date: D("2026-09-01"), IntroducerID: f.An.ID, KnownSince: D("2020-01-01")})
		refused(t, db, n, err, domain.CodeInvalid, "introducer_id", "Trần Văn An là đảng viên dự bị")
		_, err = step(sec, domain.Step{Kind: domain.StepIntroduction, Date: D("2026-09-01"), IntroducerID: tu.ID, KnownSince: D("2020-01-01")})
		refused(t, db, n, err, domain.CodeInvalid, "introducer_id", "Lò Văn Tú là đảng viên chính thức từ 01/06/2026, đến ngày giới thiệu 01/09/2026 chưa đủ 12 tháng")
		_, err = step(sec, domain.Step{Kind: domain.StepIntroduction, Date: D("2026-09-01"), IntroducerID: f.An.ID, KnownSince: D("2020-01-01")})
		refused(t, db, n, err, domain.CodeInvalid, "introducer_id", "Không tìm thấy") // An's cell is not the secretary's

		// The cell cannot vote on an incomplete dossier: it says what is missing.
		_, err = step(sec, domain.Step{Kind: domain.StepCellVote, Date: D("2026-09-10"), Agree: 3})
		refused(t, db, n, err, domain.CodeInvalid, "introduction", "Cần 2 đảng viên chính thức giới thiệu, mới có 1.")
		if !strings.Contains(err.Error(), "Thẩm tra lý lịch: Chưa có kết luận") {
			t.Fatalf("missing background not named: %v", err)
		}

		must(sec, domain.Step{Kind: domain.StepIntroduction, Date: D("2026-02-03"), IntroducerID: f.Thao.ID, KnownSince: D("2019-06-01")})
		must(sec, domain.Step{Kind: domain.StepBackground, Date: D("2026-05-20"), Passed: true, Note: "Lý lịch rõ ràng"})
		must(sec, domain.Step{Kind: domain.StepUnionComments, Date: D("2026-06-01")})
		must(sec, domain.Step{Kind: domain.StepResidence, Date: D("2026-06-05")})

		// Thảo, Đức and Tú are the cell's official members on 10/09/2026: 4 votes are too many.
		n = auditCount(t, db)
		_, err = step(sec, domain.Step{Kind: domain.StepCellVote, Date: D("2026-09-10"), Agree: 4})
		refused(t, db, n, err, domain.CodeInvalid, "agree", "4 người tán thành, nhiều hơn số đảng viên chính thức của chi bộ (3)")
		r := must(sec, domain.Step{Kind: domain.StepCellVote, Date: D("2026-09-10"), Agree: 2, Against: 1})
		if !r.Step.Passed || r.Step.Eligible != 3 {
			t.Fatalf("2 of 3: %+v", r.Step)
		}
		must(staff, domain.Step{Kind: domain.StepCommitteeVote, Date: D("2026-09-25"), Agree: 7, Against: 2, Eligible: 9, Number: "25-NQ/ĐU"})

		// Waiting for the decision: on the commune's list for its monthly review.
		rv, err := svc.Review(ctx, staff, f.CommuneA.ID)
		if err != nil || len(rv.Rows) != 1 || rv.Rows[0].ID != c.ID || len(rv.Rows[0].Introducers) != 2 || rv.Rows[0].CommitteeVote == nil {
			t.Fatalf("review: %+v %v", rv, err)
		}
		if rv, _ := svc.Review(ctx, Actor(domain.RoleStaff, f.CommuneB), f.CommuneB.ID); len(rv.Rows) != 0 {
			t.Fatal("another commune's review lists it")
		}

		must(staff, domain.Step{Kind: domain.StepDecision, Date: D("2026-10-01"), Number: "45-QĐ/ĐU", Received: D("2026-10-05")})

		// A ceremony before the decision: refused, nothing written.
		n = auditCount(t, db)
		_, err = step(sec, domain.Step{Kind: domain.StepCeremony, Date: D("2026-09-30")})
		refused(t, db, n, err, domain.CodeInvalid, "date", "Lễ kết nạp ngày 30/09/2026 trước ngày quyết định kết nạp (01/10/2026).")

		r = must(sec, domain.Step{Kind: domain.StepCeremony, Date: D("2026-10-20")})
		m := r.Member
		if m == nil || m.Status != domain.StatusProbationary || m.AdmissionDate.ISO() != "2026-10-20" || m.DecisionDate.ISO() != "2026-10-01" || m.DecisionCopied || m.FullName != "Phạm Thu Hà" || m.CitizenID != "025198000777" ||
			m.Education != "thpt" || m.Occupation != "Giáo viên" || m.OrgID != f.CellA1.ID || r.Candidate.Status != domain.CandidateAdmitted || r.Candidate.MemberID != m.ID {
			t.Fatalf("the record: %+v %+v", m, r.Candidate)
		}
		evs, err := (&members.Service{DB: db}).Events(ctx, sec, m.ID)
		if err != nil || len(evs) != 1 || evs[0].Kind != domain.EventAdmitted || evs[0].Decision != "45-QĐ/ĐU" || evs[0].Decided.ISO() != "2026-10-01" || !strings.Contains(evs[0].Reason, "ngày 01/10/2026") {
			t.Fatalf("first event: %+v %v", evs, err)
		}
		n = auditCount(t, db)
		_, err = step(sec, domain.Step{Kind: domain.StepResidence, Date: D("2026-10-21")})
		refused(t, db, n, err, domain.CodeConflict, "", "đã được kết nạp")
		v, err := svc.Candidate(ctx, sec, c.ID)
		if err != nil || v.Progress.Stage != "" || v.Status != domain.CandidateAdmitted || len(v.History) != 12 {
			t.Fatalf("admitted dossier: %+v %v", v.Progress, err)
		}

		// The quota's progress counts the year's admissions: An (10/01/2026) and Hà.
		if _, err := svc.SetQuota(ctx, sec, f.CommuneA.ID, 2026, 10, ""); domain.ErrorCode(err) != domain.CodeNotFound {
			t.Fatalf("a secretary sets the commune's quota: %v", err)
		}
		if _, err := svc.SetQuota(ctx, staff, f.CommuneA.ID, 2026, 10, "Nghị quyết Đại hội"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SetQuota(ctx, staff, f.CellA1.ID, 2026, 2, ""); err != nil {
			t.Fatal(err)
		}
		q, err := svc.Quotas(ctx, staff, f.CommuneA.ID, 2026)
		if err != nil || q.Own.Quota != 10 || q.Own.Admitted != 2 || q.Own.Pct != 20 || len(q.Rows) != 2 || q.Rows[0].Quota != 2 || q.Rows[0].Admitted != 1 || q.Rows[1].Admitted != 1 {
			t.Fatalf("quotas: %+v %v", q, err)
		}
		rep, err := svc.Report(ctx, staff, f.CommuneA.ID, 2026)
		if err != nil || rep.Total != 2 || rep.Quota != 10 || len(rep.ByOrg) != 2 || rep.ByGender[0].Count != 1 || rep.ByGender[1].Count != 1 || rep.ByAge[0].Count != 2 {
			t.Fatalf("report: %+v %v", rep, err)
		}
	})
}

// The pipeline counts the candidates of a subtree by the step they are at,
// and names why they stall.
func TestPipelineAndStalls(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		svc := &admission.Service{DB: db}
		staff := Actor(domain.RoleStaff, f.Province)
		in := candidateInput()
		young := in
		young.FullName, young.CitizenID, young.BirthDate = "Hà Văn Nam", "025209000111", D("2009-01-01")
		old := in
		old.FullName, old.CitizenID, old.Education = "Đinh Thị Mai", "025170000222", "tieu_hoc"
		for _, x := range []struct {
			cell domain.Org
			in   domain.CandidateInput
		}{{f.CellA1, in}, {f.CellA2, young}, {f.CellB1, old}} {
			c, err := svc.CreateCandidate(ctx, staff, x.cell.ID, x.in)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := svc.AddStep(ctx, staff, c.ID, domain.Step{Kind: domain.StepAwareness, Date: D("2025-10-01"), Number: "1/GCN"}); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.AddStep(ctx, staff, c.ID, domain.Step{Kind: domain.StepApplication, Date: D("2026-10-02")}); err != nil {
				t.Fatal(err)
			}
		}
		p, err := svc.Pipeline(ctx, staff, f.Province.ID)
		if err != nil || p.Total.Total != 3 || p.Total.Stages[domain.StepHistory] != 3 || len(p.Rows) != 2 {
			t.Fatalf("pipeline: %+v %d rows %v", p.Total, len(p.Rows), err)
		}
		stall := map[domain.StallReason]int{}
		for _, g := range p.Stalls {
			stall[g.Reason] = g.Count
		}
		if stall[domain.StallAge] != 1 || stall[domain.StallEducation] != 1 || stall[domain.StallExpired] != 0 {
			t.Fatalf("stalls: %v", stall)
		}
		if p, _ := svc.Pipeline(ctx, Actor(domain.RoleStaff, f.CommuneB), f.CommuneB.ID); p.Total.Total != 1 {
			t.Fatalf("commune B sees %d", p.Total.Total)
		}
		if _, err := svc.Pipeline(ctx, Actor(domain.RoleStaff, f.CommuneB), f.CommuneA.ID); domain.ErrorCode(err) != domain.CodeNotFound {
			t.Fatalf("out of scope: %v", err)
		}
		l, err := svc.Candidates(ctx, Actor(domain.RoleSecretary, f.CellA2), f.CellA2.ID, "")
		if err != nil || len(l.Candidates) != 1 || l.Candidates[0].Stalls[0] != domain.StallAge {
			t.Fatalf("cell list: %d %v", len(l.Candidates), err)
		}
		c := l.Candidates[0]
		if _, err := svc.Withdraw(ctx, Actor(domain.RoleSecretary, f.CellA2), c.ID, ""); domain.ErrorCode(err) != domain.CodeInvalid {
			t.Fatalf("withdraw without a reason: %v", err)
		}
		if _, err := svc.Withdraw(ctx, Actor(domain.RoleSecretary, f.CellA2), c.ID, "Chưa đủ tuổi, tiếp tục bồi dưỡng ở Chi đoàn"); err != nil {
			t.Fatal(err)
		}
		if l, _ := svc.Candidates(ctx, staff, f.Province.ID, "withdrawn"); len(l.Candidates) != 1 {
			t.Fatalf("withdrawn: %d", len(l.Candidates))
		}
	})
}

// Probation: the steps in order, the cell's vote after the 12 months, and
// the decision that makes the member official as of the end of the 12
// months, or removes them from the probationary list.
func TestProbationToRecognition(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		official(t, db, f.Thao)
		official(t, db, f.Duc)
		svc := &admission.Service{DB: db}
		sec := Actor(domain.RoleSecretary, f.CellA1)
		staff := Actor(domain.RoleStaff, f.CommuneA)
		m := newMember(t, db, f.CellA1, "Vi Văn Hùng", "001185000124", "2025-10-01", false) // 12 months to 01/10/2026
		add := func(a domain.Actor, s domain.PStep) (admission.ProbationResult, error) {
			return svc.AddProbationStep(ctx, a, m.ID, s)
		}
		v, err := svc.Probation(ctx, sec, m.ID)
		if err != nil || v.Progress.End.ISO() != "2026-10-01" || v.Progress.Deadline.ISO() != "2026-11-12" || len(v.Progress.Overdue) != 6 {
			t.Fatalf("before any step: %+v %v", v.Progress, err)
		}
		n := auditCount(t, db)
		_, err = add(sec, domain.PStep{Kind: domain.PStepHelper, Date: D("2025-10-01"), HelperID: f.An.ID})
		refused(t, db, n, err, domain.CodeInvalid, "helper_id", "Không tìm thấy")
		for _, s := range []domain.PStep{
			{Kind: domain.PStepHelper, Date: D("2025-10-01"), HelperID: f.Duc.ID},
			{Kind: domain.PStepClass, Date: D("2026-03-15"), Number: "88/GCN-TTCT"},
			{Kind: domain.PStepHelperComment, Date: D("2026-09-20"), HelperID: f.Duc.ID},
			{Kind: domain.PStepSelfReview, Date: D("2026-09-25")},
			{Kind: domain.PStepComments, Date: D("2026-09-28")},
		} {
			if _, err := add(sec, s); err != nil {
				t.Fatalf("%s: %v", s.Kind, err)
			}
		}
		n = auditCount(t, db)
		_, err = add(sec, domain.PStep{Kind: domain.PStepCellVote, Date: D("2026-11-20"), Agree: 3})
		refused(t, db, n, err, domain.CodeInvalid, "agree", "nhiều hơn số đảng viên chính thức của chi bộ (2)")
		r, err := add(sec, domain.PStep{Kind: domain.PStepCellVote, Date: D("2026-11-20"), Agree: 2})
		if err != nil || !r.Step.Passed || !r.Step.Late {
			t.Fatalf("late vote: %+v %v", r.Step, err)
		}
		if _, err := add(staff, domain.PStep{Kind: domain.PStepCommitteeVote, Date: D("2026-11-21"), Agree: 6, Eligible: 9}); err != nil {
			t.Fatal(err)
		}
		r, err = add(staff, domain.PStep{Kind: domain.PStepDecision, Date: D("2026-11-22"), Number: "60-QĐ/ĐU", Passed: true})
		if err != nil || r.Event == nil || r.Event.Kind != domain.EventRecognised || r.Member.Status != domain.StatusOfficial || r.Member.OfficialDate.ISO() != "2026-10-01" {
			t.Fatalf("recognised: %+v %v", r, err)
		}
		n = auditCount(t, db)
		_, err = add(staff, domain.PStep{Kind: domain.PStepComments, Date: D("2026-11-22")})
		refused(t, db, n, err, domain.CodeConflict, "", "không phải là đảng viên dự bị")

		// Not recognised: removed from the probationary list, with the reason.
		x := newMember(t, db, f.CellA1, "Sầm Văn Lực", "001185000125", "2025-09-01", false)
		for _, s := range []domain.PStep{
			{Kind: domain.PStepHelper, Date: D("2025-09-01"), HelperID: f.Thao.ID},
			{Kind: domain.PStepClass, Date: D("2026-03-15"), Number: "89/GCN-TTCT"},
			{Kind: domain.PStepHelperComment, Date: D("2026-08-20"), HelperID: f.Thao.ID},
			{Kind: domain.PStepSelfReview, Date: D("2026-08-25")},
			{Kind: domain.PStepComments, Date: D("2026-08-28")},
			{Kind: domain.PStepCellVote, Date: D("2026-09-10"), Agree: 1, Against: 1},
			{Kind: domain.PStepCommitteeVote, Date: D("2026-09-20"), Agree: 2, Against: 7, Eligible: 9},
		} {
			if _, err := svc.AddProbationStep(ctx, staff, x.ID, s); err != nil {
				t.Fatalf("%s: %v", s.Kind, err)
			}
		}
		n = auditCount(t, db)
		_, err = svc.AddProbationStep(ctx, staff, x.ID, domain.PStep{Kind: domain.PStepDecision, Date: D("2026-10-01"), Number: "61-QĐ/ĐU", Passed: true})
		refused(t, db, n, err, domain.CodeInvalid, "passed", "không công nhận đảng viên chính thức được")
		r, err = svc.AddProbationStep(ctx, staff, x.ID, domain.PStep{Kind: domain.PStepDecision, Date: D("2026-10-01"), Number: "61-QĐ/ĐU", Note: "Vi phạm tư cách đảng viên trong thời gian dự bị"})
		if err != nil || r.Member.Status != domain.StatusRemoved || r.Event.Kind != domain.EventRemoved {
			t.Fatalf("removed: %+v %v", r, err)
		}
		pv, err := svc.Probations(ctx, staff, f.CommuneA.ID)
		if err != nil || len(pv.Members) != 1 || pv.Members[0].MemberID != f.An.ID {
			t.Fatalf("probationary members left: %+v %v", pv, err)
		}
		// The member reads their own probation; the forms print.
		mv, err := svc.Probation(ctx, domain.Actor{Role: domain.RoleMember, MemberID: m.ID}, m.ID)
		if err != nil || !mv.Progress.Done || mv.CanWrite {
			t.Fatalf("own probation: %+v %v", mv.Progress, err)
		}
		fv, err := svc.ProbationForm(ctx, staff, m.ID, "15")
		if err != nil || fv.PSteps[string(domain.PStepDecision)] == nil || fv.Upper != f.CommuneA.Name || fv.ProbationEnd.ISO() != "2026-10-01" {
			t.Fatalf("form 15: %+v %v", fv, err)
		}
	})
}

// One open dossier per person: the same candidate recorded from several
// requests at once is written once, the others refused.
func TestCandidateOnceInParallel(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		svc := &admission.Service{DB: db}
		staff := Actor(domain.RoleStaff, f.Province)
		errs := make(chan error, 8)
		for i := range 8 {
			go func() {
				_, err := svc.CreateCandidate(ctx, staff, []domain.Org{f.CellA1, f.CellA2, f.CellB1}[i%3].ID, candidateInput())
				errs <- err
			}()
		}
		ok := 0
		for range 8 {
			err := <-errs
			switch {
			case err == nil:
				ok++
			case domain.ErrorCode(err) != domain.CodeInvalid:
				t.Errorf("refused with %v", err)
			}
		}
		l, err := svc.Candidates(ctx, staff, f.Province.ID, "")
		if ok != 1 || err != nil || len(l.Candidates) != 1 {
			t.Fatalf("%d written, %d listed, %v", ok, len(l.Candidates), err)
		}
	})
}
