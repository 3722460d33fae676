package store

import (
	"database/sql"
	"errors"

	"dangvien/internal/domain"
)

// Task is a task given to a member, its notes, and why it may be stale.
type Task struct {
	ID       int64  `json:"id"`
	MemberID int64  `json:"member_id"`
	Member   string `json:"member"`
	domain.TaskInput
	At      domain.TaskSnapshot `json:"given_when"`
	Notes   []domain.TaskNote   `json:"notes"`
	Stale   []string            `json:"stale_reasons"`
	Current bool                `json:"current"`
}

// Task returns a task with the member it was given to, in scope.
func (tx *Tx) TaskMember(taskID int64) (from domain.Date, m domain.Member, err error) {
	var memberID int64
	if err := tx.queryRow("SELECT member_id, from_on FROM tasks WHERE id = ?", taskID).Scan(&memberID, &from); errors.Is(err, sql.ErrNoRows) {
		return from, m, domain.ErrNotFound
	} else if err != nil {
		return from, m, err
	}
	m, err = tx.Member(memberID)
	return from, m, err
}

var actTaskCreate = newAction("task.create", "giao nhiệm vụ")

// CreateTask gives a member a task (checked by domain.ValidateTask and
// domain.CanGiveTask); a meeting named must be of the member's cell.
func (tx *Tx) CreateTask(memberID int64, in domain.TaskInput) (int64, error) {
	m, path, err := tx.member(memberID)
	if err != nil {
		return 0, err
	}
	if err := domain.CanGiveTask(m); err != nil {
		return 0, err
	}
	if in.MeetingID != 0 {
		var org int64
		err := tx.queryRow("SELECT org_id FROM meetings WHERE id = ?", in.MeetingID).Scan(&org)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && org != m.OrgID) {
			return 0, &domain.Error{Code: domain.CodeInvalid, Message: "Buổi sinh hoạt không phải của chi bộ của đảng viên.", Fields: domain.Fields{"meeting_id": "Không thuộc chi bộ này."}}
		}
		if err != nil {
			return 0, err
		}
	}
	now := tx.db.stamp()
	id, err := tx.insert(`INSERT INTO tasks (member_id, org_id, title, description, from_on, to_on, meeting_id, assigned_by, party_position_at, gov_position_at, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.ID, m.OrgID, in.Title, in.Description, in.From, nullDate(in.To), nullID(in.MeetingID), in.AssignedBy,
		m.PartyPosition, m.GovPosition, nullID(tx.actor.UserID), now, now)
	if err != nil {
		return 0, err
	}
	return id, tx.audit(actTaskCreate, entMember, m.ID, path, nil, in)
}

var actTaskNote = newAction("task.note", "ghi tiến độ, đánh giá nhiệm vụ")

// AddTaskNote records progress on a task or, with a rating, its review; n
// has been checked by domain.ValidateTaskNote.
func (tx *Tx) AddTaskNote(taskID, memberID int64, n domain.TaskNote) error {
	_, path, err := tx.member(memberID) // scope and write permission
	if err != nil {
		return err
	}
	if _, err := tx.exec("INSERT INTO task_notes (task_id, on_date, rating, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		taskID, n.On, n.Rating, n.Note, nullID(tx.actor.UserID), tx.db.stamp()); err != nil {
		return err
	}
	return tx.audit(actTaskNote, entMember, memberID, path, nil, map[string]any{"task_id": taskID, "on": n.On, "rating": n.Rating, "note": n.Note})
}

// memberNow reads what StaleReasons compares a task with.
func (tx *Tx) memberNow(m domain.Member) (domain.MemberNow, error) {
	now := domain.MemberNow{TaskSnapshot: domain.TaskSnapshot{OrgID: m.OrgID, PartyPosition: m.PartyPosition, GovPosition: m.GovPosition}, Status: m.Status, Exempted: m.Exempted}
	if m.Exempted {
		var d sql.Null[domain.Date]
		if err := tx.queryRow("SELECT max(date) FROM member_events WHERE member_id = ? AND kind = 'exempted'", m.ID).Scan(&d); err != nil {
			return now, err
		}
		now.ExemptedOn = d.V
	}
	return now, nil
}

// MemberTasks lists a member's tasks, newest first, with notes and whether
// each still fits.
func (tx *Tx) MemberTasks(m domain.Member) ([]Task, error) {
	now, err := tx.memberNow(m)
	if err != nil {
		return nil, err
	}
	rows, err := tx.query(`SELECT id, org_id, title, description, from_on, to_on, coalesce(meeting_id, 0), assigned_by, party_position_at, gov_position_at
		FROM tasks WHERE member_id = ? ORDER BY from_on DESC, id DESC`, m.ID)
	if err != nil {
		return nil, err
	}
	out := []Task{}
	idx := map[int64]int{}
	today := tx.db.today()
	for rows.Next() {
		t := Task{MemberID: m.ID, Member: m.FullName, Notes: []domain.TaskNote{}}
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
	nrows, err := tx.query("SELECT n.id, n.task_id, n.on_date, n.rating, n.note FROM task_notes n JOIN tasks t ON t.id = n.task_id WHERE t.member_id = ? ORDER BY n.on_date, n.id", m.ID)
	if err != nil {
		return nil, err
	}
	defer nrows.Close()
	for nrows.Next() {
		var n domain.TaskNote
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
	Parent   string `json:"parent"` // the organisation above the cell
	Path     string `json:"-"`
	SortKey  []byte `json:"-"` // Vietnamese name order, when the read gives it
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
func (tx *Tx) TaskFlags(o domain.Org, maxMembers int) (none []MemberRef, stale []StaleTask, ok bool, err error) {
	sc, args := scopedSubtree(tx.actor, "m.org_path", "m.id", o.Path)
	db := tx.db
	var n int
	if err := tx.queryRow("SELECT count(*) FROM members m WHERE "+sc+" AND "+db.activeRow("m.status"), args...).Scan(&n); err != nil {
		return nil, nil, false, err
	}
	if n > maxMembers {
		return nil, nil, false, nil
	}
	today := db.today()
	rows, err := tx.query(`SELECT m.id, m.full_name, og.name, coalesce(po.name, ''), og.path FROM members m JOIN orgs og ON og.id = m.org_id LEFT JOIN orgs po ON po.id = og.parent_id
		WHERE `+sc+` AND `+db.activeRow("m.status")+` AND NOT m.exempted
		AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.member_id = m.id AND t.from_on <= ? AND (t.to_on IS NULL OR t.to_on >= ?))
		ORDER BY m.sort_key, m.id`, append(args, today, today)...)
	if err != nil {
		return nil, nil, false, err
	}
	none = []MemberRef{}
	for rows.Next() {
		var r MemberRef
		if err := rows.Scan(&r.MemberID, &r.Name, &r.Org, &r.Parent, &r.Path); err != nil {
			rows.Close()
			return nil, nil, false, err
		}
		none = append(none, r)
	}
	rows.Close()
	// Current tasks of members of the subtree (or who were when given).
	trows, err := tx.query(`SELECT t.id, t.title, t.from_on, t.org_id, t.party_position_at, t.gov_position_at, m.id, m.full_name, og.name, coalesce(po.name, ''), og.path,
		m.org_id, m.party_position, m.gov_position, m.status, m.exempted,
		(SELECT max(e.date) FROM member_events e WHERE e.member_id = m.id AND e.kind = 'exempted')
		FROM tasks t JOIN members m ON m.id = t.member_id JOIN orgs og ON og.id = m.org_id LEFT JOIN orgs po ON po.id = og.parent_id
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
		if err := trows.Scan(&s.TaskID, &s.Title, &from, &at.OrgID, &at.PartyPosition, &at.GovPosition, &s.MemberID, &s.Name, &s.Org, &s.Parent, &s.Path,
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

var actTaskClose = newAction("task.close", "kết thúc nhiệm vụ do chuyển sinh hoạt")

// CloseTasks closes the tasks a member was given at a cell that still run
// on day on: each ends that day with a note saying why (a transfer), with
// one audit row. It returns how many it closed.
func (tx *Tx) CloseTasks(m domain.Member, cell domain.Org, on domain.Date, note string) (int, error) {
	rows, err := tx.query("SELECT id FROM tasks WHERE member_id = ? AND org_id = ? AND (to_on IS NULL OR to_on >= ?)", m.ID, cell.ID, on)
	if err != nil {
		return 0, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return 0, err
	}
	now := tx.db.stamp()
	for _, id := range ids {
		// A task that had not started yet ends the day it would have begun.
		if _, err := tx.exec("UPDATE tasks SET to_on = CASE WHEN from_on > ? THEN from_on ELSE ? END, updated_at = ? WHERE id = ?", on, on, now, id); err != nil {
			return 0, err
		}
		if _, err := tx.exec("INSERT INTO task_notes (task_id, on_date, rating, note, created_by, created_at) VALUES (?, ?, '', ?, ?, ?)",
			id, on, note, nullID(tx.actor.UserID), now); err != nil {
			return 0, err
		}
	}
	return len(ids), tx.audit(actTaskClose, entMember, m.ID, cell.Path, nil, map[string]any{"tasks": ids, "on": on, "note": note})
}
