package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"dangvien/internal/domain"
)

// entOrg names organisations in the audit trail.
var entOrg = newEntity("org", "Tổ chức")

const orgCols = `o.id, o.code, o.name, o.kind, coalesce(o.parent_id, 0), o.path, o.valid_from, o.valid_to, o.closed_reason, o.closed_decision, coalesce(o.successor_id, 0)`

func scanOrg(row interface{ Scan(...any) error }) (domain.Org, error) {
	var o domain.Org
	err := row.Scan(&o.ID, &o.Code, &o.Name, &o.Kind, &o.ParentID, &o.Path, &o.ValidFrom, &o.ValidTo, &o.ClosedReason, &o.ClosedDecision, &o.SuccessorID)
	o.KindLabel = o.Kind.Label()
	return o, err
}

// Org returns an organisation in the actor's scope, outside a transaction,
// for the areas whose actions have no use case yet (import, accounts, the
// command line); the organisations' own actions read it with tx.Org.
func (db *DB) Org(ctx context.Context, a domain.Actor, id int64) (domain.Org, error) {
	return db.orgWhere(ctx, a, "o.id = ?", id)
}

// OrgByCode returns an organisation in the actor's scope by its code.
func (db *DB) OrgByCode(ctx context.Context, a domain.Actor, code string) (domain.Org, error) {
	return db.orgWhere(ctx, a, "o.code = ?", code)
}

func (db *DB) orgWhere(ctx context.Context, a domain.Actor, cond string, arg any) (domain.Org, error) {
	return orgWhere(poolReader{db, ctx}, a, cond, arg)
}

