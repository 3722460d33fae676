package web

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"sync/atomic"
	"testing"

	"dangvien/internal/app/discipline"
	"dangvien/internal/app/evaluation"
	"dangvien/internal/app/screening"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// target is what one role reaches and what it does not, in the fixture:
// in-scope and out-of-scope member, cell and commune.
type target struct {
	member, cell, commune int64
	cellCode              string
	user                  string // an account: the role's own in scope, another out of scope
}

type accessCase struct {
	// req builds the request for a target; n makes bodies unique per call.
	req func(e *env, t target, n int) (method, path string, body any)
	// want: role → [status in scope, status out of scope]; 0 = not asked.
	want map[string][2]int
}

var roles = []string{"admin", "staff.a", "leader.b", "secretary.a1", "member.thao"}

// scopes gives each role its in-scope and out-of-scope targets.
func scopes(e *env) map[string][2]target {
	f := e.f
	a1 := target{f.Duc.ID, f.CellA1.ID, f.CommuneA.ID, f.CellA1.Code, ""}
	b1 := target{f.Lan.ID, f.CellB1.ID, f.CommuneB.ID, f.CellB1.Code, ""}
	self := target{f.Thao.ID, f.CellA1.ID, f.CommuneA.ID, f.CellA1.Code, ""}
	as := func(t target, user string) target { t.user = user; return t }
	return map[string][2]target{
		"admin":        {as(a1, "admin"), as(b1, "leader.b")}, // the administrator reaches both
		"staff.a":      {as(a1, "staff.a"), as(b1, "leader.b")},
		"leader.b":     {as(b1, "leader.b"), as(a1, "staff.a")},
		"secretary.a1": {as(a1, "secretary.a1"), as(b1, "leader.b")},
		"member.thao":  {as(self, "member.thao"), as(b1, "leader.b")},
	}
}

func all(in, out int) map[string][2]int {
	m := map[string][2]int{}
	for _, r := range roles {
		m[r] = [2]int{in, out}
	}
	return m
}

func with(m map[string][2]int, role string, in, out int) map[string][2]int {
	m[role] = [2]int{in, out}
	return m
}

func get(path string) func(*env, target, int) (string, string, any) {
	return func(e *env, t target, _ int) (string, string, any) {
		return "GET", strings.NewReplacer("{member}", id(t.member), "{cell}", id(t.cell), "{commune}", id(t.commune)).Replace(path), nil
	}
}

func decision(n int) map[string]any {
	return map[string]any{"date": "2026-11-01", "decision_number": fmt.Sprintf("%d-QĐ/TU", n)}
}

