package celllife_test

import (
	"testing"

	"dangvien/internal/app/celllife"
	"dangvien/internal/app/fees"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// A member reads their cell's schedule and their own lines only (DESIGN.md,
// who uses it: a member sees their own record, tasks, meeting schedule and
// fee history): the meeting's roster, the committee members in charge who
// came, the fee sheet, the unexcused absences and arrears of the cell hold
// their own line and nobody else's; the cell's secretary reads them whole.
func TestMemberReadsOwnLines(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		life, fs := &celllife.Service{DB: db}, &fees.Service{DB: db}
		sec := Actor(domain.RoleSecretary, f.CellA1)
		thao := domain.Actor{Username: "thao", Role: domain.RoleMember, MemberID: f.Thao.ID}
		m, err := life.CreateMeeting(ctx, sec, f.CellA1.ID, domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: D("2026-11-05"), Minutes: 95})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := life.AssignInCharge(ctx, domain.System, f.CellA1.ID, f.Duc.ID, D("2026-01-01"), "1-QĐ/ĐU"); err != nil {
			t.Fatal(err)
		}
		if _, err := life.RecordAttendance(ctx, sec, m.ID, []domain.Mark{{MemberID: f.Duc.ID, Status: domain.Unexcused}, {MemberID: f.Thao.ID, Status: domain.Excused, Reason: "Ốm"}},
			[]celllife.Guest{{MemberID: f.Duc.ID, Attended: false}}); err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{f.Thao.ID, f.Duc.ID} {
			if _, err := fs.SetProfile(ctx, sec, id, domain.FeeProfile{Category: domain.FeeSalaried, Base: 8_000_000}); err != nil {
				t.Fatal(err)
			}
		}
		nov := domain.Month{Year: 2026, Mon: 11}
		if _, err := fs.OpenMonth(ctx, sec, f.CellA1.ID, nov); err != nil {
			t.Fatal(err)
		}

		// The secretary reads the whole cell.
		sv, err := life.Meeting(ctx, sec, m.ID)
		if err != nil || len(sv.Roster) != 2 || len(sv.InCharge) != 1 || sv.OwnOnly {
			t.Fatalf("secretary's meeting: %+v %v", sv, err)
		}
		ss, err := fs.Sheet(ctx, sec, f.CellA1.ID, nov)
		if err != nil || len(ss.Rows) != 2 {
			t.Fatalf("secretary's sheet: %+v %v", ss, err)
		}

		// The member: the meeting and her own line of it.
		v, err := life.Meeting(ctx, thao, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Roster) != 1 || v.Roster[0].MemberID != f.Thao.ID || v.Roster[0].Reason != "Ốm" || len(v.InCharge) != 0 || !v.OwnOnly || v.CanWrite {
			t.Fatalf("member's meeting: roster %+v, in charge %+v", v.Roster, v.InCharge)
		}
		if v.Meeting.Counts.Expected != 2 {
			t.Errorf("the meeting's counts are the cell's: %+v", v.Meeting.Counts)
		}
		s, err := fs.Sheet(ctx, thao, f.CellA1.ID, nov)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Rows) != 1 || s.Rows[0].MemberID != f.Thao.ID || s.Due != s.Rows[0].Due || len(s.Sent) != 0 || !s.OwnOnly {
			t.Fatalf("member's sheet: %+v", s)
		}
		y, err := life.Year(ctx, thao, f.CellA1.ID, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if len(y.Meetings) != 1 || len(y.Absentees) != 0 || len(y.InCharge) != 0 || !y.OwnOnly {
			t.Fatalf("member's year: %+v", y)
		}
		// Her own unexcused absence would be hers to read; Đức's is not.
		sy, _ := life.Year(ctx, sec, f.CellA1.ID, 2026)
		if len(sy.Absentees) != 1 || sy.Absentees[0].MemberID != f.Duc.ID {
			t.Fatalf("secretary's absentees: %+v", sy.Absentees)
		}
		arr, err := fs.Arrears(ctx, thao, f.CellA1.ID, nov, nov, 1)
		if err != nil || len(arr.Debtors) != 1 || arr.Debtors[0].MemberID != f.Thao.ID {
			t.Fatalf("member's arrears: %+v %v", arr, err)
		}
	})
}
