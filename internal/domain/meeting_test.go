package domain

import (
	"strings"
	"testing"
	"time"
)

// Cell meetings (RULES.md; Hướng dẫn 12-HD/BTCTW, 42-HD/BTCTW): a regular
// meeting every month, a thematic one every quarter, 90 minutes, 120 combined.
func TestCheckMeetings(t *testing.T) {
	d := MustDate
	reg := func(day string, min int) MeetingFact {
		return MeetingFact{Kind: MeetingRegular, HeldOn: d(day), Minutes: min}
	}
	full := []MeetingFact{}
	for m := 1; m <= 12; m++ {
		day := NewDate(2026, 1, 5).AddMonths(m - 1)
		k := MeetingRegular
		if m%3 == 0 {
			k = MeetingCombined
		}
		full = append(full, MeetingFact{Kind: k, HeldOn: day, Minutes: 120})
	}
	rules := func(ws []MeetingWarning) string {
		var s []string
		for _, w := range ws {
			s = append(s, w.Rule)
		}
		return strings.Join(s, ",")
	}
	for _, tc := range []struct {
		name  string
		today Date
		ms    []MeetingFact
		want  string
	}{
		{"a full year", d("2027-01-10"), full, ""},
		{"the current month is not judged yet", d("2026-01-20"), nil, ""},
		{"January passed without a meeting", d("2026-02-01"), nil, "no_regular"},
		{"first quarter: no thematic meeting", d("2026-04-01"), []MeetingFact{reg("2026-01-05", 90), reg("2026-02-05", 90), reg("2026-03-05", 90)}, "no_thematic"},
		{"a thematic meeting alone is not the month's regular one", d("2026-02-01"), []MeetingFact{{Kind: MeetingThematic, HeldOn: d("2026-01-10"), Minutes: 90}}, "no_regular"},
		{"89 minutes is too short", d("2026-01-20"), []MeetingFact{reg("2026-01-05", 89)}, "too_short"},
		{"90 minutes is enough", d("2026-01-20"), []MeetingFact{reg("2026-01-05", 90)}, ""},
		{"combined needs 120", d("2026-01-20"), []MeetingFact{{Kind: MeetingCombined, HeldOn: d("2026-01-05"), Minutes: 119}}, "too_short"},
		{"no length recorded", d("2026-01-20"), []MeetingFact{reg("2026-01-05", 0)}, "too_short"},
		{"a planned meeting is not checked", d("2026-01-04"), []MeetingFact{reg("2026-01-05", 0)}, ""},
		{"extraordinary meetings have no minimum", d("2026-01-20"), []MeetingFact{{Kind: MeetingExtraordinary, HeldOn: d("2026-01-05"), Minutes: 30}}, ""},
		{"another year's meetings do not count", d("2026-02-01"), []MeetingFact{reg("2025-01-05", 90)}, "no_regular"},
	} {
		if got := rules(CheckMeetings(2026, tc.today, tc.ms)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	ws := CheckMeetings(2026, d("2026-05-01"), nil)
	if len(ws) != 5 || ws[0].Message != "Tháng 1/2026 không có buổi sinh hoạt định kỳ." || ws[3].Message != "Quý 1/2026 không có buổi sinh hoạt chuyên đề." {
		t.Errorf("messages: %+v", ws)
	}
}

func TestValidateMeeting(t *testing.T) {
	today := MustDate("2026-11-23")
	ok := MeetingInput{Kind: MeetingRegular, HeldOn: MustDate("2026-11-05"), Minutes: 95, StartsAt: "19:30"}
	for _, tc := range []struct {
		name  string
		edit  func(*MeetingInput)
		field string
	}{
		{"valid", func(*MeetingInput) {}, ""},
		{"no kind", func(m *MeetingInput) { m.Kind = "" }, "kind"},
		{"thematic without a topic", func(m *MeetingInput) { m.Kind = MeetingThematic }, "topic"},
		{"no date", func(m *MeetingInput) { m.HeldOn = Date{} }, "held_on"},
		{"before 1930", func(m *MeetingInput) { m.HeldOn = MustDate("1929-12-31") }, "held_on"},
		{"planned too far ahead", func(m *MeetingInput) { m.HeldOn = MustDate("2028-01-05") }, "held_on"},
		{"planned for next December", func(m *MeetingInput) { m.HeldOn = MustDate("2027-12-05"); m.Minutes = 0 }, ""},
		{"planned next month", func(m *MeetingInput) { m.HeldOn = MustDate("2026-12-05"); m.Minutes = 0 }, ""},
		{"bad start time", func(m *MeetingInput) { m.StartsAt = "25:00" }, "starts_at"},
		{"negative length", func(m *MeetingInput) { m.Minutes = -5 }, "minutes"},
		{"minutes recorded without a length", func(m *MeetingInput) { m.Minutes = 0; m.Record = "Biên bản" }, "minutes"},
		{"documents after the meeting", func(m *MeetingInput) { m.DocsOn = MustDate("2026-11-06") }, "docs_on"},
	} {
		in := ok
		tc.edit(&in)
		err := ValidateMeeting(in, today)
		var got string
		if e, isErr := err.(*Error); isErr {
			for k := range e.Fields {
				got = k
			}
		}
		if got != tc.field {
			t.Errorf("%s: field %q, want %q (%v)", tc.name, got, tc.field, err)
		}
	}
}

func TestAttendanceRate(t *testing.T) {
	var c AttendanceCounts
	for _, a := range []Attendance{Present, Present, Present, Present, Present, Excused, Unexcused} {
		c.Add(a)
	}
	if c.Rate() != 714 || Percent(c.Rate()) != "71,4%" {
		t.Fatalf("rate %d %s", c.Rate(), Percent(c.Rate()))
	}
	if (AttendanceCounts{}).Rate() != 0 {
		t.Fatal("empty rate")
	}
	if s := c.Plus(c); s.Expected != 14 || s.Unexcused != 2 || s.Rate() != 714 {
		t.Fatalf("plus %+v", s)
	}
}

// Removal grounds (RULES.md, Removal): unexcused absences or unpaid fees in
// three different months of a year; three missed meetings in one month are
// one month; a missed meeting and an unpaid fee in the same month are one.
func TestRemovalGrounds(t *testing.T) {
	mon := func(ms ...int) []Month {
		var out []Month
		for _, m := range ms {
			out = append(out, Month{2026, time.Month(m)})
		}
		return out
	}
	// Months of absence: three missed meetings in March are March once.
	absent := map[int64][]Month{
		1: mon(3),           // one month
		2: mon(1, 4),        // two months of absence…
		3: mon(5),           // one absence…
		4: mon(2, 6, 9, 10), // four months
	}
	unpaid := map[int64][]Month{
		2: mon(7),    // …and one unpaid month: three
		3: mon(5, 6), // …and two unpaid, one the same month: two
		5: mon(1, 2, 3),
	}
	got := RemovalGrounds(absent, unpaid, 3)
	ids := []int64{}
	for _, g := range got {
		ids = append(ids, g.MemberID)
	}
	if len(ids) != 3 || ids[0] != 4 || ids[1] != 2 || ids[2] != 5 {
		t.Fatalf("grounds for %v, want [4 2 5]", ids)
	}
	if g := got[1]; len(g.Months) != 3 || g.Months[0] != "2026-01" || len(g.Unpaid) != 1 || g.Unpaid[0] != "2026-07" {
		t.Fatalf("evidence: %+v", g)
	}
}
