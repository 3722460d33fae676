package store_test

import (
	"testing"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// A cell's meetings and attendance: the roster is who was in the cell on the
// day; bad marks change nothing; the counts follow; subtree totals and the
// list of unexcused absences read them.
func TestMeetingsAndAttendance(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		sec := Actor(domain.RoleSecretary, f.CellA1)
		nov := domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: D("2026-11-05"), StartsAt: "19:30", Minutes: 100, Place: "Nhà văn hóa thôn", Chair: "Nguyễn Thị Hồng Thảo"}
		m, err := db.CreateMeeting(ctx, sec, f.CellA1.ID, nov)
		if err != nil {
			t.Fatal(err)
		}
		if m.Org != f.CellA1.Name || m.KindLabel != "Sinh hoạt định kỳ" {
			t.Fatalf("meeting: %+v", m)
		}
		// Out of scope: another cell's secretary cannot see it or write to the cell.
		other := Actor(domain.RoleSecretary, f.CellB1)
		if _, err := db.Meeting(ctx, other, m.ID); code(err) != domain.CodeNotFound {
			t.Fatalf("other cell reads: %v", err)
		}
		if _, err := db.CreateMeeting(ctx, other, f.CellA1.ID, nov); code(err) != domain.CodeNotFound {
			t.Fatalf("other cell writes: %v", err)
		}
		if _, err := db.CreateMeeting(ctx, Actor(domain.RoleLeader, f.CommuneA), f.CellA1.ID, nov); code(err) != domain.CodeForbidden {
			t.Fatalf("leader writes: %v", err)
		}
		if _, err := db.CreateMeeting(ctx, Actor(domain.RoleStaff, f.CommuneA), f.CommuneA.ID, nov); code(err) != domain.CodeInvalid {
			t.Fatalf("meeting of a commune: %v", err)
		}
		_, roster, err := db.Roster(ctx, sec, m.ID)
		if err != nil || len(roster) != 2 || roster[0].Name != "Đặng Văn Đức" {
			t.Fatalf("roster: %+v %v", roster, err)
		}
		// Bad marks: someone of another cell, an excused absence without a reason.
		_, err = db.RecordAttendance(ctx, sec, m.ID, []store.Mark{{MemberID: f.Thao.ID, Status: domain.Present}, {MemberID: f.Lan.ID, Status: domain.Present}, {MemberID: f.Duc.ID, Status: domain.Excused}})
		if code(err) != domain.CodeInvalid || len(fields(err)) != 2 {
			t.Fatalf("bad marks: %v %v", err, fields(err))
		}
		if got, _ := db.Meeting(ctx, sec, m.ID); got.Counts.Expected != 0 {
			t.Fatal("bad marks wrote something")
		}
		// A meeting still to come cannot be marked.
		dec, err := db.CreateMeeting(ctx, sec, f.CellA1.ID, domain.MeetingInput{Kind: domain.MeetingCombined, Topic: "Học tập Nghị quyết", HeldOn: D("2026-12-05")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.RecordAttendance(ctx, sec, dec.ID, []store.Mark{{MemberID: f.Thao.ID, Status: domain.Present}}); code(err) != domain.CodeConflict {
			t.Fatalf("future meeting marked: %v", err)
		}
		got, err := db.RecordAttendance(ctx, sec, m.ID, []store.Mark{{MemberID: f.Thao.ID, Status: domain.Present}, {MemberID: f.Duc.ID, Status: domain.Unexcused}})
		if err != nil || got.Counts != (domain.AttendanceCounts{Expected: 2, Present: 1, Unexcused: 1}) {
			t.Fatalf("marks: %+v %v", got.Counts, err)
		}
		// Re-marking replaces, and the counts follow.
		got, err = db.RecordAttendance(ctx, sec, m.ID, []store.Mark{{MemberID: f.Duc.ID, Status: domain.Excused, Reason: "Ốm"}})
		if err != nil || got.Counts != (domain.AttendanceCounts{Expected: 2, Present: 1, Excused: 1}) {
			t.Fatalf("re-mark: %+v %v", got.Counts, err)
		}
		// An October meeting, Đức absent without reason.
		oct, _ := db.CreateMeeting(ctx, sec, f.CellA1.ID, domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: D("2026-10-05"), Minutes: 90})
		if _, err := db.RecordAttendance(ctx, sec, oct.ID, []store.Mark{{MemberID: f.Thao.ID, Status: domain.Present}, {MemberID: f.Duc.ID, Status: domain.Unexcused}}); err != nil {
			t.Fatal(err)
		}
		staff := Actor(domain.RoleStaff, f.CommuneA)
		c, n, err := db.AttendanceTotals(ctx, staff, f.CommuneA.ID, D("2025-12-01"), D("2026-11-30"))
		if err != nil || n != 2 || c != (domain.AttendanceCounts{Expected: 4, Present: 2, Excused: 1, Unexcused: 1}) || c.Rate() != 500 {
			t.Fatalf("totals: %d %+v %v", n, c, err)
		}
		abs, err := db.Unexcused(ctx, staff, f.CommuneA.ID, D("2025-11-24"), D("2026-11-23"), 1)
		if err != nil || len(abs) != 1 || abs[0].MemberID != f.Duc.ID || abs[0].Count != 1 {
			t.Fatalf("unexcused: %+v %v", abs, err)
		}
		if abs, _ := db.Unexcused(ctx, Actor(domain.RoleStaff, f.CommuneB), f.CommuneB.ID, D("2025-11-24"), D("2026-11-23"), 1); len(abs) != 0 {
			t.Fatal("another commune sees the absences")
		}
		mc, err := db.MemberAttendance(ctx, sec, f.Duc.ID, D("2026-01-01"), D("2026-12-31"))
		if err != nil || mc != (domain.AttendanceCounts{Expected: 2, Excused: 1, Unexcused: 1}) {
			t.Fatalf("member: %+v %v", mc, err)
		}
		// A member who moved away after the meeting stays on its roster.
		if _, _, err := db.AddEvent(ctx, staff, f.Duc.ID, domain.Event{Kind: domain.EventMoved, Date: D("2026-11-10"), ToOrgID: f.CellA2.ID, Decision: "5-QĐ/ĐU"}); err != nil {
			t.Fatal(err)
		}
		if _, roster, _ := db.Roster(ctx, staff, m.ID); len(roster) != 2 {
			t.Fatalf("roster after a move: %+v", roster)
		}
		if _, roster, _ := db.Roster(ctx, staff, dec.ID); len(roster) != 1 {
			t.Fatalf("December roster: %+v", roster)
		}
		// A member working away is exempted for it, and shown so on the roster.
		if _, _, err := db.AddEvent(ctx, staff, f.Thao.ID, domain.Event{Kind: domain.EventExempted, Date: D("2026-11-15"), Reason: "Đi làm ăn xa", Decision: "6-QĐ/ĐU"}); err != nil {
			t.Fatal(err)
		}
		if _, roster, _ := db.Roster(ctx, staff, dec.ID); len(roster) != 1 || !roster[0].Exempted || roster[0].ExemptReason != "Đi làm ăn xa" {
			t.Fatalf("working away on the roster: %+v", roster)
		}
		if _, err := db.RecordAttendance(ctx, staff, oct.ID, []store.Mark{{MemberID: f.Thao.ID, Status: domain.Present}}); err != nil {
			t.Fatalf("October, before the exemption: %v", err)
		}
		// The date cannot move once marked; other fields can change.
		nov.HeldOn = D("2026-11-06")
		if _, err := db.UpdateMeeting(ctx, sec, m.ID, nov); code(err) != domain.CodeConflict {
			t.Fatalf("date moved after marks: %v", err)
		}
		nov.HeldOn, nov.Record = D("2026-11-05"), "Chi bộ thống nhất kế hoạch tháng 12."
		if u, err := db.UpdateMeeting(ctx, sec, m.ID, nov); err != nil || u.Record != nov.Record {
			t.Fatalf("update: %v", err)
		}
		ms, err := db.Meetings(ctx, sec, f.CellA1.ID, 2026)
		if err != nil || len(ms) != 3 || ms[0].ID != oct.ID {
			t.Fatalf("meetings: %d %v", len(ms), err)
		}
		// The plan for next year: twelve meetings, combined each quarter's end.
		n, err = db.PlanYear(ctx, sec, f.CellA1.ID, 2027, 31, "19:30", "Nhà văn hóa thôn", "")
		if err != nil || n != 12 {
			t.Fatalf("plan 2027: %d %v", n, err)
		}
		ms, _ = db.Meetings(ctx, sec, f.CellA1.ID, 2027)
		if len(ms) != 12 || ms[1].HeldOn != D("2027-02-28") || ms[2].Kind != domain.MeetingCombined || ms[0].Kind != domain.MeetingRegular {
			t.Fatalf("plan: %+v", ms)
		}
		if n, _ := db.PlanYear(ctx, sec, f.CellA1.ID, 2027, 5, "19:30", "", ""); n != 0 {
			t.Fatalf("planned twice: %d", n)
		}
		if _, err := db.PlanYear(ctx, Actor(domain.RoleLeader, f.CommuneA), f.CellA1.ID, 2027, 5, "", "", ""); code(err) != domain.CodeForbidden {
			t.Fatalf("leader plans: %v", err)
		}
		if v, err := db.VerifyAudit(ctx, domain.System); err != nil || !v.OK {
			t.Fatalf("audit: %+v %v", v, err)
		}
	})
}

