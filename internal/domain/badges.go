package domain

import (
	"fmt"
	"sort"
	"time"

	"dangvien/internal/viet"
)

// Party badges (huy hiệu Đảng; RULES.md: Badges). Party age counts from
// the date of the admission decision, less the time without party
// activity; a member reaching 30, 40, 45 … 90 years of it is awarded the
// badge on the next award date. A seriously ill member may have it early,
// a warning or a dismissal delays it.

// PartyAgeStart is the day a member's party age counts from: the date of
// the admission decision (RULES.md, Probation and recognition), which every
// record with an admission carries (the ceremony's copied in, marked
// unconfirmed, where it was not known).
func PartyAgeStart(m Member) Date { return m.DecisionDate }

// BadgeYears are the years of party age a badge is awarded for.
var BadgeYears = []int{30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90}

// badgeDays are the award dates of a year: 3/2 (the Party's founding),
// 19/5, 2/9 and 7/11.
var badgeDays = [][2]int{{2, 3}, {5, 19}, {9, 2}, {11, 7}}

// AwardDates lists the n award dates on or after day from.
func AwardDates(from Date, n int) []Date {
	var out []Date
	for y := from.Year(); len(out) < n; y++ {
		for _, md := range badgeDays {
			d := NewDate(y, time.Month(md[0]), md[1])
			if !d.Before(from) && len(out) < n {
				out = append(out, d)
			}
		}
	}
	return out
}

// IsAwardDate tells whether d is one of the year's award dates.
func IsAwardDate(d Date) bool {
	for _, md := range badgeDays {
		if int(d.Time().Month()) == md[0] && d.Time().Day() == md[1] {
			return true
		}
	}
	return false
}

// PrevAwardDate is the last award date before d.
func PrevAwardDate(d Date) Date {
	for y := d.Year(); ; y-- {
		for i := len(badgeDays) - 1; i >= 0; i-- {
			a := NewDate(y, time.Month(badgeDays[i][0]), badgeDays[i][1])
			if a.Before(d) {
				return a
			}
		}
	}
}

// Period is a span of days, From inclusive, To exclusive (To zero: still
// open on the day asked).
type Period struct {
	From   Date   `json:"from"`
	To     Date   `json:"to,omitempty"`
	Reason string `json:"reason"`
}

// PartyAgeNote is something recorded about a member for the badges: a
// period without party activity the events do not show (lost contact, a
// gap in an old record), or a serious illness, from its day, which allows
// the badge early.
type PartyAgeNote struct {
	ID       int64  `json:"id"`
	MemberID int64  `json:"member_id"`
	Kind     string `json:"kind"` // "break" or "ill"
	From     Date   `json:"from"`
	To       Date   `json:"to,omitempty"`
	Note     string `json:"note"`
}

// PartyAgeNoteKinds names the kinds of notes.
var PartyAgeNoteKinds = map[string]string{"break": "Thời gian không sinh hoạt đảng", "ill": "Ốm đau nặng (xét tặng sớm)"}

// CheckPartyAgeNote checks a note on day today.
func CheckPartyAgeNote(n *PartyAgeNote, start, today Date) error {
	f := Fields{}
	n.Note = cleanText(n.Note)
	checkText(f, "note", "Ghi chú", viet.OneLine, n.Note)
	if _, ok := PartyAgeNoteKinds[n.Kind]; !ok {
		f.Add("kind", "Chọn thời gian không sinh hoạt đảng hoặc ốm đau nặng.")
	}
	switch {
	case n.From.IsZero():
		f.Add("from", "Chưa nhập ngày.")
	case n.From.After(today):
		f.Add("from", "Ngày không được sau hôm nay.")
	case !start.IsZero() && n.From.Before(start):
		f.Add("from", fmt.Sprintf("Trước ngày vào Đảng (%s).", start))
	}
	if n.Kind == "ill" {
		n.To = Date{}
	}
	if n.Kind == "break" {
		switch {
		case n.To.IsZero():
			f.Add("to", "Chưa nhập ngày trở lại sinh hoạt.")
		case !n.To.After(n.From):
			f.Add("to", "Ngày trở lại sinh hoạt phải sau ngày bắt đầu.")
		case n.To.After(today):
			f.Add("to", "Ngày không được sau hôm nay.")
		}
	}
	if n.Note == "" {
		f.Add("note", "Ghi căn cứ (văn bản, lý do).")
	} else if len([]rune(n.Note)) > 500 {
		f.Add("note", "Tối đa 500 ký tự.")
	}
	return f.Err()
}

