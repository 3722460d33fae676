package store

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"dangvien/internal/viet"
)

// findOrgsScan is how many open organisations FindOrgs folds and matches
// by name. A province has a few thousand; a larger scope (the whole
// country) is matched on the first ones by path, and by code in full.
const findOrgsScan = 20000

// FindOrgs finds up to limit open organisations of the actor's scope whose
// code starts with q or whose name (folded: "ban luoc" finds "Chi bộ bản
// Luốc") holds every word of q, each with the name of the organisation above
// it, in Vietnamese order of their names.
func (tx *Tx) FindOrgs(q string, limit int) ([]OrgRef, error) {
	toks := searchTokens(q)
	if len(toks) == 0 {
		return []OrgRef{}, nil
	}
	if len(toks) > 8 {
		toks = toks[:8] // as Search: a name has fewer words
	}
	sc, args := orgScope(tx.actor)
	code := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(q), "%", ""))
	rows, err := tx.query(`SELECT o.id, o.name, o.code, coalesce(p.name, ''), o.path, upper(o.code) = ? OR upper(o.code) LIKE ? FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id
		WHERE `+sc+` AND o.valid_to IS NULL ORDER BY CASE WHEN upper(o.code) LIKE ? THEN 0 ELSE 1 END, o.path LIMIT ?`,
		append(append([]any{code, code + "%"}, args...), code+"%", findOrgsScan)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type found struct {
		OrgRef
		key string // the name's collation key, made once: a comparison that makes two costs 20 µs
	}
	var all []found
	for rows.Next() {
		var r OrgRef
		var byCode bool
		if err := rows.Scan(&r.ID, &r.Name, &r.Code, &r.Parent, &r.Path, &byCode); err != nil {
			return nil, err
		}
		if byCode || hasWords(nameWords(r.Name), toks) {
			all = append(all, found{r, string(viet.CollateKey(r.Name))})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortStableFunc(all, func(x, y found) int { return strings.Compare(x.key, y.key) })
	out := make([]OrgRef, 0, min(len(all), limit))
	for _, f := range all[:min(len(all), limit)] {
		out = append(out, f.OrgRef)
	}
	return out, nil
}

// nameWords are the folded words of an organisation's name. Folding is
// most of a picker's time (NFD of every name in scope on every keystroke),
// and names seldom change: the words are kept, for up to nameWordsCap names.
func nameWords(name string) []string {
	if w, ok := nameWordCache.Load(name); ok {
		return w.([]string)
	}
	w := searchTokens(name)
	if nameWordCount.Load() < nameWordsCap {
		if _, loaded := nameWordCache.LoadOrStore(name, w); !loaded {
			nameWordCount.Add(1)
		}
	}
	return w
}

const nameWordsCap = 100_000 // about 10 MB

var (
	nameWordCache sync.Map // name → []string
	nameWordCount atomic.Int64
)

// hasWords tells whether every word of want starts a word of have.
func hasWords(have, want []string) bool {
	for _, w := range want {
		if !slices.ContainsFunc(have, func(h string) bool { return strings.HasPrefix(h, w) }) {
			return false
		}
	}
	return true
}

// OrgRefs reads the organisations with these ids that the actor can see,
// by id, with their codes: for lists that name many.
func (tx *Tx) OrgRefs(ids []int64) (map[int64]OrgRef, error) {
	out := map[int64]OrgRef{}
	sc, sargs := orgScope(tx.actor)
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		args := append([]any{}, sargs...)
		for _, id := range chunk {
			args = append(args, id)
		}
		rows, err := tx.query("SELECT o.id, o.name, o.code, o.path FROM orgs o WHERE "+sc+" AND o.id IN ("+placeholders(len(chunk))+")", args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var r OrgRef
			if err := rows.Scan(&r.ID, &r.Name, &r.Code, &r.Path); err != nil {
				rows.Close()
				return nil, err
			}
			out[r.ID] = r
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
