package store

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"dangvien/internal/domain"
)

// The read log records reads of personal data (Nghị định 13/2023/NĐ-CP):
// who read which member's record, sheet, citizen-ID search, list export or
// attachment, when, from where, and how many rows. It is kept apart from
// the audit chain: its own table, not hash-chained, written asynchronously
// so that a read does not wait for a write. A handler hands a row to
// LogRead, which never blocks: the row goes into a bounded buffer that one
// goroutine writes in batches (up to 4,096 rows gathered over at most a
// second), one transaction per batch. When the buffer is full the row is
// counted as dropped, and the count is written into the log itself (and
// to the server's log) with the next batch.

// ReadKind is the kind of a read of personal data.
type ReadKind string

const (
	ReadMember   ReadKind = "member"    // a member's record, on screen or by the API
	ReadSheet    ReadKind = "sheet"     // the A4 member sheet
	ReadSearchID ReadKind = "search_id" // a search by citizen ID or card number: one row per member found
	ReadExport   ReadKind = "export"    // a list of a subtree's members
	ReadDocument ReadKind = "document"  // an attachment downloaded
	ReadList     ReadKind = "list"      // a page of whole member records from the API
	ReadDropped  ReadKind = "dropped"   // reads the full buffer could not keep, counted in Rows
)

// Read is one read, as a handler reports it. Entity is what was read:
// "member", "org" (an exported subtree), "document" or "candidate" (a
// dossier for admission); its organisation
// path is looked up when the row is written.
type Read struct {
	Kind       ReadKind
	Entity     string
	EntityID   int64
	Rows       int
	CitizenIDs bool // an export carried citizen IDs
	Phones     bool // an export carried phone numbers
	IP         string
}

// MemberRead is the read of one member's record or sheet.
func MemberRead(kind ReadKind, memberID int64, ip string) Read {
	return Read{Kind: kind, Entity: "member", EntityID: memberID, Rows: 1, IP: ip}
}

type readRow struct {
	Read
	at        string
	actorID   int64
	actor     string
	actorPath string
	flushed   chan struct{} // a FlushReads marker, not a row
}

// LogRead records a read by a. It never blocks and never fails the read
// (see the comment at the top of this file).
func (db *DB) LogRead(a domain.Actor, r Read) {
	if db.reads == nil {
		return
	}
	db.reads.add(readRow{Read: r, at: db.stamp(), actorID: a.UserID, actor: a.Username, actorPath: scopeRoot(a)})
}

// LogSearch records a search whose query is a citizen ID or card number
// (digits only): one row per member found, or one row with no member when
// nothing was. Searches by name are not recorded.
func (db *DB) LogSearch(a domain.Actor, q string, hits []SearchHit, ip string) {
	if !IDQuery(q) {
		return
	}
	if len(hits) == 0 {
		db.LogRead(a, Read{Kind: ReadSearchID, IP: ip})
	}
	for _, h := range hits {
		db.LogRead(a, Read{Kind: ReadSearchID, Entity: "member", EntityID: h.ID, Rows: 1, IP: ip})
	}
}

// IDQuery tells whether a search query looks for a citizen ID or a card
// number: digits, possibly grouped by spaces, dots or dashes. Names have no
// digits, so any digit query searches those numbers.
func IDQuery(q string) bool {
	digits := 0
	for _, r := range q {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case unicode.IsSpace(r) || r == '.' || r == '-':
		default:
			return false
		}
	}
	return digits > 0
}

// FlushReads waits until every read logged before it is written.
func (db *DB) FlushReads(ctx context.Context) error {
	if db.reads == nil {
		return nil
	}
	return db.reads.flush(ctx)
}

// ReadsDropped is how many reads were not logged since the database was
// opened because the buffer was full or a batch failed.
func (db *DB) ReadsDropped() int64 {
	if db.reads == nil {
		return 0
	}
	return db.reads.lost.Load()
}

// scopeRoot is the smallest subtree holding the whole of the actor's
// scope, by which "reads made by accounts in my subtree" are found: an
// account over one organisation is that organisation; an administrator (or
// a member's own account) is "", which only the administrators' scope holds.
func scopeRoot(a domain.Actor) string {
	if a.All() {
		return ""
	}
	return domain.ScopeRoot(a.Paths)
}

// Every commit into the database makes each reader connection drop its
// pages and unmap the file on its next read (SQLite sees the database has
// changed): under search as one types, whose citizen-ID searches log up to
// eight rows each, a batch every 100 ms cost a sixth of the server's CPU
// (2.7 against 2.3 ms a request at 300,000 members, under wrk). A batch of up to readBatch rows gathered over up to a second makes it
// one commit a second below 4,000 rows a second.
const (
	readBuffer = 16384       // rows waiting to be written; about 4 MB at most
	readBatch  = 4096        // rows per transaction at most
	readDelay  = time.Second // how long a batch gathers
)