// PartyAgeBreaks are a member's periods without party activity: from a
// transfer out to the transfer in that follows on the same record, and the
// breaks recorded as notes, in date order.
func PartyAgeBreaks(events []Event, notes []PartyAgeNote) []Period {
	var out []Period
	var out0 Date
	for _, e := range events {
		switch e.Kind {
		case EventTransferredOut:
			out0 = e.Date
		case EventTransferredIn:
			if !out0.IsZero() && e.Date.After(out0) {
				out = append(out, Period{From: out0, To: e.Date, Reason: "Chuyển sinh hoạt đi, chưa đến nơi mới"})
			}
			out0 = Date{}
		}
	}
	for _, n := range notes {
		if n.Kind == "break" && !n.To.IsZero() {
			out = append(out, Period{From: n.From, To: n.To, Reason: n.Note})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].From.Before(out[j].From) })
	return out
}

// ReachDate is the day someone whose party age starts on start, with the
// given breaks, reaches years of party age: each day of a break before
// that day puts it off by a day (overlapping breaks count once).
func ReachDate(start Date, breaks []Period, years int) Date {
	d := start.AddYears(years)
	covered := start
	for _, b := range breaks {
		from, to := b.From, b.To
		if from.Before(covered) {
			from = covered
		}
		if !to.After(from) || !from.Before(d) {
			continue
		}
		d = d.AddDays(int(to.Time().Sub(from.Time()).Hours() / 24))
		covered = to
	}
	return d
}

// PartyAgeLess is the party age on day on, in whole years and months,
// counted from start less the breaks: PartyAge's count for a member still
// active, with the breaks the badges also take off (PartyAgeBreaks: the
// transfer gaps and the periods noted without party activity).
func PartyAgeLess(start Date, breaks []Period, on Date) (years, months int) {
	if start.IsZero() || on.Before(start) {
		return 0, 0
	}
	days := 0
	covered := start
	for _, b := range breaks {
		from, to := b.From, b.To
		if from.Before(covered) {
			from = covered
		}
		if to.After(on) {
			to = on
		}
		if to.After(from) {
			days += int(to.Time().Sub(from.Time()).Hours() / 24)
			covered = to
		}
	}
	m := MonthsBetween(start.AddDays(days), on)
	if m < 0 {
		m = 0
	}
	return m / 12, m % 12
}

// BadgeFacts is what the badge rules read of a member: when party age
// starts (the admission decision's date), the events that matter
// (transfers, disciplines), the notes, and the badges already awarded.
type BadgeFacts struct {
	MemberID int64
	Start    Date
	Events   []Event
	Notes    []PartyAgeNote
	Awarded  map[int]Date // years → award date
}

// BadgeCase is a member due a badge on an award date: the years, the day
// party age reaches them, the day the member may have it (earlier when
// ill, later after a discipline), and why it moved.
type BadgeCase struct {
	Years    int    `json:"years"`
	Reach    Date   `json:"reach"`
	Eligible Date   `json:"eligible"`
	Early    string `json:"early,omitempty"`   // why early
	Delayed  string `json:"delayed,omitempty"` // why delayed
}

// earlyMonths is how much earlier a seriously ill member may have the badge
// of years.
func earlyMonths(years int, on Date) int {
	if years >= 70 {
		return Rules.Int("badge.early_months_from_70", on)
	}
	return Rules.Int("badge.early_months_to_65", on)
}

