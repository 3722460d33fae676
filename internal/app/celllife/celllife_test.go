package celllife_test

import (
	"context"
	"testing"
	"time"

	"dangvien/internal/app/celllife"
	"dangvien/internal/app/fees"
	"dangvien/internal/app/members"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

var ctx = context.Background()

func code(err error) domain.Code { return domain.ErrorCode(err) }

func fields(err error) domain.Fields {
	if e, ok := err.(*domain.Error); ok {
		return e.Fields
	}
	return nil
}

func rosterOf(life *celllife.Service, a domain.Actor, meetingID int64) ([]domain.RosterRow, error) {
	v, err := life.Meeting(ctx, a, meetingID)
	return v.Roster, err
}

func mark(life *celllife.Service, a domain.Actor, meetingID, memberID int64, attended bool) error {
	_, err := life.RecordAttendance(ctx, a, meetingID, nil, []celllife.Guest{{MemberID: memberID, Attended: attended}})
	return err
}

// A cell's meetings and attendance: the roster is who was in the cell on the
// day; bad marks change nothing; the counts follow; subtree totals and the
// list of unexcused absences read them.
func TestMeetingsAndAttendance(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		life := &celllife.Service{DB: db}
		sec := Actor(domain.RoleSecretary, f.CellA1)
		nov := domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: D("2026-11-05"), StartsAt: "19:30", Minutes: 100, Place: "Nhà văn hóa thôn", Chair: "Nguyễn Thị Hồng Thảo"}
		m, err := life.CreateMeeting(ctx, sec, f.CellA1.ID, nov)
		if err != nil {
			t.Fatal(err)
		}
		if m.Org != f.CellA1.Name || m.KindLabel != "Sinh hoạt định kỳ" {
			t.Fatalf("meeting: %+v", m)
		}
		// Out of scope: another cell's secretary cannot see it or write to the cell.
		other := Actor(domain.RoleSecretary, f.CellB1)
		if _, err := life.Meeting(ctx, other, m.ID); code(err) != domain.CodeNotFound {
			t.Fatalf("other cell reads: %v", err)
		}
		if _, err := life.CreateMeeting(ctx, other, f.CellA1.ID, nov); code(err) != domain.CodeNotFound {
			t.Fatalf("other cell writes: %v", err)
		}
		if _, err := life.CreateMeeting(ctx, Actor(domain.RoleLeader, f.CommuneA), f.CellA1.ID, nov); code(err) != domain.CodeForbidden {
			t.Fatalf("leader writes: %v", err)
		}
		if _, err := life.CreateMeeting(ctx, Actor(domain.RoleStaff, f.CommuneA), f.CommuneA.ID, nov); code(err) != domain.CodeInvalid {
			t.Fatalf("meeting of a commune: %v", err)
		}
		roster, err := rosterOf(life, sec, m.ID)
		if err != nil || len(roster) != 2 || roster[0].Name != "Đặng Văn Đức" {
			t.Fatalf("roster: %+v %v", roster, err)
		}
		// Bad marks: someone of another cell, an excused absence without a reason.
		_, err = life.RecordAttendance(ctx, sec, m.ID, []domain.Mark{{MemberID: f.Thao.ID, Status: domain.Present}, {MemberID: f.Lan.ID, Status: domain.Present}, {MemberID: f.Duc.ID, Status: domain.Excused}}, nil)
		if code(err) != domain.CodeInvalid || len(fields(err)) != 2 {
			t.Fatalf("bad marks: %v %v", err, fields(err))
		}
		if got, _ := life.Meeting(ctx, sec, m.ID); got.Meeting.Counts.Expected != 0 {
			t.Fatal("bad marks wrote something")
		}
		// A meeting still to come cannot be marked.
		dec, err := life.CreateMeeting(ctx, sec, f.CellA1.ID, domain.MeetingInput{Kind: domain.MeetingCombined, Topic: "Học tập Nghị quyết", HeldOn: D("2026-12-05")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := life.RecordAttendance(ctx, sec, dec.ID, []domain.Mark{{MemberID: f.Thao.ID, Status: domain.Present}}, nil); code(err) != domain.CodeConflict {
			t.Fatalf("future meeting marked: %v", err)
		}
		got, err := life.RecordAttendance(ctx, sec, m.ID, []domain.Mark{{MemberID: f.Thao.ID, Status: domain.Present}, {MemberID: f.Duc.ID, Status: domain.Unexcused}}, nil)
		if err != nil || got.Counts != (domain.AttendanceCounts{Expected: 2, Present: 1, Unexcused: 1}) {
			t.Fatalf("marks: %+v %v", got.Counts, err)
		}
		// Re-marking replaces, and the counts follow.
		got, err = life.RecordAttendance(ctx, sec, m.ID, []domain.Mark{{MemberID: f.Duc.ID, Status: domain.Excused, Reason: "Ốm"}}, nil)
		if err != nil || got.Counts != (domain.AttendanceCounts{Expected: 2, Present: 1, Excused: 1}) {
			t.Fatalf("re-mark: %+v %v", got.Counts, err)
		}
		// An October meeting, Đức absent without reason.
		oct, _ := life.CreateMeeting(ctx, sec, f.CellA1.ID, domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: D("2026-10-05"), Minutes: 90})
		if _, err := life.RecordAttendance(ctx, sec, oct.ID, []domain.Mark{{MemberID: f.Thao.ID, Status: domain.Present}, {MemberID: f.Duc.ID, Status: domain.Unexcused}}, nil); err != nil {
			t.Fatal(err)
		}
		staff := Actor(domain.RoleStaff, f.CommuneA)
		tv, err := life.OrgAttendance(ctx, staff, f.CommuneA.ID, D("2025-12-01"), D("2026-11-30"), 1)
		if c := tv.Attendance; err != nil || tv.Meetings != 2 || c != (domain.AttendanceCounts{Expected: 4, Present: 2, Excused: 1, Unexcused: 1}) || tv.PerMille != 500 {
			t.Fatalf("totals: %+v %v", tv, err)
		}
		av, err := life.OrgAttendance(ctx, staff, f.CommuneA.ID, D("2025-11-24"), D("2026-11-23"), 1)
		if abs := av.Absentees; err != nil || len(abs) != 1 || abs[0].MemberID != f.Duc.ID || abs[0].Count != 1 {
			t.Fatalf("unexcused: %+v %v", av, err)
		}
		if av, _ := life.OrgAttendance(ctx, Actor(domain.RoleStaff, f.CommuneB), f.CommuneB.ID, D("2025-11-24"), D("2026-11-23"), 1); len(av.Absentees) != 0 {
			t.Fatal("another commune sees the absences")
		}
		mv, err := life.MemberAttendance(ctx, sec, f.Duc.ID, D("2026-01-01"), D("2026-12-31"))
		if mc := mv.Attendance; err != nil || mc != (domain.AttendanceCounts{Expected: 2, Excused: 1, Unexcused: 1}) {
			t.Fatalf("member: %+v %v", mv, err)
		}
		// A member who moved away after the meeting stays on its roster.
		if _, _, err := membersOf(db).AddEvent(ctx, staff, f.Duc.ID, domain.Event{Kind: domain.EventMoved, Date: D("2026-11-10"), ToOrgID: f.CellA2.ID, Decision: "5-QĐ/ĐU"}); err != nil {
			t.Fatal(err)
		}
		if roster, _ := rosterOf(life, staff, m.ID); len(roster) != 2 {
			t.Fatalf("roster after a move: %+v", roster)
		}
		if roster, _ := rosterOf(life, staff, dec.ID); len(roster) != 1 {
			t.Fatalf("December roster: %+v", roster)
		}
		// A member working away is exempted for it, and shown so on the roster.
		if _, _, err := membersOf(db).AddEvent(ctx, staff, f.Thao.ID, domain.Event{Kind: domain.EventExempted, Date: D("2026-11-15"), Reason: "Đi làm ăn xa", Decision: "6-QĐ/ĐU"}); err != nil {
			t.Fatal(err)
		}
		if roster, _ := rosterOf(life, staff, dec.ID); len(roster) != 1 || !roster[0].Exempted || roster[0].ExemptReason != "Đi làm ăn xa" {
			t.Fatalf("working away on the roster: %+v", roster)
		}
		if _, err := life.RecordAttendance(ctx, staff, oct.ID, []domain.Mark{{MemberID: f.Thao.ID, Status: domain.Present}}, nil); err != nil {
			t.Fatalf("October, before the exemption: %v", err)
		}
		// The date cannot move once marked; other fields can change.
		nov.HeldOn = D("2026-11-06")
		if _, err := life.UpdateMeeting(ctx, sec, m.ID, nov); code(err) != domain.CodeConflict {
			t.Fatalf("date moved after marks: %v", err)
		}
		nov.HeldOn, nov.Record = D("2026-11-05"), "Chi bộ thống nhất kế hoạch tháng 12."
		if u, err := life.UpdateMeeting(ctx, sec, m.ID, nov); err != nil || u.Record != nov.Record {
			t.Fatalf("update: %v", err)
		}
		yv, err := life.Year(ctx, sec, f.CellA1.ID, 2026)
		if ms := yv.Meetings; err != nil || len(ms) != 3 || ms[0].ID != oct.ID {
			t.Fatalf("meetings: %d %v", len(ms), err)
		}
		// The plan for next year: twelve meetings, combined each quarter's end.
		pv, err := life.PlanYear(ctx, sec, f.CellA1.ID, domain.PlanInput{Year: 2027, Day: 31, StartsAt: "19:30", Place: "Nhà văn hóa thôn"})
		if err != nil || pv.Added != 12 {
			t.Fatalf("plan 2027: %+v %v", pv, err)
		}
		yv, _ = life.Year(ctx, sec, f.CellA1.ID, 2027)
		ms := yv.Meetings
		if len(ms) != 12 || ms[1].HeldOn != D("2027-02-28") || ms[2].Kind != domain.MeetingCombined || ms[0].Kind != domain.MeetingRegular {
			t.Fatalf("plan: %+v", ms)
		}
		if pv, _ := life.PlanYear(ctx, sec, f.CellA1.ID, domain.PlanInput{Year: 2027, Day: 5, StartsAt: "19:30"}); pv.Added != 0 {
			t.Fatalf("planned twice: %+v", pv)
		}
		if _, err := life.PlanYear(ctx, Actor(domain.RoleLeader, f.CommuneA), f.CellA1.ID, domain.PlanInput{Year: 2027, Day: 5}); code(err) != domain.CodeForbidden {
			t.Fatalf("leader plans: %v", err)
		}
		if v, err := db.VerifyAudit(ctx, domain.System); err != nil || !v.OK {
			t.Fatalf("audit: %+v %v", v, err)
		}
	})
}