type readLog struct {
	ch      chan readRow
	mu      sync.RWMutex // add and flush hold it to send; close takes it to close ch
	closed  bool
	dropped atomic.Int64 // not yet reported in the log
	lost    atomic.Int64 // all ever dropped
	done    chan struct{}
	write   func([]readRow) error
	// the writer goroutine's own: drops not yet in the server's log
	unwarned int64
	warned   time.Time
}

func newReadLog(size int, write func([]readRow) error) *readLog {
	l := &readLog{ch: make(chan readRow, size), done: make(chan struct{}), write: write}
	go l.run()
	return l
}

func (l *readLog) add(r readRow) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if !l.closed {
		select {
		case l.ch <- r:
			return
		default:
		}
	}
	l.dropped.Add(1)
	l.lost.Add(1)
}

func (l *readLog) flush(ctx context.Context) error {
	done := make(chan struct{})
	l.mu.RLock()
	if l.closed {
		l.mu.RUnlock()
		return nil
	}
	select {
	case l.ch <- readRow{flushed: done}:
		l.mu.RUnlock()
	case <-ctx.Done():
		l.mu.RUnlock()
		return ctx.Err()
	}
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// close writes what is buffered and stops the writer.
func (l *readLog) close() {
	l.mu.Lock()
	if !l.closed {
		l.closed = true
		close(l.ch)
	}
	l.mu.Unlock()
	<-l.done
}

func (l *readLog) run() {
	defer close(l.done)
	batch := make([]readRow, 0, readBatch)
	var waiting []chan struct{}
	take := func(r readRow) {
		if r.flushed != nil {
			waiting = append(waiting, r.flushed)
		} else {
			batch = append(batch, r)
		}
	}
	// A batch gathers for up to readDelay after its first row, so that a
	// steady trickle of reads costs a few transactions a second, not one
	// each; a flush or a full batch writes at once.
	timer := time.NewTimer(readDelay)
	timer.Stop()
	for r := range l.ch {
		take(r)
		timer.Reset(readDelay)
	gather:
		for len(batch) < readBatch && len(waiting) == 0 {
			select {
			case r, ok := <-l.ch:
				if !ok {
					break gather
				}
				take(r)
			case <-timer.C:
				break gather
			}
		}
		timer.Stop()
		l.writeBatch(batch)
		for _, w := range waiting {
			close(w)
		}
		batch, waiting = batch[:0], waiting[:0]
	}
	l.writeBatch(nil) // a drop counted after the last batch
}

func (l *readLog) writeBatch(batch []readRow) {
	if n := l.dropped.Swap(0); n > 0 {
		// The server's log hears of it at most every ten seconds; the read
		// log itself gets every count.
		if l.unwarned += n; time.Since(l.warned) >= 10*time.Second || batch == nil {
			slog.Warn("nhật ký truy cập: có lượt đọc không ghi được (bộ đệm đầy hoặc lỗi ghi)", "dropped", l.unwarned, "dropped_total", l.lost.Load())
			l.unwarned, l.warned = 0, time.Now()
		}
		batch = append(batch, readRow{Read: Read{Kind: ReadDropped, Rows: int(n)}, at: time.Now().UTC().Format(stampLayout), actor: "system"})
	}
	if len(batch) == 0 {
		return
	}
	if err := l.write(batch); err != nil {
		n := 0
		for _, r := range batch {
			if r.Kind == ReadDropped { // the reads it counted are lost again
				n += r.Rows
			} else {
				n++
			}
		}
		slog.Error("ghi nhật ký truy cập", "rows", len(batch), "err", err)
		l.dropped.Add(int64(n))
		l.lost.Add(int64(n))
	}
}

// readChunk is how many rows one INSERT carries; a shorter tail goes one
// row at a time, so there are two statement texts in all.
const readChunk = 64

const readCols = "(at, actor_id, actor, actor_path, kind, entity, entity_id, org_path, row_count, citizen_ids, phones, ip)"

// readValues resolves the organisation path of what was read as the row
// is written, so that the read itself does no extra query.
const readValues = `(?, ?, ?, ?, ?, ?, ?, coalesce(CASE ? WHEN 'member' THEN (SELECT org_path FROM members WHERE id = ?)
	WHEN 'org' THEN (SELECT path FROM orgs WHERE id = ?)
	WHEN 'document' THEN (SELECT o.path FROM meeting_documents d JOIN meetings g ON g.id = d.meeting_id JOIN orgs o ON o.id = g.org_id WHERE d.id = ?)
	WHEN 'candidate' THEN (SELECT org_path FROM candidates WHERE id = ?) END, ''), ?, ?, ?, ?)`

// writeReads writes a batch in one transaction on the writer connection.
// Only the read log's goroutine calls it; its two statements are prepared
// once (preparing the 64-row one costs more than running it).
func (db *DB) writeReads(batch []readRow) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if db.readStmts[0] == nil {
		for i, n := range []int{readChunk, 1} {
			st, err := db.w.PrepareContext(ctx, db.q("INSERT INTO read_log "+readCols+" VALUES "+strings.TrimSuffix(strings.Repeat(readValues+", ", n), ", ")))
			if err != nil {
				return err
			}
			db.readStmts[i] = st
		}
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for len(batch) > 0 {
		st, n := db.readStmts[0], readChunk
		if len(batch) < readChunk {
			st, n = db.readStmts[1], 1
		}
		args := make([]any, 0, 16*n)
		for _, r := range batch[:n] {
			args = append(args, r.at, nullID(r.actorID), r.actor, r.actorPath, string(r.Kind), r.Entity, r.EntityID,
				r.Entity, r.EntityID, r.EntityID, r.EntityID, r.EntityID, r.Rows, r.CitizenIDs, r.Phones, r.IP)
		}
		if _, err := tx.StmtContext(ctx, st).ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("read_log: %w", err)
		}
		batch = batch[n:]
	}
	return tx.Commit()
}

