package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"dangvien/internal/domain"
)

// audit writes one audit row in tx, chained to the previous row by hash.
// Writers serialise on audit_head (FOR UPDATE on PostgreSQL; SQLite has one
// writer), so the chain has no forks.
func (tx *Tx) audit(act Action, ent Entity, id int64, orgPath string, before, after any) error {
	if act.name == "" || ent.name == "" {
		return fmt.Errorf("store: audit of an undeclared action or entity (%q, %q)", act.name, ent.name)
	}
	lock := ""
	if tx.db.Dialect == Postgres {
		lock = " FOR UPDATE"
	}
	var seq int64
	var prev string
	if err := tx.queryRow("SELECT seq, hash FROM audit_head WHERE id = 1"+lock).Scan(&seq, &prev); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	b, err := jsonOf(before)
	if err != nil {
		return err
	}
	af, err := jsonOf(after)
	if err != nil {
		return err
	}
	r := AuditRow{Seq: seq + 1, ActorID: tx.actor.UserID, Actor: tx.actor.Username, Action: act.name,
		Entity: ent.name, EntityID: id, OrgPath: orgPath, Before: b, After: af, PrevHash: prev}
	// The hash covers the time as it is stored: microseconds, which is all
	// a TIMESTAMPTZ keeps, written in one fixed-width form on both engines.
	r.At.Time = tx.db.Now().UTC().Truncate(time.Microsecond)
	r.atText = auditStamp(r.At.Time)
	r.Hash = r.computeHash()
	if _, err := tx.exec(`INSERT INTO audit (seq, at, actor_id, actor, action, entity, entity_id, org_path, before_json, after_json, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Seq, r.atText, nullID(r.ActorID), r.Actor, r.Action, r.Entity, r.EntityID, r.OrgPath, r.Before, r.After, r.PrevHash, r.Hash); err != nil {
		return fmt.Errorf("audit insert: %w", err)
	}
	_, err = tx.exec("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", r.Seq, r.Hash)
	return err
}

func jsonOf(v any) (string, error) {
	if v == nil {
		return "null", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// AuditRow is one entry of the audit trail.
type AuditRow struct {
	Seq      int64           `json:"seq"`
	At       Stamp           `json:"at"`
	ActorID  int64           `json:"actor_id,omitempty"`
	Actor    string          `json:"actor"`
	Action   string          `json:"action"`
	Entity   string          `json:"entity"`
	EntityID int64           `json:"entity_id"`
	OrgPath  string          `json:"-"`
	Before   string          `json:"-"`
	After    string          `json:"-"`
	PrevHash string          `json:"prev_hash"`
	Hash     string          `json:"hash"`
	BeforeJ  json.RawMessage `json:"before"`
	// ActorName is the display name of the account that acted, as it is
	// now ("" for the command line and for refused sign-ins).
	ActorName string          `json:"actor_name,omitempty"`
	AfterJ    json.RawMessage `json:"after"`
	atText    string          // the time as the hash covers it
}

// auditStamp is the canonical text of an audit time: UTC, microseconds,
// fixed width ("2026-11-23T09:00:00.000000Z").
func auditStamp(t time.Time) string { return t.UTC().Format(stampLayout) }

// atScanner reads an audit row's time, keeping the text the hash covers.
// On SQLite that is the stored text itself, whatever its form: rows written
// before microsecond stamps hold the RFC 3339 nanosecond text they were
// hashed with, newer rows the fixed-width form, so both verify without a
// version flag. PostgreSQL stores a TIMESTAMPTZ, whose canonical text is
// the fixed-width form (for older rows see legacyMatch).
type atScanner struct{ r *AuditRow }

func (s atScanner) Scan(v any) error {
	if err := s.r.At.Scan(v); err != nil {
		return err
	}
	switch x := v.(type) {
	case string:
		s.r.atText = x
	case []byte:
		s.r.atText = string(x)
	default:
		s.r.atText = auditStamp(s.r.At.Time)
	}
	return nil
}

func (r *AuditRow) computeHash() string { return r.hashWith(r.atText) }

func (r *AuditRow) hashWith(at string) string {
	h := sha256.New()
	for _, s := range []string{r.PrevHash, strconv.FormatInt(r.Seq, 10), at, strconv.FormatInt(r.ActorID, 10),
		r.Actor, r.Action, r.Entity, strconv.FormatInt(r.EntityID, 10), r.OrgPath, r.Before, r.After} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// legacyMatch checks a PostgreSQL row written before microsecond stamps.
// Its hash covers the clock's nanosecond time in RFC 3339 form, which
// PostgreSQL rounded (half to even) to the microsecond it stores, so the
// nanoseconds are lost: the row matches if some time within half a
// microsecond of the stored one gives its hash. Everything else in the row
// is checked exactly; at most 1,001 hashes per row, and only for the rows
// the migration to microsecond stamps found (audit_head.legacy_upto).
func (r *AuditRow) legacyMatch() bool {
	for d := range 1001 {
		off := time.Duration((d+1)/2) * time.Nanosecond // 0, 1, -1, 2, -2, …
		if d%2 == 0 {
			off = -off
		}
		if r.hashWith(r.At.Add(off).Format(time.RFC3339Nano)) == r.Hash {
			return true
		}
	}
	return false
}

// AuditFilter selects audit rows.
type AuditFilter struct {
	Entity   string
	EntityID int64
	Actor    string
	Action   string
	// Kind: AuditChanges leaves out sign-ins, sign-outs and refused
	// attempts, AuditAccess keeps only them; "" keeps every row.
	Kind   string
	Limit  int
	Before int64 // seq: rows older than this, for paging back
}

// The kinds of audit rows a filter selects.
const (
	AuditChanges = "changes"
	AuditAccess  = "access"
)

const auditCols = `a.seq, a.at, coalesce(a.actor_id, 0), a.actor, a.action, a.entity, a.entity_id, a.org_path, a.before_json, a.after_json, a.prev_hash, a.hash`

// Audit lists audit rows of the actor's scope, newest first, each with the
// display name of the account that acted.
func (tx *Tx) Audit(f AuditFilter) ([]AuditRow, error) {
	a := tx.actor
	if !a.Role.ReadsAudit() {
		return nil, errForbiddenWrite
	}
	cond, args := scopeCond(a, "a.org_path", "")
	var where []string
	where = append(where, cond)
	if f.Entity != "" {
		where, args = append(where, "a.entity = ?"), append(args, f.Entity)
	}
	if f.EntityID != 0 {
		where, args = append(where, "a.entity_id = ?"), append(args, f.EntityID)
	}
	if f.Actor != "" {
		where, args = append(where, "a.actor = ?"), append(args, f.Actor)
	}
	if f.Action != "" {
		where, args = append(where, "a.action = ?"), append(args, f.Action)
	}
	switch names := accessActionNames(); f.Kind {
	case AuditChanges:
		where, args = append(where, "a.action NOT IN ("+placeholders(len(names))+")"), append(args, names...)
	case AuditAccess:
		where, args = append(where, "a.action IN ("+placeholders(len(names))+")"), append(args, names...)
	}
	if f.Before > 0 {
		where, args = append(where, "a.seq < ?"), append(args, f.Before)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	args = append(args, f.Limit)
	rows, err := tx.query(`SELECT `+auditCols+`, coalesce(u.display_name, '')
		FROM audit a LEFT JOIN users u ON u.id = a.actor_id WHERE `+strings.Join(where, " AND ")+` ORDER BY a.seq DESC LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditRow
	for rows.Next() {
		var r AuditRow
		if err := rows.Scan(&r.Seq, atScanner{&r}, &r.ActorID, &r.Actor, &r.Action, &r.Entity, &r.EntityID, &r.OrgPath, &r.Before, &r.After, &r.PrevHash, &r.Hash, &r.ActorName); err != nil {
			return nil, err
		}
		r.BeforeJ, r.AfterJ = json.RawMessage(r.Before), json.RawMessage(r.After)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Audit is the shorthand of the audit use case for tests and fixtures.
func (db *DB) Audit(ctx context.Context, a domain.Actor, f AuditFilter) ([]AuditRow, error) {
	var out []AuditRow
	err := db.Read(ctx, a, func(tx *Tx) (err error) {
		out, err = tx.Audit(f)
		return err
	})
	return out, err
}

func scanAudit(rows interface{ Scan(...any) error }) (AuditRow, error) {
	var r AuditRow
	err := rows.Scan(&r.Seq, atScanner{&r}, &r.ActorID, &r.Actor, &r.Action, &r.Entity, &r.EntityID, &r.OrgPath, &r.Before, &r.After, &r.PrevHash, &r.Hash)
	return r, err
}

// VerifyResult is what VerifyAudit found.
type VerifyResult struct {
	Rows    int64  `json:"rows"`
	OK      bool   `json:"ok"`
	BadSeq  int64  `json:"bad_seq,omitempty"` // first altered or missing row
	Problem string `json:"problem,omitempty"` // Vietnamese

	// Rounded counts PostgreSQL rows written before audit times were hashed
	// as stored, checked within the half microsecond the server rounded.
	Rounded int64 `json:"rounded,omitempty"`
}

// VerifyAudit walks the whole chain and reports the first row that was
// altered, removed or inserted out of order. The chain spans every scope, so
// only an administrator may walk it. In one read snapshot, the rows and the
// head agree: a row written meanwhile is not taken for a missing one.
func (tx *Tx) VerifyAudit() (VerifyResult, error) {
	if !tx.actor.All() {
		return VerifyResult{}, &domain.Error{Code: domain.CodeForbidden, Message: "Chỉ quản trị hệ thống được kiểm tra toàn bộ nhật ký."}
	}
	var legacyUpto int64
	if tx.db.Dialect == Postgres {
		if err := tx.queryRow("SELECT legacy_upto FROM audit_head WHERE id = 1").Scan(&legacyUpto); err != nil {
			return VerifyResult{}, err
		}
	}
	rows, err := tx.query(`SELECT seq, at, coalesce(actor_id, 0), actor, action, entity, entity_id, org_path, before_json, after_json, prev_hash, hash FROM audit ORDER BY seq`)
	if err != nil {
		return VerifyResult{}, err
	}
	defer rows.Close()
	var res VerifyResult
	prev, want := "", int64(1)
	fail := func(seq int64, format string, args ...any) (VerifyResult, error) {
		res.BadSeq, res.Problem = seq, fmt.Sprintf(format, args...)
		return res, nil
	}
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return res, err
		}
		switch {
		case r.Seq != want:
			return fail(want, "Thiếu dòng nhật ký số %d.", want)
		case r.PrevHash != prev:
			return fail(r.Seq, "Dòng nhật ký số %d không nối với dòng trước (dòng trước đã bị sửa hoặc xóa).", r.Seq)
		case r.computeHash() != r.Hash:
			if r.Seq > legacyUpto || !r.legacyMatch() {
				return fail(r.Seq, "Dòng nhật ký số %d đã bị sửa.", r.Seq)
			}
			res.Rounded++
		}
		prev, want = r.Hash, want+1
		res.Rows++
	}
	if err := rows.Err(); err != nil {
		return res, err
	}
	var headSeq int64
	var headHash string
	if err := tx.queryRow("SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&headSeq, &headHash); err != nil {
		return res, err
	}
	if headSeq != res.Rows || headHash != prev {
		return fail(res.Rows+1, "Thiếu dòng nhật ký số %d (cuối nhật ký đã bị xóa).", res.Rows+1)
	}
	res.OK = true
	return res, nil
}

// VerifyAudit walks the chain in one read snapshot: the shorthand of the
// audit use case for the command line, backups and tests.
func (db *DB) VerifyAudit(ctx context.Context, a domain.Actor) (VerifyResult, error) {
	var res VerifyResult
	err := db.Read(ctx, a, func(tx *Tx) (err error) {
		res, err = tx.VerifyAudit()
		return err
	})
	return res, err
}

// Names returns the names of the organisations, members and meetings with
// these ids that the actor can see, for labelling audit rows; others are
// left out.
func (tx *Tx) Names(entity string, ids []int64) (map[int64]string, error) {
	a := tx.actor
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var q string
	var args []any
	switch entity {
	case "org":
		sc, sargs := orgScope(a)
		q, args = "SELECT o.id, o.name FROM orgs o WHERE "+sc+" AND o.id IN ", sargs
	case "member":
		sc, sargs := scopeCond(a, "m.org_path", "m.id")
		q, args = "SELECT m.id, m.full_name FROM members m WHERE "+sc+" AND m.id IN ", sargs
	case "user":
		// Accounts are named to whoever reads the audit trail, as the
		// actors of its rows are.
		q = "SELECT u.id, u.display_name FROM users u WHERE u.id IN "
	case "meeting":
		sc, sargs := meetingScope(a)
		q, args = "SELECT g.id, o.name FROM meetings g JOIN orgs o ON o.id = g.org_id WHERE "+sc+" AND g.id IN ", sargs
	default:
		return out, nil
	}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		all := append([]any{}, args...)
		for _, id := range chunk {
			all = append(all, id)
		}
		rows, err := tx.query(q+"("+placeholders(len(chunk))+")", all...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = name
		}
		rows.Close()
	}
	return out, nil
}
