package store

import (
	"context"
	"fmt"

	"dangvien/internal/domain"
	"dangvien/internal/viet"
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

// RecordRemittance records that an organisation sent fees for a month to
// the organisation above it. A cell's secretary records their cell's; staff
// record those of any organisation below the one that gives them their
// scope.
func (db *DB) RecordRemittance(ctx context.Context, a domain.Actor, orgID int64, month domain.Month, amount int64, on domain.Date, note string) (Remittance, error) {
	today := db.today()
	f := domain.Fields{}
	if amount <= 0 || amount > 100_000_000_000 {
		f.Add("amount", "Số tiền nộp lên phải lớn hơn 0 đồng.")
	}
	if domain.MonthOf(today).Before(month) {
		f.Add("month", fmt.Sprintf("Tháng %s chưa đến.", month))
	}
	if on.IsZero() || on.After(today) {
		f.Add("paid_on", "Ngày nộp phải là hôm nay hoặc trước đó.")
	}
	if err := f.Err(); err != nil {
		return Remittance{}, err
	}
	r := Remittance{Month: month.Key(), Amount: amount, PaidOn: on, Note: viet.Clean(note)}
	err := db.write(ctx, a, func(tx *Tx) error {
		o, err := tx.org(orgID)
		if err != nil {
			return domain.ErrNotFound
		}
		if !tx.actor.Role.WritesMembers() {
			return errForbiddenWrite
		}
		if o.ParentID == 0 {
			return domain.Errorf(domain.CodeInvalid, "%s là cấp trên cùng, không nộp lên đâu nữa.", o.Name)
		}
		if !o.Kind.IsCell() && !tx.actor.Role.WritesOrgs() {
			return errForbiddenWrite
		}
		var to string
		if err := tx.queryRow("SELECT name FROM orgs WHERE id = ?", o.ParentID).Scan(&to); err != nil {
			return err
		}
		r.FromID, r.From, r.ToID, r.To = o.ID, o.Name, o.ParentID, to
		if r.ID, err = tx.insert("INSERT INTO fee_remittances (from_org_id, to_org_id, org_path, month, amount, paid_on, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			o.ID, o.ParentID, o.Path, r.Month, amount, on, r.Note, nullID(tx.actor.UserID), tx.db.stamp()); err != nil {
			return err
		}
		return tx.audit("fee.remit", "org", o.ID, o.Path, nil, r)
	})
	return r, err
}

// Remittances lists what an organisation sent up between two months, newest first.
func (db *DB) Remittances(ctx context.Context, a domain.Actor, orgID int64, from, to domain.Month) ([]Remittance, error) {
	if _, err := db.Org(ctx, a, orgID); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT r.id, r.from_org_id, f.name, r.to_org_id, t.name, r.month, r.amount, r.paid_on, r.note
		FROM fee_remittances r JOIN orgs f ON f.id = r.from_org_id JOIN orgs t ON t.id = r.to_org_id
		WHERE r.from_org_id = ? AND r.month >= ? AND r.month <= ? ORDER BY r.month DESC, r.id DESC`, orgID, from.Key(), to.Key())
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
func (db *DB) RemittedBy(ctx context.Context, a domain.Actor, orgID int64, from, to domain.Month) (map[domain.OrgKind]int64, error) {
	o, err := db.Org(ctx, a, orgID)
	if err != nil {
		return nil, err
	}
	sc, args := scopedSubtree(a, "r.org_path", "", o.Path)
	rows, err := db.query(ctx, `SELECT f.kind, sum(r.amount) FROM fee_remittances r JOIN orgs f ON f.id = r.from_org_id
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
