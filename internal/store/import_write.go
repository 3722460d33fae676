package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"dangvien/internal/domain"
)

var (
	eventCols     = []string{"member_id", "kind", "date", "reason", "decision", "discipline", "org_id", "created_at", "created_by", "decision_date"}
	feeCols       = []string{"member_id", "category", "base", "tier", "past_working_age", "exemption", "updated_at"}
	memberColList = strings.Split(strings.Join(strings.Fields(strings.ReplaceAll(insertCols, ",", " ")), ","), ",")
)

// sortCache is the writer's page cache while an import builds indexes
// (KiB, negative as PRAGMA cache_size takes it).
const sortCache = -16384

// pgSortMem is PostgreSQL's maintenance_work_mem for the index builds of a
// first load: an index of 200k members sorts in memory.
const pgSortMem = 128 << 20

// importBatch is how many spooled rows the write sends to the database at a time.
const importBatch = 2000

// errNumberTaken is a write refused by the unique index on citizen_id or
// card_number: a writer took a number of the file after the check.
var errNumberTaken = errors.New("store: a number of the file was taken during the import")

// writeImport copies the spool into the tables in one transaction. The write
// lock is held for this phase only: everything that can be computed was
// computed by the check. On SQLite the full-text rows are written in one
// INSERT … SELECT after the members (member_fts_hold holds back the row
// trigger): the trigger, fired per row inside a statement that opens a
// savepoint, made FTS5 flush its pending index to disk at every row. When
// the import is at least as large as the table (a first load), SQLite's
// secondary indexes are dropped and built again after the rows, inside the
// transaction, where readers keep those of their snapshot. The SQLite
// transaction begins with temp_store=MEMORY: each multi-row INSERT opens a
// statement journal holding the pages it changes that existed before it,
// and with temporary files that journal cost two write system calls per
// page (40% of a 64-row INSERT's CPU); the sorts of the index builds go to
// files again. The rows are written with SQLite's foreign keys off and
// INSERT OR ROLLBACK, and in a first load with the full-text trigger dropped
// (built again with the indexes): the references are right by construction
// (the cells recheckCells read in this transaction, the members written
// here), and a statement that can neither fail halfway nor fire a trigger
// keeps no statement journal; a unique index's refusal rolls the whole
// transaction back, as the import would. On PostgreSQL
// the ids are reserved before the transaction, so that the lock that keeps
// them consecutive is not held for the length of the import; a first load
// drops and builds again the secondary indexes as on SQLite (dropIndexes);
// foreign keys stay, since dropping a foreign key locks out every reader of
// the table it points to (orgs), but their per-row checks are turned off
// for the rows' statements where the role may (see quietRowChecks). A
// larger GIN pending list for the import cost less CPU, but it is left to
// whichever writer next finds it over the usual 4 MB, a user's edit during
// the import among them, to merge all of it, the import's uncommitted
// entries included: not done.
func (db *DB) writeImport(ctx context.Context, a domain.Actor, meta *ImportMeta, c *importCheck, sp *spool) (ImportResult, error) {
	var res ImportResult
	var first int64
	if db.Dialect == Postgres {
		var err error
		if first, err = db.reserveIDs(ctx, "members", c.rows); err != nil {
			return res, err
		}
	}
	set, reset := "", ""
	if db.Dialect == SQLite {
		set, reset = "PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF", "PRAGMA temp_store = FILE; PRAGMA foreign_keys = ON"
	}
	err := db.writeOn(ctx, a, set, reset, func(tx *Tx) error {
		var rebuild []string
		// The tables are locked before the cells' rows: an import that waits
		// for them holds no row lock.
		if db.Dialect == Postgres && c.rows >= int(first-1) { // ids may have gaps here: a first load is then missed, never invented
			var err error
			if rebuild, err = tx.dropIndexes("members", "member_events", "member_placements"); err != nil {
				return err
			}
		}
		if err := tx.recheckCells(c.cells); err != nil {
			return err
		}
		if db.Dialect == SQLite {
			var err error
			if first, err = tx.nextIDs("members", c.rows); err != nil {
				return err
			}
			if _, err := tx.exec("INSERT INTO member_fts_hold (id) VALUES (1)"); err != nil {
				return err
			}
			if c.rows >= int(first-1) { // at least as many rows as the table (ids run from 1 without gaps)
				rebuild, err = tx.dropIndexes("members", "member_events", "member_placements")
				if err != nil {
					return err
				}
				trig, err := tx.dropTrigger("members_fts_ins")
				if err != nil {
					return err
				}
				if trig != "" {
					rebuild = append(rebuild, trig)
				}
			}
		}
		// Members who join a cell this month go on its fee sheet if the cell
		// has opened it (not the months before: the list brings them in now).
		this := domain.MonthOf(tx.Today())
		cellIDs := make([]int64, len(c.cells))
		for i, o := range c.cells {
			cellIDs[i] = o.ID
		}
		opened, err := tx.OpenSheetCells(cellIDs, this)
		if err != nil {
			return err
		}
		verb := "INSERT"
		if db.Dialect == SQLite {
			verb = "INSERT OR ROLLBACK"
		}
		quiet := false
		if db.Dialect == Postgres {
			if quiet, err = tx.quietRowChecks(importTables); err != nil {
				return err
			}
		}
		joining := map[int][]int64{} // cell index → ids, for the cells in opened
		now := stampText(db.stamp()) // every row the import writes was created at once
		batches, stop := db.importBatches(sp, c.cells, first, now)
		defer stop()
		id := first
		for b := range batches {
			if b.err != nil {
				return b.err
			}
			for i, cell := range b.cells {
				if opened[c.cells[cell].ID] {
					joining[cell] = append(joining[cell], id+int64(i))
				}
			}
			for _, t := range []struct {
				table string
				cols  []string
				rows  [][]any
			}{{"members", db.memberColumns(), b.members}, {"fee_profiles", feeCols, b.fees}} {
				if err := tx.bulkInsertVerb(verb, t.table, t.cols, t.rows); err != nil {
					if isUnique(err) {
						return errNumberTaken
					}
					return err
				}
			}
			id += int64(len(b.members))
		}
		res = ImportResult{Rows: int(id - first), FirstID: first, LastID: id - 1, Unconfirmed: c.unconfirmed}
		if res.Rows != c.rows {
			return fmt.Errorf("store: import spooled %d rows, wrote %d", c.rows, res.Rows)
		}
		// Each member is placed in its cell from its admission: one statement
		// over the rows just written.
		if _, err := tx.exec("INSERT INTO member_placements (member_id, org_id, valid_from) SELECT id, org_id, admission_date FROM members WHERE id BETWEEN ? AND ? ORDER BY id", res.FirstID, res.LastID); err != nil {
			return err
		}
		if err := tx.writeImportedEvents(res.FirstID, res.LastID, c.today, a.UserID, now); err != nil {
			return err
		}
		if len(rebuild) > 0 && db.Dialect == Postgres {
			// Each build sorts in memory up to this, then in temporary files.
			if _, err := tx.exec("SET LOCAL maintenance_work_mem = '" + itoa(pgSortMem>>20) + "MB'"); err != nil {
				return err
			}
		}
		if len(rebuild) > 0 && db.Dialect == SQLite {
			// An index build sorts in memory up to the cache's size and spills
			// sorted runs to temporary files beyond it: a smaller cache bounds
			// its memory (a million rows took 150 MB more at 64 MiB).
			var cache int
			if err := tx.queryRow("PRAGMA cache_size").Scan(&cache); err != nil {
				return err
			}
			if _, err := tx.exec("PRAGMA cache_size = " + itoa(sortCache)); err != nil {
				return err
			}
			// The sorts go to temporary files again (the statement journals
			// stay in memory: SQLite chose their place at BEGIN).
			if _, err := tx.exec(reset); err != nil {
				return err
			}
			defer tx.exec("PRAGMA cache_size = " + itoa(cache))
		}
		if quiet {
			if _, err := tx.exec("SET LOCAL session_replication_role = origin"); err != nil {
				return err
			}
		}
		for _, q := range rebuild {
			if _, err := tx.exec(q); err != nil {
				return err
			}
		}
		if db.Dialect == SQLite {
			if _, err := tx.exec("INSERT INTO member_fts (rowid, name_fold, card_number, citizen_id) SELECT id, name_fold, card_number, citizen_id FROM members WHERE id BETWEEN ? AND ?", res.FirstID, res.LastID); err != nil {
				return err
			}
			if _, err := tx.exec("DELETE FROM member_fts_hold"); err != nil {
				return err
			}
		}
		for i, o := range c.cells {
			if err := tx.JoinOpenSheets(o, joining[i], this); err != nil {
				return err
			}
			res.Joined += len(joining[i])
		}
		list := make([]string, len(c.cells))
		for i, o := range c.cells {
			list[i] = o.Path
		}
		return tx.audit(actMemberImport, entImport, res.FirstID, commonPath(list), nil, struct {
			ImportMeta
			ImportResult
		}{*meta, res})
	})
	return res, err
}

