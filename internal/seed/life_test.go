package seed

import (
	"context"
	"testing"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/store/storetest"
)

// A generated year of cell life reads back through the same store functions
// the screens use, on both engines, with every flag having something to show.
func TestCellLife(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		today := domain.MustDate("2026-11-23")
		sum, err := Province(ctx, db, Options{Members: 2000, Seed: 3, History: true, Life: true, Today: today})
		if err != nil {
			t.Fatal(err)
		}
		l := sum.Life
		if l.Meetings == 0 || l.Attendance < 12*1500 || l.FeeMonths < 12*1500 {
			t.Fatalf("life: %+v", l)
		}
		tree, _ := db.Tree(ctx, domain.System, domain.Date{})
		root := tree[0].ID
		c, n, err := db.AttendanceTotals(ctx, domain.System, root, today.AddMonths(-12), today)
		if err != nil || n == 0 || c.Rate() < 800 || c.Rate() > 950 {
			t.Fatalf("attendance %d meetings, %+v (%d‰), %v", n, c, c.Rate(), err)
		}
		abs, err := db.Unexcused(ctx, domain.System, root, today.AddMonths(-12), today, 3)
		if err != nil || len(abs) == 0 {
			t.Fatalf("no one with 3 unexcused absences: %v", err)
		}
		this := domain.MonthOf(today)
		debtors, owed, err := db.Arrears(ctx, domain.System, root, this.Add(-12), this.Add(-1), 3)
		if err != nil || len(debtors) == 0 || owed.Due <= 0 {
			t.Fatalf("arrears: %d %+v %v", len(debtors), owed, err)
		}
		tot, err := db.FeeTotalsOf(ctx, domain.System, root, this.Add(-11), this)
		if err != nil || tot.Members != l.FeeMonths || tot.Paid >= tot.Due || tot.Paid < tot.Due*9/10 {
			t.Fatalf("fee totals %+v for %d fee months: %v", tot, l.FeeMonths, err)
		}
		// Some cell broke a meeting rule; the next meeting is planned.
		cells, ok, err := db.SubtreeMeetings(ctx, domain.System, root, today.Year(), 5000)
		if err != nil || !ok {
			t.Fatal(err)
		}
		warned, planned := 0, 0
		for _, cm := range cells {
			if len(domain.CheckMeetings(today.Year(), today, cm.Facts)) > 0 {
				warned++
			}
			for _, f := range cm.Facts {
				if f.HeldOn.After(today) {
					planned++
				}
			}
		}
		if warned == 0 || warned > len(cells)*3/4 || planned == 0 {
			t.Fatalf("%d of %d cells warned, %d planned", warned, len(cells), planned)
		}
		// Committee members in charge came to most, not all, of the meetings.
		ic, err := db.InChargeOf(ctx, domain.System, root, today.AddMonths(-12), today)
		held, came := 0, 0
		for _, c := range ic {
			held, came = held+c.Held, came+c.Attended
		}
		if err != nil || len(ic) == 0 || came == 0 || came >= held {
			t.Fatalf("in charge: %d charges, %d of %d meetings, %v", len(ic), came, held, err)
		}
		// Most members have a task; some have none.
		commune := tree[0].Children[0]
		for _, c := range tree[0].Children {
			if c.Kind == domain.KindCommune {
				commune = c
				break
			}
		}
		none, _, ok, err := db.TaskFlags(ctx, domain.System, commune.ID, 100000)
		if err != nil || !ok || len(none) == 0 || len(none) > commune.Members/3 {
			t.Fatalf("tasks: %d of %d members without one, %v", len(none), commune.Members, err)
		}
		if v, err := db.VerifyAudit(ctx, domain.System); err != nil || !v.OK {
			t.Fatalf("audit: %+v %v", v, err)
		}
	})
}
