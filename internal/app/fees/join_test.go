package fees_test

import (
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"testing"

	"dangvien/internal/app/fees"
	"dangvien/internal/app/members"
	"dangvien/internal/domain"
	"dangvien/internal/sheet"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

var oct, nov = domain.Month{Year: 2026, Mon: 10}, domain.Month{Year: 2026, Mon: 11}

// onSheet reads a member's line on a cell's sheet for a month, and how many
// sheets hold the member for that month.
func onSheet(t *testing.T, db *store.DB, cellID, memberID int64, m domain.Month) (*store.FeeRow, int) {
	t.Helper()
	v, err := (&fees.Service{DB: db}).Sheet(ctx, domain.System, cellID, m)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.SQL().QueryRow(replaceIf(db, "SELECT count(*) FROM fee_months WHERE member_id = ? AND month = ?"), memberID, m.Key()).Scan(&n); err != nil {
		t.Fatal(err)
	}
	for _, r := range v.Rows {
		if r.MemberID == memberID {
			return &r, n
		}
	}
	return nil, n
}

func replaceIf(db *store.DB, q string) string {
	if db.Dialect != store.Postgres {
		return q
	}
	for i := 1; strings.Contains(q, "?"); i++ {
		q = strings.Replace(q, "?", "$"+string(rune('0'+i)), 1)
	}
	return q
}

// openSheets opens the months' sheets of cells, as their secretaries do.
func openSheets(t *testing.T, db *store.DB, cells []domain.Org, months ...domain.Month) {
	t.Helper()
	for _, c := range cells {
		for _, m := range months {
			if _, err := (&fees.Service{DB: db}).OpenMonth(ctx, domain.System, c.ID, m); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// A member admitted into a cell is put on the cell's collection sheets
// already opened for the months since the ceremony (RULES.md, Party fees:
// collected monthly by the cell), and only on those: the month before the
// ceremony is not theirs, a month not opened yet takes them when it is.
func TestAdmissionJoinsTheOpenSheet(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		ms := &members.Service{DB: db}
		openSheets(t, db, []domain.Org{f.CellA1}, oct, nov)
		fields := domain.MemberFields{FullName: "Vũ Minh Khoa", Gender: domain.Male, BirthDate: D("1998-06-01"), Ethnicity: "01"}
		m, err := ms.Create(ctx, domain.System, f.CellA1.ID, fields, domain.Event{Kind: domain.EventAdmitted, Date: D("2026-11-10"), Decided: D("2026-10-26"), Decision: "45-QĐ/ĐU"})
		if err != nil {
			t.Fatal(err)
		}
		if r, n := onSheet(t, db, f.CellA1.ID, m.ID, nov); r == nil || n != 1 || !r.NoProfile || r.Due != 0 {
			t.Fatalf("November: %+v on %d sheets", r, n)
		}
		if r, n := onSheet(t, db, f.CellA1.ID, m.ID, oct); r != nil || n != 0 {
			t.Fatalf("October, before the ceremony: %+v on %d sheets", r, n)
		}
		// Admitted in October, recorded in November: both months.
		fields = domain.MemberFields{FullName: "Đinh Thị Mai", Gender: domain.Female, BirthDate: D("1999-02-01"), Ethnicity: "01"}
		m2, err := ms.Create(ctx, domain.System, f.CellA1.ID, fields, domain.Event{Kind: domain.EventAdmitted, Date: D("2026-10-20"), Decided: D("2026-10-05")})
		if err != nil {
			t.Fatal(err)
		}
		for _, mo := range []domain.Month{oct, nov} {
			if r, n := onSheet(t, db, f.CellA1.ID, m2.ID, mo); r == nil || n != 1 {
				t.Fatalf("%s: %+v on %d sheets", mo, r, n)
			}
		}
		// A cell that has not opened November: nothing now, the member when it opens.
		m3, err := ms.Create(ctx, domain.System, f.CellB1.ID, domain.MemberFields{FullName: "Sầm Văn Hùng", Gender: domain.Male, BirthDate: D("1990-02-01"), Ethnicity: "01"},
			domain.Event{Kind: domain.EventAdmitted, Date: D("2026-11-02"), Decided: D("2026-10-20")})
		if err != nil {
			t.Fatal(err)
		}
		if _, n := onSheet(t, db, f.CellB1.ID, m3.ID, nov); n != 0 {
			t.Fatal("put on a sheet not opened")
		}
		openSheets(t, db, []domain.Org{f.CellB1}, nov)
		if r, n := onSheet(t, db, f.CellB1.ID, m3.ID, nov); r == nil || n != 1 {
			t.Fatalf("opened after: %+v on %d sheets", r, n)
		}
		var joins int
		if err := db.SQL().QueryRow("SELECT count(*) FROM audit WHERE action = 'fee.join_sheet'").Scan(&joins); err != nil || joins != 3 {
			t.Fatalf("audit rows of the joins: %d %v", joins, err)
		}
	})
}

// A member who moves into a cell, or transfers in, is put on its open
// sheet with the month's due worked out by domain.MonthlyFee from their
// profile; a member already on a sheet for the month (the old cell's) is
// not put on a second one.
func TestMoveAndTransferInJoinTheOpenSheet(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		ms := &members.Service{DB: db}
		fs := &fees.Service{DB: db}
		for id, p := range map[int64]domain.FeeProfile{f.An.ID: {Category: domain.FeeSalaried, Base: 6_000_000}, f.Lan.ID: {Category: domain.FeeRetired, Base: 5_000_000}} {
			if _, err := fs.SetProfile(ctx, domain.System, id, p); err != nil {
				t.Fatal(err)
			}
		}
		// Hòa transferred out in October and back into her cell in
		// November, after its sheet was opened: on it again.
		if _, _, err := ms.AddEvent(ctx, domain.System, f.Hoa.ID, domain.Event{Kind: domain.EventTransferredOut, Date: D("2026-10-01")}); err != nil {
			t.Fatal(err)
		}
		openSheets(t, db, []domain.Org{f.CellA1, f.CellB1}, nov)
		if _, _, err := ms.AddEvent(ctx, domain.System, f.Hoa.ID, domain.Event{Kind: domain.EventTransferredIn, Date: D("2026-11-03")}); err != nil {
			t.Fatal(err)
		}
		if r, n := onSheet(t, db, f.CellB1.ID, f.Hoa.ID, nov); r == nil || n != 1 {
			t.Fatalf("back in: %+v on %d sheets", r, n)
		}
		// An's cell has not opened November; moved to A1, whose sheet is
		// open: on it, 1% of his salary.
		if _, _, err := ms.AddEvent(ctx, domain.System, f.An.ID, domain.Event{Kind: domain.EventMoved, Date: D("2026-11-15"), ToOrgID: f.CellA1.ID}); err != nil {
			t.Fatal(err)
		}
		if r, n := onSheet(t, db, f.CellA1.ID, f.An.ID, nov); r == nil || n != 1 || r.Due != 60_000 || !strings.Contains(r.Basis, "01-QĐ/TW") {
			t.Fatalf("moved in: %+v on %d sheets", r, n)
		}
		// Lan is on B1's sheet; moved to A1 mid-month, not on A1's too.
		if _, _, err := ms.AddEvent(ctx, domain.System, f.Lan.ID, domain.Event{Kind: domain.EventMoved, Date: D("2026-11-05"), ToOrgID: f.CellA1.ID}); err != nil {
			t.Fatal(err)
		}
		if r, n := onSheet(t, db, f.CellA1.ID, f.Lan.ID, nov); r != nil || n != 1 {
			t.Fatalf("moved, already on B1's sheet: %+v on %d sheets", r, n)
		}
		// A record that opens with a transfer in from outside.
		in, err := ms.Create(ctx, domain.System, f.CellA1.ID, domain.MemberFields{FullName: "Lương Văn Tâm", Gender: domain.Male, BirthDate: D("1985-03-01"), Ethnicity: "03",
			AdmissionDate: D("2010-05-19"), OfficialDate: D("2011-05-19")}, domain.Event{Kind: domain.EventTransferredIn, Date: D("2026-11-02"), Decision: "88-GGT/TU"})
		if err != nil {
			t.Fatal(err)
		}
		if r, n := onSheet(t, db, f.CellA1.ID, in.ID, nov); r == nil || n != 1 || !r.NoProfile {
			t.Fatalf("transferred in: %+v on %d sheets", r, n)
		}
		if !in.DecisionCopied || !in.DecisionDate.Equal(in.AdmissionDate) {
			t.Fatalf("a transfer in without the decision's date is marked: %+v", in.MemberFields)
		}
	})
}

