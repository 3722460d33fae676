package store

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"dangvien/internal/domain"
	"dangvien/internal/viet"
)

// Transfers of party activity (RULES.md: Transfers). A transfer is read by
// either side: the sending (home) cell's and the receiving (temporary)
// cell's scopes both reach it, through the cells' current paths; a member
// reaches their own. Standing changes go through the members' state machine
// (AddEvent), called by the use case in the same transaction.

// Transfer is a transfer with the paths of its two cells, which tell a
// reader which side it is on; a path is empty for the other installation.
type Transfer struct {
	domain.Transfer
	FromPath string `json:"-"`
	ToPath   string `json:"-"`
}

const transferCols = `t.id, t.number, t.kind, t.route, t.status, t.member_id, m.full_name, coalesce(t.from_org_id, 0), t.from_name, t.from_path,
	coalesce(t.to_org_id, 0), t.to_name, t.to_path, coalesce(t.issuer_id, 0), t.issuer_name, t.reason, t.decision, t.effective_on, t.letter_on,
	t.purpose, t.starts_on, t.ends_on, t.arrived_on, t.late_reason, t.closed_on, t.close_note, coalesce(t.package_id, '')`

// The cells' paths are copies on the letter (from_path, to_path), kept by a
// trigger when an organisation moves (migration 00056).
const transferFrom = ` FROM transfers t JOIN members m ON m.id = t.member_id `

// transferColsUnnamed and transferFromUnnamed read transfers without their
// members' names: a report reads a province's year of letters, and looks up
// the names of the few it lists (MemberBriefs), not of every one.
var (
	transferColsUnnamed = strings.Replace(transferCols, "m.full_name", "''", 1)
	transferFromUnnamed = " FROM transfers t "
)

func scanTransfer(r interface{ Scan(...any) error }) (Transfer, error) {
	var t Transfer
	var eff, starts, ends, arrived, closed sql.Null[domain.Date]
	err := r.Scan(&t.ID, &t.Number, &t.Kind, &t.Route, &t.Status, &t.MemberID, &t.MemberName, &t.FromOrgID, &t.FromName, &t.FromPath,
		&t.ToOrgID, &t.ToName, &t.ToPath, &t.IssuerID, &t.Issuer, &t.Reason, &t.Decision, &eff, &t.LetterOn,
		&t.Purpose, &starts, &ends, &arrived, &t.LateReason, &closed, &t.CloseNote, &t.PackageID)
	t.EffectiveOn, t.StartsOn, t.EndsOn, t.ArrivedOn, t.ClosedOn = eff.V, starts.V, ends.V, arrived.V, closed.V
	t.Labels()
	return t, err
}

// transferScope is scopeCond for transfers: the sending or the receiving
// cell in the actor's scope, or, for a member, their own transfers.
func transferScope(a domain.Actor) (string, []any) {
	if a.All() {
		return "1=1", nil
	}
	if a.Role == domain.RoleMember {
		return "t.member_id = ?", []any{a.MemberID}
	}
	f, fa := scopeCond(a, "t.from_path", "")
	g, ga := scopeCond(a, "t.to_path", "")
	return "(" + f + " OR " + g + ")", append(fa, ga...)
}

func (tx *Tx) transfers(where string, args ...any) ([]Transfer, error) {
	return tx.transfersFrom(transferCols+transferFrom, where, args...)
}

