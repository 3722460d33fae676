package domain

import (
	"strings"
	"testing"
)

// announced20252026 is what the calendar migration seeds: the days the
// announcements for 2025 and 2026 made off or working.
var announced20252026 = []AnnouncedDay{
	{MustDate("2025-01-27"), AnnouncedOff, "Tết 2025: nghỉ 25/01–02/02/2025"},
	{MustDate("2025-01-28"), AnnouncedOff, "Tết 2025: nghỉ 25/01–02/02/2025"},
	{MustDate("2025-04-26"), AnnouncedWork, "Làm bù cho thứ Sáu 02/05/2025"},
	{MustDate("2025-05-02"), AnnouncedOff, "Hoán đổi với thứ Bảy 26/04/2025"},
	{MustDate("2025-09-01"), AnnouncedOff, "Quốc khánh 2025: nghỉ 30/08–02/09/2025"},
	{MustDate("2026-01-02"), AnnouncedOff, "Hoán đổi với thứ Bảy 10/01/2026"},
	{MustDate("2026-01-10"), AnnouncedWork, "Làm bù cho thứ Sáu 02/01/2026"},
	{MustDate("2026-02-16"), AnnouncedOff, "Tết 2026: nghỉ 14/02–22/02/2026"},
	{MustDate("2026-02-20"), AnnouncedOff, "Tết 2026: nghỉ 14/02–22/02/2026"},
}

// offDays lists the days from a to b (inclusive) that are not working days.
func offDays(cal *Calendar, a, b string) string {
	var out []string
	for d := MustDate(a); !d.After(MustDate(b)); d = d.AddDays(1) {
		if !IsWorkingDay(d, cal) {
			out = append(out, d.ISO()[5:])
		}
	}
	return strings.Join(out, " ")
}

// Working days (RULES.md): the three real cases to check against, with the
// announcements, and what the default alone gives for the same days.
func TestWorkingDaysRealCases(t *testing.T) {
	real := NewCalendar(announced20252026)
	none := NewCalendar(nil)
	for _, tc := range []struct {
		rule     string
		cal      *Calendar
		from, to string
		off      string
	}{
		{"Tết 2026 off 16–20/2/2026", real, "2026-02-12", "2026-02-24", "02-14 02-15 02-16 02-17 02-18 02-19 02-20 02-21 02-22"},
		{"Tết 2026 by default: the last day of the year and mùng 1–4", none, "2026-02-12", "2026-02-24", "02-14 02-15 02-16 02-17 02-18 02-19 02-20 02-21 02-22"},
		{"30/4–2/5/2025 off, Saturday 26/4 worked", real, "2025-04-24", "2025-05-06", "04-27 04-30 05-01 05-02 05-03 05-04"},
		{"30/4–1/5/2025 by default: no swap", none, "2025-04-24", "2025-05-06", "04-26 04-27 04-30 05-01 05-03 05-04"},
		{"1/9 and 2/9/2025 off", real, "2025-08-28", "2025-09-05", "08-30 08-31 09-01 09-02"},
		{"Quốc khánh 2025 by default: 2/9 a Tuesday takes Monday 1/9", none, "2025-08-28", "2025-09-05", "08-30 08-31 09-01 09-02"},
		{"Tết 2025 as announced: 25/1–2/2/2025", real, "2025-01-23", "2025-02-04", "01-25 01-26 01-27 01-28 01-29 01-30 01-31 02-01 02-02"},
		{"Tết 2025 by default: mùng 4 on a Saturday gives Monday 3/2 in lieu", none, "2025-01-23", "2025-02-04", "01-25 01-26 01-28 01-29 01-30 01-31 02-01 02-02 02-03"},
		{"Tết Dương lịch 2026: Friday 2/1 swapped with Saturday 10/1", real, "2025-12-31", "2026-01-12", "01-01 01-02 01-03 01-04 01-11"},
	} {
		if got := offDays(tc.cal, tc.from, tc.to); got != tc.off {
			t.Errorf("%s:\n got  %s\n want %s", tc.rule, got, tc.off)
		}
	}
	for _, tc := range []struct {
		day, name string
		kind      DayKind
		deflt     bool
	}{
		{"2026-02-17", "Tết Nguyên đán (mùng 1)", DayHoliday, false},
		{"2026-02-16", "Tết Nguyên đán (29 tháng Chạp)", DayOff, false},
		{"2026-02-20", "Tết Nguyên đán (mùng 4)", DayOff, false},
		{"2025-04-26", "Làm bù", DayMakeUp, false},
		{"2025-05-02", "Ngày Chiến thắng, Quốc tế Lao động", DayOff, false},
		{"2025-09-01", "Quốc khánh (ngày liền kề)", DayOff, false},
		{"2025-09-02", "Quốc khánh (2/9)", DayHoliday, false},
		{"2025-04-07", "Giỗ Tổ Hùng Vương (10/3 âm lịch)", DayHoliday, false},
		{"2025-01-01", "Tết Dương lịch", DayHoliday, false},
		{"2026-09-01", "Quốc khánh (ngày liền kề)", DayHoliday, true}, // nothing announced for 2026 yet
		{"2026-04-27", "Nghỉ bù Giỗ Tổ Hùng Vương", DayCompensatory, true},
		{"2026-02-23", "", DayWorking, false},
		{"2026-02-28", "", DayWeekend, false},
	} {
		got := real.Day(MustDate(tc.day))
		if got.Name != tc.name || got.Kind != tc.kind || got.Default != tc.deflt || got.Working != (tc.kind == DayWorking || tc.kind == DayMakeUp) {
			t.Errorf("%s: %+v, want %s %q default=%v", tc.day, got, tc.kind, tc.name, tc.deflt)
		}
	}
	// 261 weekdays; off: 1/1, 2/1, 16–20/2, 27/4 in lieu, 30/4, 1/5, 1/9, 2/9;
	// worked: Saturday 10/1.
	if n := WorkingDaysBetween(MustDate("2025-12-31"), MustDate("2026-12-31"), real); n != 250 {
		t.Errorf("working days in 2026: %d", n)
	}
}

