package evaluation_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"dangvien/internal/app/evaluation"
	"dangvien/internal/app/orgs"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// A member's self-review, the cell's proposal and the committee's decision
// are one row per member and year, written by different people who may
// submit at once. Under parallel requests: the first self-reviews of a
// member all land (one row, no "duplicate" refusal), and a proposal racing
// the committee's decision either lands before it or is refused: the
// decision is never overwritten, and a refused write leaves no audit row.
func TestRatingRowUnderParallelRequests(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		ev := &evaluation.Service{DB: db}
		sec := Actor(domain.RoleSecretary, f.CellA2)
		staff := Actor(domain.RoleStaff, f.CommuneA)

		// Four first self-reviews of Đức at once: the member and staff.
		before := auditRows(t, db)
		errs := Parallel(4, func(i int) error {
			a := domain.Actor{Username: "duc", Role: domain.RoleMember, MemberID: f.Duc.ID}
			if i%2 == 1 {
				a = Actor(domain.RoleStaff, f.CommuneA)
				a.Username = fmt.Sprintf("staff%d", i)
			}
			_, err := ev.SelfReview(ctx, a, f.Duc.ID, 2026, domain.SelfReview{Text: fmt.Sprintf("Bản tự kiểm điểm %d", i)})
			return err
		})
		for i, err := range errs {
			if err != nil {
				t.Fatalf("self-review %d: %v", i, err)
			}
		}
		v, err := ev.Member(ctx, staff, f.Duc.ID, 2026)
		if err != nil || !strings.HasPrefix(v.Current.Self.Text, "Bản tự kiểm điểm ") || len(v.Ratings) != 1 || auditRows(t, db)-before != 4 {
			t.Fatalf("after the self-reviews: %+v %v, %d audit rows", v.Current, err, auditRows(t, db)-before)
		}

		// The cell re-proposes while the committee decides, member by member.
		ms := addMembers(t, db, f.CellA2, 6, "R")
		var items []evaluation.ProposalItem
		for _, m := range ms {
			items = append(items, good(m.ID))
		}
		if _, err := ev.Propose(ctx, sec, f.CellA2.ID, 2026, items); err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			var decided, proposed error
			var wg sync.WaitGroup
			wg.Add(2)
			go func() {
				defer wg.Done()
				_, decided = ev.Decide(ctx, staff, f.CommuneA.ID, 2026, evaluation.DecideInput{Number: "45-QĐ/ĐU", On: D("2026-11-20"),
					Items: []evaluation.DecisionItem{{MemberID: m.ID, Level: domain.RatingGood}}})
			}()
			go func() {
				defer wg.Done()
				p := good(m.ID)
				p.Points, p.Note = 84, "Chi bộ họp lại"
				_, proposed = ev.Propose(ctx, sec, f.CellA2.ID, 2026, []evaluation.ProposalItem{p})
			}()
			wg.Wait()
			if decided != nil {
				t.Fatalf("decision on %s: %v", m.FullName, decided)
			}
			if proposed != nil && code(proposed) != domain.CodeConflict {
				t.Fatalf("late proposal on %s: %v", m.FullName, proposed)
			}
			v, err := ev.Member(ctx, staff, m.ID, 2026)
			if err != nil || v.Current.Decision.Level != domain.RatingGood || v.Current.Decision.Number != "45-QĐ/ĐU" {
				t.Fatalf("%s: the decision was overwritten (proposal: %v): %+v", m.FullName, proposed, v.Current)
			}
			// A proposal that landed came before the decision, which kept
			// its points unless the committee gave others.
			if proposed == nil && v.Current.Decision.Points != 84 {
				t.Fatalf("%s: the proposal landed after the decision: %+v", m.FullName, v.Current)
			}
		}
	})
}

// The cap on "xuất sắc" among the organisations one committee rates holds
// under parallel decisions: with five cells rated "tốt", of several
// decisions rating one more cell "xuất sắc" each, one is written.
func TestOrgExcellentCapUnderParallelDecisions(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		ev := &evaluation.Service{DB: db}
		staff := Actor(domain.RoleStaff, f.CommuneA)
		var cells []domain.Org
		for i := range 9 {
			c, err := (&orgs.Service{DB: db}).Create(ctx, domain.System, domain.OrgInput{Code: fmt.Sprintf("XA-CB%02d", 10+i), Name: fmt.Sprintf("Chi bộ thôn %d", 10+i),
				Kind: domain.KindCell, ParentID: f.CommuneA.ID, ValidFrom: D("2020-01-01")})
			if err != nil {
				t.Fatal(err)
			}
			cells = append(cells, c)
		}
		in := evaluation.OrgRatingInput{Number: "50-QĐ/ĐU", On: D("2026-11-21")}
		for _, c := range cells[:5] {
			in.Items = append(in.Items, evaluation.OrgRatingItem{OrgID: c.ID, Level: domain.RatingGood, Points: 80})
		}
		if _, err := ev.RateOrgs(ctx, staff, f.CommuneA.ID, 2026, in); err != nil {
			t.Fatal(err)
		}
		errs := Parallel(4, func(i int) error {
			_, err := ev.RateOrgs(ctx, staff, f.CommuneA.ID, 2026, evaluation.OrgRatingInput{Number: fmt.Sprintf("%d-QĐ/ĐU", 60+i), On: D("2026-11-22"),
				Items: []evaluation.OrgRatingItem{{OrgID: cells[5+i].ID, Level: domain.RatingExcellent, Points: 95}}})
			return err
		})
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case code(err) != domain.CodeInvalid || !strings.Contains(err.Error(), "20%"):
				t.Errorf("refusal: %v", err)
			}
		}
		ov, err := ev.Org(ctx, staff, f.CommuneA.ID, 2026)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, r := range ov.OrgRatings {
			if r.Decision.Level == domain.RatingExcellent {
				n++
			}
		}
		if ok != 1 || n != 1 {
			t.Fatalf("%d decisions written, %d cells rated xuất sắc", ok, n)
		}
	})
}
