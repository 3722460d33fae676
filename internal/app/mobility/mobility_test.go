package mobility_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"

	"dangvien/internal/app/celllife"
	"dangvien/internal/app/evaluation"
	"dangvien/internal/app/members"
	"dangvien/internal/app/mobility"
	"dangvien/internal/app/orgs"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

var ctx = context.Background()

func code(err error) domain.Code {
	if err == nil {
		return ""
	}
	return domain.ErrorCode(err)
}

func fieldErr(t *testing.T, err error, c domain.Code, field string) {
	t.Helper()
	var e *domain.Error
	if !errors.As(err, &e) || e.Code != c || (field != "" && e.Fields[field] == "") {
		t.Fatalf("want %s on %q, got %#v", c, field, err)
	}
}

func audits(t *testing.T, db *store.DB) int { return Count(t, db, "SELECT count(*) FROM audit") }

func member(t *testing.T, db *store.DB, id int64) domain.Member {
	t.Helper()
	m, err := (&members.Service{DB: db}).Member(ctx, domain.System, id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// unchanged runs fn, which must be refused with code c, and checks that it
// wrote nothing: no audit row, no transfer, no event.
func unchanged(t *testing.T, db *store.DB, c domain.Code, fn func() error) {
	t.Helper()
	a, tr, ev := audits(t, db), Count(t, db, "SELECT count(*) FROM transfers"), Count(t, db, "SELECT count(*) FROM member_events")
	if err := fn(); code(err) != c {
		t.Fatalf("want %s, got %v", c, err)
	}
	if audits(t, db) != a || Count(t, db, "SELECT count(*) FROM transfers") != tr || Count(t, db, "SELECT count(*) FROM member_events") != ev {
		t.Fatal("a refused action wrote something")
	}
}

var (
	staffA = func(f *Fix) domain.Actor { return Actor(domain.RoleStaff, f.CommuneA) }
	staffB = func(f *Fix) domain.Actor { return Actor(domain.RoleStaff, f.CommuneB) }
)

type orgsTree struct{ db *store.DB }

func (o *orgsTree) tree(a domain.Actor, on domain.Date) ([]*store.TreeNode, error) {
	v, err := (&orgs.Service{DB: o.db}).Tree(ctx, a, on)
	return v.Roots, err
}

func find(nodes []*store.TreeNode, id int64) *store.TreeNode {
	for _, n := range nodes {
		if n.ID == id {
			return n
		}
		if c := find(n.Children, id); c != nil {
			return c
		}
	}
	return nil
}

// An official transfer inside the installation (RULES.md, Transfers): the
// sending committee issues a numbered letter; the member is in transit, off
// the sending cell's roll, with the tasks there closed; a second letter is
// refused; the receiving side, and only for its own cell, confirms; the
// member joins its roll; both sides see the transfer.
func TestOfficialTransferInside(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := &mobility.Service{DB: db}
		life := &celllife.Service{DB: db}
		if _, err := life.GiveTask(ctx, domain.System, f.Duc.ID, domain.TaskInput{Title: "Phụ trách tổ dân vận", From: D("2026-01-05")}); err != nil {
			t.Fatal(err)
		}
		in := domain.TransferInput{ToOrgID: f.CellB1.ID, EffectiveOn: D("2026-10-01"), LetterOn: D("2026-11-02"), Reason: "Chuyển nơi cư trú", Decision: "45-QĐ/UBND"}
		// A secretary does not issue letters; a leader neither.
		unchanged(t, db, domain.CodeForbidden, func() error { _, err := s.Issue(ctx, Actor(domain.RoleSecretary, f.CellA1), f.Duc.ID, in); return err })
		unchanged(t, db, domain.CodeNotFound, func() error { _, err := s.Issue(ctx, staffB(f), f.Duc.ID, in); return err })
		tv, err := s.Issue(ctx, staffA(f), f.Duc.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if tv.Number != "1-GGT/X01" || tv.Status != domain.TransferInTransit || tv.Side != "from" || tv.ToName != f.CellB1.Name {
			t.Fatalf("letter: %+v", tv)
		}
		if tv.Deadlines.PresentDue.IsZero() || tv.Deadlines.PresentDue.ISO() != "2026-12-14" {
			t.Fatalf("deadline: %+v", tv.Deadlines)
		}
		duc := member(t, db, f.Duc.ID)
		if duc.Status != domain.StatusTransferred || duc.OrgID != f.CellA1.ID {
			t.Fatalf("in transit: %+v", duc)
		}
		// The tasks at the old cell closed with a note.
		tasks, err := life.Tasks(ctx, domain.System, f.Duc.ID)
		if err != nil || len(tasks.Tasks) != 1 || tasks.Tasks[0].To.ISO() != "2026-11-02" || len(tasks.Tasks[0].Notes) != 1 || !strings.Contains(tasks.Tasks[0].Notes[0].Note, tv.Number) {
			t.Fatalf("tasks: %+v %v", tasks.Tasks, err)
		}
		// A second letter for a member in transit is refused with the first's number.
		unchanged(t, db, domain.CodeConflict, func() error {
			_, err := s.Issue(ctx, staffA(f), f.Duc.ID, domain.TransferInput{ToOrgID: f.CellA2.ID, EffectiveOn: D("2026-10-01"), LetterOn: D("2026-11-03"), Reason: "Thử"})
			if err == nil || !strings.Contains(err.Error(), tv.Number) {
				t.Errorf("the refusal does not name the letter: %v", err)
			}
			return err
		})
		// Both sides see it; a third cell's secretary does not.
		if v, err := s.Transfer(ctx, staffB(f), tv.ID); err != nil || v.Side != "to" || !v.CanConfirm {
			t.Fatalf("receiving side: %+v %v", v, err)
		}
		if _, err := s.Transfer(ctx, Actor(domain.RoleSecretary, f.CellA2), tv.ID); code(err) != domain.CodeNotFound {
			t.Fatalf("a third cell: %v", err)
		}
		// The receiving side finds the letter by the number handed in; another commune does not.
		if v, err := s.FindLetter(ctx, Actor(domain.RoleSecretary, f.CellB1), tv.Number); err != nil || v.ID != tv.ID {
			t.Fatalf("find: %+v %v", v, err)
		}
		if _, err := s.FindLetter(ctx, staffA(f), tv.Number); code(err) != domain.CodeInvalid {
			t.Fatalf("the sending side finds the letter as received: %v", err)
		}
		// Confirming a letter meant for another cell, by someone who reaches both.
		unchanged(t, db, domain.CodeInvalid, func() error {
			_, err := s.ConfirmArrival(ctx, domain.System, tv.ID, domain.ArrivalInput{CellID: f.CellA2.ID, PresentedOn: D("2026-11-10")})
			return err
		})
		// The sending side cannot confirm on the receiving side's behalf.
		unchanged(t, db, domain.CodeForbidden, func() error {
			_, err := s.ConfirmArrival(ctx, staffA(f), tv.ID, domain.ArrivalInput{CellID: f.CellB1.ID, PresentedOn: D("2026-11-10")})
			return err
		})
		got, err := s.ConfirmArrival(ctx, Actor(domain.RoleSecretary, f.CellB1), tv.ID, domain.ArrivalInput{CellID: f.CellB1.ID, PresentedOn: D("2026-11-10")})
		if err != nil || got.Status != domain.TransferArrived || got.Deadlines.LateArrive {
			t.Fatalf("confirm: %+v %v", got, err)
		}
		duc = member(t, db, f.Duc.ID)
		if duc.Status != domain.StatusProbationary || duc.OrgID != f.CellB1.ID {
			t.Fatalf("arrived: %+v", duc)
		}
		if n := Count(t, db, "SELECT count(*) FROM member_placements WHERE member_id = ? AND org_id = ? AND valid_to IS NULL", f.Duc.ID, f.CellB1.ID); n != 1 {
			t.Fatalf("placement at the new cell: %d", n)
		}
		// A second confirmation is refused.
		unchanged(t, db, domain.CodeConflict, func() error {
			_, err := s.ConfirmArrival(ctx, staffB(f), tv.ID, domain.ArrivalInput{CellID: f.CellB1.ID, PresentedOn: D("2026-11-11")})
			return err
		})
		// The history says where from and to.
		evs, err := (&members.Service{DB: db}).Events(ctx, domain.System, f.Duc.ID)
		if err != nil || evs[len(evs)-1].Kind != domain.EventTransferredIn || evs[len(evs)-2].Kind != domain.EventTransferredOut || !strings.Contains(evs[len(evs)-1].Reason, tv.Number) {
			t.Fatalf("events: %+v %v", evs, err)
		}
		if res, err := db.VerifyAudit(ctx, domain.System); err != nil || !res.OK {
			t.Fatalf("audit chain: %+v %v", res, err)
		}
	})
}

// RULES.md, Transfers: a letter presented late is flagged on both sides,
// and the receiving side must say why; a removed member is not transferred.
func TestOverdueAndRemoved(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := &mobility.Service{DB: db}
		ms := &members.Service{DB: db}
		if _, _, err := ms.AddEvent(ctx, domain.System, f.Lan.ID, domain.Event{Kind: domain.EventRemoved, Date: D("2026-06-01"), Reason: "Bỏ sinh hoạt", Decision: "9-QĐ/ĐU"}); err != nil {
			t.Fatal(err)
		}
		unchanged(t, db, domain.CodeConflict, func() error {
			_, err := s.Issue(ctx, staffB(f), f.Lan.ID, domain.TransferInput{ToOrgID: f.CellA1.ID, EffectiveOn: D("2026-09-01"), LetterOn: D("2026-09-10"), Reason: "Chuyển công tác"})
			return err
		})
		tv, err := s.Issue(ctx, staffB(f), f.Hoa.ID, domain.TransferInput{ToOrgID: f.CellA1.ID, EffectiveOn: D("2026-08-03"), LetterOn: D("2026-09-10"), Reason: "Chuyển công tác"})
		if err != nil {
			t.Fatal(err)
		}
		if !tv.Deadlines.Overdue || tv.Deadlines.LateStart {
			t.Fatalf("deadlines: %+v", tv.Deadlines)
		}
		for _, side := range []struct {
			a   domain.Actor
			org int64
		}{{staffA(f), f.CommuneA.ID}, {staffB(f), f.CommuneB.ID}} {
			r, err := s.Overdue(ctx, side.a, side.org)
			if err != nil || len(r.Overdue) != 1 || r.Overdue[0].ID != tv.ID || r.Overdue[0].MemberName != f.Hoa.FullName {
				t.Fatalf("overdue on each side: %+v %v", r, err)
			}
			rep, err := s.Transfers(ctx, side.a, side.org, D("2026-01-01"), D("2026-11-23"))
			if err != nil || rep.Total != 1 || rep.Overdue != 1 || rep.Rows[0].MemberName != f.Hoa.FullName {
				t.Fatalf("transfers on each side: %+v %v", rep, err)
			}
		}
		unchanged(t, db, domain.CodeInvalid, func() error {
			_, err := s.ConfirmArrival(ctx, staffA(f), tv.ID, domain.ArrivalInput{CellID: f.CellA1.ID, PresentedOn: D("2026-11-20")})
			return err
		})
		got, err := s.ConfirmArrival(ctx, staffA(f), tv.ID, domain.ArrivalInput{CellID: f.CellA1.ID, PresentedOn: D("2026-11-20"), LateReason: "Đi chữa bệnh"})
		if err != nil || !got.Deadlines.LateArrive || got.LateReason != "Đi chữa bệnh" {
			t.Fatalf("late: %+v %v", got, err)
		}
		if r, err := s.Overdue(ctx, staffB(f), f.CommuneB.ID); err != nil || len(r.Overdue) != 0 {
			t.Fatalf("no longer overdue: %+v %v", r, err)
		}
	})
}

