package store

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"dangvien/internal/domain"
)

// entMeeting names cell meetings in the audit trail.
var entMeeting = newEntity("meeting", "Buổi sinh hoạt")

// Meeting is a cell meeting with its attendance counts.
type Meeting struct {
	ID        int64  `json:"id"`
	OrgID     int64  `json:"org_id"`
	Org       string `json:"org"`
	KindLabel string `json:"kind_label"`
	domain.MeetingInput
	Counts domain.AttendanceCounts `json:"attendance"`
}

// Held tells whether the meeting's day has come.
func (m Meeting) Held(today domain.Date) bool { return !m.HeldOn.After(today) }

const meetingCols = `g.id, g.org_id, o.name, g.kind, g.topic, g.held_on, g.starts_at, g.minutes, g.place, g.chair, g.secretary, g.agenda, g.record, g.guests,
	g.docs_on, g.expected, g.present, g.excused, g.unexcused`

func scanMeeting(r interface{ Scan(...any) error }) (Meeting, error) {
	var m Meeting
	var docs sql.Null[domain.Date]
	err := r.Scan(&m.ID, &m.OrgID, &m.Org, &m.Kind, &m.Topic, &m.HeldOn, &m.StartsAt, &m.Minutes, &m.Place, &m.Chair, &m.Secretary, &m.Agenda, &m.Record, &m.Guests,
		&docs, &m.Counts.Expected, &m.Counts.Present, &m.Counts.Excused, &m.Counts.Unexcused)
	m.DocsOn, m.KindLabel = docs.V, m.Kind.Label()
	return m, err
}

func nullDate(d domain.Date) any {
	if d.IsZero() {
		return nil
	}
	return d
}

// WritableCell is a cell in the actor's scope whose meetings the actor may
// record: staff of the subtree and the cell's secretary.
func (tx *Tx) WritableCell(id int64) (domain.Org, error) {
	o, err := tx.org(id)
	if err != nil {
		return o, domain.ErrNotFound
	}
	if !tx.actor.Role.WritesMembers() {
		return o, errForbiddenWrite
	}
	if !o.Kind.IsCell() {
		return o, domain.Errorf(domain.CodeInvalid, "%s không phải là chi bộ: sinh hoạt được ghi ở chi bộ.", o.Name)
	}
	return o, nil
}

var actMeetingCreate = newAction("meeting.create", "ghi buổi sinh hoạt")

// CreateMeeting records a planned or held meeting of a writable cell, with
// its audit row; in has been validated.
func (tx *Tx) CreateMeeting(o domain.Org, in domain.MeetingInput) (Meeting, error) {
	if !o.ValidTo.IsZero() && !in.HeldOn.Before(o.ValidTo) {
		return Meeting{}, domain.Errorf(domain.CodeInvalid, "%s đã kết thúc hoạt động từ %s.", o.Name, o.ValidTo)
	}
	ids, err := tx.insertMeetings(o, []domain.MeetingInput{in})
	if err != nil {
		return Meeting{}, err
	}
	if err := tx.audit(actMeetingCreate, entMeeting, ids[0], o.Path, nil, in); err != nil {
		return Meeting{}, err
	}
	return tx.Meeting(ids[0])
}

var actMeetingPlan = newAction("meeting.plan", "lập kế hoạch sinh hoạt năm")

// PlanMeetings records a cell's planned meetings, with one audit row for
// the plan.
func (tx *Tx) PlanMeetings(o domain.Org, plan domain.PlanInput, ms []domain.MeetingInput) error {
	if _, err := tx.insertMeetings(o, ms); err != nil {
		return err
	}
	return tx.audit(actMeetingPlan, entOrg, o.ID, o.Path, nil, map[string]any{"year": plan.Year, "day": plan.Day, "meetings": len(ms)})
}