// matrix lists every API route. The admin's out-of-scope column is the
// same object as anyone's: the administrator reaches everything.
func matrix() map[string]accessCase {
	readMember := with(with(all(200, 404), "admin", 200, 200), "member.thao", 200, 404)
	readOrg := with(all(200, 404), "admin", 200, 200)
	writeMember := with(with(with(all(200, 404), "admin", 200, 200), "leader.b", 403, 404), "member.thao", 403, 404)
	writeOrg := with(with(with(with(all(200, 404), "admin", 200, 200), "leader.b", 403, 404), "member.thao", 403, 404), "secretary.a1", 403, 404)
	adminOnly := with(all(403, 403), "admin", 200, 200)
	readOrgNoMember := with(with(all(200, 404), "admin", 200, 200), "member.thao", 404, 404)
	// A candidate's dossier: writers change it in scope; a member never sees one.
	candidateWriter := func(ok int) map[string][2]int {
		return map[string][2]int{"admin": {ok, ok}, "staff.a": {ok, 404}, "leader.b": {403, 404}, "secretary.a1": {ok, 404}, "member.thao": {404, 404}}
	}
	// The committee of a commune (its staff) decides; a leader reads it, a
	// cell's secretary and a member do not reach it.
	committee := map[string][2]int{"admin": {200, 200}, "staff.a": {200, 404}, "leader.b": {403, 404}, "secretary.a1": {404, 404}, "member.thao": {404, 404}}
	orgWriterOfCell := map[string][2]int{"admin": {200, 200}, "staff.a": {200, 404}, "leader.b": {403, 404}, "secretary.a1": {403, 404}, "member.thao": {403, 404}}
	return map[string]accessCase{
		"GET /api/v1/openapi.json":          {get("/api/v1/openapi.json"), all(200, 200)},
		"GET /api/v1/me":                    {get("/api/v1/me"), all(200, 200)},
		"GET /api/v1/orgs":                  {get("/api/v1/orgs"), all(200, 200)},
		"GET /api/v1/members":               {get("/api/v1/members"), all(200, 200)},
		"GET /api/v1/search":                {get("/api/v1/search?q=thi"), all(200, 200)},
		"GET /api/v1/exports/template":      {get("/api/v1/exports/template"), all(200, 200)},
		"GET /api/v1/orgs/{id}":             {get("/api/v1/orgs/{cell}"), readOrg},
		"GET /api/v1/orgs/{id}/counts":      {get("/api/v1/orgs/{cell}/counts"), readOrg},
		"GET /api/v1/exports":               {get("/api/v1/exports?org_id={cell}&format=csv"), readOrg},
		"GET /api/v1/members/{id}":          {get("/api/v1/members/{member}"), readMember},
		"GET /api/v1/members/{id}/events":   {get("/api/v1/members/{member}/events"), readMember},
		"GET /api/v1/orgs/{id}/meetings":    {get("/api/v1/orgs/{cell}/meetings?year=2026"), readOrg},
		"GET /api/v1/orgs/{id}/attendance":  {get("/api/v1/orgs/{cell}/attendance"), readOrg},
		"GET /api/v1/orgs/{id}/fees":        {get("/api/v1/orgs/{cell}/fees?month=2026-11"), readOrg},
		"GET /api/v1/orgs/{id}/arrears":     {get("/api/v1/orgs/{cell}/arrears?min_months=1"), readOrg},
		"GET /api/v1/orgs/{id}/fee-totals":  {get("/api/v1/orgs/{cell}/fee-totals"), readOrg},
		"GET /api/v1/orgs/{id}/remittances": {get("/api/v1/orgs/{cell}/remittances"), readOrg},
		"POST /api/v1/orgs/{id}/remittances": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/orgs/" + id(t.cell) + "/remittances", map[string]any{"month": "2026-11", "amount": 1000 + n, "paid_on": "2026-11-20"}
		}, map[string][2]int{"admin": {201, 201}, "staff.a": {201, 404}, "leader.b": {403, 404}, "secretary.a1": {201, 404}, "member.thao": {403, 404}}},
		"GET /api/v1/orgs/{id}/fee-shares":    {get("/api/v1/orgs/{cell}/fee-shares"), readOrg},
		"GET /api/v1/members/{id}/attendance": {get("/api/v1/members/{member}/attendance"), readMember},
		"GET /api/v1/members/{id}/fees":       {get("/api/v1/members/{member}/fees"), readMember},
		"GET /api/v1/members/{id}/tasks":      {get("/api/v1/members/{member}/tasks"), readMember},
		"POST /api/v1/orgs/{id}/meetings/plan": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/orgs/" + id(t.cell) + "/meetings/plan", map[string]any{"year": 2027, "day": 5, "starts_at": "19:30"}
		}, writeMember},
		"GET /api/v1/orgs/{id}/in-charge": {get("/api/v1/orgs/{cell}/in-charge"), readOrg},
		"GET /api/v1/meetings/{id}/documents": {func(e *env, t target, n int) (string, string, any) {
			return "GET", "/api/v1/meetings/" + id(e.meetingOf(t.cell)) + "/documents", nil
		}, readOrg},
		"POST /api/v1/documents/{id}/remove": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/documents/" + id(e.docs[t.cell]) + "/remove", nil
		}, map[string][2]int{"admin": {204, 204}, "staff.a": {204, 404}, "leader.b": {403, 404}, "secretary.a1": {204, 404}, "member.thao": {403, 404}}},
		"GET /api/v1/documents/{id}": {func(e *env, t target, n int) (string, string, any) {
			return "GET", "/api/v1/documents/" + id(e.docs[t.cell]), nil
		}, readOrg},
		"POST /api/v1/meetings/{id}/documents": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/meetings/" + id(e.meetingOf(t.cell)) + "/documents?filename=bien-ban.pdf", fmt.Sprintf("%%PDF-1.4\n%% %d\n", n)
		}, map[string][2]int{"admin": {201, 201}, "staff.a": {201, 404}, "leader.b": {403, 404}, "secretary.a1": {201, 404}, "member.thao": {403, 404}}},
		"POST /api/v1/orgs/{id}/in-charge": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/orgs/" + id(t.cell) + "/in-charge", map[string]any{"member_id": t.member, "from": "2026-11-01", "decision": fmt.Sprintf("%d-QĐ/ĐU", n)}
		}, map[string][2]int{"admin": {201, 201}, "staff.a": {201, 404}, "leader.b": {403, 404}, "secretary.a1": {403, 404}, "member.thao": {403, 404}}},
		"PUT /api/v1/in-charge/{id}/end": {func(e *env, t target, n int) (string, string, any) {
			return "PUT", "/api/v1/in-charge/" + id(e.inChargeOf(t.cell)) + "/end", map[string]any{"to": "2026-11-20"}
		}, map[string][2]int{"admin": {200, 200}, "staff.a": {200, 404}, "leader.b": {403, 404}, "secretary.a1": {403, 404}, "member.thao": {403, 404}}},
		"POST /api/v1/in-charge/{id}/restore": {func(e *env, t target, n int) (string, string, any) {
			// The fixture's charge, ended on 20/11/2026 (around the store:
			// the request alone writes the audit rows counted).
			e.db.SQL().Exec(fmt.Sprintf("UPDATE in_charge SET to_on = '2026-11-20' WHERE id = %d", e.inChargeOf(t.cell)))
			return "POST", "/api/v1/in-charge/" + id(e.inChargeOf(t.cell)) + "/restore", map[string]any{"from": "2026-11-23"}
		}, map[string][2]int{"admin": {201, 201}, "staff.a": {201, 404}, "leader.b": {403, 404}, "secretary.a1": {403, 404}, "member.thao": {403, 404}}},
		"PUT /api/v1/meetings/{id}/in-charge": {func(e *env, t target, n int) (string, string, any) {
			return "PUT", "/api/v1/meetings/" + id(e.meetingOf(t.cell)) + "/in-charge", map[string]any{"member_id": e.inChargeMember(t.cell), "attended": true}
		}, writeMember},
		"GET /api/v1/orgs/{id}/task-flags": {get("/api/v1/orgs/{cell}/task-flags"), readOrg},
		"POST /api/v1/members/{id}/tasks": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/members/" + id(t.member) + "/tasks", map[string]any{"title": fmt.Sprintf("Nhiệm vụ %d", n), "from": "2026-11-01"}
		}, map[string][2]int{"admin": {201, 201}, "staff.a": {201, 404}, "leader.b": {403, 404}, "secretary.a1": {201, 404}, "member.thao": {403, 404}}},
		"POST /api/v1/tasks/{id}/notes": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/tasks/" + id(e.taskOf(t.member)) + "/notes", map[string]any{"on": "2026-11-20", "rating": "done", "note": "Tốt"}
		}, map[string][2]int{"admin": {201, 201}, "staff.a": {201, 404}, "leader.b": {403, 404}, "secretary.a1": {201, 404}, "member.thao": {403, 404}}},
		"GET /api/v1/meetings/{id}": {func(e *env, t target, n int) (string, string, any) {
			return "GET", "/api/v1/meetings/" + id(e.meetingOf(t.cell)), nil
		}, readOrg},
		"POST /api/v1/orgs/{id}/meetings": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/orgs/" + id(t.cell) + "/meetings", map[string]any{"kind": "regular", "held_on": "2026-10-06", "minutes": 95}
		}, map[string][2]int{"admin": {201, 201}, "staff.a": {201, 404}, "leader.b": {403, 404}, "secretary.a1": {201, 404}, "member.thao": {403, 404}}},
		"PUT /api/v1/meetings/{id}": {func(e *env, t target, n int) (string, string, any) {
			return "PUT", "/api/v1/meetings/" + id(e.meetingOf(t.cell)), map[string]any{"kind": "regular", "held_on": "2026-11-05", "minutes": 100, "record": fmt.Sprintf("Biên bản %d", n)}
		}, writeMember},
		"PUT /api/v1/meetings/{id}/attendance": {func(e *env, t target, n int) (string, string, any) {
			return "PUT", "/api/v1/meetings/" + id(e.meetingOf(t.cell)) + "/attendance", map[string]any{"marks": []map[string]any{{"member_id": t.member, "status": "present"}}}
		}, writeMember},
		"POST /api/v1/orgs/{id}/fees/open": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/orgs/" + id(t.cell) + "/fees/open", map[string]any{"month": "2026-10"}
		}, writeMember},
		"PUT /api/v1/members/{id}/fee-profile": {func(e *env, t target, n int) (string, string, any) {
			return "PUT", "/api/v1/members/" + id(t.member) + "/fee-profile", map[string]any{"category": "retired", "base": 4_000_000 + n}
		}, writeMember},
		"POST /api/v1/members/{id}/fees": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/members/" + id(t.member) + "/fees", map[string]any{"months": []string{"2026-11"}, "paid_on": "2026-11-20"}
		}, map[string][2]int{"admin": {201, 201}, "staff.a": {201, 404}, "leader.b": {403, 404}, "secretary.a1": {201, 404}, "member.thao": {403, 404}}},
		"PUT /api/v1/members/{id}": {func(e *env, t target, n int) (string, string, any) {
			m, _ := membersOf(e.db).Member(ctxb, domain.System, t.member)
			m.Phone = fmt.Sprintf("09120000%02d", n%100)
			return "PUT", "/api/v1/members/" + id(t.member), m.MemberFields
		}, writeMember},
		"PUT /api/v1/members/{id}/admission-decision": {func(e *env, t target, n int) (string, string, any) {
			m, _ := membersOf(e.db).Member(ctxb, domain.System, t.member)
			return "PUT", "/api/v1/members/" + id(t.member) + "/admission-decision", map[string]any{"decision_date": m.AdmissionDate.AddDays(-n % 20).ISO()}
		}, writeMember},
		"POST /api/v1/members/{id}/events": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/members/" + id(t.member) + "/events", map[string]any{"kind": "disciplined", "discipline": "reprimand", "date": "2026-11-01", "reason": "Thử"}
		}, map[string][2]int{"admin": {201, 201}, "staff.a": {201, 404}, "leader.b": {403, 404}, "secretary.a1": {201, 404}, "member.thao": {403, 404}}},
		"POST /api/v1/members": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/members", map[string]any{"org_id": t.cell, "full_name": "Phạm Ngọc Ánh", "gender": "nu", "birth_date": "1992-03-08",
				"ethnicity": "01", "citizen_id": fmt.Sprintf("0011920%05d", n), "event": map[string]any{"kind": "admitted", "date": "2020-03-08", "decision_date": "2020-02-20"}}
		}, map[string][2]int{"admin": {201, 201}, "staff.a": {201, 422}, "leader.b": {403, 403}, "secretary.a1": {201, 422}, "member.thao": {403, 403}}},
		"POST /api/v1/orgs": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/orgs", map[string]any{"code": fmt.Sprintf("NEW%d", n), "name": "Chi bộ mới", "kind": "cell", "parent_id": t.commune, "valid_from": "2026-01-01"}
		}, map[string][2]int{"admin": {201, 201}, "staff.a": {201, 422}, "leader.b": {403, 403}, "secretary.a1": {403, 403}, "member.thao": {403, 403}}},
		"POST /api/v1/orgs/{id}/rename": {func(e *env, t target, n int) (string, string, any) {
			b := decision(n)
			b["name"] = "Chi bộ đổi tên"
			return "POST", "/api/v1/orgs/" + id(t.cell) + "/rename", b
		}, writeOrg},
		"POST /api/v1/orgs/{id}/move": {func(e *env, t target, n int) (string, string, any) {
			b := decision(n)
			b["parent_id"] = t.commune
			return "POST", "/api/v1/orgs/" + id(t.cell) + "/move", b
		}, writeOrg},
		"POST /api/v1/orgs/{id}/split": {func(e *env, t target, n int) (string, string, any) {
			// A valid split: every active member of the cell goes to the first part.
			page, _ := membersOf(e.db).List(ctxb, domain.System, storeFilter(t.cell))
			var ids []int64
			for _, m := range page.Items {
				ids = append(ids, m.ID)
			}
			b := decision(n)
			b["parts"] = []any{
				map[string]any{"org": map[string]any{"code": fmt.Sprintf("S%da", n), "name": "Chi bộ tách 1", "kind": "cell"}, "member_ids": ids},
				map[string]any{"org": map[string]any{"code": fmt.Sprintf("S%db", n), "name": "Chi bộ tách 2", "kind": "cell"}},
			}
			return "POST", "/api/v1/orgs/" + id(t.cell) + "/split", b
		}, writeOrg},
		"POST /api/v1/orgs/{id}/dissolve": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/orgs/" + id(t.cell) + "/dissolve", decision(n)
		}, with(with(with(with(all(409, 404), "admin", 409, 409), "leader.b", 403, 404), "member.thao", 403, 404), "secretary.a1", 403, 404)},
		"POST /api/v1/orgs/merge": {func(e *env, t target, n int) (string, string, any) {
			b := decision(n)
			b["source_ids"] = []int64{t.cell}
			b["into"] = map[string]any{"code": fmt.Sprintf("M%d", n), "name": "Chi bộ sáp nhập", "kind": "cell", "parent_id": t.commune}
			return "POST", "/api/v1/orgs/merge", b
		}, map[string][2]int{"admin": {200, 200}, "staff.a": {200, 422}, "leader.b": {403, 403}, "secretary.a1": {403, 403}, "member.thao": {403, 403}}},
		"POST /api/v1/imports": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/imports?filename=ds.csv&org=" + t.cellCode,
				fmt.Sprintf("Họ và tên,Giới tính,Ngày sinh,Dân tộc,Ngày vào Đảng,Số CCCD\nLưu Thị Thủy,Nữ,31/01/1990,Kinh,01/01/2015,0011900%05d\n", n)
		}, map[string][2]int{"admin": {201, 201}, "staff.a": {201, 422}, "leader.b": {403, 403}, "secretary.a1": {201, 422}, "member.thao": {403, 403}}},
		// Staff look after the accounts below theirs in their subtree: they
		// list them, and create one over a cell of theirs, not another's.
		"GET /api/v1/users": {get("/api/v1/users"), with(with(all(403, 403), "admin", 200, 200), "staff.a", 200, 200)},
		"POST /api/v1/users": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/users", map[string]any{"username": fmt.Sprintf("moi%d", n), "display_name": "Người mới", "password": "mật khẩu đủ dài", "role": "secretary", "org_ids": []int64{t.cell}}
		}, with(with(all(403, 403), "admin", 201, 201), "staff.a", 201, 422)},
		"GET /api/v1/tokens": {get("/api/v1/tokens"), all(200, 200)},
		"DELETE /api/v1/tokens/{id}": {func(e *env, t target, n int) (string, string, any) {
			return "DELETE", "/api/v1/tokens/" + id(e.tokenOf(t.user)), nil
		}, with(all(200, 404), "admin", 200, 200)},
		"GET /api/v1/audit":                     {get("/api/v1/audit"), map[string][2]int{"admin": {200, 200}, "staff.a": {200, 200}, "leader.b": {200, 200}, "secretary.a1": {403, 403}, "member.thao": {403, 403}}},
		"GET /api/v1/audit/verify":              {get("/api/v1/audit/verify"), adminOnly},
		"GET /api/v1/rules":                     {get("/api/v1/rules"), with(all(200, 200), "member.thao", 404, 404)},
		"GET /api/v1/orgs/{id}/overview":        {get("/api/v1/orgs/{commune}/overview"), map[string][2]int{"admin": {200, 200}, "staff.a": {200, 404}, "leader.b": {200, 404}, "secretary.a1": {404, 404}, "member.thao": {404, 404}}},
		"GET /api/v1/orgs/{id}/overview/{list}": {get("/api/v1/orgs/{commune}/overview/xoa-ten"), map[string][2]int{"admin": {200, 200}, "staff.a": {200, 404}, "leader.b": {200, 404}, "secretary.a1": {404, 404}, "member.thao": {404, 404}}},
		"POST /api/v1/rules/{name}/versions": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/rules/meeting.min_minutes/versions", map[string]any{"value": 95, "source": "Hướng dẫn thử nghiệm", "valid_from": fmt.Sprintf("%d-01-01", 2100+n)}
		}, with(all(403, 403), "admin", 201, 201)},
		"POST /api/v1/min-wages": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/min-wages", map[string]any{"region": 2, "amount": 5_000_000 + n, "valid_from": "2027-01-01", "source": "Nghị định thử nghiệm"}
		}, with(all(403, 403), "admin", 201, 201)},
		"GET /api/v1/calendar": {get("/api/v1/calendar?year=2026&from=2026-02-10&days=5"), with(all(200, 200), "member.thao", 404, 404)},
		"POST /api/v1/calendar/days": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/calendar/days", map[string]any{"date": "2026-09-04", "kind": "off", "note": fmt.Sprintf("Thông báo thử %d", n)}
		}, with(all(403, 403), "admin", 201, 201)},
		"POST /api/v1/calendar/days/{id}/cancel": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/calendar/days/" + id(calendarDayID(e, "2026-02-20")) + "/cancel", map[string]any{"reason": "Nhập nhầm"}
		}, with(all(403, 403), "admin", 200, 200)},
		"GET /api/v1/orgs/{id}/fee-settings": {get("/api/v1/orgs/{cell}/fee-settings"), readOrg},
		"PUT /api/v1/orgs/{id}/region": {func(e *env, t target, n int) (string, string, any) {
			return "PUT", "/api/v1/orgs/" + id(t.cell) + "/region", map[string]any{"region": 2, "from": "2026-01-01"}
		}, map[string][2]int{"admin": {200, 200}, "staff.a": {200, 404}, "leader.b": {403, 404}, "secretary.a1": {403, 404}, "member.thao": {403, 404}}},
		"PUT /api/v1/orgs/{id}/fee-keep": {func(e *env, t target, n int) (string, string, any) {
			return "PUT", "/api/v1/orgs/" + id(t.cell) + "/fee-keep", map[string]any{"keep_pct": 40}
		}, map[string][2]int{"admin": {200, 200}, "staff.a": {200, 404}, "leader.b": {403, 404}, "secretary.a1": {403, 404}, "member.thao": {403, 404}}},
		"POST /api/v1/members/{id}/fee-reversals": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/members/" + id(t.member) + "/fee-reversals", map[string]any{"month": "2026-10", "reason": "Ghi nhầm"}
		}, map[string][2]int{"admin": {200, 200}, "staff.a": {200, 404}, "leader.b": {403, 404}, "secretary.a1": {200, 404}, "member.thao": {403, 404}}},
		"POST /api/v1/members/{id}/fee-reductions": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/members/" + id(t.member) + "/fee-reductions", map[string]any{"pct": 50, "from": "2026-12", "to": "2027-05", "decision": "5-QĐ/CB"}
		}, map[string][2]int{"admin": {201, 201}, "staff.a": {201, 404}, "leader.b": {403, 404}, "secretary.a1": {201, 404}, "member.thao": {403, 404}}},
		"GET /api/v1/orgs/{id}/candidates": {get("/api/v1/orgs/{cell}/candidates"), readOrgNoMember},
		"POST /api/v1/orgs/{id}/candidates": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/orgs/" + id(t.cell) + "/candidates", map[string]any{"full_name": "Lò Thị Xuân", "gender": "nu", "birth_date": "2000-02-02", "ethnicity": "01",
				"citizen_id": fmt.Sprintf("0253000%05d", n), "education": "thpt", "source": "youth_union"}
		}, map[string][2]int{"admin": {201, 201}, "staff.a": {201, 404}, "leader.b": {403, 404}, "secretary.a1": {201, 404}, "member.thao": {403, 404}}},
		"GET /api/v1/candidates/{id}": {func(e *env, t target, n int) (string, string, any) {
			return "GET", "/api/v1/candidates/" + id(e.candidateOf(t.cell)), nil
		}, readOrgNoMember},
		"PUT /api/v1/candidates/{id}": {func(e *env, t target, n int) (string, string, any) {
			return "PUT", "/api/v1/candidates/" + id(e.candidateOf(t.cell)), map[string]any{"full_name": "Vừ Thị Mỷ", "gender": "nu", "birth_date": "2001-06-01", "ethnicity": "01",
				"education": "thpt", "source": "youth_union", "youth_union": true, "phone": fmt.Sprintf("09120000%02d", n%100)}
		}, candidateWriter(200)},
		"POST /api/v1/candidates/{id}/steps": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/candidates/" + id(e.candidateOf(t.cell)) + "/steps", map[string]any{"kind": "application", "date": "2026-11-01"}
		}, candidateWriter(201)},
		"POST /api/v1/candidates/{id}/withdraw": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/candidates/" + id(e.candidateOf(t.cell)) + "/withdraw", map[string]any{"reason": "Chuyển đi nơi khác"}
		}, candidateWriter(200)},
		"GET /api/v1/members/{id}/probation": {get("/api/v1/members/{member}/probation"), readMember},
		"POST /api/v1/members/{id}/probation": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/members/" + id(t.member) + "/probation", map[string]any{"kind": "class", "date": "2026-11-01", "number": fmt.Sprintf("%d/GCN", n)}
		}, map[string][2]int{"admin": {201, 201}, "staff.a": {201, 404}, "leader.b": {403, 404}, "secretary.a1": {201, 404}, "member.thao": {403, 404}}},
		"GET /api/v1/orgs/{id}/probation":          {get("/api/v1/orgs/{cell}/probation"), readOrgNoMember},
		"GET /api/v1/orgs/{id}/admission-quotas":   {get("/api/v1/orgs/{cell}/admission-quotas?year=2026"), readOrgNoMember},
		"GET /api/v1/orgs/{id}/admission-review":   {get("/api/v1/orgs/{cell}/admission-review"), readOrgNoMember},
		"GET /api/v1/orgs/{id}/admission-report":   {get("/api/v1/orgs/{cell}/admission-report?year=2026"), readOrgNoMember},
		"GET /api/v1/orgs/{id}/admission-pipeline": {get("/api/v1/orgs/{cell}/admission-pipeline"), readOrgNoMember},
		"PUT /api/v1/orgs/{id}/admission-quotas": {func(e *env, t target, n int) (string, string, any) {
			return "PUT", "/api/v1/orgs/" + id(t.cell) + "/admission-quotas", map[string]any{"year": 2026, "quota": 5 + n}
		}, map[string][2]int{"admin": {200, 200}, "staff.a": {200, 404}, "leader.b": {403, 404}, "secretary.a1": {403, 404}, "member.thao": {404, 404}}},
		"GET /api/v1/orgs/{id}/badges":          {get("/api/v1/orgs/{cell}/badges?date=2027-02-03"), readOrgNoMember},
		"GET /api/v1/orgs/{id}/badges/upcoming": {get("/api/v1/orgs/{cell}/badges/upcoming"), readOrgNoMember},
		// No fixture member is due a badge: a writer gets as far as the list (422).
		"POST /api/v1/orgs/{id}/badges": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/orgs/" + id(t.cell) + "/badges", map[string]any{"award_date": "2027-02-03", "decision": "1-QĐ/TU", "member_ids": []int64{t.member}}
		}, map[string][2]int{"admin": {422, 422}, "staff.a": {422, 404}, "leader.b": {403, 404}, "secretary.a1": {403, 404}, "member.thao": {404, 404}}},
		"GET /api/v1/members/{id}/badges": {get("/api/v1/members/{member}/badges"), readMember},
		"POST /api/v1/members/{id}/party-age-notes": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/members/" + id(t.member) + "/party-age-notes", map[string]any{"kind": "ill", "from": "2026-11-01", "note": fmt.Sprintf("Bệnh án %d", n)}
		}, map[string][2]int{"admin": {201, 201}, "staff.a": {201, 404}, "leader.b": {403, 404}, "secretary.a1": {201, 404}, "member.thao": {403, 404}}},
		"GET /api/v1/read-log": {get("/api/v1/read-log?member_id={member}"), map[string][2]int{"admin": {200, 200}, "staff.a": {200, 200}, "leader.b": {200, 200}, "secretary.a1": {403, 403}, "member.thao": {403, 403}}},
		// Evaluation, discipline, screening (issue 12).
		"GET /api/v1/members/{id}/ratings": {get("/api/v1/members/{member}/ratings"), readMember},
		"PUT /api/v1/members/{id}/ratings/{year}/self-review": {func(e *env, t target, n int) (string, string, any) {
			return "PUT", "/api/v1/members/" + id(t.member) + "/ratings/2026/self-review", map[string]any{"text": fmt.Sprintf("Tự kiểm điểm %d", n)}
		}, with(maps.Clone(writeMember), "member.thao", 200, 404)},
		"GET /api/v1/orgs/{id}/ratings": {get("/api/v1/orgs/{cell}/ratings?year=2026"), readOrg},
		"POST /api/v1/orgs/{id}/ratings/{year}/proposals": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/orgs/" + id(t.cell) + "/ratings/2026/proposals", map[string]any{"proposals": []any{map[string]any{"member_id": t.member, "level": "good", "points": 80}}}
		}, writeMember},
		"POST /api/v1/orgs/{id}/ratings/{year}/decisions": {func(e *env, t target, n int) (string, string, any) {
			e.propose(t)
			return "POST", "/api/v1/orgs/" + id(t.commune) + "/ratings/2026/decisions", map[string]any{"decision_number": fmt.Sprintf("%d-QĐ/ĐU", n), "date": "2026-11-20",
				"decisions": []any{map[string]any{"member_id": t.member, "level": "good"}}}
		}, committee},
		"POST /api/v1/orgs/{id}/ratings/{year}/org-ratings": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/orgs/" + id(t.commune) + "/ratings/2026/org-ratings", map[string]any{"decision_number": fmt.Sprintf("%d-QĐ/ĐU", n), "date": "2026-11-20",
				"ratings": []any{map[string]any{"org_id": t.cell, "level": "good", "points": 80}}}
		}, committee},
		"GET /api/v1/orgs/{id}/rating-shares":  {get("/api/v1/orgs/{cell}/rating-shares?year=2026"), readOrg},
		"GET /api/v1/members/{id}/disciplines": {get("/api/v1/members/{member}/disciplines"), readMember},
		"POST /api/v1/members/{id}/disciplines": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/members/" + id(t.member) + "/disciplines", reprimand(t, n)
		}, created(writeMember)},
		"GET /api/v1/orgs/{id}/disciplines": {get("/api/v1/orgs/{cell}/disciplines"), readOrg},
		"POST /api/v1/orgs/{id}/disciplines": {func(e *env, t target, n int) (string, string, any) {
			b := reprimand(t, n)
			b["body_id"], b["entitled"], b["votes_for"] = t.commune, 15, 9
			return "POST", "/api/v1/orgs/" + id(t.cell) + "/disciplines", b
		}, created(orgWriterOfCell)},
		"POST /api/v1/disciplines/{id}/appeal": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/disciplines/" + id(e.discipline(t, false)) + "/appeal", map[string]any{"lodged_on": "2026-11-20", "text": "Xin xem xét lại"}
		}, writeMember},
		"POST /api/v1/disciplines/{id}/appeal-outcome": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/disciplines/" + id(e.discipline(t, true)) + "/appeal-outcome", map[string]any{"outcome": "upheld", "decision_number": "4-QĐ/UBKT", "decided_on": "2026-11-22"}
		}, writeOrg},
		"GET /api/v1/orgs/{id}/screening":    {get("/api/v1/orgs/{cell}/screening"), readOrg},
		"GET /api/v1/members/{id}/screening": {get("/api/v1/members/{member}/screening"), readMember},
		"POST /api/v1/members/{id}/findings": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/members/" + id(t.member) + "/findings", map[string]any{"kind": "card_returned", "on": "2026-11-01", "note": fmt.Sprintf("Gửi lại thẻ %d", n)}
		}, created(writeMember)},
		"POST /api/v1/findings/{id}/close": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/findings/" + id(e.finding(t, domain.FindingEducation)) + "/close", map[string]any{"on": "2026-11-20", "note": "Đã tiến bộ"}
		}, writeMember},
		"POST /api/v1/members/{id}/removal-proposals": {func(e *env, t target, n int) (string, string, any) {
			e.finding(t, domain.FindingCardReturned)
			return "POST", "/api/v1/members/" + id(t.member) + "/removal-proposals", map[string]any{"grounds": []string{"card"}, "proposed_on": "2026-11-20"}
		}, created(writeMember)},
		"POST /api/v1/removal-proposals/{id}/decision": {func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/removal-proposals/" + id(e.removalCase(t)) + "/decision", map[string]any{"approve": true, "decision_number": fmt.Sprintf("%d-QĐ/ĐU", n), "date": "2026-11-22"}
		}, writeOrg},
		"GET /api/v1/orgs/{id}/removal-counts": {get("/api/v1/orgs/{cell}/removal-counts?from=2025&to=2026"), readOrg},
	}
}