// Two receiving officers confirm the same letter at once: one wins, the
// other is told it was confirmed, and the member arrives once.
func TestParallelConfirmation(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := &mobility.Service{DB: db}
		tv, err := s.Issue(ctx, staffA(f), f.Thao.ID, domain.TransferInput{ToOrgID: f.CellB1.ID, EffectiveOn: D("2026-11-01"), LetterOn: D("2026-11-16"), Reason: "Chuyển công tác"})
		if err != nil {
			t.Fatal(err)
		}
		const n = 8
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = s.ConfirmArrival(ctx, staffB(f), tv.ID, domain.ArrivalInput{CellID: f.CellB1.ID, PresentedOn: D("2026-11-20")})
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case code(err) == domain.CodeConflict:
			default:
				t.Errorf("unexpected: %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d confirmations succeeded", ok)
		}
		if n := Count(t, db, "SELECT count(*) FROM member_events WHERE member_id = ? AND kind = 'transferred_in'", f.Thao.ID); n != 1 {
			t.Fatalf("%d arrivals", n)
		}
		if n := Count(t, db, "SELECT count(*) FROM member_placements WHERE member_id = ? AND valid_to IS NULL", f.Thao.ID); n != 1 {
			t.Fatalf("%d open placements", n)
		}
	})
}

