package store

import (
	"database/sql"
	"fmt"

	"dangvien/internal/domain"
)

// InCharge is a committee member's charge of a cell for a period, and, in
// reports, how many of the cell's meetings they attended.
type InCharge struct {
	ID       int64       `json:"id"`
	MemberID int64       `json:"member_id"`
	Member   string      `json:"member"`
	OrgID    int64       `json:"org_id"`
	Org      string      `json:"org"`
	From     domain.Date `json:"from"`
	To       domain.Date `json:"to,omitempty"`
	Decision string      `json:"decision"`
	Held     int         `json:"meetings_held"`     // in the period asked, while in charge
	Attended int         `json:"meetings_attended"` // of those
	Marked   int         `json:"meetings_marked"`   // of those, with their presence recorded
}

var actInChargeAssign = newAction("in_charge.assign", "phân công cấp ủy viên phụ trách")

// AssignInCharge puts a committee member in charge of a cell from a day.
// Staff of a subtree holding both the cell and the member do it.
func (tx *Tx) AssignInCharge(cellID, memberID int64, from domain.Date, decision string) (InCharge, error) {
	return tx.assignInCharge(cellID, memberID, from, decision, actInChargeAssign, nil)
}

// assignInCharge writes a new charge and its audit row under act, with what
// extra adds to the row.
func (tx *Tx) assignInCharge(cellID, memberID int64, from domain.Date, decision string, act Action, extra map[string]any) (InCharge, error) {
	o, err := tx.org(cellID)
	if err != nil {
		return InCharge{}, domain.ErrNotFound
	}
	if !tx.actor.Role.WritesOrgs() {
		return InCharge{}, errForbiddenWrite
	}
	if !o.Kind.IsCell() || !o.ValidTo.IsZero() {
		return InCharge{}, domain.Errorf(domain.CodeInvalid, "%s không phải là chi bộ đang hoạt động.", o.Name)
	}
	m, _, err := tx.member(memberID)
	if err != nil {
		return InCharge{}, &domain.Error{Code: domain.CodeInvalid, Message: "Không tìm thấy đảng viên này trong phạm vi.", Fields: domain.Fields{"member_id": "Không tìm thấy."}}
	}
	if !m.Status.Active() {
		return InCharge{}, domain.Errorf(domain.CodeConflict, "%s không còn trong danh sách sinh hoạt.", m.FullName)
	}
	var n int
	if err := tx.queryRow("SELECT count(*) FROM in_charge WHERE org_id = ? AND member_id = ? AND (to_on IS NULL OR to_on > ?)", o.ID, m.ID, from).Scan(&n); err != nil {
		return InCharge{}, err
	}
	if n > 0 {
		return InCharge{}, domain.Errorf(domain.CodeConflict, "%s đã phụ trách %s.", m.FullName, o.Name)
	}
	id, err := tx.insert("INSERT INTO in_charge (member_id, org_id, from_on, decision, created_at) VALUES (?, ?, ?, ?, ?)", m.ID, o.ID, from, decision, tx.db.stamp())
	if err != nil {
		return InCharge{}, err
	}
	after := map[string]any{"member_id": m.ID, "member": m.FullName, "from": from, "decision": decision}
	for k, v := range extra {
		after[k] = v
	}
	if err := tx.audit(act, entOrg, o.ID, o.Path, nil, after); err != nil {
		return InCharge{}, err
	}
	return InCharge{ID: id, MemberID: m.ID, Member: m.FullName, OrgID: o.ID, Org: o.Name, From: from, Decision: decision}, nil
}

var actInChargeRestore = newAction("in_charge.restore", "giao lại việc phụ trách chi bộ")

