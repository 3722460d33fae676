package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Edit a field and see it in the audit log, with before and after; the
// administrator verifies the chain from the screen.
func TestAuditScreen(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	b := newBrowser(t, e)
	b.signIn("staff.a", pw)
	form := editForm(t, b, e.f.Thao.ID)
	form.Set("workplace", "Trường Tiểu học Hợp Châu")
	if st, _ := b.post("/dang-vien/"+id(e.f.Thao.ID)+"/sua", form); st != http.StatusSeeOther {
		t.Fatalf("save: %d", st)
	}
	st, page := b.get("/nhat-ky?entity=member&entity_id=" + id(e.f.Thao.ID))
	// Who by the account's name, what changed as "field: old → new" with the
	// record's labels, what it is about by name; never "Đảng viên #1".
	if st != 200 || !strings.Contains(page, `<b title="staff.a">Người dùng staff.a</b> sửa hồ sơ đảng viên <a href="/dang-vien/`+id(e.f.Thao.ID)+`">Nguyễn Thị Hồng Thảo</a>`) ||
		!strings.Contains(page, `<span class="field">Nơi làm việc:</span> <ins>Trường Tiểu học Hợp Châu</ins>`) ||
		!strings.Contains(page, `<b title="system">Hệ thống</b> tạo hồ sơ đảng viên`) || strings.Contains(page, " #"+id(e.f.Thao.ID)+"<") {
		t.Fatalf("audit screen: %d %s", st, page)
	}
	form = editForm(t, b, e.f.Thao.ID)
	form.Set("workplace", "Trạm Y tế xã Hợp Châu")
	if st, _ := b.post("/dang-vien/"+id(e.f.Thao.ID)+"/sua", form); st != http.StatusSeeOther {
		t.Fatalf("second save: %d", st)
	}
	if _, page := b.get("/nhat-ky?entity=member&entity_id=" + id(e.f.Thao.ID)); !strings.Contains(page, `Nơi làm việc:</span> <del>Trường Tiểu học Hợp Châu</del> → <ins>Trạm Y tế xã Hợp Châu</ins>`) {
		t.Fatalf("a second change: %s", page)
	}
	// Sign-ins are not changes: listed under their own filter.
	if _, page := b.get("/nhat-ky"); strings.Contains(page, "</b> đăng nhập") {
		t.Error("sign-ins among the changes")
	}
	if _, page := b.get("/nhat-ky?loai=dang-nhap"); !strings.Contains(page, `<b title="staff.a">Người dùng staff.a</b> đăng nhập`) || strings.Contains(page, "sửa hồ sơ") {
		t.Errorf("the sign-in filter: %s", page)
	}
	// Meetings are named by their cell, and attendance reads in Vietnamese.
	if _, page := b.get("/nhat-ky?entity=meeting"); !strings.Contains(page, "buổi sinh hoạt của Chi bộ thôn Đồng Bùa") || !strings.Contains(page, "ghi buổi sinh hoạt") {
		t.Fatalf("meetings in the audit log: %s", page)
	}
	if strings.Contains(page, "Kiểm tra tính toàn vẹn") {
		t.Error("staff are offered the whole-chain check")
	}
	// Staff of commune A do not see commune B's changes.
	if _, page := b.get("/nhat-ky?entity=member&entity_id=" + id(e.f.Lan.ID)); !strings.Contains(page, "Không có thay đổi nào") {
		t.Error("staff see another commune's audit")
	}
	ab := newBrowser(t, e)
	_, home := ab.signIn("admin", pw)
	st, page = ab.post("/nhat-ky/kiem-tra", url.Values{"csrf": {csrfOf(home)}})
	if st != 200 || !strings.Contains(page, "Nhật ký toàn vẹn") {
		t.Fatalf("verify: %d", st)
	}
	sb := newBrowser(t, e)
	sb.signIn("secretary.a1", pw)
	if st, _ := sb.get("/nhat-ky"); st != http.StatusForbidden {
		t.Fatalf("secretary audit screen: %d", st)
	}
}