// The sending committee withdraws a letter in transit: the member is back
// on the sending cell's roll.
func TestWithdraw(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := &mobility.Service{DB: db}
		tv, err := s.Issue(ctx, staffA(f), f.Thao.ID, domain.TransferInput{ToOrgID: f.CellB1.ID, EffectiveOn: D("2026-11-01"), LetterOn: D("2026-11-16"), Reason: "Chuyển công tác"})
		if err != nil {
			t.Fatal(err)
		}
		unchanged(t, db, domain.CodeForbidden, func() error { _, err := s.Withdraw(ctx, staffB(f), tv.ID, D("2026-11-18"), "Nhầm"); return err })
		unchanged(t, db, domain.CodeInvalid, func() error { _, err := s.Withdraw(ctx, staffA(f), tv.ID, D("2026-11-18"), ""); return err })
		got, err := s.Withdraw(ctx, staffA(f), tv.ID, D("2026-11-18"), "Quyết định điều động bị hủy")
		if err != nil || got.Status != domain.TransferCancelled {
			t.Fatalf("withdraw: %+v %v", got, err)
		}
		if m := member(t, db, f.Thao.ID); m.Status != domain.StatusProbationary || m.OrgID != f.CellA1.ID {
			t.Fatalf("back: %+v", m)
		}
		unchanged(t, db, domain.CodeConflict, func() error {
			_, err := s.ConfirmArrival(ctx, staffB(f), tv.ID, domain.ArrivalInput{CellID: f.CellB1.ID, PresentedOn: D("2026-11-20")})
			return err
		})
	})
}

// A temporary transfer: the record stays at the home cell; each meeting's
// roster has the member at the cell where they take part that day, so the
// subtree's attendance holds them once; both cells see it.
func TestTemporaryTransferRoster(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := &mobility.Service{DB: db}
		life := &celllife.Service{DB: db}
		in := domain.TemporaryInput{ToOrgID: f.CellB1.ID, Purpose: domain.PurposeWork, StartsOn: D("2026-06-01"), EndsOn: D("2026-10-31"), LetterOn: D("2026-05-20"), Reason: "Biệt phái công tác"}
		bad := in
		bad.EndsOn = D("2026-07-31")
		unchanged(t, db, domain.CodeInvalid, func() error { _, err := s.Temporary(ctx, staffA(f), f.Duc.ID, bad); return err })
		tv, err := s.Temporary(ctx, staffA(f), f.Duc.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if tv.Status != domain.TransferActive || tv.Kind != domain.TransferTemporary {
			t.Fatalf("temporary: %+v", tv)
		}
		if m := member(t, db, f.Duc.ID); m.OrgID != f.CellA1.ID || !m.Status.Active() {
			t.Fatalf("the record stays home: %+v", m)
		}
		meet := func(cell domain.Org, day string) store.Meeting {
			m, err := life.CreateMeeting(ctx, domain.System, cell.ID, domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: D(day), Minutes: 95})
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		names := func(m store.Meeting) map[int64]domain.RosterRow {
			v, err := life.Meeting(ctx, domain.System, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			out := map[int64]domain.RosterRow{}
			for _, r := range v.Roster {
				out[r.MemberID] = r
			}
			return out
		}
		homeJul, tempJul := meet(f.CellA1, "2026-07-10"), meet(f.CellB1, "2026-07-10")
		if _, ok := names(homeJul)[f.Duc.ID]; ok {
			t.Fatal("away on a temporary transfer, still on the home cell's roster")
		}
		if r, ok := names(tempJul)[f.Duc.ID]; !ok || r.TemporaryFrom != f.CellA1.Name {
			t.Fatalf("temporary cell's roster: %+v", names(tempJul))
		}
		if _, ok := names(meet(f.CellA1, "2026-11-05"))[f.Duc.ID]; !ok {
			t.Fatal("back home after the end")
		}
		if _, ok := names(meet(f.CellB1, "2026-11-05"))[f.Duc.ID]; ok {
			t.Fatal("still at the temporary cell after the end")
		}
		// Marking him at home that day is refused; at the temporary cell it counts once.
		if _, err := life.RecordAttendance(ctx, domain.System, homeJul.ID, []domain.Mark{{MemberID: f.Duc.ID, Status: domain.Present}}, nil); code(err) != domain.CodeInvalid {
			t.Fatalf("marked at home: %v", err)
		}
		all := func(m store.Meeting) []domain.Mark {
			var out []domain.Mark
			for id := range names(m) {
				out = append(out, domain.Mark{MemberID: id, Status: domain.Present})
			}
			return out
		}
		for _, m := range []store.Meeting{homeJul, tempJul} {
			if _, err := life.RecordAttendance(ctx, domain.System, m.ID, all(m), nil); err != nil {
				t.Fatal(err)
			}
		}
		att, err := life.OrgAttendance(ctx, domain.System, f.Province.ID, D("2026-07-01"), D("2026-07-31"), 1)
		if err != nil || att.Attendance.Expected != 4 || att.Attendance.Present != 4 { // Thảo at home; Hoa, Lan and Đức at the temporary cell
			t.Fatalf("July's counts: %+v %v", att, err)
		}
		// Both cells see it, in their reports.
		for _, side := range []struct {
			a   domain.Actor
			org int64
		}{{Actor(domain.RoleSecretary, f.CellA1), f.CellA1.ID}, {Actor(domain.RoleSecretary, f.CellB1), f.CellB1.ID}} {
			r, err := s.Transfers(ctx, side.a, side.org, D("2026-01-01"), D("2026-11-23"))
			if err != nil || len(r.Rows) != 1 || r.Rows[0].ID != tv.ID {
				t.Fatalf("both cells see it: %+v %v", r, err)
			}
		}
		// A temporary transfer past its end is closed when the next one is issued.
		next, err := s.Issue(ctx, staffA(f), f.Duc.ID, domain.TransferInput{ToOrgID: f.CellA2.ID, EffectiveOn: D("2026-11-01"), LetterOn: D("2026-11-16"), Reason: "Chuyển nơi cư trú"})
		if err != nil || next.Status != domain.TransferInTransit {
			t.Fatalf("after the temporary transfer: %+v %v", next, err)
		}
		if old, _ := s.Transfer(ctx, domain.System, tv.ID); old.Status != domain.TransferEnded || old.ClosedOn.ISO() != "2026-11-01" {
			t.Fatalf("the temporary transfer: %+v", old)
		}
	})
}

