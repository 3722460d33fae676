package calendar_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"dangvien/internal/app/calendar"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

var ctx = context.Background()

func code(err error) domain.Code { return domain.ErrorCode(err) }

func auditCount(t *testing.T, db *store.DB) int {
	t.Helper()
	rows, err := db.Audit(ctx, domain.System, store.AuditFilter{Entity: "calendar_day", Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return len(rows)
}

// The working-day calendar (RULES.md: Working days) as its users see it:
// the announcements of 2025 and 2026 seeded; everyone but a member reads a
// year and works out a deadline; only an administrator enters or cancels an
// announced day, checked against the calendar, audited, and a cancelled day
// stays on record.
func TestCalendar(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		svc := &calendar.Service{DB: db}
		sec := Actor(domain.RoleSecretary, f.CellA1)
		admin, err := db.CreateUser(ctx, domain.System, store.UserInput{Username: "quantri", DisplayName: "Quản trị", Password: "một mật khẩu đủ dài 2026", Role: domain.RoleAdmin})
		if err != nil {
			t.Fatal(err)
		}
		adm := domain.Actor{UserID: admin.ID, Username: admin.Username, Role: domain.RoleAdmin}

		// The seeded announcements and the three real cases of RULES.md.
		v, err := svc.Year(ctx, sec, calendar.Query{Year: 2026, From: D("2026-02-10"), Days: 5})
		if err != nil {
			t.Fatal(err)
		}
		if v.Working != 250 || len(v.Months) != 12 || v.Months[1].Working != 15 || v.Months[1].Days != 28 || v.CanWrite {
			t.Fatalf("2026: %d working days, February %+v", v.Working, v.Months[1])
		}
		if len(v.Announced) != 4 || v.Announced[2].Date.ISO() != "2026-02-16" || v.Announced[2].Note == "" || v.Announced[2].CreatedAt.IsZero() {
			t.Fatalf("2026 announcements: %+v", v.Announced)
		}
		if d := v.Deadline; d == nil || d.Due.ISO() != "2026-02-24" || d.Weekday != "Thứ Ba" || d.Calendar != 14 || len(d.Skipped) != 5 || d.Skipped[0].Date.ISO() != "2026-02-16" {
			t.Fatalf("deadline over Tết 2026: %+v", v.Deadline)
		}
		// February 2026 starts on a Sunday: the first week has six blanks.
		if w := v.Months[1].Weeks[0]; !w[5].Date.IsZero() || w[6].Date.ISO() != "2026-02-01" {
			t.Fatalf("first week of February: %+v", w)
		}
		v25, err := svc.Year(ctx, Actor(domain.RoleLeader, f.CommuneB), calendar.Query{Year: 2025})
		if err != nil || v25.Deadline != nil || len(v25.Announced) != 5 {
			t.Fatalf("2025: %+v %v", v25.Announced, err)
		}
		off := map[string]domain.DayKind{}
		for _, d := range v25.Days {
			off[d.Date.ISO()] = d.Kind
		}
		for day, k := range map[string]domain.DayKind{"2025-04-26": domain.DayMakeUp, "2025-05-02": domain.DayOff, "2025-04-30": domain.DayHoliday,
			"2025-09-01": domain.DayOff, "2025-09-02": domain.DayHoliday, "2025-01-27": domain.DayOff, "2025-01-29": domain.DayHoliday} {
			if off[day] != k {
				t.Errorf("2025: %s is %q, want %q", day, off[day], k)
			}
		}
		if _, ok := off["2025-02-03"]; ok {
			t.Error("3/2/2025 was a working day: the announcement replaces the default day in lieu")
		}

		// Who reads, and bad questions.
		if _, err := svc.Year(ctx, Actor(domain.RoleMember), calendar.Query{Year: 2026}); code(err) != domain.CodeNotFound {
			t.Fatalf("a member reads the calendar: %v", err)
		}
		for _, q := range []calendar.Query{{Year: 1800}, {Year: 2026, Days: 5}, {Year: 2026, From: D("2026-01-01"), Days: 0}, {Year: 2026, From: D("2026-01-01"), Days: 1001}} {
			if _, err := svc.Year(ctx, sec, q); code(err) != domain.CodeInvalid {
				t.Fatalf("%+v: %v", q, err)
			}
		}

		// Only an administrator writes; a refusal writes nothing.
		before := auditCount(t, db)
		qk := domain.AnnouncedDay{Date: D("2026-09-01"), Kind: domain.AnnouncedOff, Note: "Thông báo  thử nghiệm   số 1"}
		for _, a := range []domain.Actor{sec, Actor(domain.RoleStaff, f.Province), Actor(domain.RoleMember)} {
			if _, err := svc.Add(ctx, a, qk); code(err) != domain.CodeForbidden {
				t.Fatalf("%s adds a day: %v", a.Role, err)
			}
		}
		for _, bad := range []domain.AnnouncedDay{
			{Date: D("2026-08-29"), Kind: domain.AnnouncedOff, Note: "Thứ Bảy"},
			{Date: D("2026-09-02"), Kind: domain.AnnouncedWork, Note: "Làm việc ngày lễ"},
			{Date: D("2026-02-16"), Kind: domain.AnnouncedOff, Note: "Đã có"},
			{Date: D("2026-09-04"), Kind: domain.AnnouncedOff, Note: ""},
		} {
			if _, err := svc.Add(ctx, adm, bad); code(err) != domain.CodeInvalid {
				t.Fatalf("%+v: %v", bad, err)
			}
		}
		if n := auditCount(t, db); n != before {
			t.Fatalf("refusals wrote %d audit rows", n-before)
		}
		day, err := svc.Add(ctx, adm, qk)
		if err != nil || day.ID == 0 || day.Note != "Thông báo thử nghiệm số 1" || day.CreatedBy != "quantri" || day.CancelledAt != nil {
			t.Fatalf("add: %+v %v", day, err)
		}
		sat, err := svc.Add(ctx, adm, domain.AnnouncedDay{Date: D("2026-08-29"), Kind: domain.AnnouncedWork, Note: "Làm bù thử nghiệm"})
		if err != nil {
			t.Fatal(err)
		}
		v, _ = svc.Year(ctx, sec, calendar.Query{Year: 2026, From: D("2026-08-28"), Days: 1})
		if v.Deadline.Due.ISO() != "2026-08-29" || v.Working != 251 {
			t.Fatalf("with the make-up Saturday: due %s, %d working days", v.Deadline.Due, v.Working)
		}

		// Cancelling: with a reason, once; the row stays.
		if _, err := svc.Cancel(ctx, sec, sat.ID, "Nhập nhầm"); code(err) != domain.CodeForbidden {
			t.Fatalf("a secretary cancels: %v", err)
		}
		if _, err := svc.Cancel(ctx, adm, sat.ID, "  "); code(err) != domain.CodeInvalid {
			t.Fatalf("no reason: %v", err)
		}
		if _, err := svc.Cancel(ctx, adm, 999999, "Nhập nhầm"); code(err) != domain.CodeNotFound {
			t.Fatalf("no such day: %v", err)
		}
		c, err := svc.Cancel(ctx, adm, sat.ID, "Nhập nhầm ngày")
		if err != nil || c.CancelledAt == nil || c.CancelledBy != "quantri" || c.CancelReason != "Nhập nhầm ngày" {
			t.Fatalf("cancel: %+v %v", c, err)
		}
		if _, err := svc.Cancel(ctx, adm, sat.ID, "Lần nữa"); code(err) != domain.CodeConflict {
			t.Fatalf("cancelled twice: %v", err)
		}
		v, _ = svc.Year(ctx, sec, calendar.Query{Year: 2026})
		if v.Working != 250 || len(v.Announced) != 6 {
			t.Fatalf("after cancelling: %d working days, %d announcements", v.Working, len(v.Announced))
		}
		// The same day may be entered again once the wrong entry is cancelled.
		if _, err := svc.Add(ctx, adm, domain.AnnouncedDay{Date: D("2026-08-29"), Kind: domain.AnnouncedWork, Note: "Làm bù theo văn bản đúng"}); err != nil {
			t.Fatalf("re-entered: %v", err)
		}
		if n := auditCount(t, db); n != before+4 {
			t.Fatalf("audit rows: %d, want %d", n-before, 4)
		}
		if r, err := db.VerifyAudit(ctx, domain.System); err != nil || !r.OK {
			t.Fatalf("audit: %+v %v", r, err)
		}
	})
}