// Committee members in charge of cells: who covers which cell and whether
// they came to its meetings.
func TestInCharge(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		life := &celllife.Service{DB: db}
		staff := Actor(domain.RoleStaff, f.CommuneA)
		sec := Actor(domain.RoleSecretary, f.CellA1)
		// Thảo (of cell A1, on the commune committee) covers cell A2 from March.
		c, err := life.AssignInCharge(ctx, staff, f.CellA2.ID, f.Thao.ID, D("2026-03-01"), "15-QĐ/ĐU")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := life.AssignInCharge(ctx, staff, f.CellA2.ID, f.Thao.ID, D("2026-04-01"), ""); code(err) != domain.CodeConflict {
			t.Fatalf("twice: %v", err)
		}
		if _, err := life.AssignInCharge(ctx, Actor(domain.RoleSecretary, f.CellA2), f.CellA2.ID, f.Duc.ID, D("2026-03-01"), ""); code(err) != domain.CodeForbidden {
			t.Fatalf("the cell's secretary assigns: %v", err)
		}
		if _, err := life.AssignInCharge(ctx, sec, f.CellA2.ID, f.Duc.ID, D("2026-03-01"), ""); code(err) != domain.CodeNotFound {
			t.Fatalf("another cell's secretary assigns: %v", err)
		}
		if _, err := life.AssignInCharge(ctx, Actor(domain.RoleStaff, f.CommuneB), f.CellA2.ID, f.Lan.ID, D("2026-03-01"), ""); code(err) != domain.CodeNotFound {
			t.Fatalf("other commune assigns: %v", err)
		}
		a2 := Actor(domain.RoleSecretary, f.CellA2)
		feb, _ := life.CreateMeeting(ctx, a2, f.CellA2.ID, domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: D("2026-02-05"), Minutes: 90})
		oct, _ := life.CreateMeeting(ctx, a2, f.CellA2.ID, domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: D("2026-10-05"), Minutes: 90})
		nov, _ := life.CreateMeeting(ctx, a2, f.CellA2.ID, domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: D("2026-11-05"), Minutes: 90})
		if err := mark(life, a2, feb.ID, f.Thao.ID, true); code(err) != domain.CodeInvalid {
			t.Fatalf("marked before the charge: %v", err)
		}
		if err := mark(life, a2, oct.ID, f.Thao.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := mark(life, a2, nov.ID, f.Thao.ID, false); err != nil {
			t.Fatal(err)
		}
		nv, err := life.Meeting(ctx, a2, nov.ID)
		at := nv.InCharge
		if err != nil || len(at) != 1 || !at[0].Marked || at[0].Attended {
			t.Fatalf("at November: %+v %v", at, err)
		}
		rep, err := life.InCharge(ctx, staff, f.CommuneA.ID, D("2025-11-24"), D("2026-11-23"))
		if err != nil || len(rep) != 1 || rep[0].ID != c.ID || rep[0].Held != 2 || rep[0].Attended != 1 || rep[0].Marked != 2 || rep[0].Member != "Nguyễn Thị Hồng Thảo" {
			t.Fatalf("report: %+v %v", rep, err)
		}
		if rep, _ := life.InCharge(ctx, Actor(domain.RoleStaff, f.CommuneB), f.CommuneB.ID, D("2025-11-24"), D("2026-11-23")); len(rep) != 0 {
			t.Fatal("another commune sees the charge")
		}
		if err := life.EndInCharge(ctx, staff, c.ID, D("2026-11-10")); err != nil {
			t.Fatal(err)
		}
		if err := life.EndInCharge(ctx, staff, c.ID, D("2026-11-11")); code(err) != domain.CodeConflict {
			t.Fatalf("ended twice: %v", err)
		}
		if v, err := db.VerifyAudit(ctx, domain.System); err != nil || !v.OK {
			t.Fatalf("audit: %+v %v", v, err)
		}
	})
}