// RULES.md, Members working away: their own record; the temporary
// exemption makes them exempt at meetings; a missed meeting under it and a
// fee unpaid while away are no ground for removal; on return they bring
// comments.
func TestWorkingAway(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := &mobility.Service{DB: db}
		life := &celllife.Service{DB: db}
		in := domain.AwayInput{Place: "Khu công nghiệp VSIP, Bình Dương", Since: D("2026-03-01"), Contact: "0912345678", KeepInTouch: "Gọi điện cho bí thư chi bộ hằng tháng",
			ExemptFrom: D("2026-03-01"), ExemptTo: D("2027-02-27"), ExemptBy: "12-QĐ/ĐU"}
		long := in
		long.ExemptTo = D("2027-03-01")
		unchanged(t, db, domain.CodeInvalid, func() error {
			_, err := s.RecordAway(ctx, Actor(domain.RoleSecretary, f.CellB1), f.Lan.ID, long)
			return err
		})
		unchanged(t, db, domain.CodeForbidden, func() error {
			_, err := s.RecordAway(ctx, Actor(domain.RoleLeader, f.CommuneB), f.Lan.ID, in)
			return err
		})
		r, err := s.RecordAway(ctx, Actor(domain.RoleSecretary, f.CellB1), f.Lan.ID, in)
		if err != nil || !r.State.ExemptNow {
			t.Fatalf("record: %+v %v", r, err)
		}
		if _, err := s.RecordAway(ctx, Actor(domain.RoleSecretary, f.CellB1), f.Lan.ID, in); code(err) != domain.CodeConflict {
			t.Fatalf("a second open record: %v", err)
		}
		// The roster marks her exempt from the record, not from an exemption's reason.
		m, err := life.CreateMeeting(ctx, domain.System, f.CellB1.ID, domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: D("2026-05-05"), Minutes: 95})
		if err != nil {
			t.Fatal(err)
		}
		v, _ := life.Meeting(ctx, domain.System, m.ID)
		for _, row := range v.Roster {
			if row.MemberID == f.Lan.ID && (!row.Exempted || row.Away == "" || !strings.Contains(row.ExemptReason, "làm ăn xa")) {
				t.Fatalf("roster: %+v", row)
			}
		}
		if _, err := life.RecordAttendance(ctx, domain.System, m.ID, []domain.Mark{{MemberID: f.Lan.ID, Status: domain.Unexcused}}, nil); code(err) != domain.CodeInvalid {
			t.Fatalf("marked while exempt: %v", err)
		}
		// Report and per-cell list.
		rep, err := s.Away(ctx, staffB(f), f.CommuneB.ID)
		if err != nil || rep.Totals.Away != 1 || rep.Totals.Exempt != 1 || len(rep.Rows) != 1 || rep.Units[0].Away != 1 {
			t.Fatalf("report: %+v %v", rep, err)
		}
		// Return, with the comments brought back.
		unchanged(t, db, domain.CodeInvalid, func() error {
			_, err := s.ReturnAway(ctx, Actor(domain.RoleSecretary, f.CellB1), r.ID, domain.AwayReturn{ReturnedOn: D("2026-11-01")})
			return err
		})
		back, err := s.ReturnAway(ctx, Actor(domain.RoleSecretary, f.CellB1), r.ID, domain.AwayReturn{ReturnedOn: D("2026-11-01"), Comments: "Chấp hành tốt quy định nơi tạm trú", CommentsBy: "Chi bộ khu phố 3, phường Thuận Giao"})
		if err != nil || back.State.Away {
			t.Fatalf("return: %+v %v", back, err)
		}
		if _, err := s.ReturnAway(ctx, Actor(domain.RoleSecretary, f.CellB1), r.ID, domain.AwayReturn{ReturnedOn: D("2026-11-02"), Comments: "x"}); code(err) != domain.CodeConflict {
			t.Fatalf("returned twice: %v", err)
		}
	})
}

// The removal grounds of a cell leave out what working away explains.
func TestRemovalGroundsOfMembersAway(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := &mobility.Service{DB: db}
		life := &celllife.Service{DB: db}
		// Three months of unexcused absences, recorded before the record of working away.
		for _, day := range []string{"2026-02-05", "2026-03-05", "2026-04-05"} {
			m, err := life.CreateMeeting(ctx, domain.System, f.CellB1.ID, domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: D(day), Minutes: 95})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := life.RecordAttendance(ctx, domain.System, m.ID, []domain.Mark{{MemberID: f.Lan.ID, Status: domain.Unexcused}}, nil); err != nil {
				t.Fatal(err)
			}
		}
		grounds := func() int {
			v, err := life.Year(ctx, domain.System, f.CellB1.ID, 2026)
			if err != nil {
				t.Fatal(err)
			}
			return len(v.Grounds)
		}
		if grounds() != 1 {
			t.Fatal("three months of absence: a ground")
		}
		if _, err := s.RecordAway(ctx, domain.System, f.Lan.ID, domain.AwayInput{Place: "Hà Nội", Since: D("2026-02-20"), Contact: "0912345678",
			ExemptFrom: D("2026-03-01"), ExemptTo: D("2026-12-31"), ExemptBy: "3-QĐ/ĐU"}); err != nil {
			t.Fatal(err)
		}
		if grounds() != 0 {
			t.Fatal("two of the months fall under the exemption: no ground")
		}
	})
}

