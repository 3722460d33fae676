package screening_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"dangvien/internal/app/celllife"
	"dangvien/internal/app/evaluation"
	"dangvien/internal/app/members"
	"dangvien/internal/app/screening"
	"dangvien/internal/domain"
	"dangvien/internal/seed"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

var ctx = context.Background()

func code(err error) domain.Code { return domain.ErrorCode(err) }

func auditRows(t *testing.T, db *store.DB) int {
	var n int
	if err := db.SQL().QueryRow("SELECT count(*) FROM audit").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The Directive 28 screening (issue 12, item 4): every member of a subtree
// with a ground for removal on a day, each with its evidence; the cell
// proposes, the committee decides, the removal is recorded with its
// decision; a removal without the committee's decision is refused and
// writes nothing; yearly counts per organisation.
func TestScreening(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		ms := &members.Service{DB: db}
		life := &celllife.Service{DB: db}
		ev := &evaluation.Service{DB: db}
		sc := &screening.Service{DB: db}
		sec := Actor(domain.RoleSecretary, f.CellA1)
		staff := Actor(domain.RoleStaff, f.CommuneA)
		// The fixture's members are probationary since long ago: recognise
		// all but Lan, whose probation the screening then finds ended.
		for id, on := range map[int64]string{f.Duc.ID: "2001-03-03", f.Thao.ID: "2016-05-19", f.Hoa.ID: "1986-02-03"} {
			if _, _, err := ms.AddEvent(ctx, domain.System, id, domain.Event{Kind: domain.EventRecognised, Date: D(on), Decision: "5-QĐ/ĐU"}); err != nil {
				t.Fatal(err)
			}
		}
		// Đức misses a meeting in three different months.
		var missed []int64
		for _, day := range []string{"2026-08-06", "2026-09-03", "2026-10-08"} {
			m, err := life.CreateMeeting(ctx, sec, f.CellA1.ID, domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: D(day), Minutes: 95})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := life.RecordAttendance(ctx, sec, m.ID, []domain.Mark{{MemberID: f.Duc.ID, Status: domain.Unexcused}, {MemberID: f.Thao.ID, Status: domain.Present}}, nil); err != nil {
				t.Fatal(err)
			}
			missed = append(missed, m.ID)
		}
		// Thảo was rated "Không hoàn thành" in 2024 and 2025.
		for _, y := range []int{2024, 2025} {
			if _, err := ev.Propose(ctx, sec, f.CellA1.ID, y, []evaluation.ProposalItem{{MemberID: f.Thao.ID, RatingProposal: domain.RatingProposal{Level: domain.RatingNotDone, Points: 40}}}); err != nil {
				t.Fatal(err)
			}
			if _, err := ev.Decide(ctx, staff, f.CommuneA.ID, y, evaluation.DecideInput{Number: "9-QĐ/ĐU", On: D("2025-12-20"),
				Items: []evaluation.DecisionItem{{MemberID: f.Thao.ID, Level: domain.RatingNotDone}}}); err != nil {
				t.Fatal(err)
			}
		}
		// An returned his card; the cell has been educating Hoa for 13 months.
		if _, err := sc.AddFinding(ctx, Actor(domain.RoleSecretary, f.CellA2), f.An.ID, domain.FindingInput{Kind: domain.FindingCardReturned, On: D("2026-07-01"), Note: "Gửi lại thẻ đảng viên cho bí thư chi bộ"}); err != nil {
			t.Fatal(err)
		}
		edu, err := sc.AddFinding(ctx, Actor(domain.RoleSecretary, f.CellB1), f.Hoa.ID, domain.FindingInput{Kind: domain.FindingEducation, On: D("2025-10-15"), Decision: "NQ-04/CB", Note: "Chi bộ phân công đồng chí Lan giúp đỡ"})
		if err != nil {
			t.Fatal(err)
		}
		// A conclusion on the political standard is the committee's, not the cell's.
		if _, err := sc.AddFinding(ctx, sec, f.Thao.ID, domain.FindingInput{Kind: domain.FindingPolitical, On: D("2026-07-01"), Decision: "1-KL/ĐU", Note: "x"}); code(err) != domain.CodeForbidden {
			t.Fatalf("cell records a political conclusion: %v", err)
		}

		v, err := sc.Report(ctx, Actor(domain.RoleLeader, f.Province), f.Province.ID, domain.Date{})
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64]string{}
		for _, it := range v.Items {
			var ks []string
			for _, g := range it.Grounds {
				ks = append(ks, string(g.Kind))
				if len(g.Evidence) == 0 || g.Source == "" {
					t.Errorf("%s: ground without evidence: %+v", it.Name, g)
				}
			}
			got[it.MemberID] = strings.Join(ks, ",")
		}
		want := map[int64]string{f.Duc.ID: "absent_unpaid", f.Thao.ID: "not_done_years", f.An.ID: "card", f.Hoa.ID: "no_improvement", f.Lan.ID: "probation"}
		for id, w := range want {
			if got[id] != w {
				t.Errorf("member %d: %q, want %q (all: %v)", id, got[id], w, got)
			}
		}
		if len(got) != len(want) {
			t.Errorf("report: %v", got)
		}
		for _, it := range v.Items {
			if it.MemberID == f.Duc.ID && (len(it.Grounds[0].Missed) != 3 || it.Grounds[0].Missed[0].MeetingID != missed[0]) {
				t.Errorf("evidence of absences: %+v", it.Grounds[0])
			}
		}
		// As of a past day, the ground of absences was not yet there.
		past, err := sc.Report(ctx, staff, f.CommuneA.ID, D("2026-09-30"))
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range past.Items {
			if it.MemberID == f.Duc.ID {
				t.Errorf("absences found on 30/09/2026: %+v", it.Grounds)
			}
		}
		// A secretary sees her cell only.
		if own, err := sc.Report(ctx, sec, f.CellA1.ID, domain.Date{}); err != nil || len(own.Items) != 2 {
			t.Fatalf("cell report: %+v %v", own.Items, err)
		}
		if _, err := sc.Report(ctx, sec, f.CommuneA.ID, domain.Date{}); code(err) != domain.CodeNotFound {
			t.Fatalf("secretary reads the commune: %v", err)
		}

		// The cell proposes on a ground with evidence, not on one without.
		if _, err := sc.Propose(ctx, sec, f.Duc.ID, domain.RemovalProposal{Grounds: []domain.GroundKind{domain.GroundCard}, On: D("2026-11-20")}); code(err) != domain.CodeInvalid {
			t.Fatalf("proposal without evidence: %v", err)
		}
		c, err := sc.Propose(ctx, sec, f.Duc.ID, domain.RemovalProposal{Grounds: []domain.GroundKind{domain.GroundAbsentUnpaid}, On: D("2026-11-20"), Note: "Chi bộ biểu quyết 1/1 đồng ý"})
		if err != nil || len(c.Evidence) != 1 || len(c.Evidence[0].Missed) != 3 {
			t.Fatalf("proposal: %+v %v", c, err)
		}
		if _, err := sc.Propose(ctx, sec, f.Duc.ID, domain.RemovalProposal{Grounds: []domain.GroundKind{domain.GroundAbsentUnpaid}, On: D("2026-11-20")}); code(err) != domain.CodeConflict {
			t.Fatalf("second proposal: %v", err)
		}
		// A removal without the committee's decision: refused, nothing written.
		before := auditRows(t, db)
		_, err = sc.Decide(ctx, staff, c.ID, domain.RemovalDecision{Approve: true, On: D("2026-11-22")})
		if code(err) != domain.CodeInvalid || !strings.Contains(err.Error(), "Điều lệ Đảng, Điều 8") || auditRows(t, db) != before {
			t.Fatalf("removal without decision: %v", err)
		}
		if m, _ := ms.Member(ctx, domain.System, f.Duc.ID); m.Status != domain.StatusOfficial {
			t.Fatalf("Đức's standing changed: %s", m.Status)
		}
		// Nor does the cell decide; the generic event without a decision is refused too.
		if _, err := sc.Decide(ctx, sec, c.ID, domain.RemovalDecision{Approve: true, Number: "77-QĐ/ĐU", On: D("2026-11-22")}); code(err) != domain.CodeForbidden {
			t.Fatalf("the cell decides: %v", err)
		}
		if _, _, err := ms.AddEvent(ctx, staff, f.Duc.ID, domain.Event{Kind: domain.EventRemoved, Date: D("2026-11-22")}); code(err) != domain.CodeInvalid {
			t.Fatalf("removal event without decision: %v", err)
		}
		done, err := sc.Decide(ctx, staff, c.ID, domain.RemovalDecision{Approve: true, Number: "77-QĐ/ĐU", On: D("2026-11-22")})
		if err != nil || done.Outcome != "removed" || done.EventID == 0 {
			t.Fatalf("decision: %+v %v", done, err)
		}
		duc, _ := ms.Member(ctx, domain.System, f.Duc.ID)
		es, _ := ms.Events(ctx, domain.System, f.Duc.ID)
		if duc.Status != domain.StatusRemoved || es[len(es)-1].Decision != "77-QĐ/ĐU" || es[len(es)-1].Kind != domain.EventRemoved {
			t.Fatalf("removed: %s %+v", duc.Status, es[len(es)-1])
		}
		if _, err := sc.Decide(ctx, staff, c.ID, domain.RemovalDecision{Approve: true, Number: "78", On: D("2026-11-22")}); code(err) != domain.CodeConflict {
			t.Fatalf("decided twice: %v", err)
		}
		// Removed members leave the report.
		v, _ = sc.Report(ctx, staff, f.CommuneA.ID, domain.Date{})
		for _, it := range v.Items {
			if it.MemberID == f.Duc.ID {
				t.Error("a removed member is still screened")
			}
		}
		// The education ends: the member improved.
		staffB := Actor(domain.RoleStaff, f.CommuneB)
		if _, err := sc.CloseFinding(ctx, staff, edu.ID, D("2026-11-23"), "Đã tiến bộ"); code(err) != domain.CodeNotFound {
			t.Fatalf("closing out of scope: %v", err)
		}
		if _, err := sc.CloseFinding(ctx, staffB, edu.ID, D("2026-11-23"), "Đã tiến bộ, sinh hoạt đều"); err != nil {
			t.Fatal(err)
		}
		mv, err := sc.Member(ctx, staffB, f.Hoa.ID)
		if err != nil || len(mv.Grounds) != 0 || len(mv.Findings) != 1 || mv.Findings[0].ClosedOn.IsZero() {
			t.Fatalf("after improvement: %+v %v", mv, err)
		}

		// Yearly counts of removals and expulsions per organisation.
		cv, err := sc.Counts(ctx, Actor(domain.RoleLeader, f.Province), f.Province.ID, 2025, 2026)
		if err != nil || cv.Total.Total.Removed != 1 || len(cv.Rows) != 2 {
			t.Fatalf("counts: %+v %v", cv, err)
		}
		for _, r := range cv.Rows {
			want := 0
			if r.Org.ID == f.CommuneA.ID {
				want = 1
			}
			if r.Total.Removed != want || r.Years[0].Year != 2026 || r.Years[0].Removed != want {
				t.Errorf("%s: %+v", r.Org.Name, r)
			}
		}
		if v, err := db.VerifyAudit(ctx, domain.System); err != nil || !v.OK {
			t.Fatalf("audit: %+v %v", v, err)
		}
	})
}

