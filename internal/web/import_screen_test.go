package web

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
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
