package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"dangvien/internal/domain"
	"dangvien/internal/viet"
)

// entImport names imports of member lists in the audit trail.
var entImport = newEntity("import", "Lần nhập tệp")

// ImportRow is one parsed, field-validated row of an import file.
type ImportRow struct {
	Row      int // the row number in the spreadsheet
	OrgCode  string
	Fields   domain.MemberFields
	Status   domain.Status // probationary or official
	Exempted bool
	Fee      *domain.FeeProfile // validated; nil when the row gives none
}

// ImportMeta describes the file, for the audit row.
type ImportMeta struct {
	Source string `json:"source"`
	SHA256 string `json:"sha256"`
}

// ImportResult says what an import wrote.
type ImportResult struct {
	Rows    int   `json:"rows"`
	FirstID int64 `json:"first_id"`
	LastID  int64 `json:"last_id"`
	// How long the check took, outside any write transaction, and the
	// write, which holds the write lock (on SQLite, the only writer).
	CheckTime time.Duration `json:"-"`
	WriteTime time.Duration `json:"-"`
	// Unconfirmed counts the records whose admission decision date was not
	// in the file: the ceremony's day stands in, marked to be completed.
	Unconfirmed int `json:"admission_unconfirmed"`
	// Joined counts the members put on this month's collection sheets their
	// cells had already opened.
	Joined int `json:"joined_fee_sheets"`
	// Notes tell the user what the import read in a way they may not
	// expect (a file with one admission date).
	Notes []string `json:"notes,omitempty"`
}

// ImportChunk is a batch of rows handed to ImportMembers, with the problems
// the parser already found in them.
type ImportChunk struct {
	Rows   []ImportRow
	Errors []domain.RowError
}

var actMemberImport = newAction("member.import", "nhập danh sách đảng viên")

// Messages about a citizen ID or card number that the row cannot take. One
// held by a record the importer may read says so; for every reason that lies
// outside the importer's scope the answer is the same neutral sentence, so
// an import cannot be used to learn whether a number is on file elsewhere.
const (
	msgCitizenIDTaken   = "Số CCCD đã có trong hồ sơ đảng viên khác."
	msgCardTaken        = "Số thẻ đảng viên đã có trong hồ sơ khác."
	msgCitizenIDRefused = "Số CCCD không dùng được; liên hệ Ban Tổ chức cấp trên."
	msgCardRefused      = "Số thẻ đảng viên không dùng được; liên hệ Ban Tổ chức cấp trên."
)

// ImportMembers loads members from a stream of chunks, all or nothing, in
// two phases.
//
// The check reads the file once, outside any write transaction, through the
// read connections: every row's cell (an open cell in the actor's scope),
// citizen ID and card number (unique in the file and in the database), and
// the events the record starts with, which domain.ImportedEvents replays
// through the member state machine. Rows that pass are encoded into a spool
// (memory, then a temporary file), so memory holds one chunk plus the sets
// of numbers seen. If any row of any chunk has a problem, nothing is
// written and the result is a *domain.ImportError with the first problems
// (Column holds the field key) and their count.
//
// The write then holds the write lock only to copy the spool into the tables
// in one transaction, so the import stays all or nothing; the full-text
// index is filled in one statement after the rows (see writeImport). A
// number that another writer took between the check and the write is found
// by the unique indexes and reported like the check would have.
//
// next returns io.EOF after the last chunk. meta is read after the last
// chunk, so the caller may complete it (the file's hash) when next reaches
// the end.
func (db *DB) ImportMembers(ctx context.Context, a domain.Actor, meta *ImportMeta, next func() (ImportChunk, error)) (ImportResult, error) {
	if !a.Role.WritesMembers() {
		return ImportResult{}, errForbiddenWrite
	}
	t0 := time.Now()
	c := newImportCheck(db, a)
	sp := &spool{}
	defer sp.close()
	// Three stages on their own goroutines: the caller parses, the rows'
	// derived values are computed, the checks that need the whole file so
	// far (numbers seen, the database) run here.
	parsed, stopParse := ahead(prefetch(next), func(f fetched) fetched { return f })
	defer stopParse()
	today, dialect := c.today, db.Dialect
	chunks, stopPrepare := ahead(recv(parsed), func(f fetched) preparedChunk {
		if f.err != nil {
			return preparedChunk{err: f.err}
		}
		return prepareChunk(f.ImportChunk, dialect, today)
	})
	defer stopPrepare()
	for ch := range chunks {
		if ch.err != nil {
			return ImportResult{}, ch.err
		}
		if err := c.chunk(ctx, ch, sp); err != nil {
			return ImportResult{}, err
		}
	}
	if c.problems.count > 0 {
		return ImportResult{}, c.problems.err()
	}
	if c.rows == 0 {
		return ImportResult{}, &domain.Error{Code: domain.CodeInvalid, Message: "Tệp không có dòng dữ liệu nào."}
	}
	c.cids, c.cards, c.others = nil, nil, nil // the write needs none of the numbers seen
	checked := time.Now()
	res, err := db.writeImport(ctx, a, meta, c, sp)
	if errors.Is(err, errNumberTaken) {
		return ImportResult{}, c.recheck(ctx, sp)
	}
	if err != nil {
		return ImportResult{}, err
	}
	res.CheckTime, res.WriteTime = checked.Sub(t0), time.Since(checked)
	if res.Rows >= bigImport {
		db.afterBulkLoad(ctx)
	}
	return res, nil
}