// writeImportedEvents writes the events each imported member starts with
// (domain.ImportedEvents: admitted, recognised when official, exempted
// when the file says so; eventsAsWritten holds every row of the check to
// them) from the members' rows just written, one statement per kind, so
// that a member's events take ids in their order. Sent as values they were
// four values in ten of the import's (2.4 per member), each bound one by
// one.
func (tx *Tx) writeImportedEvents(first, last int64, today domain.Date, by int64, created stampText) error {
	date, stamp, now := "?", "?", any(created)
	if tx.db.Dialect == Postgres {
		date, stamp, now = "CAST(? AS DATE)", "CAST(? AS TIMESTAMPTZ)", pgValue(created)
	}
	for _, k := range []struct {
		kind                  domain.EventKind
		date, decided, filter string
		reason                string
		args                  []any
	}{
		{domain.EventAdmitted, "admission_date", "CASE WHEN admission_unconfirmed THEN NULL ELSE admission_decision_date END", "", domain.ImportReason, nil},
		{domain.EventRecognised, "official_date", "NULL", " AND status = '" + string(domain.StatusOfficial) + "'", domain.ImportReason, nil},
		{domain.EventExempted, date, "NULL", " AND exempted", domain.ImportExemptedReason, []any{today}},
	} {
		q := "INSERT INTO member_events (" + strings.Join(eventCols, ", ") + ") SELECT id, ?, " + k.date + ", ?, '', '', org_id, " + stamp + ", ?, " + k.decided +
			" FROM members WHERE id BETWEEN ? AND ?" + k.filter + " ORDER BY id"
		args := append(append([]any{string(k.kind)}, k.args...), k.reason, now, nullID(by), first, last)
		if _, err := tx.exec(q, args...); err != nil {
			return err
		}
	}
	return nil
}