// Regulation 213: the residence cell, and only it, comments once a year;
// the workplace side and the yearly evaluation read the comment; missing
// ones are flagged; the share of 213 members per cell.
func TestResidence(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := &mobility.Service{DB: db}
		secA1, secA2, secB1 := Actor(domain.RoleSecretary, f.CellA1), Actor(domain.RoleSecretary, f.CellA2), Actor(domain.RoleSecretary, f.CellB1)
		unchanged(t, db, domain.CodeInvalid, func() error {
			_, err := s.AddTie(ctx, secA1, f.Duc.ID, domain.TieInput{ResidenceID: f.CellA1.ID, PresentedOn: D("2024-03-01")})
			return err
		})
		tie, err := s.AddTie(ctx, secA1, f.Duc.ID, domain.TieInput{ResidenceID: f.CellB1.ID, PresentedOn: D("2024-03-01")})
		if err != nil || !tie.WorkSide || tie.ResidenceSide || tie.Residence != f.CellB1.Name || tie.State != domain.CommentPending {
			t.Fatalf("tie: %+v %v", tie, err)
		}
		// 2025's comment is missing; the workplace side sees it flagged.
		rep, err := s.Residence(ctx, staffA(f), f.CommuneA.ID, 2025)
		if err != nil || rep.Totals.Ties != 1 || rep.Totals.Missing != 1 || len(rep.Waiting) != 1 {
			t.Fatalf("missing: %+v %v", rep, err)
		}
		if rep.Totals.Members != 3 || rep.Totals.Share != 333 {
			t.Fatalf("share: %+v", rep.Totals)
		}
		var a1 mobility.UnitResidence
		for _, u := range rep.Units {
			if u.Org.ID == f.CellA1.ID {
				a1 = u
			}
		}
		if a1.Members != 2 || a1.Ties != 1 || a1.Share != 500 {
			t.Fatalf("cell A1: %+v", a1)
		}
		c := domain.CommentInput{CellID: f.CellB1.ID, Year: 2025, Text: "Gương mẫu tham gia sinh hoạt tổ dân phố", Verdict: domain.VerdictGood, On: D("2025-12-10")}
		// A comment from a cell that is not the residence: the workplace cell, another cell, or wrongly named.
		unchanged(t, db, domain.CodeForbidden, func() error { _, err := s.Comment(ctx, secA1, tie.ID, c); return err })
		unchanged(t, db, domain.CodeNotFound, func() error { _, err := s.Comment(ctx, secA2, tie.ID, c); return err })
		wrong := c
		wrong.CellID = f.CellA2.ID
		unchanged(t, db, domain.CodeInvalid, func() error { _, err := s.Comment(ctx, domain.System, tie.ID, wrong); return err })
		if _, err := s.Comment(ctx, secB1, tie.ID, c); err != nil {
			t.Fatal(err)
		}
		unchanged(t, db, domain.CodeConflict, func() error { _, err := s.Comment(ctx, secB1, tie.ID, c); return err })
		// The yearly evaluation reads it through the store.
		st, err := s.ResidenceComment(ctx, staffA(f), f.Duc.ID, 2025)
		if err != nil || st.State != domain.CommentReceived || st.Comment == nil || st.Comment.Verdict != domain.VerdictGood || st.Tie == nil {
			t.Fatalf("for the evaluation: %+v %v", st, err)
		}
		if st, err := s.ResidenceComment(ctx, staffA(f), f.Thao.ID, 2025); err != nil || st.State != domain.CommentNone {
			t.Fatalf("no tie: %+v %v", st, err)
		}
		if _, err := s.ResidenceComment(ctx, staffB(f), f.Duc.ID, 2025); code(err) != domain.CodeNotFound {
			t.Fatalf("the residence side reads the record: %v", err)
		}
		// The residence side sees who lives there and the comment, not the record.
		res, err := s.Residence(ctx, secB1, f.CellB1.ID, 2025)
		if err != nil || res.LivingCount != 1 || res.Living[0].State != domain.CommentReceived || res.Living[0].MemberName != f.Duc.FullName {
			t.Fatalf("residence side: %+v %v", res, err)
		}
		if _, err := (&members.Service{DB: db}).Member(ctx, secB1, f.Duc.ID); code(err) != domain.CodeNotFound {
			t.Fatalf("the residence cell opens the record: %v", err)
		}
		// A category commented on only when asked is not flagged.
		exempt, err := s.AddTie(ctx, secA1, f.Thao.ID, domain.TieInput{ResidenceID: f.CellB1.ID, PresentedOn: D("2024-03-01"), Category: domain.ResidenceBarracks})
		if err != nil {
			t.Fatal(err)
		}
		rep, _ = s.Residence(ctx, staffA(f), f.CommuneA.ID, 2025)
		if rep.Totals.Exempt != 1 || rep.Totals.Missing != 0 || rep.Totals.Received != 1 {
			t.Fatalf("exempt: %+v", rep.Totals)
		}
		if _, err := s.EndTie(ctx, secA1, exempt.ID, D("2026-06-01"), "Chuyển nơi ở"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.EndTie(ctx, secB1, tie.ID, D("2026-06-01"), "Chuyển nơi ở"); code(err) != domain.CodeForbidden {
			t.Fatalf("the residence side ends the tie: %v", err)
		}
	})
}