// Every route of the table, for every role, on an object in scope and one
// out of scope: the answer is exactly as expected, and nothing out of scope
// is written. A route missing from the matrix fails.
func TestAccessMatrix(t *testing.T) {
	t.Parallel()
	m := matrix()
	var n atomic.Int64 // makes each request's body unique; counts the cases
	t.Cleanup(func() { t.Logf("%d cases", n.Load()) })
	for _, rt := range New(nil).routes() {
		key := rt.Method + " " + rt.Path
		c, ok := m[key]
		if !ok {
			t.Errorf("route %s is not in the access matrix", key)
			continue
		}
		delete(m, key)
		t.Run(key, func(t *testing.T) {
			t.Parallel()
			envs := caseEnvs{t: t, read: rt.Method == "GET"}
			for _, role := range roles {
				for side, name := range []string{"in scope", "out of scope"} {
					want := c.want[role][side]
					if want == 0 {
						continue
					}
					e := envs.next()
					tg := scopes(e)[role][side]
					method, path, body := c.req(e, tg, int(n.Add(1))) // may add what the request needs
					before := e.auditRows()
					st, b := e.do(role, method, path, body)
					if st != want {
						t.Errorf("%s %s: %d, want %d: %.200s", role, name, st, want, b)
					}
					if (st >= 400) && e.auditRows() != before {
						t.Errorf("%s %s: refused with %d but wrote", role, name, st)
					}
				}
			}
		})
	}
	for key := range m {
		t.Errorf("matrix entry %s has no route", key)
	}
}

