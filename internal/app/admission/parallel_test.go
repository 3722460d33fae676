package admission_test

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"dangvien/internal/app/admission"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// inParallel runs fn n times at once and returns the errors.
func inParallel(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = fn(i) }()
	}
	wg.Wait()
	return errs
}

// oneWins checks that exactly one of errs is nil and every other is a
// domain error of code c.
func oneWins(t *testing.T, errs []error, c domain.Code) {
	t.Helper()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case domain.ErrorCode(err) != c:
			t.Errorf("refused with %v, want %s", err, c)
		}
	}
	if ok != 1 {
		t.Fatalf("%d requests succeeded, want 1", ok)
	}
}

// decided takes a candidate of cell A1 through every step to the
// admission decision, received on 05/10/2026.
func decided(t *testing.T, db *store.DB, f *Fix) domain.Candidate {
	t.Helper()
	official(t, db, f.Thao)
	official(t, db, f.Duc)
	svc := &admission.Service{DB: db}
	staff := Actor(domain.RoleStaff, f.CommuneA)
	c, err := svc.CreateCandidate(ctx, staff, f.CellA1.ID, candidateInput())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []domain.Step{
		{Kind: domain.StepAwareness, Date: D("2024-05-10"), Number: "215/GCN-TTCT"},
		{Kind: domain.StepApplication, Date: D("2026-01-15")},
		{Kind: domain.StepHistory, Date: D("2026-01-20")},
		{Kind: domain.StepIntroduction, Date: D("2026-02-01"), IntroducerID: f.Duc.ID, KnownSince: D("2020-01-01")},
		{Kind: domain.StepIntroduction, Date: D("2026-02-03"), IntroducerID: f.Thao.ID, KnownSince: D("2019-06-01")},
		{Kind: domain.StepBackground, Date: D("2026-05-20"), Passed: true},
		{Kind: domain.StepUnionComments, Date: D("2026-06-01")},
		{Kind: domain.StepResidence, Date: D("2026-06-05")},
		{Kind: domain.StepCellVote, Date: D("2026-09-10"), Agree: 2},
		{Kind: domain.StepCommitteeVote, Date: D("2026-09-25"), Agree: 7, Eligible: 9, Number: "25-NQ/ĐU"},
		{Kind: domain.StepDecision, Date: D("2026-10-01"), Number: "45-QĐ/ĐU", Received: D("2026-10-05")},
	} {
		if _, err := svc.AddStep(ctx, staff, c.ID, s); err != nil {
			t.Fatalf("%s: %v", s.Kind, err)
		}
	}
	return c
}

func count(t *testing.T, db *store.DB, q string) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A ceremony recorded from several requests at once makes one member
// record: the others find the candidate admitted.
func TestCeremonyOnceInParallel(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		c := decided(t, db, f)
		svc := &admission.Service{DB: db}
		sec := Actor(domain.RoleSecretary, f.CellA1)
		members := count(t, db, "SELECT count(*) FROM members")
		errs := inParallel(8, func(i int) error {
			_, err := svc.AddStep(ctx, sec, c.ID, domain.Step{Kind: domain.StepCeremony, Date: D("2026-10-20")})
			return err
		})
		oneWins(t, errs, domain.CodeConflict)
		if n := count(t, db, "SELECT count(*) FROM members") - members; n != 1 {
			t.Fatalf("%d member records made", n)
		}
		if n := count(t, db, "SELECT count(*) FROM candidate_steps WHERE kind = 'ceremony'"); n != 1 {
			t.Fatalf("%d ceremonies written", n)
		}
	})
}