// Tasks: given to active members only, noted and reviewed; flags list who
// has no current task and which tasks went stale after a move, a new
// position or an exemption.
func TestTasks(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		life := &celllife.Service{DB: db}
		sec := Actor(domain.RoleSecretary, f.CellA1)
		staff := Actor(domain.RoleStaff, f.CommuneA)
		task := domain.TaskInput{Title: "Phụ trách tuyên truyền ở xóm Đồng Bùa", From: D("2026-01-15"), To: D("2026-12-31"), AssignedBy: "Chi ủy"}
		tk, err := life.GiveTask(ctx, sec, f.Thao.ID, task)
		if err != nil || !tk.Current || len(tk.Stale) != 0 {
			t.Fatalf("create: %+v %v", tk, err)
		}
		if _, err := life.GiveTask(ctx, Actor(domain.RoleSecretary, f.CellB1), f.Thao.ID, task); code(err) != domain.CodeNotFound {
			t.Fatalf("other cell gives a task: %v", err)
		}
		if _, err := life.GiveTask(ctx, Actor(domain.RoleLeader, f.CommuneA), f.Thao.ID, task); code(err) != domain.CodeForbidden {
			t.Fatalf("leader gives a task: %v", err)
		}
		bad := task
		bad.To = D("2025-01-01")
		if _, err := life.GiveTask(ctx, sec, f.Thao.ID, bad); code(err) != domain.CodeInvalid {
			t.Fatalf("ends before it starts: %v", err)
		}
		if _, err := life.AddTaskNote(ctx, sec, tk.ID, domain.TaskNote{On: D("2026-06-30"), Rating: domain.TaskDoneWell, Note: "Sáu tháng đầu năm: tốt"}); err != nil {
			t.Fatal(err)
		}
		if _, err := life.AddTaskNote(ctx, sec, tk.ID, domain.TaskNote{On: D("2026-01-01")}); code(err) != domain.CodeInvalid {
			t.Fatalf("empty note: %v", err)
		}
		tv, _ := life.Tasks(ctx, sec, f.Thao.ID)
		ts := tv.Tasks
		if len(ts) != 1 || len(ts[0].Notes) != 1 || ts[0].Notes[0].Rating != domain.TaskDoneWell {
			t.Fatalf("tasks: %+v", ts)
		}
		// Đức has none; Thảo's task is fine.
		fl, err := life.TaskFlags(ctx, staff, f.CommuneA.ID)
		none, stale := fl.NoTask, fl.Stale
		if err != nil || !fl.Listed || len(stale) != 0 {
			t.Fatalf("flags: %v %+v", err, stale)
		}
		names := map[int64]bool{}
		for _, r := range none {
			names[r.MemberID] = true
		}
		if !names[f.Duc.ID] || names[f.Thao.ID] {
			t.Fatalf("no task: %+v", none)
		}
		// Thảo moves to A2: her task is stale.
		if _, _, err := membersOf(db).AddEvent(ctx, staff, f.Thao.ID, domain.Event{Kind: domain.EventMoved, Date: D("2026-11-01"), ToOrgID: f.CellA2.ID, Decision: "7-QĐ/ĐU"}); err != nil {
			t.Fatal(err)
		}
		fl, _ = life.TaskFlags(ctx, staff, f.CommuneA.ID)
		stale = fl.Stale
		if len(stale) != 1 || stale[0].TaskID != tk.ID || stale[0].Reasons[0] != "đảng viên đã chuyển sinh hoạt sang chi bộ khác" {
			t.Fatalf("stale after a move: %+v", stale)
		}
		// A removed member gets no task.
		if _, _, err := membersOf(db).AddEvent(ctx, staff, f.Duc.ID, domain.Event{Kind: domain.EventRemoved, Date: D("2026-11-02"), Reason: "Bỏ sinh hoạt", Decision: "8-QĐ/ĐU"}); err != nil {
			t.Fatal(err)
		}
		if _, err := life.GiveTask(ctx, staff, f.Duc.ID, task); code(err) != domain.CodeConflict {
			t.Fatalf("task for a removed member: %v", err)
		}
		var listed bool
		db.Read(ctx, staff, func(tx *store.Tx) error {
			o, _ := tx.Org(f.CommuneA.ID)
			_, _, listed, _ = tx.TaskFlags(o, 1)
			return nil
		})
		if listed {
			t.Fatal("a subtree over the cap was listed")
		}
		if v, err := db.VerifyAudit(ctx, domain.System); err != nil || !v.OK {
			t.Fatalf("audit: %+v %v", v, err)
		}
	})
}