// caseEnvs gives the cases of one route their environments. A writing
// route's request gets a fresh copy each, so that a write cannot change the
// next answer; a reading route's requests share one, in which a GET that
// wrote would change the next answer.
type caseEnvs struct {
	t      *testing.T
	read   bool
	shared *env
}

func (c *caseEnvs) next() *env {
	if !c.read {
		return testEnv(c.t)
	}
	if c.shared == nil {
		c.shared = testEnv(c.t)
	}
	return c.shared
}

var ctxb = context.Background()

func storeFilter(cell int64) store.MemberFilter { return store.MemberFilter{OrgID: cell, Limit: 500} }

// created is a copy of m with 201 where m answers 200 (the rows share m).
func created(m map[string][2]int) map[string][2]int {
	out := map[string][2]int{}
	for k, v := range m {
		for i := range v {
			if v[i] == 200 {
				v[i] = 201
			}
		}
		out[k] = v
	}
	return out
}

// reprimand is a decision of the target's cell reprimanding its member.
func reprimand(t target, n int) map[string]any {
	return map[string]any{"form": "reprimand", "violation": "Không chấp hành phân công", "violated_on": "2026-10-01", "body_id": t.cell, "entitled": 3, "votes_for": 2,
		"decision_number": fmt.Sprintf("%d-QĐ/CB", n), "decided_on": "2026-11-01"}
}

