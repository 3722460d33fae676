// Package members holds the user actions on member records: reading a
// record with its events and history, lists, search and search as one
// types, creating a record with its first event, editing it, recording
// events, and the A4 member sheet.
//
// Each exported method is one user action: it takes the actor, runs in one
// transaction (a write) or one read snapshot (a view), calls the domain's
// rules, and returns the view that both the screen and the API render.
package members

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// Service runs the member actions against a database.
type Service struct{ DB *store.DB }

func (s *Service) today() domain.Date { return domain.DateOf(s.DB.Now()) }

// RecordView is a member's record as its screen shows it: the record, its
// events, the history of its changes (for roles that read the audit trail)
// and whether the actor may change it. The API answers with the record.
type RecordView struct {
	domain.Member
	Events  []domain.Event   `json:"-"`
	History []store.AuditRow `json:"-"`
	CanEdit bool             `json:"-"`
	// PartyAge is counted from the admission decision less the periods
	// without party activity; FeeOffer is the fee category the record
	// points to when the member's fee profile says otherwise.
	PartyAge domain.Seniority   `json:"-"`
	FeeOffer domain.FeeCategory `json:"-"`
}

// historyRows is how many changes the record screen lists.
const historyRows = 50

// Record reads a member's record with its events and history.
func (s *Service) Record(ctx context.Context, a domain.Actor, id int64) (RecordView, error) {
	var v RecordView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		m, err := tx.Member(id)
		if err != nil {
			return err
		}
		v.Member, v.CanEdit = m, a.Role.WritesMembers()
		if v.Events, err = tx.Events(m); err != nil {
			return err
		}
		v.PartyAge = domain.PartyAge(m.DecisionDate, v.Events, tx.Today())
		if m.Status.Active() {
			fee, err := tx.FeeProfile(m)
			if err != nil {
				return err
			}
			v.FeeOffer = domain.FeeCategoryOffer(m.MemberFields, fee)
		}
		if a.Role.ReadsAudit() {
			v.History, err = tx.MemberHistory(m, historyRows)
		}
		return err
	})
	return v, err
}

// Member reads one record, without its events: what a page that names the
// member needs.
func (s *Service) Member(ctx context.Context, a domain.Actor, id int64) (domain.Member, error) {
	var m domain.Member
	err := s.DB.Read(ctx, a, func(tx *store.Tx) (err error) {
		m, err = tx.Member(id)
		return err
	})
	return m, err
}

// Events lists a member's events, oldest first.
func (s *Service) Events(ctx context.Context, a domain.Actor, id int64) ([]domain.Event, error) {
	var out []domain.Event
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		m, err := tx.Member(id)
		if err != nil {
			return err
		}
		out, err = tx.Events(m)
		return err
	})
	return out, err
}

// List reads a page of the members of the actor's scope, or of an
// organisation's subtree (f.OrgID), filtered, in Vietnamese name order.
func (s *Service) List(ctx context.Context, a domain.Actor, f store.MemberFilter) (store.Page[domain.Member], error) {
	var p store.Page[domain.Member]
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		var under *domain.Org
		if f.OrgID != 0 {
			o, err := tx.Org(f.OrgID)
			if err != nil {
				return err
			}
			under = &o
		}
		var err error
		p, err = tx.MemberPage(f, under)
		return err
	})
	return p, err
}

// Search finds the members of the actor's scope whose name (with or without
// diacritics), card number or citizen ID has words starting with every word
// of q, in Vietnamese name order.
func (s *Service) Search(ctx context.Context, a domain.Actor, q string, limit int) ([]store.SearchHit, error) {
	var hits []store.SearchHit
	err := s.DB.ReadSearch(ctx, a, func(tx *store.Tx) (err error) {
		hits, err = tx.Search(q, limit)
		return err
	})
	return hits, err
}

// SuggestLimit is how many names the search box offers as one types.
const SuggestLimit = 8

// SuggestView is what the search box offers as one types: Q is empty when
// too little was typed to search.
type SuggestView struct {
	Q    string
	Hits []store.SearchHit
}

