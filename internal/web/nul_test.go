package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dangvien/internal/store"
	"dangvien/internal/store/storetest"
)

// Issue 8: a NUL byte gave 500 on PostgreSQL, which cannot store it. Every
// way in (a JSON field that no rule checks, a query parameter, a form) now
// answers 422 with a message, and nothing is written.
func TestNULRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		before := e.auditRows()
		meeting, thao := id(e.meetingOf(e.f.CellA1.ID)), id(e.f.Thao.ID)
		for _, c := range []struct {
			name, method, path string
			body               any
		}{
			{"member field", "PUT", "/api/v1/members/" + thao, `{"full_name":"Nguyễn Thị Hồng Thảo","gender":"nu","birth_date":"1990-04-12","ethnicity":"01","hometown":"Hợp Châu\u0000"}`},
			{"event reason", "POST", "/api/v1/members/" + thao + "/events", `{"kind":"exempted","date":"2026-01-01","reason":"ốm\u0000"}`},
			{"attendance reason", "PUT", "/api/v1/meetings/" + meeting + "/attendance", `{"marks":[{"member_id":` + thao + `,"status":"excused","reason":"\u0000"}]}`},
			{"remittance note", "POST", "/api/v1/orgs/" + id(e.f.CellA1.ID) + "/remittances", `{"month":"2026-10","amount":1000,"paid_on":"2026-11-01","note":"a\u0000"}`},
			{"search", "GET", "/api/v1/search?q=" + url.QueryEscape("Thảo\x00"), nil},
			{"audit filter", "GET", "/api/v1/audit?actor=%00", nil},
			{"query not UTF-8", "GET", "/api/v1/search?q=%FF%FE", nil},
		} {
			st, b := e.do("admin", c.method, c.path, c.body)
			code, msg, _ := errCode(b)
			if st != 422 || code != "invalid" || !strings.Contains(msg, "NUL") && !strings.Contains(msg, "UTF-8") {
				t.Errorf("%s: %d %s", c.name, st, b)
			}
		}
		// A form: the sign-in page looks the user name up.
		res, err := http.PostForm(e.srv.URL+"/dang-nhap", url.Values{"username": {"admin\x00"}, "password": {"x"}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 422 {
			t.Errorf("sign-in form with NUL: %d", res.StatusCode)
		}
		// A malformed pair does not hide a NUL in the next; a form too big
		// to read before the handlers is refused whole.
		res, err = http.Post(e.srv.URL+"/dang-nhap", "application/x-www-form-urlencoded", strings.NewReader("x=%zz&username=admin%00"))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 422 {
			t.Errorf("malformed form with NUL: %d", res.StatusCode)
		}
		res, err = http.Post(e.srv.URL+"/dang-nhap", "application/x-www-form-urlencoded", strings.NewReader("username=admin&x="+strings.Repeat("a", 1<<20)))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("a 1 MB form: %d", res.StatusCode)
		}
		if n := e.auditRows(); n != before {
			t.Errorf("refused requests wrote %d audit rows", n-before)
		}
	})
}