// propose has the target's cell propose its member "tốt" for 2026.
func (e *env) propose(t target) {
	if _, err := evaluation_(e).Propose(ctxb, domain.System, t.cell, 2026, []evaluation.ProposalItem{{MemberID: t.member, RatingProposal: domain.RatingProposal{Level: domain.RatingGood, Points: 80}}}); err != nil {
		e.t.Fatal(err)
	}
}

// discipline records a reprimand of the target's member by their cell,
// appealed when appealed is set, and returns its id.
func (e *env) discipline(t target, appealed bool) int64 {
	ds := &discipline.Service{DB: e.db}
	d, err := ds.DisciplineMember(ctxb, domain.System, t.member, domain.DisciplineInput{Form: domain.FormReprimand, Violation: "Không chấp hành phân công", ViolatedOn: domain.MustDate("2026-10-01"),
		BodyID: t.cell, Entitled: 3, For: 2, Decision: "7-QĐ/CB", DecidedOn: domain.MustDate("2026-11-10")})
	if err != nil {
		e.t.Fatal(err)
	}
	if appealed {
		if _, err := ds.Appeal(ctxb, domain.System, d.ID, domain.AppealInput{On: domain.MustDate("2026-11-15"), Text: "Xin xem xét lại"}); err != nil {
			e.t.Fatal(err)
		}
	}
	return d.ID
}