// The screening's reader of absences and unpaid months finds the same
// grounds, with the same missed meetings, as the cell life's overview
// readers it stands in for at a province's scale, on a generated year of
// cell life.
func TestAbsenceGroundsAgreeWithRemovalEvidence(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		today := domain.DateOf(db.Now())
		sum, err := seed.Province(ctx, db, seed.Options{Members: 1500, Seed: 3, Life: true, Today: today})
		if err != nil {
			t.Fatal(err)
		}
		for _, on := range []domain.Date{today, domain.MonthOf(today).First().AddDays(-1), today.AddMonths(-3)} {
			err = db.Read(ctx, domain.System, func(tx *store.Tx) error {
				o, err := tx.Org(sum.Province.ID)
				if err != nil {
					return err
				}
				from, n := on.AddMonths(-12).AddDays(1), domain.RemovalMonths(on)
				a1, u1, _, err := tx.RemovalMonths(o, from, on, n)
				if err != nil {
					return err
				}
				g1 := domain.RemovalGrounds(a1, u1, n)
				var ids []int64
				for _, g := range g1 {
					ids = append(ids, g.MemberID)
				}
				m1, err := tx.MissedMeetings(o, ids, from, on)
				if err != nil {
					return err
				}
				for i := range g1 {
					g1[i].Missed = m1[g1[i].MemberID]
				}
				g2, err := tx.AbsenceGrounds(o, from, on, n)
				if err != nil {
					return err
				}
				if len(g1) == 0 || len(g1) != len(g2) {
					t.Fatalf("on %s: %d grounds against %d", on, len(g1), len(g2))
				}
				for i := range g1 {
					if !reflect.DeepEqual(g1[i], g2[i]) {
						t.Fatalf("on %s, ground %d: %+v against %+v", on, i, g1[i], g2[i])
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	})
}