// A collective transfer: under one decision the cells of a commune go to
// another, the commune closes, a handover record lists everyone, the past
// tree of the receiving commune's staff shows where the cells were, and a
// refusal for one member writes nothing at all.
func TestCollectiveTransfer(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := &mobility.Service{DB: db}
		dec := domain.Decision{Date: D("2026-07-01"), Number: "1680/NQ-UBTVQH15", Reason: "Sắp xếp đơn vị hành chính cấp xã"}
		// An was admitted in January 2026; a decision dated before that is refused for him, and nothing moves.
		early := domain.CollectiveInput{FromID: f.CellA2.ID, ToID: f.CellB1.ID, All: true, Decision: domain.Decision{Date: D("2025-12-01"), Number: "1-QĐ"}}
		unchanged(t, db, domain.CodeInvalid, func() error { _, err := s.Collective(ctx, domain.System, early); return err })
		unchanged(t, db, domain.CodeForbidden, func() error {
			_, err := s.Collective(ctx, Actor(domain.RoleSecretary, f.CellA1), domain.CollectiveInput{FromID: f.CommuneA.ID, ToID: f.CommuneB.ID, All: true, Decision: dec})
			return err
		})
		// A meeting of cell A1 with its marks, and a fee month: their copies
		// of the cell's path follow the move.
		life := &celllife.Service{DB: db}
		meet, err := life.CreateMeeting(ctx, domain.System, f.CellA1.ID, domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: D("2026-06-05"), Minutes: 95})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := life.RecordAttendance(ctx, domain.System, meet.ID, []domain.Mark{{MemberID: f.Thao.ID, Status: domain.Present}, {MemberID: f.Duc.ID, Status: domain.Unexcused}}, nil); err != nil {
			t.Fatal(err)
		}
		h, err := s.Collective(ctx, domain.System, domain.CollectiveInput{FromID: f.CommuneA.ID, ToID: f.CommuneB.ID, All: true, Decision: dec, Note: "Bàn giao hồ sơ đảng viên, sổ sách"})
		if err != nil {
			t.Fatal(err)
		}
		if h.OrgsMoved != 2 || h.MembersMoved != 3 || !h.ClosedFrom || len(h.Items) != 5 {
			t.Fatalf("handover: %+v", h)
		}
		got, err := s.Handover(ctx, staffB(f), h.ID)
		if err != nil || len(got.Items) != 5 || got.Items[0].Kind != "org" {
			t.Fatalf("the receiving side reads it: %+v %v", got, err)
		}
		if m := member(t, db, f.Duc.ID); m.OrgID != f.CellA1.ID || !strings.HasPrefix(m.OrgPath, f.CommuneB.Path) {
			t.Fatalf("Đức follows his cell: %+v", m)
		}
		moved := f.CommuneB.Path + strconv.FormatInt(f.CellA1.ID, 10) + "/"
		if n := Count(t, db, "SELECT count(*) FROM meeting_attendance WHERE org_path = ?", moved); n != 2 {
			t.Fatalf("attendance marks at the new path: %d", n)
		}
		if n := Count(t, db, "SELECT count(*) FROM meetings WHERE org_path = ?", moved); n != 1 {
			t.Fatalf("meetings at the new path: %d", n)
		}
		// The staff of the receiving commune see, as of before, the commune the cells came from.
		tree, err := (&orgsTree{db}).tree(Actor(domain.RoleStaff, f.CommuneB), D("2026-06-30"))
		if err != nil {
			t.Fatal(err)
		}
		if n := find(tree, f.CommuneA.ID); n == nil || len(n.Children) != 2 {
			t.Fatalf("past tree: %+v", tree)
		}
		for _, r := range tree {
			if r.ID == f.CellA1.ID || r.ID == f.CellA2.ID {
				t.Fatal("a moved cell shows loose in the past tree")
			}
		}
		hist, err := s.History(ctx, staffB(f), f.CommuneB.ID)
		if err != nil || len(hist.Predecessors) != 1 || hist.Predecessors[0].Org.ID != f.CommuneA.ID || hist.Predecessors[0].HandoverID != h.ID || len(hist.Handovers) != 1 {
			t.Fatalf("history: %+v %v", hist, err)
		}
		if res, err := db.VerifyAudit(ctx, domain.System); err != nil || !res.OK {
			t.Fatalf("audit chain: %+v %v", res, err)
		}
	})
}

// Limits under parallel requests: one letter per member, one comment per
// tie and year, whoever comes first.
func TestParallelLimits(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := &mobility.Service{DB: db}
		tie, err := s.AddTie(ctx, domain.System, f.Duc.ID, domain.TieInput{ResidenceID: f.CellB1.ID, PresentedOn: D("2024-03-01")})
		if err != nil {
			t.Fatal(err)
		}
		const n = 6
		run := func(fn func(i int) error) int {
			var wg sync.WaitGroup
			errs := make([]error, n)
			for i := range n {
				wg.Add(1)
				go func() { defer wg.Done(); errs[i] = fn(i) }()
			}
			wg.Wait()
			ok := 0
			for _, err := range errs {
				switch {
				case err == nil:
					ok++
				case code(err) == domain.CodeConflict || code(err) == domain.CodeInvalid:
				default:
					t.Errorf("unexpected: %v", err)
				}
			}
			return ok
		}
		if ok := run(func(i int) error {
			_, err := s.Issue(ctx, staffA(f), f.Thao.ID, domain.TransferInput{ToOrgID: f.CellB1.ID, EffectiveOn: D("2026-11-01"), LetterOn: D("2026-11-16"), Reason: "Chuyển công tác"})
			return err
		}); ok != 1 || Count(t, db, "SELECT count(*) FROM transfers WHERE member_id = ?", f.Thao.ID) != 1 {
			t.Fatalf("%d letters for one member", ok)
		}
		if ok := run(func(i int) error {
			_, err := s.Comment(ctx, Actor(domain.RoleSecretary, f.CellB1), tie.ID, domain.CommentInput{CellID: f.CellB1.ID, Year: 2025, Text: "Tốt", Verdict: domain.VerdictGood})
			return err
		}); ok != 1 || Count(t, db, "SELECT count(*) FROM residence_comments WHERE tie_id = ?", tie.ID) != 1 {
			t.Fatalf("%d comments for one year", ok)
		}
	})
}