// finding records a finding of kind about the target's member.
func (e *env) finding(t target, kind domain.FindingKind) int64 {
	f, err := (&screening.Service{DB: e.db}).AddFinding(ctxb, domain.System, t.member, domain.FindingInput{Kind: kind, On: domain.MustDate("2026-11-01"), Note: "Ghi để thử"})
	if err != nil {
		e.t.Fatal(err)
	}
	return f.ID
}

// removalCase has the target's cell propose removing its member, who
// returned the card, and returns the case's id.
func (e *env) removalCase(t target) int64 {
	e.finding(t, domain.FindingCardReturned)
	c, err := (&screening.Service{DB: e.db}).Propose(ctxb, domain.System, t.member, domain.RemovalProposal{Grounds: []domain.GroundKind{domain.GroundCard}, On: domain.MustDate("2026-11-20")})
	if err != nil {
		e.t.Fatal(err)
	}
	return c.ID
}

func evaluation_(e *env) *evaluation.Service { return &evaluation.Service{DB: e.db} }

// Every reading route, for every role, on what it reaches: a member's
// answers hold nothing about anyone else in their cell or beyond (names,
// numbers, a reason of absence, a fee), while the cell's secretary and the
// commune's staff read the same answers whole.
func TestAccessMatrixContent(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	others := othersData(t, e)
	m := matrix()
	whole := map[string]bool{} // routes where the writers saw the others' data
	for _, rt := range New(nil).routes() {
		if rt.Method != "GET" {
			continue
		}
		key := rt.Method + " " + rt.Path
		c := m[key]
		for _, role := range roles {
			if c.want[role][0] != 200 {
				continue
			}
			method, path, body := c.req(e, scopes(e)[role][0], 0)
			st, b := e.do(role, method, path, body)
			if st != 200 {
				t.Errorf("%s %s: %d", role, key, st)
				continue
			}
			got := seen(string(b), others)
			switch role {
			case "member.thao":
				if len(got) > 0 {
					t.Errorf("member reads %v in %s: %.300s", got, path, b)
				}
			case "secretary.a1", "staff.a":
				if len(got) > 0 {
					whole[key] = true
				}
			}
		}
	}
	// The overview of her own cell and its full lists, which the matrix asks
	// of a commune: her own lines only.
	for _, list := range []string{"", "/vang", "/no", "/xoa-ten", "/nhiem-vu", "/chi-bo"} {
		path := "/api/v1/orgs/" + id(e.f.CellA1.ID) + "/overview" + list
		if st, b := e.do("member.thao", "GET", path, nil); st != 200 || len(seen(string(b), others)) > 0 {
			t.Errorf("member reads %v in %s: %d %.300s", seen(string(b), others), path, st, b)
		}
	}
	// Searching for him by name or number finds nothing either.
	for _, q := range []string{"dang+van+duc", e.f.Duc.CitizenID, e.f.Duc.CardNumber} {
		if st, b := e.do("member.thao", "GET", "/api/v1/search?q="+q, nil); st != 200 || len(seen(string(b), others)) > 0 {
			t.Errorf("member searches %s: %d %s", q, st, b)
		}
		if _, b := e.do("secretary.a1", "GET", "/api/v1/search?q="+q, nil); len(seen(string(b), others)) == 0 {
			t.Errorf("secretary searches %s and does not find him: %s", q, b)
		}
	}
	// The sightings are live: the writers of the cell read what the member may not.
	for _, key := range []string{"GET /api/v1/meetings/{id}", "GET /api/v1/orgs/{id}/fees", "GET /api/v1/members", "GET /api/v1/exports"} {
		if !whole[key] {
			t.Errorf("%s: the cell's writers do not read the others' data either; the check finds nothing", key)
		}
	}
}
