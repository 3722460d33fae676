package sheet

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"dangvien/internal/app/fees"
	"dangvien/internal/app/members"
	"dangvien/internal/app/orgs"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/store/storetest"
)

var ctx = context.Background()
var today = storetest.D("2026-11-23")

func opener(b []byte) Opener {
	return func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
}

const goodCSV = "\ufeffMã tổ chức;Họ và tên;Giới tính;Ngày sinh;Dân tộc;Số CCCD;Ngày vào Đảng;Ngày chính thức;Giáo dục phổ thông;Chuyên môn;Quân đội\n" +
	"X01-CB01;Hoàng Văn Dũng;Nam;02/09/1980;Kinh;001080000444;19/05/2005;19/05/2006;Trung học phổ thông;Đại học;\n" +
	"X01-CB02;Vũ Thị Thu Hằng;nữ;15/03/1998;Tày;001198000555;03/02/2025;;thpt;dai_hoc;Có\n" +
	";Nông Văn Dền;Nam;01/01/1970;02;;10/10/1995;10/10/1996;THCS;;\n"

func memberCount(t *testing.T, db *store.DB) int {
	t.Helper()
	p, err := membersOf(db).List(ctx, domain.System, store.MemberFilter{Status: "all"})
	if err != nil {
		t.Fatal(err)
	}
	return p.Total
}

func TestImportGoodFile(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := storetest.Fixture(t, db)
		res, err := Import(ctx, db, domain.System, "ds.csv", opener([]byte(goodCSV)), "X02-CB01", today)
		if err != nil {
			t.Fatal(err)
		}
		if res.Rows != 3 || memberCount(t, db) != 8 {
			t.Fatalf("%+v, members %d", res, memberCount(t, db))
		}
		hits, _ := membersOf(db).Search(ctx, domain.System, "hang", 5)
		if len(hits) != 1 {
			t.Fatalf("hits %+v", hits)
		}
		m, _ := membersOf(db).Member(ctx, domain.System, hits[0].ID)
		if m.Status != domain.StatusProbationary || m.Ethnicity != "02" || !m.Army || m.OrgID != f.CellA2.ID || m.Education != "thpt" {
			t.Fatalf("%+v", m)
		}
		hits, _ = membersOf(db).Search(ctx, domain.System, "den", 5)
		m, _ = membersOf(db).Member(ctx, domain.System, hits[0].ID)
		if m.OrgID != f.CellB1.ID || m.Status != domain.StatusOfficial || m.Education != "thcs" {
			t.Fatalf("default org / official: %+v", m)
		}
		ev, _ := membersOf(db).Events(ctx, domain.System, m.ID)
		if len(ev) != 2 || ev[0].Kind != domain.EventAdmitted || ev[1].Kind != domain.EventRecognised {
			t.Fatalf("events %+v", ev)
		}
		// The file has one admission date, the old heading: read as the
		// ceremony's, the decision's taken to be the same day, marked.
		if !m.DecisionCopied || !m.DecisionDate.Equal(m.AdmissionDate) || m.AdmissionDate.ISO() != "1995-10-10" || ev[0].Decided.IsZero() == false {
			t.Fatalf("one admission date: %+v %+v", m.MemberFields, ev[0])
		}
		if res.Unconfirmed != 3 || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "«Ngày vào Đảng»") || !strings.Contains(res.Notes[0], "của 3 đảng viên") {
			t.Fatalf("notes: %+v", res)
		}
		todo, err := membersOf(db).List(ctx, domain.System, store.MemberFilter{Status: store.StatusUnconfirmed})
		if err != nil || todo.Total != 3 {
			t.Fatalf("records to complete: %d %v", todo.Total, err)
		}
		rows, _ := db.Audit(ctx, domain.System, store.AuditFilter{Action: "member.import"})
		if len(rows) != 1 || !strings.Contains(rows[0].After, `"rows":3`) || !strings.Contains(rows[0].After, `"sha256":"`) {
			t.Fatalf("audit %+v", rows)
		}
		if res, _ := db.VerifyAudit(ctx, domain.System); !res.OK {
			t.Fatalf("chain after import: %+v", res)
		}
	})
}

func TestImportBadFileWritesNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := storetest.Fixture(t, db)
		bad := "Mã tổ chức,Họ và tên,Giới tính,Ngày sinh,Dân tộc,Số CCCD,Số thẻ đảng viên,Ngày vào Đảng\n" +
			"X01-CB01,Hoàng Văn Dũng,Nam,02/09/1980,Kinh,001080000444,,19/05/2005\n" + // row 2 fine
			"X01-CB01,Phan Thị Mai,Nữ,31/02/1985,Kinh,001085000666,,19/05/2010\n" + // row 3 bad date
			"X01-CB01,Lý Văn Tư,Nam,01/01/1980,Kinh,001080000444,,19/05/2005\n" + // row 4 same CCCD as row 2
			"X01-CB01,Đỗ Thị Lệ,Nữ,01/01/1980,Kinh,001190012345,,19/05/2005\n" + // row 5 CCCD of Thảo, in the database
			"X02-CB01,Bùi Văn Nam,Nam,01/01/1980,Kinh,,79000111,19/05/2005\n" + // row 6 card of Đức, in the database; out of scope for staff A
			"X01,Ngô Thị Hạnh,Nữ,01/01/1980,Kinh,,,19/05/2005\n" + // row 7 a commune, not a cell
			"X01-CB01,Dương Văn Khoa,Nam,01/01/2010,Kinh,,,19/05/2020\n" + // row 8 admitted at 10
			"X01-CB01,Trịnh Thị,Nữ,01/01/1980,Mường,12345,,\n" // row 9 CCCD short, no admission date
		staffA := storetest.Actor(domain.RoleStaff, f.CommuneA)
		before := memberCount(t, db)
		_, err := Import(ctx, db, staffA, "loi.csv", opener([]byte(bad)), "", today)
		var ie *domain.ImportError
		if !errors.As(err, &ie) {
			t.Fatalf("want ImportError, got %v", err)
		}
		got := map[string]bool{}
		for _, r := range ie.Rows {
			got[r.String()] = true
		}
		// Every problem of a row, each naming the member: those the file
		// shows and those the database does.
		want := []string{
			"Dòng 3 (Phan Thị Mai), cột «Ngày sinh»: Ngày không tồn tại: 31/02/1985.",
			"Dòng 4 (Lý Văn Tư), cột «Số CCCD»: Trùng với dòng 2 trong tệp.",
			"Dòng 5 (Đỗ Thị Lệ), cột «Số CCCD»: Số CCCD đã có trong hồ sơ đảng viên khác.",
			"Dòng 6 (Bùi Văn Nam), cột «Mã tổ chức»: Không có tổ chức mã X02-CB01 trong phạm vi quản lý.",
			"Dòng 7 (Ngô Thị Hạnh), cột «Mã tổ chức»: Đảng bộ xã Hợp Châu (X01) không phải là chi bộ.",
			"Dòng 8 (Dương Văn Khoa), cột «Ngày lễ kết nạp»: Ngày lễ kết nạp phải khi đã đủ 18 tuổi (Điều 1 Điều lệ Đảng).",
			"Dòng 9 (Trịnh Thị), cột «Số CCCD»: Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số.",
			"Dòng 9 (Trịnh Thị), cột «Ngày lễ kết nạp»: Chưa nhập ngày lễ kết nạp.",
		}
		for _, w := range want {
			if !got[w] {
				t.Errorf("missing %q in\n%v", w, ie.Error())
			}
		}
		if memberCount(t, db) != before {
			t.Fatal("a refused import wrote members")
		}
		// The error copy: the same rows, a «Lỗi» column, a message on each bad row only.
		var buf bytes.Buffer
		if err := WriteErrorCopy("loi.csv", opener([]byte(bad)), ie.Rows, &buf); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows(x.GetSheetList()[0])
		if len(rows) != 9 || rows[0][len(Columns)] != "Lỗi" {
			t.Fatalf("error copy header %q", rows[0])
		}
		if len(rows[1]) > len(Columns) && rows[1][len(Columns)] != "" {
			t.Errorf("row 2 has no error but got %q", rows[1][len(Columns)])
		}
		if !strings.Contains(rows[2][len(Columns)], "Ngày sinh: Ngày không tồn tại: 31/02/1985.") {
			t.Errorf("row 3 error %q", rows[2][len(Columns)])
		}
	})
}

