package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dangvien/internal/domain"
)

// Splitting a cell on the screen: every active member goes to one new cell;
// nothing happens before the confirmation; a missing name or decision is
// refused with its reason and writes nothing.
func TestOrgSplitScreen(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		b := newBrowser(t, e)
		_, home := b.signIn("staff.a", pw)
		csrf := csrfOf(home)
		a1 := id(e.f.CellA1.ID)
		st, page := b.get("/to-chuc/" + a1 + "/chia-tach")
		if st != 200 || !strings.Contains(page, `name="m_`+id(e.f.Thao.ID)+`"`) || !strings.Contains(page, `name="m_`+id(e.f.Duc.ID)+`"`) || !strings.Contains(page, "Thêm một tổ chức mới") {
			t.Fatalf("split form: %d", st)
		}
		form := url.Values{"csrf": {csrf}, "phan": {"2"}, "name_1": {"Chi bộ thôn Đồng Bùa 1"}, "code_1": {"X01-CB01A"}, "name_2": {""}, "code_2": {"X01-CB01B"},
			"m_" + id(e.f.Thao.ID): {"1"}, "m_" + id(e.f.Duc.ID): {"2"}, "decision_number": {"40-QĐ/ĐU"}, "date": {"01/11/2026"}}
		st, page = b.post("/to-chuc/"+a1+"/chia-tach", form)
		if st != http.StatusUnprocessableEntity || !strings.Contains(page, "Tổ chức mới 2: Cần tên tổ chức mới.") {
			t.Fatalf("missing name: %d", st)
		}
		form.Set("name_2", "Chi bộ thôn Đồng Bùa 2")
		st, page = b.post("/to-chuc/"+a1+"/chia-tach", form)
		if st != 200 || !strings.Contains(page, "Xác nhận chia tách") || !strings.Contains(page, "<b>Chi bộ thôn Đồng Bùa 2</b> (mã X01-CB01B): 1 đảng viên") {
			t.Fatalf("confirmation: %d %s", st, page)
		}
		if o, _ := e.db.Org(ctxb, domain.System, e.f.CellA1.ID); !o.ValidTo.IsZero() {
			t.Fatal("split before confirmation")
		}
		form.Set("confirmed", "1")
		if st, _ := b.post("/to-chuc/"+a1+"/chia-tach", form); st != http.StatusSeeOther {
			t.Fatalf("split: %d", st)
		}
		thao, _ := membersOf(e.db).Member(ctxb, domain.System, e.f.Thao.ID)
		duc, _ := membersOf(e.db).Member(ctxb, domain.System, e.f.Duc.ID)
		if thao.OrgID == duc.OrgID || thao.OrgID == e.f.CellA1.ID || thao.Org != "Chi bộ thôn Đồng Bùa 1" || duc.Org != "Chi bộ thôn Đồng Bùa 2" {
			t.Fatalf("members after the split: %+v / %+v", thao.Org, duc.Org)
		}
		if o, _ := e.db.Org(ctxb, domain.System, e.f.CellA1.ID); o.ClosedReason != "split" || o.ClosedDecision != "40-QĐ/ĐU" {
			t.Fatalf("source after the split: %+v", o)
		}
		// A closed organisation cannot be split again.
		if st, _ := b.get("/to-chuc/" + a1 + "/chia-tach"); st != http.StatusConflict {
			t.Fatalf("split a closed cell: %d", st)
		}
	})
}
