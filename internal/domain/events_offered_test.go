package domain

import (
	"slices"
	"testing"
)

// Rule: a form offers only the events the member's standing allows, each
// tried through State.Apply on today's date (Điều lệ Đảng; RULES.md:
// Probation, Discipline, Removal).
func TestPossibleEvents(t *testing.T) {
	today := d("2026-11-23")
	admitted := func(on string) []Event { return []Event{{Kind: EventAdmitted, Date: d(on)}} }
	m := Member{OrgID: 10}
	for _, c := range []struct {
		name    string
		history []Event
		want    []EventKind
	}{
		{"probationary, 12 months not over: no recognition, no expulsion, no return", admitted("2026-03-01"),
			[]EventKind{EventMoved, EventExempted, EventDisciplined, EventTransferredOut, EventRemoved, EventLeft, EventDied}},
		{"probationary, 12 months over: recognition offered", admitted("2025-01-10"),
			[]EventKind{EventRecognised, EventMoved, EventExempted, EventDisciplined, EventTransferredOut, EventRemoved, EventLeft, EventDied}},
		{"official: expulsion offered, recognition not", append(admitted("2010-01-10"), Event{Kind: EventRecognised, Date: d("2011-01-10")}),
			[]EventKind{EventMoved, EventExempted, EventDisciplined, EventTransferredOut, EventRemoved, EventExpelled, EventLeft, EventDied}},
		{"exempted: return offered, a second exemption not", append(admitted("2010-01-10"), Event{Kind: EventRecognised, Date: d("2011-01-10")}, Event{Kind: EventExempted, Date: d("2024-01-01")}),
			[]EventKind{EventMoved, EventRestored, EventDisciplined, EventTransferredOut, EventRemoved, EventExpelled, EventLeft, EventDied}},
		{"died: nothing", append(admitted("2010-01-10"), Event{Kind: EventDied, Date: d("2024-01-01")}), nil},
		{"transferred out: nothing here (a return opens with a transfer in)", append(admitted("2010-01-10"), Event{Kind: EventTransferredOut, Date: d("2024-01-01")}), nil},
	} {
		got := PossibleEvents(m, c.history, today)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s:\n got %v\nwant %v", c.name, got, c.want)
		}
		// Each offered kind is accepted by NextEvent on that day.
		for _, k := range got {
			e := Event{Kind: k, Date: today, Discipline: "reprimand", ToOrgID: 11, Decision: "12-QĐ/ĐU"} // removal and expulsion need one
			if _, _, err := NextEvent(m, c.history, &e, today); err != nil {
				t.Errorf("%s: %s offered but refused: %v", c.name, k, err)
			}
		}
	}
}