// eventsAsWritten tells whether events, which domain.ImportedEvents gave
// for a row of the file, are those writeImportedEvents writes from the
// member's row: the check refuses the import otherwise, so that the rule
// and the statement cannot part without a test noticing.
func eventsAsWritten(events []domain.Event, f *domain.MemberFields, st domain.State, today domain.Date) bool {
	n := 1
	if st.Status == domain.StatusOfficial {
		n++
	}
	if st.Exempted {
		n++
	}
	if len(events) != n {
		return false
	}
	for i, e := range events {
		want := domain.Event{Kind: domain.EventAdmitted, Date: f.AdmissionDate, Reason: domain.ImportReason}
		switch {
		case i == 0:
			if !f.DecisionCopied {
				want.Decided = f.DecisionDate
			}
		case i == 1 && st.Status == domain.StatusOfficial:
			want = domain.Event{Kind: domain.EventRecognised, Date: f.OfficialDate, Reason: domain.ImportReason}
		default:
			want = domain.Event{Kind: domain.EventExempted, Date: today, Reason: domain.ImportExemptedReason}
		}
		if e.Kind != want.Kind || e.Date != want.Date || e.Decided != want.Decided || e.Reason != want.Reason || e.Decision != "" || e.Discipline != "" || e.ToOrgID != 0 {
			return false
		}
	}
	return true
}

// importRows is one batch of the spool, as column values, with the index
// of each member's cell.
type importRows struct {
	members, fees [][]any
	cells         []int
	err           error
}

