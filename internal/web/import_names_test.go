package web

import (
	"net/http"
	"strings"
	"testing"

	"dangvien/internal/store/storetest"
)

// The import screen lists every problem of a row with the member's name
// beside its row, and a day that does not exist says so; the API's answer
// carries the name with each problem.
func TestImportNamesEveryProblem(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	b := newBrowser(t, e)
	_, page := b.signIn("secretary.a1", pw)
	file := "Họ và tên,Giới tính,Ngày sinh,Dân tộc,Ngày vào Đảng,Số CCCD\nPhan Thị Mai,Nữ,31/02/1985,Kinh,19/05/2010,12345\n"
	st, page := b.upload("/nhap", csrfOf(page), "X01-CB01", "ds.csv", file)
	for _, want := range []string{"có 2 lỗi, chưa nhập dòng nào",
		"<td>2<br><small>Phan Thị Mai</small></td><td>Ngày sinh</td><td>Ngày không tồn tại: 31/02/1985.</td>",
		"<td>2<br><small>Phan Thị Mai</small></td><td>Số CCCD</td><td>Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số.</td>"} {
		if st != http.StatusUnprocessableEntity || !strings.Contains(page, want) {
			t.Errorf("%d: lacks %s", st, want)
		}
	}
	st, body := e.do("secretary.a1", "POST", "/api/v1/imports?filename=ds.csv&org=X01-CB01", file)
	if st != http.StatusUnprocessableEntity || strings.Count(string(body), `"name":"Phan Thị Mai"`) != 2 {
		t.Errorf("API: %d %s", st, body)
	}
}