// Suggest answers the search box as one types: from two letters on, the
// first few names, of a smaller sample of a common name's matches than
// Search sorts (store.SuggestSample).
func (s *Service) Suggest(ctx context.Context, a domain.Actor, q string) (SuggestView, error) {
	q = strings.TrimSpace(q)
	if utf8.RuneCountInString(q) < 2 {
		return SuggestView{}, nil
	}
	var hits []store.SearchHit
	err := s.DB.ReadSearch(ctx, a, func(tx *store.Tx) (err error) {
		hits, err = tx.SearchSample(q, SuggestLimit, store.SuggestSample)
		return err
	})
	return SuggestView{Q: q, Hits: hits}, err
}

// Create opens a record in a cell with its first event: an admission, or a
// transfer in from outside.
func (s *Service) Create(ctx context.Context, a domain.Actor, cellID int64, f domain.MemberFields, first domain.Event) (domain.Member, error) {
	st, err := domain.StartRecord(&f, first, s.today())
	if err != nil {
		return domain.Member{}, err
	}
	var out domain.Member
	err = s.DB.Write(ctx, a, func(tx *store.Tx) error {
		cell, found, err := tx.CellForMembers(cellID)
		if err != nil {
			return err
		}
		if err := domain.CheckPlacement(cell, found, "org_id"); err != nil {
			return err
		}
		out, err = tx.CreateMember(cell, f, st, first)
		return err
	})
	return out, err
}

var errReadOnly = &domain.Error{Code: domain.CodeForbidden, Message: "Vai trò của bạn chỉ được xem hồ sơ, không được sửa."}

// Editable reads a record for its edit form: out of the actor's scope it is
// not found, and a role that only reads may not open it.
func (s *Service) Editable(ctx context.Context, a domain.Actor, id int64) (domain.Member, error) {
	m, err := s.Member(ctx, a, id)
	if err == nil && !a.Role.WritesMembers() {
		return m, errReadOnly
	}
	return m, err
}

// Conflict is a change refused because someone else changed the record
// after the version it was made from: who changed it last and when (Err's
// message), the record as it is now, and what changed since. It unwraps to
// a *domain.Error with CodeStale (412 on the API).
type Conflict struct {
	Err     *domain.Error
	Current domain.Member
	Changes []domain.FieldChange
	// Base is the record at the version the change was made from, when the
	// audit trail has it: a form can tell the fields its user changed from
	// those they left as they were.
	Base *domain.MemberFields
}

func (c *Conflict) Error() string { return c.Err.Error() }
func (c *Conflict) Unwrap() error { return c.Err }

// Update changes the fields of a record. ifMatch lists the versions the
// change may be made from (an If-Match header, the version the edit form
// was opened at); empty, the change applies to whatever is current (the
// client chose not to say, and the last writer wins). Otherwise a record
// changed since is not overwritten: the answer is a *Conflict.
func (s *Service) Update(ctx context.Context, a domain.Actor, id int64, f domain.MemberFields, ifMatch []int) (domain.Member, error) {
	var out domain.Member
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		before, err := tx.MemberForUpdate(id)
		if err != nil {
			return err
		}
		if len(ifMatch) > 0 && !slices.Contains(ifMatch, before.Version) {
			return conflict(tx, before, slices.Max(ifMatch))
		}
		if err := domain.CheckEdit(before, &f, tx.Today()); err != nil {
			return err
		}
		out, err = tx.UpdateMember(before, f)
		return err
	})
	return out, err
}

// conflict says who changed the record since version since, and what.
func conflict(tx *store.Tx, current domain.Member, since int) error {
	changes, err := tx.MemberChanges(current, since)
	if err != nil {
		return err
	}
	c := &Conflict{Current: current, Err: domain.ErrStale("", time.Time{})}
	if len(changes) == 0 {
		return c
	}
	last := changes[len(changes)-1]
	c.Err = domain.ErrStale(last.Who, last.At)
	if changes[0].Before.Version == since {
		c.Base = &changes[0].Before.MemberFields
	}
	c.Changes = domain.MemberChanges(&changes[0].Before.MemberFields, &current.MemberFields)
	for _, ch := range changes {
		if ch.Event != nil {
			c.Changes = append(c.Changes, domain.EventChange(*ch.Event))
		}
	}
	fe := domain.Fields{}
	for _, ch := range c.Changes {
		fe.Add(ch.Field, ch.String())
	}
	c.Err.Fields = fe
	return c
}