// BadgeDue is the badge a member is due on award date award: the first
// badge not yet awarded whose day falls after the award date before
// (from) and on or before award. from may be set earlier to catch up
// members an earlier list missed. ok is false when none is due.
func BadgeDue(f BadgeFacts, from, award Date) (BadgeCase, bool) {
	if f.Start.IsZero() {
		return BadgeCase{}, false
	}
	breaks := PartyAgeBreaks(f.Events, f.Notes)
	var ill Date
	for _, n := range f.Notes {
		if n.Kind == "ill" && !n.From.After(award) && (ill.IsZero() || n.From.Before(ill)) {
			ill = n.From
		}
	}
	for _, years := range BadgeYears {
		if _, done := f.Awarded[years]; done {
			continue
		}
		c := BadgeCase{Years: years, Reach: ReachDate(f.Start, breaks, years)}
		c.Eligible = c.Reach
		if !ill.IsZero() {
			early := c.Reach.AddMonths(-earlyMonths(years, award))
			if ill.After(early) {
				early = ill
			}
			if early.Before(c.Reach) {
				c.Eligible = early
				c.Early = fmt.Sprintf("Ốm đau nặng từ %s: xét tặng sớm (tối đa %d tháng).", ill, earlyMonths(years, award))
			}
		}
		for _, e := range f.Events {
			if e.Kind != EventDisciplined || e.Date.After(award) {
				continue
			}
			var hold Date
			switch e.Discipline {
			case "warning":
				hold = e.Date.AddMonths(Rules.Int("badge.delay_warning_months", e.Date))
			case "dismissal":
				hold = e.Date.AddMonths(Rules.Int("badge.delay_dismissal_months", e.Date))
			default:
				continue
			}
			if hold.After(c.Eligible) {
				c.Eligible = hold
				c.Delayed = fmt.Sprintf("Kỷ luật %s ngày %s: xét tặng từ %s.", lower(DisciplineForms[e.Discipline]), e.Date, hold)
				c.Early = ""
			}
		}
		if c.Eligible.After(award) {
			return BadgeCase{}, false // the later badges come later still
		}
		if c.Eligible.After(from) {
			return c, true
		}
		// Reached before this list's window: an earlier list had it.
	}
	return BadgeCase{}, false
}

// BadgeWindow is the earliest day a member's party age may start to be
// due badge years on award date award with no note, break or discipline:
// party age started after the award date before, years ago, and on or
// before the award date, years ago. The store reads those members by
// their admission date, and the few with notes or events apart.
func BadgeWindow(years int, from, award Date) (lo, hi Date) {
	// A start on 29/02 reaches the years on 28/02: one day of slack on each
	// side, the rules decide exactly.
	return from.AddYears(-years).AddDays(-1), award.AddYears(-years).AddDays(1)
}

// BadgeDelaySince is the earliest day a warning or a dismissal may be dated
// and still hold a badge past day from: the delay of an earlier one (the
// longest any version of the rules gives, a month of slack for the ends of
// months) is over by then, and it moves no one onto a list after from.
func BadgeDelaySince(from Date) Date {
	longest := 0
	for _, name := range []string{"badge.delay_warning_months", "badge.delay_dismissal_months"} {
		for _, r := range Rules.Versions(name) {
			longest = max(longest, r.Value)
		}
	}
	return from.AddMonths(-longest - 1)
}

// BadgeNumber is the number of a badge: the provincial organisation's
// code and n in as many digits as the rule says.
func BadgeNumber(prefix string, n int64, on Date) (string, error) {
	digits := Rules.Int("badge.number_digits", on)
	limit := int64(1)
	for range digits {
		limit *= 10
	}
	if n <= 0 || n >= limit {
		return "", Errorf(CodeConflict, "Đã hết số huy hiệu của mã %s (%d chữ số).", prefix, digits)
	}
	return fmt.Sprintf("%s%0*d", prefix, digits, n), nil
}
