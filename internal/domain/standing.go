package domain

import (
	"fmt"
	"strings"
)

// Record is what a member's standing follows from: the dates the record
// carries and the member's events, oldest first.
type Record struct {
	MemberID int64
	Name     string
	Admitted Date // the record's admission date
	Official Date // the record's official date
	Events   []Event
}

// State replays a record's events (Replay). A record whose first event is
// the admission starts empty; one that began with a transfer in, or was
// imported, carries its admission and official dates, which the events need.
func (r Record) State() (State, error) {
	start := State{Admitted: r.Admitted, Official: r.Official}
	if len(r.Events) > 0 && r.Events[0].Kind == EventAdmitted {
		start.Admitted = Date{}
	}
	s, err := Replay(start, r.Events)
	if err != nil {
		return s, err
	}
	if s.Official.IsZero() {
		s.Official = r.Official // imported records carry it without an event
	}
	return s, nil
}

// ApplyEach applies one event to each of several members, as State.Apply
// does for one member's event: the event may not be dated before a member's
// latest event (a history stays in date order), and each member's standing
// must allow it. It returns each member's state after the event, in the
// order of recs; a refusal names the members it concerns.
func ApplyEach(recs []Record, e Event) ([]State, error) {
	var later []string
	var latest Date
	for _, r := range recs {
		if n := len(r.Events); n > 0 && e.Date.Before(r.Events[n-1].Date) {
			later = append(later, r.Name)
			if d := r.Events[n-1].Date; d.After(latest) {
				latest = d
			}
		}
	}
	if len(later) > 0 {
		return nil, &Error{Code: CodeInvalid,
			Message: fmt.Sprintf("%s có sự kiện sau ngày %s: ngày quyết định phải từ ngày của sự kiện gần nhất (%s) trở đi.", namesOf(later), e.Date, latest),
			Fields:  Fields{"date": "Trước sự kiện gần nhất của đảng viên."}}
	}
	out := make([]State, len(recs))
	for i, r := range recs {
		s, err := r.State()
		if err != nil {
			return nil, Errorf(CodeConflict, "Quá trình sinh hoạt của đảng viên %s không hợp lệ: %s", r.Name, messageOf(err))
		}
		e.MemberID = r.MemberID
		if out[i], err = s.Apply(e); err != nil {
			return nil, Errorf(CodeInvalid, "Không ghi được sự kiện «%s» cho đảng viên %s: %s", e.Kind.Label(), r.Name, messageOf(err))
		}
	}
	return out, nil
}

// namesOf names up to three members, and how many more.
func namesOf(names []string) string {
	if len(names) == 1 {
		return "Đảng viên " + names[0]
	}
	s := fmt.Sprintf("%d đảng viên (%s", len(names), strings.Join(names[:min(3, len(names))], ", "))
	if len(names) > 3 {
		s += ", …"
	}
	return s + ")"
}

func messageOf(err error) string {
	if e, ok := err.(*Error); ok {
		return e.Message
	}
	return err.Error()
}
