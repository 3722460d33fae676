package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"dangvien/internal/domain"
	"dangvien/internal/viet"
)

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

// writableCell is a cell in the actor's scope whose meetings the actor may
// record: staff of the subtree and the cell's secretary.
func (tx *Tx) writableCell(id int64) (domain.Org, error) {
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

// CreateMeeting records a planned or held meeting of a cell.
func (db *DB) CreateMeeting(ctx context.Context, a domain.Actor, cellID int64, in domain.MeetingInput) (Meeting, error) {
	in.Normalize(viet.Clean)
	if err := domain.ValidateMeeting(in, db.today()); err != nil {
		return Meeting{}, err
	}
	var id int64
	err := db.write(ctx, a, func(tx *Tx) error {
		o, err := tx.writableCell(cellID)
		if err != nil {
			return err
		}
		if !o.ValidTo.IsZero() && !in.HeldOn.Before(o.ValidTo) {
			return domain.Errorf(domain.CodeInvalid, "%s đã kết thúc hoạt động từ %s.", o.Name, o.ValidTo)
		}
		now := tx.db.stamp()
		if id, err = tx.insert(`INSERT INTO meetings (org_id, org_path, kind, topic, held_on, starts_at, minutes, place, chair, secretary, agenda, record, guests, docs_on, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, o.ID, o.Path, in.Kind, in.Topic, in.HeldOn, in.StartsAt, in.Minutes, in.Place, in.Chair, in.Secretary,
			in.Agenda, in.Record, in.Guests, nullDate(in.DocsOn), nullID(tx.actor.UserID), now, now); err != nil {
			return err
		}
		return tx.audit("meeting.create", "meeting", id, o.Path, nil, in)
	})
	if err != nil {
		return Meeting{}, err
	}
	return db.Meeting(ctx, a, id)
}

// UpdateMeeting changes a meeting's record. Its date cannot move once
// attendance is recorded: who had to attend depends on it.
func (db *DB) UpdateMeeting(ctx context.Context, a domain.Actor, id int64, in domain.MeetingInput) (Meeting, error) {
	in.Normalize(viet.Clean)
	if err := domain.ValidateMeeting(in, db.today()); err != nil {
		return Meeting{}, err
	}
	err := db.write(ctx, a, func(tx *Tx) error {
		before, err := tx.meeting(id)
		if err != nil {
			return err
		}
		o, err := tx.writableCell(before.OrgID)
		if err != nil {
			return err
		}
		if !in.HeldOn.Equal(before.HeldOn) && before.Counts.Expected > 0 {
			return &domain.Error{Code: domain.CodeConflict, Message: "Đã điểm danh buổi này nên không đổi được ngày sinh hoạt.", Fields: domain.Fields{"held_on": "Không đổi được sau khi đã điểm danh."}}
		}
		if _, err := tx.exec(`UPDATE meetings SET kind = ?, topic = ?, held_on = ?, starts_at = ?, minutes = ?, place = ?, chair = ?, secretary = ?, agenda = ?, record = ?,
			guests = ?, docs_on = ?, updated_at = ? WHERE id = ?`, in.Kind, in.Topic, in.HeldOn, in.StartsAt, in.Minutes, in.Place, in.Chair, in.Secretary, in.Agenda, in.Record,
			in.Guests, nullDate(in.DocsOn), tx.db.stamp(), id); err != nil {
			return err
		}
		return tx.audit("meeting.update", "meeting", id, o.Path, before.MeetingInput, in)
	})
	if err != nil {
		return Meeting{}, err
	}
	return db.Meeting(ctx, a, id)
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
func (db *DB) Meeting(ctx context.Context, a domain.Actor, id int64) (Meeting, error) {
	sc, args := meetingScope(a)
	m, err := scanMeeting(db.queryRow(ctx, "SELECT "+meetingCols+" FROM meetings g JOIN orgs o ON o.id = g.org_id WHERE g.id = ? AND "+sc, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return m, domain.ErrNotFound
	}
	return m, err
}

func (tx *Tx) meeting(id int64) (Meeting, error) {
	sc, args := meetingScope(tx.actor)
	m, err := scanMeeting(tx.queryRow("SELECT "+meetingCols+" FROM meetings g JOIN orgs o ON o.id = g.org_id WHERE g.id = ? AND "+sc, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return m, domain.ErrNotFound
	}
	return m, err
}

// Meetings lists a cell's meetings in a year, in date order.
func (db *DB) Meetings(ctx context.Context, a domain.Actor, cellID int64, year int) ([]Meeting, error) {
	if _, err := db.Org(ctx, a, cellID); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, "SELECT "+meetingCols+" FROM meetings g JOIN orgs o ON o.id = g.org_id WHERE g.org_id = ? AND g.held_on >= ? AND g.held_on < ? ORDER BY g.held_on, g.id",
		cellID, domain.NewDate(year, 1, 1), domain.NewDate(year+1, 1, 1))
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

// RosterRow is one member of the cell on the meeting's day.
type RosterRow struct {
	MemberID int64         `json:"member_id"`
	Name     string        `json:"name"`
	Status   domain.Status `json:"member_status"`
	Exempted bool          `json:"exempted"` // exempt on that day: shown, not counted
	// ExemptReason is the exemption's reason, e.g. "đi làm ăn xa": members
	// working away ask for a temporary exemption (RULES.md).
	ExemptReason string            `json:"exempt_reason,omitempty"`
	Mark         domain.Attendance `json:"attendance,omitempty"`
	Reason       string            `json:"reason,omitempty"`
}

// Roster lists who belonged to the meeting's cell on its day (from the
// placements, so a member who moved since is still listed, and one who came
// later is not), in Vietnamese name order, with their attendance.
func (db *DB) Roster(ctx context.Context, a domain.Actor, meetingID int64) (Meeting, []RosterRow, error) {
	m, err := db.Meeting(ctx, a, meetingID)
	if err != nil {
		return m, nil, err
	}
	rows, err := db.query(ctx, `SELECT p.member_id, mb.full_name, mb.status, coalesce(ma.status, ''), coalesce(ma.reason, ''),
		coalesce((SELECT e.kind || '|' || e.reason FROM member_events e WHERE e.member_id = p.member_id AND e.kind IN ('exempted', 'restored') AND e.date <= ? ORDER BY e.date DESC, e.id DESC LIMIT 1), '')
		FROM member_placements p JOIN members mb ON mb.id = p.member_id
		LEFT JOIN meeting_attendance ma ON ma.meeting_id = ? AND ma.member_id = p.member_id
		WHERE p.org_id = ? AND p.valid_from <= ? AND (p.valid_to IS NULL OR p.valid_to > ?)
		ORDER BY mb.sort_key, mb.id`, m.HeldOn, m.ID, m.OrgID, m.HeldOn, m.HeldOn)
	if err != nil {
		return m, nil, err
	}
	defer rows.Close()
	var out []RosterRow
	for rows.Next() {
		var r RosterRow
		var ex string
		if err := rows.Scan(&r.MemberID, &r.Name, &r.Status, &r.Mark, &r.Reason, &ex); err != nil {
			return m, nil, err
		}
		kind, reason, _ := strings.Cut(ex, "|")
		r.Exempted = kind == string(domain.EventExempted)
		if r.Exempted {
			r.ExemptReason = reason
		}
		out = append(out, r)
	}
	return m, out, rows.Err()
}

// Mark is one member's attendance at a meeting.
type Mark struct {
	MemberID int64             `json:"member_id"`
	Status   domain.Attendance `json:"status"`
	Reason   string            `json:"reason"`
}

// RecordAttendance sets the attendance of some members of a meeting's
// roster, and the meeting's counts with it. A meeting still to come, a person
// not in the cell on the day, an exempted member or an excused absence with
// no reason is refused, and nothing is written.
func (db *DB) RecordAttendance(ctx context.Context, a domain.Actor, meetingID int64, marks []Mark) (Meeting, error) {
	m, roster, err := db.Roster(ctx, a, meetingID)
	if err != nil {
		return m, err
	}
	if m.HeldOn.After(db.today()) {
		return m, &domain.Error{Code: domain.CodeConflict, Message: fmt.Sprintf("Buổi sinh hoạt ngày %s chưa diễn ra, chưa điểm danh được.", m.HeldOn)}
	}
	byID := map[int64]RosterRow{}
	for _, r := range roster {
		byID[r.MemberID] = r
	}
	f := domain.Fields{}
	seen := map[int64]bool{}
	for i := range marks {
		k := &marks[i]
		k.Reason = viet.Clean(k.Reason)
		field := fmt.Sprintf("member_%d", k.MemberID)
		r, ok := byID[k.MemberID]
		switch {
		case !ok:
			f.Add(field, fmt.Sprintf("Đảng viên mã %d không sinh hoạt ở %s ngày %s.", k.MemberID, m.Org, m.HeldOn))
		case seen[k.MemberID]:
			f.Add(field, r.Name+": điểm danh hai lần.")
		case r.Exempted:
			f.Add(field, r.Name+" đang được miễn sinh hoạt, không điểm danh.")
		case !k.Status.Valid():
			f.Add(field, r.Name+": chọn có mặt, vắng có lý do hoặc vắng không lý do.")
		case k.Status == domain.Excused && k.Reason == "":
			f.Add(field, r.Name+": vắng có lý do cần ghi lý do.")
		}
		seen[k.MemberID] = true
	}
	if len(f) > 0 {
		return m, &domain.Error{Code: domain.CodeInvalid, Message: "Chưa lưu được điểm danh: xin sửa các dòng được đánh dấu.", Fields: f}
	}
	err = db.write(ctx, a, func(tx *Tx) error {
		o, err := tx.writableCell(m.OrgID)
		if err != nil {
			return err
		}
		before := map[int64]string{}
		for _, k := range marks {
			if r := byID[k.MemberID]; r.Mark != "" {
				before[k.MemberID] = string(r.Mark)
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
		return tx.audit("meeting.attendance", "meeting", m.ID, o.Path, before, marks)
	})
	if err != nil {
		return m, err
	}
	return db.Meeting(ctx, a, meetingID)
}

// AttendanceTotals sums the attendance of every meeting held in a subtree
// between from and to (inclusive), reading one index row per meeting.
func (db *DB) AttendanceTotals(ctx context.Context, a domain.Actor, orgID int64, from, to domain.Date) (domain.AttendanceCounts, int, error) {
	var c domain.AttendanceCounts
	o, err := db.Org(ctx, a, orgID)
	if err != nil {
		return c, 0, err
	}
	sc, args := scopedSubtree(a, "org_path", "", o.Path)
	var n int
	err = db.queryRow(ctx, "SELECT count(*), coalesce(sum(expected), 0), coalesce(sum(present), 0), coalesce(sum(excused), 0), coalesce(sum(unexcused), 0) FROM meetings WHERE "+
		sc+" AND held_on >= ? AND held_on <= ?", append(args, from, to)...).Scan(&n, &c.Expected, &c.Present, &c.Excused, &c.Unexcused)
	return c, n, err
}

// Absentee is a member with unexcused absences in a period.
type Absentee struct {
	MemberID int64  `json:"member_id"`
	Name     string `json:"name"`
	Org      string `json:"org"`
	Count    int    `json:"count"`
}

// Unexcused lists the members of a subtree with at least min unexcused
// absences between from and to, most first (RULES.md, Removal: not taking
// part in cell activity for 3 months in a year without good reason).
func (db *DB) Unexcused(ctx context.Context, a domain.Actor, orgID int64, from, to domain.Date, minCount int) ([]Absentee, error) {
	o, err := db.Org(ctx, a, orgID)
	if err != nil {
		return nil, err
	}
	sc, args := scopedSubtree(a, "ma.org_path", "", o.Path)
	// Counted on the partial index alone; names only for those who qualify.
	rows, err := db.query(ctx, `SELECT x.member_id, mb.full_name, og.name, x.n FROM
		(SELECT ma.member_id, count(*) AS n FROM meeting_attendance ma WHERE ma.status = 'unexcused' AND `+sc+` AND ma.held_on >= ? AND ma.held_on <= ?
		 GROUP BY ma.member_id HAVING count(*) >= ?) x
		JOIN members mb ON mb.id = x.member_id JOIN orgs og ON og.id = mb.org_id ORDER BY x.n DESC, mb.sort_key, mb.id`, append(args, from, to, max(minCount, 1))...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Absentee{}
	for rows.Next() {
		var r Absentee
		if err := rows.Scan(&r.MemberID, &r.Name, &r.Org, &r.Count); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// MemberAttendance is one member's record over a period.
func (db *DB) MemberAttendance(ctx context.Context, a domain.Actor, memberID int64, from, to domain.Date) (domain.AttendanceCounts, error) {
	var c domain.AttendanceCounts
	if _, err := db.Member(ctx, a, memberID); err != nil {
		return c, err
	}
	rows, err := db.query(ctx, "SELECT status, count(*) FROM meeting_attendance WHERE member_id = ? AND held_on >= ? AND held_on <= ? GROUP BY status", memberID, from, to)
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
	OrgID int64
	Name  string
	Facts []domain.MeetingFact
}

// SubtreeMeetings returns the open cells of a subtree with their meetings in
// a year, for the rule checks of an overview. It refuses subtrees of more
// than maxCells cells, which an overview asks to narrow.
func (db *DB) SubtreeMeetings(ctx context.Context, a domain.Actor, orgID int64, year, maxCells int) ([]CellMeetings, bool, error) {
	o, err := db.Org(ctx, a, orgID)
	if err != nil {
		return nil, false, err
	}
	sc, args := scopedSubtree(a, "o.path", "", o.Path)
	var n int
	if err := db.queryRow(ctx, "SELECT count(*) FROM orgs o WHERE "+sc+" AND o.kind IN ('cell', 'grassroots_cell') AND o.valid_to IS NULL", args...).Scan(&n); err != nil {
		return nil, false, err
	}
	if n > maxCells {
		return nil, false, nil
	}
	rows, err := db.query(ctx, "SELECT o.id, o.name FROM orgs o WHERE "+sc+" AND o.kind IN ('cell', 'grassroots_cell') AND o.valid_to IS NULL", args...)
	if err != nil {
		return nil, false, err
	}
	idx := map[int64]int{}
	var out []CellMeetings
	for rows.Next() {
		var c CellMeetings
		if err := rows.Scan(&c.OrgID, &c.Name); err != nil {
			rows.Close()
			return nil, false, err
		}
		idx[c.OrgID] = len(out)
		out = append(out, c)
	}
	rows.Close()
	gs, gargs := scopedSubtree(a, "org_path", "", o.Path)
	mrows, err := db.query(ctx, "SELECT id, org_id, kind, held_on, minutes FROM meetings WHERE "+gs+" AND held_on >= ? AND held_on < ?",
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

// PlanYear puts a cell's plan for a year in place: for each month from
// today on with no regular meeting yet, a planned regular meeting on the
// given day (the last day of a shorter month), combined with a thematic one
// in the last month of each quarter that has no thematic meeting. It
// returns how many it added, in one transaction with one audit row.
func (db *DB) PlanYear(ctx context.Context, a domain.Actor, cellID int64, year, day int, startsAt, place string, topic string) (int, error) {
	today := db.today()
	if day < 1 || day > 31 {
		return 0, &domain.Error{Code: domain.CodeInvalid, Message: "Ngày sinh hoạt hằng tháng từ 1 đến 31.", Fields: domain.Fields{"day": "Từ 1 đến 31."}}
	}
	if year < today.Year() || year > today.Year()+1 {
		return 0, &domain.Error{Code: domain.CodeInvalid, Message: "Chỉ lập kế hoạch cho năm nay hoặc năm sau.", Fields: domain.Fields{"year": "Năm nay hoặc năm sau."}}
	}
	if topic == "" {
		topic = "Chuyên đề theo kế hoạch của cấp ủy"
	}
	existing, err := db.Meetings(ctx, a, cellID, year)
	if err != nil {
		return 0, err
	}
	var regular [13]bool
	var thematic [5]bool
	for _, m := range existing {
		mon := int(m.HeldOn.Time().Month())
		regular[mon] = regular[mon] || m.Kind.Regular()
		thematic[(mon-1)/3+1] = thematic[(mon-1)/3+1] || m.Kind.Thematic()
	}
	var plan []domain.MeetingInput
	for mon := 1; mon <= 12; mon++ {
		first := domain.NewDate(year, time.Month(mon), 1)
		d := min(day, first.AddMonths(1).AddDays(-1).Time().Day())
		held := domain.NewDate(year, time.Month(mon), d)
		if !held.After(today) || regular[mon] {
			continue
		}
		in := domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: held, StartsAt: startsAt, Place: place}
		if mon%3 == 0 && !thematic[mon/3] {
			in.Kind, in.Topic = domain.MeetingCombined, topic
		}
		in.Normalize(viet.Clean)
		if err := domain.ValidateMeeting(in, today); err != nil {
			return 0, err
		}
		plan = append(plan, in)
	}
	err = db.write(ctx, a, func(tx *Tx) error {
		o, err := tx.writableCell(cellID)
		if err != nil {
			return err
		}
		now := tx.db.stamp()
		for _, in := range plan {
			if _, err := tx.insert(`INSERT INTO meetings (org_id, org_path, kind, topic, held_on, starts_at, place, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				o.ID, o.Path, in.Kind, in.Topic, in.HeldOn, in.StartsAt, in.Place, nullID(tx.actor.UserID), now, now); err != nil {
				return err
			}
		}
		return tx.audit("meeting.plan", "org", o.ID, o.Path, nil, map[string]any{"year": year, "day": day, "meetings": len(plan)})
	})
	return len(plan), err
}