func (tx *Tx) insertMeetings(o domain.Org, ms []domain.MeetingInput) ([]int64, error) {
	now := tx.db.stamp()
	ids := make([]int64, 0, len(ms))
	for _, in := range ms {
		id, err := tx.insert(`INSERT INTO meetings (org_id, org_path, kind, topic, held_on, starts_at, minutes, place, chair, secretary, agenda, record, guests, docs_on, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, o.ID, o.Path, in.Kind, in.Topic, in.HeldOn, in.StartsAt, in.Minutes, in.Place, in.Chair, in.Secretary,
			in.Agenda, in.Record, in.Guests, nullDate(in.DocsOn), nullID(tx.actor.UserID), now, now)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

var actMeetingUpdate = newAction("meeting.update", "sửa buổi sinh hoạt")

// UpdateMeeting changes a meeting's record. Its date cannot move once
// attendance is recorded: who had to attend depends on it.
func (tx *Tx) UpdateMeeting(before Meeting, in domain.MeetingInput) (Meeting, error) {
	o, err := tx.WritableCell(before.OrgID)
	if err != nil {
		return Meeting{}, err
	}
	if !in.HeldOn.Equal(before.HeldOn) && before.Counts.Expected > 0 {
		return Meeting{}, &domain.Error{Code: domain.CodeConflict, Message: "Đã điểm danh buổi này nên không đổi được ngày sinh hoạt.", Fields: domain.Fields{"held_on": "Không đổi được sau khi đã điểm danh."}}
	}
	if _, err := tx.exec(`UPDATE meetings SET kind = ?, topic = ?, held_on = ?, starts_at = ?, minutes = ?, place = ?, chair = ?, secretary = ?, agenda = ?, record = ?,
		guests = ?, docs_on = ?, updated_at = ? WHERE id = ?`, in.Kind, in.Topic, in.HeldOn, in.StartsAt, in.Minutes, in.Place, in.Chair, in.Secretary, in.Agenda, in.Record,
		in.Guests, nullDate(in.DocsOn), tx.db.stamp(), before.ID); err != nil {
		return Meeting{}, err
	}
	if err := tx.audit(actMeetingUpdate, entMeeting, before.ID, o.Path, before.MeetingInput, in); err != nil {
		return Meeting{}, err
	}
	return tx.Meeting(before.ID)
}

// meetingScope is scopeCond for meetings: a member sees the meetings of
// their own cell.
func meetingScope(a domain.Actor) (string, []any) {
	if a.Role == domain.RoleMember {
		return "g.org_id = (SELECT org_id FROM members WHERE id = ?)", []any{a.MemberID}
	}
	return scopeCond(a, "g.org_path", "")
}

// Meeting returns one meeting in the actor's scope.
func (tx *Tx) Meeting(id int64) (Meeting, error) {
	sc, args := meetingScope(tx.actor)
	m, err := scanMeeting(tx.queryRow("SELECT "+meetingCols+" FROM meetings g JOIN orgs o ON o.id = g.org_id WHERE g.id = ? AND "+sc, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return m, domain.ErrNotFound
	}
	return m, err
}

// Meetings lists a cell's meetings in a year, in date order.
func (tx *Tx) Meetings(cell domain.Org, year int) ([]Meeting, error) {
	rows, err := tx.query("SELECT "+meetingCols+" FROM meetings g JOIN orgs o ON o.id = g.org_id WHERE g.org_id = ? AND g.held_on >= ? AND g.held_on < ? ORDER BY g.held_on, g.id",
		cell.ID, domain.NewDate(year, 1, 1), domain.NewDate(year+1, 1, 1))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Meeting{}
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Facts is what the meeting rules need of each meeting.
func Facts(ms []Meeting) []domain.MeetingFact {
	out := make([]domain.MeetingFact, len(ms))
	for i, m := range ms {
		out[i] = domain.MeetingFact{ID: m.ID, Kind: m.Kind, HeldOn: m.HeldOn, Minutes: m.Minutes}
	}
	return out
}

// Roster lists who belonged to the meeting's cell on its day (from the
// placements, so a member who moved since is still listed, and one who came
// later is not), in Vietnamese name order, with their attendance. A member
// on a temporary transfer belongs, on each day it covers, to the temporary
// cell and not the home cell (domain.TemporaryOn): one roster a day, so no
// count holds them twice. A member working away under the temporary
// exemption is exempt that day, from the record of working away. A member
// reads their own line only.
func (tx *Tx) Roster(m Meeting) ([]domain.RosterRow, error) {
	d := m.HeldOn
	own, oargs := ownRows(tx.actor, "x.member_id")
	// The days domain.TemporaryOn gives a temporary transfer, in SQL.
	temp := `t.kind = 'temporary' AND t.status <> 'cancelled' AND t.starts_on <= ? AND t.ends_on >= ? AND (t.closed_on IS NULL OR t.closed_on > ?)`
	rows, err := tx.query(`SELECT x.member_id, mb.full_name, mb.status, coalesce(ma.status, ''), coalesce(ma.reason, ''),
		coalesce((SELECT e.kind || '|' || e.reason FROM member_events e WHERE e.member_id = x.member_id AND e.kind IN ('exempted', 'restored') AND e.date <= ? ORDER BY e.date DESC, e.id DESC LIMIT 1), ''),
		x.home, coalesce(a.place, ''), a.exempt_from, a.exempt_to
		FROM (SELECT p.member_id, '' AS home FROM member_placements p WHERE p.org_id = ? AND p.valid_from <= ? AND (p.valid_to IS NULL OR p.valid_to > ?)
			AND NOT EXISTS (SELECT 1 FROM transfers t WHERE t.member_id = p.member_id AND t.from_org_id = p.org_id AND `+temp+`)
			UNION ALL
			SELECT t.member_id, t.from_name FROM transfers t WHERE t.to_org_id = ? AND `+temp+`) x
		JOIN members mb ON mb.id = x.member_id
		LEFT JOIN meeting_attendance ma ON ma.meeting_id = ? AND ma.member_id = x.member_id
		LEFT JOIN away_records a ON a.member_id = x.member_id AND a.since <= ? AND (a.returned_on IS NULL OR a.returned_on > ?)
		WHERE `+own+`
		ORDER BY mb.sort_key, mb.id`, append([]any{d, m.OrgID, d, d, d, d, d, m.OrgID, d, d, d, m.ID, d, d}, oargs...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []domain.RosterRow{}
	seen := map[int64]bool{}
	for rows.Next() {
		var r domain.RosterRow
		var ex string
		var from, to sql.Null[domain.Date]
		if err := rows.Scan(&r.MemberID, &r.Name, &r.Status, &r.Mark, &r.Reason, &ex, &r.TemporaryFrom, &r.Away, &from, &to); err != nil {
			return nil, err
		}
		if seen[r.MemberID] {
			continue
		}
		seen[r.MemberID] = true
		kind, reason, _ := strings.Cut(ex, "|")
		r.Exempted = kind == string(domain.EventExempted)
		if r.Exempted {
			r.ExemptReason = reason
		}
		if p := (domain.AwayPeriod{Since: d, ExemptFrom: from.V, ExemptTo: to.V}); r.Away != "" && !r.Exempted && p.ExemptOn(d) {
			r.Exempted = true
			r.ExemptReason = fmt.Sprintf("Đi làm ăn xa (%s), miễn sinh hoạt tạm thời đến %s", r.Away, to.V)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

var actMeetingAttendance = newAction("meeting.attendance", "điểm danh")

// RecordAttendance writes marks checked against roster (domain.CheckMarks)
// and the meeting's counts with them, in the transaction, with the audit row.
func (tx *Tx) RecordAttendance(m Meeting, roster []domain.RosterRow, marks []domain.Mark) error {
	o, err := tx.WritableCell(m.OrgID)
	if err != nil {
		return err
	}
	had := make(map[int64]domain.Attendance, len(roster))
	for _, r := range roster {
		had[r.MemberID] = r.Mark
	}
	before := map[int64]string{}
	for _, k := range marks {
		if h := had[k.MemberID]; h != "" {
			before[k.MemberID] = string(h)
		}
		if _, err := tx.exec("DELETE FROM meeting_attendance WHERE meeting_id = ? AND member_id = ?", m.ID, k.MemberID); err != nil {
			return err
		}
		if _, err := tx.exec("INSERT INTO meeting_attendance (meeting_id, member_id, status, reason, held_on, org_path) SELECT ?, ?, ?, ?, held_on, org_path FROM meetings WHERE id = ?",
			m.ID, k.MemberID, k.Status, k.Reason, m.ID); err != nil {
			return err
		}
	}
	// The counts follow the rows, in the same transaction.
	if _, err := tx.exec(`UPDATE meetings SET
		expected = (SELECT count(*) FROM meeting_attendance WHERE meeting_id = ?),
		present = (SELECT count(*) FROM meeting_attendance WHERE meeting_id = ? AND status = 'present'),
		excused = (SELECT count(*) FROM meeting_attendance WHERE meeting_id = ? AND status = 'excused'),
		unexcused = (SELECT count(*) FROM meeting_attendance WHERE meeting_id = ? AND status = 'unexcused'),
		updated_at = ? WHERE id = ?`, m.ID, m.ID, m.ID, m.ID, tx.db.stamp(), m.ID); err != nil {
		return err
	}
	return tx.audit(actMeetingAttendance, entMeeting, m.ID, o.Path, before, marks)
}

// AttendanceTotals sums the attendance of every meeting held in a subtree
// between from and to (inclusive), reading one index row per meeting.
func (tx *Tx) AttendanceTotals(o domain.Org, from, to domain.Date) (domain.AttendanceCounts, int, error) {
	var c domain.AttendanceCounts
	sc, args := scopedSubtree(tx.actor, "org_path", "", o.Path)
	var n int
	err := tx.queryRow("SELECT count(*), coalesce(sum(expected), 0), coalesce(sum(present), 0), coalesce(sum(excused), 0), coalesce(sum(unexcused), 0) FROM meetings WHERE "+
		sc+" AND held_on >= ? AND held_on <= ?", append(args, from, to)...).Scan(&n, &c.Expected, &c.Present, &c.Excused, &c.Unexcused)
	return c, n, err
}

// Absentee is a member with unexcused absences in a period.
type Absentee struct {
	MemberID int64  `json:"member_id"`
	Name     string `json:"name"`
	Org      string `json:"org"`
	Parent   string `json:"parent"` // the organisation above the cell
	Path     string `json:"-"`
	Count    int    `json:"count"`
}

// Unexcused lists the members of a subtree with at least min unexcused
// absences between from and to (the first limit of them, 0 all), most first (RULES.md, Removal: not taking
// part in cell activity for 3 months in a year without good reason).
func (tx *Tx) Unexcused(o domain.Org, from, to domain.Date, minCount, limit int) ([]Absentee, error) {
	sc, args := scopedSubtree(tx.actor, "ma.org_path", "ma.member_id", o.Path)
	lim := ""
	if limit > 0 {
		lim = " LIMIT " + itoa(limit) // the overview names only the first rows
	}
	// Counted on the partial index alone; names only for those who qualify.
	rows, err := tx.query(`SELECT x.member_id, mb.full_name, og.name, coalesce(po.name, ''), og.path, x.n FROM
		(SELECT ma.member_id, count(*) AS n FROM meeting_attendance ma WHERE ma.status = 'unexcused' AND `+sc+` AND ma.held_on >= ? AND ma.held_on <= ?
		 GROUP BY ma.member_id HAVING count(*) >= ?) x
		JOIN members mb ON mb.id = x.member_id JOIN orgs og ON og.id = mb.org_id LEFT JOIN orgs po ON po.id = og.parent_id ORDER BY x.n DESC, mb.sort_key, mb.id`+lim, append(args, from, to, max(minCount, 1))...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Absentee{}
	for rows.Next() {
		var r Absentee
		if err := rows.Scan(&r.MemberID, &r.Name, &r.Org, &r.Parent, &r.Path, &r.Count); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// MemberAttendance is one member's record over a period.
func (tx *Tx) MemberAttendance(m domain.Member, from, to domain.Date) (domain.AttendanceCounts, error) {
	var c domain.AttendanceCounts
	rows, err := tx.query("SELECT status, count(*) FROM meeting_attendance WHERE member_id = ? AND held_on >= ? AND held_on <= ? GROUP BY status", m.ID, from, to)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		var s domain.Attendance
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return c, err
		}
		for range n {
			c.Add(s)
		}
	}
	return c, rows.Err()
}

// CellMeetings is one open cell of a subtree with its meetings of a year.
type CellMeetings struct {
	OrgID  int64
	Name   string
	Parent string
	Path   string
	Facts  []domain.MeetingFact
}

// SubtreeMeetings returns the open cells of a subtree with their meetings in
// a year, for the rule checks of an overview. It refuses subtrees of more
// than maxCells cells, which an overview asks to narrow.
func (tx *Tx) SubtreeMeetings(o domain.Org, year, maxCells int) ([]CellMeetings, bool, error) {
	sc, args := scopedSubtree(tx.actor, "o.path", "", o.Path)
	var n int
	if err := tx.queryRow("SELECT count(*) FROM orgs o WHERE "+sc+" AND o.kind IN ('cell', 'grassroots_cell') AND o.valid_to IS NULL", args...).Scan(&n); err != nil {
		return nil, false, err
	}
	if n > maxCells {
		return nil, false, nil
	}
	rows, err := tx.query("SELECT o.id, o.name, coalesce(po.name, ''), o.path FROM orgs o LEFT JOIN orgs po ON po.id = o.parent_id WHERE "+sc+" AND o.kind IN ('cell', 'grassroots_cell') AND o.valid_to IS NULL", args...)
	if err != nil {
		return nil, false, err
	}
	idx := map[int64]int{}
	var out []CellMeetings
	for rows.Next() {
		var c CellMeetings
		if err := rows.Scan(&c.OrgID, &c.Name, &c.Parent, &c.Path); err != nil {
			rows.Close()
			return nil, false, err
		}
		idx[c.OrgID] = len(out)
		out = append(out, c)
	}
	rows.Close()
	gs, gargs := scopedSubtree(tx.actor, "org_path", "", o.Path)
	mrows, err := tx.query("SELECT id, org_id, kind, held_on, minutes FROM meetings WHERE "+gs+" AND held_on >= ? AND held_on < ?",
		append(gargs, domain.NewDate(year, 1, 1), domain.NewDate(year+1, 1, 1))...)
	if err != nil {
		return nil, false, err
	}
	defer mrows.Close()
	for mrows.Next() {
		var f domain.MeetingFact
		var org int64
		if err := mrows.Scan(&f.ID, &org, &f.Kind, &f.HeldOn, &f.Minutes); err != nil {
			return nil, false, err
		}
		if i, ok := idx[org]; ok {
			out[i].Facts = append(out[i].Facts, f)
		}
	}
	return out, true, mrows.Err()
}

// RemovalMonths reads, for a subtree, the months between from and to with
// an unexcused absence and the unpaid months (that have ended) between
// them, of the members whose months of either could reach minMonths, with
// their names: what domain.RemovalGrounds weighs. Both reads run on partial
// indexes of the exceptions.
func (tx *Tx) RemovalMonths(o domain.Org, from, to domain.Date, minMonths int) (absent, unpaid map[int64][]domain.Month, refs map[int64]MemberRef, err error) {
	sa, aargs := scopedSubtree(tx.actor, "ma.org_path", "ma.member_id", o.Path)
	absent, unpaid = map[int64][]domain.Month{}, map[int64][]domain.Month{}
	months := map[int64]map[domain.Month]bool{}
	// Three missed meetings in a month are one month.
	add := func(id int64, m domain.Month, into map[int64][]domain.Month) {
		if months[id] == nil {
			months[id] = map[domain.Month]bool{}
		}
		months[id][m] = true
		if !slices.Contains(into[id], m) {
			into[id] = append(into[id], m)
		}
	}
	rows, err := tx.query("SELECT ma.member_id, ma.held_on FROM meeting_attendance ma WHERE ma.status = 'unexcused' AND "+sa+" AND ma.held_on >= ? AND ma.held_on <= ?",
		append(aargs, from, to)...)
	if err != nil {
		return nil, nil, nil, err
	}
	for rows.Next() {
		var id int64
		var d domain.Date
		if err := rows.Scan(&id, &d); err != nil {
			rows.Close()
			return nil, nil, nil, err
		}
		add(id, domain.MonthOf(d), absent)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, nil, err
	}
	last := domain.LastEndedMonth(to, tx.db.today())
	sf, fargs := scopedSubtree(tx.actor, "f.org_path", "f.member_id", o.Path)
	frows, err := tx.query("SELECT f.member_id, f.month FROM fee_months f WHERE f.paid_on IS NULL AND f.due > 0 AND "+sf+" AND f.month >= ? AND f.month <= ?",
		append(fargs, domain.MonthOf(from).Key(), last.Key())...)
	if err != nil {
		return nil, nil, nil, err
	}
	for frows.Next() {
		var id int64
		var k string
		if err := frows.Scan(&id, &k); err != nil {
			frows.Close()
			return nil, nil, nil, err
		}
		if m, ok := monthKey(k); ok {
			add(id, m, unpaid)
		}
	}
	frows.Close()
	if err := frows.Err(); err != nil {
		return nil, nil, nil, err
	}
	var ids []any
	for id, ms := range months {
		if len(ms) >= minMonths {
			ids = append(ids, id)
		} else {
			delete(absent, id)
			delete(unpaid, id)
		}
	}
	refs = map[int64]MemberRef{}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		nrows, err := tx.query("SELECT m.id, m.full_name, o.name, coalesce(po.name, ''), o.path, m.sort_key FROM members m JOIN orgs o ON o.id = m.org_id LEFT JOIN orgs po ON po.id = o.parent_id WHERE m.id IN ("+placeholders(len(chunk))+")", chunk...)
		if err != nil {
			return nil, nil, nil, err
		}
		for nrows.Next() {
			var r MemberRef
			if err := nrows.Scan(&r.MemberID, &r.Name, &r.Org, &r.Parent, &r.Path, &r.SortKey); err != nil {
				nrows.Close()
				return nil, nil, nil, err
			}
			refs[r.MemberID] = r
		}
		nrows.Close()
	}
	return absent, unpaid, refs, nil
}

// monthKey reads a stored month, "2026-11", without fmt: a report reads
// tens of thousands of them.
func monthKey(k string) (domain.Month, bool) {
	if len(k) != 7 || k[4] != '-' {
		return domain.Month{}, false
	}
	y, err1 := strconv.Atoi(k[:4])
	m, err2 := strconv.Atoi(k[5:])
	if err1 != nil || err2 != nil || m < 1 || m > 12 {
		return domain.Month{}, false
	}
	return domain.Month{Year: y, Mon: time.Month(m)}, true
}

// MissedMeetings lists, for some members, the meetings of a subtree they
// missed without reason between from and to: the evidence of a ground.
func (tx *Tx) MissedMeetings(o domain.Org, ids []int64, from, to domain.Date) (map[int64][]domain.MissedMeeting, error) {
	sa, aargs := scopedSubtree(tx.actor, "ma.org_path", "ma.member_id", o.Path)
	out := map[int64][]domain.MissedMeeting{}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		args := make([]any, 0, len(chunk)+len(aargs)+2)
		for _, id := range chunk {
			args = append(args, id)
		}
		args = append(append(args, aargs...), from, to)
		rows, err := tx.query(`SELECT ma.member_id, g.id, g.held_on, g.kind FROM meeting_attendance ma JOIN meetings g ON g.id = ma.meeting_id
			WHERE ma.status = 'unexcused' AND ma.member_id IN (`+placeholders(len(chunk))+`) AND `+sa+` AND ma.held_on >= ? AND ma.held_on <= ? ORDER BY ma.held_on`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var m domain.MissedMeeting
			if err := rows.Scan(&id, &m.MeetingID, &m.HeldOn, &m.Kind); err != nil {
				rows.Close()
				return nil, err
			}
			m.KindLabel = m.Kind.Label()
			out[id] = append(out[id], m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