func orgWhere(r reader, a domain.Actor, cond string, arg any) (domain.Org, error) {
	sc, args := orgScope(a)
	o, err := scanOrg(r.queryRow("SELECT "+orgCols+" FROM orgs o WHERE "+cond+" AND "+sc, append([]any{arg}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return o, domain.ErrNotFound
	}
	return o, err
}

// orgScope is scopeCond for organisations: a member sees the cell of their own record.
func orgScope(a domain.Actor) (string, []any) {
	if a.Role == domain.RoleMember {
		return "o.id = (SELECT org_id FROM members WHERE id = ?)", []any{a.MemberID}
	}
	return scopeCond(a, "o.path", "")
}

// Org reads an organisation in the actor's scope.
func (tx *Tx) Org(id int64) (domain.Org, error) { return tx.org(id) }

// org reads an organisation in the actor's scope; writers check more.
func (tx *Tx) org(id int64) (domain.Org, error) { return orgWhere(tx, tx.actor, "o.id = ?", id) }

// WritableOrg reads an organisation in scope that the actor may restructure
// under a decision dated on (domain.CheckRestructure).
func (tx *Tx) WritableOrg(id int64, on domain.Date) (domain.Org, error) {
	o, err := tx.org(id)
	if err != nil {
		return o, err
	}
	return o, domain.CheckRestructure(tx.actor, o, on)
}

// HoldOrgs holds, until the transaction ends, organisations a
// restructuring changes or moves members into, and their members: a second
// restructuring of any of them, a collective transfer or a letter for one
// of the members waits for this one and then reads what it left
// (PostgreSQL; SQLite's single writer holds the whole database from the
// start). Rows are taken in id order, so two restructurings of the same
// organisations do not deadlock. The caller reads the organisations again
// after.
func (tx *Tx) HoldOrgs(ids ...int64) error {
	if tx.db.Dialect != Postgres || len(ids) == 0 {
		return nil
	}
	in, args := placeholders(len(ids)), make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	if _, err := tx.exec("SELECT id FROM orgs WHERE id IN ("+in+") ORDER BY id FOR NO KEY UPDATE", args...); err != nil {
		return err
	}
	_, err := tx.exec("SELECT id FROM members WHERE org_id IN ("+in+") ORDER BY id FOR NO KEY UPDATE", args...)
	return err
}

var actOrgCreate = newAction("org.create", "thành lập tổ chức")

// CreateOrg writes a new organisation under parent (nil: at the top of the
// tree), with its first version and its audit row. in has been validated
// and checked against the parent (domain.CheckCreateOrg); the code must be
// new.
func (tx *Tx) CreateOrg(parent *domain.Org, in domain.OrgInput) (domain.Org, error) {
	parentPath := "/"
	if parent != nil {
		parentPath, in.ParentID = parent.Path, parent.ID
	} else {
		in.ParentID = 0
	}
	var n int
	if err := tx.queryRow("SELECT count(*) FROM orgs WHERE code = ?", in.Code).Scan(&n); err != nil {
		return domain.Org{}, err
	}
	if n > 0 {
		return domain.Org{}, &domain.Error{Code: domain.CodeConflict, Message: "Mã tổ chức đã có.", Fields: domain.Fields{"code": "Mã " + in.Code + " đã được dùng."}}
	}
	now := tx.db.stamp()
	id, err := tx.insert(`INSERT INTO orgs (code, name, kind, parent_id, path, valid_from, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		in.Code, in.Name, string(in.Kind), nullID(in.ParentID), "pending:"+in.Code, in.ValidFrom, now, now)
	if err != nil {
		return domain.Org{}, err
	}
	path := parentPath + strconv.FormatInt(id, 10) + "/"
	if _, err := tx.exec("UPDATE orgs SET path = ? WHERE id = ?", path, id); err != nil {
		return domain.Org{}, err
	}
	if _, err := tx.exec("INSERT INTO org_versions (org_id, name, parent_id, valid_from) VALUES (?, ?, ?, ?)", id, in.Name, nullID(in.ParentID), in.ValidFrom); err != nil {
		return domain.Org{}, err
	}
	out := domain.Org{ID: id, Code: in.Code, Name: in.Name, Kind: in.Kind, KindLabel: in.Kind.Label(), ParentID: in.ParentID, Path: path, ValidFrom: in.ValidFrom}
	return out, tx.audit(actOrgCreate, entOrg, out.ID, out.Path, nil, out)
}

// newVersion closes the open version of an organisation on day d and opens
// one with the given name and parent.
func (tx *Tx) newVersion(id int64, name string, parent int64, d domain.Date) error {
	if _, err := tx.exec("DELETE FROM org_versions WHERE org_id = ? AND valid_to IS NULL AND valid_from = ?", id, d); err != nil {
		return err // a second change on the same day replaces that day's version
	}
	if _, err := tx.exec("UPDATE org_versions SET valid_to = ? WHERE org_id = ? AND valid_to IS NULL", d, id); err != nil {
		return err
	}
	_, err := tx.exec("INSERT INTO org_versions (org_id, name, parent_id, valid_from) VALUES (?, ?, ?, ?)", id, name, nullID(parent), d)
	return err
}

// decided is an organisation as audited after a change, with its decision.
type decided struct {
	domain.Org
	Decision domain.Decision `json:"decision"`
}

var actOrgRename = newAction("org.rename", "đổi tên tổ chức")

// RenameOrg renames a writable organisation from the decision's date.
func (tx *Tx) RenameOrg(o domain.Org, name string, dec domain.Decision) (domain.Org, error) {
	if _, err := tx.exec("UPDATE orgs SET name = ?, updated_at = ? WHERE id = ?", name, tx.db.stamp(), o.ID); err != nil {
		return o, err
	}
	if err := tx.newVersion(o.ID, name, o.ParentID, dec.Date); err != nil {
		return o, err
	}
	out := o
	out.Name = name
	return out, tx.audit(actOrgRename, entOrg, o.ID, o.Path, o, decided{out, dec})
}

var actOrgMove = newAction("org.move", "chuyển tổ chức")

// MoveOrg puts a writable organisation and its whole subtree under another
// parent (checked by domain.CheckMove) from the decision's date.
func (tx *Tx) MoveOrg(o, parent domain.Org, dec domain.Decision) (domain.Org, error) {
	out, err := tx.reparent(o, parent, dec.Date)
	if err != nil {
		return o, err
	}
	// The old parent links to the new one: the tree of a past date shows
	// the new parent's staff where the moved organisation was then.
	if err := tx.link(domain.Org{ID: o.ParentID}, parent, "move", dec); err != nil {
		return o, err
	}
	return out, tx.audit(actOrgMove, entOrg, o.ID, out.Path, o, decided{out, dec})
}

// reparent puts o under parent from day d, rewriting the paths of its
// subtree, and the copies of them, with set-based updates.
func (tx *Tx) reparent(o, p domain.Org, d domain.Date) (domain.Org, error) {
	out, err := tx.reparentAll([]domain.Org{o}, p, d)
	if err != nil {
		return o, err
	}
	return out[0], nil
}

// reparentChunk bounds the organisations rewritten by one statement, so that
// its lists of paths and ids stay within both databases' limits on bound
// values.
const reparentChunk = 500

// reparentAll puts the organisations moving under p from day d, rewriting the
// paths of their subtrees, and the copies of them, with one statement per
// table for all the organisations that leave the same parent (the children
// of a commune handed over together): PostgreSQL plans each statement, and
// one per table per organisation made a commune's transfer take seconds.
// It returns the organisations as moved, in the order given.
func (tx *Tx) reparentAll(moving []domain.Org, p domain.Org, d domain.Date) ([]domain.Org, error) {
	tables, err := tx.pathTables()
	if err != nil {
		return nil, err
	}
	out := make([]domain.Org, len(moving))
	byParent := map[string][]int{} // old parent path -> indexes in moving
	var parents []string
	for i, o := range moving {
		pp := strings.TrimSuffix(o.Path, strconv.FormatInt(o.ID, 10)+"/")
		if _, ok := byParent[pp]; !ok {
			parents = append(parents, pp)
		}
		byParent[pp] = append(byParent[pp], i)
	}
	for _, pp := range parents {
		for idx := byParent[pp]; len(idx) > 0; {
			chunk := idx[:min(len(idx), reparentChunk)]
			idx = idx[len(chunk):]
			group := make([]domain.Org, len(chunk))
			for j, i := range chunk {
				group[j] = moving[i]
			}
			moved, err := tx.reparentGroup(group, pp, p, d, tables)
			if err != nil {
				return nil, err
			}
			for j, i := range chunk {
				out[i] = moved[j]
			}
		}
	}
	return out, nil
}

// reparentGroup moves the organisations moving, all children of the organisation at oldParent,
// under p: each path that starts with one of theirs has oldParent replaced
// by p's path, in orgs and in every table that copies paths.
func (tx *Tx) reparentGroup(moving []domain.Org, oldParent string, p domain.Org, d domain.Date, tables []string) ([]domain.Org, error) {
	oldPaths := make([]string, len(moving))
	newPaths := make([]string, len(moving))
	ids := make([]any, len(moving))
	for i, o := range moving {
		oldPaths[i] = o.Path
		newPaths[i] = p.Path + strconv.FormatInt(o.ID, 10) + "/"
		ids[i] = o.ID
	}
	q, args := subtreesRewrite("orgs", "path", oldParent, p.Path, oldPaths, newPaths)
	if _, err := tx.exec(q, args...); err != nil {
		return nil, err
	}
	for _, table := range tables {
		q, args := subtreesRewrite(table, "org_path", oldParent, p.Path, oldPaths, newPaths)
		if _, err := tx.exec(q, args...); err != nil {
			return nil, err
		}
	}
	in := placeholders(len(ids))
	if _, err := tx.exec("UPDATE orgs SET parent_id = ?, updated_at = ? WHERE id IN ("+in+")", append([]any{p.ID, tx.db.stamp()}, ids...)...); err != nil {
		return nil, err
	}
	// As newVersion, for them all: a second change on the same day
	// replaces that day's version.
	if _, err := tx.exec("DELETE FROM org_versions WHERE org_id IN ("+in+") AND valid_to IS NULL AND valid_from = ?", append(append([]any{}, ids...), d)...); err != nil {
		return nil, err
	}
	if _, err := tx.exec("UPDATE org_versions SET valid_to = ? WHERE org_id IN ("+in+") AND valid_to IS NULL", append([]any{d}, ids...)...); err != nil {
		return nil, err
	}
	rows := make([][]any, len(moving))
	out := make([]domain.Org, len(moving))
	for i, o := range moving {
		rows[i] = []any{o.ID, o.Name, p.ID, d}
		o.ParentID, o.Path = p.ID, newPaths[i]
		out[i] = o
	}
	if err := tx.bulkInsert("org_versions", []string{"org_id", "name", "parent_id", "valid_from"}, rows); err != nil {
		return nil, err
	}
	return out, nil
}

// pathTables are the tables that copy an organisation's path into an
// org_path column for their subtree reads, read from the schema once per
// database: a new table with the column follows a move without a list to
// update. The audit trail keeps its paths: each row records where a change
// happened then, and its hash covers that path.
func (tx *Tx) pathTables() ([]string, error) {
	db := tx.db
	db.pathMu.Lock()
	defer db.pathMu.Unlock()
	if db.pathTabs != nil {
		return db.pathTabs, nil
	}
	q := `SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = 'org_path' ORDER BY m.name`
	if db.Dialect == Postgres {
		q = `SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
			WHERE c.column_name = 'org_path' AND c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' ORDER BY c.table_name`
	}
	rows, err := tx.query(q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tables := []string{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		if name != "audit" {
			tables = append(tables, `"`+strings.ReplaceAll(name, `"`, `""`)+`"`)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	db.pathTabs = tables
	return tables, nil
}

// close ends an organisation on day d with a reason and a successor.
func (tx *Tx) close(o domain.Org, d domain.Date, reason, decision string, successor int64) error {
	if _, err := tx.exec("UPDATE orgs SET valid_to = ?, closed_reason = ?, closed_decision = ?, successor_id = ?, updated_at = ? WHERE id = ?",
		d, reason, decision, nullID(successor), tx.db.stamp(), o.ID); err != nil {
		return err
	}
	_, err := tx.exec("UPDATE org_versions SET valid_to = ? WHERE org_id = ? AND valid_to IS NULL", d, o.ID)
	return err
}

// link records that from was merged or split into to.
func (tx *Tx) link(from, to domain.Org, kind string, dec domain.Decision) error {
	_, err := tx.exec("INSERT INTO org_links (from_id, to_id, kind, date, decision) VALUES (?, ?, ?, ?, ?)", from.ID, to.ID, kind, dec.Date, dec.Number)
	return err
}

// OpenChildren lists the open sub-organisations of an organisation.
func (tx *Tx) OpenChildren(o domain.Org) ([]domain.Org, error) {
	rows, err := tx.query("SELECT "+orgCols+" FROM orgs o WHERE o.parent_id = ? AND o.valid_to IS NULL ORDER BY o.id", o.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Org
	for rows.Next() {
		k, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// ActiveMemberIDs lists the members on the roll directly in an organisation.
func (tx *Tx) ActiveMemberIDs(o domain.Org) ([]int64, error) {
	rows, err := tx.query("SELECT id FROM members WHERE org_id = ? AND "+tx.db.activeRow("status")+" ORDER BY id", o.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

var actOrgMerge = newAction("org.merge", "sáp nhập tổ chức")

// MergeInto moves everything of src into dst: its open sub-organisations
// (checked by domain.CheckMove) and its members (domain.CheckAbsorb), each
// member with a "moved" event; src is closed on the decision's date, linked
// to its successor, with its audit row.
func (tx *Tx) MergeInto(src, dst domain.Org, kids []domain.Org, dec domain.Decision) error {
	ids := make([]int64, 0, len(kids))
	if _, err := tx.reparentAll(kids, dst, dec.Date); err != nil {
		return err
	}
	for _, k := range kids {
		ids = append(ids, k.ID)
	}
	n, err := tx.moveMembers(src, dst, dec.Date, dec.Number, "Sáp nhập "+src.Name+" vào "+dst.Name, nil)
	if err != nil {
		return err
	}
	if err := tx.close(src, dec.Date, "merge", dec.Number, dst.ID); err != nil {
		return err
	}
	if err := tx.link(src, dst, "merge", dec); err != nil {
		return err
	}
	after := src
	after.ValidTo, after.ClosedReason, after.ClosedDecision, after.SuccessorID = dec.Date, "merge", dec.Number, dst.ID
	return tx.audit(actOrgMerge, entOrg, src.ID, src.Path, src, struct {
		domain.Org
		MembersMoved  int             `json:"members_moved"`
		ChildrenMoved []int64         `json:"children_moved"`
		Decision      domain.Decision `json:"decision"`
	}{after, int(n), ids, dec})
}

// SplitInto gives part, a new organisation split from src, the
// sub-organisations and members assigned to it (domain.CheckSplit), and
// links it to src.
func (tx *Tx) SplitInto(src, part domain.Org, kids []domain.Org, memberIDs []int64, dec domain.Decision) error {
	if _, err := tx.reparentAll(kids, part, dec.Date); err != nil {
		return err
	}
	if len(memberIDs) > 0 {
		if _, err := tx.moveMembers(src, part, dec.Date, dec.Number, "Chia tách "+src.Name, memberIDs); err != nil {
			return err
		}
	}
	return tx.link(src, part, "split", dec)
}

var actOrgClose = map[string]Action{
	"split":    newAction("org.split", "chia tách tổ chức"),
	"dissolve": newAction("org.dissolve", "giải thể tổ chức"),
}

// CloseOrg ends an organisation that was split ("split") or dissolved
// ("dissolve") on the decision's date, with its audit row.
func (tx *Tx) CloseOrg(o domain.Org, dec domain.Decision, reason string) (domain.Org, error) {
	act, ok := actOrgClose[reason]
	if !ok {
		return o, fmt.Errorf("store: no closing of an organisation by %q", reason)
	}
	if err := tx.close(o, dec.Date, reason, dec.Number, 0); err != nil {
		return o, err
	}
	out := o
	out.ValidTo, out.ClosedReason, out.ClosedDecision = dec.Date, reason, dec.Number
	return out, tx.audit(act, entOrg, o.ID, o.Path, o, decided{out, dec})
}

// Ancestors returns the organisations above o, from the top down. Whoever
// sees an organisation may see the names of those above it (a member sheet
// is headed by them), even outside the actor's scope.
func (tx *Tx) Ancestors(o domain.Org) ([]domain.Org, error) {
	var ids []any
	for _, seg := range strings.Split(strings.Trim(o.Path, "/"), "/") {
		if n, err := strconv.ParseInt(seg, 10, 64); err == nil && n != o.ID {
			ids = append(ids, n)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := tx.query("SELECT "+orgCols+" FROM orgs o WHERE o.id IN ("+placeholders(len(ids))+") ORDER BY length(o.path)", ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Org
	for rows.Next() {
		a, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func placeholders(n int) string {
	b := make([]byte, 0, 2*n)
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '?')
	}
	return string(b)
}

// moveMembers moves the active members of cell from (memberIDs nil: all of
// them) to cell to on day d, with a "moved" event each: a merger, a split or
// one member's internal move. Each event goes through the members' state
// machine (domain.ApplyEach, as AddEvent's go through State.Apply): their
// records and events are read in two set-based queries, applied in memory,
// and written in bulk. The members join the new cell's fee sheets opened
// since the move (JoinOpenSheets).
func (tx *Tx) moveMembers(from, to domain.Org, d domain.Date, decision, reason string, memberIDs []int64) (int64, error) {
	cond, args := "org_id = ? AND "+tx.db.activeRow("status"), []any{from.ID}
	if memberIDs != nil {
		if len(memberIDs) == 0 {
			return 0, nil
		}
		cond += " AND id IN (" + placeholders(len(memberIDs)) + ")"
		for _, id := range memberIDs {
			args = append(args, id)
		}
	}
	recs, err := tx.records(cond, args)
	if err != nil || len(recs) == 0 {
		return 0, err
	}
	e := domain.Event{Kind: domain.EventMoved, Date: d, Reason: reason, Decision: decision, ToOrgID: to.ID, OrgID: from.ID}
	states, err := domain.ApplyEach(recs, e)
	if err != nil {
		return 0, err
	}
	now := tx.db.stamp()
	by := nullID(tx.actor.UserID)
	events := make([][]any, len(recs))
	for i, r := range recs {
		events[i] = []any{r.MemberID, string(e.Kind), e.Date, e.Reason, e.Decision, "", e.ToOrgID, e.OrgID, stampText(now), by}
	}
	if err := tx.bulkInsert("member_events", movedCols, events); err != nil {
		return 0, err
	}
	if _, err := tx.exec(`UPDATE member_placements SET valid_to = ? WHERE valid_to IS NULL AND member_id IN (SELECT id FROM members WHERE `+cond+`)`,
		append([]any{d}, args...)...); err != nil {
		return 0, err
	}
	if _, err := tx.exec(`INSERT INTO member_placements (member_id, org_id, valid_from) SELECT id, ?, ? FROM members WHERE `+cond,
		append([]any{to.ID, d}, args...)...); err != nil {
		return 0, err
	}
	// The standing the state machine gives: one update per distinct state
	// (a move changes none, so there is one, or two with exemptions).
	type standing struct {
		status   domain.Status
		exempted bool
	}
	groups := map[standing][]int64{}
	var order []standing
	for i, s := range states {
		k := standing{s.Status, s.Exempted}
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], recs[i].MemberID)
	}
	for _, k := range order {
		ids := groups[k]
		for len(ids) > 0 {
			chunk := ids[:min(len(ids), 500)]
			ids = ids[len(chunk):]
			q := "UPDATE members SET org_id = ?, org_path = ?, status = ?, exempted = ?, updated_at = ?, version = version + 1 WHERE id IN (" + placeholders(len(chunk)) + ")"
			a := []any{to.ID, to.Path, string(k.status), k.exempted, now}
			for _, id := range chunk {
				a = append(a, id)
			}
			if _, err := tx.exec(q, a...); err != nil {
				return 0, err
			}
		}
	}
	// In the new cell from the day of the move: on its sheets opened since.
	moved := make([]int64, len(recs))
	for i, r := range recs {
		moved[i] = r.MemberID
	}
	return int64(len(recs)), tx.JoinOpenSheets(to, moved, domain.MonthOf(d))
}

var movedCols = []string{"member_id", "kind", "date", "reason", "decision", "discipline", "to_org_id", "org_id", "created_at", "created_by"}

// records reads the members that match cond with their events, oldest
// first: two queries, whatever their number.
func (tx *Tx) records(cond string, args []any) ([]domain.Record, error) {
	rows, err := tx.query("SELECT id, full_name, admission_date, official_date FROM members WHERE "+cond+" ORDER BY id", args...)
	if err != nil {
		return nil, err
	}
	var recs []domain.Record
	at := map[int64]int{}
	for rows.Next() {
		var r domain.Record
		if err := rows.Scan(&r.MemberID, &r.Name, &r.Admitted, &r.Official); err != nil {
			rows.Close()
			return nil, err
		}
		at[r.MemberID] = len(recs)
		recs = append(recs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(recs) == 0 {
		return nil, err
	}
	erows, err := tx.query(eventSelect+" WHERE member_id IN (SELECT id FROM members WHERE "+cond+") ORDER BY member_id, date, id", args...)
	if err != nil {
		return nil, err
	}
	events, err := scanEvents(erows)
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		if i, ok := at[e.MemberID]; ok {
			recs[i].Events = append(recs[i].Events, e)
		}
	}
	return recs, nil
}
