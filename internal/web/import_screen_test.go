package web

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"dangvien/internal/domain"
	"dangvien/internal/store/storetest"
)

func (b *browser) upload(path, csrf, org, name, data string) (int, string) {
	b.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", csrf)
	mw.WriteField("org", org)
	fw, _ := mw.CreateFormFile("file", name)
	io.WriteString(fw, data)
	mw.Close()
	res, err := b.c.Post(b.e.srv.URL+path, mw.FormDataContentType(), &buf)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	b.res = res
	return res.StatusCode, string(body)
}

// Import a file with errors and see them listed, with the error copy; then
// the corrected file goes in.
func TestImportScreen(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	b := newBrowser(t, e)
	_, page := b.signIn("secretary.a1", pw)
	_, page = b.get("/nhap")
	csrf := csrfOf(page)
	if !strings.Contains(page, "X01-CB01") || strings.Contains(page, "X02-CB01") {
		t.Fatal("the cell list is not the secretary's scope")
	}
	bad := "Họ và tên,Giới tính,Ngày sinh,Dân tộc,Ngày vào Đảng,Số CCCD\nHoàng Văn Dũng,Nam,02/09/1980,Kinh,19/05/2005,001080000444\nPhan Thị Mai,Nữ,1985-13-01,Kinh,19/05/2010,\nLý Văn Tư,Nam,01/01/1980,Kinh,19/05/2005,001080000444\n"
	if st, _ := b.upload("/nhap", "", "X01-CB01", "ds.csv", bad); st != http.StatusForbidden {
		t.Fatalf("upload without CSRF: %d", st)
	}
	before := e.auditRows()
	st, page := b.upload("/nhap", csrf, "X01-CB01", "ds.csv", bad)
	if st != http.StatusUnprocessableEntity || !strings.Contains(page, "có 2 lỗi, chưa nhập dòng nào") ||
		!strings.Contains(page, "<td>3<br><small>Phan Thị Mai</small></td><td>Ngày sinh</td><td>Ngày không đúng dạng dd/mm/yyyy.</td>") ||
		!strings.Contains(page, "<td>4<br><small>Lý Văn Tư</small></td><td>Số CCCD</td><td>Trùng với dòng 2 trong tệp.</td>") {
		t.Fatalf("errors not listed: %d\n%s", st, page)
	}
	if e.auditRows() != before {
		t.Fatal("a refused import wrote")
	}
	m := regexp.MustCompile(`download="ds-loi.xlsx" href="data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no error copy to download")
	}
	raw, _ := base64.StdEncoding.DecodeString(htmlUnescape(m[1]))
	x, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows(x.GetSheetList()[0])
	if len(rows) != 4 || !strings.Contains(strings.Join(rows[2], "|"), "Ngày sinh: Ngày không đúng dạng") {
		t.Fatalf("error copy rows %q", rows)
	}
	good := strings.Replace(strings.Replace(bad, "1985-13-01", "01/12/1985", 1), "Tư,Nam,01/01/1980,Kinh,19/05/2005,001080000444", "Tư,Nam,01/01/1980,Kinh,19/05/2005,001080000445", 1)
	if st, page := b.upload("/nhap", csrf, "X01-CB01", "ds.csv", good); st != 200 || !strings.Contains(page, "Đã nhập 3 đảng viên từ tệp ds.csv.") {
		t.Fatalf("good import: %d", st)
	}
	// Export from the organisation page.
	if st, body := b.get("/xuat?org_id=" + id(e.f.CellA1.ID) + "&format=csv"); st != 200 || !strings.Contains(body, "Lý Văn Tư") {
		t.Fatalf("export: %d", st)
	}
	if st, _ := b.get("/xuat?org_id=" + id(e.f.CellB1.ID) + "&format=csv"); st != http.StatusNotFound {
		t.Fatalf("export of another cell: %d", st)
	}
	if st, _ := b.get("/mau-nhap.xlsx"); st != 200 || !strings.Contains(b.res.Header.Get("Content-Disposition"), "mau-nhap-dang-vien.xlsx") {
		t.Fatalf("template: %d", st)
	}
	lb := newBrowser(t, e)
	lb.signIn("leader.b", pw)
	if st, _ := lb.get("/nhap"); st != http.StatusForbidden {
		t.Fatalf("leader import screen: %d", st)
	}
}

// A file wrong on many rows gets an answer of bounded size: the first
// problems listed, their count, and the error copy (every row marked) behind
// a link that only its owner can open. The API answers the same way.
func TestImportAnswerIsBounded(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	s := New(e.db)
	s.ErrorCopyInline = 64 << 10
	e.srv.Config.Handler = s
	var file strings.Builder
	file.WriteString("Họ và tên,Giới tính,Ngày sinh,Dân tộc,Ngày vào Đảng,Nơi làm việc\n")
	const bad = 3000
	for i := range bad {
		fmt.Fprintf(&file, "Lưu Thị Thủy,Nữ,32/01/1990,Kinh,01/01/2015,Hợp tác xã số %d của thôn Đồng Bùa xã Hợp Châu\n", i)
	}
	b := newBrowser(t, e)
	b.signIn("secretary.a1", pw)
	st, page := b.upload("/nhap", b.csrfToken(), "X01-CB01", "ds.csv", file.String())
	if st != http.StatusUnprocessableEntity || !strings.Contains(page, "có 3.000 lỗi, chưa nhập dòng nào") || !strings.Contains(page, "200 lỗi đầu tiên") {
		t.Fatalf("%d\n%s", st, page)
	}
	if n := strings.Count(page, "<td>Ngày sinh</td>"); n != 200 {
		t.Fatalf("%d problems listed", n)
	}
	if len(page) > 200<<10 {
		t.Fatalf("an answer of %d bytes", len(page))
	}
	m := regexp.MustCompile(`download="ds-loi.xlsx" href="(/nhap/loi/[0-9a-f]{32})"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no link to the error copy")
	}
	st, body := b.get(m[1])
	if st != 200 || b.res.Header.Get("Cache-Control") != "no-store" || !strings.Contains(b.res.Header.Get("Content-Disposition"), "ds-loi.xlsx") {
		t.Fatalf("error copy: %d %v", st, b.res.Header)
	}
	x, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows(x.GetSheetList()[0])
	marked := 0
	for _, r := range rows[1:] {
		for _, c := range r {
			if strings.HasPrefix(c, "Ngày sinh: ") {
				marked++
			}
		}
	}
	if len(rows) != bad+1 || marked != bad {
		t.Fatalf("error copy: %d rows, %d marked", len(rows), marked)
	}
	other := newBrowser(t, e)
	other.signIn("staff.a", pw)
	if st, _ := other.get(m[1]); st != http.StatusNotFound {
		t.Fatalf("another account opened the error copy: %d", st)
	}
	// The API: the first problems and their count.
	res, raw := upload(t, e, "staff.a", "?org=X01-CB01", "ds.csv", []byte(file.String()))
	var doc struct {
		Error struct {
			Message   string            `json:"message"`
			Rows      []domain.RowError `json:"rows"`
			RowsTotal int               `json:"rows_total"`
		} `json:"error"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil || res.StatusCode != 422 || len(doc.Error.Rows) != 200 || doc.Error.RowsTotal != bad ||
		doc.Error.Message != "Tệp có 3000 lỗi, không nhập dòng nào." || len(raw) > 64<<10 {
		t.Fatalf("API: %d, %d rows of %d, %d bytes: %v", res.StatusCode, len(doc.Error.Rows), doc.Error.RowsTotal, len(raw), err)
	}
}
