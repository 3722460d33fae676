package badges_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"dangvien/internal/app/badges"
	"dangvien/internal/app/members"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

var ctx = context.Background()

func auditCount(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow("SELECT count(*) FROM audit").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// veteran opens an official record admitted by a decision of day admitted,
// the ceremony three weeks later (party age counts from the decision, the
// 12 months of probation from the ceremony), and recognised then.
func veteran(t *testing.T, db *store.DB, cell domain.Org, name, cid, admitted string) domain.Member {
	t.Helper()
	return official(t, db, cell, domain.MemberFields{FullName: name, Gender: domain.Male, BirthDate: D("1950-05-05"), Ethnicity: "01", CitizenID: cid}, D(admitted), 21)
}

// official opens a record admitted by a decision of day decided, with its
// ceremony that many days later, and recognises it when the 12 months of
// probation end.
func official(t *testing.T, db *store.DB, cell domain.Org, f domain.MemberFields, decided domain.Date, ceremony int) domain.Member {
	t.Helper()
	ms := &members.Service{DB: db}
	m, err := ms.Create(ctx, domain.System, cell.ID, f, domain.Event{Kind: domain.EventAdmitted, Date: decided.AddDays(ceremony), Decided: decided, Decision: "9-QĐ/HU"})
	if err != nil {
		t.Fatal(err)
	}
	if m, _, err = ms.AddEvent(ctx, domain.System, m.ID, domain.Event{Kind: domain.EventRecognised, Date: domain.ProbationEnd(m.AdmissionDate), Decision: "1-QĐ/HU"}); err != nil {
		t.Fatal(err)
	}
	return m
}

// The list of an award date: members reaching 30…90 years of party age
// since the date before, early for illness, delayed after a warning; the
// next four dates; awards recorded with numbers of the province's code and
// 6 digits, each once.
func TestBadgeListsAndAwards(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		svc := &badges.Service{DB: db}
		staff := Actor(domain.RoleStaff, f.CommuneA)
		// Today 23/11/2026; the next award date is 03/02/2027, the one before 07/11/2026.
		a := veteran(t, db, f.CellA1, "Hoàng Văn Ba", "001150000001", "1996-12-01")   // 30 years on 01/12/2026
		b := veteran(t, db, f.CellA1, "Nông Thị Cúc", "001150000002", "1986-12-20")   // 40 years on 20/12/2026
		c := veteran(t, db, f.CellA2, "Lường Văn Dũng", "001150000003", "1997-06-01") // 30 years on 01/06/2027
		w := veteran(t, db, f.CellA2, "Quàng Văn Én", "001150000004", "1997-01-15")   // 30 years on 15/01/2027, but a warning
		veteran(t, db, f.CellB1, "Bạc Thị Gấm", "001150000005", "1997-01-20")         // another commune
		if _, _, err := (&members.Service{DB: db}).AddEvent(ctx, domain.System, w.ID, domain.Event{Kind: domain.EventDisciplined, Discipline: "warning", Date: D("2026-10-01"), Decision: "3-QĐ/UBKT"}); err != nil {
			t.Fatal(err)
		}
		// Dũng is seriously ill: the badge up to 12 months early, from the note's day.
		n := auditCount(t, db)
		if _, err := svc.AddNote(ctx, staff, c.ID, domain.PartyAgeNote{Kind: "ill", From: D("2026-11-20")}); domain.ErrorCode(err) != domain.CodeInvalid {
			t.Fatalf("a note without its ground: %v", err)
		}
		if _, err := svc.AddNote(ctx, Actor(domain.RoleStaff, f.CommuneB), c.ID, domain.PartyAgeNote{Kind: "ill", From: D("2026-11-20"), Note: "Bệnh án"}); domain.ErrorCode(err) != domain.CodeNotFound {
			t.Fatalf("another commune notes: %v", err)
		}
		if auditCount(t, db) != n {
			t.Fatal("refused notes wrote")
		}
		if _, err := svc.AddNote(ctx, staff, c.ID, domain.PartyAgeNote{Kind: "ill", From: D("2026-11-20"), Note: "Bệnh án số 12/BV tỉnh"}); err != nil {
			t.Fatal(err)
		}

		l, err := svc.List(ctx, staff, f.CommuneA.ID, domain.Date{}, domain.Date{})
		if err != nil || l.Award.ISO() != "2027-02-03" || l.Due != 3 {
			t.Fatalf("next list: %s %d %v", l.Award, l.Due, err)
		}
		names := func(rows []badges.AwardRow) []string {
			var out []string
			for _, r := range rows {
				out = append(out, fmt.Sprintf("%s %d", r.Name, r.Case.Years))
			}
			return out
		}
		if got := names(l.Rows); !slices.Equal(got, []string{"Hoàng Văn Ba 30", "Lường Văn Dũng 30", "Nông Thị Cúc 40"}) {
			t.Fatalf("list: %v", got)
		}
		if !strings.Contains(l.Rows[1].Case.Early, "Ốm đau nặng từ 20/11/2026") {
			t.Fatalf("early: %+v", l.Rows[1].Case)
		}
		// Én's warning of 01/10/2026 holds the badge to 01/04/2027: the 19/5 list.
		l2, err := svc.List(ctx, staff, f.CommuneA.ID, D("2027-05-19"), domain.Date{})
		if err != nil || len(l2.Rows) != 1 || l2.Rows[0].MemberID != w.ID || !strings.Contains(l2.Rows[0].Case.Delayed, "cảnh cáo") {
			t.Fatalf("delayed: %v %v", names(l2.Rows), err)
		}
		if _, err := svc.List(ctx, staff, f.CommuneA.ID, D("2027-05-20"), domain.Date{}); domain.ErrorCode(err) != domain.CodeInvalid {
			t.Fatalf("not an award date: %v", err)
		}
		up, err := svc.Upcoming(ctx, staff, f.CommuneA.ID)
		if err != nil || len(up.Dates) != 4 || up.Dates[0].Due != 3 || up.Dates[1].Due != 1 {
			t.Fatalf("upcoming: %+v %v", up.Dates, err)
		}

		// Recording: a member not due refuses the whole, nothing written.
		n = auditCount(t, db)
		rec := badges.AwardInput{Award: D("2027-02-03"), Decision: "150-QĐ/TU", MemberIDs: []int64{a.ID, w.ID}}
		_, err = svc.Record(ctx, staff, f.CommuneA.ID, rec)
		if domain.ErrorCode(err) != domain.CodeInvalid || !strings.Contains(err.Error(), "Quàng Văn Én không có trong danh sách") || auditCount(t, db) != n {
			t.Fatalf("not due: %v", err)
		}
		if _, err := svc.Record(ctx, Actor(domain.RoleSecretary, f.CellA1), f.CellA1.ID, badges.AwardInput{Award: D("2027-02-03"), Decision: "150-QĐ/TU", MemberIDs: []int64{a.ID}}); domain.ErrorCode(err) != domain.CodeForbidden {
			t.Fatalf("a secretary records: %v", err)
		}
		if _, err := svc.Record(ctx, staff, f.CommuneA.ID, badges.AwardInput{Award: D("2027-05-19"), Decision: "150-QĐ/TU", MemberIDs: []int64{w.ID}}); domain.ErrorCode(err) != domain.CodeInvalid {
			t.Fatalf("a date after the next: %v", err)
		}
		rv, err := svc.Record(ctx, staff, f.CommuneA.ID, badges.AwardInput{Award: D("2027-02-03"), Decision: "150-QĐ/TU", MemberIDs: []int64{a.ID, b.ID}})
		if err != nil || len(rv.Awards) != 2 || rv.Awards[0].Number != "T01000001" || rv.Awards[1].Number != "T01000002" || rv.Awards[1].Years != 40 {
			t.Fatalf("recorded: %+v %v", rv, err)
		}
		if _, err := svc.Record(ctx, staff, f.CommuneA.ID, badges.AwardInput{Award: D("2027-02-03"), Decision: "150-QĐ/TU", MemberIDs: []int64{a.ID}}); domain.ErrorCode(err) != domain.CodeInvalid {
			t.Fatalf("awarded twice: %v", err)
		}
		l, _ = svc.List(ctx, staff, f.CommuneA.ID, D("2027-02-03"), domain.Date{})
		if l.Due != 1 || l.Awarded != 2 || l.Rows[0].Number != "T01000001" {
			t.Fatalf("after the awards: %d due, %d awarded %v", l.Due, l.Awarded, names(l.Rows))
		}
		mv, err := svc.Member(ctx, Actor(domain.RoleMember), a.ID)
		if domain.ErrorCode(err) != domain.CodeNotFound {
			t.Fatalf("another member reads: %v", err)
		}
		mv, err = svc.Member(ctx, domain.Actor{Role: domain.RoleMember, MemberID: a.ID}, a.ID)
		if err != nil || mv.Years != 29 || len(mv.Awards) != 1 || mv.Next == nil || mv.Next.Years != 40 || mv.NextDate.ISO() != "2037-02-03" {
			t.Fatalf("own badges: %+v %v", mv, err)
		}
	})
}