// The template has both admission dates (RULES.md, Probation and
// recognition); a row that leaves the decision's blank takes the
// ceremony's, marked and told; a decision after the ceremony is refused on
// its column; a file with the decision's date only is refused, saying what
// it lacks.
func TestImportAdmissionDates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		storetest.Fixture(t, db)
		head := "Mã tổ chức;Họ và tên;Giới tính;Ngày sinh;Dân tộc;Ngày quyết định kết nạp;Ngày lễ kết nạp*\n"
		good := head + "X01-CB01;Hoàng Văn Dũng;Nam;02/09/1980;Kinh;28/04/2005;19/05/2005\n" +
			"X01-CB01;Nông Văn Dền;Nam;01/01/1970;Tày;;10/10/1995\n"
		res, err := Import(ctx, db, domain.System, "ds.csv", opener([]byte(good)), "", today)
		if err != nil || res.Rows != 2 || res.Unconfirmed != 1 || len(res.Notes) != 1 || !strings.HasPrefix(res.Notes[0], "1 dòng để trống «Ngày quyết định kết nạp»") {
			t.Fatalf("%+v %v", res, err)
		}
		hits, _ := membersOf(db).Search(ctx, domain.System, "dung", 5)
		m, _ := membersOf(db).Member(ctx, domain.System, hits[0].ID)
		ev, _ := membersOf(db).Events(ctx, domain.System, m.ID)
		if m.DecisionDate.ISO() != "2005-04-28" || m.AdmissionDate.ISO() != "2005-05-19" || m.DecisionCopied || ev[0].Decided.ISO() != "2005-04-28" || ev[0].Date.ISO() != "2005-05-19" {
			t.Fatalf("both dates: %+v %+v", m.MemberFields, ev[0])
		}
		bad := head + "X01-CB01;Lò Văn Páo;Nam;01/01/1980;Thái;20/05/2005;19/05/2005\n"
		_, err = Import(ctx, db, domain.System, "ds.csv", opener([]byte(bad)), "", today)
		var ie *domain.ImportError
		if !errors.As(err, &ie) || !strings.Contains(ie.Error(), "Dòng 2 (Lò Văn Páo), cột «Ngày lễ kết nạp»: Ngày lễ kết nạp không được trước ngày quyết định kết nạp (20/05/2005).") {
			t.Fatalf("decision after the ceremony: %v", err)
		}
		only := "Họ và tên;Giới tính;Ngày sinh;Dân tộc;Ngày quyết định kết nạp\nLò Văn Páo;Nam;01/01/1980;Thái;20/05/2005\n"
		_, err = Import(ctx, db, domain.System, "ds.csv", opener([]byte(only)), "X01-CB01", today)
		if !errors.As(err, &ie) || !strings.Contains(ie.Error(), "Tệp chỉ có cột «Ngày quyết định kết nạp»: cần thêm cột «Ngày lễ kết nạp»") {
			t.Fatalf("decision only: %v", err)
		}
	})
}

