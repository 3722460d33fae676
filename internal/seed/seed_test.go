package seed

import (
	"context"
	"fmt"
	"testing"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/store/storetest"
)

func TestProvinceShapesAndHistory(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sum, err := Province(ctx, db, Options{Members: 3000, Seed: 7, History: true})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Members < 2800 || sum.Members > 3300 || sum.Events == 0 || sum.Merged == 0 {
			t.Fatalf("summary %+v", sum)
		}
		// Today there is no district level: every commune sits under the province.
		now, err := db.Tree(ctx, domain.System, domain.Date{})
		if err != nil || len(now) != 1 {
			t.Fatalf("tree: %v", err)
		}
		for _, c := range now[0].Children {
			if c.Kind == domain.KindDistrict {
				t.Fatalf("district %s still open", c.Name)
			}
		}
		// Before 1/7/2025 the districts held the communes, and the members add up.
		old, _ := db.Tree(ctx, domain.System, domain.MustDate("2025-06-30"))
		districts := 0
		for _, c := range old[0].Children {
			if c.Kind == domain.KindDistrict {
				districts++
			}
		}
		if districts == 0 {
			t.Fatal("no district in the tree as of 30/06/2025")
		}
		c, _ := db.SubtreeCounts(ctx, domain.System, sum.Province.ID)
		if c.Active != now[0].Members || c.Active+c.ByStatus["died"]+c.ByStatus["removed"]+c.ByStatus["transferred_out"]+c.ByStatus["expelled"] != sum.Members {
			t.Fatalf("counts %+v vs tree %d, members %d", c, now[0].Members, sum.Members)
		}
		// The whole-table counts of the root agree with the subtree counts of its children.
		sumKids := store.Counts{ByStatus: map[string]int{}, ByGender: map[string]int{}, ByAgeBand: map[string]int{}}
		for _, k := range now[0].Children {
			kc, err := db.SubtreeCounts(ctx, domain.System, k.ID)
			if err != nil {
				t.Fatal(err)
			}
			sumKids.Active += kc.Active
			sumKids.Exempted += kc.Exempted
			for _, m := range []struct{ from, to map[string]int }{{kc.ByStatus, sumKids.ByStatus}, {kc.ByGender, sumKids.ByGender}, {kc.ByAgeBand, sumKids.ByAgeBand}} {
				for key, v := range m.from {
					m.to[key] += v
				}
			}
		}
		if sumKids.Active != c.Active || sumKids.Exempted != c.Exempted || c.Exempted == 0 || fmt.Sprint(sumKids.ByAgeBand) != fmt.Sprint(c.ByAgeBand) ||
			fmt.Sprint(sumKids.ByGender) != fmt.Sprint(c.ByGender) || sumKids.ByStatus["official"] != c.ByStatus["official"] {
			t.Fatalf("root %+v\nchildren %+v", c, sumKids)
		}
		if res, _ := db.VerifyAudit(ctx, domain.System); !res.OK {
			t.Fatalf("audit %+v", res)
		}
		// Same seed, same first names.
		db2 := storetest.SQLite(t)
		if _, err := Province(ctx, db2, Options{Members: 3000, Seed: 7}); err != nil {
			t.Fatal(err)
		}
		a, _ := db.Member(ctx, domain.System, 1)
		b, _ := db2.Member(ctx, domain.System, 1)
		if a.FullName != b.FullName || a.CitizenID != b.CitizenID {
			t.Fatalf("not deterministic: %q vs %q", a.FullName, b.FullName)
		}
	})
}
