package store

import (
	"strconv"
	"strings"

	"dangvien/internal/domain"
)

// Party badges: who may be due one on an award date, the awards with their
// numbers, and the notes on party age (breaks, illness).

// partyAgeFrom is the column party age counts from, as
// domain.PartyAgeStart reads it from a record: the admission decision's
// date (RULES.md: Probation and recognition), with the badge index
// (migration 00061) on it.
const partyAgeFrom = "m.admission_decision_date"

// BadgeMember is a member whose badges the rules read, with what a list
// shows of them.
type BadgeMember struct {
	MemberID  int64         `json:"member_id"`
	Name      string        `json:"name"`
	Gender    domain.Gender `json:"gender"`
	BirthDate domain.Date   `json:"birth_date"`
	OrgID     int64         `json:"org_id"`
	Org       string        `json:"org"`
	Path      string        `json:"-"`
	SortKey   []byte        `json:"-"`
	// Unconfirmed: the decision's date is the ceremony's, copied in when the
	// record was kept without it; the list asks for it to be confirmed.
	Unconfirmed bool `json:"decision_date_unconfirmed"`
	Facts       domain.BadgeFacts
}

const badgeMemberCols = "m.id, m.full_name, m.gender, m.birth_date, m.org_id, o.name, m.org_path, m.sort_key, m.admission_unconfirmed, " + partyAgeFrom