// The fee columns are read as a member list writes them, and a cell that
// cannot be read or a profile the rules refuse is reported on its column,
// with nothing imported.
func TestImportFeeColumns(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		storetest.Fixture(t, db)
		head := "Mã tổ chức;Họ và tên;Giới tính;Ngày sinh;Dân tộc;Ngày lễ kết nạp;Đối tượng đóng đảng phí;Tiền lương, thu nhập hoặc lương hưu (đồng);Bậc mức cố định (đến 1/2026);Miễn đảng phí\n"
		row := func(name, cat, base, tier, ex string) string {
			return "X01-CB01;" + name + ";Nam;01/01/1970;Kinh;10/10/1995;" + cat + ";" + base + ";" + tier + ";" + ex + "\n"
		}
		before := memberCount(t, db)
		bad := head + row("Lò Văn Một", "Hưu trí sớm", "", "", "") + row("Lò Văn Hai", "nghi huu", "-5", "", "") + row("Lò Văn Ba", "Nghỉ hưu", "5,5 triệu", "", "") +
			row("Lò Văn Bốn", "Khác", "", "", "") + row("Lò Văn Năm", "", "4.000.000", "", "") + row("Lò Văn Sáu", "Khác", "", "7", "Vì nghèo") +
			row("Lò Văn Bảy", "Hưởng lương ngân sách, lực lượng vũ trang", "99999999999999999999", "", "")
		_, err := Import(ctx, db, domain.System, "ds.csv", opener([]byte(bad)), "", today)
		var ie *domain.ImportError
		if !errors.As(err, &ie) {
			t.Fatal(err)
		}
		got := ie.Error()
		for _, want := range []string{
			"Dòng 2 (Lò Văn Một), cột «Đối tượng đóng đảng phí»: Đối tượng «Hưu trí sớm» không có trong danh mục",
			"Dòng 3 (Lò Văn Hai), cột «Tiền lương, thu nhập hoặc lương hưu (đồng)»: Ghi số đồng, ví dụ 5.310.000.",
			"Dòng 4 (Lò Văn Ba), cột «Tiền lương, thu nhập hoặc lương hưu (đồng)»: Ghi số đồng, ví dụ 5.310.000.",
			"Dòng 5 (Lò Văn Bốn), cột «Bậc mức cố định (đến 1/2026)»: Chọn mức vùng từ 1 đến 4.",
			"Dòng 6 (Lò Văn Năm), cột «Đối tượng đóng đảng phí»: Chưa ghi đối tượng đóng đảng phí",
			"Dòng 7 (Lò Văn Sáu), cột «Miễn đảng phí»: Lý do miễn «Vì nghèo» không có trong danh mục",
			"Dòng 8 (Lò Văn Bảy), cột «Tiền lương, thu nhập hoặc lương hưu (đồng)»: Ghi số đồng",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("missing %q in\n%s", want, got)
			}
		}
		if memberCount(t, db) != before {
			t.Fatal("a refused file wrote")
		}
		good := head + row("Lò Văn Tám", "nghi huu", "5 310 000 đ", "", "") + row("Lò Văn Chín", "other", "", "2", "Thuộc hộ nghèo") + row("Lò Văn Mười", "", "", "", "")
		res, err := Import(ctx, db, domain.System, "ds.csv", opener([]byte(good)), "", today)
		if err != nil {
			t.Fatal(err)
		}
		fs := &fees.Service{DB: db}
		for i, want := range []*domain.FeeProfile{{Category: domain.FeeRetired, Base: 5_310_000}, {Category: domain.FeeOther, Tier: 2, Exemption: domain.FeeExemptPoor}, nil} {
			v, err := fs.Member(ctx, domain.System, res.FirstID+int64(i))
			if err != nil || (want == nil) != (v.Profile == nil) || (want != nil && *v.Profile != *want) {
				t.Errorf("row %d: %+v, want %+v (%v)", i+2, v.Profile, want, err)
			}
		}
	})
}

