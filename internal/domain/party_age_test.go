package domain

import "testing"

// Rule (RULES.md, Probation and recognition): party age counts from the
// date in the admission decision, not the ceremony, less the periods
// without party activity: a transfer gap (out until in), a removal, an
// expulsion, leaving or death (the age stops there).
func TestPartyAge(t *testing.T) {
	ev := func(k EventKind, date string) Event { return Event{Kind: k, Date: d(date)} }
	admitted := ev(EventAdmitted, "1976-02-03") // the ceremony, weeks after the decision
	for _, c := range []struct {
		name          string
		decision      string
		events        []Event
		on            string
		years, months int
		daysOut       int
		since         string
		text          string
	}{
		{"from the decision, not the ceremony: 50 years on the decision's anniversary", "1976-01-10", []Event{admitted}, "2026-01-10", 50, 0, 0, "1976-01-10", "50 năm"},
		{"a day before the anniversary", "1976-01-10", []Event{admitted}, "2026-01-09", 49, 11, 0, "1976-01-10", "49 năm 11 tháng"},
		{"exemption from activity is not a gap", "1976-01-10", []Event{admitted, ev(EventExempted, "2010-01-01"), ev(EventRestored, "2012-01-01")}, "2026-01-10", 50, 0, 0, "1976-01-10", "50 năm"},
		{"a transfer gap is taken off", "1976-01-10", []Event{admitted, ev(EventTransferredOut, "2000-03-01"), ev(EventTransferredIn, "2000-05-30")}, "2026-01-10", 49, 9, 90, "1976-04-09", "49 năm 9 tháng"},
		{"two transfer gaps add up", "1976-01-10", []Event{admitted, ev(EventTransferredOut, "1990-01-01"), ev(EventTransferredIn, "1990-01-31"),
			ev(EventTransferredOut, "2000-03-01"), ev(EventTransferredIn, "2000-03-11")}, "2026-01-10", 49, 10, 40, "1976-02-19", "49 năm 10 tháng"},
		{"a transfer out not yet followed by one in: the age stands still", "2000-01-10", []Event{ev(EventAdmitted, "2000-01-20"), ev(EventTransferredOut, "2020-01-10")}, "2026-01-10", 20, 0, 2192, "2000-01-10", "20 năm"},
		{"removed: the age stops at the removal", "2000-01-10", []Event{ev(EventAdmitted, "2000-01-20"), ev(EventRemoved, "2010-07-10")}, "2026-01-10", 10, 6, 5663, "2000-01-10", "10 năm 6 tháng"},
		{"died: the age stops at death", "2000-01-10", []Event{ev(EventAdmitted, "2000-01-20"), ev(EventDied, "2025-01-10")}, "2026-01-10", 25, 0, 365, "2000-01-10", "25 năm"},
		{"events after the day do not count yet", "2000-01-10", []Event{ev(EventAdmitted, "2000-01-20"), ev(EventRemoved, "2026-06-01")}, "2026-01-10", 26, 0, 0, "2000-01-10", "26 năm"},
		{"a probationary member of a few months", "2026-06-15", []Event{ev(EventAdmitted, "2026-07-01")}, "2026-11-23", 0, 5, 0, "2026-06-15", "5 tháng"},
		{"before the decision there is no party age", "2026-06-15", nil, "2026-06-14", 0, 0, 0, "", ""},
		{"no decision date, no party age", "", nil, "2026-06-14", 0, 0, 0, "", ""},
	} {
		var dec Date
		if c.decision != "" {
			dec = d(c.decision)
		}
		got := PartyAge(dec, c.events, d(c.on))
		if got.Years != c.years || got.Months != c.months || got.DaysOut != c.daysOut || got.Since.ISO() != c.since || got.String() != c.text {
			t.Errorf("%s: got %d years %d months, %d days out, since %s, %q; want %d years %d months, %d days out, since %s, %q", c.name, got.Years, got.Months, got.DaysOut, got.Since.ISO(), got.String(), c.years, c.months, c.daysOut, c.since, c.text)
		}
	}
}

// The 50-year fee exemption (Quy định 01-QĐ/TW) reads party age from the
// decision's date less the gaps: the day the age counts from is the fee's
// PartySince.
func TestFeeExemptionAtFiftyYearsOfPartyAge(t *testing.T) {
	p := FeeProfile{Category: FeeRetired, Base: 6_000_000}
	decision := d("1976-03-10")
	admitted := Event{Kind: EventAdmitted, Date: d("1976-04-02")}
	for _, c := range []struct {
		name   string
		events []Event
		m      Month
		exempt bool
	}{
		{"the month the decision turns 50 is exempt from its first day on", []Event{admitted}, Month{2026, 4}, true},
		{"the month before is not", []Event{admitted}, Month{2026, 3}, false},
		{"a transfer gap of two months pushes it back", []Event{admitted, {Kind: EventTransferredOut, Date: d("1990-01-01")}, {Kind: EventTransferredIn, Date: d("1990-03-02")}}, Month{2026, 4}, false},
		{"and it comes in the end", []Event{admitted, {Kind: EventTransferredOut, Date: d("1990-01-01")}, {Kind: EventTransferredIn, Date: d("1990-03-02")}}, Month{2026, 6}, true},
	} {
		since := PartyAge(decision, c.events, c.m.First()).Since
		due, err := MonthlyFee(p, FeeFacts{PartySince: since}, c.m)
		if err != nil || (due.Exempt != "") != c.exempt {
			t.Errorf("%s: %+v %v", c.name, due, err)
		}
	}
}
