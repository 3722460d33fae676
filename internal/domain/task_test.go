package domain

import (
	"strings"
	"testing"
)

// Task assignment (phân công nhiệm vụ): a task fits the member's situation
// when given; a move, a position change, an exemption after it, or leaving
// the roll makes it stale and due for review.
func TestStaleReasons(t *testing.T) {
	given := MustDate("2026-03-01")
	at := TaskSnapshot{OrgID: 7, PartyPosition: "Chi ủy viên", GovPosition: ""}
	now := func(edit func(*MemberNow)) MemberNow {
		m := MemberNow{TaskSnapshot: at, Status: StatusOfficial}
		edit(&m)
		return m
	}
	for _, tc := range []struct {
		name string
		m    MemberNow
		want string
	}{
		{"unchanged", now(func(*MemberNow) {}), ""},
		{"moved cell", now(func(m *MemberNow) { m.OrgID = 8 }), "chuyển sinh hoạt"},
		{"new position", now(func(m *MemberNow) { m.PartyPosition = "Bí thư chi bộ" }), "chức vụ"},
		{"exempted after", now(func(m *MemberNow) { m.Exempted, m.ExemptedOn = true, MustDate("2026-05-01") }), "miễn sinh hoạt"},
		{"exempted before (task fitted to it)", now(func(m *MemberNow) { m.Exempted, m.ExemptedOn = true, MustDate("2025-05-01") }), ""},
		{"removed", now(func(m *MemberNow) { m.Status = StatusRemoved; m.OrgID = 8 }), "không còn trong danh sách"},
	} {
		got := strings.Join(StaleReasons(given, at, tc.m), "; ")
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestValidateTask(t *testing.T) {
	ok := TaskInput{Title: "Phụ trách tuyên truyền ở tổ dân phố số 3", From: MustDate("2026-01-01"), To: MustDate("2026-12-31")}
	for _, tc := range []struct {
		name  string
		edit  func(*TaskInput)
		field string
	}{
		{"valid", func(*TaskInput) {}, ""},
		{"open-ended", func(in *TaskInput) { in.To = Date{} }, ""},
		{"no title", func(in *TaskInput) { in.Title = "  " }, "title"},
		{"no start", func(in *TaskInput) { in.From = Date{} }, "from"},
		{"ends before it starts", func(in *TaskInput) { in.To = MustDate("2025-12-31") }, "to"},
	} {
		in := ok
		tc.edit(&in)
		var got string
		if e, isErr := ValidateTask(in).(*Error); isErr {
			for k := range e.Fields {
				got = k
			}
		}
		if got != tc.field {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.field)
		}
	}
	if !ok.Current(MustDate("2026-06-01")) || ok.Current(MustDate("2027-01-01")) || ok.Current(MustDate("2025-12-31")) {
		t.Error("Current")
	}
}