// A row's every problem is reported, not the first: a cell with characters
// no record may hold does not hide the others, nor a date that cannot be
// read the record's rules on the rest; each message names the member, or
// none when the name cell itself is refused; a day in the form of one that
// the calendar has not (31/02, 29/02 of a common year) does not exist.
func TestImportReportsEveryProblemOfARow(t *testing.T) {
	db := storetest.SQLite(t)
	storetest.Fixture(t, db)
	file := "Mã tổ chức,Họ và tên,Giới tính,Ngày sinh,Dân tộc,Số CCCD,Nơi ở hiện nay,Ngày vào Đảng,Ngày chính thức,Trạng thái\n" +
		"X01-CB01,Kim Văn Sơn,Nam,29/02/1981,Kinh,12345,Thôn\u202e Mới,1/13/2005,,Chính thức\n" +
		"X01-CB01,Lò Thị\x00 Ơn,,01/01/1980,Tày lạ,,,19/05/2005,,\n" +
		"X01-CB01,Hà Văn Tú,Nam,01/01/2012,Kinh,,,19/05/2020,19/05/2021,Dự bị\n"
	_, err := Import(ctx, db, domain.System, "ds.csv", opener([]byte(file)), "", today)
	var ie *domain.ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("want ImportError, got %v", err)
	}
	var got []string
	for _, r := range ie.Rows {
		got = append(got, r.String())
	}
	want := []string{
		"Dòng 2 (Kim Văn Sơn), cột «Ngày sinh»: Ngày không tồn tại: 29/02/1981.",
		"Dòng 2 (Kim Văn Sơn), cột «Số CCCD»: Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số.",
		"Dòng 2 (Kim Văn Sơn), cột «Nơi ở hiện nay»: Nơi ở hiện nay chứa ký tự không hợp lệ (ký tự đổi chiều viết U+202E, dùng để đảo thứ tự chữ hiện ra).",
		"Dòng 2 (Kim Văn Sơn), cột «Ngày lễ kết nạp»: Ngày không đúng dạng dd/mm/yyyy.",
		"Dòng 2 (Kim Văn Sơn), cột «Ngày chính thức»: Đảng viên chính thức phải có ngày chính thức.",
		"Dòng 3, cột «Họ và tên»: Họ và tên chứa ký tự không hợp lệ (ký tự NUL (mã 0)).",
		"Dòng 3, cột «Giới tính»: Chưa nhập giới tính.",
		"Dòng 3, cột «Dân tộc»: Không có dân tộc «Tày lạ» trong danh mục 54 dân tộc.",
		"Dòng 4 (Hà Văn Tú), cột «Ngày lễ kết nạp»: Ngày lễ kết nạp phải khi đã đủ 18 tuổi (Điều 1 Điều lệ Đảng).",
		"Dòng 4 (Hà Văn Tú), cột «Trạng thái»: Đảng viên dự bị không có ngày chính thức.",
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(ie.Error(), "Tệp có 10 lỗi") {
		t.Errorf("message %q", ie.Error())
	}
}

func TestImportHeaderProblems(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	_, err := Import(ctx, db, domain.System, "x.csv", opener([]byte("Họ và tên,Cột lạ\nA B,1\n")), "", today)
	var ie *domain.ImportError
	if !errors.As(err, &ie) {
		t.Fatal(err)
	}
	s := ie.Error()
	for _, w := range []string{"cột «Cột lạ»: Tên cột không có trong mẫu", "cột «Ngày sinh»: Thiếu cột bắt buộc", "cột «Giới tính»: Thiếu cột bắt buộc"} {
		if !strings.Contains(s, w) {
			t.Errorf("missing %q in %s", w, s)
		}
	}
	_, err = Import(ctx, db, domain.System, "x.pdf", opener([]byte("%PDF")), "", today)
	if domain.ErrorCode(err) != domain.CodeInvalid {
		t.Errorf("pdf: %v", err)
	}
	_, err = Import(ctx, db, domain.System, "x.xlsx", opener([]byte("not a zip")), "", today)
	if domain.ErrorCode(err) != domain.CodeInvalid {
		t.Errorf("broken xlsx: %v", err)
	}
}

