package orgs_test

import (
	"slices"
	"testing"

	"dangvien/internal/app/members"
	"dangvien/internal/app/orgs"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// Every picker of organisations lists them in Vietnamese order (DESIGN.md:
// the interface sorts the Vietnamese way): by the whole name's collation,
// a < ă < â, d < đ, not by bytes (where Đ and Ấ come after every letter
// without a mark) nor by a person's name order (by the last word).
func TestOrgPickersInVietnameseOrder(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		o := service(db)
		for i, name := range []string{"Chi bộ thôn Dương Xá", "Chi bộ thôn Ấp Mới", "Chi bộ thôn An Lạc"} {
			if _, err := o.Create(ctx, domain.System, domain.OrgInput{Code: "X01-P" + string(rune('1'+i)), Name: name, Kind: domain.KindCell, ParentID: f.CommuneA.ID, ValidFrom: D("2000-01-01")}); err != nil {
				t.Fatal(err)
			}
		}
		want := []string{"Chi bộ thôn An Lạc", "Chi bộ thôn Ấp Mới", "Chi bộ thôn Dương Xá", "Chi bộ thôn Đồng Bùa", "Chi bộ thôn Hợp Thành"}
		staff := Actor(domain.RoleStaff, f.CommuneA)

		cells, _, err := o.OpenCells(ctx, staff, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		check(t, "cells of the import", names(cells, func(r store.OrgRef) string { return r.Name }), want)

		ev, err := (&members.Service{DB: db}).EventForm(ctx, staff, f.Duc.ID)
		if err != nil {
			t.Fatal(err)
		}
		check(t, "cells a member moves to", names(ev.Cells, func(r store.OrgRef) string { return r.Name }), slices.DeleteFunc(slices.Clone(want), func(s string) bool { return s == f.CellA1.Name }))

		merge, err := o.ActionForm(ctx, staff, f.CellA2.ID, orgs.Merge)
		if err != nil {
			t.Fatal(err)
		}
		check(t, "cells a cell merges into", names(merge.Targets, func(r orgs.Target) string { return r.Name }), slices.DeleteFunc(slices.Clone(want), func(s string) bool { return s == f.CellA2.Name }))
	})
}

func names[T any](xs []T, name func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = name(x)
	}
	return out
}

func check(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}