func (tx *Tx) transfersFrom(colsFrom, where string, args ...any) ([]Transfer, error) {
	rows, err := tx.query("SELECT "+colsFrom+"WHERE "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Transfer{}
	for rows.Next() {
		t, err := scanTransfer(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Transfer reads a transfer either of whose sides is in the actor's scope.
func (tx *Tx) Transfer(id int64) (Transfer, error) {
	return tx.transferWhere(id, "")
}

// TransferForUpdate reads a transfer to change it, and holds it until the
// transaction ends: a second confirmation waits, then sees the first.
// (SQLite's single writer holds the whole database from the start.)
func (tx *Tx) TransferForUpdate(id int64) (Transfer, error) {
	lock := ""
	if tx.db.Dialect == Postgres {
		lock = " FOR UPDATE OF t"
	}
	t, err := tx.transferWhere(id, lock)
	if err == nil && !tx.actor.Role.WritesMembers() {
		return t, errForbiddenWrite
	}
	return t, err
}

func (tx *Tx) transferWhere(id int64, lock string) (Transfer, error) {
	sc, args := transferScope(tx.actor)
	t, err := scanTransfer(tx.queryRow("SELECT "+transferCols+transferFrom+"WHERE t.id = ? AND "+sc+lock, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return t, domain.ErrNotFound
	}
	return t, err
}

// TransferIDByNumber finds the letter of this installation with a number,
// whoever's it is: the receiving side types the number it was handed, and
// is told whether the letter is its own by Transfer's scope, not here.
func (tx *Tx) TransferIDByNumber(number string) (int64, error) {
	var id int64
	err := tx.queryRow("SELECT id FROM transfers WHERE number = ? AND route <> 'in' ORDER BY id DESC LIMIT 1", viet.Clean(number)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, domain.ErrNotFound
	}
	return id, err
}

// OpenTransfer reads the member's open transfer (a letter in transit or a
// temporary transfer running), nil when there is none; the member has been
// read in scope.
func (tx *Tx) OpenTransfer(m domain.Member) (*Transfer, error) {
	ts, err := tx.transfers("t.member_id = ? AND t.status IN ('in_transit', 'active')", m.ID)
	if err != nil || len(ts) == 0 {
		return nil, err
	}
	return &ts[0], nil
}

// MemberTransfers lists a member's transfers, newest first; the member has
// been read in scope.
func (tx *Tx) MemberTransfers(m domain.Member) ([]Transfer, error) {
	return tx.transfers("t.member_id = ? ORDER BY t.letter_on DESC, t.id DESC", m.ID)
}

// DestinationCell reads an organisation a member may be transferred to,
// anywhere in the installation: a sending side names a cell outside its own
// scope. Only what the letter names is read; found is false for no such id.
// Whether it can take members is domain.CheckDestination's to say.
func (tx *Tx) DestinationCell(id int64) (domain.Org, bool, error) {
	o, err := orgWhere(tx, domain.System, "o.id = ?", id)
	if errors.Is(err, domain.ErrNotFound) {
		return o, false, nil
	}
	return o, err == nil, err
}

// DestinationByCode is DestinationCell by the organisation's code, as a
// user types it.
func (tx *Tx) DestinationByCode(code string) (domain.Org, bool, error) {
	o, err := orgWhere(tx, domain.System, "o.code = ?", strings.ToUpper(strings.TrimSpace(code)))
	if errors.Is(err, domain.ErrNotFound) {
		return o, false, nil
	}
	return o, err == nil, err
}

// FindCells lists up to limit open cells of the whole installation whose
// name or code holds every word of q (folded), for the pickers of a
// destination: an organisation's name is no one's personal data.
func (tx *Tx) FindCells(q string, limit int) ([]OrgRef, error) {
	toks := searchTokens(q)
	if len(toks) == 0 {
		return []OrgRef{}, nil
	}
	if len(toks) > 6 {
		toks = toks[:6]
	}
	rows, err := tx.query("SELECT o.id, o.name, o.code, coalesce(p.name, ''), o.path FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id WHERE o.kind IN ('cell', 'grassroots_cell') AND o.valid_to IS NULL")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []OrgRef{}
	for rows.Next() {
		var r OrgRef
		if err := rows.Scan(&r.ID, &r.Name, &r.Code, &r.Parent, &r.Path); err != nil {
			return nil, err
		}
		hay := viet.Fold(r.Name + " " + r.Code + " " + r.Parent)
		ok := true
		for _, t := range toks {
			if !strings.Contains(hay, t) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, r)
			if len(out) == limit {
				break
			}
		}
	}
	return out, rows.Err()
}

// TransferMember reads the member of a transfer the actor reached, for
// writing, and holds the record until the transaction ends: the receiving
// side confirms the arrival of a member whose record is still at the
// sending cell, outside its scope.
func (tx *Tx) TransferMember(t Transfer) (domain.Member, error) {
	if !tx.actor.Role.WritesMembers() {
		return domain.Member{}, errForbiddenWrite
	}
	if err := tx.holdMember(t.MemberID); err != nil {
		return domain.Member{}, err
	}
	m, path, err := scanMember(tx.queryRow("SELECT "+memberCols+", m.org_path"+memberFrom+"WHERE m.id = ?", t.MemberID))
	if errors.Is(err, sql.ErrNoRows) {
		return m, domain.ErrNotFound
	}
	m.OrgPath = path
	return m, err
}

// TransferMemberView reads the member of a transfer the actor reached, for
// the letter: the receiving side reads what the letter states of a member
// whose record it cannot open.
func (tx *Tx) TransferMemberView(t Transfer) (domain.Member, error) {
	m, path, err := scanMember(tx.queryRow("SELECT "+memberCols+", m.org_path"+memberFrom+"WHERE m.id = ?", t.MemberID))
	if errors.Is(err, sql.ErrNoRows) {
		return m, domain.ErrNotFound
	}
	m.OrgPath = path
	return m, err
}

// PlaceRecord puts a member's record in cell to, for the event that follows
// (a transfer in) to open the placement there: that event raises the
// record's version and writes the audit row.
func (tx *Tx) PlaceRecord(m domain.Member, to domain.Org) (domain.Member, error) {
	res, err := tx.exec("UPDATE members SET org_id = ?, org_path = ? WHERE id = ? AND version = ?", to.ID, to.Path, m.ID, m.Version)
	if err := oneRow(res, err, "Hồ sơ đã được sửa trong khi bạn đang ghi."); err != nil {
		return m, err
	}
	m.OrgID, m.Org, m.OrgPath = to.ID, to.Name, to.Path
	return m, nil
}

var (
	actTransferIssue     = newAction("transfer.issue", "lập giấy giới thiệu chuyển sinh hoạt")
	actTransferTemporary = newAction("transfer.temporary", "lập giấy giới thiệu sinh hoạt tạm thời")
	actTransferImport    = newAction("transfer.import", "nhận gói chuyển sinh hoạt từ hệ thống khác")
)

// IssueTransfer numbers and writes a letter (an official or a temporary
// transfer, checked by the domain) with its audit row: the number runs per
// issuing committee and year, "seq-GGT/CODE".
func (tx *Tx) IssueTransfer(t domain.Transfer, issuer domain.Org) (Transfer, error) {
	year := t.LetterOn.Year()
	if tx.db.Dialect == Postgres {
		if _, err := tx.exec("SELECT pg_advisory_xact_lock(hashtext(?))", fmt.Sprintf("ggt:%d:%d", issuer.ID, year)); err != nil {
			return Transfer{}, err
		}
	}
	var seq int
	if err := tx.queryRow("SELECT coalesce(max(seq), 0) + 1 FROM transfers WHERE issuer_id = ? AND year = ?", issuer.ID, year).Scan(&seq); err != nil {
		return Transfer{}, err
	}
	t.Number, t.IssuerID, t.Issuer = fmt.Sprintf("%d-GGT/%s", seq, issuer.Code), issuer.ID, issuer.Name
	return tx.insertTransfer(t, year, seq)
}

func (tx *Tx) insertTransfer(t domain.Transfer, year, seq int) (Transfer, error) {
	now := tx.db.stamp()
	id, err := tx.insert(`INSERT INTO transfers (kind, route, status, number, issuer_id, year, seq, member_id, from_org_id, from_name, from_path, to_org_id, to_name, to_path,
		issuer_name, reason, decision, effective_on, letter_on, purpose, starts_on, ends_on, arrived_on, late_reason, package_id, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce((SELECT path FROM orgs WHERE id = ?), ''), ?, ?, coalesce((SELECT path FROM orgs WHERE id = ?), ''),
		?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		string(t.Kind), string(t.Route), string(t.Status), t.Number, nullID(t.IssuerID), year, seq, t.MemberID, nullID(t.FromOrgID), t.FromName, nullID(t.FromOrgID),
		nullID(t.ToOrgID), t.ToName, nullID(t.ToOrgID), t.Issuer, t.Reason, t.Decision, nullDate(t.EffectiveOn), t.LetterOn, t.Purpose, nullDate(t.StartsOn), nullDate(t.EndsOn),
		nullDate(t.ArrivedOn), t.LateReason, nullStr(t.PackageID), nullID(tx.actor.UserID), now, now)
	if err != nil {
		return Transfer{}, err
	}
	out, err := scanTransfer(tx.queryRow("SELECT "+transferCols+transferFrom+"WHERE t.id = ?", id))
	if err != nil {
		return out, err
	}
	action := actTransferIssue
	switch {
	case t.Route == domain.RouteIn:
		action = actTransferImport
	case t.Kind == domain.TransferTemporary:
		action = actTransferTemporary
	}
	return out, tx.audit(action, entMember, t.MemberID, firstPath(out.FromPath, out.ToPath), nil, out.Transfer)
}

func firstPath(ps ...string) string {
	for _, p := range ps {
		if p != "" {
			return p
		}
	}
	return ""
}

var actTransferArrive = newAction("transfer.arrive", "xác nhận đảng viên đến sinh hoạt")

// ArriveTransfer records that a letter in transit was presented (the
// receiving side's confirmation, or the sending side's acknowledgement of a
// letter to another installation), with its audit row. A letter confirmed
// meanwhile by someone else is refused.
func (tx *Tx) ArriveTransfer(t Transfer, in domain.ArrivalInput) (Transfer, error) {
	res, err := tx.exec("UPDATE transfers SET status = 'arrived', arrived_on = ?, late_reason = ?, updated_at = ? WHERE id = ? AND status = 'in_transit'",
		in.PresentedOn, in.LateReason, tx.db.stamp(), t.ID)
	if err := oneRow(res, err, "Giấy giới thiệu số "+t.Number+" vừa được người khác xác nhận hoặc thu hồi."); err != nil {
		return t, err
	}
	out := t
	out.Status, out.ArrivedOn, out.LateReason = domain.TransferArrived, in.PresentedOn, in.LateReason
	out.Labels()
	return out, tx.audit(actTransferArrive, entMember, t.MemberID, firstPath(t.ToPath, t.FromPath), t.Transfer, out.Transfer)
}

var (
	actTransferCancel = newAction("transfer.cancel", "thu hồi giấy giới thiệu")
	actTransferEnd    = newAction("transfer.end", "kết thúc sinh hoạt tạm thời")
)

// CloseTransfer ends an open transfer: a letter withdrawn (cancelled) or a
// temporary transfer over (ended), from day on, with a note and the audit row.
func (tx *Tx) CloseTransfer(t Transfer, status domain.TransferStatus, on domain.Date, note string) (Transfer, error) {
	res, err := tx.exec("UPDATE transfers SET status = ?, closed_on = ?, close_note = ?, updated_at = ? WHERE id = ? AND status IN ('in_transit', 'active')",
		string(status), on, viet.Clean(note), tx.db.stamp(), t.ID)
	if err := oneRow(res, err, "Giấy số "+t.Number+" vừa được người khác thay đổi."); err != nil {
		return t, err
	}
	out := t
	out.Status, out.ClosedOn, out.CloseNote = status, on, viet.Clean(note)
	out.Labels()
	action := actTransferCancel
	if status == domain.TransferEnded {
		action = actTransferEnd
	}
	return out, tx.audit(action, entMember, t.MemberID, firstPath(t.FromPath, t.ToPath), t.Transfer, out.Transfer)
}

// oneRow turns an update that changed no row into a conflict.
func oneRow(res sql.Result, err error, msg string) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		return &domain.Error{Code: domain.CodeConflict, Message: msg}
	}
	return nil
}

// FeesPaidTo is the last month a member's fee was paid up to, by the
// sheets, for the letter ("đảng phí đã đóng đến hết tháng"); zero for none.
func (tx *Tx) FeesPaidTo(m domain.Member) (domain.Month, error) {
	var k sql.NullString
	if err := tx.queryRow("SELECT max(month) FROM fee_months WHERE member_id = ? AND paid_on IS NOT NULL", m.ID).Scan(&k); err != nil || !k.Valid {
		return domain.Month{}, err
	}
	return domain.ParseMonth(k.String)
}

// FeesPaidToMany is FeesPaidTo for several members at once; a member who
// never paid is left out.
func (tx *Tx) FeesPaidToMany(ids []int64) (map[int64]domain.Month, error) {
	out := map[int64]domain.Month{}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := tx.query("SELECT member_id, max(month) FROM fee_months WHERE paid_on IS NOT NULL AND member_id IN ("+placeholders(len(chunk))+") GROUP BY member_id", args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var k string
			if err := rows.Scan(&id, &k); err != nil {
				rows.Close()
				return nil, err
			}
			if m, err := domain.ParseMonth(k); err == nil {
				out[id] = m
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// TemporaryIn lists the temporary transfers that bring members into a cell
// or take them out of it at some time between from and to: the members who
// took part there (or elsewhere) for a while, as both cells see them.
func (tx *Tx) TemporaryIn(cell domain.Org, from, to domain.Date) ([]Transfer, error) {
	return tx.transfers(`t.kind = 'temporary' AND t.status <> 'cancelled' AND (t.to_org_id = ? OR t.from_org_id = ?) AND t.starts_on <= ? AND t.ends_on >= ?
		ORDER BY t.starts_on, t.id`, cell.ID, cell.ID, to, from)
}

// thenMembers is the join of a table of records (of working away, of
// residence ties) to their members that keeps, on SQLite, the records as the
// outer loop: with a province's statistics the planner would rather walk all
// the members in name order, looking up each one's few records (seconds for
// 300,000 members, where reading the few thousand records and their members
// by key takes milliseconds). SQLite keeps the order of a CROSS JOIN as
// written; PostgreSQL plans the join well as it is.
func (db *DB) thenMembers() string {
	return db.thenJoin() + " members m "
}

// thenJoin is a join that keeps, on SQLite, the tables before it as the
// outer loop.
func (db *DB) thenJoin() string {
	if db.Dialect == SQLite {
		return " CROSS JOIN"
	}
	return " JOIN"
}

// pathAccess is, for a table whose only index on org_path is partial, an
// indexed way to the rows of the subtrees moved: through their meetings or
// their cells, found by their paths, old or new (whichever has been
// rewritten already). Without it, moving organisations reads the whole
// table: a collective transfer of a commune would read every attendance
// mark of the province.
var pathAccess = map[string]func(cond func(col string, paths []string) (string, []any), old, new []string) (string, []any){
	`"meeting_attendance"`: func(cond func(string, []string) (string, []any), old, new []string) (string, []any) {
		return viaSubquery("meeting_id IN (SELECT id FROM meetings WHERE ", "org_path", cond, old, new)
	},
	`"fee_months"`: func(cond func(string, []string) (string, []any), old, new []string) (string, []any) {
		return viaSubquery("org_id IN (SELECT id FROM orgs WHERE ", "path", cond, old, new)
	},
}

// viaSubquery is head followed by "col in the old or the new subtrees)".
func viaSubquery(head, col string, cond func(string, []string) (string, []any), old, new []string) (string, []any) {
	oc, oa := cond(col, old)
	nc, na := cond(col, new)
	return head + "(" + oc + ") OR (" + nc + ")) AND ", append(oa, na...)
}

// subtreesRewrite is the statement that rewrites, in column col of table,
// the paths in the subtrees oldPaths, all children of oldParent, to start
// with newParent instead: oldPaths[i] becomes newPaths[i].
func subtreesRewrite(table, col, oldParent, newParent string, oldPaths, newPaths []string) (string, []any) {
	q := "UPDATE " + table + " SET " + col + " = ? || substr(" + col + ", ?) WHERE "
	args := []any{newParent, len(oldParent) + 1}
	if via, ok := pathAccess[table]; ok {
		vq, va := via(inSubtrees, oldPaths, newPaths)
		q += vq
		args = append(args, va...)
	}
	c, ca := inSubtrees(col, oldPaths)
	return q + c, append(args, ca...)
}

// inSubtrees is the SQL condition "col is in the subtree of one of paths",
// all children of one organisation: the range of the parent, read through
// the index, then the prefix of each path's length among the paths of that
// length.
func inSubtrees(col string, paths []string) (string, []any) {
	byLen := map[int][]any{}
	var lens []int
	for _, p := range paths {
		if _, ok := byLen[len(p)]; !ok {
			lens = append(lens, len(p))
		}
		byLen[len(p)] = append(byLen[len(p)], p)
	}
	slices.Sort(lens)
	lo, hi := pathRange(paths[0])
	if len(paths) == 1 {
		return col + " >= ? AND " + col + " < ?", []any{lo, hi}
	}
	// Every path shares its parent's prefix: the range from the smallest
	// to past the largest holds them all.
	lo, hi = slices.Min(paths), ""
	for _, p := range paths {
		if _, h := pathRange(p); h > hi {
			hi = h
		}
	}
	var parts []string
	args := []any{lo, hi}
	for _, n := range lens {
		parts = append(parts, "substr("+col+", 1, "+strconv.Itoa(n)+") IN ("+placeholders(len(byLen[n]))+")")
		args = append(args, byLen[n]...)
	}
	return col + " >= ? AND " + col + " < ? AND (" + strings.Join(parts, " OR ") + ")", args
}
