package fees_test

import (
	"context"
	"strings"
	"testing"

	"dangvien/internal/app/fees"
	"dangvien/internal/app/members"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

var ctx = context.Background()

func code(err error) domain.Code { return domain.ErrorCode(err) }

func fields(err error) domain.Fields {
	if e, ok := err.(*domain.Error); ok {
		return e.Fields
	}
	return nil
}

// Party fees: the month's sheet lists who belonged to the cell with what is
// due; several months are paid at once; a month already paid, a month before
// admission, a member without a profile or no longer on the roll is refused
// with nothing written; arrears and totals read the subtree.
func TestFees(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		fs := &fees.Service{DB: db}
		sec := Actor(domain.RoleSecretary, f.CellA1)
		staff := Actor(domain.RoleStaff, f.CommuneA)
		if _, err := fs.SetProfile(ctx, sec, f.Thao.ID, domain.FeeProfile{Category: domain.FeeSalaried, Base: 8_450_000}); err != nil {
			t.Fatal(err)
		}
		if _, err := fs.SetProfile(ctx, sec, f.Duc.ID, domain.FeeProfile{Category: domain.FeeOther}); code(err) != domain.CodeInvalid {
			t.Fatalf("profile without a tier: %v", err)
		}
		if _, err := fs.SetProfile(ctx, Actor(domain.RoleSecretary, f.CellB1), f.Thao.ID, domain.FeeProfile{Category: domain.FeeRetired, Base: 1}); code(err) != domain.CodeNotFound {
			t.Fatalf("other cell sets a profile: %v", err)
		}
		sep, oct, nov, dec := domain.Month{Year: 2026, Mon: 9}, domain.Month{Year: 2026, Mon: 10}, domain.Month{Year: 2026, Mon: 11}, domain.Month{Year: 2026, Mon: 12}
		if _, err := fs.OpenMonth(ctx, sec, f.CellA1.ID, dec); code(err) != domain.CodeInvalid {
			t.Fatalf("December opened in November: %v", err)
		}
		for _, m := range []domain.Month{sep, oct, nov} {
			if n, err := fs.OpenMonth(ctx, sec, f.CellA1.ID, m); err != nil || n != 2 {
				t.Fatalf("open %s: %d %v", m, n, err)
			}
		}
		if n, _ := fs.OpenMonth(ctx, sec, f.CellA1.ID, nov); n != 0 {
			t.Fatal("opening twice added rows")
		}
		sheet, err := fs.Sheet(ctx, sec, f.CellA1.ID, nov)
		if err != nil || len(sheet.Rows) != 2 || sheet.Due != 84_500 {
			t.Fatalf("sheet: %+v %v", sheet, err)
		}
		// Đức (first by name) has no profile: due 0, flagged.
		if !sheet.Rows[0].NoProfile || sheet.Rows[0].Due != 0 || sheet.Rows[1].Due != 84_500 || sheet.Rows[1].Arrears != 2 {
			t.Fatalf("sheet rows: %+v", sheet.Rows)
		}
		// Thảo pays October, November and December in one go.
		if err := fs.Pay(ctx, sec, f.Thao.ID, []domain.Month{oct, nov, dec}, D("2026-11-20")); err != nil {
			t.Fatal(err)
		}
		// November again, with a month that is fine: refused whole.
		err = fs.Pay(ctx, sec, f.Thao.ID, []domain.Month{sep, nov}, D("2026-11-21"))
		if code(err) != domain.CodeInvalid || fields(err)["month_2026-11"] != "Tháng 11/2026 đã nộp ngày 20/11/2026." {
			t.Fatalf("paid twice: %v %v", err, fields(err))
		}
		if err := fs.Pay(ctx, sec, f.Thao.ID, []domain.Month{{Year: 2015, Mon: 4}}, D("2026-11-21")); code(err) != domain.CodeInvalid {
			t.Fatalf("before admission: %v", err)
		}
		if err := fs.Pay(ctx, sec, f.Thao.ID, []domain.Month{sep}, D("2026-11-24")); code(err) != domain.CodeInvalid {
			t.Fatalf("paid tomorrow: %v", err)
		}
		if err := fs.Pay(ctx, sec, f.Duc.ID, []domain.Month{dec}, D("2026-11-21")); code(err) != domain.CodeInvalid || fields(err)["profile"] == "" {
			t.Fatalf("no profile: %v", err)
		}
		mv, err := fs.Member(ctx, sec, f.Thao.ID)
		hist := mv.Months
		if err != nil || len(hist) != 4 || hist[0].Month != "2026-12" || hist[0].PaidOn == nil || hist[3].PaidOn != nil {
			t.Fatalf("history: %+v %v", hist, err)
		}
		av, err := fs.Arrears(ctx, staff, f.CommuneA.ID, domain.Month{Year: 2025, Mon: 12}, oct, 1)
		debtors, tot := av.Debtors, av.Owed
		if err != nil || len(debtors) != 1 || debtors[0].MemberID != f.Thao.ID || debtors[0].Months != 1 || debtors[0].Amount != 84_500 || tot.Due != 84_500 {
			t.Fatalf("arrears: %+v %+v %v", debtors, tot, err)
		}
		totals, err := fs.Totals(ctx, staff, f.CommuneA.ID, sep, dec)
		if err != nil || totals.Due != 4*84_500 || totals.Paid != 3*84_500 || totals.Members != 7 || totals.MembersPaid != 3 {
			t.Fatalf("totals: %+v %v", totals, err)
		}
		// What the cell sent up to the commune is recorded, and summed by level.
		if _, err := fs.Remit(ctx, sec, f.CellA1.ID, domain.RemittanceInput{Month: nov, Amount: 59_150, PaidOn: D("2026-11-22"), Note: "Nộp 70% tháng 11"}); err != nil {
			t.Fatal(err)
		}
		if _, err := fs.Remit(ctx, sec, f.CellA1.ID, domain.RemittanceInput{Month: dec, Amount: 1000, PaidOn: D("2026-11-22"), Note: ""}); code(err) != domain.CodeInvalid {
			t.Fatalf("December sent up in November: %v", err)
		}
		if _, err := fs.Remit(ctx, sec, f.CommuneA.ID, domain.RemittanceInput{Month: nov, Amount: 1000, PaidOn: D("2026-11-22"), Note: ""}); code(err) != domain.CodeNotFound {
			t.Fatalf("a secretary sends the commune's: %v", err)
		}
		if _, err := fs.Remit(ctx, Actor(domain.RoleLeader, f.CommuneA), f.CellA1.ID, domain.RemittanceInput{Month: nov, Amount: 1000, PaidOn: D("2026-11-22"), Note: ""}); code(err) != domain.CodeForbidden {
			t.Fatalf("a leader records: %v", err)
		}
		rs, err := fs.Remittances(ctx, sec, f.CellA1.ID, sep, dec)
		if err != nil || len(rs) != 1 || rs[0].To != f.CommuneA.Name || rs[0].Amount != 59_150 {
			t.Fatalf("remittances: %+v %v", rs, err)
		}
		var by map[domain.OrgKind]int64
		var no []store.OrgRef
		var ok bool
		err = db.Read(ctx, staff, func(tx *store.Tx) error {
			o, err := tx.Org(f.CommuneA.ID)
			if err != nil {
				return err
			}
			if by, err = tx.RemittedBy(o, sep, dec); err != nil {
				return err
			}
			no, ok, err = tx.CellsWithoutSheet(o, oct, 100)
			return err
		})
		if err != nil || by[domain.KindCell] != 59_150 {
			t.Fatalf("remitted by level: %+v %v", by, err)
		}
		// Cell A2 never opened October: flagged; A1 did.
		if err != nil || !ok || len(no) != 1 || no[0].ID != f.CellA2.ID {
			t.Fatalf("cells without a sheet: %+v %v", no, err)
		}
		// The shares of what was paid, up the chain cell → commune → province.
		shares, err := fs.Shares(ctx, staff, f.CommuneA.ID, sep, dec)
		if err != nil || len(shares) != 3 || shares[0].Kind != domain.KindCell || shares[0].Kept != 76_050 ||
			shares[1].Kind != domain.KindCommune || shares[1].Received != 177_450 || shares[1].Kept != 159_705 || shares[2].Kept != 8_873 || shares[2].Remitted != 8_872 {
			t.Fatalf("shares: %+v %v", shares, err)
		}
		if _, err := fs.Arrears(ctx, Actor(domain.RoleStaff, f.CommuneB), f.CommuneA.ID, sep, dec, 1); code(err) != domain.CodeNotFound {
			t.Fatalf("other commune reads arrears: %v", err)
		}
		// A member removed from the roll pays nothing more.
		if _, _, err := membersOf(db).AddEvent(ctx, staff, f.Duc.ID, domain.Event{Kind: domain.EventRemoved, Date: D("2026-11-22"), Reason: "Bỏ sinh hoạt", Decision: "9-QĐ/ĐU"}); err != nil {
			t.Fatal(err)
		}
		fs.SetProfile(ctx, staff, f.Duc.ID, domain.FeeProfile{Category: domain.FeeOther, Tier: 2})
		if err := fs.Pay(ctx, staff, f.Duc.ID, []domain.Month{nov}, D("2026-11-23")); code(err) != domain.CodeConflict {
			t.Fatalf("removed member pays: %v", err)
		}
		if v, err := db.VerifyAudit(ctx, domain.System); err != nil || !v.OK {
			t.Fatalf("audit: %+v %v", v, err)
		}
	})
}

