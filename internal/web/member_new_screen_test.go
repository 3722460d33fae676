package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/store/storetest"
)

// One member's record opened from the cell's page with its first event: an
// admission or a transfer in; bad input comes back by field and writes
// nothing; from a commune's page the cell is picked from its open cells, in
// Vietnamese order.
func TestAddOneMember(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		b := newBrowser(t, e)
		_, home := b.signIn("secretary.a1", pw)
		csrf := csrfOf(home)
		cell := "/to-chuc/" + id(e.f.CellA1.ID)
		if _, page := b.get(cell); !strings.Contains(page, `href="`+cell+`/them-dang-vien"`) {
			t.Fatal("the cell's page does not offer to add a member")
		}
		st, page := b.get(cell + "/them-dang-vien")
		if st != 200 || strings.Contains(page, `id="org_id"`) || !strings.Contains(page, `value="transferred_in"`) || !strings.Contains(page, `id="citizen_id"`) {
			t.Fatalf("form: %d", st)
		}
		form := func(kv ...string) url.Values {
			v := url.Values{"csrf": {csrf}, "kind": {"admitted"}, "date": {"19/05/2024"}, "admission_decision_date": {"26/04/2024"}, "decision_number": {"15-QĐ/ĐU"}, "full_name": {"Vũ Thị Ngọc Ánh"},
				"gender": {"nu"}, "birth_date": {"08/03/1992"}, "ethnicity": {"01"}, "citizen_id": {"001192000777"}}
			for i := 0; i < len(kv); i += 2 {
				v.Set(kv[i], kv[i+1])
			}
			return v
		}
		// Bad input: every problem by its field, nothing written.
		before := e.auditRows()
		st, page = b.post(cell+"/them-dang-vien", form("date", "31/02/2024", "full_name", "", "citizen_id", "12345"))
		if st != http.StatusUnprocessableEntity || !strings.Contains(page, "Ngày không tồn tại: 31/02/2024.") {
			t.Fatalf("bad date: %d", st)
		}
		st, page = b.post(cell+"/them-dang-vien", form("full_name", "", "citizen_id", "12345"))
		for _, want := range []string{"Chưa nhập họ và tên.", "Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số.", `value="19/05/2024"`, `aria-invalid="true"`} {
			if st != http.StatusUnprocessableEntity || !strings.Contains(page, want) {
				t.Errorf("bad fields: %d, lacks %s", st, want)
			}
		}
		st, page = b.post(cell+"/them-dang-vien", form("citizen_id", e.f.Duc.CitizenID))
		if st != http.StatusUnprocessableEntity || !strings.Contains(page, "Số CCCD này đã có trong hồ sơ đảng viên khác.") {
			t.Errorf("a citizen ID already taken: %d", st)
		}
		if e.auditRows() != before {
			t.Fatal("a refused form wrote")
		}
		// An admission: probationary from the ceremony's day.
		st, _ = b.post(cell+"/them-dang-vien", form())
		loc := b.res.Header.Get("Location")
		if st != http.StatusSeeOther || !regexp.MustCompile(`^/dang-vien/\d+\?da-tao=1$`).MatchString(loc) {
			t.Fatalf("admission: %d %s", st, loc)
		}
		_, page = b.get(loc)
		if !strings.Contains(page, "Đã tạo hồ sơ đảng viên.") || !strings.Contains(page, "Vũ Thị Ngọc Ánh") || !strings.Contains(page, "Kết nạp vào Đảng</b> · quyết định 15-QĐ/ĐU") {
			t.Errorf("new record's page")
		}
		m := memberNamed(t, e, "Vũ Thị Ngọc Ánh")
		if m.Status != domain.StatusProbationary || m.OrgID != e.f.CellA1.ID || m.AdmissionDate.String() != "19/05/2024" {
			t.Errorf("admitted: %+v", m)
		}
		// A transfer in brings its dates: official.
		st, _ = b.post(cell+"/them-dang-vien", form("kind", "transferred_in", "date", "02/09/2026", "full_name", "Lò Văn Páo", "gender", "nam", "ethnicity", "03",
			"citizen_id", "011085000321", "birth_date", "15/01/1985", "admission_decision_date", "20/01/2010", "admission_date", "03/02/2010", "official_date", "03/02/2011", "reason", "Đảng bộ xã Mường Phăng, tỉnh Điện Biên"))
		if st != http.StatusSeeOther {
			t.Fatalf("transfer in: %d", st)
		}
		if p := memberNamed(t, e, "Lò Văn Páo"); p.Status != domain.StatusOfficial || p.OfficialDate.String() != "03/02/2011" {
			t.Errorf("transferred in: %+v", p)
		}

		// From the commune's page the staff pick the cell, in Vietnamese order.
		sb := newBrowser(t, e)
		_, home = sb.signIn("staff.a", pw)
		commune := "/to-chuc/" + id(e.f.CommuneA.ID) + "/them-dang-vien"
		_, page = sb.get(commune)
		sel := regexp.MustCompile(`(?s)<select id="org_id".*?</select>`).FindString(page)
		if opts := regexp.MustCompile(`<option value="\d+">([^<]*)</option>`).FindAllStringSubmatch(sel, -1); len(opts) != 2 || !strings.HasPrefix(opts[0][1], e.f.CellA1.Name) {
			t.Errorf("cells offered: %v", opts)
		}
		v := form("org_id", id(e.f.CellA2.ID), "full_name", "Hà Văn Bình", "gender", "nam", "citizen_id", "001190000888")
		v.Set("csrf", csrfOf(home))
		if st, _ := sb.post(commune, v); st != http.StatusSeeOther {
			t.Fatalf("from the commune: %d", st)
		}
		if m := memberNamed(t, e, "Hà Văn Bình"); m.OrgID != e.f.CellA2.ID {
			t.Errorf("placed in %d", m.OrgID)
		}
		v.Set("org_id", id(e.f.CellB1.ID))
		v.Set("citizen_id", "001190000999")
		if st, page := sb.post(commune, v); st != http.StatusUnprocessableEntity || !strings.Contains(page, "Chi bộ không có hoặc ngoài phạm vi quản lý.") {
			t.Errorf("a cell of another commune: %d", st)
		}
	})
}

