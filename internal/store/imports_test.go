package store_test

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"dangvien/internal/domain"
	"dangvien/internal/seed"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

// searchSnapshot runs a fixed set of searches as three kinds of actor (the
// full-text index for the province and a commune, the scope read for a
// cell) and lists what each finds, without ids.
func searchSnapshot(t *testing.T, db *store.DB, sum seed.Summary) string {
	t.Helper()
	page, err := db.Members(ctx, domain.System, store.MemberFilter{Limit: 40, Offset: 100})
	if err != nil {
		t.Fatal(err)
	}
	queries := []string{"nguyen", "thi", "nguyen thi", "tran van", "hoang duc", "Thảo", "thao", "dang", "đặng", "025", "0251", "00119", "an", "anh"}
	for i, m := range page.Items {
		w := strings.Fields(m.FullName)
		switch i % 4 {
		case 0:
			queries = append(queries, m.FullName)
		case 1:
			queries = append(queries, w[len(w)-1])
		case 2:
			queries = append(queries, m.CitizenID[:min(9, len(m.CitizenID))])
		case 3:
			queries = append(queries, w[0]+" "+w[len(w)-1])
		}
	}
	cell := page.Items[0]
	cellOrg, err := db.Org(ctx, domain.System, cell.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	commune, err := db.Org(ctx, domain.System, cellOrg.ParentID)
	if err != nil {
		t.Fatal(err)
	}
	actors := []struct {
		name string
		a    domain.Actor
	}{
		{"system", domain.System},
		{"staff " + commune.Code, Actor(domain.RoleStaff, commune)},
		{"secretary " + cellOrg.Code, Actor(domain.RoleSecretary, cellOrg)},
	}
	var b strings.Builder
	for _, ac := range actors {
		for _, q := range queries {
			hits, err := db.Search(ctx, ac.a, q, 20)
			if err != nil {
				t.Fatalf("search %q: %v", q, err)
			}
			fmt.Fprintf(&b, "%s %q: %d\n", ac.name, q, len(hits))
			for _, h := range hits {
				fmt.Fprintf(&b, "  %s|%s|%s|%s|%s\n", h.FullName, h.BirthDate.ISO(), h.CardNumber, h.Status, h.OrgName)
			}
		}
	}
	return b.String()
}

// An import finds in search exactly the members it found before imports
// wrote the full-text rows in one statement after the members (testdata holds
// what the row-by-row trigger gave).
func TestImportSearchUnchanged(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		sum, err := seed.Province(ctx, db, seed.Options{Members: 1500, Seed: 7, Today: domain.DateOf(Today)})
		if err != nil {
			t.Fatal(err)
		}
		got := searchSnapshot(t, db, sum)
		const golden = "testdata/import_search.golden"
		if *update {
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			os.WriteFile(golden+".got", []byte(got), 0o644)
			t.Fatalf("search after an import differs from %s (see %s.got)", golden, golden)
		}
	})
}
