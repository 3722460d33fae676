package seed

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"dangvien/internal/app/fees"
	"dangvien/internal/app/members"
	"dangvien/internal/app/orgs"
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
		svc := &orgs.Service{DB: db}
		tv, err := svc.Tree(ctx, domain.System, domain.Date{})
		now := tv.Roots
		if err != nil || len(now) != 1 {
			t.Fatalf("tree: %v", err)
		}
		for _, c := range now[0].Children {
			if c.Kind == domain.KindDistrict {
				t.Fatalf("district %s still open", c.Name)
			}
		}
		// Before 1/7/2025 the districts held the communes, and the members add up.
		old, _ := svc.Tree(ctx, domain.System, domain.MustDate("2025-06-30"))
		districts := 0
		for _, c := range old.Roots[0].Children {
			if c.Kind == domain.KindDistrict {
				districts++
			}
		}
		if districts == 0 {
			t.Fatal("no district in the tree as of 30/06/2025")
		}
		c, _ := svc.Counts(ctx, domain.System, sum.Province.ID)
		if c.Active != now[0].Members || c.Active+c.ByStatus["died"]+c.ByStatus["removed"]+c.ByStatus["transferred_out"]+c.ByStatus["expelled"] != sum.Members {
			t.Fatalf("counts %+v vs tree %d, members %d", c, now[0].Members, sum.Members)
		}
		// The whole-table counts of the root agree with the subtree counts of its children.
		sumKids := store.Counts{ByStatus: map[string]int{}, ByGender: map[string]int{}, ByAgeBand: map[string]int{}}
		for _, k := range now[0].Children {
			kc, err := svc.Counts(ctx, domain.System, k.ID)
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
		a, _ := membersOf(db).Member(ctx, domain.System, 1)
		b, _ := membersOf(db2).Member(ctx, domain.System, 1)
		if a.FullName != b.FullName || a.CitizenID != b.CitizenID {
			t.Fatalf("not deterministic: %q vs %q", a.FullName, b.FullName)
		}
	})
}

// membersOf is the member use cases on db.
func membersOf(db *store.DB) *members.Service { return &members.Service{DB: db} }