// Bộ luật Lao động 2019, Điều 111–112, where nothing is announced: a
// holiday on a weekend gives the next working day in lieu, one after
// another; Quốc khánh takes the neighbour that joins it to a weekend; the
// number of days follows the law of the year.
func TestDefaultHolidays(t *testing.T) {
	cal := NewCalendar(nil)
	for _, tc := range []struct {
		rule     string
		from, to string
		off      string
	}{
		{"Giỗ Tổ on Saturday 29/4/2023, 30/4 on Sunday: in lieu on 2/5 and 3/5", "2023-04-27", "2023-05-05", "04-29 04-30 05-01 05-02 05-03"},
		{"Quốc khánh 2023: 2/9 a Saturday takes Friday 1/9 and Monday 4/9 in lieu", "2023-08-30", "2023-09-06", "09-01 09-02 09-03 09-04"},
		{"Quốc khánh 2024: 2/9 a Monday takes Tuesday 3/9", "2024-08-29", "2024-09-05", "08-31 09-01 09-02 09-03"},
		{"Quốc khánh 2021: 2/9 a Thursday takes Friday 3/9", "2021-08-31", "2021-09-06", "09-02 09-03 09-04 09-05"},
		{"Quốc khánh 2020: one day before the 2019 Labour Code", "2020-08-31", "2020-09-04", "09-02"},
		{"Tết 2024: mùng 1 and 2 on the weekend give Wednesday 14/2 and Thursday 15/2", "2024-02-07", "2024-02-16", "02-09 02-10 02-11 02-12 02-13 02-14 02-15"},
		{"Tết 2012: four days before the 2012 Labour Code", "2012-01-20", "2012-01-28", "01-21 01-22 01-23 01-24 01-25 01-26 01-28"},
		{"Giỗ Tổ 2006: no holiday before 2007", "2006-04-05", "2006-04-09", "04-08 04-09"},
		{"Tết Dương lịch 2028 on a Saturday: Monday 3/1 in lieu", "2027-12-31", "2028-01-04", "01-01 01-02 01-03"},
	} {
		if got := offDays(cal, tc.from, tc.to); got != tc.off {
			t.Errorf("%s:\n got  %s\n want %s", tc.rule, got, tc.off)
		}
	}
	// An announced day off outside any holiday, and a make-up day that turns
	// a default day off back into a working day.
	c := NewCalendar([]AnnouncedDay{{MustDate("2026-06-15"), AnnouncedOff, "Nghỉ đặc biệt"}, {MustDate("2026-04-27"), AnnouncedWork, "Không nghỉ bù"}})
	if d := c.Day(MustDate("2026-06-15")); d.Working || d.Kind != DayOff || d.Name != "Nghỉ theo thông báo" || d.Note != "Nghỉ đặc biệt" {
		t.Errorf("announced day off: %+v", d)
	}
	if d := c.Day(MustDate("2026-04-27")); !d.Working || d.Kind != DayMakeUp {
		t.Errorf("make-up day: %+v", d)
	}
}