// The organisation page's one-pass read agrees with the separate reads: a
// plain list takes its total from the counts, a filtered one counts.
func TestOrgPage(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		staff := Actor(domain.RoleStaff, f.CommuneA)
		for _, filter := range []store.MemberFilter{{Status: "active"}, {Status: "all"}, {Gender: "nu"}, {Q: "duc"}} {
			filter.OrgID, filter.Limit = f.CommuneA.ID, 50
			p, err := db.OrgPage(ctx, staff, f.CommuneA.ID, filter)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := db.Members(ctx, staff, filter)
			if p.Members.Total != want.Total || len(p.Members.Items) != len(want.Items) || p.Counts.Active != 3 || len(p.Children) != 2 || len(p.Path) != 1 {
				t.Fatalf("%+v: page %d/%d, want %d; counts %d, %d children", filter, p.Members.Total, len(p.Members.Items), want.Total, p.Counts.Active, len(p.Children))
			}
		}
		if _, err := db.OrgPage(ctx, Actor(domain.RoleStaff, f.CommuneB), f.CommuneA.ID, store.MemberFilter{}); code(err) != domain.CodeNotFound {
			t.Fatalf("out of scope: %v", err)
		}
		// Pickers: the open cells of a subtree or a scope, capped.
		cells, more, err := db.OpenCells(ctx, staff, 0, 10)
		if err != nil || more || len(cells) != 2 || cells[0].Code == "" {
			t.Fatalf("scope cells: %+v %v %v", cells, more, err)
		}
		if cells, more, _ := db.OpenCells(ctx, domain.System, f.Province.ID, 2); !more || len(cells) != 2 {
			t.Fatalf("capped: %+v %v", cells, more)
		}
		if _, _, err := db.OpenCells(ctx, staff, f.CommuneB.ID, 10); code(err) != domain.CodeNotFound {
			t.Fatalf("another commune's cells: %v", err)
		}
	})
}
