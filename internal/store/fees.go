package store

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"dangvien/internal/domain"
)

var actFeeProfile = newAction("fee.profile", "đặt mức đảng phí")

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
	if _, err := tx.exec("INSERT INTO fee_profiles (member_id, category, base, tier, past_working_age, exemption, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		m.ID, p.Category, p.Base, p.Tier, p.PastWorkingAge, p.Exemption, tx.db.stamp()); err != nil {
		return err
	}
	var b any
	if before != nil {
		b = *before
	}
	return tx.audit(actFeeProfile, entMember, m.ID, path, b, p)
}

// FeeProfile returns a member's fee profile, nil when none is set.
func (tx *Tx) FeeProfile(m domain.Member) (*domain.FeeProfile, error) {
	var p domain.FeeProfile
	err := tx.queryRow("SELECT category, base, tier, past_working_age, exemption FROM fee_profiles WHERE member_id = ?", m.ID).Scan(&p.Category, &p.Base, &p.Tier, &p.PastWorkingAge, &p.Exemption)
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

// SheetCandidate is a member who belonged to a cell during a month and is
// not on its sheet yet, with what the month's fee is worked out from.
type SheetCandidate struct {
	MemberID int64
	Profile  *domain.FeeProfile
	Birth    domain.Date
	Gender   domain.Gender
	Decision domain.Date // the admission decision's date: party age
}

// SheetCandidates lists who belonged to a cell during a month and is not on
// any sheet for it yet; only, when given, narrows them to some members.
func (tx *Tx) SheetCandidates(cell domain.Org, month domain.Month, only ...int64) ([]SheetCandidate, error) {
	first, next := month.First(), month.Add(1).First()
	q := `SELECT p.member_id, m.birth_date, m.gender, m.admission_decision_date, fp.member_id IS NOT NULL,
		coalesce(fp.category, ''), coalesce(fp.base, 0), coalesce(fp.tier, 0), coalesce(fp.past_working_age, ` + tx.db.falseLit() + `), coalesce(fp.exemption, '')
		FROM member_placements p JOIN members m ON m.id = p.member_id LEFT JOIN fee_profiles fp ON fp.member_id = p.member_id
		WHERE p.org_id = ? AND p.valid_from < ? AND (p.valid_to IS NULL OR p.valid_to > ?)
		AND NOT EXISTS (SELECT 1 FROM fee_months f WHERE f.member_id = p.member_id AND f.month = ?)`
	args := []any{cell.ID, next, first, month.Key()}
	if only != nil {
		if len(only) == 0 {
			return nil, nil
		}
		q += " AND p.member_id IN (" + placeholders(len(only)) + ")"
		for _, id := range only {
			args = append(args, id)
		}
	}
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SheetCandidate
	seen := map[int64]bool{}
	for rows.Next() {
		var c SheetCandidate
		var has bool
		var p domain.FeeProfile
		var dec sql.Null[domain.Date]
		if err := rows.Scan(&c.MemberID, &c.Birth, &c.Gender, &dec, &has, &p.Category, &p.Base, &p.Tier, &p.PastWorkingAge, &p.Exemption); err != nil {
			return nil, err
		}
		if seen[c.MemberID] { // two placements in the month (left and came back): one row
			continue
		}
		seen[c.MemberID] = true
		c.Decision = dec.V
		if has {
			c.Profile = &p
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SheetRow is a member's due for a month, and how it was worked out.
type SheetRow struct {
	MemberID int64
	Due      int64
	Basis    string
}

var actFeeOpenMonth = newAction("fee.open_month", "lập bảng thu đảng phí")

// OpenFeeMonth puts rows on a writable cell's collection sheet for a month,
// with the sheet's totals and the audit row.
func (tx *Tx) OpenFeeMonth(cell domain.Org, month domain.Month, rows []SheetRow) error {
	if _, err := tx.WritableCell(cell.ID); err != nil {
		return err
	}
	for _, r := range rows {
		if _, err := tx.exec("INSERT INTO fee_months (member_id, month, org_id, org_path, due, basis) VALUES (?, ?, ?, ?, ?, ?)", r.MemberID, month.Key(), cell.ID, cell.Path, r.Due, r.Basis); err != nil {
			return err
		}
	}
	if err := tx.refreshFeeTotals(cell.ID, month.Key()); err != nil {
		return err
	}
	return tx.audit(actFeeOpenMonth, entOrg, cell.ID, cell.Path, nil, map[string]any{"month": month.Key(), "rows": len(rows)})
}

// SheetOpened tells whether a cell's sheet for a month has been opened.
func (tx *Tx) SheetOpened(cellID int64, month domain.Month) (bool, error) {
	var n int
	err := tx.queryRow("SELECT count(*) FROM fee_totals WHERE org_id = ? AND month = ?", cellID, month.Key()).Scan(&n)
	return n > 0, err
}

// MinWageOf is the regional minimum wage in force on day d for a member of
// organisation o: the region of the nearest organisation from o up that has
// one. ok is false when none has.
func (tx *Tx) MinWageOf(o domain.Org, d domain.Date) (w domain.MinWage, region int, ok bool, err error) {
	ids := pathIDs(o.Path)
	if len(ids) == 0 {
		return w, 0, false, nil
	}
	args := make([]any, 0, len(ids)+1)
	for _, id := range ids {
		args = append(args, id)
	}
	args = append(args, d)
	rows, err := tx.query("SELECT r.org_id, r.region FROM org_regions r WHERE r.org_id IN ("+placeholders(len(ids))+") AND r.valid_from <= ? ORDER BY r.valid_from", args...)
	if err != nil {
		return w, 0, false, err
	}
	byOrg := map[int64]int{}
	for rows.Next() {
		var id int64
		var reg int
		if err := rows.Scan(&id, &reg); err != nil {
			rows.Close()
			return w, 0, false, err
		}
		byOrg[id] = reg // the latest from date wins
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return w, 0, false, err
	}
	for i := len(ids) - 1; i >= 0; i-- { // nearest first
		if reg, found := byOrg[ids[i]]; found {
			region = reg
			break
		}
	}
	if region == 0 {
		return w, 0, false, nil
	}
	ws, err := tx.MinWages()
	if err != nil {
		return w, region, false, err
	}
	w, ok = domain.MinWageOn(ws, region, d)
	return w, region, ok, nil
}

// pathIDs are the organisation ids of a path, the top first.
func pathIDs(path string) []int64 {
	var out []int64
	for _, p := range strings.Split(strings.Trim(path, "/"), "/") {
		if n, err := strconv.ParseInt(p, 10, 64); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// MinWages lists every version of the regional minimum wages.
func (tx *Tx) MinWages() ([]domain.MinWage, error) {
	rows, err := tx.query("SELECT id, region, amount, valid_from, source FROM min_wages ORDER BY region, valid_from")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []domain.MinWage{}
	for rows.Next() {
		var w domain.MinWage
		if err := rows.Scan(&w.ID, &w.Region, &w.Amount, &w.ValidFrom, &w.Source); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

var actFeeMinWage = newAction("fee.min_wage", "thêm mức lương tối thiểu vùng")

// AddMinWage records a new regional minimum wage (validated), audited.
func (tx *Tx) AddMinWage(w domain.MinWage) (domain.MinWage, error) {
	if !tx.actor.All() {
		return w, errForbiddenWrite
	}
	var err error
	if w.ID, err = tx.insert("INSERT INTO min_wages (region, amount, valid_from, source, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		w.Region, w.Amount, w.ValidFrom, w.Source, nullID(tx.actor.UserID), tx.db.stamp()); err != nil {
		return w, err
	}
	return w, tx.audit(actFeeMinWage, entRule, w.ID, "", nil, w)
}

var actOrgRegion = newAction("org.region", "đặt vùng lương tối thiểu của tổ chức")

// SetOrgRegion records the region of an organisation from a day, audited.
func (tx *Tx) SetOrgRegion(o domain.Org, region int, from domain.Date) error {
	if !tx.actor.Role.WritesOrgs() {
		return errForbiddenWrite
	}
	if _, err := tx.exec("DELETE FROM org_regions WHERE org_id = ? AND valid_from = ?", o.ID, from); err != nil {
		return err
	}
	if _, err := tx.exec("INSERT INTO org_regions (org_id, region, valid_from, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
		o.ID, region, from, nullID(tx.actor.UserID), tx.db.stamp()); err != nil {
		return err
	}
	return tx.audit(actOrgRegion, entOrg, o.ID, o.Path, nil, map[string]any{"region": region, "from": from})
}

var actFeeKeepPct = newAction("fee.keep_pct", "đặt tỉ lệ chi bộ giữ lại")

// SetCellKeepPct records the share of the fees a cell keeps (0: the rule's
// default), audited.
func (tx *Tx) SetCellKeepPct(o domain.Org, pct int) error {
	if !tx.actor.Role.WritesOrgs() || isScopeRoot(tx.actor, o.Path) && !o.Kind.IsCell() {
		return errForbiddenWrite
	}
	before, err := tx.CellKeepPct(o)
	if err != nil {
		return err
	}
	if _, err := tx.exec("UPDATE orgs SET fee_keep_pct = ? WHERE id = ?", nullID(int64(pct)), o.ID); err != nil {
		return err
	}
	return tx.audit(actFeeKeepPct, entOrg, o.ID, o.Path, map[string]any{"keep_pct": before}, map[string]any{"keep_pct": pct})
}

// CellKeepPct is a cell's own share of the fees, 0 when it keeps the
// rule's default.
func (tx *Tx) CellKeepPct(o domain.Org) (int, error) {
	var pct sql.Null[int64]
	err := tx.queryRow("SELECT fee_keep_pct FROM orgs WHERE id = ?", o.ID).Scan(&pct)
	return int(pct.V), err
}

// FeeReductions lists a member's reductions, oldest first.
func (tx *Tx) FeeReductions(memberIDs ...int64) (map[int64][]domain.FeeReduction, error) {
	out := map[int64][]domain.FeeReduction{}
	for len(memberIDs) > 0 {
		chunk := memberIDs[:min(len(memberIDs), 500)]
		memberIDs = memberIDs[len(chunk):]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := tx.query("SELECT id, member_id, pct, from_month, to_month, decision, reason FROM fee_reductions WHERE member_id IN ("+placeholders(len(chunk))+") ORDER BY id", args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var r domain.FeeReduction
			var member int64
			var from, to string
			if err := rows.Scan(&r.ID, &member, &r.Pct, &from, &to, &r.Decision, &r.Reason); err != nil {
				rows.Close()
				return nil, err
			}
			r.From, _ = domain.ParseMonth(from)
			r.To, _ = domain.ParseMonth(to)
			out[member] = append(out[member], r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

var actFeeReduction = newAction("fee.reduction", "giảm đảng phí theo quyết định")

// AddFeeReduction records a validated reduction of a member's fee, audited.
func (tx *Tx) AddFeeReduction(memberID int64, r domain.FeeReduction) (domain.FeeReduction, error) {
	m, path, err := tx.member(memberID)
	if err != nil {
		return r, err
	}
	if r.ID, err = tx.insert("INSERT INTO fee_reductions (member_id, pct, from_month, to_month, decision, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		m.ID, r.Pct, r.From.Key(), r.To.Key(), r.Decision, r.Reason, nullID(tx.actor.UserID), tx.db.stamp()); err != nil {
		return r, err
	}
	return r, tx.audit(actFeeReduction, entMember, m.ID, path, nil, map[string]any{"pct": r.Pct, "from": r.From.Key(), "to": r.To.Key(), "decision": r.Decision, "reason": r.Reason})
}

var actFeeReverse = newAction("fee.reverse", "hủy khoản nộp đảng phí")

// ReversePayment takes back a month's payment with a reason: the month is
// unpaid again, the payment is kept in fee_reversals, audited.
func (tx *Tx) ReversePayment(memberID int64, month domain.Month, reason string) error {
	m, path, err := tx.member(memberID)
	if err != nil {
		return err
	}
	var org int64
	var paid int64
	var on sql.Null[domain.Date]
	err = tx.queryRow("SELECT org_id, paid, paid_on FROM fee_months WHERE member_id = ? AND month = ?", m.ID, month.Key()).Scan(&org, &paid, &on)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !on.Valid) {
		return &domain.Error{Code: domain.CodeConflict, Message: fmt.Sprintf("Tháng %s của %s chưa nộp (hoặc khoản nộp đã được hủy trước đó): không có gì để hủy.", month, m.FullName),
			Fields: domain.Fields{"month": "Tháng này chưa nộp."}}
	}
	if err != nil {
		return err
	}
	if _, err := tx.exec("INSERT INTO fee_reversals (member_id, month, amount, paid_on, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		m.ID, month.Key(), paid, on.V, reason, nullID(tx.actor.UserID), tx.db.stamp()); err != nil {
		return err
	}
	if _, err := tx.exec("UPDATE fee_months SET paid = 0, paid_on = NULL WHERE member_id = ? AND month = ?", m.ID, month.Key()); err != nil {
		return err
	}
	if err := tx.refreshFeeTotals(org, month.Key()); err != nil {
		return err
	}
	return tx.audit(actFeeReverse, entMember, m.ID, path, map[string]any{"month": month.Key(), "paid": paid, "paid_on": on.V}, map[string]any{"month": month.Key(), "reason": reason})
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
	Basis     string       `json:"basis,omitempty"`          // how the due was worked out
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
// each member's earlier unpaid months; a member reads their own line only,
// and the totals are of the lines read.
func (tx *Tx) FeeSheet(cell domain.Org, month domain.Month) (FeeSheet, error) {
	s := FeeSheet{Month: month, Rows: []FeeRow{}}
	own, oargs := ownRows(tx.actor, "f.member_id")
	rows, err := tx.query(`SELECT f.member_id, m.full_name, f.due, f.paid, f.paid_on, fp.member_id IS NULL, f.basis,
		(SELECT count(*) FROM fee_months u WHERE u.member_id = f.member_id AND u.paid_on IS NULL AND u.month < f.month AND u.due > 0)
		FROM fee_months f JOIN members m ON m.id = f.member_id LEFT JOIN fee_profiles fp ON fp.member_id = f.member_id
		WHERE f.org_id = ? AND f.month = ? AND `+own+` ORDER BY m.sort_key, m.id`, append([]any{cell.ID, month.Key()}, oargs...)...)
	if err != nil {
		return s, err
	}
	defer rows.Close()
	for rows.Next() {
		r := FeeRow{Month: month.Key()}
		var on sql.Null[domain.Date]
		if err := rows.Scan(&r.MemberID, &r.Name, &r.Due, &r.Paid, &on, &r.NoProfile, &r.Basis, &r.Arrears); err != nil {
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

var actFeePay = newAction("fee.pay", "ghi khoản nộp đảng phí")

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
			_, err = tx.exec("INSERT INTO fee_months (member_id, month, org_id, org_path, due, paid, paid_on, basis) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
				m.ID, key, p.OrgID, path, p.Due, p.Due, p.PaidOn, p.Basis)
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
	return tx.audit(actFeePay, entMember, m.ID, path, nil, map[string]any{"months": keys, "paid_on": paidOn})
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
	Parent   string `json:"parent"` // the organisation above the cell
	Path     string `json:"-"`
	Months   int    `json:"months"`
	Amount   int64  `json:"amount"`
}

// Arrears lists the members of a subtree with at least min unpaid months
// between from and to, most first, and the subtree's totals (RULES.md,
// Removal: not paying fees for 3 months in a year without good reason).
// Unpaid rows have their own partial index.
func (tx *Tx) Arrears(o domain.Org, from, to domain.Month, minMonths int) ([]Debtor, FeeTotals, error) {
	var t FeeTotals
	sc, args := scopedSubtree(tx.actor, "f.org_path", "f.member_id", o.Path)
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
		nrows, err := tx.query("SELECT m.id, m.full_name, o.name, coalesce(po.name, ''), o.path FROM members m JOIN orgs o ON o.id = m.org_id LEFT JOIN orgs po ON po.id = o.parent_id WHERE m.id IN ("+placeholders(len(chunk))+") ORDER BY m.sort_key", chunk...)
		if err != nil {
			return nil, t, err
		}
		for nrows.Next() {
			var id int64
			var name, org, parent, path string
			if err := nrows.Scan(&id, &name, &org, &parent, &path); err != nil {
				nrows.Close()
				return nil, t, err
			}
			d := counts[id]
			d.Name, d.Org, d.Parent, d.Path = name, org, parent, path
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
	rows, err := tx.query("SELECT month, due, paid, paid_on, basis FROM fee_months WHERE member_id = ? ORDER BY month DESC", m.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []FeeRow{}
	for rows.Next() {
		r := FeeRow{MemberID: m.ID, Name: m.FullName}
		var on sql.Null[domain.Date]
		if err := rows.Scan(&r.Month, &r.Due, &r.Paid, &on, &r.Basis); err != nil {
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
	rows, err := tx.query("SELECT t.org_id, min(t.org_path), sum(t.paid), coalesce(min(o.fee_keep_pct), 0) FROM fee_totals t JOIN orgs o ON o.id = t.org_id WHERE "+
		strings.ReplaceAll(sc, "org_path", "t.org_path")+" AND t.month >= ? AND t.month <= ? GROUP BY t.org_id", append(args, from.Key(), to.Key())...)
	if err != nil {
		return nil, err
	}
	type cellPaid struct {
		chain []int64 // the cell first
		paid  int64
		keep  int // the cell's own share, 0 the default
	}
	var cells []cellPaid
	ids := map[int64]bool{}
	for rows.Next() {
		var id, paid int64
		var path string
		var keep int
		if err := rows.Scan(&id, &path, &paid, &keep); err != nil {
			rows.Close()
			return nil, err
		}
		c := cellPaid{paid: paid, keep: keep}
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
		for _, s := range domain.FeeShares(chain, c.keep, c.paid, on) {
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
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Code   string `json:"code,omitempty"`
	Parent string `json:"parent,omitempty"`
	Path   string `json:"-"`
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
	rows, err := tx.query(`SELECT o.id, o.name, coalesce(po.name, ''), o.path FROM orgs o LEFT JOIN orgs po ON po.id = o.parent_id WHERE `+sc+` AND `+cells+`
		AND EXISTS (SELECT 1 FROM members m WHERE m.org_id = o.id AND `+tx.db.activeRow("m.status")+`)
		AND NOT EXISTS (SELECT 1 FROM fee_totals t WHERE t.org_id = o.id AND t.month = ?)`, append(args, month.Key())...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	out := []OrgRef{}
	for rows.Next() {
		var r OrgRef
		if err := rows.Scan(&r.ID, &r.Name, &r.Parent, &r.Path); err != nil {
			return nil, false, err
		}
		out = append(out, r)
	}
	sortOrgRefs(out)
	return out, true, rows.Err()
}