// Grounds for removal (issue 10, RULES.md Removal): three different months
// of unexcused absence or unpaid fees, not three meetings; every ground
// names its meetings and months, on the overview and the cell's page, and
// a meeting that was too short says so on its own page.
func TestRemovalGroundsInMonths(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		life, fs := &celllife.Service{DB: db}, &fees.Service{DB: db}
		sec := Actor(domain.RoleSecretary, f.CellA1)
		staff := Actor(domain.RoleStaff, f.CommuneA)
		meet := func(day string, minutes int) int64 {
			m, err := life.CreateMeeting(ctx, sec, f.CellA1.ID, domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: D(day), Minutes: minutes})
			if err != nil {
				t.Fatal(err)
			}
			return m.ID
		}
		absent := func(id int64) {
			if _, err := life.RecordAttendance(ctx, sec, id, []domain.Mark{{MemberID: f.Duc.ID, Status: domain.Unexcused}, {MemberID: f.Thao.ID, Status: domain.Present}}, nil); err != nil {
				t.Fatal(err)
			}
		}
		// Three meetings missed in September: one month. Thảo is never absent.
		for _, d := range []string{"2026-09-03", "2026-09-17", "2026-09-24"} {
			absent(meet(d, 90))
		}
		v, err := life.Overview(ctx, staff, f.CommuneA.ID)
		if err != nil || v.Removal != 0 || v.RemovalAt != 3 || v.RemovalSrc == "" {
			t.Fatalf("three meetings in one month: %d grounds, %v", v.Removal, err)
		}
		// October missed, and the August fee unpaid: three months.
		short := meet("2026-10-08", 45)
		absent(short)
		if _, err := fs.SetProfile(ctx, sec, f.Duc.ID, domain.FeeProfile{Category: domain.FeeSalaried, Base: 6_000_000}); err != nil {
			t.Fatal(err)
		}
		if _, err := fs.OpenMonth(ctx, sec, f.CellA1.ID, domain.Month{Year: 2026, Mon: 8}); err != nil {
			t.Fatal(err)
		}
		if err := fs.Pay(ctx, sec, f.Thao.ID, []domain.Month{{Year: 2026, Mon: 8}}, D("2026-08-20")); err != nil {
			t.Fatal(err)
		}
		v, _ = life.Overview(ctx, staff, f.CommuneA.ID)
		if v.Removal != 1 || v.Grounds[0].MemberID != f.Duc.ID {
			t.Fatalf("grounds: %+v", v.Grounds)
		}
		g := v.Grounds[0]
		if len(g.Months) != 3 || g.Months[0] != "2026-08" || len(g.Missed) != 4 || g.Missed[3].MeetingID != short || len(g.Unpaid) != 1 || g.Name != "Đặng Văn Đức" {
			t.Fatalf("evidence: %+v", g)
		}
		// The cell's page lists the same; another commune sees nothing.
		if y, _ := life.Year(ctx, sec, f.CellA1.ID, 2026); len(y.Grounds) != 1 || len(y.Grounds[0].Months) != 3 {
			t.Fatalf("cell page: %+v", y.Grounds)
		}
		if _, err := life.Overview(ctx, Actor(domain.RoleStaff, f.CommuneB), f.CommuneA.ID); code(err) != domain.CodeNotFound {
			t.Fatalf("another commune: %v", err)
		}
		// The short meeting says so on its page.
		mv, _ := life.Meeting(ctx, sec, short)
		if len(mv.Problems) != 1 || mv.Problems[0].Rule != "too_short" {
			t.Fatalf("short meeting: %+v", mv.Problems)
		}
	})
}

