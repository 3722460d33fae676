package store

import (
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"

	"dangvien/internal/domain"
	"dangvien/internal/viet"
)

// SetFeeProfile records what a member's monthly fee is worked out from;
// p has been validated.
func (tx *Tx) SetFeeProfile(memberID int64, p domain.FeeProfile) error {
	m, path, err := tx.member(memberID)
	if err != nil {
		return err
	}
	before, err := tx.FeeProfile(m)
	if err != nil {
		return err
	}
	if _, err := tx.exec("DELETE FROM fee_profiles WHERE member_id = ?", m.ID); err != nil {
		return err
	}
	if _, err := tx.exec("INSERT INTO fee_profiles (member_id, category, base, tier, past_working_age, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
		m.ID, p.Category, p.Base, p.Tier, p.PastWorkingAge, tx.db.stamp()); err != nil {
		return err
	}
	var b any
	if before != nil {
		b = *before
	}
	return tx.audit("fee.profile", "member", m.ID, path, b, p)
}

// FeeProfile returns a member's fee profile, nil when none is set.
func (tx *Tx) FeeProfile(m domain.Member) (*domain.FeeProfile, error) {
	var p domain.FeeProfile
	err := tx.queryRow("SELECT category, base, tier, past_working_age FROM fee_profiles WHERE member_id = ?", m.ID).Scan(&p.Category, &p.Base, &p.Tier, &p.PastWorkingAge)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// refreshFeeTotals recomputes one cell-month row of fee_totals from its
// fee_months rows (a cell has tens of members, so this is cheap).
func (tx *Tx) refreshFeeTotals(orgID int64, month string) error {
	if _, err := tx.exec("DELETE FROM fee_totals WHERE org_id = ? AND month = ?", orgID, month); err != nil {
		return err
	}
	_, err := tx.exec(`INSERT INTO fee_totals (org_id, month, org_path, members, members_paid, due, paid)
		SELECT f.org_id, f.month, o.path, count(*), sum(CASE WHEN f.paid_on IS NULL THEN 0 ELSE 1 END), sum(f.due), sum(f.paid)
		FROM fee_months f JOIN orgs o ON o.id = f.org_id WHERE f.org_id = ? AND f.month = ? GROUP BY f.org_id, f.month, o.path`, orgID, month)
	return err
}

// OpenFeeMonth puts on a writable cell's collection sheet for a month
// everyone who belonged to the cell during it and is not on it yet, with the
// amount due from their profile (0, flagged on the sheet, when there is
// none). It returns how many rows it added.
func (tx *Tx) OpenFeeMonth(cellID int64, month domain.Month) (int, error) {
	o, err := tx.WritableCell(cellID)
	if err != nil {
		return 0, err
	}
	first, next := month.First(), month.Add(1).First()
	rows, err := tx.query(`SELECT p.member_id, coalesce(fp.category, ''), coalesce(fp.base, 0), coalesce(fp.tier, 0), coalesce(fp.past_working_age, `+tx.db.falseLit()+`)
		FROM member_placements p LEFT JOIN fee_profiles fp ON fp.member_id = p.member_id
		WHERE p.org_id = ? AND p.valid_from < ? AND (p.valid_to IS NULL OR p.valid_to > ?)
		AND NOT EXISTS (SELECT 1 FROM fee_months f WHERE f.member_id = p.member_id AND f.month = ?)`, o.ID, next, first, month.Key())
	if err != nil {
		return 0, err
	}
	type due struct {
		id  int64
		amt int64
	}
	var dues []due
	seen := map[int64]bool{}
	for rows.Next() {
		var id int64
		var p domain.FeeProfile
		if err := rows.Scan(&id, &p.Category, &p.Base, &p.Tier, &p.PastWorkingAge); err != nil {
			rows.Close()
			return 0, err
		}
		if seen[id] { // two placements in the month (left and came back): one row
			continue
		}
		seen[id] = true
		amt, _ := domain.MonthlyFee(p, month) // no profile: 0, shown as missing
		dues = append(dues, due{id, amt})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, d := range dues {
		if _, err := tx.exec("INSERT INTO fee_months (member_id, month, org_id, org_path, due) VALUES (?, ?, ?, ?, ?)", d.id, month.Key(), o.ID, o.Path, d.amt); err != nil {
			return 0, err
		}
	}
	if err := tx.refreshFeeTotals(o.ID, month.Key()); err != nil {
		return 0, err
	}
	return len(dues), tx.audit("fee.open_month", "org", o.ID, o.Path, nil, map[string]any{"month": month.Key(), "rows": len(dues)})
}

// falseLit is the false literal of the dialect.
func (db *DB) falseLit() string {
	if db.Dialect == Postgres {
		return "false"
	}
	return "0"
}

// FeeRow is one member's line of a collection sheet or fee history.
type FeeRow struct {
	MemberID  int64        `json:"member_id"`
	Name      string       `json:"name"`
	Month     string       `json:"month"`
	Due       int64        `json:"due"`
	Paid      int64        `json:"paid"`
	PaidOn    *domain.Date `json:"paid_on,omitempty"`
	NoProfile bool         `json:"no_profile,omitempty"`
	Arrears   int          `json:"arrears_months,omitempty"` // unpaid earlier months on the sheets
}

// FeeSheet is a cell's collection sheet for a month.
type FeeSheet struct {
	Month  domain.Month `json:"-"`
	Opened bool         `json:"opened"`
	Rows   []FeeRow     `json:"rows"`
	Due    int64        `json:"due"`
	Paid   int64        `json:"paid"`
}

// FeeSheet reads a cell's sheet for a month, in Vietnamese name order, with
// each member's earlier unpaid months.
func (tx *Tx) FeeSheet(cell domain.Org, month domain.Month) (FeeSheet, error) {
	s := FeeSheet{Month: month, Rows: []FeeRow{}}
	rows, err := tx.query(`SELECT f.member_id, m.full_name, f.due, f.paid, f.paid_on, fp.member_id IS NULL,
		(SELECT count(*) FROM fee_months u WHERE u.member_id = f.member_id AND u.paid_on IS NULL AND u.month < f.month AND u.due > 0)
		FROM fee_months f JOIN members m ON m.id = f.member_id LEFT JOIN fee_profiles fp ON fp.member_id = f.member_id
		WHERE f.org_id = ? AND f.month = ? ORDER BY m.sort_key, m.id`, cell.ID, month.Key())
	if err != nil {
		return s, err
	}
	defer rows.Close()
	for rows.Next() {
		r := FeeRow{Month: month.Key()}
		var on sql.Null[domain.Date]
		if err := rows.Scan(&r.MemberID, &r.Name, &r.Due, &r.Paid, &on, &r.NoProfile, &r.Arrears); err != nil {
			return s, err
		}
		if on.Valid {
			r.PaidOn = &on.V
		}
		s.Rows = append(s.Rows, r)
		s.Due += r.Due
		s.Paid += r.Paid
	}
	s.Opened = len(s.Rows) > 0
	return s, rows.Err()
}

// FeeMonthStates reads what is on the sheets for some months of a member.
func (tx *Tx) FeeMonthStates(m domain.Member, months []domain.Month) (map[domain.Month]domain.FeeMonthState, error) {
	out := make(map[domain.Month]domain.FeeMonthState, len(months))
	for _, mo := range months {
		var st domain.FeeMonthState
		var on sql.Null[domain.Date]
		err := tx.queryRow("SELECT org_id, paid_on FROM fee_months WHERE member_id = ? AND month = ?", m.ID, mo.Key()).Scan(&st.OrgID, &on)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			continue
		case err != nil:
			return nil, err
		}
		st.OnSheet, st.PaidOn = true, on.V
		out[mo] = st
	}
	return out, nil
}

// PayFees writes a payment planned by domain.PlanPayment, the sheets'
// totals with it, and the audit row.
func (tx *Tx) PayFees(memberID int64, pay []domain.FeePayment) error {
	m, path, err := tx.member(memberID)
	if err != nil {
		return err
	}
	touched := map[int64]map[string]bool{}
	keys := []string{}
	var paidOn domain.Date
	for _, p := range pay {
		key := p.Month.Key()
		paidOn = p.PaidOn
		if p.New {
			_, err = tx.exec("INSERT INTO fee_months (member_id, month, org_id, org_path, due, paid, paid_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
				m.ID, key, p.OrgID, path, p.Due, p.Due, p.PaidOn)
		} else {
			_, err = tx.exec("UPDATE fee_months SET paid = due, paid_on = ? WHERE member_id = ? AND month = ?", p.PaidOn, m.ID, key)
		}
		if err != nil {
			return err
		}
		if touched[p.OrgID] == nil {
			touched[p.OrgID] = map[string]bool{}
		}
		touched[p.OrgID][key] = true
		keys = append(keys, key)
	}
	for org, ms := range touched {
		for k := range ms {
			if err := tx.refreshFeeTotals(org, k); err != nil {
				return err
			}
		}
	}
	return tx.audit("fee.pay", "member", m.ID, path, nil, map[string]any{"months": keys, "paid_on": paidOn})
}

// FeeTotals is what a subtree was due and paid over a period.
type FeeTotals struct {
	Members     int   `json:"member_months"`      // member-months on the sheets
	MembersPaid int   `json:"member_months_paid"` // of which paid
	Due         int64 `json:"due"`
	Paid        int64 `json:"paid"`
}

// FeeTotalsOf sums the collection sheets of a subtree from one month to
// another, one row per cell and month.
func (tx *Tx) FeeTotalsOf(o domain.Org, from, to domain.Month) (FeeTotals, error) {
	var t FeeTotals
	sc, args := scopedSubtree(tx.actor, "org_path", "", o.Path)
	err := tx.queryRow("SELECT coalesce(sum(members), 0), coalesce(sum(members_paid), 0), coalesce(sum(due), 0), coalesce(sum(paid), 0) FROM fee_totals WHERE "+
		sc+" AND month >= ? AND month <= ?", append(args, from.Key(), to.Key())...).Scan(&t.Members, &t.MembersPaid, &t.Due, &t.Paid)
	return t, err
}

// Debtor is a member with unpaid months on the sheets.
type Debtor struct {
	MemberID int64  `json:"member_id"`
	Name     string `json:"name"`
	Org      string `json:"org"`
	Months   int    `json:"months"`
	Amount   int64  `json:"amount"`
}

// Arrears lists the members of a subtree with at least min unpaid months
// between from and to, most first, and the subtree's totals (RULES.md,
// Removal: not paying fees for 3 months in a year without good reason).
// Unpaid rows have their own partial index.
func (tx *Tx) Arrears(o domain.Org, from, to domain.Month, minMonths int) ([]Debtor, FeeTotals, error) {
	var t FeeTotals
	sc, args := scopedSubtree(tx.actor, "f.org_path", "", o.Path)
	rows, err := tx.query(`SELECT f.member_id, count(*), sum(f.due) FROM fee_months f
		WHERE f.paid_on IS NULL AND f.due > 0 AND `+sc+` AND f.month >= ? AND f.month <= ? GROUP BY f.member_id`, append(args, from.Key(), to.Key())...)
	if err != nil {
		return nil, t, err
	}
	var ids []any
	counts := map[int64]Debtor{}
	for rows.Next() {
		var d Debtor
		if err := rows.Scan(&d.MemberID, &d.Months, &d.Amount); err != nil {
			rows.Close()
			return nil, t, err
		}
		t.Members++
		t.Due += d.Amount
		if d.Months >= max(minMonths, 1) {
			counts[d.MemberID] = d
			ids = append(ids, d.MemberID)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, t, err
	}
	out := []Debtor{}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		nrows, err := tx.query("SELECT m.id, m.full_name, o.name FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.id IN ("+placeholders(len(chunk))+") ORDER BY m.sort_key", chunk...)
		if err != nil {
			return nil, t, err
		}
		for nrows.Next() {
			var id int64
			var name, org string
			if err := nrows.Scan(&id, &name, &org); err != nil {
				nrows.Close()
				return nil, t, err
			}
			d := counts[id]
			d.Name, d.Org = name, org
			out = append(out, d)
		}
		nrows.Close()
	}
	// Most months owed first; name order within.
	sortStable(out, func(x, y Debtor) bool { return x.Months > y.Months })
	return out, t, nil
}

// MemberFees is a member's fee history, newest month first.
func (tx *Tx) MemberFees(m domain.Member) ([]FeeRow, error) {
	rows, err := tx.query("SELECT month, due, paid, paid_on FROM fee_months WHERE member_id = ? ORDER BY month DESC", m.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []FeeRow{}
	for rows.Next() {
		r := FeeRow{MemberID: m.ID, Name: m.FullName}
		var on sql.Null[domain.Date]
		if err := rows.Scan(&r.Month, &r.Due, &r.Paid, &on); err != nil {
			return nil, err
		}
		if on.Valid {
			r.PaidOn = &on.V
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func sortStable[T any](s []T, less func(a, b T) bool) {
	slices.SortStableFunc(s, func(a, b T) int {
		switch {
		case less(a, b):
			return -1
		case less(b, a):
			return 1
		}
		return 0
	})
}

// FeeSharesOf splits what the cells of a subtree collected between from and
// to along each cell's chain of organisations up to the top, and sums the
// shares by kind of organisation, cells first.
func (tx *Tx) FeeSharesOf(o domain.Org, from, to domain.Month) ([]domain.FeeShare, error) {
	sc, args := scopedSubtree(tx.actor, "org_path", "", o.Path)
	rows, err := tx.query("SELECT org_id, min(org_path), sum(paid) FROM fee_totals WHERE "+sc+" AND month >= ? AND month <= ? GROUP BY org_id", append(args, from.Key(), to.Key())...)
	if err != nil {
		return nil, err
	}
	type cellPaid struct {
		chain []int64 // the cell first
		paid  int64
	}
	var cells []cellPaid
	ids := map[int64]bool{}
	for rows.Next() {
		var id, paid int64
		var path string
		if err := rows.Scan(&id, &path, &paid); err != nil {
			rows.Close()
			return nil, err
		}
		c := cellPaid{paid: paid}
		parts := strings.Split(strings.Trim(path, "/"), "/")
		for i := len(parts) - 1; i >= 0; i-- {
			n, _ := strconv.ParseInt(parts[i], 10, 64)
			c.chain = append(c.chain, n)
			ids[n] = true
		}
		cells = append(cells, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	kinds := map[int64]domain.OrgKind{}
	var list []any
	for id := range ids {
		list = append(list, id)
	}
	for len(list) > 0 {
		chunk := list[:min(len(list), 500)]
		list = list[len(chunk):]
		krows, err := tx.query("SELECT id, kind FROM orgs WHERE id IN ("+placeholders(len(chunk))+")", chunk...)
		if err != nil {
			return nil, err
		}
		for krows.Next() {
			var id int64
			var k domain.OrgKind
			if err := krows.Scan(&id, &k); err != nil {
				krows.Close()
				return nil, err
			}
			kinds[id] = k
		}
		krows.Close()
	}
	on := to.First()
	sums := map[domain.OrgKind]*domain.FeeShare{}
	for _, c := range cells {
		chain := make([]domain.OrgKind, len(c.chain))
		for i, id := range c.chain {
			chain[i] = kinds[id]
		}
		for _, s := range domain.FeeShares(chain, c.paid, on) {
			t := sums[s.Kind]
			if t == nil {
				t = &domain.FeeShare{Kind: s.Kind}
				sums[s.Kind] = t
			}
			t.Received += s.Received
			t.Kept += s.Kept
			t.Remitted += s.Remitted
		}
	}
	out := []domain.FeeShare{}
	for i := len(domain.OrgKinds) - 1; i >= 0; i-- { // cells first, the province last
		if s := sums[domain.OrgKinds[i]]; s != nil {
			out = append(out, *s)
		}
	}
	return out, nil
}

// OrgRef names an organisation in a flag list.
type OrgRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Code string `json:"code,omitempty"`
}

// CellsWithoutSheet lists the open cells of a subtree, in name order, that
// have members but no collection sheet for a month; ok is false above
// maxCells cells, where the overview asks to narrow.
func (tx *Tx) CellsWithoutSheet(o domain.Org, month domain.Month, maxCells int) ([]OrgRef, bool, error) {
	sc, args := scopedSubtree(tx.actor, "o.path", "", o.Path)
	cells := "o.kind IN ('cell', 'grassroots_cell') AND o.valid_to IS NULL"
	var n int
	if err := tx.queryRow("SELECT count(*) FROM orgs o WHERE "+sc+" AND "+cells, args...).Scan(&n); err != nil {
		return nil, false, err
	}
	if n > maxCells {
		return nil, false, nil
	}
	rows, err := tx.query(`SELECT o.id, o.name FROM orgs o WHERE `+sc+` AND `+cells+`
		AND EXISTS (SELECT 1 FROM members m WHERE m.org_id = o.id AND `+tx.db.activeRow("m.status")+`)
		AND NOT EXISTS (SELECT 1 FROM fee_totals t WHERE t.org_id = o.id AND t.month = ?)`, append(args, month.Key())...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	out := []OrgRef{}
	for rows.Next() {
		var r OrgRef
		if err := rows.Scan(&r.ID, &r.Name); err != nil {
			return nil, false, err
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(x, y OrgRef) int { return viet.Compare(x.Name, y.Name) })
	return out, true, rows.Err()
}
