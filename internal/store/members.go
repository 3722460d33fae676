package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"dangvien/internal/domain"
	"dangvien/internal/viet"
)

// entMember names member records in the audit trail.
var entMember = newEntity("member", "Đảng viên")

// The member record's columns come from domain.MemberFieldTable: a field
// added there is read, inserted, updated and copied by every query below.
var (
	// memberCols is the select list scanMember reads (m: members, o: its cell).
	memberCols = func() string {
		cols := []string{"m.id", "m.org_id", "o.name"}
		for _, fd := range domain.MemberFieldTable {
			c := "m." + fd.Name
			if fd.Unique {
				c = "coalesce(" + c + ", '')"
			}
			cols = append(cols, c)
		}
		return strings.Join(append(cols, "m.status", "m.exempted", "m.updated_at", "m.version"), ", ")
	}()
	// insertCols are the columns memberValues gives, in its order.
	insertCols = func() string {
		cols := []string{"id", "org_id", "org_path", "name_fold", "sort_key"}
		for _, fd := range domain.MemberFieldTable {
			cols = append(cols, fd.Name)
		}
		return strings.Join(append(cols, "status", "exempted", "created_at", "updated_at"), ", ")
	}()
	// updateSet assigns every field a user edits, for UpdateMember.
	updateSet = func() string {
		var set []string
		for _, fd := range domain.MemberFieldTable {
			if !fd.ByEvent {
				set = append(set, fd.Name+" = ?")
			}
		}
		return strings.Join(set, ", ")
	}()
)

// scanMember reads memberCols and one more column (the cell's path or code).
func scanMember(row interface{ Scan(...any) error }) (domain.Member, string, error) {
	var extra string
	m, err := scanMemberAnd(row, &extra)
	return m, extra, err
}

// scanMemberAnd reads memberCols and the columns after them into more.
func scanMemberAnd(row interface{ Scan(...any) error }, more ...any) (domain.Member, error) {
	var m domain.Member
	var upd Stamp
	dest := []any{&m.ID, &m.OrgID, &m.Org}
	for _, fd := range domain.MemberFieldTable {
		dest = append(dest, fd.Ptr(&m.MemberFields))
	}
	err := row.Scan(append(append(dest, &m.Status, &m.Exempted, &upd, &m.Version), more...)...)
	m.UpdatedAt = upd.String()
	return m, err
}

// fieldValue is a field's stored value: blank unique fields are NULL, so
// that many records may leave them blank.
func fieldValue(fd domain.MemberField, f *domain.MemberFields) any {
	switch p := fd.Ptr(f).(type) {
	case *string:
		if fd.Unique {
			return nullStr(*p)
		}
		return *p
	case *domain.Gender:
		return string(*p)
	case *domain.Date:
		return *p
	case *bool:
		return *p
	}
	panic("store: field " + fd.Name + " has no known type")
}

const memberFrom = " FROM members m JOIN orgs o ON o.id = m.org_id "

// Member returns one member record in the actor's scope.
func (tx *Tx) Member(id int64) (domain.Member, error) {
	return tx.memberWhere(id, "")
}