// ReadFilter selects read-log rows.
type ReadFilter struct {
	MemberID int64       // reads of this member
	Actor    string      // reads by this account
	From, To domain.Date // days in Vietnam, inclusive
	Before   int64       // rows older than this id, for paging back
	Limit    int
}

// ReadRow is one row of the read log.
type ReadRow struct {
	ID         int64    `json:"id"`
	At         Stamp    `json:"at"`
	ActorID    int64    `json:"actor_id,omitempty"`
	Actor      string   `json:"actor"`
	Kind       ReadKind `json:"kind"`
	Entity     string   `json:"entity,omitempty"`
	EntityID   int64    `json:"entity_id,omitempty"`
	Rows       int      `json:"rows"`
	CitizenIDs bool     `json:"citizen_ids"`
	Phones     bool     `json:"phones"`
	IP         string   `json:"ip,omitempty"`
}

// ReadLog lists the reads an actor may review, newest first: reads of
// members (and subtrees and attachments) in the actor's scope, and reads
// made by accounts whose scope lies in it. The roles that read the audit
// trail read this log.
func (tx *Tx) ReadLog(f ReadFilter) ([]ReadRow, error) {
	a := tx.actor
	if !a.Role.ReadsAudit() {
		return nil, &domain.Error{Code: domain.CodeForbidden, Message: "Vai trò của bạn không được xem nhật ký truy cập."}
	}
	about, args := scopeCond(a, "org_path", "")
	by, byArgs := scopeCond(a, "actor_path", "")
	where := []string{"(" + about + " OR " + by + ")"}
	args = append(args, byArgs...)
	if f.MemberID != 0 {
		where, args = append(where, "entity = 'member' AND entity_id = ?"), append(args, f.MemberID)
	}
	if f.Actor != "" {
		where, args = append(where, "actor = ?"), append(args, f.Actor)
	}
	if !f.From.IsZero() {
		where, args = append(where, "at >= ?"), append(args, vietnamMidnight(f.From))
	}
	if !f.To.IsZero() {
		where, args = append(where, "at < ?"), append(args, vietnamMidnight(f.To.AddDays(1)))
	}
	if f.Before > 0 {
		where, args = append(where, "id < ?"), append(args, f.Before)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	args = append(args, f.Limit)
	rows, err := tx.query(`SELECT id, at, coalesce(actor_id, 0), actor, kind, entity, entity_id, row_count, citizen_ids, phones, ip
		FROM read_log WHERE `+strings.Join(where, " AND ")+` ORDER BY id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ReadRow{}
	for rows.Next() {
		var r ReadRow
		if err := rows.Scan(&r.ID, &r.At, &r.ActorID, &r.Actor, &r.Kind, &r.Entity, &r.EntityID, &r.Rows, &r.CitizenIDs, &r.Phones, &r.IP); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReadLog is the shorthand of the audit use case for tests.
func (db *DB) ReadLog(ctx context.Context, a domain.Actor, f ReadFilter) ([]ReadRow, error) {
	var out []ReadRow
	err := db.Read(ctx, a, func(tx *Tx) (err error) {
		out, err = tx.ReadLog(f)
		return err
	})
	return out, err
}

// vietnamMidnight is the stored form of the start of a day in Vietnam.
func vietnamMidnight(d domain.Date) string {
	t := d.Time()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.FixedZone("ICT", 7*3600)).UTC().Format(stampLayout)
}
