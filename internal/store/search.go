package store

import (
	"database/sql"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"dangvien/internal/domain"
	"dangvien/internal/viet"
)

// SearchHit is one result of a search.
type SearchHit struct {
	ID         int64         `json:"id"`
	FullName   string        `json:"full_name"`
	BirthDate  domain.Date   `json:"birth_date"`
	CardNumber string        `json:"card_number,omitempty"`
	Status     domain.Status `json:"status"`
	OrgID      int64         `json:"org_id"`
	OrgName    string        `json:"org_name"`
}

// searchTokens folds a query into words of letters and digits.
func searchTokens(q string) []string {
	return strings.FieldsFunc(viet.Fold(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// searchCap is how many matches a search sorts into name order: the first
// searchCap matches of the scope in the order of the index (by id; on
// PostgreSQL the table's order for names; each number's own order for
// numbers on PostgreSQL, and on SQLite in a scope of the whole tree). A
// word that many members share
// ("Anh", "Nguyễn") would otherwise sort tens of thousands of rows to show
// twenty; past the cap the user types more to narrow it.
const searchCap = 500

// SuggestSample is how many matches of a query the dropdown of the search box
// sorts (Tx.SearchSample), where the search screen, the API and the pickers
// sort searchCap. The dropdown shows eight names: once a query matches more
// than a hundred members of the scope, the eight are an arbitrary sample of
// them whichever hundred or five hundred are sorted, and the user types
// another letter to narrow them. Sorting a hundred in place of five hundred
// takes a third off the CPU of a search at 300,000 members (BenchmarkSearch,
// province-suggest beside province), which is what a busy server's requests
// per second follow. A query with fewer matches than the sample gives the
// same names as the full search.
const SuggestSample = 100

// Search finds members of the actor's scope whose name (folded: "thao" finds
// "Thảo"), card number or citizen ID has words starting with every word of q,
// in Vietnamese name order. Scopes of a few cells are read whole, so no member
// of a secretary's cell is lost to the cap. Otherwise a query of digits (a
// citizen ID or card number, whole or begun, grouped or not) reads the
// numbers' own indexes; a name goes through the full-text index (FTS5 on
// SQLite, a GIN-indexed tsvector on PostgreSQL). Either way at most searchCap
// matches are sorted.
func (tx *Tx) Search(q string, limit int) ([]SearchHit, error) {
	return tx.SearchSample(q, limit, searchCap)
}

// SearchSample is Search sorting at most sample (up to searchCap) of the
// matches into name order (see SuggestSample). A number's plan is still
// chosen as for searchCap (numberWalk, which a sample of 100 made a lot
// slower at the 99th percentile when the walk was sized for it); the
// sample only makes the chosen plan stop sooner.
func (tx *Tx) SearchSample(q string, limit, sample int) ([]SearchHit, error) {
	a := tx.actor
	toks := pruneTokens(searchTokens(q))
	if len(toks) == 0 {
		return []SearchHit{}, nil
	}
	if len(toks) > 8 {
		toks = toks[:8]
	}
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	if a.Role.CellsOnly() || a.Role == domain.RoleMember {
		return tx.searchScope(toks, limit)
	}
	ar, err := tx.searchArea()
	if err != nil || ar.empty {
		return []SearchHit{}, err
	}
	if sample <= 0 || sample > searchCap {
		sample = searchCap
	}
	if IDQuery(q) {
		return tx.searchNumber(q, ar, limit, sample)
	}
	return tx.searchNames(toks, ar, limit, sample)
}

// searchArea is the part of the tree a search reads.
type searchArea struct {
	cond  string // the scope condition on members m; "1=1" for the whole tree
	args  []any
	whole bool // the actor's subtrees hold every organisation tree
	empty bool // and no member at all
	// lo and hi bound the ids of the scope's members, when the scope is
	// small enough for them to be read (hi is 0 otherwise).
	lo, hi int64
}

// searchAreaCap is the largest scope (in members) whose id range a search
// reads first: about 2 ms for a commune of 14,000, where walking the
// full-text matches of a whole province to find the commune's took hundreds.
const searchAreaCap = 20000

// searchArea resolves the actor's scope once for a search. A scope that
// holds every root of the tree (the province's staff) is the whole table,
// and the search needs no condition on each row, which lets it use an
// index alone. A smaller one is also bounded by the range of its members'
// ids, which the full-text index seeks to (a commune's members were mostly
// imported together and lie close).
func (tx *Tx) searchArea() (searchArea, error) {
	a := tx.actor
	if a.All() {
		return searchArea{cond: "1=1", whole: true}, nil
	}
	// Each letter typed searches again, in the same scope: its range of
	// ids is kept a moment, as the words of a prefix are (readCache). It
	// is read from the scope's rows: 9 ms of a commune's search of 14,000
	// members on PostgreSQL, whose index of paths holds no id.
	scope := strings.Join(a.Paths, "\x00")
	if tx.readOnly {
		if ar, ok := tx.db.areas.get(scope, tx.writes, time.Now()); ok {
			return ar, nil
		}
	}
	ar, err := tx.readSearchArea()
	if err == nil && tx.readOnly {
		ar.args = slices.Clip(ar.args) // shared by the searches that read it
		tx.db.areas.put(scope, ar, tx.writes, time.Now().Add(readCacheTTL))
	}
	return ar, err
}

// readSearchArea is searchArea read from the database.
func (tx *Tx) readSearchArea() (searchArea, error) {
	a := tx.actor
	whole := len(a.Paths) > 0
	rows, err := tx.query("SELECT path FROM orgs WHERE parent_id IS NULL")
	if err != nil {
		return searchArea{}, err
	}
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return searchArea{}, err
		}
		whole = whole && a.Covers(p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return searchArea{}, err
	}
	if whole {
		return searchArea{cond: "1=1", whole: true}, nil
	}
	ar := searchArea{}
	ar.cond, ar.args = scopeCond(a, "m.org_path", "m.id")
	var n int
	var lo, hi sql.NullInt64
	if err := tx.queryRow("SELECT count(*), min(id), max(id) FROM (SELECT m.id FROM members m WHERE "+ar.cond+" LIMIT ?) s",
		append(ar.args, searchAreaCap)...).Scan(&n, &lo, &hi); err != nil {
		return ar, err
	}
	ar.empty = n == 0
	if n < searchAreaCap {
		ar.lo, ar.hi = lo.Int64, hi.Int64
	}
	return ar, nil
}

// hitCols are what the first searchCap matches carry to the sort.
const hitCols = "m.id, m.full_name, m.birth_date, m.card_number, m.status, m.org_id, m.sort_key"

// searchPage sorts the matches inner selects (hitCols, at most searchCap of
// them) by name and joins the page that is returned to its cell.
func (tx *Tx) searchPage(inner string, args []any, limit int) ([]SearchHit, error) {
	q := "SELECT p.id, p.full_name, p.birth_date, coalesce(p.card_number, ''), p.status, p.org_id, o.name FROM (" +
		"SELECT * FROM (" + inner + ") c ORDER BY c.sort_key, c.id LIMIT ?" +
		") p JOIN orgs o ON o.id = p.org_id ORDER BY p.sort_key, p.id"
	args = append(args, limit)
	if tx.db.Dialect == Postgres {
		// Planned for these values, not once for any: a generic plan of a
		// commune's search reads the scope's index range whatever it holds,
		// and of a province's, the whole index (1.1 s at 1M members).
		args = append([]any{pgx.QueryExecModeCacheDescribe}, args...)
	}
	return tx.scanHits(q, args...)
}

// searchNames finds the members whose name (or card or citizen number) has
// a word beginning with each token: the first sample (searchCap, or fewer
// for the dropdown) of the scope in the order of the full-text index.
func (tx *Tx) searchNames(toks []string, ar searchArea, limit, sample int) ([]SearchHit, error) {
	if tx.db.Dialect == Postgres {
		inner := "SELECT " + hitCols + " FROM members m WHERE m.search @@ to_tsquery('simple', ?)"
		args := []any{tsTerms(toks)}
		// The full-text index builds the bitmap of every match of the
		// table before it yields the first, where the rows read in order
		// would find the few hundred kept sooner for a common word (see
		// walkScope); the planner counts the bitmap cheap, and of a
		// commune it multiplies the shares of its id range and its path,
		// which are one. Walking, the vector is tested row by row: with
		// bitmap scans off, the only kind a GIN index serves; the planner
		// keeps its statistics of the words, and so knows the walk stops
		// early (with coalesce in the way it took the walk for a pass over
		// the table: in parallel, and compiled, 30 ms before the first row).
		var span int64
		switch {
		case ar.hi > 0:
			span = ar.hi - ar.lo + 1
		case ar.whole:
			span = math.MaxInt64
		}
		walk := span > 0 && tx.db.searchWalk
		if span > 0 && !walk {
			d, postings, rows, ok, err := tx.density(toks)
			if err != nil {
				return nil, err
			}
			walk = ok && walkScope(d, postings, rows, min(span, int64(rows)+1), sample)
		}
		if ar.hi > 0 {
			// The planner guesses a commune's path range at a few hundred
			// rows and joins it to the full-text index, whose common words
			// ("nguyen & van": 90,000 of 1M) then cost 200 ms; the id range
			// it sizes right, and reads the commune's rows instead.
			inner += " AND m.id >= ? AND m.id <= ?"
			args = append(args, ar.lo, ar.hi)
		}
		inner += " AND " + ar.cond + " LIMIT " + itoa(sample)
		args = append(args, ar.args...)
		if walk {
			return withoutBitmaps(tx, func() ([]SearchHit, error) { return tx.searchPage(inner, args, limit) })
		}
		return tx.searchPage(inner, args, limit)
	}
	match, found, err := tx.ftsMatch(toks)
	if err != nil || !found {
		return []SearchHit{}, err
	}
	inner := "SELECT " + hitCols + " FROM member_fts f JOIN members m ON m.id = f.rowid WHERE member_fts MATCH ?"
	args := []any{match}
	if ar.hi > 0 {
		inner += " AND f.rowid >= ? AND f.rowid <= ?"
		args = append(args, ar.lo, ar.hi)
	}
	return tx.searchPage(inner+" AND "+ar.cond+" LIMIT "+itoa(sample), append(args, ar.args...), limit)
}

// ftsPrefix is the longest prefix member_fts indexes (prefix='1 2 3'), and
// ftsWords how many whole words a longer prefix is read as at most.
const (
	ftsPrefix = 3
	ftsWords  = 32
)

// ftsMatch is the FTS5 query for the words of a search, each a prefix of a
// word of the name, card or citizen number. A prefix of up to ftsPrefix
// letters is read from the prefix index; a longer one as the whole words
// that begin with it (from member_fts_words), which FTS5 streams in rowid
// order and stops reading when the search has enough, where for a prefix
// query it merges every posting of every such word first (a few
// milliseconds for "nguyen" at 300,000 members, tens at 1M). A token
// with a letter outside the Latin alphabets goes the second way whatever
// its length: SQLite's tokenizer (Unicode 6.1) splits a word at a few
// letters newer Unicode has (U+19B0), and the index, which keeps no
// positions, refuses the phrase a quoted token would then be; no word of
// the index holds such a letter. found is false when some token begins no
// word of the index: nothing matches.
func (tx *Tx) ftsMatch(toks []string) (match string, found bool, err error) {
	parts := make([]string, 0, len(toks))
	for _, t := range toks {
		if utf8.RuneCountInString(t) <= ftsPrefix && viet.IsLatin(t) {
			parts = append(parts, `"`+t+`"*`)
			continue
		}
		words, err := tx.ftsWords(t)
		if err != nil {
			return "", false, err
		}
		switch {
		case len(words) == 0:
			return "", false, nil
		case len(words) > ftsWords:
			parts = append(parts, `"`+t+`"*`)
		default:
			parts = append(parts, `("`+strings.Join(words, `" OR "`)+`")`)
		}
	}
	return strings.Join(parts, " AND "), true, nil
}

// ftsWords lists the words of the full-text index that begin with prefix,
// up to ftsWords+1 of them: one seek per word (the next word is the first
// one past every occurrence of this one), not a pass over their postings.
func (tx *Tx) ftsWords(prefix string) ([]string, error) {
	if tx.readOnly {
		if w, ok := tx.db.words.get(prefix, tx.writes, time.Now()); ok {
			return w, nil
		}
	}
	w, err := tx.readFTSWords(prefix)
	if err == nil && tx.readOnly {
		tx.db.words.put(prefix, slices.Clip(w), tx.writes, time.Now().Add(readCacheTTL))
	}
	return w, err
}

// readFTSWords is ftsWords read from the index.
func (tx *Tx) readFTSWords(prefix string) ([]string, error) {
	hi := prefix + "\U0010FFFF" // past every word that begins with prefix
	rows, err := tx.query(`WITH RECURSIVE w(term, n) AS (
		SELECT (SELECT term FROM member_fts_words WHERE term >= ? AND term < ? LIMIT 1), 1
		UNION ALL
		SELECT (SELECT term FROM member_fts_words WHERE term >= w.term || char(1) AND term < ? LIMIT 1), n + 1 FROM w WHERE w.term IS NOT NULL AND n <= ?)
		SELECT term FROM w WHERE term IS NOT NULL`, prefix, hi, hi, ftsWords)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// numberFew is how many members a number's prefix may match for the search
// to read them all by the numbers' indexes whatever the scope.
const numberFew = 1000

// searchNumber finds the members whose citizen ID or card number begins
// with the digits of q (spaces, dots and dashes typed between them do not
// count), or whose card number begins with q as typed, from the plain
// unique indexes of the two columns, so that a prefix of any length costs
// about what a name does (a 4-digit prefix merged a third of the province's
// postings in FTS5). On SQLite these are the first sample (searchCap but
// for the dropdown) of the scope by id, as the full-text index found them
// before, but for a scope of the whole tree (searchNumberWhole); on
// PostgreSQL see searchNumberPostgres.
func (tx *Tx) searchNumber(q string, ar searchArea, limit, sample int) ([]SearchHit, error) {
	var digits strings.Builder
	for _, r := range q {
		if r >= '0' && r <= '9' {
			digits.WriteRune(r)
		}
	}
	spans := []numberSpan{{"citizen_id", digits.String(), ""}, {"card_number", digits.String(), ""}}
	if typed := strings.ToUpper(strings.Join(strings.Fields(q), "")); typed != digits.String() {
		spans = append(spans, numberSpan{"card_number", typed, ""}) // as card numbers are stored
	}
	if tx.db.Dialect == Postgres {
		return tx.searchNumberPostgres(spans, ar, limit, sample)
	}
	if ar.whole {
		return tx.searchNumberWhole(spans, limit, sample)
	}
	var conds, ids []string
	var args []any
	for i := range spans {
		s := &spans[i]
		s.hi = prefixEnd(s.lo)
		c := "(" + s.col + " >= ? AND " + s.col + " < ?"
		args = append(args, s.lo, s.hi)
		conds = append(conds, c+")")
		ids = append(ids, "SELECT id FROM members m WHERE "+c+")")
	}
	cond := "(" + strings.Join(conds, " OR ") + ")"
	// SQLite has no statistics to choose by, so the search counts: the
	// index entries of the prefix (up to walk, past which walking the table
	// in id order finds searchCap matches sooner than reading them all) and
	// the table's ids.
	var top int64
	if err := tx.queryRow("SELECT coalesce(max(id), 0) FROM members").Scan(&top); err != nil {
		return nil, err
	}
	walk := numberWalk(top)
	var count []string
	var cargs []any
	for i, s := range spans {
		count = append(count, "(SELECT count(*) FROM (SELECT 1 FROM members WHERE "+s.col+" >= ? AND "+s.col+" < ? LIMIT ?) c"+itoa(i)+")")
		cargs = append(cargs, s.lo, s.hi, walk)
	}
	var n int64
	if err := tx.queryRow("SELECT "+strings.Join(count, " + "), cargs...).Scan(&n); err != nil {
		return nil, err
	}
	union := strings.Join(ids, " UNION ")
	var inner string
	switch {
	case ar.whole && n < walk:
		// The first sample ids from the indexes alone; only those rows are read.
		inner = "SELECT " + hitCols + " FROM members m WHERE m.id IN (SELECT id FROM (" + union + ") u ORDER BY id LIMIT " + itoa(sample) + ")"
	case n <= numberFew || !ar.whole && (ar.hi == 0 || float64(n) < float64(ar.hi-ar.lo+1)/4):
		// Each match is read for its scope: fewer rows than the walk below.
		inner = "SELECT " + hitCols + " FROM members m WHERE m.id IN (" + union + ") AND " + ar.cond + " ORDER BY m.id LIMIT " + itoa(sample)
		args = append(args, ar.args...)
	default:
		// So many match that the table read in id order (the scope's ids
		// only, when they are known) reaches sample of them first.
		where := cond
		if ar.hi > 0 {
			where = "m.id >= ? AND m.id <= ? AND " + cond
			args = append([]any{ar.lo, ar.hi}, args...)
		}
		inner = "SELECT " + hitCols + " FROM members m NOT INDEXED WHERE " + where + " AND " + ar.cond + " ORDER BY m.id LIMIT " + itoa(sample)
		args = append(args, ar.args...)
	}
	return tx.searchPage(inner, args, limit)
}

// searchNumberWhole is searchNumber on SQLite for a scope of the whole
// tree: the first sample matches of each number column in the column's own
// order, as on PostgreSQL (searchNumberPostgres), read from its index alone
// and then by id: a hundred entries of each index for the dropdown, where
// keeping the lowest ids of a prefix that a tenth of the province shares
// ("2519") counted 21,000 entries of each index at 300,000 members and
// walked the table (3 ms, a third of the CPU of a busy server's searches).
func (tx *Tx) searchNumberWhole(spans []numberSpan, limit, sample int) ([]SearchHit, error) {
	ids := make([]string, len(spans))
	var args []any
	for i, s := range spans {
		ids[i] = "SELECT id FROM (SELECT id FROM members WHERE " + s.col + " >= ? AND " + s.col + " < ? ORDER BY " + s.col + " LIMIT " + itoa(sample) + ")"
		args = append(args, s.lo, prefixEnd(s.lo))
	}
	return tx.searchPage("SELECT "+hitCols+" FROM members m WHERE m.id IN ("+strings.Join(ids, " UNION ")+")", args, limit)
}

// numberSpan is a range of one number column: the values that begin with lo.
type numberSpan struct{ col, lo, hi string }

// searchNumberPostgres takes from each number column its first sample
// matches of the scope in the order of the column's own index, not by id:
// by id, a prefix shared by many members ("025084", 13,000 of 1M) read every
// match from the heap to keep the lowest ids (half a second), or walked the
// table in id order until enough matched. In the index's order the scan
// stops at the cap, as a name's does. Past the cap which members are kept
// was never a rule (for names it is the table's order): the user types more
// digits to narrow it.
func (tx *Tx) searchNumberPostgres(spans []numberSpan, ar searchArea, limit, sample int) ([]SearchHit, error) {
	parts := make([]string, 0, len(spans))
	var args []any
	scope, scopeArgs := ar.cond, ar.args
	if ar.hi > 0 {
		// Sized right by the planner, unlike a path range (searchNames).
		scope = "m.id >= ? AND m.id <= ? AND " + scope
		scopeArgs = append([]any{ar.lo, ar.hi}, scopeArgs...)
	}
	for _, s := range spans {
		// The range reads the index in order and stops at the cap. LIKE,
		// which keeps the result exact under a collation that does not
		// order by bytes, is applied after the cap: beside the range the
		// planner takes it for a second, independent condition, guesses
		// 51 rows for 10,000, and sorts them all.
		parts = append(parts, "(SELECT id, full_name, birth_date, card_number, status, org_id, sort_key FROM (SELECT "+hitCols+", m."+s.col+" AS number FROM members m WHERE m."+s.col+" >= ? AND m."+s.col+" < ? AND "+scope+
			" ORDER BY m."+s.col+" LIMIT "+itoa(sample)+") x WHERE x.number LIKE ?)")
		args = append(append(append(args, s.lo, prefixEnd(s.lo)), scopeArgs...), s.lo+"%")
	}
	// UNION: a member found by both numbers is one row.
	inner := strings.Join(parts, " UNION ")
	if ar.whole {
		// With no scope to test, the index read in order stops at the
		// cap, but the planner sizes a prefix's range by interpolating
		// between the bounds of its histogram, which numbers given out in
		// blocks defeat ("02519500": 80 guessed, 9,999 there), and builds
		// the bitmap of every match to sort them (30–50 ms at 1M members).
		return withoutBitmaps(tx, func() ([]SearchHit, error) { return tx.searchPage(inner, args, limit) })
	}
	return tx.searchPage(inner, args, limit)
}

// numberWalk is the number of index entries of a prefix past which walking
// a table of top ids in id order finds searchCap matches sooner: reading n
// entries costs about n, walking about searchCap·top/n rows of several
// times an entry's cost, so the two meet near the root of their product.
func numberWalk(top int64) int64 {
	return max(numberFew, int64(math.Sqrt(float64(searchCap)*float64(top)*3)))
}

// prefixEnd is the least string after every string that begins with p, in
// byte order (p is digits, capitals, dots and dashes: its last byte is
// never 0xFF).
func prefixEnd(p string) string {
	if p == "" {
		return "\U0010FFFF"
	}
	return p[:len(p)-1] + string(rune(p[len(p)-1]+1))
}

// searchScope reads the few cells of a cell-sized scope whole, matching each
// word as a prefix of a word of the name, or of the card or citizen number.
func (tx *Tx) searchScope(toks []string, limit int) ([]SearchHit, error) {
	sc, args := scopeCond(tx.actor, "m.org_path", "m.id")
	var conds []string
	for _, t := range toks {
		conds = append(conds, "(' ' || m.name_fold LIKE ? OR m.card_number LIKE ? OR m.citizen_id LIKE ?)")
		args = append(args, "% "+t+"%", t+"%", t+"%")
	}
	q := "SELECT m.id, m.full_name, m.birth_date, coalesce(m.card_number, ''), m.status, m.org_id, o.name" + memberFrom +
		"WHERE " + sc + " AND " + strings.Join(conds, " AND ") + " ORDER BY m.sort_key, m.id LIMIT ?"
	return tx.scanHits(q, append(args, limit)...)
}

func (tx *Tx) scanHits(q string, args ...any) ([]SearchHit, error) {
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []SearchHit{}
	for rows.Next() {
		var h SearchHit
		if err := rows.Scan(&h.ID, &h.FullName, &h.BirthDate, &h.CardNumber, &h.Status, &h.OrgID, &h.OrgName); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
