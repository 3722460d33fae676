package store

import (
	"bytes"
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"dangvien/internal/domain"
)

// SearchBefore is Search as it was before issue 10 item 10 made it keep up
// with typing (commit eabddc6), word for word: TestSearchSameResults checks
// that the faster search finds what it found.
// It finds members of the actor's scope whose name (folded: "thao" finds
// "Thảo"), card number or citizen ID has words starting with every word of q,
// in Vietnamese name order. Large scopes go through the full-text index (FTS5
// on SQLite, a GIN-indexed tsvector on PostgreSQL) and sort at most searchCap
// matches; scopes of a few cells are read whole, so no member of a
// secretary's cell is lost to the cap.
func (tx *Tx) SearchBefore(q string, limit int) ([]SearchHit, error) {
	a := tx.actor
	toks := searchTokens(q)
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
		return tx.searchScopeBefore(toks, limit)
	}
	match := `"` + strings.Join(toks, `"* "`) + `"*`
	if tx.db.Dialect == Postgres {
		match = tsTerms(toks) // the prefixes of names are indexed: exact terms
	}
	return tx.searchIndexBefore(match, limit)
}

// searchIndex runs a full-text match and sorts at most searchCap in-scope
// matches by name; only the page that is returned is joined to its cell.
func (tx *Tx) searchIndexBefore(match string, limit int) ([]SearchHit, error) {
	sc, args := scopeCond(tx.actor, "m.org_path", "m.id")
	inner := "SELECT m.id, m.full_name, m.birth_date, m.card_number, m.status, m.org_id, m.sort_key FROM member_fts f JOIN members m ON m.id = f.rowid WHERE member_fts MATCH ?"
	if tx.db.Dialect == Postgres {
		inner = "SELECT m.id, m.full_name, m.birth_date, m.card_number, m.status, m.org_id, m.sort_key FROM members m WHERE m.search @@ to_tsquery('simple', ?)"
	}
	q := "SELECT p.id, p.full_name, p.birth_date, coalesce(p.card_number, ''), p.status, p.org_id, o.name FROM (" +
		"SELECT * FROM (" + inner + " AND " + sc + " LIMIT " + itoa(searchCap) + ") c ORDER BY c.sort_key, c.id LIMIT ?" +
		") p JOIN orgs o ON o.id = p.org_id ORDER BY p.sort_key, p.id"
	return tx.scanHits(q, append(append([]any{match}, args...), limit)...)
}

// searchScope reads the few cells of a cell-sized scope whole, matching each
// word as a prefix of a word of the name, or of the card or citizen number.
func (tx *Tx) searchScopeBefore(toks []string, limit int) ([]SearchHit, error) {
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

// SearchNumberIDs is what Search finds for a number on PostgreSQL, computed
// the slow way: every member of the actor's scope read, each number column's
// matches put in the column's order and cut at searchCap, the union sorted
// by name.
func (tx *Tx) SearchNumberIDs(q string, limit int) ([]int64, error) {
	sc, args := scopeCond(tx.actor, "m.org_path", "m.id")
	rows, err := tx.query("SELECT m.id, coalesce(m.citizen_id, ''), coalesce(m.card_number, ''), m.sort_key FROM members m WHERE "+sc, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type member struct {
		id        int64
		cid, card string
		key       []byte
	}
	var all []member
	for rows.Next() {
		var m member
		if err := rows.Scan(&m.id, &m.cid, &m.card, &m.key); err != nil {
			return nil, err
		}
		all = append(all, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, q)
	found := map[int64]member{}
	take := func(number func(member) string, prefix string) {
		var ms []member
		for _, m := range all {
			if strings.HasPrefix(number(m), prefix) {
				ms = append(ms, m)
			}
		}
		slices.SortFunc(ms, func(a, b member) int { return strings.Compare(number(a), number(b)) })
		for _, m := range ms[:min(len(ms), searchCap)] {
			found[m.id] = m
		}
	}
	take(func(m member) string { return m.cid }, digits)
	take(func(m member) string { return m.card }, digits)
	if typed := strings.ToUpper(strings.Join(strings.Fields(q), "")); typed != digits {
		take(func(m member) string { return m.card }, typed)
	}
	hits := slices.SortedFunc(maps.Values(found), func(a, b member) int {
		if c := bytes.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	ids := []int64{}
	for _, m := range hits[:min(len(hits), limit)] {
		ids = append(ids, m.id)
	}
	return ids, nil
}

// SetSearchWalk makes every commune-sized search on PostgreSQL walk the
// scope's rows, whatever the statistics say.
func SetSearchWalk(db *DB, on bool) { db.searchWalk = on }

var (
	PruneTokens = pruneTokens
	WalkScope   = walkScope
)

// Density is the planner's guess of the share of members matching toks
// (PostgreSQL; ok is false without statistics).
func (tx *Tx) Density(toks []string) (d float64, ok bool, err error) {
	d, _, _, ok, err = tx.density(toks)
	return d, ok, err
}

// ForgetSearchStats makes the next search read PostgreSQL's statistics
// again (they are kept a few minutes).
func ForgetSearchStats(db *DB) {
	db.lexemes.mu.Lock()
	db.lexemes.at = time.Time{}
	db.lexemes.mu.Unlock()
}

// BitmapScanAround runs withoutBitmaps in a read transaction whose
// enable_bitmapscan was set to was, and returns the setting seen inside
// the search and the one left after it.
func (db *DB) BitmapScanAround(ctx context.Context, was string) (inside, after string, err error) {
	err = db.Read(ctx, domain.System, func(tx *Tx) error {
		if _, err := tx.exec("SET LOCAL enable_bitmapscan = " + was); err != nil {
			return err
		}
		if _, err := withoutBitmaps(tx, func() ([]SearchHit, error) {
			return nil, tx.queryRow("SHOW enable_bitmapscan").Scan(&inside)
		}); err != nil {
			return err
		}
		return tx.queryRow("SHOW enable_bitmapscan").Scan(&after)
	})
	return inside, after, err
}