func (tx *Tx) memberWhere(id int64, lock string) (domain.Member, error) {
	sc, args := scopeCond(tx.actor, "m.org_path", "m.id")
	m, path, err := scanMember(tx.queryRow("SELECT "+memberCols+", m.org_path"+memberFrom+"WHERE m.id = ? AND "+sc+lock, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return m, domain.ErrNotFound
	}
	m.OrgPath = path
	return m, err
}

// WritableMember reads a member whose record the actor may change.
func (tx *Tx) WritableMember(id int64) (domain.Member, error) {
	m, _, err := tx.member(id)
	return m, err
}

// member reads a member for writing: in scope, and the role may write.
func (tx *Tx) member(id int64) (domain.Member, string, error) {
	m, err := tx.Member(id)
	if err != nil {
		return m, "", err
	}
	if !tx.actor.Role.WritesMembers() {
		return m, "", errForbiddenWrite
	}
	return m, m.OrgPath, nil
}

// MemberForUpdate reads a member whose record the actor may change, and
// holds it until the transaction ends: a concurrent change of the record
// waits, then sees this one's version. (SQLite's single writer holds the
// whole database from the transaction's start.)
func (tx *Tx) MemberForUpdate(id int64) (domain.Member, error) {
	if err := tx.holdMember(id); err != nil {
		return domain.Member{}, err
	}
	m, err := tx.memberWhere(id, "")
	if err == nil && !tx.actor.Role.WritesMembers() {
		return m, errForbiddenWrite
	}
	return m, err
}

// holdMember locks a member's row alone on PostgreSQL, before it is read
// joined to its cell: a lock taken through the join, after waiting for a
// writer that moved the member to another cell, re-checks the join against
// the cell it first read and finds no row (a "not found" for a member who is
// there).
func (tx *Tx) holdMember(id int64) error {
	if tx.db.Dialect != Postgres {
		return nil
	}
	_, err := tx.exec("SELECT id FROM members WHERE id = ? FOR UPDATE", id)
	return err
}

// CellForMembers reads, for a writer, the organisation members are to be
// placed in; found is false when it is not in the actor's scope. Whether
// it can hold members is domain.CheckPlacement's to say.
func (tx *Tx) CellForMembers(id int64) (o domain.Org, found bool, err error) {
	if !tx.actor.Role.WritesMembers() {
		return o, false, errForbiddenWrite
	}
	o, err = tx.org(id)
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return o, false, nil
	}
	return o, err == nil, err
}

// checkUnique refuses a citizen ID or card number that another record holds.
func (tx *Tx) checkUnique(f *domain.MemberFields, self int64) error {
	var taken []string
	for _, fd := range domain.MemberFieldTable {
		v, _ := fieldValue(fd, f).(string)
		if !fd.Unique || v == "" {
			continue
		}
		var n int
		if err := tx.queryRow("SELECT count(*) FROM members WHERE "+fd.Name+" = ? AND id <> ?", v, self).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			taken = append(taken, fd.Name)
		}
	}
	return domain.ErrDuplicate(taken...)
}

// memberValues are the column values of a member row, in insertCols order.
func memberValues(id int64, org domain.Org, f *domain.MemberFields, st domain.State, now any) []any {
	v := []any{id, org.ID, org.Path, viet.Fold(f.FullName), viet.SortKey(f.FullName)}
	for _, fd := range domain.MemberFieldTable {
		v = append(v, fieldValue(fd, f))
	}
	return append(v, string(st.Status), st.Exempted, now, now)
}

// memberColumns are the inserted columns for the dialect: PostgreSQL adds
// the search prefixes (see searchText).
func (db *DB) memberColumns() []string {
	if db.Dialect == Postgres {
		return append(slices.Clone(memberColList), "search_text")
	}
	return memberColList
}

// memberRow is memberValues plus, on PostgreSQL, the search prefixes.
func (db *DB) memberRow(id int64, org domain.Org, f *domain.MemberFields, st domain.State, now any) []any {
	v := memberValues(id, org, f, st, now)
	if db.Dialect == Postgres {
		v = append(v, searchText(f))
	}
	return v
}

// searchText lists every prefix of each word of the folded name, and the
// words of the card and citizen numbers whole (see tsTerms).
func searchText(f *domain.MemberFields) string {
	var b strings.Builder
	for _, w := range searchTokens(f.FullName) {
		r := []rune(w)
		for n := 1; n <= len(r); n++ {
			b.WriteString(string(r[:n]))
			b.WriteByte(' ')
		}
	}
	for _, w := range searchTokens(f.CardNumber + " " + f.CitizenID) {
		b.WriteString(w)
		b.WriteByte(' ')
	}
	return b.String()
}