// Badge numbers are allocated without races: awards recorded at once from
// many requests get distinct numbers, one after another.
func TestBadgeNumbersInParallel(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		svc := &badges.Service{DB: db}
		staff := Actor(domain.RoleStaff, f.Province)
		var ids []int64
		for i := range 24 {
			m := veteran(t, db, []domain.Org{f.CellA1, f.CellA2, f.CellB1}[i%3], fmt.Sprintf("Lê Văn Hùng %c", 'A'+i), fmt.Sprintf("00115000%04d", 100+i), fmt.Sprintf("1996-12-%02d", 1+i))
			ids = append(ids, m.ID)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 12)
		for i := 0; i < len(ids); i += 2 {
			wg.Add(1)
			go func(pair []int64) {
				defer wg.Done()
				_, err := svc.Record(ctx, staff, f.Province.ID, badges.AwardInput{Award: D("2027-02-03"), Decision: "150-QĐ/TU", MemberIDs: pair})
				errs <- err
			}(ids[i : i+2])
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		got := Strings(t, db, "SELECT number FROM badge_awards ORDER BY number")
		if len(got) != 24 || got[0] != "T01000001" || got[23] != "T01000024" {
			t.Fatalf("numbers: %v", got)
		}
	})
}

// The same badge recorded for the same member from several requests at
// once is written once, with one number; the others are told it was
// already recorded.
func TestBadgeOnceInParallel(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		svc := &badges.Service{DB: db}
		staff := Actor(domain.RoleStaff, f.Province)
		m := veteran(t, db, f.CellA1, "Hoàng Văn Ba", "001150000001", "1996-12-01")
		errs := make([]error, 8)
		var wg sync.WaitGroup
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = svc.Record(ctx, staff, f.Province.ID, badges.AwardInput{Award: D("2027-02-03"), Decision: "150-QĐ/TU", MemberIDs: []int64{m.ID}})
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case domain.ErrorCode(err) != domain.CodeInvalid || !strings.Contains(err.Error(), "Hoàng Văn Ba đã được ghi tặng Huy hiệu 30 năm tuổi đảng (số T01000001"):
				t.Errorf("refused with %v", err)
			}
		}
		var n int
		if err := db.SQL().QueryRow("SELECT count(*) FROM badge_awards").Scan(&n); err != nil || ok != 1 || n != 1 {
			t.Fatalf("%d requests succeeded, %d awards written (%v)", ok, n, err)
		}
	})
}