// importBatches reads the spool and turns it into column values in a
// goroutine of its own, a batch ahead of the writer: the write lock is held
// while the database works, not while Go decodes. Ids run from first on, in
// spool order; now is the rows' creation stamp. stop ends the goroutine
// early.
func (db *DB) importBatches(sp *spool, cells []domain.Org, first int64, now stampText) (<-chan importRows, func()) {
	out := make(chan importRows, 1)
	done := make(chan struct{})
	go func() {
		defer close(out)
		send := func(b importRows) bool {
			select {
			case out <- b:
				return true
			case <-done:
				return false
			}
		}
		rd, err := sp.reader()
		if err != nil {
			send(importRows{err: err})
			return
		}
		ncols := len(db.memberColumns())
		id := first
		for {
			batch, err := rd.next(importBatch)
			if err != nil {
				send(importRows{err: err})
				return
			}
			if len(batch) == 0 {
				return
			}
			b := importRows{members: make([][]any, len(batch)), cells: make([]int, len(batch))}
			vals := make([]any, 0, len(batch)*ncols) // one allocation for the batch's values
			for i := range batch {
				r := &batch[i]
				o := cells[r.Org]
				vals = db.importValues(vals, id, o, r, now)
				b.members[i], b.cells[i] = vals[len(vals)-ncols:len(vals):len(vals)], r.Org
				if p := r.Fee; p != nil {
					b.fees = append(b.fees, []any{id, string(p.Category), p.Base, p.Tier, p.PastWorkingAge, string(p.Exemption), now})
				}
				id++
			}
			if !send(b) {
				return
			}
		}
	}()
	return out, func() {
		close(done)
		for range out {
		}
	}
}

// importValues appends a spooled row's column values in memberColumns order:
// memberRow's, with the folded name, sort key and search prefixes the check
// computed.
func (db *DB) importValues(v []any, id int64, org domain.Org, r *spoolRow, now any) []any {
	v = append(v, id, org.ID, org.Path, r.Fold, r.SortKey)
	for _, fd := range domain.MemberFieldTable {
		v = append(v, fieldValue(fd, &r.Fields))
	}
	v = append(v, string(r.Status), r.Exempted, now, now)
	if db.Dialect == Postgres {
		v = append(v, r.Search)
	}
	return v
}

// recheckCells reads the import's cells again inside the write: one may have
// been dissolved, or moved (its path is then the new one), since the check.
func (tx *Tx) recheckCells(cells []domain.Org) error {
	sc, sargs := orgScope(tx.actor)
	for start := 0; start < len(cells); start += 500 {
		part := cells[start:min(start+500, len(cells))]
		ids := make([]any, len(part))
		at := map[int64]int{}
		for i, o := range part {
			ids[i], at[o.ID] = o.ID, start+i
		}
		q := "SELECT " + orgCols + " FROM orgs o WHERE o.id IN (" + placeholders(len(ids)) + ") AND " + sc
		if tx.db.Dialect == Postgres {
			q += " FOR KEY SHARE OF o" // as the foreign keys of the rows would lock them
		}
		rows, err := tx.query(q, append(ids, sargs...)...)
		if err != nil {
			return err
		}
		seen := 0
		for rows.Next() {
			o, err := scanOrg(rows)
			if err != nil {
				rows.Close()
				return err
			}
			if err := openCell(o); err != nil {
				rows.Close()
				return err
			}
			cells[at[o.ID]] = o
			seen++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if seen != len(part) {
			return &domain.Error{Code: domain.CodeConflict, Message: "Một chi bộ của tệp vừa ra khỏi phạm vi quản lý trong lúc nhập; hãy nhập lại tệp."}
		}
	}
	return nil
}

// reserveIDs reserves n consecutive ids of a PostgreSQL table in a
// transaction of its own: sequences are not transactional, so the ids stay
// reserved (a refused import leaves a gap), and the advisory lock that keeps
// them consecutive (see nextIDs) is held for this moment only.
func (db *DB) reserveIDs(ctx context.Context, table string, n int) (int64, error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtext($1))", "ids:"+table); err != nil {
		return 0, err
	}
	seq := fmt.Sprintf("pg_get_serial_sequence('%s', 'id')", table)
	var first int64
	if err := tx.QueryRowContext(ctx, "SELECT nextval("+seq+")").Scan(&first); err != nil {
		return 0, err
	}
	if n > 1 {
		if _, err := tx.ExecContext(ctx, "SELECT setval("+seq+", $1)", first+int64(n)-1); err != nil {
			return 0, err
		}
	}
	return first, tx.Commit()
}

