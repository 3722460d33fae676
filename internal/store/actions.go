package store

import (
	"fmt"
	"regexp"
	"sort"
)

// An audited action and the kind of thing it is about are typed values,
// each declared once, with its Vietnamese words, as a package variable
// beside the function that writes it:
//
//	var actMeetingCreate = newAction("meeting.create", "ghi buổi sinh hoạt")
//	…
//	tx.audit(actMeetingCreate, entMeeting, id, o.Path, nil, in)
//
// tx.audit takes an Action and an Entity, not strings, so an action that
// was never declared does not compile, and one declared without its label
// stops every program and test at start-up. The audit log, the home page
// and the API read the labels back from the names stored in each row.

// Action is an audited action: the name stored in the audit trail and what
// the audit log says was done ("sửa hồ sơ đảng viên").
type Action struct {
	name, label string
	access      bool // a sign-in, sign-out or failed attempt: not a change of data
}

// Name is the action as stored ("member.update").
func (a Action) Name() string { return a.name }

// Label is the action in Vietnamese, as a verb phrase.
func (a Action) Label() string { return a.label }

// Access tells whether the action is a sign-in, a sign-out or a refused
// attempt rather than a change of data.
func (a Action) Access() bool { return a.access }

// Entity is a kind of thing audit rows are about ("member", "Đảng viên").
type Entity struct{ name, label string }

// Name is the entity as stored.
func (e Entity) Name() string { return e.name }

// Label is the entity in Vietnamese, as a noun.
func (e Entity) Label() string { return e.label }

var (
	actions  = map[string]Action{}
	entities = map[string]Entity{}
	nameRe   = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$`)
)

func declare(kind, name, label string) {
	if !nameRe.MatchString(name) {
		panic(fmt.Sprintf("store: %s name %q is not lower-case words joined by dots", kind, name))
	}
	if label == "" {
		panic(fmt.Sprintf("store: %s %q has no Vietnamese label", kind, name))
	}
}

// newAction declares an audited action with its Vietnamese label.
func newAction(name, label string) Action {
	declare("action", name, label)
	if _, dup := actions[name]; dup {
		panic("store: action " + name + " declared twice")
	}
	a := Action{name: name, label: label}
	actions[name] = a
	return a
}

// newAccessAction declares a sign-in, sign-out or refused attempt: audited
// like a change, but listed apart from the changes (the home page's recent
// changes leave them out; the audit log has a filter for them).
func newAccessAction(name, label string) Action {
	a := newAction(name, label)
	a.access = true
	actions[name] = a
	return a
}

// newEntity declares a kind of thing audit rows are about.
func newEntity(name, label string) Entity {
	declare("entity", name, label)
	if _, dup := entities[name]; dup {
		panic("store: entity " + name + " declared twice")
	}
	e := Entity{name: name, label: label}
	entities[name] = e
	return e
}

// ActionOf returns the declared action of a stored name; ok is false for a
// name this version does not declare (a row written by another version).
func ActionOf(name string) (Action, bool) {
	a, ok := actions[name]
	return a, ok
}

// ActionLabel is the Vietnamese label of a stored action name, or the name
// itself when this version does not declare it.
func ActionLabel(name string) string {
	if a, ok := actions[name]; ok {
		return a.label
	}
	return name
}

// EntityLabel is the Vietnamese label of a stored entity name, or the name
// itself when this version does not declare it.
func EntityLabel(name string) string {
	if e, ok := entities[name]; ok {
		return e.label
	}
	return name
}

// Entities lists the declared entities by name.
func Entities() []Entity {
	out := make([]Entity, 0, len(entities))
	for _, e := range entities {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// Actions lists the declared actions by name.
func Actions() []Action {
	out := make([]Action, 0, len(actions))
	for _, a := range actions {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// accessActionNames are the stored names of the access actions, for the
// audit filters.
func accessActionNames() []any {
	var out []any
	for _, a := range Actions() {
		if a.access {
			out = append(out, a.name)
		}
	}
	return out
}