// An imported list puts its members on this month's sheets their cells
// have opened, with the due from the fee columns, and on no earlier month.
func TestImportJoinsTheOpenSheet(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		openSheets(t, db, []domain.Org{f.CellA1}, oct, nov)
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Write([]string{"Mã tổ chức", "Họ và tên", "Giới tính", "Ngày sinh", "Dân tộc", "Ngày quyết định kết nạp", "Ngày lễ kết nạp", "Ngày chính thức",
			"Đối tượng đóng đảng phí", "Tiền lương, thu nhập hoặc lương hưu (đồng)"})
		w.Write([]string{"X01-CB01", "Hoàng Văn Dũng", "Nam", "02/09/1980", "Kinh", "28/04/2005", "19/05/2005", "19/05/2006", "Hưởng lương ngân sách, lực lượng vũ trang", "7.000.000"})
		w.Write([]string{"X02-CB01", "Nông Văn Dền", "Nam", "01/01/1970", "Tày", "", "10/10/1995", "10/10/1996", "", ""})
		w.Flush()
		open := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(buf.Bytes())), nil }
		res, err := sheet.Import(ctx, db, domain.System, "ds.csv", open, "", D("2026-11-23"))
		if err != nil || res.Rows != 2 || res.Joined != 1 {
			t.Fatalf("%+v %v", res, err)
		}
		dung := res.FirstID
		if r, n := onSheet(t, db, f.CellA1.ID, dung, nov); r == nil || n != 1 || r.Due != 70_000 || r.NoProfile {
			t.Fatalf("imported into an open sheet: %+v on %d sheets", r, n)
		}
		if _, n := onSheet(t, db, f.CellA1.ID, dung, oct); n != 0 {
			t.Fatal("an import put a member on a month before it")
		}
		if _, n := onSheet(t, db, f.CellB1.ID, dung+1, nov); n != 0 {
			t.Fatal("put on a sheet not opened")
		}
	})
}

