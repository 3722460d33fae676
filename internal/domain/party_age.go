package domain

import "fmt"

// Seniority is a member's party age on a day: whole years and months, the
// days without party activity that were taken off, and the day the age
// counts from (the decision's date moved later by the gaps that have
// closed; a member out of activity on the day is aged as of the day they
// went out).
type Seniority struct {
	Years   int  `json:"years"`
	Months  int  `json:"months"`
	DaysOut int  `json:"days_out"`
	Since   Date `json:"since"`
}

// String reads "12 năm 3 tháng"; "" without an admission decision.
func (s Seniority) String() string {
	switch {
	case s.Since.IsZero():
		return ""
	case s.Years == 0:
		return fmt.Sprintf("%d tháng", s.Months)
	case s.Months == 0:
		return fmt.Sprintf("%d năm", s.Years)
	}
	return fmt.Sprintf("%d năm %d tháng", s.Years, s.Months)
}

// PartyAge is a member's party age on day on (RULES.md, Probation and
// recognition): it counts from the date in the admission decision, less the
// periods without party activity, which the member's events (oldest first)
// give:
//   - from a transfer out to the transfer in that follows it (a transfer
//     gap), or to day on when none has followed yet;
//   - from a removal, an expulsion, leaving the party or death on: the age
//     stops there (a record ends with them; a member admitted again has a
//     new record).
//
// Periods before the decision or after day on do not count. A record
// without a decision date, or a day before it, has no party age.
func PartyAge(decision Date, events []Event, on Date) Seniority {
	if decision.IsZero() || on.Before(decision) {
		return Seniority{}
	}
	out := 0
	var since Date // when activity stopped; zero while active
	days := func(from, to Date) int {
		if from.Before(decision) {
			from = decision
		}
		if to.After(on) {
			to = on
		}
		if !to.After(from) {
			return 0
		}
		return int(to.Time().Sub(from.Time()).Hours() / 24)
	}
	for _, e := range events {
		if e.Date.After(on) {
			break
		}
		switch e.Kind {
		case EventTransferredOut, EventRemoved, EventExpelled, EventLeft, EventDied:
			if since.IsZero() {
				since = e.Date
			}
		case EventTransferredIn:
			if !since.IsZero() {
				out += days(since, e.Date)
				since = Date{}
			}
		}
	}
	end := on
	from := decision.AddDays(out)
	if !since.IsZero() { // out at day on: the age stands where activity stopped
		end = since
		if end.Before(from) {
			end = from
		}
		out += days(since, on)
	}
	n := MonthsBetween(from, end)
	return Seniority{Years: n / 12, Months: n % 12, DaysOut: out, Since: from}
}