// The province as written reads right on every date: every name clean, the
// communes and wards open on a day unique, the cells of each organisation
// unique; districts before the merger and the mergers of 1/1/2025 in their
// place; members of the ethnic groups of their place, named as their group
// names its people; each commune and ward in its region of the minimum wage.
func TestProvinceIsARealPlace(t *testing.T) {
	ctx := context.Background()
	db := storetest.SQLite(t)
	sum, err := Province(ctx, db, Options{Members: 3000, Seed: 5, History: true})
	if err != nil {
		t.Fatal(err)
	}
	catalogue := map[string]*commune{}
	highland := map[string]bool{}
	groups := map[string][]weighted{} // the groups of a commune's district: members move between its cells
	for _, d := range districts {
		var all []weighted
		for _, c := range d.communes {
			all = append(all, c.mix...)
		}
		for i := range d.communes {
			catalogue["Đảng bộ "+d.communes[i].name] = &d.communes[i]
			highland["Đảng bộ "+d.communes[i].name] = d.highland
			groups["Đảng bộ "+d.communes[i].name] = all
		}
	}
	trees := map[string][]*store.TreeNode{}
	for _, day := range []string{"2024-12-31", "2025-06-30", ""} {
		var on domain.Date
		if day != "" {
			on = domain.MustDate(day)
		}
		tv, err := (&orgs.Service{DB: db}).Tree(ctx, domain.System, on)
		tree := tv.Roots
		if err != nil || len(tree) != 1 {
			t.Fatalf("tree on %q: %v", day, err)
		}
		trees[day] = tree
		var places []string
		var walk func(n *store.TreeNode)
		walk = func(n *store.TreeNode) {
			var kids []string
			for _, k := range n.Children {
				checkName(t, k.Name, k.Kind.IsCell())
				kids = append(kids, k.Name)
				if k.Kind == domain.KindCommune {
					_, place := kindAndPlace(strings.TrimPrefix(k.Name, "Đảng bộ "))
					places = append(places, place)
				}
				walk(k)
			}
			unique(t, day+" "+n.Name, kids)
		}
		walk(tree[0])
		unique(t, "communes and wards open on "+day, places)
	}
	has := func(day, name string, kind domain.OrgKind) bool {
		found := false
		var walk func(ns []*store.TreeNode)
		walk = func(ns []*store.TreeNode) {
			for _, n := range ns {
				found = found || n.Name == name && n.Kind == kind
				walk(n.Children)
			}
		}
		walk(trees[day])
		return found
	}
	for _, c := range []struct {
		day, name string
		kind      domain.OrgKind
		want      bool
	}{
		{"2024-12-31", "Đảng bộ huyện Mai Châu", domain.KindDistrict, true},
		{"2024-12-31", "Đảng bộ phường Trưng Trắc", domain.KindCommune, true},
		{"2025-06-30", "Đảng bộ phường Trưng Trắc", domain.KindCommune, false},
		{"2025-06-30", "Đảng bộ phường Hai Bà Trưng", domain.KindCommune, true},
		{"2025-06-30", "Đảng bộ xã Hang Kia", domain.KindCommune, true},
		{"", "Đảng bộ xã Hang Kia", domain.KindCommune, false},
		{"", "Đảng bộ xã Pà Cò", domain.KindCommune, true},
		{"", "Đảng bộ phường Phúc Yên", domain.KindCommune, true},
		{"", "Đảng bộ thành phố Phúc Yên", domain.KindDistrict, false},
	} {
		if has(c.day, c.name, c.kind) != c.want {
			t.Errorf("on %q %s open: want %v", c.day, c.name, c.want)
		}
	}
	if sum.Commune.Name != "Đảng bộ xã Hợp Châu" {
		t.Errorf("the demo's commune is %q", sum.Commune.Name)
	}
	life := &fees.Service{DB: db}
	kinh := map[bool][2]int{} // highland → Kinh, all
	for _, c := range trees[""][0].Children {
		cat, ok := catalogue[c.Name]
		if c.Kind != domain.KindCommune {
			continue
		}
		if !ok {
			t.Errorf("%s is not in the places list", c.Name)
			continue
		}
		// The commune's region, and its cells' through it, as the fee screens read it.
		for _, id := range []int64{c.ID, c.Children[0].ID} {
			if v, err := life.Settings(ctx, domain.System, id); err != nil || v.Region != cat.region {
				t.Errorf("%s: region %d, want %d (%v)", c.Name, v.Region, cat.region, err)
			}
		}
		page, err := membersOf(db).List(ctx, domain.System, store.MemberFilter{OrgID: c.ID, Limit: 5000})
		if err != nil || len(page.Items) == 0 {
			t.Fatalf("%s: %d members, %v", c.Name, len(page.Items), err)
		}
		k := kinh[highland[c.Name]]
		for _, m := range page.Items {
			k[1]++
			if m.Ethnicity == "01" {
				k[0]++
			}
			if !listed(groups[c.Name], m.Ethnicity) {
				t.Errorf("%s of %s: ethnic group %s is not of the place", m.FullName, c.Name, m.Ethnicity)
			}
			ns, ok := namesOf[m.Ethnicity]
			if !ok {
				ns = kinhNames
			}
			if !listed(ns.family, strings.Fields(m.FullName)[0]) {
				t.Errorf("%s (group %s) has a family name not of the group", m.FullName, m.Ethnicity)
			}
			if !strings.HasSuffix(m.Address, ", tỉnh Phú Thọ") || !strings.HasSuffix(m.Hometown, ", tỉnh Phú Thọ") {
				t.Errorf("%s lives at %q, comes from %q", m.FullName, m.Address, m.Hometown)
			}
		}
		kinh[highland[c.Name]] = k
	}
	// Kinh in the lowlands; Mường, Thái, Tày, Dao and Mông in the highland communes.
	if lo, hi := kinh[false], kinh[true]; lo[1] == 0 || hi[1] == 0 || lo[0]*100/lo[1] < 85 || hi[0]*100/hi[1] > 25 {
		t.Errorf("Kinh: %d of %d members in the lowlands, %d of %d in the highlands", lo[0], lo[1], hi[0], hi[1])
	}
}

func listed(ws []weighted, v string) bool {
	for _, w := range ws {
		if w.v == v {
			return true
		}
	}
	return false
}