// Fees across the change of regulation (RULES.md, Party fees): a month's due
// is fixed by the regulation in force that month; "other" members pay a
// fixed tier until 01/2026 and a share of their commune's regional minimum
// wage from 02/2026; exemptions and reductions apply from 02/2026; a payment
// can be reversed once, with a reason; a cell keeps its own share.
func TestFeesAcrossRegulations(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		fs := &fees.Service{DB: db}
		sec := Actor(domain.RoleSecretary, f.CellA1)
		staff := Actor(domain.RoleStaff, f.CommuneA)
		jan, feb, mar := domain.Month{Year: 2026, Mon: 1}, domain.Month{Year: 2026, Mon: 2}, domain.Month{Year: 2026, Mon: 3}
		// Đức: other, tier 2; Thảo: salaried.
		if _, err := fs.SetProfile(ctx, sec, f.Duc.ID, domain.FeeProfile{Category: domain.FeeOther, Tier: 2}); err != nil {
			t.Fatal(err)
		}
		if _, err := fs.SetProfile(ctx, sec, f.Thao.ID, domain.FeeProfile{Category: domain.FeeSalaried, Base: 9_000_000}); err != nil {
			t.Fatal(err)
		}
		// Without a region, February's "other" fee cannot be worked out: 0, with the reason.
		if _, err := fs.OpenMonth(ctx, sec, f.CellA1.ID, feb); err != nil {
			t.Fatal(err)
		}
		sheet, _ := fs.Sheet(ctx, sec, f.CellA1.ID, feb)
		if sheet.Rows[0].Due != 0 || !strings.Contains(sheet.Rows[0].Basis, "lương tối thiểu vùng") {
			t.Fatalf("no region: %+v", sheet.Rows[0])
		}
		// The commune is in region II from 2024: March and January.
		if err := fs.SetRegion(ctx, sec, f.CommuneA.ID, 2, D("2024-01-01")); code(err) != domain.CodeNotFound {
			t.Fatalf("a secretary sets the commune's region: %v", err)
		}
		if err := fs.SetRegion(ctx, staff, f.CommuneA.ID, 2, D("2024-01-01")); err != nil {
			t.Fatal(err)
		}
		for _, m := range []domain.Month{jan, mar} {
			if _, err := fs.OpenMonth(ctx, sec, f.CellA1.ID, m); err != nil {
				t.Fatal(err)
			}
		}
		js, _ := fs.Sheet(ctx, sec, f.CellA1.ID, jan)
		ms, _ := fs.Sheet(ctx, sec, f.CellA1.ID, mar)
		if js.Rows[0].Due != 8_000 || !strings.Contains(js.Rows[0].Basis, "03-HD/VPTW") || ms.Rows[0].Due != 14_190 || !strings.Contains(ms.Rows[0].Basis, "01-QĐ/TW") {
			t.Fatalf("January %+v, March %+v", js.Rows[0], ms.Rows[0])
		}
		if js.Rows[1].Due != 90_000 || ms.Rows[1].Due != 90_000 {
			t.Fatalf("salaried: %d, %d", js.Rows[1].Due, ms.Rows[1].Due)
		}
		// A reduction of 50% for Thảo from April to June, by decision; 40% is refused.
		if _, err := fs.AddReduction(ctx, sec, f.Thao.ID, domain.FeeReduction{Pct: 40, From: domain.Month{Year: 2026, Mon: 4}, To: domain.Month{Year: 2026, Mon: 6}, Decision: "3-QĐ/CB"}); code(err) != domain.CodeInvalid {
			t.Fatalf("40%%: %v", err)
		}
		if _, err := fs.AddReduction(ctx, sec, f.Thao.ID, domain.FeeReduction{Pct: 50, From: domain.Month{Year: 2026, Mon: 4}, To: domain.Month{Year: 2026, Mon: 6}, Decision: "3-QĐ/CB", Reason: "Ốm dài ngày"}); err != nil {
			t.Fatal(err)
		}
		if _, err := fs.OpenMonth(ctx, sec, f.CellA1.ID, domain.Month{Year: 2026, Mon: 5}); err != nil {
			t.Fatal(err)
		}
		if may, _ := fs.Sheet(ctx, sec, f.CellA1.ID, domain.Month{Year: 2026, Mon: 5}); may.Rows[1].Due != 45_000 {
			t.Fatalf("reduced: %+v", may.Rows[1])
		}
		// A payment reversed once, with a reason; a second reversal is refused.
		if err := fs.Pay(ctx, sec, f.Thao.ID, []domain.Month{mar}, D("2026-03-20")); err != nil {
			t.Fatal(err)
		}
		if err := fs.Reverse(ctx, sec, f.Thao.ID, mar, ""); code(err) != domain.CodeInvalid {
			t.Fatalf("no reason: %v", err)
		}
		if err := fs.Reverse(ctx, Actor(domain.RoleSecretary, f.CellB1), f.Thao.ID, mar, "Ghi nhầm"); code(err) != domain.CodeNotFound {
			t.Fatalf("another cell reverses: %v", err)
		}
		if err := fs.Reverse(ctx, sec, f.Thao.ID, mar, "Ghi nhầm người nộp"); err != nil {
			t.Fatal(err)
		}
		if err := fs.Reverse(ctx, sec, f.Thao.ID, mar, "Ghi nhầm người nộp"); code(err) != domain.CodeConflict {
			t.Fatalf("reversed twice: %v", err)
		}
		if ms, _ := fs.Sheet(ctx, sec, f.CellA1.ID, mar); ms.Paid != 0 || ms.Rows[1].PaidOn != nil {
			t.Fatalf("after reversal: %+v", ms)
		}
		// The cell keeps 40% of what it collects; 60% is refused.
		if err := fs.SetCellKeepPct(ctx, staff, f.CellA1.ID, 60); code(err) != domain.CodeInvalid {
			t.Fatalf("60%%: %v", err)
		}
		if err := fs.SetCellKeepPct(ctx, staff, f.CellA1.ID, 40); err != nil {
			t.Fatal(err)
		}
		if s, _ := fs.Sheet(ctx, sec, f.CellA1.ID, mar); s.KeepPct != 40 {
			t.Fatalf("keep: %d", s.KeepPct)
		}
		// A new wage dated before the one in force is refused; an admin adds one.
		if _, err := fs.AddMinWage(ctx, domain.System, domain.MinWage{Region: 2, Amount: 4_000_000, ValidFrom: D("2025-06-01"), Source: "thử"}); code(err) != domain.CodeInvalid {
			t.Fatalf("wage dated back: %v", err)
		}
		if _, err := fs.AddMinWage(ctx, staff, domain.MinWage{Region: 2, Amount: 5_100_000, ValidFrom: D("2027-01-01"), Source: "Nghị định mới"}); code(err) != domain.CodeForbidden {
			t.Fatalf("staff adds a wage: %v", err)
		}
		if v, err := db.VerifyAudit(ctx, domain.System); err != nil || !v.OK {
			t.Fatalf("audit: %+v %v", v, err)
		}
	})
}

// membersOf is the member use cases on db.
func membersOf(db *store.DB) *members.Service { return &members.Service{DB: db} }