// Deadlines in working days (RULES.md: Working days; the 60 and 30
// working days of transfers, 30 of recognition and of the ceremony).
func TestAddWorkingDays(t *testing.T) {
	cal := NewCalendar(announced20252026)
	for _, tc := range []struct {
		rule, from string
		n          int
		want       string
	}{
		{"over Tết 2026: 11, 12, 13, then 23, 24/2", "2026-02-10", 5, "2026-02-24"},
		{"the make-up Saturday 26/4/2025 counts", "2025-04-24", 3, "2025-04-28"},
		{"30/4–4/5/2025 skipped", "2025-04-28", 3, "2025-05-06"},
		{"from a holiday, the next working day is the first", "2026-02-17", 1, "2026-02-23"},
		{"from a Friday, one working day is Monday", "2026-11-20", 1, "2026-11-23"},
		{"zero days: the day itself", "2026-02-17", 0, "2026-02-17"},
		{"counting back over Tết 2026", "2026-02-23", -1, "2026-02-13"},
		{"30 working days of a decision dated 10/02/2026", "2026-02-10", 30, "2026-03-31"},
		{"60 working days from 1/4/2026 across 30/4 and 1/5", "2026-04-01", 60, "2026-06-29"},
	} {
		got := AddWorkingDays(MustDate(tc.from), tc.n, cal)
		if got.ISO() != tc.want {
			t.Errorf("%s: %s + %d = %s, want %s", tc.rule, tc.from, tc.n, got.ISO(), tc.want)
		}
		if tc.n > 0 && !IsWorkingDay(got, cal) {
			t.Errorf("%s: the deadline %s is not a working day", tc.rule, got)
		}
	}
	// WorkingDaysBetween is the inverse, across two years.
	for d := MustDate("2024-12-01"); d.Before(MustDate("2026-12-31")); d = d.AddDays(3) {
		for _, n := range []int{1, 5, 30, 60} {
			due := AddWorkingDays(d, n, cal)
			if got := WorkingDaysBetween(d, due, cal); got != n {
				t.Fatalf("WorkingDaysBetween(%s, %s) = %d, want %d", d, due, got, n)
			}
			if got := WorkingDaysBetween(due, d, cal); got != -n {
				t.Fatalf("backwards: %d", got)
			}
		}
	}
}

// An announced day is checked against the calendar before it is written.
func TestCheckAnnouncedDay(t *testing.T) {
	cal := NewCalendar(announced20252026)
	for _, tc := range []struct {
		rule  string
		in    AnnouncedDay
		field string
		want  string // part of the message; "" when valid
	}{
		{"a working day made a day off", AnnouncedDay{MustDate("2026-09-04"), AnnouncedOff, "Thông báo thử"}, "", ""},
		{"a default day next to a holiday confirmed", AnnouncedDay{MustDate("2026-09-01"), AnnouncedOff, "Thông báo thử"}, "", ""},
		{"a Saturday made a working day", AnnouncedDay{MustDate("2026-08-29"), AnnouncedWork, "Thông báo thử"}, "", ""},
		{"a Saturday is off anyway", AnnouncedDay{MustDate("2026-08-29"), AnnouncedOff, "Thông báo thử"}, "date", "ngày nghỉ hằng tuần"},
		{"a holiday the law fixes cannot be announced", AnnouncedDay{MustDate("2026-09-02"), AnnouncedWork, "Thông báo thử"}, "date", "Quốc khánh (2/9)"},
		{"a working day needs no make-up", AnnouncedDay{MustDate("2026-09-03"), AnnouncedWork, "Thông báo thử"}, "date", "vốn là ngày làm việc"},
		{"a date already announced", AnnouncedDay{MustDate("2025-05-02"), AnnouncedOff, "Lần nữa"}, "date", "đã có trong lịch"},
		{"no announcement named", AnnouncedDay{MustDate("2026-09-04"), AnnouncedOff, "  "}, "note", "văn bản"},
		{"a note too long", AnnouncedDay{MustDate("2026-09-04"), AnnouncedOff, strings.Repeat("ả", 501)}, "note", "500"},
		{"a NUL in the note", AnnouncedDay{MustDate("2026-09-04"), AnnouncedOff, "Thông báo\x00 số 1"}, "note", "ký tự điều khiển"},
		{"a right-to-left override in the note", AnnouncedDay{MustDate("2026-09-04"), AnnouncedOff, "Thông báo \u202e1/TB"}, "note", "ký tự ẩn"},
		{"invalid UTF-8 in the note", AnnouncedDay{MustDate("2026-09-04"), AnnouncedOff, "Thông báo \xff"}, "note", "ký tự"},
		{"an unknown kind", AnnouncedDay{MustDate("2026-09-04"), "holiday", "Thông báo"}, "kind", "ngày làm bù"},
		{"no date", AnnouncedDay{Date{}, AnnouncedOff, "Thông báo"}, "date", "dd/mm/yyyy"},
		{"beyond the lunar calendar's range", AnnouncedDay{MustDate("2200-03-03"), AnnouncedOff, "Thông báo"}, "date", "2199"},
	} {
		err := CheckAnnouncedDay(tc.in, cal)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.rule, err)
			}
			continue
		}
		e, ok := err.(*Error)
		if !ok || e.Code != CodeInvalid || !strings.Contains(e.Fields[tc.field], tc.want) {
			t.Errorf("%s: %v", tc.rule, err)
		}
	}
}