func memberNamed(t *testing.T, e *env, name string) domain.Member {
	t.Helper()
	p, err := membersOf(e.db).List(ctxb, domain.System, store.MemberFilter{Q: name, Status: "all"})
	if err != nil || len(p.Items) != 1 {
		t.Fatalf("member %s: %v %v", name, p.Items, err)
	}
	m, err := membersOf(e.db).Member(ctxb, domain.System, p.Items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// An organisation founded under one in scope, of a kind it may contain:
// the form offers those kinds only (no district since 1/7/2025); a code
// already taken comes back by field; a cell contains nothing.
func TestFoundAnOrganisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		b := newBrowser(t, e)
		_, home := b.signIn("staff.a", pw)
		csrf := csrfOf(home)
		path := "/to-chuc/" + id(e.f.CommuneA.ID) + "/thanh-lap"
		if _, page := b.get("/to-chuc/" + id(e.f.CommuneA.ID)); !strings.Contains(page, `href="`+path+`"`) {
			t.Fatal("the commune's page does not offer to found an organisation")
		}
		_, page := b.get(path)
		kinds := regexp.MustCompile(`<select id="kind"[^>]*>(.*?)</select>`).FindStringSubmatch(page)
		if kinds == nil {
			t.Fatal("no kinds")
		}
		for _, k := range []domain.OrgKind{domain.KindGrassroots, domain.KindPartial, domain.KindGrassrootsCell, domain.KindCell} {
			if !strings.Contains(kinds[1], `value="`+string(k)+`"`) {
				t.Errorf("%s not offered", k)
			}
		}
		for _, k := range []domain.OrgKind{domain.KindProvince, domain.KindDistrict, domain.KindCommune} {
			if strings.Contains(kinds[1], `value="`+string(k)+`"`) {
				t.Errorf("%s offered under a commune", k)
			}
		}
		before := e.auditRows()
		found := url.Values{"csrf": {csrf}, "kind": {"cell"}, "name": {"Chi bộ thôn Yên Thịnh"}, "code": {e.f.CellA1.Code}, "valid_from": {"01/11/2026"}}
		if st, page := b.post(path, found); st != http.StatusUnprocessableEntity || !strings.Contains(page, "Mã "+e.f.CellA1.Code+" đã được dùng.") {
			t.Errorf("a code already taken: %d", st)
		}
		found.Set("code", "X01-CB09")
		found.Set("kind", "province")
		if st, _ := b.post(path, found); st != http.StatusUnprocessableEntity {
			t.Errorf("a province under a commune: %d", st)
		}
		if e.auditRows() != before {
			t.Fatal("a refused form wrote")
		}
		found.Set("kind", "cell")
		st, _ := b.post(path, found)
		loc := b.res.Header.Get("Location")
		if st != http.StatusSeeOther || !strings.HasSuffix(loc, "?da-tao=1") {
			t.Fatalf("found: %d %s", st, loc)
		}
		if _, page := b.get(loc); !strings.Contains(page, "Đã thành lập tổ chức.") || !strings.Contains(page, "Chi bộ thôn Yên Thịnh") || !strings.Contains(page, "mã X01-CB09") {
			t.Errorf("the new organisation's page")
		}
		if st, page := b.get("/to-chuc/" + id(e.f.CellA1.ID) + "/thanh-lap"); st != http.StatusConflict || !strings.Contains(page, "không có tổ chức trực thuộc") {
			t.Errorf("a cell's form: %d", st)
		}
		// The administrator under the province: no district.
		ab := newBrowser(t, e)
		ab.signIn("admin", pw)
		if _, page := ab.get("/to-chuc/" + id(e.f.Province.ID) + "/thanh-lap"); strings.Contains(page, `value="district"`) || !strings.Contains(page, `value="commune"`) {
			t.Errorf("province's kinds")
		}
	})
}