// Export then import into an empty database gives identical records.
func TestExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, src *store.DB) {
		f := storetest.Fixture(t, src)
		if _, err := Import(ctx, src, domain.System, "ds.csv", opener([]byte(goodCSV)), "X02-CB01", today); err != nil {
			t.Fatal(err)
		}
		full := f.Thao.MemberFields
		full.OtherNames, full.Hometown, full.BirthPlace, full.Religion = "Thảo Hồng", "Xã Đạo Trù, tỉnh Phú Thọ", "Bệnh viện Vĩnh Yên", "Phật giáo"
		full.Phone, full.Email, full.Address, full.FileNumber = "0912345678", "thao@example.vn", "Thôn Đồng Bùa, xã Hợp Châu", "HS-0012"
		full.Qualification, full.TheoryLevel, full.ForeignLanguage, full.Occupation = "thac_si", "cao_cap", "Tiếng Anh B1", "Giáo viên"
		full.Workplace, full.PartyPosition, full.GovPosition, full.Retired = "Trường THCS Hợp Châu", "Chi ủy viên", "Phó hiệu trưởng", true
		// Values a spreadsheet would run as formulas (OWASP CSV injection),
		// one that already starts with the protecting quote, and a phone
		// number in international form.
		full.Hometown, full.Occupation, full.Workplace = `=HYPERLINK("http://evil.example","Bấm")`, "-", "@SUM(1+1)"
		full.Religion, full.Phone, full.GovPosition = "+Không", "+84912345678", "'=đã có nháy"
		if _, err := membersOf(src).Update(ctx, domain.System, f.Thao.ID, full, nil); err != nil {
			t.Fatal(err)
		}
		if _, _, err := membersOf(src).AddEvent(ctx, domain.System, f.Hoa.ID, domain.Event{Kind: domain.EventExempted, Date: storetest.D("2025-01-01")}); err != nil {
			t.Fatal(err)
		}
		// The fee columns go out and come back: a category, its base, a
		// tier, an exemption.
		fs := &fees.Service{DB: src}
		for id, p := range map[int64]domain.FeeProfile{
			f.Thao.ID: {Category: domain.FeeRetired, Base: 6_215_000},
			f.Duc.ID:  {Category: domain.FeeOther, Tier: 3, Exemption: domain.FeeExemptNearPoor},
			f.Lan.ID:  {Category: domain.FeeStudent},
		} {
			if _, err := fs.SetProfile(ctx, domain.System, id, p); err != nil {
				t.Fatal(err)
			}
		}
		for _, format := range []string{"xlsx", "csv"} {
			var buf bytes.Buffer
			n, err := Export(ctx, src, domain.System, f.Province.ID, format, stamp, &buf)
			if err != nil || n != 8 {
				t.Fatalf("%s export: %d %v", format, n, err)
			}
			cells := exported(t, format, buf.Bytes())
			for _, want := range []string{`'=HYPERLINK("http://evil.example","Bấm")`, "'-", "'@SUM(1+1)", "'+Không", "'+84912345678", "''=đã có nháy"} {
				if !slices.Contains(cells, want) {
					t.Errorf("%s export lacks the quoted cell %q", format, want)
				}
			}
			for _, c := range cells {
				if c != "" && strings.ContainsRune(formulaStart, rune(c[0])) {
					t.Errorf("%s export has a cell a spreadsheet runs: %q", format, c)
				}
			}
			if last := cells[len(cells)-1]; last != "# Xuất bởi bithu.a1 (Nguyễn Thị Lan) lúc 23/11/2026 14:05" {
				t.Errorf("%s export ends with %q", format, last)
			}
			dst := storetest.SQLite(t)
			if src.Dialect == store.Postgres {
				dst = storetest.Postgres(t)
			}
			p, _ := (&orgs.Service{DB: dst}).Create(ctx, domain.System, domain.OrgInput{Code: "T01", Name: "Tỉnh", Kind: domain.KindProvince, ValidFrom: storetest.D("1990-01-01")})
			for _, c := range []string{"X01", "X02"} {
				cm, _ := (&orgs.Service{DB: dst}).Create(ctx, domain.System, domain.OrgInput{Code: c, Name: "Xã " + c, Kind: domain.KindCommune, ParentID: p.ID, ValidFrom: storetest.D("1990-01-01")})
				codes := map[string][]string{"X01": {"X01-CB01", "X01-CB02"}, "X02": {"X02-CB01"}}[c]
				for _, cc := range codes {
					if _, err := (&orgs.Service{DB: dst}).Create(ctx, domain.System, domain.OrgInput{Code: cc, Name: "Chi bộ " + cc, Kind: domain.KindCell, ParentID: cm.ID, ValidFrom: storetest.D("1990-01-01")}); err != nil {
						t.Fatal(err)
					}
				}
			}
			if _, err := Import(ctx, dst, domain.System, "export."+format, opener(buf.Bytes()), "", today); err != nil {
				t.Fatalf("%s re-import: %v", format, err)
			}
			if a, b := dump(t, src, f.Province.ID), dump(t, dst, p.ID); !slices.Equal(a, b) {
				t.Fatalf("%s round trip differs:\n%s\n---\n%s", format, strings.Join(a, "\n"), strings.Join(b, "\n"))
			}
			for _, want := range []string{"Nghỉ hưu", "6.215.000", "Khác", "3", "Thuộc hộ cận nghèo", "Học sinh, sinh viên"} {
				if !slices.Contains(cells, want) {
					t.Errorf("%s export lacks the fee cell %q", format, want)
				}
			}
		}
	})
}