// tsTerms is the PostgreSQL full-text query for the words of a search: a
// word of letters is an exact term, since every prefix of a name's words
// is indexed; a word with a digit, the beginning of a card or citizen
// number typed beside a name ("nguyen 0250"), is matched as a prefix
// (":*"), since the numbers' words are indexed whole. Their prefixes were
// indexed until imports measured them: half of each member's terms, and
// half of the full-text index's build, for a query that the numbers' own
// indexes answer alone (searchNumber) but for this mixed one. Records
// written before keep their prefixes, which the prefix term matches too.
func tsTerms(toks []string) string {
	terms := make([]string, len(toks))
	for i, t := range toks {
		terms[i] = t
		if strings.ContainsFunc(t, unicode.IsDigit) {
			terms[i] += ":*"
		}
	}
	return strings.Join(terms, " & ")
}

// nextIDs reserves n consecutive ids of a table and returns the first. Rows
// of members are inserted with explicit ids so that a bulk import can write
// their events and placements in the same pass. Every reservation holds the
// table's advisory lock (PostgreSQL) or the single writer (SQLite).
func (tx *Tx) nextIDs(table string, n int) (int64, error) {
	var first int64
	if tx.db.Dialect == Postgres {
		if _, err := tx.exec("SELECT pg_advisory_xact_lock(hashtext(?))", "ids:"+table); err != nil {
			return 0, err
		}
		seq := fmt.Sprintf("pg_get_serial_sequence('%s', 'id')", table)
		if err := tx.queryRow("SELECT nextval(" + seq + ")").Scan(&first); err != nil {
			return 0, err
		}
		if n > 1 {
			_, err := tx.exec("SELECT setval("+seq+", ?)", first+int64(n)-1)
			return first, err
		}
		return first, nil
	}
	err := tx.queryRow("SELECT coalesce(max(id), 0) + 1 FROM " + table).Scan(&first)
	return first, err
}

var actMemberCreate = newAction("member.create", "tạo hồ sơ đảng viên")

// CreateMember writes a new record in cell, with its first event (admission
// or transfer in) and placement, and the audit row, and puts the member on
// the cell's fee sheets already opened since (JoinOpenSheets). The record
// and the event have passed domain.StartRecord, which gave st; the cell
// passed domain.CheckPlacement. A citizen ID or card number another record
// holds is refused.
func (tx *Tx) CreateMember(cell domain.Org, f domain.MemberFields, st domain.State, first domain.Event) (domain.Member, error) {
	if err := tx.checkUnique(&f, 0); err != nil {
		return domain.Member{}, err
	}
	id, err := tx.nextIDs("members", 1)
	if err != nil {
		return domain.Member{}, err
	}
	if err := tx.bulkInsert("members", tx.db.memberColumns(), [][]any{tx.db.memberRow(id, cell, &f, st, stampText(tx.db.stamp()))}); err != nil {
		return domain.Member{}, err
	}
	first.MemberID, first.OrgID = id, cell.ID
	if err := tx.insertEvent(&first); err != nil {
		return domain.Member{}, err
	}
	if _, err := tx.exec("INSERT INTO member_placements (member_id, org_id, valid_from) VALUES (?, ?, ?)", id, cell.ID, first.Date); err != nil {
		return domain.Member{}, err
	}
	out := domain.Member{ID: id, OrgID: cell.ID, Org: cell.Name, MemberFields: f, Status: st.Status, Exempted: st.Exempted, Version: 1, OrgPath: cell.Path}
	if err := tx.audit(actMemberCreate, entMember, id, cell.Path, nil, struct {
		domain.Member
		Event domain.Event `json:"event"`
	}{out, first}); err != nil {
		return out, err
	}
	return out, tx.JoinOpenSheets(cell, []int64{id}, domain.MonthOf(first.Date))
}

