package seed

import (
	"context"
	"strings"
	"testing"

	"dangvien/internal/app/celllife"
	"dangvien/internal/app/fees"
	"dangvien/internal/app/orgs"
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
		tree, _ := (&orgs.Service{DB: db}).Tree(ctx, domain.System, domain.Date{})
		root := tree.Roots[0].ID
		life, fs := &celllife.Service{DB: db}, &fees.Service{DB: db}
		av, err := life.OrgAttendance(ctx, domain.System, root, today.AddMonths(-12), today, 3)
		if c, n := av.Attendance, av.Meetings; err != nil || n == 0 || c.Rate() < 800 || c.Rate() > 950 {
			t.Fatalf("attendance %d meetings, %+v (%d‰), %v", n, c, c.Rate(), err)
		}
		if len(av.Absentees) == 0 {
			t.Fatal("no one with 3 unexcused absences")
		}
		this := domain.MonthOf(today)
		arr, err := fs.Arrears(ctx, domain.System, root, this.Add(-12), this.Add(-1), 3)
		if err != nil || len(arr.Debtors) == 0 || arr.Owed.Due <= 0 {
			t.Fatalf("arrears: %d %+v %v", len(arr.Debtors), arr.Owed, err)
		}
		tot, err := fs.Totals(ctx, domain.System, root, this.Add(-11), this)
		if err != nil || tot.Members != l.FeeMonths || tot.Paid >= tot.Due || tot.Paid < tot.Due*9/10 {
			t.Fatalf("fee totals %+v for %d fee months: %v", tot, l.FeeMonths, err)
		}
		// Some cell broke a meeting rule; the next meeting is planned.
		var cells []store.CellMeetings
		err = db.Read(ctx, domain.System, func(tx *store.Tx) error {
			o, err := tx.Org(root)
			if err != nil {
				return err
			}
			cells, _, err = tx.SubtreeMeetings(o, today.Year(), 5000)
			return err
		})
		if err != nil {
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
		ic, err := life.InCharge(ctx, domain.System, root, today.AddMonths(-12), today)
		held, came := 0, 0
		for _, c := range ic {
			held, came = held+c.Held, came+c.Attended
		}
		if err != nil || len(ic) == 0 || came == 0 || came >= held {
			t.Fatalf("in charge: %d charges, %d of %d meetings, %v", len(ic), came, held, err)
		}
		// Most members have a task; some have none.
		commune := tree.Roots[0].Children[0]
		for _, c := range tree.Roots[0].Children {
			if c.Kind == domain.KindCommune {
				commune = c
				break
			}
		}
		fl, err := life.TaskFlags(ctx, domain.System, commune.ID)
		none := fl.NoTask
		if err != nil || !fl.Listed || len(none) == 0 || len(none) > commune.Members/3 {
			t.Fatalf("tasks: %d of %d members without one, %v", len(none), commune.Members, err)
		}
		// Each member's fee follows the region of their own commune or ward
		// (II, III, IV), and the amount generated is the one the fee screens
		// work out.
		top := map[string]int64{}
		for _, c := range tree.Roots[0].Children {
			if c.Kind != domain.KindCommune || !strings.Contains("Đảng bộ phường Phúc Yên|Đảng bộ xã Hợp Châu|Đảng bộ xã Pà Cò", c.Name) {
				continue
			}
			page, err := membersOf(db).List(ctx, domain.System, store.MemberFilter{OrgID: c.ID, Limit: 60})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range page.Items {
				v, err := fs.Member(ctx, domain.System, m.ID)
				if err != nil {
					t.Fatal(err)
				}
				if v.Profile == nil || v.Profile.Category != domain.FeeOther || len(v.Months) == 0 || v.Months[0].Month != this.Key() {
					continue
				}
				if v.Months[0].Due != v.Due.Amount {
					t.Errorf("%s of %s: %d đ generated for %s, the screens say %d đ (%s)", m.FullName, c.Name, v.Months[0].Due, this, v.Due.Amount, v.Due.Basis)
				}
				top[c.Name] = max(top[c.Name], v.Due.Amount)
			}
		}
		if ii, iii, iv := top["Đảng bộ phường Phúc Yên"], top["Đảng bộ xã Hợp Châu"], top["Đảng bộ xã Pà Cò"]; !(ii > iii && iii > iv && iv > 0) {
			t.Errorf("fees of members without a salary by region: II %d, III %d, IV %d", ii, iii, iv)
		}
		if v, err := db.VerifyAudit(ctx, domain.System); err != nil || !v.OK {
			t.Fatalf("audit: %+v %v", v, err)
		}
	})
}
