package web

import (
	"net/http"
	"strings"
	"testing"
)

func TestTreeScreen(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	b := newBrowser(t, e)
	b.signIn("admin", pw)
	st, page := b.get("/to-chuc")
	if st != 200 || !strings.Contains(page, "Đảng bộ tỉnh Thái Nguyên") || !strings.Contains(page, "Chi bộ thôn Đồng Bùa") || !strings.Contains(page, "5 đảng viên") {
		t.Fatalf("tree: %d %s", st, page)
	}
	// As of 2020 Trần Văn An (admitted 2026) was not yet a member: 4.
	st, page = b.get("/to-chuc?ngay=01/01/2020")
	if st != 200 || !strings.Contains(page, "Cây tổ chức như ngày 01/01/2020") || !strings.Contains(page, "4 đảng viên") {
		t.Fatalf("tree as of 2020: %d", st)
	}
	if _, page := b.get("/to-chuc?ngay=31/02/2020"); !strings.Contains(page, "Ngày phải có dạng dd/mm/yyyy") {
		t.Error("a bad date is not explained")
	}
	sb := newBrowser(t, e)
	sb.signIn("secretary.a1", pw)
	if _, page := sb.get("/to-chuc"); strings.Contains(page, "Trưng Trắc") || !strings.Contains(page, "Chi bộ thôn Đồng Bùa") {
		t.Error("a secretary's tree shows more than the cell")
	}
}

func TestOrgScreen(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	b := newBrowser(t, e)
	b.signIn("staff.a", pw)
	st, page := b.get("/to-chuc/" + id(e.f.CellA1.ID))
	if st != 200 {
		t.Fatalf("org page: %d", st)
	}
	// Vietnamese order: by given name, Đức before Thảo.
	duc, thao := strings.Index(page, "Đặng Văn Đức"), strings.Index(page, "Nguyễn Thị Hồng Thảo")
	if duc < 0 || thao < 0 || duc > thao {
		t.Fatalf("order: Đức at %d, Thảo at %d", duc, thao)
	}
	if _, page := b.get("/to-chuc/" + id(e.f.CellA1.ID) + "?gender=nu"); strings.Contains(page, "Đặng Văn Đức") || !strings.Contains(page, "Nguyễn Thị Hồng Thảo") {
		t.Error("gender filter")
	}
	if _, page := b.get("/to-chuc/" + id(e.f.CommuneA.ID) + "?q=tran+van"); !strings.Contains(page, "Trần Văn An") || strings.Contains(page, "Đặng Văn Đức") {
		t.Error("name filter over the subtree")
	}
	if st, page := b.get("/to-chuc/" + id(e.f.CellB1.ID)); st != http.StatusNotFound || !strings.Contains(page, "Không tìm thấy") {
		t.Fatalf("out of scope org: %d", st)
	}
}

// A cell secretary opens members of the cell, not of another cell: the page
// refuses like the API does.
func TestMemberScreenScope(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	b := newBrowser(t, e)
	b.signIn("secretary.a1", pw)
	st, page := b.get("/dang-vien/" + id(e.f.Duc.ID))
	for _, w := range []string{"Đặng Văn Đức", "Quá trình sinh hoạt", "Kết nạp vào Đảng", "03/03/2000", "12-QĐ/ĐU", "Trung học phổ thông", "Kinh"} {
		if !strings.Contains(page, w) {
			t.Errorf("member page lacks %q", w)
		}
	}
	if st != 200 {
		t.Fatalf("in scope: %d", st)
	}
	if st, sheet := b.get("/dang-vien/" + id(e.f.Duc.ID) + "/in"); st != 200 || !strings.Contains(sheet, "PHIẾU ĐẢNG VIÊN") || !strings.Contains(sheet, "ĐẢNG BỘ XÃ HỢP CHÂU") ||
		!strings.Contains(sheet, "Đặng Văn Đức") || !strings.Contains(sheet, "ngày 23 tháng 11 năm 2026") {
		t.Fatalf("member sheet: %d", st)
	}
	if strings.Contains(page, "Lịch sử thay đổi hồ sơ") {
		t.Error("a secretary sees the audit of the record")
	}
	if st, _ := b.get("/dang-vien/" + id(e.f.Lan.ID)); st != http.StatusNotFound {
		t.Fatalf("other cell's member page: %d", st)
	}
	if st, _ := e.do("secretary.a1", "GET", "/api/v1/members/"+id(e.f.Lan.ID), nil); st != http.StatusNotFound {
		t.Fatalf("other cell's member over the API: %d", st)
	}
	sb := newBrowser(t, e)
	sb.signIn("staff.a", pw)
	if _, page := sb.get("/dang-vien/" + id(e.f.Duc.ID)); !strings.Contains(page, "Lịch sử thay đổi hồ sơ") || !strings.Contains(page, "tạo hồ sơ đảng viên") {
		t.Error("staff do not see the record's audit")
	}
}

