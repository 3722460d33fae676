package store

import (
	"dangvien/internal/domain"
)

// Remittance is party fee money an organisation sent to the one above it.
type Remittance struct {
	ID     int64       `json:"id"`
	FromID int64       `json:"from_org_id"`
	From   string      `json:"from"`
	ToID   int64       `json:"to_org_id"`
	To     string      `json:"to"`
	Month  string      `json:"month"`
	Amount int64       `json:"amount"`
	PaidOn domain.Date `json:"paid_on"`
	Note   string      `json:"note"`
}

var actFeeRemit = newAction("fee.remit", "ghi nộp đảng phí lên cấp trên")

// RecordRemittance records that an organisation sent fees for a month to
// the organisation above it; in has been validated. A cell's secretary
// records their cell's; staff record those of any organisation below the one
// that gives them their scope.
func (tx *Tx) RecordRemittance(orgID int64, in domain.RemittanceInput) (Remittance, error) {
	r := Remittance{Month: in.Month.Key(), Amount: in.Amount, PaidOn: in.PaidOn, Note: in.Note}
	o, err := tx.org(orgID)
	if err != nil {
		return r, domain.ErrNotFound
	}
	if !tx.actor.Role.WritesMembers() {
		return r, errForbiddenWrite
	}
	if o.ParentID == 0 {
		return r, domain.Errorf(domain.CodeInvalid, "%s là cấp trên cùng, không nộp lên đâu nữa.", o.Name)
	}
	if !o.Kind.IsCell() && !tx.actor.Role.WritesOrgs() {
		return r, errForbiddenWrite
	}
	var to string
	if err := tx.queryRow("SELECT name FROM orgs WHERE id = ?", o.ParentID).Scan(&to); err != nil {
		return r, err
	}
	r.FromID, r.From, r.ToID, r.To = o.ID, o.Name, o.ParentID, to
	if r.ID, err = tx.insert("INSERT INTO fee_remittances (from_org_id, to_org_id, org_path, month, amount, paid_on, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		o.ID, o.ParentID, o.Path, r.Month, r.Amount, r.PaidOn, r.Note, nullID(tx.actor.UserID), tx.db.stamp()); err != nil {
		return r, err
	}
	return r, tx.audit(actFeeRemit, entOrg, o.ID, o.Path, nil, r)
}

// Remittances lists what an organisation sent up between two months, newest first.
func (tx *Tx) Remittances(o domain.Org, from, to domain.Month) ([]Remittance, error) {
	rows, err := tx.query(`SELECT r.id, r.from_org_id, f.name, r.to_org_id, t.name, r.month, r.amount, r.paid_on, r.note
		FROM fee_remittances r JOIN orgs f ON f.id = r.from_org_id JOIN orgs t ON t.id = r.to_org_id
		WHERE r.from_org_id = ? AND r.month >= ? AND r.month <= ? ORDER BY r.month DESC, r.id DESC`, o.ID, from.Key(), to.Key())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Remittance{}
	for rows.Next() {
		var r Remittance
		if err := rows.Scan(&r.ID, &r.FromID, &r.From, &r.ToID, &r.To, &r.Month, &r.Amount, &r.PaidOn, &r.Note); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RemittedBy sums what the organisations of a subtree sent up between two
// months, by kind of the sending organisation.
func (tx *Tx) RemittedBy(o domain.Org, from, to domain.Month) (map[domain.OrgKind]int64, error) {
	sc, args := scopedSubtree(tx.actor, "r.org_path", "", o.Path)
	rows, err := tx.query(`SELECT f.kind, sum(r.amount) FROM fee_remittances r JOIN orgs f ON f.id = r.from_org_id
		WHERE `+sc+` AND r.month >= ? AND r.month <= ? GROUP BY f.kind`, append(args, from.Key(), to.Key())...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[domain.OrgKind]int64{}
	for rows.Next() {
		var k domain.OrgKind
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}
