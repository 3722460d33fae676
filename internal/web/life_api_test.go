package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// Issue 4's bad input over the API: precise answers, nothing written.
func TestLifeAPIBadInput(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		m := id(e.meetingOf(e.f.CellA1.ID))
		before := e.auditRows()
		// Someone of another cell on the roster.
		st, body := e.do("secretary.a1", "PUT", "/api/v1/meetings/"+m+"/attendance", map[string]any{"marks": []map[string]any{{"member_id": e.f.Lan.ID, "status": "present"}}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(string(body), "không sinh hoạt ở Chi bộ thôn Đồng Bùa ngày 05/11/2026") {
			t.Fatalf("stranger marked: %d %s", st, body)
		}
		// A meeting still to come.
		st, body = e.do("secretary.a1", "POST", "/api/v1/orgs/"+id(e.f.CellA1.ID)+"/meetings", map[string]any{"kind": "regular", "held_on": "2026-12-04"})
		if st != http.StatusCreated {
			t.Fatalf("plan: %d %s", st, body)
		}
		var planned struct{ ID int64 }
		json.Unmarshal(body, &planned)
		before = e.auditRows()
		st, body = e.do("secretary.a1", "PUT", "/api/v1/meetings/"+id(planned.ID)+"/attendance", map[string]any{"marks": []map[string]any{{"member_id": e.f.Duc.ID, "status": "present"}}})
		if st != http.StatusConflict || !strings.Contains(string(body), "chưa diễn ra") {
			t.Fatalf("future meeting marked: %d %s", st, body)
		}
		// A month paid twice.
		if st, body := e.do("secretary.a1", "POST", "/api/v1/members/"+id(e.f.Duc.ID)+"/fees", map[string]any{"months": []string{"2026-08"}, "paid_on": "2026-11-02"}); st != http.StatusCreated {
			t.Fatalf("pay: %d %s", st, body)
		}
		before = e.auditRows()
		st, body = e.do("secretary.a1", "POST", "/api/v1/members/"+id(e.f.Duc.ID)+"/fees", map[string]any{"months": []string{"2026-09", "2026-08"}, "paid_on": "2026-11-03"})
		if st != http.StatusUnprocessableEntity || !strings.Contains(string(body), "Tháng 8/2026 đã nộp ngày 02/11/2026.") {
			t.Fatalf("paid twice: %d %s", st, body)
		}
		if e.auditRows() != before {
			t.Fatal("a refused request wrote")
		}
		// The sheet and arrears read back.
		if st, body := e.do("staff.a", "GET", "/api/v1/members/"+id(e.f.Duc.ID)+"/fees", nil); st != 200 || !strings.Contains(string(body), `"month":"2026-08"`) || !strings.Contains(string(body), `"monthly_fee":12420`) {
			t.Fatalf("member fees: %d %s", st, body)
		}
	})
}
