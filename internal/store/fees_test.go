package store_test

import (
	"testing"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// Party fees: the month's sheet lists who belonged to the cell with what is
// due; several months are paid at once; a month already paid, a month before
// admission, a member without a profile or no longer on the roll is refused
// with nothing written; arrears and totals read the subtree.
func TestFees(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		sec := Actor(domain.RoleSecretary, f.CellA1)
		staff := Actor(domain.RoleStaff, f.CommuneA)
		if err := db.SetFeeProfile(ctx, sec, f.Thao.ID, domain.FeeProfile{Category: domain.FeeSalaried, Base: 8_450_000}); err != nil {
			t.Fatal(err)
		}
		if err := db.SetFeeProfile(ctx, sec, f.Duc.ID, domain.FeeProfile{Category: domain.FeeOther}); code(err) != domain.CodeInvalid {
			t.Fatalf("profile without a tier: %v", err)
		}
		if err := db.SetFeeProfile(ctx, Actor(domain.RoleSecretary, f.CellB1), f.Thao.ID, domain.FeeProfile{Category: domain.FeeRetired, Base: 1}); code(err) != domain.CodeNotFound {
			t.Fatalf("other cell sets a profile: %v", err)
		}
		sep, oct, nov, dec := domain.Month{Year: 2026, Mon: 9}, domain.Month{Year: 2026, Mon: 10}, domain.Month{Year: 2026, Mon: 11}, domain.Month{Year: 2026, Mon: 12}
		if _, err := db.OpenFeeMonth(ctx, sec, f.CellA1.ID, dec); code(err) != domain.CodeInvalid {
			t.Fatalf("December opened in November: %v", err)
		}
		for _, m := range []domain.Month{sep, oct, nov} {
			if n, err := db.OpenFeeMonth(ctx, sec, f.CellA1.ID, m); err != nil || n != 2 {
				t.Fatalf("open %s: %d %v", m, n, err)
			}
		}
		if n, _ := db.OpenFeeMonth(ctx, sec, f.CellA1.ID, nov); n != 0 {
			t.Fatal("opening twice added rows")
		}
		sheet, err := db.FeeSheet(ctx, sec, f.CellA1.ID, nov)
		if err != nil || len(sheet.Rows) != 2 || sheet.Due != 84_500 {
			t.Fatalf("sheet: %+v %v", sheet, err)
		}
		// Đức (first by name) has no profile: due 0, flagged.
		if !sheet.Rows[0].NoProfile || sheet.Rows[0].Due != 0 || sheet.Rows[1].Due != 84_500 || sheet.Rows[1].Arrears != 2 {
			t.Fatalf("sheet rows: %+v", sheet.Rows)
		}
		// Thảo pays October, November and December in one go.
		if err := db.PayFees(ctx, sec, f.Thao.ID, []domain.Month{oct, nov, dec}, D("2026-11-20")); err != nil {
			t.Fatal(err)
		}
		// November again, with a month that is fine: refused whole.
		err = db.PayFees(ctx, sec, f.Thao.ID, []domain.Month{sep, nov}, D("2026-11-21"))
		if code(err) != domain.CodeInvalid || fields(err)["month_2026-11"] != "Tháng 11/2026 đã nộp ngày 20/11/2026." {
			t.Fatalf("paid twice: %v %v", err, fields(err))
		}
		if err := db.PayFees(ctx, sec, f.Thao.ID, []domain.Month{{Year: 2015, Mon: 4}}, D("2026-11-21")); code(err) != domain.CodeInvalid {
			t.Fatalf("before admission: %v", err)
		}
		if err := db.PayFees(ctx, sec, f.Thao.ID, []domain.Month{sep}, D("2026-11-24")); code(err) != domain.CodeInvalid {
			t.Fatalf("paid tomorrow: %v", err)
		}
		if err := db.PayFees(ctx, sec, f.Duc.ID, []domain.Month{dec}, D("2026-11-21")); code(err) != domain.CodeInvalid || fields(err)["profile"] == "" {
			t.Fatalf("no profile: %v", err)
		}
		hist, err := db.MemberFees(ctx, sec, f.Thao.ID)
		if err != nil || len(hist) != 4 || hist[0].Month != "2026-12" || hist[0].PaidOn == nil || hist[3].PaidOn != nil {
			t.Fatalf("history: %+v %v", hist, err)
		}
		debtors, tot, err := db.Arrears(ctx, staff, f.CommuneA.ID, domain.Month{Year: 2025, Mon: 12}, oct, 1)
		if err != nil || len(debtors) != 1 || debtors[0].MemberID != f.Thao.ID || debtors[0].Months != 1 || debtors[0].Amount != 84_500 || tot.Due != 84_500 {
			t.Fatalf("arrears: %+v %+v %v", debtors, tot, err)
		}
		totals, err := db.FeeTotalsOf(ctx, staff, f.CommuneA.ID, sep, dec)
		if err != nil || totals.Due != 4*84_500 || totals.Paid != 3*84_500 || totals.Members != 7 || totals.MembersPaid != 3 {
			t.Fatalf("totals: %+v %v", totals, err)
		}
		// What the cell sent up to the commune is recorded, and summed by level.
		if _, err := db.RecordRemittance(ctx, sec, f.CellA1.ID, nov, 59_150, D("2026-11-22"), "Nộp 70% tháng 11"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RecordRemittance(ctx, sec, f.CellA1.ID, dec, 1000, D("2026-11-22"), ""); code(err) != domain.CodeInvalid {
			t.Fatalf("December sent up in November: %v", err)
		}
		if _, err := db.RecordRemittance(ctx, sec, f.CommuneA.ID, nov, 1000, D("2026-11-22"), ""); code(err) != domain.CodeNotFound {
			t.Fatalf("a secretary sends the commune's: %v", err)
		}
		if _, err := db.RecordRemittance(ctx, Actor(domain.RoleLeader, f.CommuneA), f.CellA1.ID, nov, 1000, D("2026-11-22"), ""); code(err) != domain.CodeForbidden {
			t.Fatalf("a leader records: %v", err)
		}
		rs, err := db.Remittances(ctx, sec, f.CellA1.ID, sep, dec)
		if err != nil || len(rs) != 1 || rs[0].To != f.CommuneA.Name || rs[0].Amount != 59_150 {
			t.Fatalf("remittances: %+v %v", rs, err)
		}
		by, err := db.RemittedBy(ctx, staff, f.CommuneA.ID, sep, dec)
		if err != nil || by[domain.KindCell] != 59_150 {
			t.Fatalf("remitted by level: %+v %v", by, err)
		}
		// Cell A2 never opened October: flagged; A1 did.
		no, ok, err := db.CellsWithoutSheet(ctx, staff, f.CommuneA.ID, oct, 100)
		if err != nil || !ok || len(no) != 1 || no[0].ID != f.CellA2.ID {
			t.Fatalf("cells without a sheet: %+v %v", no, err)
		}
		// The shares of what was paid, up the chain cell → commune → province.
		shares, err := db.FeeSharesOf(ctx, staff, f.CommuneA.ID, sep, dec)
		if err != nil || len(shares) != 3 || shares[0].Kind != domain.KindCell || shares[0].Kept != 76_050 ||
			shares[1].Kind != domain.KindCommune || shares[1].Received != 177_450 || shares[1].Kept != 88_725 || shares[2].Kept != 88_725 || shares[2].Remitted != 0 {
			t.Fatalf("shares: %+v %v", shares, err)
		}
		if _, _, err := db.Arrears(ctx, Actor(domain.RoleStaff, f.CommuneB), f.CommuneA.ID, sep, dec, 1); code(err) != domain.CodeNotFound {
			t.Fatalf("other commune reads arrears: %v", err)
		}
		// A member removed from the roll pays nothing more.
		if _, _, err := db.AddEvent(ctx, staff, f.Duc.ID, domain.Event{Kind: domain.EventRemoved, Date: D("2026-11-22"), Reason: "Bỏ sinh hoạt", Decision: "9-QĐ/ĐU"}); err != nil {
			t.Fatal(err)
		}
		db.SetFeeProfile(ctx, staff, f.Duc.ID, domain.FeeProfile{Category: domain.FeeOther, Tier: 2})
		if err := db.PayFees(ctx, staff, f.Duc.ID, []domain.Month{nov}, D("2026-11-23")); code(err) != domain.CodeConflict {
			t.Fatalf("removed member pays: %v", err)
		}
		if v, err := db.VerifyAudit(ctx, domain.System); err != nil || !v.OK {
			t.Fatalf("audit: %+v %v", v, err)
		}
	})
}