// The fee exemption at 50 years of party age counts from the admission
// decision, not the ceremony (RULES.md, Probation and recognition).
func TestFiftyYearsCountFromTheDecision(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		ms := &members.Service{DB: db}
		fs := &fees.Service{DB: db}
		m, err := ms.Create(ctx, domain.System, f.CellB1.ID, domain.MemberFields{FullName: "Bế Văn Thành", Gender: domain.Male, BirthDate: D("1950-02-01"), Ethnicity: "02"},
			domain.Event{Kind: domain.EventAdmitted, Date: D("1976-12-01"), Decided: D("1976-10-15")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fs.SetProfile(ctx, domain.System, m.ID, domain.FeeProfile{Category: domain.FeeRetired, Base: 6_000_000}); err != nil {
			t.Fatal(err)
		}
		openSheets(t, db, []domain.Org{f.CellB1}, nov)
		r, _ := onSheet(t, db, f.CellB1.ID, m.ID, nov)
		if r == nil || r.Due != 0 || !strings.Contains(r.Basis, "Miễn: Tuổi đảng từ 50 năm trở lên") {
			t.Fatalf("50 years from the decision (15/10/1976) in November 2026: %+v", r)
		}
		v, err := fs.Member(ctx, domain.System, m.ID)
		if err != nil || v.Due.Exempt == "" {
			t.Fatalf("the member's page: %+v %v", v.Due, err)
		}
		rec, err := ms.Record(ctx, domain.System, m.ID)
		if err != nil || rec.PartyAge.Years != 50 || rec.PartyAge.Months != 1 {
			t.Fatalf("party age on the record: %+v %v", rec.PartyAge, err)
		}
	})
}
