package discipline_test

import (
	"fmt"
	"testing"

	"dangvien/internal/app/discipline"
	"dangvien/internal/app/members"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// The limits of discipline under parallel requests: one appeal per
// decision, one decision on it, one expulsion of a member, one dismissal
// from a post. Each is checked on the row as it is when written, so two
// staff submitting together get one write and one precise refusal, and the
// audit trail holds only what was written.
func TestDisciplineLimitsUnderParallelRequests(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		ds := &discipline.Service{DB: db}
		ms := &members.Service{DB: db}
		staff := Actor(domain.RoleStaff, f.CommuneA)
		for id, on := range map[int64]string{f.Duc.ID: "2001-03-03", f.Thao.ID: "2016-05-19"} {
			if _, _, err := ms.AddEvent(ctx, domain.System, id, domain.Event{Kind: domain.EventRecognised, Date: D(on), Decision: "5-QĐ/ĐU"}); err != nil {
				t.Fatal(err)
			}
		}
		as := func(i int) domain.Actor {
			a := staff
			a.Username = fmt.Sprintf("staff%d", i)
			return a
		}

		// One appeal against a decision, one decision on the appeal.
		d, err := ds.DisciplineMember(ctx, staff, f.Duc.ID, in(domain.FormWarning, f.CommuneA.ID, 15, 9))
		if err != nil {
			t.Fatal(err)
		}
		before := auditRows(t, db)
		errs := Parallel(4, func(i int) error {
			_, err := ds.Appeal(ctx, as(i), d.ID, domain.AppealInput{On: D("2026-11-20"), Text: fmt.Sprintf("Khiếu nại lần %d", i)})
			return err
		})
		Once(t, "appeals", errs, domain.CodeConflict)
		got, err := ds.MemberDisciplines(ctx, staff, f.Duc.ID)
		if err != nil || len(got) != 1 || got[0].Appeal == nil || auditRows(t, db) != before+1 {
			t.Fatalf("after the appeals: %+v %v, %d audit rows written", got, err, auditRows(t, db)-before)
		}
		for i, err := range errs {
			if err == nil && got[0].Appeal.Text != fmt.Sprintf("Khiếu nại lần %d", i) {
				t.Fatalf("stored appeal %q is not the one written (%d)", got[0].Appeal.Text, i)
			}
		}
		before = auditRows(t, db)
		errs = Parallel(4, func(i int) error {
			o := domain.OutcomeInput{Outcome: domain.AppealUpheld, Decision: fmt.Sprintf("%d-QĐ/UBKT", i+1), On: D("2026-11-22")}
			if i%2 == 1 {
				o = domain.OutcomeInput{Outcome: domain.AppealAnnulled, Decision: fmt.Sprintf("%d-QĐ/UBKT", i+1), On: D("2026-11-22")}
			}
			_, err := ds.DecideAppeal(ctx, as(i), d.ID, o)
			return err
		})
		Once(t, "decisions on the appeal", errs, domain.CodeConflict)
		got, _ = ds.MemberDisciplines(ctx, staff, f.Duc.ID)
		if got[0].Outcome == nil || auditRows(t, db) != before+1 {
			t.Fatalf("after the decisions on the appeal: %+v, %d audit rows written", got[0].Outcome, auditRows(t, db)-before)
		}
		for i, err := range errs {
			if err == nil && got[0].Outcome.Decision != fmt.Sprintf("%d-QĐ/UBKT", i+1) {
				t.Fatalf("stored outcome %q is not the one written (%d)", got[0].Outcome.Decision, i)
			}
		}

		// One dismissal from the one post Thảo holds.
		m, _ := ms.Member(ctx, domain.System, f.Thao.ID)
		m.PartyPosition = "Phó Bí thư chi bộ"
		if _, err := ms.Update(ctx, domain.System, f.Thao.ID, m.MemberFields, nil); err != nil {
			t.Fatal(err)
		}
		before = auditRows(t, db)
		errs = Parallel(3, func(i int) error {
			_, err := ds.DisciplineMember(ctx, as(i), f.Thao.ID, in(domain.FormDismissal, f.CommuneA.ID, 15, 9))
			return err
		})
		Once(t, "dismissals", errs, domain.CodeInvalid)
		if got, _ := ds.MemberDisciplines(ctx, staff, f.Thao.ID); len(got) != 1 {
			t.Fatalf("%d dismissals recorded", len(got))
		}

		// One expulsion: the others find Đức no longer on the roll.
		ex := in(domain.FormExpulsion, f.CommuneA.ID, 15, 9)
		ex.ProposalEntitled, ex.ProposalFor, ex.DecidedOn = 2, 2, D("2026-11-21")
		errs = Parallel(3, func(i int) error {
			_, err := ds.DisciplineMember(ctx, as(i), f.Duc.ID, ex)
			return err
		})
		Once(t, "expulsions", errs, domain.CodeInvalid)
		es, _ := ms.Events(ctx, domain.System, f.Duc.ID)
		n := 0
		for _, e := range es {
			if e.Kind == domain.EventExpelled {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%d expulsion events", n)
		}
	})
}