// Speed of a deadline: 60 working days on a calendar built for the request
// (the cost a request pays), against the same walk over plain days.
func BenchmarkAddWorkingDays60(b *testing.B) {
	from := MustDate("2026-01-15")
	for b.Loop() {
		AddWorkingDays(from, 60, NewCalendar(announced20252026))
	}
}

func BenchmarkAddWorkingDays60Warm(b *testing.B) {
	from, cal := MustDate("2026-01-15"), NewCalendar(announced20252026)
	for b.Loop() {
		AddWorkingDays(from, 60, cal)
	}
}

func BenchmarkAddDays84Baseline(b *testing.B) {
	from := MustDate("2026-01-15")
	for b.Loop() {
		d := from
		for range 84 {
			d = d.AddDays(1)
		}
		_ = d
	}
}

// walk is AddWorkingDays the slow way, one day at a time: the oracle for
// the search over running counts.
func walk(d Date, n int, cal *Calendar) Date {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		if IsWorkingDay(d, cal) {
			n--
		}
	}
	return d
}

// The deadline found by search is the one found by walking, forwards and
// backwards, across year ends and leap years.
func TestAddWorkingDaysMatchesWalk(t *testing.T) {
	cal := NewCalendar(announced20252026)
	for d := MustDate("2023-11-01"); d.Before(MustDate("2029-03-01")); d = d.AddDays(3) { // 3 and 7 coprime: every weekday
		for _, n := range []int{1, 2, 30, 60, 250, 600, -1, -30, -60, -400} {
			if got, want := AddWorkingDays(d, n, cal), walk(d, n, cal); !got.Equal(want) {
				t.Fatalf("%s %+d: %s, walking gives %s", d, n, got, want)
			}
		}
	}
}

// A cancellation says why, in plain text.
func TestCheckCancelReason(t *testing.T) {
	for _, tc := range []struct {
		reason string
		ok     bool
	}{{"Nhập nhầm ngày", true}, {"", false}, {"   ", false}, {"Lý do\u2066ẩn", false}, {strings.Repeat("a", 501), false}} {
		if err := CheckCancelReason(tc.reason); (err == nil) != tc.ok {
			t.Errorf("%q: %v", tc.reason, err)
		}
	}
}

// Any year is a calendar: before the rule table's first version only the
// holidays that need no rule count (1/1, Tết's first three days, 30/4,
// 1/5, 2/9), and nothing fails.
func TestCalendarOutsideTheRules(t *testing.T) {
	cal := NewCalendar(nil)
	if d := cal.Day(MustDate("1929-02-11")); d.Kind != DayHoliday || d.Name != "Tết Nguyên đán (mùng 2)" {
		t.Errorf("Tết 1929: %+v", d)
	}
	if d := cal.Day(MustDate("1929-03-12")); !d.Working {
		t.Errorf("1929: %+v", d)
	}
	if got := AddWorkingDays(MustDate("1930-01-03"), -5, cal); got.ISO() != "1929-12-26" {
		t.Errorf("back into 1929: %s", got.ISO())
	}
	if d := cal.Day(MustDate("2199-12-31")); !d.Working {
		t.Errorf("2199: %+v", d)
	}
}
