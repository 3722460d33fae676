package mobility_test

import (
	"testing"

	"dangvien/internal/app/members"
	"dangvien/internal/app/mobility"
	"dangvien/internal/app/orgs"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// copiesRight fails when a copy the reports read (migration 00056) differs
// from what it copies: the cells' paths of a letter, a tie's or a record of
// working away's member's cell, standing and name order, a tie's residence
// cell's path.
func copiesRight(t *testing.T, db *store.DB, step string) {
	t.Helper()
	for what, q := range map[string]string{
		"letters": `SELECT count(*) FROM transfers t LEFT JOIN orgs fo ON fo.id = t.from_org_id LEFT JOIN orgs tg ON tg.id = t.to_org_id
			WHERE t.from_path <> coalesce(fo.path, '') OR t.to_path <> coalesce(tg.path, '')`,
		"ties": `SELECT count(*) FROM residence_ties r JOIN members m ON m.id = r.member_id JOIN orgs o ON o.id = r.residence_org_id
			WHERE r.member_path <> m.org_path OR r.member_status <> m.status OR r.residence_path <> o.path`,
		"working away": `SELECT count(*) FROM away_records a JOIN members m ON m.id = a.member_id
			WHERE a.member_path <> m.org_path OR a.member_status <> m.status OR a.sort_key <> m.sort_key`,
	} {
		if n := Count(t, db, q); n != 0 {
			t.Errorf("after %s: %d %s with a stale copy", step, n, what)
		}
	}
}

// The copies follow every write that moves a member or an organisation, or
// changes a member's standing or name: a transfer issued and confirmed, a
// member renamed, a cell moved, cells merged (the members of one going to
// the other), communes merged into a new one, a collective transfer, a
// member taken off the roll; and the reports read by them say so.
func TestReportCopiesFollowEveryMove(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := &mobility.Service{DB: db}
		os := &orgs.Service{DB: db}
		ms := &members.Service{DB: db}
		if _, err := s.AddTie(ctx, domain.System, f.Duc.ID, domain.TieInput{ResidenceID: f.CellB1.ID, PresentedOn: D("2024-03-01")}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddTie(ctx, domain.System, f.Lan.ID, domain.TieInput{ResidenceID: f.CellA1.ID, PresentedOn: D("2024-03-01")}); err != nil {
			t.Fatal(err)
		}
		away := domain.AwayInput{Place: "Khu công nghiệp VSIP, Bình Dương", Since: D("2026-03-01"), Contact: "0912345678", KeepInTouch: "Gọi điện hằng tháng"}
		if _, err := s.RecordAway(ctx, domain.System, f.Thao.ID, away); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RecordAway(ctx, domain.System, f.Duc.ID, away); err != nil {
			t.Fatal(err)
		}
		copiesRight(t, db, "writing them")

		// Đức's letter from cell A1 to A2: in transit, then arrived.
		tv, err := s.Issue(ctx, staffA(f), f.Duc.ID, domain.TransferInput{ToOrgID: f.CellA2.ID, EffectiveOn: D("2026-10-01"), LetterOn: D("2026-11-02"), Reason: "Chuyển nơi cư trú"})
		if err != nil {
			t.Fatal(err)
		}
		copiesRight(t, db, "a letter issued")
		if _, err := s.ConfirmArrival(ctx, staffA(f), tv.ID, domain.ArrivalInput{CellID: f.CellA2.ID, PresentedOn: D("2026-11-10")}); err != nil {
			t.Fatal(err)
		}
		copiesRight(t, db, "an arrival")
		if n := Count(t, db, "SELECT count(*) FROM residence_ties r JOIN orgs o ON o.path = r.member_path WHERE r.member_id = ? AND o.id = ?", f.Duc.ID, f.CellA2.ID); n != 1 {
			t.Fatalf("Đức's tie is not at cell A2")
		}

		// Thảo renamed: her place in the list of members away, by given name.
		in := member(t, db, f.Thao.ID).MemberFields
		in.FullName = "Nguyễn Thị Hồng Anh" // a given name before Đức's
		if _, err := ms.Update(ctx, domain.System, f.Thao.ID, in, nil); err != nil {
			t.Fatal(err)
		}
		copiesRight(t, db, "a rename")
		rep, err := s.Away(ctx, domain.System, f.Province.ID)
		if err != nil || len(rep.Rows) != 2 || rep.Rows[0].MemberName != in.FullName {
			t.Fatalf("the list of members away in name order: %+v %v", rep.Rows, err)
		}

		// Cell A1 moves to commune B.
		dec := domain.Decision{Date: D("2026-11-15"), Number: "01-QĐ/TU", Reason: "Sắp xếp"}
		if _, err := os.Move(ctx, domain.System, f.CellA1.ID, f.CommuneB.ID, dec); err != nil {
			t.Fatal(err)
		}
		copiesRight(t, db, "a cell moved")
		if rep, err := s.Away(ctx, staffB(f), f.CommuneB.ID); err != nil || rep.Totals.Away != 1 || rep.Rows[0].MemberID != f.Thao.ID {
			t.Fatalf("Thảo, away, in commune B now: %+v %v", rep.Totals, err)
		}

		// Cell A2 merges into cell B1: Đức and An go to B1.
		dec.Number = "02-QĐ/TU"
		if _, err := os.Merge(ctx, domain.System, domain.MergeInput{SourceIDs: []int64{f.CellA2.ID}, IntoID: f.CellB1.ID, Decision: dec}); err != nil {
			t.Fatal(err)
		}
		copiesRight(t, db, "cells merged")

		// The communes merge into a new one.
		dec.Number = "03-QĐ/TU"
		merged, err := os.Merge(ctx, domain.System, domain.MergeInput{SourceIDs: []int64{f.CommuneA.ID, f.CommuneB.ID},
			Into: &domain.OrgInput{Code: "X10", Name: "Đảng bộ xã Hợp Châu mới", Kind: domain.KindCommune, ParentID: f.Province.ID}, Decision: dec})
		if err != nil {
			t.Fatal(err)
		}
		copiesRight(t, db, "communes merged")

		// A collective transfer of the new commune's cells to a commune made for it.
		third, err := os.Create(ctx, domain.System, domain.OrgInput{Code: "X11", Name: "Đảng bộ phường Tích Lương", Kind: domain.KindCommune, ParentID: f.Province.ID,
			ValidFrom: D("2026-11-16")})
		if err != nil {
			t.Fatal(err)
		}
		dec.Number, dec.Date = "04-QĐ/TU", D("2026-11-16")
		if _, err := s.Collective(ctx, domain.System, domain.CollectiveInput{FromID: merged.ID, ToID: third.ID, All: true, Decision: dec}); err != nil {
			t.Fatal(err)
		}
		copiesRight(t, db, "a collective transfer")
		res, err := s.Residence(ctx, Actor(domain.RoleStaff, third), third.ID, 2025)
		if err != nil || res.Totals.Ties != 2 || res.LivingCount != 2 {
			t.Fatalf("both ties in the receiving commune: %+v %v", res, err)
		}

		// Lan leaves the roll: her tie is no report's business.
		if _, _, err := ms.AddEvent(ctx, domain.System, f.Lan.ID, domain.Event{Kind: domain.EventRemoved, Date: D("2026-11-20"), Reason: "Bỏ sinh hoạt", Decision: "9-QĐ/ĐU"}); err != nil {
			t.Fatal(err)
		}
		copiesRight(t, db, "a member taken off the roll")
		if res, err := s.Residence(ctx, domain.System, f.Province.ID, 2025); err != nil || res.Totals.Ties != 1 || res.LivingCount != 1 {
			t.Fatalf("Lan's tie still counted: %+v %v", res.Totals, err)
		}
	})
}