// ConfirmDecision records the date in a member's admission decision: on a
// record that carried the ceremony's day in its place (kept before both
// dates were, a transfer in, a list with one date) it clears the mark "to be
// completed"; on another it corrects the date. ifMatch is as for Update.
func (s *Service) ConfirmDecision(ctx context.Context, a domain.Actor, id int64, d domain.Date, ifMatch []int) (domain.Member, error) {
	var out domain.Member
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		before, err := tx.MemberForUpdate(id)
		if err != nil {
			return err
		}
		if len(ifMatch) > 0 && !slices.Contains(ifMatch, before.Version) {
			return conflict(tx, before, slices.Max(ifMatch))
		}
		f, err := domain.ConfirmDecisionDate(before, d, tx.Today())
		if err != nil {
			return err
		}
		out, err = tx.ConfirmDecisionDate(before, f)
		return err
	})
	return out, err
}

// EventFormView is what the form that records an event offers: the events
// the member's standing allows today (domain.PossibleEvents; a move only
// when there is a cell to go to), and the cells an internal move may go to.
type EventFormView struct {
	Member domain.Member
	Kinds  []domain.EventKind
	Cells  []store.OrgRef
}

// moveTargetsCap is the most cells the move picker lists.
const moveTargetsCap = 400

// EventForm reads a record for the form that records an event on it.
func (s *Service) EventForm(ctx context.Context, a domain.Actor, id int64) (EventFormView, error) {
	var v EventFormView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		m, err := tx.Member(id)
		if err != nil {
			return err
		}
		if !a.Role.WritesMembers() {
			return errReadOnly
		}
		v.Member = m
		if v.Cells, err = tx.MoveTargets(m, moveTargetsCap); err != nil {
			return err
		}
		history, err := tx.Events(m)
		if err != nil {
			return err
		}
		for _, k := range domain.PossibleEvents(m, history, tx.Today()) {
			if k != domain.EventMoved || len(v.Cells) > 0 {
				v.Kinds = append(v.Kinds, k)
			}
		}
		return nil
	})
	return v, err
}

// AddEvent records a change of a member's standing (recognition, move,
// exemption, discipline, transfer out, removal, …). The rules decide
// whether it may follow the record's events; standing, cell and placements
// follow from it, and the record's version rises.
func (s *Service) AddEvent(ctx context.Context, a domain.Actor, id int64, e domain.Event) (domain.Member, domain.Event, error) {
	var out domain.Member
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		m, err := tx.MemberForUpdate(id)
		if err != nil {
			return err
		}
		history, err := tx.Events(m)
		if err != nil {
			return err
		}
		prev, next, err := domain.NextEvent(m, history, &e, tx.Today())
		if err != nil {
			return err
		}
		var to domain.Org
		if e.Kind == domain.EventMoved {
			o, found, err := tx.CellForMembers(e.ToOrgID)
			if err != nil {
				return err
			}
			if err := domain.CheckPlacement(o, found, "to_org_id"); err != nil {
				return err
			}
			to = o
		}
		out, e, err = tx.AddEvent(m, prev, next, e, to)
		return err
	})
	return out, e, err
}

// SheetView is the A4 member sheet (phiếu đảng viên): the record, its
// events, the organisation above the cell that heads it, and the day.
type SheetView struct {
	M                domain.Member
	Events           []domain.Event
	Upper            string // the organisation above the cell, in capitals
	Day, Month, Year int
}

// Sheet reads what the member sheet prints.
func (s *Service) Sheet(ctx context.Context, a domain.Actor, id int64) (SheetView, error) {
	var v SheetView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		m, err := tx.Member(id)
		if err != nil {
			return err
		}
		v.M = m
		if v.Events, err = tx.Events(m); err != nil {
			return err
		}
		up, err := tx.CellAbove(m)
		v.Upper = strings.ToUpper(up)
		today := tx.Today().Time()
		v.Day, v.Month, v.Year = today.Day(), int(today.Month()), today.Year()
		return err
	})
	return v, err
}