// BadgeMembers reads the official members of the subtree under o who may be
// due a badge on award date award (from the award date before, from, on):
// those whose party age starts in one of the windows (domain.BadgeWindow),
// read by the start's index, and the few with a note, a transfer in or a
// warning or dismissal, read apart; with their awards, notes and the events
// that matter. The rules (domain.BadgeDue) decide who is due.
func (tx *Tx) BadgeMembers(o domain.Org, from, award domain.Date) ([]BadgeMember, error) {
	sc, args := scopedSubtree(tx.actor, "m.org_path", "m.id", o.Path)
	byID := map[int64]*BadgeMember{}
	var out []*BadgeMember
	var special []any
	scan := func(q string, qargs []any, isSpecial bool) error {
		rows, err := tx.query(q, qargs...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var b BadgeMember
			if err := rows.Scan(&b.MemberID, &b.Name, &b.Gender, &b.BirthDate, &b.OrgID, &b.Org, &b.Path, &b.SortKey, &b.Unconfirmed, &b.Facts.Start); err != nil {
				return err
			}
			if isSpecial {
				special = append(special, b.MemberID)
			}
			if byID[b.MemberID] == nil {
				b.Facts.MemberID = b.MemberID
				byID[b.MemberID] = &b
				out = append(out, &b)
			}
		}
		return rows.Err()
	}
	// One range of the start's index per badge, each read on its own: the
	// index (start, path, status) answers the subtree and the status
	// before any row is read, where one OR of ranges would read them all.
	// The status is compared as an expression (|| ''), which no index
	// serves: SQLite's sampled statistics (analysis_limit) rate the status
	// index far too selective and, given the choice, read every official
	// member through it (0.47 s against 0.12 s for one range at 30,000).
	var parts []string
	var pargs []any
	for _, y := range domain.BadgeYears {
		lo, hi := domain.BadgeWindow(y, from, award)
		parts = append(parts, "SELECT "+badgeMemberCols+memberFrom+"WHERE "+partyAgeFrom+" > ? AND "+partyAgeFrom+" < ? AND m.status || '' = 'official' AND "+sc)
		pargs = append(append(pargs, lo, hi), args...)
	}
	if err := scan(strings.Join(parts, " UNION ALL "), pargs, false); err != nil {
		return nil, err
	}
	// The few whose dates move: a note, a transfer in (the gap since the
	// transfer out, however long), a warning or a dismissal whose delay
	// may reach past from (an earlier one is over and moves no one), read
	// by their own index (member_events_badge, migration 00071). None can
	// be due before the first badge's years less the longest early award.
	latest := award.AddYears(-domain.BadgeYears[0]).AddMonths(domain.Rules.Int("badge.early_months_from_70", award))
	moved := `m.id IN (SELECT e.member_id FROM member_events e WHERE ` + badgeEventKinds + ` AND (e.kind = 'transferred_in' OR e.discipline IN ('warning', 'dismissal') AND e.date >= ? AND e.date <= ?)
		UNION SELECT n.member_id FROM party_age_notes n) AND ` + partyAgeFrom + ` <= ?`
	if err := scan("SELECT "+badgeMemberCols+memberFrom+"WHERE "+moved+" AND m.status = 'official' AND "+sc, append([]any{domain.BadgeDelaySince(from), award, latest}, args...), true); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nil
	}
	// Events and notes of those few only: no one else has any that moves
	// their dates (domain.BadgeDue reads transfers in, with the transfer
	// out before, warnings and dismissals, and notes). Awards of all, by
	// the awards' (member, years) index.
	for start := 0; start < len(special); start += 500 {
		chunk := special[start:min(start+500, len(special))]
		in := placeholders(len(chunk))
		rows, err := tx.query("SELECT e.member_id, e.kind, e.date, e.discipline FROM member_events e WHERE e.member_id IN ("+in+") AND "+badgeEventKinds+" ORDER BY e.date, e.id", chunk...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var e domain.Event
			if err := rows.Scan(&e.MemberID, &e.Kind, &e.Date, &e.Discipline); err != nil {
				rows.Close()
				return nil, err
			}
			byID[e.MemberID].Facts.Events = append(byID[e.MemberID].Facts.Events, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		notes, err := tx.partyAgeNotes("member_id IN ("+in+")", chunk...)
		if err != nil {
			return nil, err
		}
		for _, n := range notes {
			byID[n.MemberID].Facts.Notes = append(byID[n.MemberID].Facts.Notes, n)
		}
	}
	ids := make([]any, 0, len(out))
	for _, b := range out {
		ids = append(ids, b.MemberID)
	}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		rows, err := tx.query("SELECT member_id, years, award_date FROM badge_awards WHERE member_id IN ("+placeholders(len(chunk))+")", chunk...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var years int
			var on domain.Date
			if err := rows.Scan(&id, &years, &on); err != nil {
				rows.Close()
				return nil, err
			}
			b := byID[id]
			if b.Facts.Awarded == nil {
				b.Facts.Awarded = map[int]domain.Date{}
			}
			b.Facts.Awarded[years] = on
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	res := make([]BadgeMember, len(out))
	for i, b := range out {
		res[i] = *b
	}
	return res, nil
}

// badgeEventKinds are the events the badge rules read (domain.BadgeDue),
// written as the predicate of their partial index (member_events_badge):
// a query that repeats it exactly may use the index on both engines.
const badgeEventKinds = "e.kind IN ('transferred_in', 'transferred_out', 'disciplined')"

// BadgeFactsOf reads what the badge rules need of one member.
func (tx *Tx) BadgeFactsOf(m domain.Member) (domain.BadgeFacts, error) {
	f := domain.BadgeFacts{MemberID: m.ID, Start: domain.PartyAgeStart(m), Awarded: map[int]domain.Date{}}
	evs, err := tx.Events(m)
	if err != nil {
		return f, err
	}
	for _, e := range evs {
		if e.Kind == domain.EventTransferredIn || e.Kind == domain.EventTransferredOut || e.Kind == domain.EventDisciplined {
			f.Events = append(f.Events, e)
		}
	}
	if f.Notes, err = tx.partyAgeNotes("member_id = ?", m.ID); err != nil {
		return f, err
	}
	awards, err := tx.badgeAwards("b.member_id = ?", m.ID)
	for _, a := range awards {
		f.Awarded[a.Years] = a.AwardDate
	}
	return f, err
}

// BadgeAward is a badge awarded to a member.
type BadgeAward struct {
	ID        int64       `json:"id"`
	MemberID  int64       `json:"member_id"`
	Name      string      `json:"name"`
	Years     int         `json:"years"`
	AwardDate domain.Date `json:"award_date"`
	Number    string      `json:"number"`
	Decision  string      `json:"decision"`
	Note      string      `json:"note,omitempty"`
}

func (tx *Tx) badgeAwards(cond string, args ...any) ([]BadgeAward, error) {
	rows, err := tx.query("SELECT b.id, b.member_id, m.full_name, b.years, b.award_date, b.number, b.decision, b.note FROM badge_awards b JOIN members m ON m.id = b.member_id WHERE "+cond+" ORDER BY b.award_date, b.number", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []BadgeAward
	for rows.Next() {
		var a BadgeAward
		if err := rows.Scan(&a.ID, &a.MemberID, &a.Name, &a.Years, &a.AwardDate, &a.Number, &a.Decision, &a.Note); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// MemberBadges lists a member's badges, oldest first.
func (tx *Tx) MemberBadges(m domain.Member) ([]BadgeAward, error) {
	out, err := tx.badgeAwards("b.member_id = ?", m.ID)
	if out == nil {
		out = []BadgeAward{}
	}
	return out, err
}

// AwardedOn lists the badges awarded on an award date to the members of
// the subtree under o, with the members as lists show them.
func (tx *Tx) AwardedOn(o domain.Org, award domain.Date) ([]BadgeMember, []BadgeAward, error) {
	sc, args := scopedSubtree(tx.actor, "m.org_path", "m.id", o.Path)
	rows, err := tx.query("SELECT "+badgeMemberCols+", b.id, b.years, b.award_date, b.number, b.decision, b.note FROM badge_awards b JOIN members m ON m.id = b.member_id JOIN orgs o ON o.id = m.org_id WHERE b.award_date = ? AND "+sc,
		append([]any{award}, args...)...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var ms []BadgeMember
	var as []BadgeAward
	for rows.Next() {
		var b BadgeMember
		var a BadgeAward
		if err := rows.Scan(&b.MemberID, &b.Name, &b.Gender, &b.BirthDate, &b.OrgID, &b.Org, &b.Path, &b.SortKey, &b.Unconfirmed, &b.Facts.Start, &a.ID, &a.Years, &a.AwardDate, &a.Number, &a.Decision, &a.Note); err != nil {
			return nil, nil, err
		}
		a.MemberID, a.Name = b.MemberID, b.Name
		ms, as = append(ms, b), append(as, a)
	}
	return ms, as, rows.Err()
}

// BadgePrefix is the code badge numbers of the subtree under o start with:
// the code of the provincial organisation at the top of its path.
func (tx *Tx) BadgePrefix(o domain.Org) (string, error) {
	top := strings.SplitN(strings.Trim(o.Path, "/"), "/", 2)[0]
	id, err := strconv.ParseInt(top, 10, 64)
	if err != nil {
		return "", err
	}
	var code string
	err = tx.queryRow("SELECT code FROM orgs WHERE id = ?", id).Scan(&code)
	return code, err
}

// nextBadgeSerial takes the next serial of a prefix in one statement: two
// transactions that record awards at once queue on the series' row and
// never get the same number (and the numbers' unique index would refuse it
// if they did).
func (tx *Tx) nextBadgeSerial(prefix string) (int64, error) {
	var n int64
	err := tx.queryRow("INSERT INTO badge_series (prefix, last) VALUES (?, 1) ON CONFLICT (prefix) DO UPDATE SET last = badge_series.last + 1 RETURNING last", prefix).Scan(&n)
	return n, err
}

// LockBadgeSeries holds the series of a prefix until the transaction ends:
// awards recorded at once under one province queue here, so each reads the
// awards the one ahead of it wrote before it decides who is still due (two
// requests for the same member then write one badge). Recording is rare;
// queueing a province's recordings costs nothing worth a finer lock.
func (tx *Tx) LockBadgeSeries(prefix string) error {
	var n int64
	return tx.queryRow("INSERT INTO badge_series (prefix, last) VALUES (?, 0) ON CONFLICT (prefix) DO UPDATE SET last = badge_series.last RETURNING last", prefix).Scan(&n)
}

var actBadgeAward = newAction("badge.award", "ghi nhận trao huy hiệu Đảng")

// RecordBadge writes a badge due to a member (the case passed
// domain.BadgeDue for the award date), with its number and the audit row.
func (tx *Tx) RecordBadge(m domain.Member, prefix string, c domain.BadgeCase, award domain.Date, decision, note string) (BadgeAward, error) {
	if !tx.actor.Role.WritesOrgs() {
		return BadgeAward{}, errForbiddenWrite
	}
	serial, err := tx.nextBadgeSerial(prefix)
	if err != nil {
		return BadgeAward{}, err
	}
	number, err := domain.BadgeNumber(prefix, serial, award)
	if err != nil {
		return BadgeAward{}, err
	}
	a := BadgeAward{MemberID: m.ID, Name: m.FullName, Years: c.Years, AwardDate: award, Number: number, Decision: decision, Note: note}
	if a.ID, err = tx.insert("INSERT INTO badge_awards (member_id, years, award_date, number, decision, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		m.ID, c.Years, award, number, decision, note, nullID(tx.actor.UserID), tx.db.stamp()); err != nil {
		return a, err
	}
	return a, tx.audit(actBadgeAward, entMember, m.ID, m.OrgPath, nil, struct {
		BadgeAward
		Case domain.BadgeCase `json:"case"`
	}{a, c})
}

func (tx *Tx) partyAgeNotes(cond string, args ...any) ([]domain.PartyAgeNote, error) {
	rows, err := tx.query("SELECT id, member_id, kind, from_date, to_date, note FROM party_age_notes WHERE "+cond+" ORDER BY from_date, id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.PartyAgeNote
	for rows.Next() {
		var n domain.PartyAgeNote
		if err := rows.Scan(&n.ID, &n.MemberID, &n.Kind, &n.From, &n.To, &n.Note); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

var actBadgeNote = newAction("badge.note", "ghi thời gian không sinh hoạt, ốm đau (tuổi đảng)")

// AddPartyAgeNote writes a note (checked by domain.CheckPartyAgeNote) on a
// member read with MemberForUpdate, with the audit row.
func (tx *Tx) AddPartyAgeNote(m domain.Member, n domain.PartyAgeNote) (domain.PartyAgeNote, error) {
	n.MemberID = m.ID
	id, err := tx.insert("INSERT INTO party_age_notes (member_id, kind, from_date, to_date, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		m.ID, n.Kind, n.From, nullDate(n.To), n.Note, nullID(tx.actor.UserID), tx.db.stamp())
	n.ID = id
	if err != nil {
		return n, err
	}
	return n, tx.audit(actBadgeNote, entMember, m.ID, m.OrgPath, nil, n)
}