func TestSearchScreen(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	b := newBrowser(t, e)
	b.signIn("staff.a", pw)
	st, page := b.get("/tim-kiem?q=nguyen+thi+hong+thao")
	if st != 200 || !strings.Contains(page, `href="/dang-vien/`+id(e.f.Thao.ID)+`"`) {
		t.Fatalf("search: %d %s", st, page)
	}
	if _, page := b.get("/tim-kiem?q=lan"); !strings.Contains(page, "Không tìm thấy đảng viên nào trong phạm vi của bạn.") {
		t.Error("a member outside the scope was found")
	}
}

// The search box's suggestions: a fragment (no layout) of at most
// suggestLimit names in scope, accent-insensitive; nothing under two letters.
func TestSearchSuggest(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	b := newBrowser(t, e)
	b.signIn("staff.a", pw)
	st, part := b.get("/tim-kiem/goi-y?q=hong+thao")
	if st != 200 || strings.Contains(part, "<html") || !strings.Contains(part, `href="/dang-vien/`+id(e.f.Thao.ID)+`"`) || !strings.Contains(part, "Nguyễn Thị Hồng Thảo") {
		t.Fatalf("suggest: %d %s", st, part)
	}
	if !strings.Contains(part, `href="/tim-kiem?q=hong&#43;thao"`) && !strings.Contains(part, `href="/tim-kiem?q=hong%20thao"`) {
		t.Errorf("no link to every result: %s", part)
	}
	if _, part := b.get("/tim-kiem/goi-y?q=lan"); !strings.Contains(part, "Không thấy ai") || strings.Contains(part, "/dang-vien/") {
		t.Errorf("a member outside the scope was suggested: %s", part)
	}
	if _, part := b.get("/tim-kiem/goi-y?q=t"); strings.TrimSpace(part) != "" {
		t.Errorf("one letter suggested: %q", part)
	}
}

// An address no screen has answers in Vietnamese, signed in or not, with a
// way back: not the server library's English "404 page not found"; and the
// same for a screen asked with a method it does not take.
func TestNoSuchPage(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	out := newBrowser(t, e)
	in := newBrowser(t, e)
	in.signIn("admin", pw)
	for _, b := range []*browser{out, in} {
		for _, p := range []string{"/khong-co-trang-nay", "/search?q=thao", "/dang-vien/abc/xyz"} {
			st, page := b.get(p)
			if st != http.StatusNotFound || !strings.Contains(page, "Không có trang này") || !strings.Contains(page, `href="/"`) || strings.Contains(page, "page not found") {
				t.Errorf("%s: %d %q", p, st, page[:min(len(page), 300)])
			}
		}
	}
	if st, page := in.post("/tim-kiem", nil); st != http.StatusNotFound || !strings.Contains(page, "Không có trang này") {
		t.Errorf("POST to a screen that only shows: %d %q", st, page[:min(len(page), 300)])
	}
	// Signed in, the page keeps the menu.
	if _, page := in.get("/khong-co-trang-nay"); !strings.Contains(page, "Đăng xuất") {
		t.Error("signed in, the page has no menu")
	}
}