// pgTableWait is how long a first load waits on PostgreSQL for the
// exclusive locks that dropping indexes takes, before it writes through the
// indexes instead: readers that come after it queue behind the waiting
// lock, so it must not wait on a long read (an export) for long.
const pgTableWait = 2 * time.Second

// lockAtOnce locks tables (PostgreSQL, ACCESS EXCLUSIVE) if it can within
// pgTableWait, and says whether it did.
func (tx *Tx) lockAtOnce(tables []string) (bool, error) {
	var old string
	if err := tx.queryRow("SELECT current_setting('lock_timeout')").Scan(&old); err != nil {
		return false, err
	}
	got, err := tx.tryInSavepoint("lock_tables", func() error {
		if _, err := tx.exec("SELECT set_config('lock_timeout', ?, true)", itoa(int(pgTableWait/time.Millisecond))+"ms"); err != nil {
			return err
		}
		_, err := tx.exec("LOCK TABLE " + strings.Join(tables, ", ") + " IN ACCESS EXCLUSIVE MODE")
		return err
	}, func(err error) bool { return strings.Contains(err.Error(), "SQLSTATE 55P03") }) // lock_not_available
	if err != nil || !got {
		return false, err // a refusal took the timeout back with the savepoint
	}
	_, err = tx.exec("SELECT set_config('lock_timeout', ?, true)", old)
	return true, err
}

// tryInSavepoint runs fn (PostgreSQL) in a savepoint and says whether it
// succeeded. On an error refused accepts the transaction goes back to where
// it was, as if fn had not run, and goes on; another error is returned.
func (tx *Tx) tryInSavepoint(name string, fn func() error, refused func(error) bool) (bool, error) {
	if _, err := tx.exec("SAVEPOINT " + name); err != nil {
		return false, err
	}
	ok := true
	if err := fn(); err != nil {
		if !refused(err) {
			return false, err
		}
		if _, err := tx.exec("ROLLBACK TO SAVEPOINT " + name); err != nil {
			return false, err
		}
		ok = false
	}
	_, err := tx.exec("RELEASE SAVEPOINT " + name)
	return ok && err == nil, err
}

