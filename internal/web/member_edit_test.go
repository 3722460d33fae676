package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// editForm reads the edit form's fields as a browser would submit them.
func editForm(t *testing.T, b *browser, memberID int64) url.Values {
	t.Helper()
	st, page := b.get("/dang-vien/" + id(memberID) + "/sua")
	if st != 200 {
		t.Fatalf("edit form: %d", st)
	}
	return editFormOf(page)
}

// editFormOf reads the fields of an edit form page: inputs, chosen options,
// ticked boxes.
func editFormOf(page string) url.Values {
	v := url.Values{"csrf": {csrfOf(page)}}
	for _, m := range regexpAll(`<input id="([a-z_]+)" name="[a-z_]+" value="([^"]*)"`, page) {
		v.Set(m[1], htmlUnescape(m[2]))
	}
	for _, m := range regexpAll(`<select id="([a-z_]+)"[^>]*>(?:<option[^>]*>[^<]*</option>)*?<option value="([^"]*)" selected>`, page) {
		v.Set(m[1], m[2])
	}
	for _, m := range regexpAll(`<input type="checkbox" id="([a-z_]+)" name="[a-z_]+" value="1" checked>`, page) {
		v.Set(m[1], "1")
	}
	return v
}

func TestMemberEditScreen(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	b := newBrowser(t, e)
	b.signIn("secretary.a1", pw)
	if _, page := b.get("/dang-vien/" + id(e.f.Duc.ID)); !strings.Contains(page, "Sửa hồ sơ") {
		t.Fatal("no edit link for a secretary")
	}
	form := editForm(t, b, e.f.Duc.ID)
	if form.Get("full_name") != "Đặng Văn Đức" || form.Get("birth_date") != "02/09/1975" || form.Get("gender") != "nam" || form.Get("ethnicity") != "01" {
		t.Fatalf("form values %v", form)
	}
	// Bad input: the fields are marked, what was typed stays, nothing is written.
	before := e.auditRows()
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("citizen_id", "123")
	bad.Set("birth_date", "31/02/1975")
	st, page := b.post("/dang-vien/"+id(e.f.Duc.ID)+"/sua", bad)
	if st != http.StatusUnprocessableEntity || !strings.Contains(page, "Ngày sinh phải có dạng dd/mm/yyyy.") || !strings.Contains(page, `value="31/02/1975"`) {
		t.Fatalf("bad date: %d", st)
	}
	bad.Set("birth_date", "02/09/1975")
	st, page = b.post("/dang-vien/"+id(e.f.Duc.ID)+"/sua", bad)
	if st != http.StatusUnprocessableEntity || !strings.Contains(page, "Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số.") || !strings.Contains(page, `aria-invalid="true"`) ||
		!strings.Contains(page, `<a href="#citizen_id">Số CCCD (12 chữ số)</a>: Số định danh`) {
		t.Fatalf("bad citizen id: %d", st)
	}
	if e.auditRows() != before {
		t.Fatal("a refused edit wrote")
	}
	// Without the session's token: refused.
	noCSRF := url.Values{}
	for k, v := range form {
		noCSRF[k] = v
	}
	noCSRF.Del("csrf")
	if st, _ := b.post("/dang-vien/"+id(e.f.Duc.ID)+"/sua", noCSRF); st != http.StatusForbidden {
		t.Fatalf("edit without CSRF: %d", st)
	}
	form.Set("workplace", "Hợp tác xã Nông nghiệp Hợp Châu")
	form.Set("retired", "1")
	if st, _ := b.post("/dang-vien/"+id(e.f.Duc.ID)+"/sua", form); st != http.StatusSeeOther || !strings.Contains(b.res.Header.Get("Location"), "da-luu=1") {
		t.Fatalf("save: %d", st)
	}
	_, page = b.get(b.res.Header.Get("Location"))
	if !strings.Contains(page, "Đã lưu thay đổi hồ sơ.") || !strings.Contains(page, "Hợp tác xã Nông nghiệp Hợp Châu") || !strings.Contains(page, "Nghỉ hưu") {
		t.Fatal("saved values not shown")
	}
	// Staff see the change in the record's history.
	sb := newBrowser(t, e)
	sb.signIn("staff.a", pw)
	if _, page := sb.get("/dang-vien/" + id(e.f.Duc.ID)); !strings.Contains(page, "secretary.a1</b> sửa hồ sơ đảng viên") {
		t.Error("the edit is not in the record's history")
	}
	// A read-only role may not open the form; another cell's member is not found.
	lb := newBrowser(t, e)
	lb.signIn("leader.b", pw)
	if st, _ := lb.get("/dang-vien/" + id(e.f.Lan.ID) + "/sua"); st != http.StatusForbidden {
		t.Fatalf("leader edit form: %d", st)
	}
	if _, page := lb.get("/dang-vien/" + id(e.f.Lan.ID)); strings.Contains(page, "Sửa hồ sơ") {
		t.Error("a leader is offered the edit link")
	}
	if st, _ := b.get("/dang-vien/" + id(e.f.Lan.ID) + "/sua"); st != http.StatusNotFound {
		t.Fatalf("secretary edit form of another cell: %d", st)
	}
}