// fetched is what next returned.
type fetched struct {
	ImportChunk
	err error
}

// prefetch calls next until io.EOF or an error, for ahead to run on a
// goroutine of its own: next is never called twice at once, and not after
// the import returned.
func prefetch(next func() (ImportChunk, error)) func() (fetched, bool) {
	done := false
	return func() (fetched, bool) {
		if done {
			return fetched{}, false
		}
		ch, err := next()
		if errors.Is(err, io.EOF) {
			done = true
			return fetched{}, false
		}
		done = err != nil
		return fetched{ch, err}, true
	}
}

// recv reads a channel as a source for ahead.
func recv[T any](ch <-chan T) func() (T, bool) {
	return func() (T, bool) {
		v, ok := <-ch
		return v, ok
	}
}

// ahead runs f over the items that src yields (until it says no more) on a
// goroutine of its own, one item ahead of the reader, so that the stages of
// an import use the cores there are. stop ends the goroutine early and
// waits for it.
func ahead[T, U any](src func() (T, bool), f func(T) U) (<-chan U, func()) {
	out := make(chan U, 1)
	done := make(chan struct{})
	go func() {
		defer close(out)
		for {
			v, ok := src()
			if !ok {
				return
			}
			select {
			case out <- f(v):
			case <-done:
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

// bigImport is the size from which an import refreshes the planner's
// statistics and gives the SQLite log back to the file system.
const bigImport = 10000

// afterBulkLoad refreshes the statistics of the tables an import wrote (on
// PostgreSQL with the visibility map, see RefreshStats) and, on SQLite,
// checkpoints the write-ahead log and truncates it: a large transaction
// leaves a log as large as what it wrote (922 MB after a million rows),
// which the automatic checkpoint copies back but never shrinks.
func (db *DB) afterBulkLoad(ctx context.Context) {
	if db.Dialect == Postgres {
		db.w.ExecContext(ctx, "VACUUM (ANALYZE) members, member_events, member_placements")
		return
	}
	db.RefreshStats(ctx)
	db.w.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
}

// RefreshStats gives the query planner fresh statistics after a bulk load
// and, on PostgreSQL, the visibility map that index-only scans need; until
// autovacuum comes by, counts over a freshly loaded table read the heap.
// It is maintenance: a failure is not the import's failure.
func (db *DB) RefreshStats(ctx context.Context) {
	if db.Dialect == Postgres {
		db.w.ExecContext(ctx, "VACUUM (ANALYZE) members, member_events, member_placements, meetings, meeting_attendance, fee_months, fee_totals, fee_profiles")
		return
	}
	// A sampled ANALYZE (analysis_limit) keeps this to a moment at 1M rows.
	db.w.ExecContext(ctx, "PRAGMA analysis_limit=1000")
	db.w.ExecContext(ctx, "PRAGMA optimize=0x10002")
}

// importCheck is the state of an import's check phase.
type importCheck struct {
	db       *DB
	a        domain.Actor
	today    domain.Date
	orgs     map[string]int // code → index in cells, or -1 with the reason in badOrg
	badOrg   map[string]string
	cells    []domain.Org
	cids     map[uint64]int32  // citizen ID → first row
	cards    map[cardKey]int32 // card number → first row
	others   map[string]int32  // a number that does not pack (not validated) → first row
	problems problems
	rows     int // rows that passed
	// unconfirmed counts the rows that passed without the admission
	// decision's date: the ceremony's day stands in for it.
	unconfirmed int
}

func newImportCheck(db *DB, a domain.Actor) *importCheck {
	return &importCheck{db: db, a: a, today: db.today(), orgs: map[string]int{}, badOrg: map[string]string{},
		cids: map[uint64]int32{}, cards: map[cardKey]int32{}, others: map[string]int32{}}
}

// preparedChunk is a chunk with what each row's record needs that depends on
// the row alone (pure functions: prepareChunk runs it ahead of the checks).
type preparedChunk struct {
	ImportChunk
	rows []preparedRow // one per ImportChunk.Rows
	err  error
}

type preparedRow struct {
	fold, search string
	sortKey      []byte
	st           domain.State
	refused      []domain.RowError // the state machine's refusal
}

func prepareChunk(ch ImportChunk, d Dialect, today domain.Date) preparedChunk {
	pc := preparedChunk{ImportChunk: ch, rows: make([]preparedRow, len(ch.Rows))}
	for i := range ch.Rows {
		r, p := &ch.Rows[i], &pc.rows[i]
		events, st, err := domain.ImportedEvents(&r.Fields, r.Status, r.Exempted, today)
		if err != nil {
			var de *domain.Error
			if !errors.As(err, &de) {
				return preparedChunk{err: err}
			}
			for k, reason := range de.Fields {
				p.refused = append(p.refused, domain.RowError{Row: r.Row, Column: k, Reason: reason})
			}
			continue
		}
		if !eventsAsWritten(events, &r.Fields, st, today) {
			return preparedChunk{err: fmt.Errorf("store: row %d: the events domain.ImportedEvents gives are not those writeImportedEvents writes", r.Row)}
		}
		p.st = st
		p.fold, p.sortKey = viet.Fold(r.Fields.FullName), viet.SortKey(r.Fields.FullName)
		if d == Postgres {
			p.search = searchTextFolded(p.fold, &r.Fields)
		}
	}
	return pc
}

// chunk checks one chunk and spools its rows while the file has no problem.
func (c *importCheck) chunk(ctx context.Context, ch preparedChunk, sp *spool) error {
	errs := slices.Clone(ch.Errors)
	type passed struct {
		r   *ImportRow
		p   *preparedRow
		org int
	}
	ok := make([]passed, 0, len(ch.Rows))
	for i := range ch.Rows {
		r, p := &ch.Rows[i], &ch.rows[i]
		n := len(errs)
		org, err := c.cell(ctx, r.OrgCode)
		if err != nil {
			return err
		}
		if org < 0 {
			errs = append(errs, domain.RowError{Row: r.Row, Column: "org_code", Reason: c.badOrg[r.OrgCode]})
		}
		for _, k := range []struct{ col, val string }{{"citizen_id", r.Fields.CitizenID}, {"card_number", r.Fields.CardNumber}} {
			if k.val == "" {
				continue
			}
			if prev, dup := c.seen(k.col, k.val, r.Row); dup {
				errs = append(errs, domain.RowError{Row: r.Row, Column: k.col, Reason: "Trùng với dòng " + itoa(prev) + " trong tệp."})
			}
		}
		errs = append(errs, p.refused...)
		if len(errs) == n {
			ok = append(ok, passed{r, p, org})
		}
	}
	rows := make([]*ImportRow, len(ok))
	for i := range ok {
		rows[i] = ok[i].r
	}
	taken, err := c.taken(ctx, rows)
	if err != nil {
		return err
	}
	errs = append(errs, taken...)
	if len(errs) > 0 {
		slices.SortStableFunc(errs, func(a, b domain.RowError) int { return a.Row - b.Row })
		c.problems.add(errs)
		sp.drop() // nothing will be written: keep checking, spool no more
		return nil
	}
	if c.problems.count > 0 {
		return nil
	}
	for _, ps := range ok {
		sr := spoolRow{Row: ps.r.Row, Org: ps.org, Fields: ps.r.Fields, Fold: ps.p.fold, SortKey: ps.p.sortKey, Search: ps.p.search,
			Status: ps.p.st.Status, Exempted: ps.p.st.Exempted, Fee: ps.r.Fee}
		if err := sp.put(&sr); err != nil {
			return err
		}
		if ps.r.Fields.DecisionCopied {
			c.unconfirmed++
		}
	}
	c.rows += len(ok)
	return nil
}

// cell finds an open cell in scope by code, through the cache: its index in
// c.cells, or -1 with the reason in c.badOrg.
func (c *importCheck) cell(ctx context.Context, code string) (int, error) {
	if i, ok := c.orgs[code]; ok {
		return i, nil
	}
	o, err := c.db.importCell(ctx, c.a, code)
	var de *domain.Error
	if errors.As(err, &de) {
		c.orgs[code], c.badOrg[code] = -1, de.Message
		return -1, nil
	}
	if err != nil {
		return 0, err
	}
	c.orgs[code] = len(c.cells)
	c.cells = append(c.cells, o)
	return len(c.cells) - 1, nil
}

// importCell finds an open cell in scope by code, or says why not. The same
// sentence answers a code that does not exist and one outside the scope.
func (db *DB) importCell(ctx context.Context, a domain.Actor, code string) (domain.Org, error) {
	if code == "" {
		return domain.Org{}, &domain.Error{Code: domain.CodeInvalid, Message: "Chưa có mã chi bộ (cột «Mã tổ chức» hoặc tùy chọn --org)."}
	}
	sc, args := orgScope(a)
	o, err := scanOrg(db.queryRow(ctx, "SELECT "+orgCols+" FROM orgs o WHERE o.code = ? AND "+sc, append([]any{strings.ToUpper(code)}, args...)...))
	if err != nil {
		if isNoRows(err) {
			return o, domain.Errorf(domain.CodeInvalid, "Không có tổ chức mã %s trong phạm vi quản lý.", code)
		}
		return o, err
	}
	return o, openCell(o)
}

// openCell says why members cannot be placed in o, if they cannot.
func openCell(o domain.Org) error {
	switch {
	case !o.Kind.IsCell():
		return domain.Errorf(domain.CodeInvalid, "%s (%s) không phải là chi bộ.", o.Name, o.Code)
	case !o.ValidTo.IsZero():
		return domain.Errorf(domain.CodeInvalid, "%s (%s) đã giải thể hoặc sáp nhập.", o.Name, o.Code)
	}
	return nil
}

// seen records a citizen ID or card number (col) and returns the earlier
// row that holds it, if any. Validated numbers are kept packed in integers,
// exactly: 1M rows cost about 40 MB rather than the strings' 100.
func (c *importCheck) seen(col, v string, row int) (int, bool) {
	var prev int32
	var dup bool
	if k, ok := citizenKey(v); ok && col == "citizen_id" {
		if prev, dup = c.cids[k]; !dup {
			c.cids[k] = int32(row)
		}
	} else if k, ok := cardKeyOf(v); ok && col == "card_number" {
		if prev, dup = c.cards[k]; !dup {
			c.cards[k] = int32(row)
		}
	} else if prev, dup = c.others[col+":"+v]; !dup {
		c.others[col+":"+v] = int32(row)
	}
	return int(prev), dup
}

// citizenKey packs a 12-digit citizen ID into an integer, exactly: "1"
// before the digits keeps the leading zeros apart.
func citizenKey(v string) (uint64, bool) {
	if len(v) != 12 {
		return 0, false
	}
	k := uint64(1)
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return 0, false
		}
		k = k*10 + uint64(v[i]-'0')
	}
	return k, true
}

// cardKey is a card number of up to 20 of 0-9, A-Z, '.', '-' packed exactly
// into 128 bits: ten base-39 digits in each half, 1–38 for the characters,
// so that lengths stay apart.
type cardKey [2]uint64

func cardKeyOf(v string) (cardKey, bool) {
	var k cardKey
	if len(v) > 20 {
		return k, false
	}
	for i := 0; i < len(v); i++ {
		var d uint64
		switch b := v[i]; {
		case b >= '0' && b <= '9':
			d = uint64(b-'0') + 1
		case b >= 'A' && b <= 'Z':
			d = uint64(b-'A') + 11
		case b == '.':
			d = 37
		case b == '-':
			d = 38
		default:
			return k, false
		}
		k[i/10] = k[i/10]*39 + d
	}
	return k, true
}

// taken finds the rows whose citizen ID or card number a record in the
// database already holds, with the message the actor may see: whether the
// record is in the actor's scope is decided in the same query.
func (c *importCheck) taken(ctx context.Context, rows []*ImportRow) ([]domain.RowError, error) {
	var out []domain.RowError
	sc, sargs := scopeCond(c.a, "m.org_path", "m.id")
	for _, col := range []struct {
		name, inScope, outside string
		get                    func(*ImportRow) string
	}{
		{"citizen_id", msgCitizenIDTaken, msgCitizenIDRefused, func(r *ImportRow) string { return r.Fields.CitizenID }},
		{"card_number", msgCardTaken, msgCardRefused, func(r *ImportRow) string { return r.Fields.CardNumber }},
	} {
		byVal := map[string]int{}
		var vals []any
		for _, r := range rows {
			if v := col.get(r); v != "" {
				byVal[v] = r.Row
				vals = append(vals, v)
			}
		}
		// Lists of one length, the last value repeated to fill them, so that
		// the statement is prepared once (the statement cache) rather than
		// once per chunk.
		q := "SELECT m." + col.name + ", CASE WHEN " + sc + " THEN 1 ELSE 0 END FROM members m WHERE m." + col.name + " IN (" + placeholders(takenList) + ")"
		for start := 0; start < len(vals); start += takenList {
			part := vals[start:min(start+takenList, len(vals))]
			args := append(slices.Clone(sargs), part...)
			for len(args) < len(sargs)+takenList {
				args = append(args, part[len(part)-1])
			}
			rs, err := c.db.query(ctx, q, args...)
			if err != nil {
				return nil, err
			}
			for rs.Next() {
				var v string
				var visible int
				if err := rs.Scan(&v, &visible); err != nil {
					rs.Close()
					return nil, err
				}
				msg := col.outside
				if visible == 1 {
					msg = col.inScope
				}
				out = append(out, domain.RowError{Row: byVal[v], Column: col.name, Reason: msg})
			}
			rs.Close()
			if err := rs.Err(); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// takenList is how many numbers one query of taken looks up.
const takenList = 500

// recheck runs the database half of the check again over the spooled rows,
// after a write that a unique index refused: another writer took a number
// of the file after the check. It answers like the check.
func (c *importCheck) recheck(ctx context.Context, sp *spool) error {
	rd, err := sp.reader()
	if err != nil {
		return err
	}
	var errs []domain.RowError
	for {
		batch, err := rd.next(importBatch)
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			break
		}
		rows := make([]*ImportRow, len(batch))
		for i := range batch {
			rows[i] = &ImportRow{Row: batch[i].Row, Fields: batch[i].Fields}
		}
		t, err := c.taken(ctx, rows)
		if err != nil {
			return err
		}
		errs = append(errs, t...)
	}
	if len(errs) == 0 {
		return &domain.Error{Code: domain.CodeConflict, Message: "Trong lúc nhập, một số CCCD hoặc số thẻ đảng viên của tệp vừa được ghi vào hồ sơ khác; hãy nhập lại tệp."}
	}
	slices.SortStableFunc(errs, func(a, b domain.RowError) int { return a.Row - b.Row })
	var p problems
	p.add(errs)
	return p.err()
}

// problems keeps the first domain.ImportErrorsKept problems and counts the rest.
type problems struct {
	kept  []domain.RowError
	count int
}

func (p *problems) add(errs []domain.RowError) {
	p.count += len(errs)
	if room := domain.ImportErrorsKept - len(p.kept); room > 0 {
		p.kept = append(p.kept, errs[:min(room, len(errs))]...)
	}
}

func (p *problems) err() *domain.ImportError {
	return &domain.ImportError{Rows: p.kept, Total: p.count}
}

// commonPath is the deepest organisation path that holds all of paths.
func commonPath(paths []string) string {
	if len(paths) == 0 {
		return "/"
	}
	p := paths[0]
	for _, q := range paths[1:] {
		for !strings.HasPrefix(q, p) {
			p = p[:strings.LastIndex(strings.TrimSuffix(p, "/"), "/")+1]
		}
	}
	return p
}

// ExportMembers calls fn for each active member of an organisation's subtree,
// in Vietnamese name order, with the code of the member's cell and the
// member's fee profile (nil when none is set).
func (db *DB) ExportMembers(ctx context.Context, a domain.Actor, orgID int64, fn func(m domain.Member, orgCode string, fee *domain.FeeProfile) error) error {
	o, err := db.Org(ctx, a, orgID)
	if err != nil {
		return err
	}
	sc, args := scopedSubtree(a, "m.org_path", "m.id", o.Path)
	rows, err := db.query(ctx, "SELECT "+memberCols+", o.code, fp.member_id IS NOT NULL, coalesce(fp.category, ''), coalesce(fp.base, 0), coalesce(fp.tier, 0), coalesce(fp.past_working_age, "+
		db.falseLit()+"), coalesce(fp.exemption, '')"+memberFrom+"LEFT JOIN fee_profiles fp ON fp.member_id = m.id WHERE "+sc+" AND "+db.activeRow("m.status")+" ORDER BY m.sort_key, m.id", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var has bool
		var p domain.FeeProfile
		m, err := scanMemberAnd(rows, &code, &has, &p.Category, &p.Base, &p.Tier, &p.PastWorkingAge, &p.Exemption)
		if err != nil {
			return err
		}
		var fee *domain.FeeProfile
		if has {
			fee = &p
		}
		if err := fn(m, code, fee); err != nil {
			return err
		}
	}
	return rows.Err()
}
