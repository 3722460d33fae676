package screening_test

import (
	"fmt"
	"sync"
	"testing"

	"dangvien/internal/app/members"
	"dangvien/internal/app/screening"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// parallel runs n calls of fn at once and returns their errors.
func parallel(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = fn(i)
		}()
	}
	wg.Wait()
	return errs
}

// once checks that exactly one call succeeded and the others were refused
// with code c.
func once(t *testing.T, what string, errs []error, c domain.Code) {
	t.Helper()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case code(err) != c:
			t.Errorf("%s: a refusal with code %s: %v", what, code(err), err)
		}
	}
	if ok != 1 {
		t.Fatalf("%s: %d of %d written at once, want 1", what, ok, len(errs))
	}
}

// The limits of the screening under parallel requests: one pending
// proposal to remove a member, one decision on it (one removal event), one
// end to the cell's education of a member. Two users submitting together
// get one write and a precise refusal; the audit trail holds only what was
// written.
func TestScreeningLimitsUnderParallelRequests(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		ms := &members.Service{DB: db}
		sc := &screening.Service{DB: db}
		sec := Actor(domain.RoleSecretary, f.CellA1)
		staff := Actor(domain.RoleStaff, f.CommuneA)
		if _, _, err := ms.AddEvent(ctx, domain.System, f.Duc.ID, domain.Event{Kind: domain.EventRecognised, Date: D("2001-03-03"), Decision: "5-QĐ/ĐU"}); err != nil {
			t.Fatal(err)
		}
		as := func(a domain.Actor, i int) domain.Actor {
			a.Username = fmt.Sprintf("user%d", i)
			return a
		}

		// One end to an education.
		edu, err := sc.AddFinding(ctx, sec, f.Thao.ID, domain.FindingInput{Kind: domain.FindingEducation, On: D("2026-03-02"), Note: "Chi bộ phân công giúp đỡ"})
		if err != nil {
			t.Fatal(err)
		}
		before := auditRows(t, db)
		errs := parallel(4, func(i int) error {
			_, err := sc.CloseFinding(ctx, as(sec, i), edu.ID, D("2026-11-20"), fmt.Sprintf("Đã tiến bộ (%d)", i))
			return err
		})
		once(t, "ends of the education", errs, domain.CodeConflict)
		if auditRows(t, db) != before+1 {
			t.Fatalf("%d audit rows for one end of the education", auditRows(t, db)-before)
		}

		// One pending proposal to remove Đức, who returned his card.
		if _, err := sc.AddFinding(ctx, sec, f.Duc.ID, domain.FindingInput{Kind: domain.FindingCardReturned, On: D("2026-11-02"), Note: "Gửi lại thẻ"}); err != nil {
			t.Fatal(err)
		}
		before = auditRows(t, db)
		errs = parallel(4, func(i int) error {
			_, err := sc.Propose(ctx, as(sec, i), f.Duc.ID, domain.RemovalProposal{Grounds: []domain.GroundKind{domain.GroundCard}, On: D("2026-11-20")})
			return err
		})
		once(t, "proposals", errs, domain.CodeConflict)
		v, err := sc.Member(ctx, staff, f.Duc.ID)
		if err != nil || v.Pending == nil || len(v.Cases) != 1 || auditRows(t, db) != before+1 {
			t.Fatalf("after the proposals: %+v %v, %d audit rows", v.Cases, err, auditRows(t, db)-before)
		}

		// One decision on it, approving or not: one removal event at most.
		before = auditRows(t, db)
		errs = parallel(4, func(i int) error {
			d := domain.RemovalDecision{Approve: i%2 == 0, Number: fmt.Sprintf("%d-QĐ/ĐU", 70+i), On: D("2026-11-22"), Note: "Cấp ủy họp"}
			_, err := sc.Decide(ctx, as(staff, i), v.Pending.ID, d)
			return err
		})
		once(t, "decisions", errs, domain.CodeConflict)
		es, _ := ms.Events(ctx, domain.System, f.Duc.ID)
		removed := 0
		for _, e := range es {
			if e.Kind == domain.EventRemoved {
				removed++
			}
		}
		v, _ = sc.Member(ctx, staff, f.Duc.ID)
		won := -1
		for i, err := range errs {
			if err == nil {
				won = i
			}
		}
		want := map[bool]int{true: 1, false: 0}[won%2 == 0]
		if removed != want || v.Pending != nil || v.Cases[0].Decision == nil || v.Cases[0].Decision.Number != fmt.Sprintf("%d-QĐ/ĐU", 70+won) {
			t.Fatalf("decision %d won: %d removal events, case %+v", won, removed, v.Cases[0])
		}
		// The decision's audit row, and the event's when it removed.
		if n := auditRows(t, db) - before; n != 1+removed {
			t.Fatalf("%d audit rows for one decision", n)
		}
	})
}
