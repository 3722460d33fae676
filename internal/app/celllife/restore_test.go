package celllife_test

import (
	"testing"

	"dangvien/internal/app/celllife"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// A charge ended by mistake is given back to the committee member who had
// it: a new charge from a day on or after the end, audited, the ended one
// kept; nothing is written for a charge still running, a day before the
// end, another commune's charge or a role that does not assign.
func TestRestoreInCharge(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		life := &celllife.Service{DB: db}
		staff := Actor(domain.RoleStaff, f.CommuneA)
		c, err := life.AssignInCharge(ctx, staff, f.CellA1.ID, f.Thao.ID, D("2026-01-01"), "1-QĐ/ĐU")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := life.RestoreInCharge(ctx, staff, c.ID, D("2026-11-23")); code(err) != domain.CodeConflict {
			t.Fatalf("a running charge: %v", err)
		}
		if err := life.EndInCharge(ctx, staff, c.ID, D("2026-11-20")); err != nil {
			t.Fatal(err)
		}
		y, err := life.Year(ctx, staff, f.CellA1.ID, 2026)
		if err != nil || len(y.InCharge) != 0 || len(y.Ended) != 1 || y.Ended[0].ID != c.ID || y.Ended[0].To != D("2026-11-20") {
			t.Fatalf("after the end: %+v %+v %v", y.InCharge, y.Ended, err)
		}
		if _, err := life.RestoreInCharge(ctx, staff, c.ID, D("2026-11-19")); fields(err)["from"] == "" {
			t.Fatalf("a day before the end: %v", err)
		}
		if _, err := life.RestoreInCharge(ctx, Actor(domain.RoleStaff, f.CommuneB), c.ID, D("2026-11-23")); code(err) != domain.CodeNotFound {
			t.Fatalf("another commune's staff: %v", err)
		}
		if _, err := life.RestoreInCharge(ctx, Actor(domain.RoleSecretary, f.CellA1), c.ID, D("2026-11-23")); code(err) != domain.CodeForbidden {
			t.Fatalf("the cell's secretary: %v", err)
		}
		again, err := life.RestoreInCharge(ctx, staff, c.ID, D("2026-11-20"))
		if err != nil || again.ID == c.ID || again.MemberID != f.Thao.ID || again.Decision != "1-QĐ/ĐU" || again.From != D("2026-11-20") {
			t.Fatalf("given back: %+v %v", again, err)
		}
		y, _ = life.Year(ctx, staff, f.CellA1.ID, 2026)
		if len(y.InCharge) != 1 || y.InCharge[0].ID != again.ID || len(y.Ended) != 0 {
			t.Fatalf("after giving back: %+v %+v", y.InCharge, y.Ended)
		}
		// Twice is refused: the member is in charge again.
		if _, err := life.RestoreInCharge(ctx, staff, c.ID, D("2026-11-24")); code(err) != domain.CodeConflict {
			t.Fatalf("given back twice: %v", err)
		}
		rows, err := db.Audit(ctx, staff, store.AuditFilter{Action: "in_charge.restore"})
		if err != nil || len(rows) != 1 {
			t.Fatalf("audit: %d %v", len(rows), err)
		}
		if res, _ := db.VerifyAudit(ctx, domain.System); !res.OK {
			t.Fatalf("chain: %+v", res)
		}
	})
}