// membersOf is the member use cases on db.
func membersOf(db *store.DB) *members.Service { return &members.Service{DB: db} }

// On the last day of a month its fee can still be paid: the month counts as
// unpaid for removal from the next day (RULES.md, Removal;
// domain.LastEndedMonth).
func TestRemovalGroundsCountAMonthOnceItHasEnded(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		life, fs := &celllife.Service{DB: db}, &fees.Service{DB: db}
		sec := Actor(domain.RoleSecretary, f.CellA1)
		staff := Actor(domain.RoleStaff, f.CommuneA)
		for _, d := range []string{"2026-09-10", "2026-10-08"} {
			m, err := life.CreateMeeting(ctx, sec, f.CellA1.ID, domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: D(d), Minutes: 90})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := life.RecordAttendance(ctx, sec, m.ID, []domain.Mark{{MemberID: f.Duc.ID, Status: domain.Unexcused}, {MemberID: f.Thao.ID, Status: domain.Present}}, nil); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := fs.SetProfile(ctx, sec, f.Duc.ID, domain.FeeProfile{Category: domain.FeeSalaried, Base: 6_000_000}); err != nil {
			t.Fatal(err)
		}
		if _, err := fs.OpenMonth(ctx, sec, f.CellA1.ID, domain.Month{Year: 2026, Mon: 11}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			now  time.Time
			want int
		}{
			{time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC), 0}, // November may still be paid today
			{time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), 1},  // September, October, November
		} {
			db.Now = func() time.Time { return c.now }
			v, err := life.Overview(ctx, staff, f.CommuneA.ID)
			if err != nil || v.Removal != c.want {
				t.Fatalf("on %s: %d grounds (%+v), want %d: %v", c.now.Format("02/01"), v.Removal, v.Grounds, c.want, err)
			}
		}
	})
}
