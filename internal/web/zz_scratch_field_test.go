package web

import (
	"net/http"
	"strings"
	"testing"

	"dangvien/internal/store"
	"dangvien/internal/store/storetest"
)

func TestScratchYouthUnionDate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		st, _, b, _ := e.send("staff.a", "POST", "/api/v1/members", map[string]any{"org_id": e.f.CellA1.ID, "full_name": "Phạm Ngọc Ánh", "gender": "nu",
			"birth_date": "1992-03-08", "ethnicity": "01", "youth_union_date": "2007-03-26", "event": map[string]any{"kind": "admitted", "date": "2020-03-08"}}, nil)
		m := memberOf(t, b)
		if st != 201 || m.YouthUnionDate.ISO() != "2007-03-26" {
			t.Fatalf("create: %d %s", st, b)
		}
		path := "/api/v1/members/" + id(m.ID)
		_, _, b, _ = e.send("staff.a", "GET", path, nil, nil)
		if !strings.Contains(string(b), `"youth_union_date":"2007-03-26"`) {
			t.Fatalf("GET: %s", b)
		}
		f := m.MemberFields
		f.YouthUnionDate = f.BirthDate.AddYears(16)
		if st, _, b, _ := e.send("staff.a", "PUT", path, f, map[string]string{"If-Match": `"v1"`}); st != 200 || !strings.Contains(string(b), `"youth_union_date":"2008-03-08"`) {
			t.Fatalf("PUT: %d %s", st, b)
		}
		_, _, b, _ = e.send("staff.a", "PUT", path, m.MemberFields, map[string]string{"If-Match": `"v1"`})
		if _, _, fields := errCode(b); fields["youth_union_date"] != "Ngày vào Đoàn: 26/03/2007 → 08/03/2008" {
			t.Fatalf("conflict: %s", b)
		}
		br := newBrowser(t, e)
		br.signIn("staff.a", pw)
		if _, page := br.get("/dang-vien/" + id(m.ID)); !strings.Contains(page, "<dt>Ngày vào Đoàn</dt><dd>08/03/2008</dd>") {
			t.Fatal("record screen")
		}
		form := editForm(t, br, m.ID)
		if form.Get("youth_union_date") != "08/03/2008" {
			t.Fatalf("form %v", form)
		}
		form.Set("youth_union_date", "32/01/2008")
		if st, page := br.post("/dang-vien/"+id(m.ID)+"/sua", form); st != 422 || !strings.Contains(page, "Ngày vào Đoàn phải có dạng dd/mm/yyyy.") {
			t.Fatalf("bad date: %d", st)
		}
		form.Set("youth_union_date", "")
		if st, _ := br.post("/dang-vien/"+id(m.ID)+"/sua", form); st != http.StatusSeeOther {
			t.Fatalf("save: %d", st)
		}
		// The OpenAPI document carries it.
		_, doc := e.do("", "GET", "/api/v1/openapi.json", nil)
		if !strings.Contains(string(doc), `"youth_union_date"`) {
			t.Fatal("openapi")
		}
	})
}
