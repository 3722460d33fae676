package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangvien/internal/app/members"
	"dangvien/internal/app/screening"
	"dangvien/internal/domain"
	"dangvien/internal/store/storetest"
)

// whole tells whether a page rendered to its end (a template that fails
// half way leaves a page cut short under a 200).
func whole(page string) bool {
	return strings.Contains(page, "</main>") || strings.Contains(page, "</article>")
}

// The screens of the evaluation, discipline and screening, through a
// browser session: the member's self-review, the cell's proposals and the
// committee's decision with refusals that name their rule and keep what was
// typed, the printed lists, discipline and the screening.
func TestEvaluationScreens(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	f := e.f
	ms := &members.Service{DB: e.db}
	for id, on := range map[int64]string{f.Duc.ID: "2001-03-03", f.Thao.ID: "2016-05-19"} {
		if _, _, err := ms.AddEvent(ctxb, domain.System, id, domain.Event{Kind: domain.EventRecognised, Date: domain.MustDate(on), Decision: "5-QĐ/ĐU"}); err != nil {
			t.Fatal(err)
		}
	}
	member, sec, staff := newBrowser(t, e), newBrowser(t, e), newBrowser(t, e)
	for b, u := range map[*browser]string{member: "member.thao", sec: "secretary.a1", staff: "staff.a"} {
		if st, _ := b.signIn(u, pw); st != 200 {
			t.Fatalf("sign in %s: %d", u, st)
		}
	}
	thao, duc := id(f.Thao.ID), id(f.Duc.ID)

	// The member's own screen: the self-review.
	st, page := member.get("/")
	if st != 200 || !strings.Contains(page, "/dang-vien/"+thao+"/danh-gia") {
		t.Fatalf("home has no link to the self-review: %d", st)
	}
	st, _ = member.post("/dang-vien/"+thao+"/danh-gia", url.Values{"csrf": {member.csrfToken()}, "nam": {"2026"}, "text": {""}})
	if st != 422 {
		t.Fatalf("empty self-review: %d", st)
	}
	st, _ = member.post("/dang-vien/"+thao+"/danh-gia", url.Values{"csrf": {member.csrfToken()}, "nam": {"2026"}, "level": {"excellent"}, "text": {"Hoàn thành tốt nhiệm vụ tuyên truyền."}})
	if st != 303 {
		t.Fatalf("self-review: %d", st)
	}
	if st, page = member.get("/dang-vien/" + thao + "/danh-gia?nam=2026"); st != 200 || !strings.Contains(page, "Hoàn thành tốt nhiệm vụ tuyên truyền.") || !whole(page) {
		t.Fatalf("member's page: %d %s", st, page)
	}

	// The cell proposes: a refusal names the rule and keeps what was typed.
	form := url.Values{"csrf": {sec.csrfToken()}, "nam": {"2026"}, "action": {"propose"}, "p_" + thao: {"excellent"}, "d_" + thao: {"85"}, "t_" + thao: {"1"}, "b_" + thao: {"40"}, "p_" + duc: {"good"}, "d_" + duc: {"80"}}
	st, page = sec.post("/to-chuc/"+id(f.CellA1.ID)+"/danh-gia", form)
	if st != 422 || !strings.Contains(page, "366-QĐ/TW") || !strings.Contains(page, `value="85"`) || !whole(page) {
		t.Fatalf("85 points proposed xuất sắc: %d", st)
	}
	form.Set("d_"+thao, "95")
	if st, _ = sec.post("/to-chuc/"+id(f.CellA1.ID)+"/danh-gia", form); st != 303 {
		t.Fatalf("proposals: %d", st)
	}
	// The committee decides: the cap refuses one "xuất sắc" against one "tốt".
	st, page = staff.post("/to-chuc/"+id(f.CommuneA.ID)+"/danh-gia", url.Values{"csrf": {staff.csrfToken()}, "nam": {"2026"}, "action": {"decide"}, "decision_number": {"45-QĐ/ĐU"}, "date": {"20/11/2026"},
		"l_" + thao: {"excellent"}, "q_" + thao: {"95"}, "l_" + duc: {"good"}, "q_" + duc: {"80"}})
	if st != 422 || !strings.Contains(page, "43-HD/BTCTW") || !whole(page) {
		t.Fatalf("beyond the cap: %d", st)
	}
	st, _ = staff.post("/to-chuc/"+id(f.CommuneA.ID)+"/danh-gia", url.Values{"csrf": {staff.csrfToken()}, "nam": {"2026"}, "action": {"decide"}, "decision_number": {"45-QĐ/ĐU"}, "date": {"20/11/2026"},
		"l_" + thao: {"good"}, "q_" + thao: {"95"}, "m_" + thao: {"Trong giới hạn 20% của đảng bộ"}, "l_" + duc: {"good"}, "q_" + duc: {"80"}})
	if st != 303 {
		t.Fatalf("decision: %d", st)
	}
	st, page = staff.get("/to-chuc/" + id(f.CommuneA.ID) + "/danh-gia?nam=2026")
	if st != 200 || !strings.Contains(page, "Đã quyết định <b>0</b> xuất sắc, <b>2</b> tốt") || !whole(page) {
		t.Fatalf("commune's page: %d", st)
	}
	st, page = staff.get("/to-chuc/" + id(f.CommuneA.ID) + "/danh-gia/in?nam=2026")
	if st != 200 || !strings.Contains(page, "DANH SÁCH ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN NĂM 2026") || !strings.Contains(page, f.Thao.FullName) || !strings.Contains(page, "committee.css") || !whole(page) {
		t.Fatalf("printed list: %d", st)
	}
	// The cell's page, and a province's which lists no one.
	if st, page = sec.get("/to-chuc/" + id(f.CellA1.ID) + "/danh-gia?nam=2026"); st != 200 || !strings.Contains(page, "Đã quyết định: <b>Hoàn thành tốt nhiệm vụ</b>") || !whole(page) {
		t.Fatalf("cell's page: %d", st)
	}

	// Discipline: a dismissal of a member holding no post is refused.
	st, page = staff.post("/dang-vien/"+duc+"/ky-luat", url.Values{"csrf": {staff.csrfToken()}, "action": {"discipline"}, "form": {"dismissal"}, "body_id": {id(f.CommuneA.ID)},
		"violated_on": {"01/10/2026"}, "entitled": {"15"}, "votes_for": {"9"}, "decision_number": {"21-QĐ/ĐU"}, "decided_on": {"10/11/2026"}, "violation": {"Vi phạm"}})
	if st != 422 || !strings.Contains(page, "không giữ chức vụ nào") || !whole(page) {
		t.Fatalf("dismissal without a post: %d", st)
	}
	st, _ = sec.post("/dang-vien/"+duc+"/ky-luat", url.Values{"csrf": {sec.csrfToken()}, "action": {"discipline"}, "form": {"warning"}, "body_id": {id(f.CellA1.ID)},
		"violated_on": {"01/10/2026"}, "entitled": {"2"}, "votes_for": {"2"}, "decision_number": {"3-QĐ/CB"}, "decided_on": {"10/11/2026"}, "violation": {"Không chấp hành phân công"}})
	if st != 303 {
		t.Fatalf("warning: %d", st)
	}
	if st, page = staff.get("/to-chuc/" + id(f.CommuneA.ID) + "/ky-luat"); st != 200 || !strings.Contains(page, "3-QĐ/CB") || !strings.Contains(page, "Ghi khiếu nại") || !whole(page) {
		t.Fatalf("commune's discipline page: %d", st)
	}

	// The screening: Đức returned his card; the cell proposes, the committee
	// decides; without a decision number nothing is written.
	if st, _ = sec.post("/dang-vien/"+duc+"/ra-soat", url.Values{"csrf": {sec.csrfToken()}, "action": {"finding"}, "kind": {"card_returned"}, "on": {"01/11/2026"}, "finding_note": {"Gửi lại thẻ"}}); st != 303 {
		t.Fatalf("finding: %d", st)
	}
	st, page = staff.get("/to-chuc/" + id(f.CommuneA.ID) + "/ra-soat")
	if st != 200 || !strings.Contains(page, "Tự ý trả lại thẻ đảng viên ngày 01/11/2026") || !whole(page) {
		t.Fatalf("screening page: %d", st)
	}
	if st, _ = sec.post("/to-chuc/"+id(f.CellA1.ID)+"/ra-soat", url.Values{"csrf": {sec.csrfToken()}, "action": {"propose"}, "member_id": {duc}, "grounds": {"card"}, "proposed_on": {"20/11/2026"}}); st != 303 {
		t.Fatalf("proposal: %d", st)
	}
	v, err := e.screening().Member(ctxb, domain.System, f.Duc.ID)
	if err != nil || v.Pending == nil {
		t.Fatalf("pending: %v", err)
	}
	before := e.auditRows()
	st, page = staff.post("/to-chuc/"+id(f.CommuneA.ID)+"/ra-soat", url.Values{"csrf": {staff.csrfToken()}, "action": {"decide"}, "case_id": {id(v.Pending.ID)}, "approve": {"1"}, "date": {"22/11/2026"}})
	if st != 422 || !strings.Contains(page, "Điều lệ Đảng, Điều 8") || e.auditRows() != before || !whole(page) {
		t.Fatalf("removal without decision: %d", st)
	}
	if st, page = staff.get("/to-chuc/" + id(f.CommuneA.ID) + "/ra-soat/in"); st != 200 || !strings.Contains(page, f.Duc.FullName) || !strings.Contains(page, "Ý kiến cấp ủy") || !whole(page) {
		t.Fatalf("printed screening: %d", st)
	}
	if st, _ = staff.post("/dang-vien/"+duc+"/ra-soat", url.Values{"csrf": {staff.csrfToken()}, "action": {"decide"}, "case_id": {id(v.Pending.ID)}, "approve": {"1"}, "decision_number": {"77-QĐ/ĐU"}, "date": {"22/11/2026"}}); st != 303 {
		t.Fatalf("removal: %d", st)
	}
	if st, page = staff.get("/dang-vien/" + duc + "/ra-soat"); st != 200 || !strings.Contains(page, "đã xóa tên") || !whole(page) {
		t.Fatalf("member's screening page: %d", st)
	}
	if st, page = staff.get(fmt.Sprintf("/to-chuc/%d/xoa-ten-khai-tru?tu=2025&den=2026", f.CommuneA.ID)); st != 200 || !strings.Contains(page, "<b>1 / 0</b>") || !whole(page) {
		t.Fatalf("counts: %d", st)
	}
}

func (e *env) screening() *screening.Service { return &screening.Service{DB: e.db} }
