package sheet

import (
	"bytes"
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

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
	p, err := db.Members(ctx, domain.System, store.MemberFilter{Status: "all"})
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
		hits, _ := db.Search(ctx, domain.System, "hang", 5)
		if len(hits) != 1 {
			t.Fatalf("hits %+v", hits)
		}
		m, _ := db.Member(ctx, domain.System, hits[0].ID)
		if m.Status != domain.StatusProbationary || m.Ethnicity != "02" || !m.Army || m.OrgID != f.CellA2.ID || m.Education != "thpt" {
			t.Fatalf("%+v", m)
		}
		hits, _ = db.Search(ctx, domain.System, "den", 5)
		m, _ = db.Member(ctx, domain.System, hits[0].ID)
		if m.OrgID != f.CellB1.ID || m.Status != domain.StatusOfficial || m.Education != "thcs" {
			t.Fatalf("default org / official: %+v", m)
		}
		ev, _ := db.Events(ctx, domain.System, m.ID)
		if len(ev) != 2 || ev[0].Kind != domain.EventAdmitted || ev[1].Kind != domain.EventRecognised {
			t.Fatalf("events %+v", ev)
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
		want := []string{
			"Dòng 3, cột «Ngày sinh»: Ngày không đúng dạng dd/mm/yyyy.",
			"Dòng 4, cột «Số CCCD»: Trùng với dòng 2 trong tệp.",
			"Dòng 5, cột «Số CCCD»: Số CCCD đã có trong hồ sơ đảng viên khác.",
			"Dòng 6, cột «Mã tổ chức»: Không có tổ chức mã X02-CB01 trong phạm vi quản lý.",
			"Dòng 7, cột «Mã tổ chức»: Đảng bộ xã Hợp Châu (X01) không phải là chi bộ.",
			"Dòng 8, cột «Ngày vào Đảng»: Ngày vào Đảng phải khi đã đủ 18 tuổi (Điều 1 Điều lệ Đảng).",
			"Dòng 9, cột «Ngày vào Đảng»: Chưa nhập ngày vào Đảng.",
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
		if !strings.Contains(rows[2][len(Columns)], "Ngày sinh: Ngày không đúng dạng") {
			t.Errorf("row 3 error %q", rows[2][len(Columns)])
		}
	})
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
		if _, err := src.UpdateMember(ctx, domain.System, f.Thao.ID, full); err != nil {
			t.Fatal(err)
		}
		if _, _, err := src.AddEvent(ctx, domain.System, f.Hoa.ID, domain.Event{Kind: domain.EventExempted, Date: storetest.D("2025-01-01")}); err != nil {
			t.Fatal(err)
		}
		for _, format := range []string{"xlsx", "csv"} {
			var buf bytes.Buffer
			n, err := Export(ctx, src, domain.System, f.Province.ID, format, &buf)
			if err != nil || n != 8 {
				t.Fatalf("%s export: %d %v", format, n, err)
			}
			dst := storetest.SQLite(t)
			if src.Dialect == store.Postgres {
				dst = storetest.Postgres(t)
			}
			p, _ := dst.CreateOrg(ctx, domain.System, domain.OrgInput{Code: "T01", Name: "Tỉnh", Kind: domain.KindProvince, ValidFrom: storetest.D("1990-01-01")})
			for _, c := range []string{"X01", "X02"} {
				cm, _ := dst.CreateOrg(ctx, domain.System, domain.OrgInput{Code: c, Name: "Xã " + c, Kind: domain.KindCommune, ParentID: p.ID, ValidFrom: storetest.D("1990-01-01")})
				codes := map[string][]string{"X01": {"X01-CB01", "X01-CB02"}, "X02": {"X02-CB01"}}[c]
				for _, cc := range codes {
					if _, err := dst.CreateOrg(ctx, domain.System, domain.OrgInput{Code: cc, Name: "Chi bộ " + cc, Kind: domain.KindCell, ParentID: cm.ID, ValidFrom: storetest.D("1990-01-01")}); err != nil {
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
		}
	})
}

func dump(t *testing.T, db *store.DB, root int64) []string {
	var out []string
	err := db.ExportMembers(ctx, domain.System, root, func(m domain.Member, code string) error {
		out = append(out, strings.Join(Record(&m, code), "|"))
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
