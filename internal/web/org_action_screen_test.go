package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dangvien/internal/domain"
)

func TestOrgActionScreens(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	b := newBrowser(t, e)
	_, home := b.signIn("staff.a", pw)
	csrf := csrfOf(home)
	a1, a2 := id(e.f.CellA1.ID), id(e.f.CellA2.ID)
	if _, page := b.get("/to-chuc/" + a1); !strings.Contains(page, "thao-tac?loai=giai-the") {
		t.Fatal("no actions offered to staff")
	}
	// Rename: the first post asks to confirm and changes nothing.
	form := url.Values{"csrf": {csrf}, "loai": {"doi-ten"}, "name": {"Chi bộ thôn Đồng Bùa Mới"}, "decision_number": {"30-QĐ/ĐU"}, "date": {"01/11/2026"}}
	st, page := b.post("/to-chuc/"+a1+"/thao-tac", form)
	if st != 200 || !strings.Contains(page, "Đổi tên «Chi bộ thôn Đồng Bùa» thành «Chi bộ thôn Đồng Bùa Mới».") {
		t.Fatalf("rename confirmation: %d", st)
	}
	if o, _ := e.db.Org(ctxb, domain.System, e.f.CellA1.ID); o.Name != "Chi bộ thôn Đồng Bùa" {
		t.Fatal("renamed before confirmation")
	}
	form.Set("confirmed", "1")
	if st, _ := b.post("/to-chuc/"+a1+"/thao-tac", form); st != http.StatusSeeOther {
		t.Fatalf("rename: %d", st)
	}
	if _, page := b.get(b.res.Header.Get("Location")); !strings.Contains(page, "Đã thực hiện theo quyết định.") || !strings.Contains(page, "Chi bộ thôn Đồng Bùa Mới") {
		t.Fatal("rename not shown")
	}
	// No decision number: refused with the reason.
	if st, page := b.post("/to-chuc/"+a2+"/thao-tac", url.Values{"csrf": {csrf}, "loai": {"giai-the"}, "date": {"01/11/2026"}}); st != http.StatusUnprocessableEntity || !strings.Contains(page, "Chưa nhập số quyết định.") {
		t.Fatalf("no decision number: %d", st)
	}
	// Dissolving a cell with members is refused with the reason.
	st, page = b.post("/to-chuc/"+a2+"/thao-tac", url.Values{"csrf": {csrf}, "loai": {"giai-the"}, "decision_number": {"31-QĐ/ĐU"}, "date": {"01/11/2026"}, "confirmed": {"1"}})
	if st != http.StatusUnprocessableEntity || !strings.Contains(page, "Không thể giải thể") {
		t.Fatalf("dissolve with members: %d", st)
	}
	// Merge A2 into A1: An moves, A2 is closed and points to A1.
	st, page = b.post("/to-chuc/"+a2+"/thao-tac", url.Values{"csrf": {csrf}, "loai": {"sap-nhap"}, "target": {a1}, "decision_number": {"32-QĐ/ĐU"}, "date": {"01/11/2026"}})
	if st != 200 || !strings.Contains(page, "không thể hoàn tác") {
		t.Fatalf("merge confirmation: %d", st)
	}
	st, _ = b.post("/to-chuc/"+a2+"/thao-tac", url.Values{"csrf": {csrf}, "loai": {"sap-nhap"}, "target": {a1}, "decision_number": {"32-QĐ/ĐU"}, "date": {"01/11/2026"}, "confirmed": {"1"}})
	if st != http.StatusSeeOther || b.res.Header.Get("Location") != "/to-chuc/"+a1+"?da-luu=1" {
		t.Fatalf("merge: %d %s", st, b.res.Header.Get("Location"))
	}
	if m, _ := membersOf(e.db).Member(ctxb, domain.System, e.f.An.ID); m.OrgID != e.f.CellA1.ID {
		t.Fatal("An did not move")
	}
	if _, page := b.get("/to-chuc/" + a2); !strings.Contains(page, "đã sáp nhập từ 01/11/2026") || strings.Contains(page, "loai=giai-the") {
		t.Fatal("the merged cell is not shown as closed")
	}
}