// One day has one announcement in force: eight administrators entering
// the same day at once leave exactly one.
func TestCalendarParallelAdds(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		svc := &calendar.Service{DB: db}
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Go(func() {
				_, errs[i] = svc.Add(ctx, domain.System, domain.AnnouncedDay{Date: D("2027-06-04"), Kind: domain.AnnouncedOff, Note: "Thông báo thử"})
			})
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case code(err) != domain.CodeInvalid:
				t.Fatalf("a concurrent add failed otherwise: %v", err)
			}
		}
		v, err := svc.Year(ctx, domain.System, calendar.Query{Year: 2027})
		if ok != 1 || err != nil || len(v.Announced) != 1 {
			t.Fatalf("%d adds succeeded, %d rows", ok, len(v.Announced))
		}
	})
}

// A year's calendar with a deadline, as the screen and the API ask for it,
// against the physical baseline of an empty read snapshot on the same
// database: what the calendar costs beyond opening the transaction.
func BenchmarkYear(b *testing.B) {
	db := SQLite(b)
	svc := &calendar.Service{DB: db}
	q := calendar.Query{Year: 2026, From: D("2026-02-10"), Days: 60}
	b.Run("year+deadline", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.Year(ctx, domain.System, q); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline-empty-read", func(b *testing.B) {
		for b.Loop() {
			if err := db.Read(ctx, domain.System, func(*store.Tx) error { return nil }); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("calendar-read+deadline", func(b *testing.B) {
		for b.Loop() {
			err := db.Read(ctx, domain.System, func(tx *store.Tx) error {
				cal, err := tx.Calendar()
				domain.AddWorkingDays(q.From, q.Days, cal)
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}

// The announcements that come with the calendar read as announcements: no
// note left for whoever would complete them reaches the screen.
func TestSeededNotesAreForUsers(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		for _, y := range []int{2025, 2026} {
			v, err := (&calendar.Service{DB: db}).Year(ctx, domain.System, calendar.Query{Year: y})
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range v.Announced {
				for _, w := range []string{"cần bổ sung", "cần đối chiếu", "chưa ghi số"} {
					if strings.Contains(a.Note, w) {
						t.Errorf("%s: %q", a.Date, a.Note)
					}
				}
			}
		}
	})
}