// RestoreInCharge gives a charge that was ended back to the committee
// member who had it: a new charge of the same cell, under the same
// decision, from a day on or after the end (the period between stays
// without a charge, as it was).
func (tx *Tx) RestoreInCharge(id int64, from domain.Date) (InCharge, error) {
	var org, member int64
	var decision string
	var ended sql.Null[domain.Date]
	if err := tx.queryRow("SELECT org_id, member_id, decision, to_on FROM in_charge WHERE id = ?", id).Scan(&org, &member, &decision, &ended); err != nil {
		if isNoRows(err) {
			return InCharge{}, domain.ErrNotFound
		}
		return InCharge{}, err
	}
	if _, err := tx.org(org); err != nil {
		return InCharge{}, domain.ErrNotFound
	}
	if !tx.actor.Role.WritesOrgs() {
		return InCharge{}, errForbiddenWrite
	}
	switch {
	case !ended.Valid:
		return InCharge{}, domain.Errorf(domain.CodeConflict, "Việc phụ trách này chưa kết thúc: không có gì để giao lại.")
	case from.IsZero() || from.Before(ended.V):
		return InCharge{}, &domain.Error{Code: domain.CodeInvalid, Message: fmt.Sprintf("Ngày giao lại phải từ ngày thôi phụ trách (%s) trở đi.", ended.V), Fields: domain.Fields{"from": "Ngày không hợp lệ."}}
	}
	return tx.assignInCharge(org, member, from, decision, actInChargeRestore, map[string]any{"restores": id, "ended": ended.V})
}

var actInChargeEnd = newAction("in_charge.end", "thôi phân công phụ trách")

// EndInCharge ends a charge on a day.
func (tx *Tx) EndInCharge(id int64, to domain.Date) error {
	var org, member int64
	var name string
	var from domain.Date
	var ended sql.Null[domain.Date]
	if err := tx.queryRow("SELECT c.org_id, c.member_id, m.full_name, c.from_on, c.to_on FROM in_charge c JOIN members m ON m.id = c.member_id WHERE c.id = ?", id).Scan(&org, &member, &name, &from, &ended); err != nil {
		if isNoRows(err) {
			return domain.ErrNotFound
		}
		return err
	}
	o, err := tx.org(org)
	if err != nil {
		return domain.ErrNotFound
	}
	if !tx.actor.Role.WritesOrgs() {
		return errForbiddenWrite
	}
	if ended.Valid {
		return domain.Errorf(domain.CodeConflict, "Việc phụ trách này đã kết thúc ngày %s.", ended.V)
	}
	if to.IsZero() || to.Before(from) {
		return &domain.Error{Code: domain.CodeInvalid, Message: fmt.Sprintf("Ngày kết thúc phải từ %s trở đi.", from), Fields: domain.Fields{"to": "Ngày không hợp lệ."}}
	}
	if _, err := tx.exec("UPDATE in_charge SET to_on = ? WHERE id = ?", to, id); err != nil {
		return err
	}
	return tx.audit(actInChargeEnd, entOrg, o.ID, o.Path, nil, map[string]any{"id": id, "member_id": member, "member": name, "to": to})
}

var actMeetingInCharge = newAction("meeting.in_charge", "ghi cấp ủy viên phụ trách dự sinh hoạt")

// MarkInCharge records whether a committee member in charge of the meeting's
// cell on its day attended it.
func (tx *Tx) MarkInCharge(m Meeting, memberID int64, attended bool) error {
	o, err := tx.WritableCell(m.OrgID)
	if err != nil {
		return err
	}
	var n int
	if err := tx.queryRow("SELECT count(*) FROM in_charge WHERE org_id = ? AND member_id = ? AND from_on <= ? AND (to_on IS NULL OR to_on > ?)",
		m.OrgID, memberID, m.HeldOn, m.HeldOn).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return &domain.Error{Code: domain.CodeInvalid, Message: fmt.Sprintf("Đảng viên mã %d không phụ trách %s ngày %s.", memberID, o.Name, m.HeldOn), Fields: domain.Fields{"member_id": "Không phụ trách chi bộ này."}}
	}
	if _, err := tx.exec("DELETE FROM meeting_in_charge WHERE meeting_id = ? AND member_id = ?", m.ID, memberID); err != nil {
		return err
	}
	if _, err := tx.exec("INSERT INTO meeting_in_charge (meeting_id, member_id, attended) VALUES (?, ?, ?)", m.ID, memberID, attended); err != nil {
		return err
	}
	return tx.audit(actMeetingInCharge, entMeeting, m.ID, o.Path, nil, map[string]any{"member_id": memberID, "attended": attended})
}