// A probation's decision given from several requests at once is written
// once: one recognition (or removal) event, the others refused because the
// member is no longer probationary.
func TestProbationDecisionOnceInParallel(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		official(t, db, f.Thao)
		official(t, db, f.Duc)
		svc := &admission.Service{DB: db}
		staff := Actor(domain.RoleStaff, f.CommuneA)
		m := newMember(t, db, f.CellA1, "Vi Văn Hùng", "001185000124", "2025-10-01", false)
		for _, s := range []domain.PStep{
			{Kind: domain.PStepHelper, Date: D("2025-10-01"), HelperID: f.Duc.ID},
			{Kind: domain.PStepClass, Date: D("2026-03-15"), Number: "88/GCN-TTCT"},
			{Kind: domain.PStepHelperComment, Date: D("2026-09-20"), HelperID: f.Duc.ID},
			{Kind: domain.PStepSelfReview, Date: D("2026-09-25")},
			{Kind: domain.PStepComments, Date: D("2026-09-28")},
			{Kind: domain.PStepCellVote, Date: D("2026-10-05"), Agree: 2},
			{Kind: domain.PStepCommitteeVote, Date: D("2026-10-10"), Agree: 6, Eligible: 9},
		} {
			if _, err := svc.AddProbationStep(ctx, staff, m.ID, s); err != nil {
				t.Fatalf("%s: %v", s.Kind, err)
			}
		}
		// Half the requests recognise, half remove: whichever comes first stands.
		errs := inParallel(8, func(i int) error {
			s := domain.PStep{Kind: domain.PStepDecision, Date: D("2026-10-15"), Number: "60-QĐ/ĐU", Passed: i%2 == 0}
			if !s.Passed {
				s.Note = "Không đủ tư cách"
			}
			_, err := svc.AddProbationStep(ctx, staff, m.ID, s)
			return err
		})
		oneWins(t, errs, domain.CodeConflict)
		if n := count(t, db, fmt.Sprintf("SELECT count(*) FROM probation_steps WHERE member_id = %d AND kind = 'decision'", m.ID)); n != 1 {
			t.Fatalf("%d decisions written", n)
		}
		if n := count(t, db, fmt.Sprintf("SELECT count(*) FROM member_events WHERE member_id = %d AND kind IN ('recognised', 'removed')", m.ID)); n != 1 {
			t.Fatalf("%d recognition or removal events", n)
		}
	})
}

// A quota set from several requests at once: each is a setting of the
// same quota, so each succeeds with its audit row, and one row stands
// holding the last value written.
func TestQuotaInParallel(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		svc := &admission.Service{DB: db}
		staff := Actor(domain.RoleStaff, f.CommuneA)
		n := auditCount(t, db)
		errs := inParallel(8, func(i int) error {
			_, err := svc.SetQuota(ctx, staff, f.CellA1.ID, 2026, 10+i, "")
			return err
		})
		for _, err := range errs {
			if err != nil {
				t.Fatalf("a quota set at the same time refused: %v", err)
			}
		}
		if got := auditCount(t, db) - n; got != 8 {
			t.Fatalf("%d audit rows, want 8", got)
		}
		if rows := count(t, db, fmt.Sprintf("SELECT count(*) FROM admission_quotas WHERE org_id = %d AND year = 2026", f.CellA1.ID)); rows != 1 {
			t.Fatalf("%d quota rows", rows)
		}
		// The audit rows tell the story in order: each row's before is the
		// quota the row before it wrote, and the last is the one standing.
		rows, err := db.SQL().Query("SELECT before_json, after_json FROM audit WHERE action = 'admission.quota' ORDER BY seq")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		quotaOf := func(js string) int {
			var q struct{ Quota *int }
			if err := json.Unmarshal([]byte(js), &q); err != nil || q.Quota == nil {
				return -1
			}
			return *q.Quota
		}
		prev, i := -1, 0
		for rows.Next() {
			var b, a string
			if err := rows.Scan(&b, &a); err != nil {
				t.Fatal(err)
			}
			if quotaOf(b) != prev {
				t.Fatalf("audit row %d: before %s, the row before wrote %d", i, b, prev)
			}
			prev, i = quotaOf(a), i+1
		}
		if standing := count(t, db, fmt.Sprintf("SELECT quota FROM admission_quotas WHERE org_id = %d AND year = 2026", f.CellA1.ID)); standing != prev {
			t.Fatalf("the standing quota %d is not the last written %d", standing, prev)
		}
	})
}
