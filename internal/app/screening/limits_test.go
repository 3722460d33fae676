package screening_test

import (
	"fmt"
	"testing"

	"dangvien/internal/app/members"
	"dangvien/internal/app/screening"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

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
		errs := Parallel(4, func(i int) error {
			_, err := sc.CloseFinding(ctx, as(sec, i), edu.ID, D("2026-11-20"), fmt.Sprintf("Đã tiến bộ (%d)", i))
			return err
		})
		Once(t, "ends of the education", errs, domain.CodeConflict)
		if auditRows(t, db) != before+1 {
			t.Fatalf("%d audit rows for one end of the education", auditRows(t, db)-before)
		}

		// One pending proposal to remove Đức, who returned his card.
		if _, err := sc.AddFinding(ctx, sec, f.Duc.ID, domain.FindingInput{Kind: domain.FindingCardReturned, On: D("2026-11-02"), Note: "Gửi lại thẻ"}); err != nil {
			t.Fatal(err)
		}
		before = auditRows(t, db)
		errs = Parallel(4, func(i int) error {
			_, err := sc.Propose(ctx, as(sec, i), f.Duc.ID, domain.RemovalProposal{Grounds: []domain.GroundKind{domain.GroundCard}, On: D("2026-11-20")})
			return err
		})
		Once(t, "proposals", errs, domain.CodeConflict)
		v, err := sc.Member(ctx, staff, f.Duc.ID)
		if err != nil || v.Pending == nil || len(v.Cases) != 1 || auditRows(t, db) != before+1 {
			t.Fatalf("after the proposals: %+v %v, %d audit rows", v.Cases, err, auditRows(t, db)-before)
		}

		// One decision on it, approving or not: one removal event at most.
		before = auditRows(t, db)
		errs = Parallel(4, func(i int) error {
			d := domain.RemovalDecision{Approve: i%2 == 0, Number: fmt.Sprintf("%d-QĐ/ĐU", 70+i), On: D("2026-11-22"), Note: "Cấp ủy họp"}
			_, err := sc.Decide(ctx, as(staff, i), v.Pending.ID, d)
			return err
		})
		Once(t, "decisions", errs, domain.CodeConflict)
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