// InChargeOf lists the charges of the cells of a subtree that overlap a
// period, with the meetings held in it while each charge ran and how many
// the committee member attended.
func (tx *Tx) InChargeOf(o domain.Org, from, to domain.Date) ([]InCharge, error) {
	sc, args := scopedSubtree(tx.actor, "og.path", "", o.Path)
	today := tx.db.today()
	end := to
	if today.Before(end) {
		end = today
	}
	rows, err := tx.query(`SELECT c.id, c.member_id, m.full_name, c.org_id, og.name, c.from_on, c.to_on, c.decision,
		(SELECT count(*) FROM meetings g WHERE g.org_id = c.org_id AND g.held_on >= c.from_on AND (c.to_on IS NULL OR g.held_on < c.to_on) AND g.held_on >= ? AND g.held_on <= ?),
		(SELECT count(*) FROM meetings g JOIN meeting_in_charge x ON x.meeting_id = g.id AND x.member_id = c.member_id AND x.attended
			WHERE g.org_id = c.org_id AND g.held_on >= c.from_on AND (c.to_on IS NULL OR g.held_on < c.to_on) AND g.held_on >= ? AND g.held_on <= ?),
		(SELECT count(*) FROM meetings g JOIN meeting_in_charge x ON x.meeting_id = g.id AND x.member_id = c.member_id
			WHERE g.org_id = c.org_id AND g.held_on >= c.from_on AND (c.to_on IS NULL OR g.held_on < c.to_on) AND g.held_on >= ? AND g.held_on <= ?)
		FROM in_charge c JOIN orgs og ON og.id = c.org_id JOIN members m ON m.id = c.member_id
		WHERE `+sc+` AND c.from_on <= ? AND (c.to_on IS NULL OR c.to_on > ?)
		ORDER BY m.sort_key, og.name, c.from_on`, append([]any{from, end, from, end, from, end}, append(args, to, from)...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []InCharge{}
	for rows.Next() {
		var c InCharge
		var t sql.Null[domain.Date]
		if err := rows.Scan(&c.ID, &c.MemberID, &c.Member, &c.OrgID, &c.Org, &c.From, &t, &c.Decision, &c.Held, &c.Attended, &c.Marked); err != nil {
			return nil, err
		}
		c.To = t.V
		out = append(out, c)
	}
	return out, rows.Err()
}

// MeetingInCharge is a committee member in charge of a meeting's cell on
// its day, with their presence if recorded.
type MeetingInCharge struct {
	MemberID int64  `json:"member_id"`
	Name     string `json:"name"`
	Marked   bool   `json:"marked"`
	Attended bool   `json:"attended"`
}

// InChargeAt lists who was in charge of a meeting's cell on its day, with
// whether they came: a record about them, which a member reads only of
// themselves.
func (tx *Tx) InChargeAt(m Meeting) ([]MeetingInCharge, error) {
	own, oargs := ownRows(tx.actor, "c.member_id")
	rows, err := tx.query(`SELECT c.member_id, mb.full_name, x.attended IS NOT NULL, coalesce(x.attended, `+tx.db.falseLit()+`)
		FROM in_charge c JOIN members mb ON mb.id = c.member_id LEFT JOIN meeting_in_charge x ON x.meeting_id = ? AND x.member_id = c.member_id
		WHERE c.org_id = ? AND c.from_on <= ? AND (c.to_on IS NULL OR c.to_on > ?) AND `+own+` ORDER BY mb.sort_key`, append([]any{m.ID, m.OrgID, m.HeldOn, m.HeldOn}, oargs...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []MeetingInCharge{}
	for rows.Next() {
		var x MeetingInCharge
		if err := rows.Scan(&x.MemberID, &x.Name, &x.Marked, &x.Attended); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}
