package store

import (
	"database/sql"

	"dangvien/internal/domain"
)

// Members working away (RULES.md: Members working away): each record is the
// member's, read through the member's cell, so it follows the member's scope
// and the member's moves.

const awayCols = `a.id, a.member_id, m.full_name, m.org_id, o.name, m.org_path, a.place, a.since, a.contact, a.keep_in_touch, a.registered, a.exempt_from, a.exempt_to,
	a.exempt_decision, a.note, a.returned_on, a.comments, a.comments_by`

const awayFrom = ` FROM away_records a JOIN members m ON m.id = a.member_id JOIN orgs o ON o.id = m.org_id `

func scanAway(r interface{ Scan(...any) error }) (domain.Away, error) {
	var a domain.Away
	var from, to, back sql.Null[domain.Date]
	err := r.Scan(&a.ID, &a.MemberID, &a.MemberName, &a.OrgID, &a.Org, &a.OrgPath, &a.Place, &a.Since, &a.Contact, &a.KeepInTouch, &a.Registered, &from, &to,
		&a.ExemptBy, &a.Note, &back, &a.Comments, &a.CommentsBy)
	a.ExemptFrom, a.ExemptTo, a.ReturnedOn = from.V, to.V, back.V
	return a, err
}

func (tx *Tx) aways(where string, args ...any) ([]domain.Away, error) {
	return tx.awaysFrom(awayFrom, where, args...)
}

func (tx *Tx) awaysFrom(from, where string, args ...any) ([]domain.Away, error) {
	rows, err := tx.query("SELECT "+awayCols+from+"WHERE "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []domain.Away{}
	for rows.Next() {
		a, err := scanAway(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Away reads a record of working away whose member is in the actor's scope.
func (tx *Tx) Away(id int64) (domain.Away, error) {
	sc, args := scopeCond(tx.actor, "m.org_path", "m.id")
	as, err := tx.aways("a.id = ? AND "+sc, append([]any{id}, args...)...)
	if err != nil {
		return domain.Away{}, err
	}
	if len(as) == 0 {
		return domain.Away{}, domain.ErrNotFound
	}
	return as[0], nil
}

// OpenAway reads the member's record of working away that has no return
// yet, nil when there is none; the member has been read in scope.
func (tx *Tx) OpenAway(m domain.Member) (*domain.Away, error) {
	as, err := tx.aways("a.member_id = ? AND a.returned_on IS NULL", m.ID)
	if err != nil || len(as) == 0 {
		return nil, err
	}
	return &as[0], nil
}

// MemberAways lists a member's records of working away, newest first.
func (tx *Tx) MemberAways(m domain.Member) ([]domain.Away, error) {
	return tx.aways("a.member_id = ? ORDER BY a.since DESC, a.id DESC", m.ID)
}

var actAwayCreate = newAction("away.create", "ghi đảng viên đi làm ăn xa")

// AddAway writes a record of working away for a member read for writing
// (checked by the domain), with its audit row.
func (tx *Tx) AddAway(m domain.Member, in domain.AwayInput) (domain.Away, error) {
	now := tx.db.stamp()
	// The member's cell, standing and name order, copied for the reports
	// (migration 00056).
	id, err := tx.insert(`INSERT INTO away_records (member_id, place, since, contact, keep_in_touch, registered, exempt_from, exempt_to, exempt_decision, note, created_by, created_at, updated_at,
		member_path, member_status, sort_key)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT org_path FROM members WHERE id = ?), (SELECT status FROM members WHERE id = ?), (SELECT sort_key FROM members WHERE id = ?))`,
		m.ID, in.Place, in.Since, in.Contact, in.KeepInTouch, in.Registered, nullDate(in.ExemptFrom), nullDate(in.ExemptTo), in.ExemptBy, in.Note, nullID(tx.actor.UserID), now, now,
		m.ID, m.ID, m.ID)
	if err != nil {
		return domain.Away{}, err
	}
	out := domain.Away{ID: id, MemberID: m.ID, MemberName: m.FullName, OrgID: m.OrgID, Org: m.Org, OrgPath: m.OrgPath, AwayInput: in}
	return out, tx.audit(actAwayCreate, entMember, m.ID, m.OrgPath, nil, out)
}

var actAwayUpdate = newAction("away.update", "sửa thông tin đi làm ăn xa")

// UpdateAway changes what a record says (where, how to reach them, the
// exemption) while the member is away, with its audit row.
func (tx *Tx) UpdateAway(m domain.Member, before domain.Away, in domain.AwayInput) (domain.Away, error) {
	res, err := tx.exec(`UPDATE away_records SET place = ?, since = ?, contact = ?, keep_in_touch = ?, registered = ?, exempt_from = ?, exempt_to = ?, exempt_decision = ?,
		note = ?, updated_at = ? WHERE id = ? AND returned_on IS NULL`, in.Place, in.Since, in.Contact, in.KeepInTouch, in.Registered, nullDate(in.ExemptFrom), nullDate(in.ExemptTo),
		in.ExemptBy, in.Note, tx.db.stamp(), before.ID)
	if err := oneRow(res, err, "Đảng viên đã về, không sửa được lần đi này."); err != nil {
		return before, err
	}
	out := before
	out.AwayInput = in
	return out, tx.audit(actAwayUpdate, entMember, m.ID, m.OrgPath, before, out)
}

var actAwayReturn = newAction("away.return", "ghi đảng viên đi làm ăn xa đã về")

// ReturnAway records the member's return with the comments brought back.
func (tx *Tx) ReturnAway(m domain.Member, before domain.Away, in domain.AwayReturn) (domain.Away, error) {
	res, err := tx.exec("UPDATE away_records SET returned_on = ?, comments = ?, comments_by = ?, updated_at = ? WHERE id = ? AND returned_on IS NULL",
		in.ReturnedOn, in.Comments, in.CommentsBy, tx.db.stamp(), before.ID)
	if err := oneRow(res, err, "Đã ghi ngày về của lần đi này."); err != nil {
		return before, err
	}
	out := before
	out.ReturnedOn, out.Comments, out.CommentsBy = in.ReturnedOn, in.Comments, in.CommentsBy
	return out, tx.audit(actAwayReturn, entMember, m.ID, m.OrgPath, before, out)
}

// AwayPeriods reads the periods away of some members, for the rules of
// attendance and removal.
func (tx *Tx) AwayPeriods(ids []int64) (map[int64][]domain.AwayPeriod, error) {
	out := map[int64][]domain.AwayPeriod{}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := tx.query("SELECT member_id, since, returned_on, exempt_from, exempt_to FROM away_records WHERE member_id IN ("+placeholders(len(chunk))+")", args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var p domain.AwayPeriod
			var back, from, to sql.Null[domain.Date]
			if err := rows.Scan(&id, &p.Since, &back, &from, &to); err != nil {
				rows.Close()
				return nil, err
			}
			p.ReturnedOn, p.ExemptFrom, p.ExemptTo = back.V, from.V, to.V
			out[id] = append(out[id], p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
