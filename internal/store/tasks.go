package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"dangvien/internal/domain"
	"dangvien/internal/viet"
)

// TaskNote is a progress note or, with a rating, a periodic review.
type TaskNote struct {
	ID     int64             `json:"id"`
	On     domain.Date       `json:"on"`
	Rating domain.TaskRating `json:"rating,omitempty"`
	Note   string            `json:"note"`
}

// Task is a task given to a member, its notes, and why it may be stale.
type Task struct {
	ID       int64  `json:"id"`
	MemberID int64  `json:"member_id"`
	Member   string `json:"member"`
	domain.TaskInput
	At      domain.TaskSnapshot `json:"given_when"`
	Notes   []TaskNote          `json:"notes"`
	Stale   []string            `json:"stale_reasons"`
	Current bool                `json:"current"`
}

// CreateTask gives a member a task. A member no longer on the roll or
// exempted from activity gets none; a meeting named must be of the member's
// cell.
func (db *DB) CreateTask(ctx context.Context, a domain.Actor, memberID int64, in domain.TaskInput) (Task, error) {
	in.Title, in.AssignedBy, in.Description = viet.Clean(in.Title), viet.Clean(in.AssignedBy), strings.TrimSpace(in.Description)
	if err := domain.ValidateTask(in); err != nil {
		return Task{}, err
	}
	var id int64
	err := db.write(ctx, a, func(tx *Tx) error {
		m, path, err := tx.member(memberID)
		if err != nil {
			return err
		}
		switch {
		case !m.Status.Active():
			return domain.Errorf(domain.CodeConflict, "%s không còn trong danh sách sinh hoạt (%s), không giao nhiệm vụ được.", m.FullName, strings.ToLower(m.Status.Label()))
		case m.Exempted:
			return domain.Errorf(domain.CodeConflict, "%s đang được miễn công tác và sinh hoạt đảng, không giao nhiệm vụ được.", m.FullName)
		}
		if in.MeetingID != 0 {
			var org int64
			err := tx.queryRow("SELECT org_id FROM meetings WHERE id = ?", in.MeetingID).Scan(&org)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && org != m.OrgID) {
				return &domain.Error{Code: domain.CodeInvalid, Message: "Buổi sinh hoạt không phải của chi bộ của đảng viên.", Fields: domain.Fields{"meeting_id": "Không thuộc chi bộ này."}}
			}
			if err != nil {
				return err
			}
		}
		now := tx.db.stamp()
		if id, err = tx.insert(`INSERT INTO tasks (member_id, org_id, title, description, from_on, to_on, meeting_id, assigned_by, party_position_at, gov_position_at, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.ID, m.OrgID, in.Title, in.Description, in.From, nullDate(in.To), nullID(in.MeetingID), in.AssignedBy,
			m.PartyPosition, m.GovPosition, nullID(tx.actor.UserID), now, now); err != nil {
			return err
		}
		return tx.audit("task.create", "member", m.ID, path, nil, in)
	})
	if err != nil {
		return Task{}, err
	}
	ts, err := db.MemberTasks(ctx, a, memberID)
	for _, t := range ts {
		if t.ID == id {
			return t, err
		}
	}
	return Task{}, err
}

// AddTaskNote records progress on a task or, with a rating, its review.
func (db *DB) AddTaskNote(ctx context.Context, a domain.Actor, taskID int64, n TaskNote) error {
	n.Note = strings.TrimSpace(n.Note)
	f := domain.Fields{}
	if n.Rating != "" && !n.Rating.Valid() {
		f.Add("rating", "Chọn mức: hoàn thành tốt, hoàn thành, không hoàn thành.")
	}
	if n.Rating == "" && n.Note == "" {
		f.Add("note", "Ghi tiến độ hoặc chọn mức đánh giá.")
	} else if why := viet.Check(viet.FreeText, n.Note); why != "" {
		f.Add("note", domain.TextReason("Ghi chú", why))
	}
	if n.On.IsZero() || n.On.After(db.today()) {
		f.Add("on", "Ngày ghi phải là hôm nay hoặc trước đó.")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return db.write(ctx, a, func(tx *Tx) error {
		var memberID int64
		var from domain.Date
		if err := tx.queryRow("SELECT member_id, from_on FROM tasks WHERE id = ?", taskID).Scan(&memberID, &from); errors.Is(err, sql.ErrNoRows) {
			return domain.ErrNotFound
		} else if err != nil {
			return err
		}
		_, path, err := tx.member(memberID) // scope and write permission
		if err != nil {
			return err
		}
		if n.On.Before(from) {
			return &domain.Error{Code: domain.CodeInvalid, Message: "Ngày ghi trước ngày giao nhiệm vụ.", Fields: domain.Fields{"on": fmt.Sprintf("Nhiệm vụ giao từ %s.", from)}}
		}
		if _, err := tx.exec("INSERT INTO task_notes (task_id, on_date, rating, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			taskID, n.On, n.Rating, n.Note, nullID(tx.actor.UserID), tx.db.stamp()); err != nil {
			return err
		}
		return tx.audit("task.note", "member", memberID, path, nil, map[string]any{"task_id": taskID, "on": n.On, "rating": n.Rating, "note": n.Note})
	})
}

// memberNow reads what StaleReasons compares a task with.
func (db *DB) memberNow(ctx context.Context, m domain.Member) (domain.MemberNow, error) {
	now := domain.MemberNow{TaskSnapshot: domain.TaskSnapshot{OrgID: m.OrgID, PartyPosition: m.PartyPosition, GovPosition: m.GovPosition}, Status: m.Status, Exempted: m.Exempted}
	if m.Exempted {
		var d sql.Null[domain.Date]
		if err := db.queryRow(ctx, "SELECT max(date) FROM member_events WHERE member_id = ? AND kind = 'exempted'", m.ID).Scan(&d); err != nil {
			return now, err
		}
		now.ExemptedOn = d.V
	}
	return now, nil
}

// MemberTasks lists a member's tasks, newest first, with notes and whether
// each still fits.
func (db *DB) MemberTasks(ctx context.Context, a domain.Actor, memberID int64) ([]Task, error) {
	m, err := db.Member(ctx, a, memberID)
	if err != nil {
		return nil, err
	}
	now, err := db.memberNow(ctx, m)
	if err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT id, org_id, title, description, from_on, to_on, coalesce(meeting_id, 0), assigned_by, party_position_at, gov_position_at
		FROM tasks WHERE member_id = ? ORDER BY from_on DESC, id DESC`, memberID)
	if err != nil {
		return nil, err
	}
	out := []Task{}
	idx := map[int64]int{}
	today := db.today()
	for rows.Next() {
		t := Task{MemberID: m.ID, Member: m.FullName, Notes: []TaskNote{}}
		var to sql.Null[domain.Date]
		if err := rows.Scan(&t.ID, &t.At.OrgID, &t.Title, &t.Description, &t.From, &to, &t.MeetingID, &t.AssignedBy, &t.At.PartyPosition, &t.At.GovPosition); err != nil {
			rows.Close()
			return nil, err
		}
		t.To, t.Current = to.V, false
		t.Current = t.TaskInput.Current(today)
		if t.Current {
			t.Stale = domain.StaleReasons(t.From, t.At, now)
		}
		if t.Stale == nil {
			t.Stale = []string{}
		}
		idx[t.ID] = len(out)
		out = append(out, t)
	}
	rows.Close()
	if len(out) == 0 {
		return out, rows.Err()
	}
	nrows, err := db.query(ctx, "SELECT n.id, n.task_id, n.on_date, n.rating, n.note FROM task_notes n JOIN tasks t ON t.id = n.task_id WHERE t.member_id = ? ORDER BY n.on_date, n.id", memberID)
	if err != nil {
		return nil, err
	}
	defer nrows.Close()
	for nrows.Next() {
		var n TaskNote
		var task int64
		if err := nrows.Scan(&n.ID, &task, &n.On, &n.Rating, &n.Note); err != nil {
			return nil, err
		}
		if i, ok := idx[task]; ok {
			out[i].Notes = append(out[i].Notes, n)
		}
	}
	return out, nrows.Err()
}

// MemberRef names a member in a flag list.
type MemberRef struct {
	MemberID int64  `json:"member_id"`
	Name     string `json:"name"`
	Org      string `json:"org"`
}

// StaleTask is a current task that no longer fits its member.
type StaleTask struct {
	MemberRef
	TaskID  int64    `json:"task_id"`
	Title   string   `json:"title"`
	Reasons []string `json:"reasons"`
}

// TaskFlags lists, for a subtree, the active members (not exempted) with no
// current task, and the current tasks that went stale. A subtree of more
// than maxMembers members is refused (ok false): the lists are for a
// commune or a cell, not a province.
func (db *DB) TaskFlags(ctx context.Context, a domain.Actor, orgID int64, maxMembers int) (none []MemberRef, stale []StaleTask, ok bool, err error) {
	o, err := db.Org(ctx, a, orgID)
	if err != nil {
		return nil, nil, false, err
	}
	sc, args := scopedSubtree(a, "m.org_path", "m.id", o.Path)
	var n int
	if err := db.queryRow(ctx, "SELECT count(*) FROM members m WHERE "+sc+" AND "+db.activeRow("m.status"), args...).Scan(&n); err != nil {
		return nil, nil, false, err
	}
	if n > maxMembers {
		return nil, nil, false, nil
	}
	today := db.today()
	rows, err := db.query(ctx, `SELECT m.id, m.full_name, og.name FROM members m JOIN orgs og ON og.id = m.org_id
		WHERE `+sc+` AND `+db.activeRow("m.status")+` AND NOT m.exempted
		AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.member_id = m.id AND t.from_on <= ? AND (t.to_on IS NULL OR t.to_on >= ?))
		ORDER BY m.sort_key, m.id`, append(args, today, today)...)
	if err != nil {
		return nil, nil, false, err
	}
	none = []MemberRef{}
	for rows.Next() {
		var r MemberRef
		if err := rows.Scan(&r.MemberID, &r.Name, &r.Org); err != nil {
			rows.Close()
			return nil, nil, false, err
		}
		none = append(none, r)
	}
	rows.Close()
	// Current tasks of members of the subtree (or who were when given).
	trows, err := db.query(ctx, `SELECT t.id, t.title, t.from_on, t.org_id, t.party_position_at, t.gov_position_at, m.id, m.full_name, og.name,
		m.org_id, m.party_position, m.gov_position, m.status, m.exempted,
		(SELECT max(e.date) FROM member_events e WHERE e.member_id = m.id AND e.kind = 'exempted')
		FROM tasks t JOIN members m ON m.id = t.member_id JOIN orgs og ON og.id = m.org_id
		WHERE `+sc+` AND t.from_on <= ? AND (t.to_on IS NULL OR t.to_on >= ?) ORDER BY m.sort_key, t.id`, append(args, today, today)...)
	if err != nil {
		return nil, nil, false, err
	}
	defer trows.Close()
	stale = []StaleTask{}
	for trows.Next() {
		var s StaleTask
		var from domain.Date
		var at domain.TaskSnapshot
		var now domain.MemberNow
		var exOn sql.Null[domain.Date]
		if err := trows.Scan(&s.TaskID, &s.Title, &from, &at.OrgID, &at.PartyPosition, &at.GovPosition, &s.MemberID, &s.Name, &s.Org,
			&now.OrgID, &now.PartyPosition, &now.GovPosition, &now.Status, &now.Exempted, &exOn); err != nil {
			return nil, nil, false, err
		}
		now.ExemptedOn = exOn.V
		if s.Reasons = domain.StaleReasons(from, at, now); len(s.Reasons) > 0 {
			stale = append(stale, s)
		}
	}
	return none, stale, true, trows.Err()
}
