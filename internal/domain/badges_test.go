package domain

import (
	"strings"
	"testing"
)

// Rule (RULES.md, Badges): awarded on 3/2, 19/5, 2/9 and 7/11.
func TestAwardDates(t *testing.T) {
	got := AwardDates(d("2026-11-23"), 4)
	var s []string
	for _, x := range got {
		s = append(s, x.ISO())
	}
	if strings.Join(s, " ") != "2027-02-03 2027-05-19 2027-09-02 2027-11-07" {
		t.Fatalf("next four after 23/11/2026: %v", s)
	}
	if got := AwardDates(d("2026-09-02"), 1); got[0].ISO() != "2026-09-02" {
		t.Fatalf("on an award date: %v", got)
	}
	if p := PrevAwardDate(d("2027-02-03")); p.ISO() != "2026-11-07" {
		t.Fatalf("before 3/2/2027: %s", p)
	}
	if !IsAwardDate(d("2026-05-19")) || IsAwardDate(d("2026-05-20")) {
		t.Fatal("IsAwardDate")
	}
}

// Rule (RULES.md, Probation and recognition; Badges): party age counts from
// the admission decision, less any time without party activity (a transfer
// gap, a recorded break); overlapping breaks count once.
func TestPartyAgeLess(t *testing.T) {
	transfer := []Event{{Kind: EventAdmitted, Date: d("1990-03-03")}, {Kind: EventTransferredOut, Date: d("2000-01-01")}, {Kind: EventTransferredIn, Date: d("2000-07-01")}}
	for _, tc := range []struct {
		rule          string
		events        []Event
		notes         []PartyAgeNote
		reach30, on   string
		years, months int
	}{
		{"no break", nil, nil, "2020-03-03", "2026-11-23", 36, 8},
		{"a transfer gap of 182 days", transfer, nil, "2020-09-01", "2026-11-23", 36, 2},
		{"a recorded break of a year", nil, []PartyAgeNote{{Kind: "break", From: d("2010-01-01"), To: d("2011-01-01")}}, "2021-03-03", "2026-11-23", 35, 8},
		{"an illness is not a break", nil, []PartyAgeNote{{Kind: "ill", From: d("2010-01-01")}}, "2020-03-03", "2026-11-23", 36, 8},
		{"overlapping breaks count once", transfer, []PartyAgeNote{{Kind: "break", From: d("2000-03-01"), To: d("2000-09-01")}}, "2020-11-02", "2026-11-23", 36, 0},
		{"a break after the years are reached does not move them", nil, []PartyAgeNote{{Kind: "break", From: d("2024-01-01"), To: d("2025-01-01")}}, "2020-03-03", "2026-11-23", 35, 8},
	} {
		br := PartyAgeBreaks(tc.events, tc.notes)
		if got := ReachDate(d("1990-03-03"), br, 30); got.ISO() != tc.reach30 {
			t.Errorf("%s: 30 years on %s, want %s", tc.rule, got.ISO(), tc.reach30)
		}
		if y, m := PartyAgeLess(d("1990-03-03"), br, d(tc.on)); y != tc.years || m != tc.months {
			t.Errorf("%s: party age %d years %d months, want %d %d", tc.rule, y, m, tc.years, tc.months)
		}
	}
}