func (tx *Tx) insertEvent(e *domain.Event) error {
	e.Reason, e.Decision = viet.Clean(e.Reason), viet.Clean(e.Decision)
	if err := e.CheckText(); err != nil {
		return err
	}
	e.KindLabel = e.Kind.Label()
	id, err := tx.insert(`INSERT INTO member_events (member_id, kind, date, reason, decision, discipline, to_org_id, org_id, created_at, created_by, decision_date)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.MemberID, string(e.Kind), e.Date, e.Reason, e.Decision, e.Discipline, nullID(e.ToOrgID), e.OrgID, tx.db.stamp(), nullID(tx.actor.UserID), e.Decided)
	e.ID = id
	return err
}

var actMemberUpdate = newAction("member.update", "sửa hồ sơ đảng viên")

// UpdateMember writes the edited fields of a record read with
// MemberForUpdate, raising its version, with the audit row. The fields have
// passed Validate; admission and official dates follow from the events and
// are not written here. A citizen ID or card number another record holds is
// refused; so is a record whose version is no longer before's.
func (tx *Tx) UpdateMember(before domain.Member, f domain.MemberFields) (domain.Member, error) {
	if err := tx.checkUnique(&f, before.ID); err != nil {
		return domain.Member{}, err
	}
	var args []any
	for _, fd := range domain.MemberFieldTable {
		if !fd.ByEvent {
			args = append(args, fieldValue(fd, &f))
		}
	}
	set := updateSet + ", name_fold = ?, sort_key = ?, updated_at = ?, version = version + 1"
	args = append(args, viet.Fold(f.FullName), viet.SortKey(f.FullName), tx.db.stamp())
	if tx.db.Dialect == Postgres {
		set += ", search_text = ?"
		args = append(args, searchText(&f))
	}
	if err := tx.bump("UPDATE members SET "+set+" WHERE id = ? AND version = ?", append(args, before.ID, before.Version)...); err != nil {
		return domain.Member{}, err
	}
	out := before
	out.MemberFields, out.Version = f, before.Version+1
	return out, tx.audit(actMemberUpdate, entMember, before.ID, before.OrgPath, before, out)
}

var actMemberConfirmDecision = newAction("member.confirm_decision", "xác nhận ngày quyết định kết nạp")

// ConfirmDecisionDate writes the admission decision's date of a record read
// with MemberForUpdate (f from domain.ConfirmDecisionDate: the date set, the
// mark of a copied date cleared), on the record and on its admission event,
// raising the version, with the audit row.
func (tx *Tx) ConfirmDecisionDate(before domain.Member, f domain.MemberFields) (domain.Member, error) {
	if err := tx.bump("UPDATE members SET admission_decision_date = ?, admission_unconfirmed = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
		f.DecisionDate, f.DecisionCopied, tx.db.stamp(), before.ID, before.Version); err != nil {
		return domain.Member{}, err
	}
	if _, err := tx.exec("UPDATE member_events SET decision_date = ? WHERE member_id = ? AND kind = ?", f.DecisionDate, before.ID, string(domain.EventAdmitted)); err != nil {
		return domain.Member{}, err
	}
	out := before
	out.MemberFields, out.Version = f, before.Version+1
	return out, tx.audit(actMemberConfirmDecision, entMember, before.ID, before.OrgPath, before, out)
}

// bump runs an UPDATE of one member row guarded by its version: no row
// changed means someone else changed the record first.
func (tx *Tx) bump(q string, args ...any) error {
	res, err := tx.exec(q, args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return domain.ErrStale("", time.Time{}) // the use case read the row locked: not expected
	}
	return nil
}

const eventSelect = "SELECT id, member_id, kind, date, reason, decision, discipline, coalesce(to_org_id, 0), org_id, created_at, decision_date FROM member_events"

// Events lists a member's events, oldest first.
func (tx *Tx) Events(m domain.Member) ([]domain.Event, error) {
	rows, err := tx.query(eventSelect+" WHERE member_id = ? ORDER BY date, id", m.ID)
	if err != nil {
		return nil, err
	}
	return scanEvents(rows)
}

func scanEvents(rows *sql.Rows) ([]domain.Event, error) {
	defer rows.Close()
	out := []domain.Event{}
	for rows.Next() {
		var e domain.Event
		var at Stamp
		var decided sql.Null[domain.Date]
		if err := rows.Scan(&e.ID, &e.MemberID, &e.Kind, &e.Date, &e.Reason, &e.Decision, &e.Discipline, &e.ToOrgID, &e.OrgID, &at, &decided); err != nil {
			return nil, err
		}
		e.KindLabel, e.CreatedAt, e.Decided = e.Kind.Label(), at.String(), decided.V
		out = append(out, e)
	}
	return out, rows.Err()
}

// actMemberEvent is the audited action of recording each kind of event.
var actMemberEvent = func() map[domain.EventKind]Action {
	m := map[domain.EventKind]Action{}
	for _, k := range domain.EventKinds() {
		m[k] = newAction("member.event."+string(k), "ghi sự kiện «"+k.Label()+"»")
	}
	return m
}()

// AddEvent writes an event on a record read with MemberForUpdate: the
// event, the placements it opens or closes, the standing it gives (next,
// from domain.NextEvent, after prev), the raised version and the audit row.
// A move goes to cell to (checked by domain.CheckPlacement), with the
// organisation-wide move's statements. A member who comes (back) into a
// cell is put on its fee sheets already opened since (JoinOpenSheets).
func (tx *Tx) AddEvent(m domain.Member, prev, next domain.State, e domain.Event, to domain.Org) (domain.Member, domain.Event, error) {
	from := domain.Org{ID: m.OrgID, Path: m.OrgPath, Name: m.Org}
	org := from
	seen := m.Version // the version the record has when the standing is written
	if e.Kind == domain.EventMoved {
		if _, err := tx.moveMembers(from, to, e.Date, e.Decision, e.Reason, []int64{m.ID}); err != nil {
			return m, e, err
		}
		seen++ // the move raised it: one change, one version
		// moveMembers wrote the event; read back its id.
		if err := tx.queryRow("SELECT max(id) FROM member_events WHERE member_id = ?", m.ID).Scan(&e.ID); err != nil {
			return m, e, err
		}
		e.MemberID, e.OrgID, e.KindLabel = m.ID, m.OrgID, e.Kind.Label()
		e.Reason, e.Decision = viet.Clean(e.Reason), viet.Clean(e.Decision)
		org = to
	} else {
		e.MemberID, e.OrgID = m.ID, m.OrgID
		if err := tx.insertEvent(&e); err != nil {
			return m, e, err
		}
		var err error
		switch {
		case prev.Status.Active() && !next.Status.Active():
			_, err = tx.exec("UPDATE member_placements SET valid_to = ? WHERE member_id = ? AND valid_to IS NULL", e.Date, m.ID)
		case !prev.Status.Active() && next.Status.Active():
			_, err = tx.exec("INSERT INTO member_placements (member_id, org_id, valid_from) VALUES (?, ?, ?)", m.ID, m.OrgID, e.Date)
		}
		if err != nil {
			return m, e, err
		}
	}
	official := m.OfficialDate
	if e.Kind == domain.EventRecognised {
		official = next.Official
	}
	if err := tx.bump("UPDATE members SET status = ?, exempted = ?, official_date = ?, updated_at = ?, version = ? WHERE id = ? AND version = ?",
		string(next.Status), next.Exempted, official, tx.db.stamp(), m.Version+1, m.ID, seen); err != nil {
		return m, e, err
	}
	out := m
	out.Status, out.Exempted, out.OfficialDate, out.OrgID, out.Org, out.OrgPath = next.Status, next.Exempted, official, org.ID, org.Name, org.Path
	out.Version = m.Version + 1
	if err := tx.audit(actMemberEvent[e.Kind], entMember, m.ID, org.Path, m, struct {
		domain.Member
		Event domain.Event `json:"event"`
	}{out, e}); err != nil {
		return out, e, err
	}
	if !prev.Status.Active() && next.Status.Active() {
		err := tx.JoinOpenSheets(org, []int64{m.ID}, domain.MonthOf(e.Date))
		return out, e, err
	}
	return out, e, nil // a move joined the sheets in moveMembers
}

// MoveTargets lists up to limit open cells, other than the member's, under
// the organisation directly above the member's cell, that the actor reaches:
// where an internal move goes (RULES.md, Transfers). None when that
// organisation is outside the actor's scope.
func (tx *Tx) MoveTargets(m domain.Member, limit int) ([]OrgRef, error) {
	cell, err := tx.org(m.OrgID)
	if err != nil {
		return nil, err
	}
	parent, err := tx.org(cell.ParentID)
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	sc, args := scopedSubtree(tx.actor, "o.path", "", parent.Path)
	rows, err := tx.query("SELECT o.id, o.name, o.code FROM orgs o WHERE "+sc+" AND o.kind IN ('cell', 'grassroots_cell') AND o.valid_to IS NULL AND o.id <> ? LIMIT ?",
		append(args, m.OrgID, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OrgRef
	for rows.Next() {
		var r OrgRef
		if err := rows.Scan(&r.ID, &r.Name, &r.Code); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	sortOrgRefs(out)
	return out, rows.Err()
}

// CellAbove names the organisation directly above a member's cell, which
// heads the member sheet; whoever reads the member may read it, even
// outside their scope.
func (tx *Tx) CellAbove(m domain.Member) (string, error) {
	var name string
	err := tx.queryRow("SELECT p.name FROM orgs c JOIN orgs p ON p.id = c.parent_id WHERE c.id = ?", m.OrgID).Scan(&name)
	if isNoRows(err) {
		return "", nil
	}
	return name, err
}

// MemberHistory lists the audit rows of a record that the actor's scope
// covers, newest first; only roles that read the audit trail may.
func (tx *Tx) MemberHistory(m domain.Member, limit int) ([]AuditRow, error) {
	return tx.Audit(AuditFilter{Entity: entMember.name, EntityID: m.ID, Limit: limit})
}

// MemberChange is one change of a record, read back from its audit row.
type MemberChange struct {
	At     time.Time
	Who    string // the account's display name, or its user name
	Action string
	Before domain.Member
	After  domain.Member
	Event  *domain.Event // the event an event's row recorded
}

// MemberChanges lists the changes that brought a record past version since,
// oldest first: what a writer who opened the record at that version has
// not seen. Only a writer of the record may ask.
func (tx *Tx) MemberChanges(m domain.Member, since int) ([]MemberChange, error) {
	if !tx.actor.Role.WritesMembers() {
		return nil, errForbiddenWrite
	}
	rows, err := tx.query(`SELECT a.at, coalesce(u.display_name, a.actor), a.action, a.before_json, a.after_json
		FROM audit a LEFT JOIN users u ON u.id = a.actor_id WHERE a.entity = 'member' AND a.entity_id = ? ORDER BY a.seq DESC LIMIT 100`, m.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []MemberChange
	for rows.Next() {
		var c MemberChange
		var at Stamp
		var before, after string
		if err := rows.Scan(&at, &c.Who, &c.Action, &before, &after); err != nil {
			return nil, err
		}
		var a struct {
			domain.Member
			Event *domain.Event `json:"event"`
		}
		if err := json.Unmarshal([]byte(after), &a); err != nil {
			return nil, fmt.Errorf("audit of member %d: %w", m.ID, err)
		}
		if a.Version <= since {
			break // rows older than the version the writer saw
		}
		if err := json.Unmarshal([]byte(before), &c.Before); err != nil {
			return nil, fmt.Errorf("audit of member %d: %w", m.ID, err)
		}
		c.At, c.After, c.Event = at.Time, a.Member, a.Event
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.Reverse(out)
	return out, nil
}

// StatusUnconfirmed is the status filter of the records whose admission
// decision date is still to be confirmed (domain.MemberFields.DecisionCopied).
const StatusUnconfirmed = "admission_unconfirmed"

// MemberFilter selects members for a list.
type MemberFilter struct {
	OrgID     int64  // subtree of this organisation (0: the whole scope)
	Status    string // a status, "active" (default) or "all"
	Gender    string
	AgeBand   string
	Ethnicity string
	Education string
	Position  string // text in party or government position
	Q         string // folded name search
	Brief     bool   // only what a list shows: name, gender, birth date, cell, status
	Limit     int
	Offset    int
}

// Page is one page of a list with the total across pages.
type Page[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

// plain tells whether a filter asks only for the members on the roll.
func (f MemberFilter) plain() bool {
	return (f.Status == "" || f.Status == "active") && f.Gender == "" && f.AgeBand == "" && f.Ethnicity == "" && f.Education == "" && f.Position == "" && viet.Fold(f.Q) == ""
}

// members lists a page of members under o (nil: the whole scope); a total
// already known (≥ 0) spares the count.
func (db *DB) members(ctx context.Context, a domain.Actor, f MemberFilter, o *domain.Org, total int) (Page[domain.Member], error) {
	return memberPage(poolReader{db, ctx}, db, a, f, o, total)
}

// MemberPage lists a page of members under o (nil: the whole scope), in
// Vietnamese name order.
func (tx *Tx) MemberPage(f MemberFilter, o *domain.Org) (Page[domain.Member], error) {
	return memberPage(tx, tx.db, tx.actor, f, o, -1)
}

func memberPage(r reader, db *DB, a domain.Actor, f MemberFilter, o *domain.Org, total int) (Page[domain.Member], error) {
	cond, args, err := memberWhere(db, a, f, o)
	if err != nil {
		return Page[domain.Member]{}, err
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	if f.Offset < 0 {
		f.Offset = 0
	}
	page := Page[domain.Member]{Limit: f.Limit, Offset: f.Offset, Items: []domain.Member{}}
	if total >= 0 {
		page.Total = total
	} else if err := r.queryRow("SELECT count(*) FROM members m WHERE "+cond, args...).Scan(&page.Total); err != nil {
		return page, err
	}
	// The page's ids come from the index alone; only the rows shown are read.
	cols := memberCols + ", m.org_path"
	if f.Brief {
		cols = "m.id, m.org_id, o.name, m.full_name, m.gender, m.birth_date, m.status, m.exempted"
	}
	rows, err := r.query("SELECT "+cols+memberFrom+"WHERE m.id IN (SELECT m.id FROM members m WHERE "+cond+
		" ORDER BY m.sort_key, m.id LIMIT ? OFFSET ?) ORDER BY m.sort_key, m.id", append(args, f.Limit, f.Offset)...)
	if err != nil {
		return page, err
	}
	defer rows.Close()
	for rows.Next() {
		var m domain.Member
		if f.Brief {
			err = rows.Scan(&m.ID, &m.OrgID, &m.Org, &m.FullName, &m.Gender, &m.BirthDate, &m.Status, &m.Exempted)
		} else {
			m, _, err = scanMember(rows)
		}
		if err != nil {
			return page, err
		}
		page.Items = append(page.Items, m)
	}
	return page, rows.Err()
}

// ExportFiltered calls fn for each member of an organisation's subtree
// (f.OrgID; 0: the actor's whole scope) that the filter of a list selects,
// in Vietnamese name order, with the code of the member's cell: the export
// of what a list shows, all its pages. Limit and Offset are not used.
func (db *DB) ExportFiltered(ctx context.Context, a domain.Actor, f MemberFilter, fn func(m domain.Member, orgCode string, fee *domain.FeeProfile) error) error {
	var under *domain.Org
	if f.OrgID != 0 {
		o, err := db.Org(ctx, a, f.OrgID)
		if err != nil {
			return err
		}
		under = &o
	}
	cond, args, err := memberWhere(db, a, f, under)
	if err != nil {
		return err
	}
	rows, err := db.query(ctx, "SELECT "+memberCols+", o.code, fp.member_id IS NOT NULL, coalesce(fp.category, ''), coalesce(fp.base, 0), coalesce(fp.tier, 0), coalesce(fp.past_working_age, "+
		db.falseLit()+"), coalesce(fp.exemption, '')"+memberFrom+"LEFT JOIN fee_profiles fp ON fp.member_id = m.id WHERE "+cond+" ORDER BY m.sort_key, m.id", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var has bool
		var p domain.FeeProfile
		m, err := scanMemberAnd(rows, &code, &has, &p.Category, &p.Base, &p.Tier, &p.PastWorkingAge, &p.Exemption)
		if err != nil {
			return err
		}
		var fee *domain.FeeProfile
		if has {
			fee = &p
		}
		if err := fn(m, code, fee); err != nil {
			return err
		}
	}
	return rows.Err()
}

// memberWhere is the condition on members m that a list's filter selects,
// under o (nil: the whole scope), within the actor's scope.
func memberWhere(db *DB, a domain.Actor, f MemberFilter, o *domain.Org) (string, []any, error) {
	sc, args := scopeCond(a, "m.org_path", "m.id")
	if o != nil {
		sc, args = scopedSubtree(a, "m.org_path", "m.id", o.Path)
	}
	where := []string{sc}
	switch f.Status {
	case "", "active":
		where = append(where, db.activeRow("m.status"))
	case "all":
	case "exempted":
		where = append(where, db.activeRow("m.status")+" AND m.exempted")
	case StatusUnconfirmed: // on the roll, with a decision date to confirm
		where = append(where, db.activeRow("m.status")+" AND m.admission_unconfirmed")
	default:
		if !domain.Status(f.Status).Valid() {
			return "", nil, &domain.Error{Code: domain.CodeInvalid, Message: "Trạng thái không hợp lệ.", Fields: domain.Fields{"status": "Không có trạng thái này."}}
		}
		where, args = append(where, "m.status = ?"), append(args, f.Status)
	}
	if f.Gender != "" {
		where, args = append(where, "m.gender = ?"), append(args, f.Gender)
	}
	if f.Ethnicity != "" {
		where, args = append(where, "m.ethnicity = ?"), append(args, f.Ethnicity)
	}
	if f.Education != "" {
		where, args = append(where, "m.education = ?"), append(args, f.Education)
	}
	if f.Position != "" {
		p := "%" + likeEscape(viet.Clean(f.Position)) + "%"
		where, args = append(where, "(m.party_position LIKE ? OR m.gov_position LIKE ?)"), append(args, p, p)
	}
	if f.AgeBand != "" {
		c, ca, err := ageBandCond(f.AgeBand, db.today())
		if err != nil {
			return "", nil, err
		}
		where, args = append(where, c), append(args, ca...)
	}
	if q := viet.Fold(f.Q); q != "" {
		where, args = append(where, "m.name_fold LIKE ?"), append(args, "%"+likeEscape(q)+"%")
	}
	return strings.Join(where, " AND "), args, nil
}

func likeEscape(s string) string {
	return strings.NewReplacer("%", "", "_", "").Replace(s)
}

func ageBandCond(band string, on domain.Date) (string, []any, error) {
	cut := domain.AgeBandCutoffs(on)
	for i, b := range domain.AgeBands {
		if string(b.Band) != band {
			continue
		}
		switch {
		case i == 0:
			return "m.birth_date >= ?", []any{cut[0]}, nil
		case i == len(cut):
			return "m.birth_date < ?", []any{cut[i-1]}, nil
		default:
			return "(m.birth_date >= ? AND m.birth_date < ?)", []any{cut[i], cut[i-1]}, nil
		}
	}
	return "", nil, &domain.Error{Code: domain.CodeInvalid, Message: "Nhóm tuổi không hợp lệ.", Fields: domain.Fields{"age_band": "Không có nhóm tuổi này."}}
}