// A cell moved to another commune (as the 2025 reorganisation moved the
// district's agency cells) shows, in the receiving commune's tree of a date
// before the move, under the commune it was in then, not loose.
func TestMovedCellInThePastTree(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		if _, err := (&orgs.Service{DB: db}).Move(ctx, domain.System, f.CellA1.ID, f.CommuneB.ID, domain.Decision{Date: D("2025-07-01"), Number: "1500-QĐ/TU"}); err != nil {
			t.Fatal(err)
		}
		tree, err := (&orgsTree{db}).tree(Actor(domain.RoleStaff, f.CommuneB), D("2025-06-30"))
		if err != nil {
			t.Fatal(err)
		}
		a := find(tree, f.CommuneA.ID)
		if a == nil || len(a.Children) != 1 || a.Children[0].ID != f.CellA1.ID || a.Members != 2 {
			t.Fatalf("the moved cell under its commune of then: %+v", a)
		}
		for _, r := range tree {
			if r.ID == f.CellA1.ID {
				t.Fatal("the moved cell shows loose")
			}
		}
		if find(tree, f.CellA2.ID) != nil {
			t.Fatal("the rest of commune A is not the receiving commune's business")
		}
	})
}

// The other limits under parallel requests: one open transfer per member
// whatever its kind, letter numbers that never repeat, one open record of
// working away, one open residence tie, a letter either confirmed or
// withdrawn (not both), a collective transfer of the same members once,
// and a member moved by a collective transfer or issued a letter, not both.
func TestParallelLimitsOfEveryAction(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := &mobility.Service{DB: db}
		const n = 6
		// An official letter and a temporary transfer for one member at once.
		if ok := Succeeded(t, Parallel(n, func(i int) error {
			if i%2 == 0 {
				_, err := s.Issue(ctx, staffA(f), f.Thao.ID, domain.TransferInput{ToOrgID: f.CellB1.ID, EffectiveOn: D("2026-11-01"), LetterOn: D("2026-11-16"), Reason: "Chuyển công tác"})
				return err
			}
			_, err := s.Temporary(ctx, staffA(f), f.Thao.ID, domain.TemporaryInput{ToOrgID: f.CellB1.ID, Purpose: domain.PurposeWork, StartsOn: D("2026-12-01"), EndsOn: D("2027-05-31")})
			return err
		})); ok != 1 || Count(t, db, "SELECT count(*) FROM transfers WHERE member_id = ?", f.Thao.ID) != 1 {
			t.Fatalf("%d open transfers for one member", ok)
		}
		// Letters for different members of two committees at once: each
		// committee's numbers run 1, 2 without a gap or a repeat.
		ms := []domain.Member{f.Duc, f.An, f.Hoa, f.Lan}
		if ok := Succeeded(t, Parallel(len(ms), func(i int) error {
			to := f.CellB1.ID
			if i >= 2 {
				to = f.CellA2.ID
			}
			_, err := s.Issue(ctx, domain.System, ms[i].ID, domain.TransferInput{ToOrgID: to, EffectiveOn: D("2026-11-01"), LetterOn: D("2026-11-16"), Reason: "Chuyển công tác"})
			return err
		})); ok != len(ms) {
			t.Fatalf("%d of %d letters issued", ok, len(ms))
		}
		for _, c := range []domain.Org{f.CommuneA, f.CommuneB} {
			want := "1-GGT/" + c.Code + " 2-GGT/" + c.Code
			if c.ID == f.CommuneA.ID { // Thảo's letter (or temporary transfer) took 1
				want = "1-GGT/" + c.Code + " 2-GGT/" + c.Code + " 3-GGT/" + c.Code
			}
			if got := numbers(t, db, c.ID); got != want {
				t.Errorf("numbers of %s: %q, want %q", c.Code, got, want)
			}
		}
	})
}

// numbers lists the letter numbers of an issuing committee, in order.
func numbers(t *testing.T, db *store.DB, issuer int64) string {
	t.Helper()
	out := Strings(t, db, "SELECT number FROM transfers WHERE issuer_id = ? ORDER BY seq", issuer)
	return strings.Join(out, " ")
}

// One open record of working away and one open residence tie per member,
// whoever writes first.
func TestParallelAwayAndTies(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := &mobility.Service{DB: db}
		sec := Actor(domain.RoleSecretary, f.CellB1)
		if ok := Succeeded(t, Parallel(6, func(i int) error {
			_, err := s.RecordAway(ctx, sec, f.Lan.ID, domain.AwayInput{Place: "Khu công nghiệp VSIP, Bình Dương", Since: D("2026-03-01").AddDays(i), Contact: "0912345678"})
			return err
		})); ok != 1 || Count(t, db, "SELECT count(*) FROM away_records WHERE member_id = ?", f.Lan.ID) != 1 {
			t.Fatalf("%d open records of working away", ok)
		}
		r, err := s.Member(ctx, sec, f.Lan.ID)
		if err != nil || len(r.Aways) != 1 {
			t.Fatalf("%+v %v", r, err)
		}
		if ok := Succeeded(t, Parallel(6, func(i int) error {
			_, err := s.ReturnAway(ctx, sec, r.Aways[0].ID, domain.AwayReturn{ReturnedOn: D("2026-11-01").AddDays(i), Comments: "Chấp hành tốt quy định nơi tạm trú"})
			return err
		})); ok != 1 || Count(t, db, "SELECT count(*) FROM audit WHERE action = 'away.return'") != 1 {
			t.Fatalf("%d returns of one record", ok)
		}
		if ok := Succeeded(t, Parallel(6, func(i int) error {
			res := f.CellA1.ID
			if i%2 == 1 {
				res = f.CellA2.ID
			}
			_, err := s.AddTie(ctx, domain.System, f.Lan.ID, domain.TieInput{ResidenceID: res, PresentedOn: D("2024-03-01")})
			return err
		})); ok != 1 || Count(t, db, "SELECT count(*) FROM residence_ties WHERE member_id = ?", f.Lan.ID) != 1 {
			t.Fatalf("%d open residence ties", ok)
		}
	})
}

