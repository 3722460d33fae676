package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dangvien/internal/domain"
)

func TestEventScreen(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	b := newBrowser(t, e)
	b.signIn("secretary.a1", pw)
	path := "/dang-vien/" + id(e.f.Duc.ID) + "/su-kien"
	st, page := b.get(path)
	if st != 200 || !strings.Contains(page, "Kỷ luật") || !strings.Contains(page, `value="23/11/2026"`) {
		t.Fatalf("event form: %d", st)
	}
	csrf := csrfOf(page)
	// A discipline is recorded at once and shows in the timeline.
	st, _ = b.post(path, url.Values{"csrf": {csrf}, "kind": {"disciplined"}, "discipline": {"reprimand"}, "date": {"01/11/2026"}, "decision_number": {"07-QĐ/ĐU"}, "reason": {"Vi phạm quy định sinh hoạt"}})
	if st != http.StatusSeeOther {
		t.Fatalf("discipline: %d", st)
	}
	_, page = b.get("/dang-vien/" + id(e.f.Duc.ID) + "?da-ghi=1")
	if !strings.Contains(page, "Đã ghi sự kiện.") || !strings.Contains(page, "Kỷ luật</b> (Khiển trách) · quyết định 07-QĐ/ĐU") {
		t.Fatalf("timeline lacks the discipline")
	}
	// A removal asks first; nothing changes until it is confirmed.
	removal := url.Values{"csrf": {csrf}, "kind": {"removed"}, "date": {"10/11/2026"}, "decision_number": {"09-QĐ/ĐU"}, "reason": {"Bỏ sinh hoạt 3 tháng"}}
	st, page = b.post(path, removal)
	if st != 200 || !strings.Contains(page, "Xác nhận ghi") || !strings.Contains(page, "Không thể hoàn tác") {
		t.Fatalf("no confirmation: %d", st)
	}
	if m, _ := membersOf(e.db).Member(ctxb, domain.System, e.f.Duc.ID); m.Status != domain.StatusProbationary {
		t.Fatalf("removed before confirmation: %s", m.Status)
	}
	removal.Set("confirmed", "1")
	if st, _ := b.post(path, removal); st != http.StatusSeeOther {
		t.Fatalf("confirmed removal: %d", st)
	}
	if m, _ := membersOf(e.db).Member(ctxb, domain.System, e.f.Duc.ID); m.Status != domain.StatusRemoved {
		t.Fatalf("after confirmation: %s", m.Status)
	}
	// An is in another cell: not the secretary's. As commune staff, the rules
	// answer in Vietnamese: An's probation has not ended.
	anPath := "/dang-vien/" + id(e.f.An.ID) + "/su-kien"
	if st, _ := b.get(anPath); st != http.StatusNotFound {
		t.Fatalf("secretary, other cell: %d", st)
	}
	b = newBrowser(t, e)
	_, home := b.signIn("staff.a", pw)
	csrf = csrfOf(home)
	if st, page := b.post(anPath, url.Values{"csrf": {csrf}, "kind": {"recognised"}, "date": {"20/11/2026"}}); st != http.StatusUnprocessableEntity {
		t.Fatalf("early recognition: %d", st)
	} else if !strings.Contains(page, "Chưa hết 12 tháng dự bị") {
		t.Fatal("early recognition: no reason given")
	}
	if st, page := b.post(anPath, url.Values{"csrf": {csrf}, "kind": {"exempted"}, "date": {"31/13/2026"}}); st != http.StatusUnprocessableEntity || !strings.Contains(page, "Ngày phải có dạng dd/mm/yyyy.") {
		t.Fatalf("bad date: %d", st)
	}
	// Read-only roles cannot record events.
	lb := newBrowser(t, e)
	lb.signIn("leader.b", pw)
	if st, _ := lb.get("/dang-vien/" + id(e.f.Lan.ID) + "/su-kien"); st != http.StatusForbidden {
		t.Fatalf("leader event form: %d", st)
	}
}
