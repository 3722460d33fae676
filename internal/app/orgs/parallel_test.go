package orgs_test

import (
	"testing"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// parallel runs the calls at once and counts those that succeeded.
func parallel(t *testing.T, fns ...func() error) int {
	t.Helper()
	return Succeeded(t, Parallel(len(fns), func(i int) error { return fns[i]() }))
}

// Restructurings of the same organisation at once: one wins, the others
// read what it left and are refused, so a cell is never merged into two
// successors, nor its members moved into an organisation closed meanwhile.
func TestRestructureUnderParallelRequests(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := service(db)
		dec := func(n string) domain.Decision { return domain.Decision{Date: D("2026-08-01"), Number: n} }
		merge := func(src, into int64, n string) func() error {
			return func() error {
				_, err := s.Merge(ctx, domain.System, domain.MergeInput{SourceIDs: []int64{src}, IntoID: into, Decision: dec(n)})
				return err
			}
		}
		// The same cell merged into two different cells at once.
		if ok := parallel(t, merge(f.CellA2.ID, f.CellA1.ID, "01"), merge(f.CellA2.ID, f.CellB1.ID, "02"),
			merge(f.CellA2.ID, f.CellA1.ID, "03"), merge(f.CellA2.ID, f.CellB1.ID, "04")); ok != 1 {
			t.Fatalf("%d merges of one cell succeeded", ok)
		}
		a2, err := s.Org(ctx, domain.System, f.CellA2.ID)
		if err != nil {
			t.Fatal(err)
		}
		if an := member(t, db, f.An.ID); an.OrgID != a2.SuccessorID {
			t.Fatalf("An went to %d, the cell's successor is %d", an.OrgID, a2.SuccessorID)
		}
		if n := Count(t, db, "SELECT count(*) FROM member_events WHERE member_id = ? AND kind = 'moved'", f.An.ID); n != 1 {
			t.Fatalf("%d moves of An", n)
		}
		// An empty cell dissolved while another merges into it: either the
		// merger lands first (and the dissolution is refused), or the
		// dissolution does (and the merger is refused); never members in a
		// closed cell.
		empty, err := s.Create(ctx, domain.System, domain.OrgInput{Code: "X02-CB09", Name: "Chi bộ tổ dân phố 9", Kind: domain.KindCell, ParentID: f.CommuneB.ID, ValidFrom: D("2020-01-01")})
		if err != nil {
			t.Fatal(err)
		}
		dissolve := func() error {
			_, err := s.Dissolve(ctx, domain.System, empty.ID, dec("05"))
			return err
		}
		if ok := parallel(t, dissolve, merge(f.CellB1.ID, empty.ID, "06"), dissolve); ok != 1 {
			t.Fatalf("%d of a dissolution and a merger into the same cell succeeded", ok)
		}
		if n := Count(t, db, "SELECT count(*) FROM members m JOIN orgs o ON o.id = m.org_id WHERE o.valid_to IS NOT NULL AND m.status IN ('probationary', 'official')"); n != 0 {
			t.Fatalf("%d active members in a closed organisation", n)
		}
	})
}