// isUnique tells whether err is a unique index's refusal.
func isUnique(err error) bool {
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

// dropIndexes drops the secondary indexes of tables and returns the
// statements that build them again. On SQLite, inside the import's
// transaction, readers keep the indexes of their snapshot. On PostgreSQL
// DROP INDEX locks the table (ACCESS EXCLUSIVE) until the commit: readers
// of members, member_events and member_placements wait for the write of a
// first load, which the empty tables made worth it (a B-tree built from
// sorted entries and a GIN index built at once cost a fraction of their
// upkeep row by row during COPY, the most of the import's server CPU).
// Building an index afterwards sorts its entries once, where inserting a
// row at a time into it writes pages in random order. On PostgreSQL partial
// indexes stay: they hold the few rows of their condition, and building one
// reads the whole table all the same. (On SQLite keeping them saved 0.6 s
// of CPU at 200k rows but raised the import's peak memory by 50 MB.)
func (tx *Tx) dropIndexes(tables ...string) ([]string, error) {
	args := make([]any, len(tables))
	for i, t := range tables {
		args[i] = t
	}
	q := "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (" + placeholders(len(tables)) + ") ORDER BY name"
	if tx.db.Dialect == Postgres {
		// Only the tables' owner may drop their indexes; another role
		// writes through them as they are.
		var owner bool
		if err := tx.queryRow("SELECT bool_and(pg_has_role(c.relowner, 'USAGE')) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "+
			"WHERE n.nspname = current_schema() AND c.relname IN ("+placeholders(len(tables))+")", args...).Scan(&owner); err != nil || !owner {
			return nil, err
		}
		if ok, err := tx.lockAtOnce(tables); err != nil || !ok {
			return nil, err
		}
		// Neither unique nor primary keys (constraints, which the write's
		// refusals and the foreign keys rest on), nor partial indexes.
		q = "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid " +
			"JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema() AND t.relname IN (" + placeholders(len(tables)) + ") " +
			"AND NOT i.indisunique AND NOT i.indisprimary AND i.indpred IS NULL ORDER BY c.relname"
	}
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, err
	}
	var names, build []string
	for rows.Next() {
		var name, sql string
		if err := rows.Scan(&name, &sql); err != nil {
			rows.Close()
			return nil, err
		}
		names, build = append(names, name), append(build, sql)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, n := range names {
		if _, err := tx.exec(`DROP INDEX "` + n + `"`); err != nil {
			return nil, err
		}
	}
	return build, nil
}

// importTables are the tables an import writes rows into before the
// placements.
var importTables = []string{"members", "member_events", "fee_profiles", "member_placements"}

// quietRowChecks turns off, on PostgreSQL and until the transaction sets
// session_replication_role back, the per-row foreign-key triggers of
// tables, when the role may (a superuser, or one granted SET on the
// parameter) and the tables have no trigger of their own on INSERT
// (enabled in any mode) whose firing the setting would change: those on
// UPDATE (the mobility copies) do not fire for the import's rows. It says
// whether it did. The import needs no per-row check:
// its rows point to the cells recheckCells locked (FOR KEY SHARE, as the
// checks would) and to the members it writes itself; the check
// locked each referenced member row again, which cost more than the rows.
func (tx *Tx) quietRowChecks(tables []string) (bool, error) {
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = "'" + t + "'::regclass"
	}
	var own int
	if err := tx.queryRow("SELECT count(*) FROM pg_trigger WHERE tgrelid IN (" + strings.Join(names, ", ") + ") AND NOT tgisinternal AND tgenabled <> 'D' AND tgtype & 4 <> 0").Scan(&own); err != nil || own > 0 {
		return false, err
	}
	// A role that may not set it is refused: the checks stay.
	return tx.tryInSavepoint("quiet_checks", func() error {
		_, err := tx.exec("SET LOCAL session_replication_role = replica")
		return err
	}, func(error) bool { return true })
}

// dropTrigger drops a trigger (SQLite) and returns the statement that
// creates it again; "" when there is no such trigger (the hold row still
// holds back one that took another name).
func (tx *Tx) dropTrigger(name string) (string, error) {
	var sql string
	if err := tx.queryRow("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", name).Scan(&sql); err != nil {
		if isNoRows(err) {
			return "", nil
		}
		return "", err
	}
	_, err := tx.exec(`DROP TRIGGER "` + name + `"`)
	return sql, err
}

// searchTextFolded is searchText for a name already folded: an import has
// folded it for name_fold, and folding is a good part of searchText's time.
// Prefixes are cut at rune boundaries without converting to runes.
func searchTextFolded(fold string, f *domain.MemberFields) string {
	var b strings.Builder
	b.Grow(8 * len(fold))
	for _, w := range strings.FieldsFunc(fold, notWordRune) {
		for i := range w {
			if i > 0 {
				b.WriteString(w[:i])
				b.WriteByte(' ')
			}
		}
		b.WriteString(w)
		b.WriteByte(' ')
	}
	for _, w := range numberTokens(f.CardNumber + " " + f.CitizenID) {
		b.WriteString(w)
		b.WriteByte(' ')
	}
	return b.String()
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// numberTokens is searchTokens for card and citizen numbers, which are
// ASCII: lower case, split where viet.Fold keeps a character that is not a
// letter or digit, control characters dropped as Fold drops them.
func numberTokens(s string) []string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return searchTokens(s)
		}
	}
	var out []string
	var tok []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			tok = append(tok, c+'a'-'A')
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			tok = append(tok, c)
		case c < 0x20 && !unicode.IsSpace(rune(c)) || c == 0x7f:
			// dropped, as Fold drops what does not print
		default:
			if len(tok) > 0 {
				out = append(out, string(tok))
				tok = tok[:0]
			}
		}
	}
	if len(tok) > 0 {
		out = append(out, string(tok))
	}
	return out
}
