package domain

// PossibleEvents lists, in the order forms offer them (LaterEvents), the
// events that may follow a record's history on day today: each kind is put
// through State.Apply as it would be recorded today, with a discipline form
// and a target cell where it needs one, so a form offers only what the
// member's standing allows (no recognition before the 12 months of
// probation end, no expulsion of a probationary member, nothing after a
// death). A history that does not replay offers nothing.
func PossibleEvents(m Member, history []Event, today Date) []EventKind {
	s, err := StateOf(m, history)
	if err != nil {
		return nil
	}
	if n := len(history); n > 0 && history[n-1].Date.After(today) {
		return nil
	}
	var out []EventKind
	for _, k := range LaterEvents {
		e := Event{Kind: k, Date: today}
		switch k {
		case EventDisciplined:
			e.Discipline = "reprimand" // the lightest form, open to every active member
		case EventMoved:
			e.ToOrgID = -1 // some other cell: which one is the form's to pick
		}
		if _, err := s.Apply(e); err == nil {
			out = append(out, k)
		}
	}
	return out
}

// EventFields names the inputs, beside the date, the decision and the
// reason, that an event of kind k takes.
func EventFields(k EventKind) []string {
	switch k {
	case EventDisciplined:
		return []string{"discipline"}
	case EventMoved:
		return []string{"to_org_id"}
	}
	return nil
}