var stamp = Stamp{Username: "bithu.a1", FullName: "Nguyễn Thị Lan", At: time.Date(2026, 11, 23, 7, 5, 0, 0, time.UTC)}

// exported reads back every cell of an export, in order.
func exported(t *testing.T, format string, b []byte) []string {
	t.Helper()
	var out []string
	switch format {
	case "csv":
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range recs {
			out = append(out, rec...)
		}
	case "xlsx":
		x, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows(x.GetSheetList()[0])
		for _, r := range rows {
			out = append(out, r...)
		}
		p, err := x.GetDocProps()
		if err != nil || p.Creator != "bithu.a1" || p.Description != "Xuất bởi bithu.a1 (Nguyễn Thị Lan) lúc 23/11/2026 14:05" || p.Created != "2026-11-23T07:05:00Z" {
			t.Errorf("document properties %+v %v", p, err)
		}
	}
	return out
}

func dump(t *testing.T, db *store.DB, root int64) []string {
	var out []string
	err := db.ExportMembers(ctx, domain.System, root, func(m domain.Member, code string, fee *domain.FeeProfile) error {
		out = append(out, strings.Join(Record(&m, code, fee), "|"))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestTemplate(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := Template(&buf); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows("Đảng viên")
	if len(rows) < 2 || rows[0][1] != "Họ và tên*" || rows[1][1] != "Nguyễn Thị Hồng Thảo" {
		t.Fatalf("template rows %q", rows)
	}
	if g, _ := x.GetRows("Hướng dẫn"); len(g) < len(Columns) {
		t.Fatal("guide sheet missing")
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(goodCSV))
	f.Add([]byte("Họ và tên;Ngày sinh\n\"a;b\n"))
	f.Add([]byte("\ufeff\n\n,,,\n"))
	f.Add([]byte("Ngày sinh,Dân tộc\n99999,9\n-1,\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rr, err := openRows("f.csv", bytes.NewReader(b))
		if err != nil {
			return
		}
		header, err := rr.Next()
		if err != nil {
			return
		}
		idx, _ := columnIndex(header)
		for n := 2; n < 200; n++ {
			cells, err := rr.Next()
			if err != nil {
				return
			}
			parseRow(n, cells, idx, "X", today)
		}
	})
}

// membersOf is the member use cases on db.
func membersOf(db *store.DB) *members.Service { return &members.Service{DB: db} }

// Issue 8: characters no record may hold are refused per row and cell, in
// CSV and in .xlsx (where _x0000_ writes a NUL), and the error copy still
// opens.
func TestImportRefusesBadCharacters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		storetest.Fixture(t, db)
		head := "Mã tổ chức,Họ và tên,Giới tính,Ngày sinh,Dân tộc,Nơi ở hiện nay,Điện thoại,Ngày vào Đảng\n"
		file := head +
			"X01-CB01,Hoàng Văn\x00 Dũng,Nam,02/09/1980,Kinh,,,19/05/2005\n" +
			"X01-CB01,Phan Thị Mai,Nữ,01/01/1985,Kinh,Thôn Đồng\u202eaùB,,19/05/2010\n" +
			"X01-CB01,Lý Văn Тư,Nam,01/01/1980,Kinh,,,19/05/2005\n" +
			"Х01-CB01,Đỗ Thị Lệ,Nữ,01/01/1980,Kinh,,,19/05/2005\n" +
			"X01-CB01,Bùi Văn Mường,Nam,01/01/1980,Mường,,'0912345678,19/05/2005\n"
		_, err := Import(ctx, db, domain.System, "ds.csv", opener([]byte(file)), "", today)
		var ie *domain.ImportError
		if !errors.As(err, &ie) {
			t.Fatalf("want ImportError, got %v", err)
		}
		want := []string{
			"Dòng 2, cột «Họ và tên»: Họ và tên chứa ký tự không hợp lệ (ký tự NUL (mã 0)).",
			"Dòng 3 (Phan Thị Mai), cột «Nơi ở hiện nay»: Nơi ở hiện nay chứa ký tự không hợp lệ (ký tự đổi chiều viết U+202E, dùng để đảo thứ tự chữ hiện ra).",
			"Dòng 4, cột «Họ và tên»: Họ và tên chứa ký tự không hợp lệ (chữ Kirin «Т» (U+0422) trông giống chữ Latinh).",
			"Dòng 5 (Đỗ Thị Lệ), cột «Mã tổ chức»: Mã tổ chức chứa ký tự không hợp lệ (chữ Kirin «Х» (U+0425) trông giống chữ Latinh).",
		}
		var got []string
		for _, r := range ie.Rows {
			got = append(got, r.String())
		}
		if !slices.Equal(got, want) {
			t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		var buf bytes.Buffer
		if err := WriteErrorCopy("ds.csv", opener([]byte(file)), ie.Rows, &buf); err != nil {
			t.Fatal(err)
		}
		if _, err := excelize.OpenReader(&buf); err != nil {
			t.Fatalf("error copy does not open: %v", err)
		}
		// Row 6 alone imports, its phone typed as text ('0912…) without the quote.
		good := head + file[strings.LastIndex(file[:len(file)-1], "\n")+1:]
		if _, err := Import(ctx, db, domain.System, "ds.csv", opener([]byte(good)), "", today); err != nil {
			t.Fatal(err)
		}
		hits, _ := membersOf(db).Search(ctx, domain.System, "bui van muong", 5)
		if m, _ := membersOf(db).Member(ctx, domain.System, hits[0].ID); m.Phone != "0912345678" {
			t.Errorf("phone %q", m.Phone)
		}
		// In .xlsx, _x0000_ is how OOXML writes a NUL.
		x := excelize.NewFile()
		x.SetSheetRow("Sheet1", "A1", &[]any{"Mã tổ chức", "Họ và tên", "Giới tính", "Ngày sinh", "Dân tộc", "Ngày vào Đảng"})
		x.SetSheetRow("Sheet1", "A2", &[]any{"X01-CB01", "Hà Thị_x0000_ Lan", "Nữ", "01/12/1995", "Kinh", "07/11/2019"})
		var xb bytes.Buffer
		x.Write(&xb)
		_, err = Import(ctx, db, domain.System, "ds.xlsx", opener(xb.Bytes()), "", today)
		if !errors.As(err, &ie) || len(ie.Rows) != 1 || ie.Rows[0].String() != "Dòng 2, cột «Họ và tên»: Họ và tên chứa ký tự không hợp lệ (ký tự NUL (mã 0))." {
			t.Errorf("xlsx with _x0000_: %v", err)
		}
		// A file whose name hides its type behind a right-to-left override.
		_, err = Import(ctx, db, domain.System, "ds\u202eslx.csv", opener([]byte(goodCSV)), "", today)
		if domain.ErrorCode(err) != domain.CodeInvalid || !strings.Contains(err.Error(), "Tên tệp chứa ký tự không hợp lệ (ký tự đổi chiều viết U+202E") {
			t.Errorf("file name with RLO: %v", err)
		}
	})
}
