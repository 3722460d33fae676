package store

import (
	"strconv"
	"strings"
	"sync"
	"time"
)

// pruneTokens drops from the words of a search those that another word of
// it begins with, and repeats: each word matches as a prefix (an indexed
// prefix of a name's word, or a number's word matched with ":*"), so a
// member whose name has a word beginning with "nguyen" has one beginning
// with "ng" too. The matches are the same; the index reads are not: the
// planner takes "nguyen & thi & ng" for three independent words and guesses
// 3% of a province where 8% match, and reads "ng"'s 350,000 postings at 1M
// members.
func pruneTokens(toks []string) []string {
	out := make([]string, 0, len(toks))
	for i, t := range toks {
		redundant := false
		for j, u := range toks {
			if i != j && strings.HasPrefix(u, t) && (len(u) > len(t) || j < i) {
				redundant = true
				break
			}
		}
		if !redundant {
			out = append(out, t)
		}
	}
	return out
}

// lexemeStats are PostgreSQL's statistics of the search vector: the share
// of members whose vector holds each of its most common words (prefixes
// included), from pg_stats, read at most once a statsTTL.
type lexemeStats struct {
	mu    sync.Mutex
	at    time.Time
	freq  map[string]float64
	floor float64 // below the least common word listed: any word not listed
	rows  float64 // members in the table, as the planner counts them
}

const statsTTL = 5 * time.Minute

// density is the planner's guess of the share of members that match every
// word of toks (as PostgreSQL guesses it: the words taken as independent),
// the sum of each word's share (the postings the full-text index reads) and
// the table's size; ok is false when the table has no statistics yet.
func (tx *Tx) density(toks []string) (d, postings, rows float64, ok bool, err error) {
	s := &tx.db.lexemes
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.at.IsZero() || time.Since(s.at) > statsTTL {
		if err := s.load(tx); err != nil {
			return 0, 0, 0, false, err
		}
	}
	if s.freq == nil {
		return 0, 0, 0, false, nil
	}
	d = 1
	for _, t := range toks {
		f, listed := s.freq[t]
		if !listed {
			f = s.floor / 2 // as PostgreSQL takes an unlisted element
		}
		d *= f
		postings += f
	}
	return d, postings, s.rows, true, nil
}

func (s *lexemeStats) load(tx *Tx) error {
	var elems, freqs *string
	var rows float64
	err := tx.queryRow(`SELECT array_to_string(s.most_common_elems::text::text[], ' '), array_to_string(s.most_common_elem_freqs, ' '), c.reltuples
		FROM pg_class c LEFT JOIN pg_stats s ON s.schemaname = current_schema() AND s.tablename = 'members' AND s.attname = 'search'
		WHERE c.oid = 'members'::regclass`).Scan(&elems, &freqs, &rows)
	if err != nil {
		return err
	}
	s.at, s.freq, s.rows = time.Now(), nil, rows
	if elems == nil || freqs == nil {
		return nil
	}
	words, fs := strings.Fields(*elems), strings.Fields(*freqs)
	// The frequencies are one per word, then the least and the greatest of
	// them and the share of empty vectors.
	if len(fs) < len(words)+2 || len(words) == 0 {
		return nil
	}
	s.freq = make(map[string]float64, len(words))
	for i, w := range words {
		f, err := strconv.ParseFloat(fs[i], 64)
		if err != nil {
			s.freq = nil
			return nil
		}
		s.freq[w] = f
	}
	s.floor, _ = strconv.ParseFloat(fs[len(words)], 64)
	return nil
}

// walkScope tells whether a search finds sample matches sooner by walking
// the scope's rows (span of them: a commune's id range, or the whole table),
// testing each row's vector, than from the full-text index. A walk reads at
// most the span, and stops once sample match: about sample/d rows where a
// share d of members match. The GIN index reads the postings of every word
// (a share postings of the table's rows) and builds the bitmap of every
// match in the table (d·rows of them) before the first row is read:
// "nguyen & thi" built 80,000 of 1M in 50 ms for a commune's 500. Measured
// with EXPLAIN ANALYZE at 1M members: a row walked costs 0.65–0.8 µs, a
// match of the bitmap 0.2–0.4 µs, a posting 0.02 µs ("tran & van & th":
// 840,000 postings, 3,000 matches, 14.5 ms).
func walkScope(d, postings, rows float64, span int64, sample int) bool {
	walk := float64(span)
	if d > 0 {
		walk = min(walk, float64(sample)/d)
	}
	return 3*walk < d*rows+postings*rows/16
}

// withoutBitmaps runs a PostgreSQL search with bitmap scans off for its
// one statement, then sets back for the rest of the transaction what was
// set before (the server's or the role's setting, not a plain "on"). The
// old value is read and the new one set in one round trip: the select list
// is evaluated in order.
func withoutBitmaps(tx *Tx, fn func() ([]SearchHit, error)) ([]SearchHit, error) {
	var was, off string
	if err := tx.queryRow("SELECT current_setting('enable_bitmapscan'), set_config('enable_bitmapscan', 'off', true)").Scan(&was, &off); err != nil {
		return nil, err
	}
	hits, err := fn()
	if _, rerr := tx.exec("SELECT set_config('enable_bitmapscan', ?, true)", was); err == nil {
		err = rerr
	}
	return hits, err
}