// A letter confirmed by the receiving side and withdrawn by the sending
// side at the same moment: one of the two happens, and the member is on
// one roll.
func TestParallelConfirmOrWithdraw(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := &mobility.Service{DB: db}
		tv, err := s.Issue(ctx, staffA(f), f.Thao.ID, domain.TransferInput{ToOrgID: f.CellB1.ID, EffectiveOn: D("2026-11-01"), LetterOn: D("2026-11-16"), Reason: "Chuyển công tác"})
		if err != nil {
			t.Fatal(err)
		}
		if ok := Succeeded(t, Parallel(8, func(i int) error {
			if i%2 == 0 {
				_, err := s.ConfirmArrival(ctx, staffB(f), tv.ID, domain.ArrivalInput{CellID: f.CellB1.ID, PresentedOn: D("2026-11-20")})
				return err
			}
			_, err := s.Withdraw(ctx, staffA(f), tv.ID, D("2026-11-20"), "Đảng viên không chuyển nữa")
			return err
		})); ok != 1 {
			t.Fatalf("%d of confirm and withdraw succeeded", ok)
		}
		if n := Count(t, db, "SELECT count(*) FROM member_events WHERE member_id = ? AND kind = 'transferred_in'", f.Thao.ID); n != 1 {
			t.Fatalf("%d returns to a roll", n)
		}
		if n := Count(t, db, "SELECT count(*) FROM member_placements WHERE member_id = ? AND valid_to IS NULL", f.Thao.ID); n != 1 {
			t.Fatalf("%d open placements", n)
		}
		if m := member(t, db, f.Thao.ID); !m.Status.Active() {
			t.Fatalf("on no roll: %+v", m)
		}
	})
}

// A collective transfer of the members of a cell sent twice at once moves
// them once; a letter issued for one of them at the same moment either
// comes first (and the member stays out of the move) or is refused.
func TestParallelCollective(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := &mobility.Service{DB: db}
		dec := domain.Decision{Date: D("2026-11-20"), Number: "1680/NQ-UBTVQH15", Reason: "Sắp xếp chi bộ"}
		ok := Succeeded(t, Parallel(6, func(i int) error {
			if i == 5 {
				_, err := s.Issue(ctx, staffA(f), f.Thao.ID, domain.TransferInput{ToOrgID: f.CellB1.ID, EffectiveOn: D("2026-11-01"), LetterOn: D("2026-11-16"), Reason: "Chuyển công tác"})
				if err == nil {
					return errIssued
				}
				return err
			}
			_, err := s.Collective(ctx, domain.System, domain.CollectiveInput{FromID: f.CellA1.ID, ToID: f.CellA2.ID, MemberIDs: []int64{f.Thao.ID, f.Duc.ID}, Decision: dec})
			return err
		}))
		if n := Count(t, db, "SELECT count(*) FROM handovers"); ok > 1 || n != ok {
			t.Fatalf("%d collective transfers succeeded, %d handover records", ok, n)
		}
		for _, m := range []domain.Member{f.Thao, f.Duc} {
			if n := Count(t, db, "SELECT count(*) FROM member_events WHERE member_id = ? AND kind = 'moved'", m.ID); n > 1 {
				t.Fatalf("%s moved %d times", m.FullName, n)
			}
			if n := Count(t, db, "SELECT count(*) FROM member_placements WHERE member_id = ? AND valid_to IS NULL", m.ID); n > 1 {
				t.Fatalf("%s has %d open placements", m.FullName, n)
			}
		}
		// Thảo was either moved or sent away by letter, never both.
		moved := Count(t, db, "SELECT count(*) FROM member_events WHERE member_id = ? AND kind = 'moved'", f.Thao.ID)
		sent := Count(t, db, "SELECT count(*) FROM transfers WHERE member_id = ?", f.Thao.ID)
		if moved+sent != 1 {
			t.Fatalf("Thảo moved %d times and was issued %d letters", moved, sent)
		}
		if res, err := db.VerifyAudit(ctx, domain.System); err != nil || !res.OK {
			t.Fatalf("audit chain: %+v %v", res, err)
		}
	})
}

// errIssued marks the letter's success among the collective transfers'
// results, so that parallel counts the collective transfers alone.
var errIssued = &domain.Error{Code: domain.CodeConflict, Message: "issued"}

// The mobility service gives the yearly evaluation the residence cells'
// comments (Regulation 213): each tied member's comment of the year, when
// it is required and whether the member fulfilled their duties; a member
// with no tie has none.
var _ evaluation.Residence = (*mobility.Service)(nil)

func TestResidenceCommentsForEvaluation(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := &mobility.Service{DB: db}
		duc, err := s.AddTie(ctx, domain.System, f.Duc.ID, domain.TieInput{ResidenceID: f.CellB1.ID, PresentedOn: D("2024-03-01")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Comment(ctx, domain.System, duc.ID, domain.CommentInput{CellID: f.CellB1.ID, Year: 2025, Text: "Chưa tham gia sinh hoạt tổ dân phố", Verdict: domain.VerdictPoor, On: D("2025-12-10")}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddTie(ctx, domain.System, f.An.ID, domain.TieInput{ResidenceID: f.CellB1.ID, PresentedOn: D("2024-03-01"), Category: domain.ResidenceBarracks}); err != nil {
			t.Fatal(err)
		}
		var got map[int64]domain.ResidenceComment
		err = db.Read(ctx, staffA(f), func(tx *store.Tx) (err error) {
			got, err = s.ResidenceComments(tx, 2025, []int64{f.Thao.ID, f.Duc.ID, f.An.ID})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		d, a := got[f.Duc.ID], got[f.An.ID]
		switch {
		case len(got) != 2:
			t.Fatalf("Thảo has no tie: %+v", got)
		case !d.Required || !d.Received() || d.Fulfilled || d.Cell != f.CellB1.Name || d.Text != "Chưa tham gia sinh hoạt tổ dân phố":
			t.Errorf("Đức: %+v", d)
		case a.Required || a.Received():
			t.Errorf("An, in barracks, is commented on only when asked: %+v", a)
		}
		// A cell that is neither Đức's nor where he lives reaches nothing of it.
		err = db.Read(ctx, Actor(domain.RoleSecretary, f.CellA2), func(tx *store.Tx) (err error) {
			got, err = s.ResidenceComments(tx, 2025, []int64{f.Duc.ID})
			return err
		})
		if err != nil || len(got) != 0 {
			t.Fatalf("out of scope: %+v %v", got, err)
		}
	})
}
