package store_test

import (
	"testing"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// Committee members in charge of cells: who covers which cell and whether
// they came to its meetings.
func TestInCharge(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		staff := Actor(domain.RoleStaff, f.CommuneA)
		sec := Actor(domain.RoleSecretary, f.CellA1)
		// Thảo (of cell A1, on the commune committee) covers cell A2 from March.
		c, err := db.AssignInCharge(ctx, staff, f.CellA2.ID, f.Thao.ID, D("2026-03-01"), "15-QĐ/ĐU")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AssignInCharge(ctx, staff, f.CellA2.ID, f.Thao.ID, D("2026-04-01"), ""); code(err) != domain.CodeConflict {
			t.Fatalf("twice: %v", err)
		}
		if _, err := db.AssignInCharge(ctx, sec, f.CellA2.ID, f.Duc.ID, D("2026-03-01"), ""); code(err) != domain.CodeForbidden {
			t.Fatalf("secretary assigns: %v", err)
		}
		if _, err := db.AssignInCharge(ctx, Actor(domain.RoleStaff, f.CommuneB), f.CellA2.ID, f.Lan.ID, D("2026-03-01"), ""); code(err) != domain.CodeNotFound {
			t.Fatalf("other commune assigns: %v", err)
		}
		a2 := Actor(domain.RoleSecretary, f.CellA2)
		feb, _ := db.CreateMeeting(ctx, a2, f.CellA2.ID, domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: D("2026-02-05"), Minutes: 90})
		oct, _ := db.CreateMeeting(ctx, a2, f.CellA2.ID, domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: D("2026-10-05"), Minutes: 90})
		nov, _ := db.CreateMeeting(ctx, a2, f.CellA2.ID, domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: D("2026-11-05"), Minutes: 90})
		if err := db.MarkInCharge(ctx, a2, feb.ID, f.Thao.ID, true); code(err) != domain.CodeInvalid {
			t.Fatalf("marked before the charge: %v", err)
		}
		if err := db.MarkInCharge(ctx, a2, oct.ID, f.Thao.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkInCharge(ctx, a2, nov.ID, f.Thao.ID, false); err != nil {
			t.Fatal(err)
		}
		at, err := db.InChargeAt(ctx, a2, nov.ID)
		if err != nil || len(at) != 1 || !at[0].Marked || at[0].Attended {
			t.Fatalf("at November: %+v %v", at, err)
		}
		rep, err := db.InChargeOf(ctx, staff, f.CommuneA.ID, D("2025-11-24"), D("2026-11-23"))
		if err != nil || len(rep) != 1 || rep[0].ID != c.ID || rep[0].Held != 2 || rep[0].Attended != 1 || rep[0].Marked != 2 || rep[0].Member != "Nguyễn Thị Hồng Thảo" {
			t.Fatalf("report: %+v %v", rep, err)
		}
		if rep, _ := db.InChargeOf(ctx, Actor(domain.RoleStaff, f.CommuneB), f.CommuneB.ID, D("2025-11-24"), D("2026-11-23")); len(rep) != 0 {
			t.Fatal("another commune sees the charge")
		}
		if err := db.EndInCharge(ctx, staff, c.ID, D("2026-11-10")); err != nil {
			t.Fatal(err)
		}
		if err := db.EndInCharge(ctx, staff, c.ID, D("2026-11-11")); code(err) != domain.CodeConflict {
			t.Fatalf("ended twice: %v", err)
		}
		if v, err := db.VerifyAudit(ctx, domain.System); err != nil || !v.OK {
			t.Fatalf("audit: %+v %v", v, err)
		}
	})
}
