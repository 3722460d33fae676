package store_test

import (
	"testing"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// The organisation page's one-pass read agrees with the separate reads: a
// plain list takes its total from the counts, a filtered one counts.
func TestOrgPage(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		staff := Actor(domain.RoleStaff, f.CommuneA)
		for _, filter := range []store.MemberFilter{{Status: "active"}, {Status: "all"}, {Gender: "nu"}, {Q: "duc"}} {
			filter.OrgID, filter.Limit = f.CommuneA.ID, 50
			p, err := db.OrgPage(ctx, staff, f.CommuneA.ID, filter)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := membersOf(db).List(ctx, staff, filter)
			if p.Members.Total != want.Total || len(p.Members.Items) != len(want.Items) || p.Counts.Active != 3 || len(p.Children) != 2 || len(p.Path) != 1 {
				t.Fatalf("%+v: page %d/%d, want %d; counts %d, %d children", filter, p.Members.Total, len(p.Members.Items), want.Total, p.Counts.Active, len(p.Children))
			}
		}
		if _, err := db.OrgPage(ctx, Actor(domain.RoleStaff, f.CommuneB), f.CommuneA.ID, store.MemberFilter{}); code(err) != domain.CodeNotFound {
			t.Fatalf("out of scope: %v", err)
		}
		// Pickers: the open cells of a subtree or a scope, capped.
		cells, more, err := db.OpenCells(ctx, staff, 0, 10)
		if err != nil || more || len(cells) != 2 || cells[0].Code == "" {
			t.Fatalf("scope cells: %+v %v %v", cells, more, err)
		}
		if cells, more, _ := db.OpenCells(ctx, domain.System, f.Province.ID, 2); !more || len(cells) != 2 {
			t.Fatalf("capped: %+v %v", cells, more)
		}
		if _, _, err := db.OpenCells(ctx, staff, f.CommuneB.ID, 10); code(err) != domain.CodeNotFound {
			t.Fatalf("another commune's cells: %v", err)
		}
	})
}