// Rule (RULES.md, Badges): the badge of 30…90 years on the first award date
// after party age reaches them; up to 12 months early (30–65 years) or 24
// (70–90) for a seriously ill member; 6 months after a warning, 1 year
// after a dismissal.
func TestBadgeDue(t *testing.T) {
	award := d("2026-11-07")
	from := PrevAwardDate(award) // 02/09/2026
	to65 := map[int]Date{30: d("1988-11-07"), 40: d("1998-11-07"), 45: d("2003-11-07"), 50: d("2008-11-07"), 55: d("2013-11-07"), 60: d("2018-11-07"), 65: d("2023-11-07")}
	for _, tc := range []struct {
		rule    string
		start   string
		events  []Event
		notes   []PartyAgeNote
		awarded map[int]Date
		years   int // 0: none due
		why     string
	}{
		{"30 years on 05/10/2026", "1996-10-05", nil, nil, nil, 30, ""},
		{"30 years on the award date itself", "1996-11-07", nil, nil, nil, 30, ""},
		{"30 years the day after: next list", "1996-11-08", nil, nil, nil, 0, ""},
		{"30 years on the last award date: that list had it", "1996-09-02", nil, nil, nil, 0, ""},
		{"45 years", "1981-10-01", nil, nil, map[int]Date{30: d("2011-11-07"), 40: d("2021-11-07")}, 45, ""},
		{"already awarded", "1996-10-05", nil, nil, map[int]Date{30: d("2026-11-07")}, 0, ""},
		{"ill: 11 months early for 30 years", "1997-09-30", nil, []PartyAgeNote{{Kind: "ill", From: d("2026-10-01")}}, nil, 30, "Ốm đau nặng từ 01/10/2026"},
		{"ill: not 13 months early", "1997-12-01", nil, []PartyAgeNote{{Kind: "ill", From: d("2026-10-01")}}, nil, 0, ""},
		{"ill: 24 months early for 70 years", "1958-10-01", nil, []PartyAgeNote{{Kind: "ill", From: d("2026-09-15")}}, to65, 70, "tối đa 24 tháng"},
		{"ill: not 25 months early for 70 years", "1958-11-20", nil, []PartyAgeNote{{Kind: "ill", From: d("2026-09-15")}}, to65, 0, ""},
		{"a warning on 01/08/2026 holds it to 01/02/2027", "1996-10-05", []Event{{Kind: EventDisciplined, Discipline: "warning", Date: d("2026-08-01")}}, nil, nil, 0, ""},
		{"a warning on 01/03/2026 holds it to 01/09/2026: due now", "1996-10-05", []Event{{Kind: EventDisciplined, Discipline: "warning", Date: d("2026-03-01")}}, nil, nil, 30, ""},
		{"a warning on 01/04/2026 holds a 02/09 badge to 01/10/2026", "1996-08-15", []Event{{Kind: EventDisciplined, Discipline: "warning", Date: d("2026-04-01")}}, nil, nil, 30, "Kỷ luật cảnh cáo ngày 01/04/2026: xét tặng từ 01/10/2026."},
		{"a dismissal holds it a year", "1996-10-05", []Event{{Kind: EventDisciplined, Discipline: "dismissal", Date: d("2026-01-01")}}, nil, nil, 0, ""},
		{"a reprimand does not hold it", "1996-10-05", []Event{{Kind: EventDisciplined, Discipline: "reprimand", Date: d("2026-10-01")}}, nil, nil, 30, ""},
		{"a discipline after the award date is not yet there", "1996-10-05", []Event{{Kind: EventDisciplined, Discipline: "warning", Date: d("2026-11-10")}}, nil, nil, 30, ""},
		{"a transfer gap moves it to the next list", "1996-10-05", []Event{{Kind: EventTransferredOut, Date: d("2001-01-01")}, {Kind: EventTransferredIn, Date: d("2001-03-01")}}, nil, nil, 0, ""},
	} {
		c, ok := BadgeDue(BadgeFacts{Start: d(tc.start), Events: tc.events, Notes: tc.notes, Awarded: tc.awarded}, from, award)
		if (tc.years == 0) == ok || (ok && c.Years != tc.years) || !strings.Contains(c.Early+c.Delayed, tc.why) {
			t.Errorf("%s: %+v %v", tc.rule, c, ok)
		}
		// Those with no note or event are found by their start date alone.
		if ok && tc.events == nil && tc.notes == nil {
			lo, hi := BadgeWindow(c.Years, from, award)
			if !d(tc.start).After(lo) || !d(tc.start).Before(hi) {
				t.Errorf("%s: start %s outside the window %s–%s", tc.rule, tc.start, lo, hi)
			}
		}
	}
	// A list may reach back to catch up members an earlier list missed.
	if c, ok := BadgeDue(BadgeFacts{Start: d("1996-05-01")}, d("2026-01-01"), award); !ok || c.Years != 30 {
		t.Errorf("catch-up: %+v %v", c, ok)
	}
}

// Rule (RULES.md, Badges): the badge number is the provincial
// organisation's code and 6 digits.
func TestBadgeNumber(t *testing.T) {
	on := d("2026-11-07")
	if n, err := BadgeNumber("T025", 1234, on); err != nil || n != "T025001234" {
		t.Fatalf("%q %v", n, err)
	}
	if _, err := BadgeNumber("T025", 1_000_000, on); ErrorCode(err) != CodeConflict {
		t.Fatalf("past 6 digits: %v", err)
	}
}

// Rule (RULES.md, Badges): a warning delays the badge 6 months, a
// dismissal 1 year. The badge list reads the members a discipline may move
// onto it by the discipline's date from BadgeDelaySince: one dated before
// it changes nothing on the list of an award date after from (its hold is
// over by then), whatever the ends of months; one dated on it may.
func TestBadgeDelaySince(t *testing.T) {
	for _, a := range AwardDates(d("2024-01-01"), 16) {
		from := PrevAwardDate(a)
		since := BadgeDelaySince(from)
		// Party age reached on from itself: due on the list of a, held
		// past it only by a discipline whose hold reaches past from.
		f := BadgeFacts{Start: from.AddYears(-30)}
		base, ok := BadgeDue(f, PrevAwardDate(from), from)
		if !ok || base.Years != 30 {
			t.Fatalf("%s: not due on its own day: %+v", from, base)
		}
		for _, kind := range []string{"warning", "dismissal"} {
			for day := since.AddDays(-45); day.Before(since); day = day.AddDays(1) {
				f.Events = []Event{{Kind: EventDisciplined, Discipline: kind, Date: day}}
				if c, ok := BadgeDue(f, PrevAwardDate(from), from); !ok || c != base {
					t.Fatalf("a %s of %s (before %s) moves the badge of %s: %+v", kind, day, since, from, c)
				}
			}
		}
		f.Events = []Event{{Kind: EventDisciplined, Discipline: "dismissal", Date: since.AddMonths(1).AddDays(1)}}
		if _, ok := BadgeDue(f, PrevAwardDate(from), from); ok {
			t.Fatalf("a dismissal of %s does not hold the badge of %s", since.AddMonths(1).AddDays(1), from)
		}
	}
}
