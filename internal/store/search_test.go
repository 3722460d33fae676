package store_test

import (
	"context"
	"slices"
	"testing"

	"dangvien/internal/bench"
	"dangvien/internal/domain"
	"dangvien/internal/seed"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// searchProvince is a seeded province with its history (the 2025 merger
// moved members between organisations), the queries people type into the
// search box, and the accounts that search it: the administrator, the
// province's and a commune's staff, a leader of two communes, a cell's
// secretary, a committee member in charge of cells and a member.
func searchProvince(t *testing.T, db *store.DB) ([]string, map[string]domain.Actor) {
	t.Helper()
	sum, err := seed.Province(ctx, db, seed.Options{Members: 6000, Seed: 1, History: true})
	if err != nil {
		t.Fatal(err)
	}
	queries, err := bench.SearchQueries(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	var other string
	if err := db.SQL().QueryRowContext(ctx, "SELECT path FROM orgs WHERE kind = 'commune' AND valid_to IS NULL AND path <> $1 ORDER BY id LIMIT 1", sum.Commune.Path).Scan(&other); err != nil {
		t.Fatal(err)
	}
	// The cells with most members: one for the secretary, two in charge.
	var cells []string
	rows, err := db.SQL().QueryContext(ctx, "SELECT org_path FROM members GROUP BY org_path ORDER BY count(*) DESC, org_path LIMIT 3")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			t.Fatal(err)
		}
		cells = append(cells, p)
	}
	rows.Close()
	var member int64
	if err := db.SQL().QueryRowContext(ctx, "SELECT min(id) FROM members WHERE org_path = $1", cells[0]).Scan(&member); err != nil {
		t.Fatal(err)
	}
	return queries, map[string]domain.Actor{
		"admin":     domain.System,
		"province":  {UserID: 1, Username: "tinh", Role: domain.RoleStaff, Paths: []string{sum.Province.Path}},
		"commune":   {UserID: 1, Username: "xa", Role: domain.RoleStaff, Paths: []string{sum.Commune.Path}},
		"leader":    {UserID: 1, Username: "lanhdao", Role: domain.RoleLeader, Paths: []string{sum.Commune.Path, other}},
		"secretary": {UserID: 1, Username: "bithu", Role: domain.RoleSecretary, Paths: cells[:1]},
		"in_charge": {UserID: 1, Username: "phutrach", Role: domain.RoleInCharge, Paths: cells[1:]},
		"member":    {UserID: 1, Username: "dangvien", Role: domain.RoleMember, MemberID: member},
	}
}

// The search finds what it found before it was made to keep up with typing
// (store.SearchBefore, the old code word for word): the same members in the
// same order, for every query people type and every role, at the suggest
// box's length and the search screen's. Among the queries are words and
// number prefixes that match more members than the search sorts
// ("nguyen", "0250"), where the old search took the first searchCap of the
// full-text index's order. Two things differ, on purpose: on PostgreSQL
// the old search indexed numbers from their third digit, and found nothing
// for one or two digits; and of a number that matches more than searchCap
// members of the scope (of a scope of the whole tree on SQLite), the search
// now keeps those first in the number's own order (store.SearchNumberIDs
// computes them the slow way).
func TestSearchSameResults(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		queries, actors := searchProvince(t, db)
		if db.Dialect == store.Postgres {
			// Past the cap the old search took PostgreSQL's first matches in
			// the table's order, which the merger's updates and the autovacuum
			// left as they happened to. A table written in id order (as after
			// a load) makes the old and new orders of names one.
			if _, err := db.SQL().ExecContext(ctx, "CLUSTER members USING members_pkey"); err != nil {
				t.Fatal(err)
			}
		}
		queries = append(queries, "Nguyễn Thị", "thi", "a", "đ", "NGUYEN", "nguyenx", "xyz", "nguyen 0250", "25", "0", "nguyen thi ng", "ng nguyen", "thi thi")
		found := 0
		// On PostgreSQL a second pass walks the rows of the scope (a
		// commune's id range, or the table) in place of reading the
		// full-text index (store.WalkScope chooses it at scale, from the
		// planner's statistics).
		walks := []bool{false}
		if db.Dialect == store.Postgres {
			walks = append(walks, true)
			if _, err := db.SQL().ExecContext(ctx, "ANALYZE members"); err != nil {
				t.Fatal(err)
			}
		}
		for _, walk := range walks {
			store.SetSearchWalk(db, walk)
			for name, a := range actors {
				if walk && (a.Role.CellsOnly() || a.Role == domain.RoleMember) {
					continue
				}
				sameResults(t, db, name, a, queries, &found)
			}
		}
		store.SetSearchWalk(db, false)
		if found == 0 {
			t.Fatal("no query found anyone")
		}
	})
}

// sameResults checks the searches of one actor against SearchBefore (see
// TestSearchSameResults) and adds the members found to found.
func sameResults(t *testing.T, db *store.DB, name string, a domain.Actor, queries []string, found *int) {
	t.Helper()
	for _, q := range queries {
		// A number's matches past the cap are now those first in the
		// number's own order: on PostgreSQL for every scope, on SQLite for
		// one of the whole tree.
		byIndex := store.IDQuery(q) && (db.Dialect == store.Postgres && !a.Role.CellsOnly() && a.Role != domain.RoleMember ||
			name == "admin" || name == "province")
		if db.Dialect == store.Postgres && store.IDQuery(q) && len(q) < 3 && !byIndex {
			continue // the old search found nothing there (TestSearchNumbers)
		}
		for _, limit := range []int{8, 50} {
			var got, want []store.SearchHit
			err := db.Read(ctx, a, func(tx *store.Tx) (err error) {
				if got, err = tx.Search(q, limit); err != nil {
					return err
				}
				want, err = tx.SearchBefore(q, limit)
				return err
			})
			if err != nil {
				t.Fatalf("%s %q: %v", name, q, err)
			}
			if byIndex {
				var ids []int64
				err := db.Read(ctx, a, func(tx *store.Tx) (err error) {
					ids, err = tx.SearchNumberIDs(q, limit)
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(hitIDs(got), ids) {
					t.Errorf("%s %q (%d): found %v, want %v", name, q, limit, hitIDs(got), ids)
				}
			} else if !slices.Equal(got, want) {
				t.Errorf("%s %q (%d): found %v, before %v", name, q, limit, hitIDs(got), hitIDs(want))
			}
			*found += len(got)
		}
	}
}

// searchIDs is what who finds searching q (20 hits at most), as ids.
func searchIDs(t *testing.T, db *store.DB, who domain.Actor, q string) []int64 {
	t.Helper()
	var hits []store.SearchHit
	err := db.Read(ctx, who, func(tx *store.Tx) (err error) {
		hits, err = tx.Search(q, 20)
		return err
	})
	if err != nil {
		t.Fatalf("%q: %v", q, err)
	}
	return hitIDs(hits)
}

func hitIDs(hits []store.SearchHit) []int64 {
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	return ids
}

// A citizen ID or card number is found from its first digit to its last, on
// both engines, typed with spaces, dots or dashes between the digits or not,
// and only in the actor's scope; a card number stored with dots is found as
// it is written.
func TestSearchNumbers(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		var dotted domain.Member
		err := db.Write(ctx, domain.System, func(tx *store.Tx) error {
			fields := domain.MemberFields{FullName: "Lò Văn Púa", Gender: domain.Male, BirthDate: D("1980-03-04"), Ethnicity: "04", CardNumber: "25.123.456", Education: "thcs"}
			first := domain.Event{Kind: domain.EventAdmitted, Date: D("2010-05-19"), Decided: D("2010-05-04"), Decision: "7-QĐ/ĐU"}
			st, err := domain.StartRecord(&fields, first, tx.Today())
			if err != nil {
				return err
			}
			dotted, err = tx.CreateMember(f.CellB1, fields, st, first)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		commune := Actor(domain.RoleStaff, f.CommuneB)
		for _, tc := range []struct {
			who  domain.Actor
			q    string
			want []int64
		}{
			{domain.System, "0", []int64{f.An.ID, f.Duc.ID, f.Hoa.ID, f.Thao.ID}},
			{domain.System, "00", []int64{f.An.ID, f.Duc.ID, f.Hoa.ID, f.Thao.ID}},
			{domain.System, "0011", []int64{f.Hoa.ID, f.Thao.ID}},
			{domain.System, "001190012345", []int64{f.Thao.ID}},
			{domain.System, "0011 9001 2345", []int64{f.Thao.ID}},
			{domain.System, "001.190.012.345", []int64{f.Thao.ID}},
			{domain.System, "001-19", []int64{f.Thao.ID}},
			{domain.System, "0011900123456", nil},
			{domain.System, "79", []int64{f.Duc.ID, f.Hoa.ID, f.Thao.ID}},
			{domain.System, "79 012", []int64{f.Thao.ID}},
			{domain.System, "25.123", []int64{dotted.ID}},
			{domain.System, "25.123.456", []int64{dotted.ID}},
			{domain.System, "25 123", nil}, // the card is written with dots
			{commune, "00", []int64{f.Hoa.ID}},
			{commune, "0011", []int64{f.Hoa.ID}},
			{commune, "0010", nil},
			{commune, "2", []int64{dotted.ID}},
			// A number begun beside a name: any group of its digits.
			{domain.System, "thao 0011", []int64{f.Thao.ID}},
			{domain.System, "hong 79", []int64{f.Thao.ID}},
			{domain.System, "nguyen 0", []int64{f.Thao.ID}},
			{domain.System, "thao 0012", nil},
			{domain.System, "pua 25", []int64{dotted.ID}},
			{domain.System, "pua 123", []int64{dotted.ID}},
			{domain.System, "lo 45", []int64{dotted.ID}},
			{commune, "pua 4", []int64{dotted.ID}},
			{commune, "thao 0011", nil},
		} {
			got := searchIDs(t, db, tc.who, tc.q)
			slices.Sort(got)
			slices.Sort(tc.want)
			if !slices.Equal(got, tc.want) {
				t.Errorf("%s %q = %v, want %v", tc.who.Role, tc.q, got, tc.want)
			}
		}
	})
}

// The dropdown of the search box sorts a smaller sample of a name's matches
// (store.SuggestSample) than the search screen. It still finds every member
// of a commune by their full name; a query that matches fewer members than
// the sample gives the very names the full search gives, in its order; and
// a query that matches more still fills the dropdown with members that match.
func TestSearchSuggestSample(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		queries, actors := searchProvince(t, db)
		queries = append(queries, "Nguyễn Thị", "thi", "nguyen van", "NGUYEN", "xyz", "0250", "25")
		sample := func(a domain.Actor, q string, limit, n int) (got, full []store.SearchHit) {
			t.Helper()
			err := db.Read(ctx, a, func(tx *store.Tx) (err error) {
				if got, err = tx.SearchSample(q, limit, n); err != nil {
					return err
				}
				full, err = tx.Search(q, limit)
				return err
			})
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			return got, full
		}
		few, many := 0, 0
		for name, a := range actors {
			for _, q := range queries {
				got, full := sample(a, q, 8, store.SuggestSample)
				// Up to 100 hits: fewer than the sample when the query
				// matches fewer members than that.
				if _, all := sample(a, q, store.SuggestSample, store.SuggestSample); len(all) < store.SuggestSample {
					few++
					if !slices.Equal(got, full) {
						t.Errorf("%s %q: the dropdown found %v, the search %v", name, q, hitIDs(got), hitIDs(full))
					}
					continue
				}
				many++
				if len(got) != 8 {
					t.Errorf("%s %q: %d names in the dropdown of a common query", name, q, len(got))
				}
			}
		}
		if few == 0 || many == 0 {
			t.Fatalf("queries with few matches %d, with many %d: the test needs both", few, many)
		}
		// Every member of the commune, searched by full name.
		commune := actors["commune"]
		var ms []store.SearchHit
		rows, err := db.SQL().QueryContext(ctx, "SELECT id, full_name FROM members WHERE org_path >= $1 AND org_path < $1 || '~' ORDER BY id", commune.Paths[0])
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var h store.SearchHit
			if err := rows.Scan(&h.ID, &h.FullName); err != nil {
				t.Fatal(err)
			}
			ms = append(ms, h)
		}
		rows.Close()
		if len(ms) < 100 {
			t.Fatalf("the commune has %d members: too few for the test", len(ms))
		}
		for _, m := range ms {
			got, _ := sample(commune, m.FullName, 8, store.SuggestSample)
			found := slices.ContainsFunc(got, func(h store.SearchHit) bool { return h.ID == m.ID })
			namesakes := len(got) == 8 && !slices.ContainsFunc(got, func(h store.SearchHit) bool { return h.FullName != m.FullName })
			if !found && !namesakes {
				t.Errorf("%q (%d) is not in the dropdown: %v", m.FullName, m.ID, hitIDs(got))
			}
		}
	})
}

// The words of the full-text index that begin with a long prefix are kept in
// memory a moment (Tx.ftsWords), and so is the range of ids of a commune's
// members (Tx.searchArea); a member written right after a search for that
// prefix is found by the next one, on the word that was new, by the
// province and by the commune, whose range of ids the new member extends.
func TestSearchNewWordAfterCachedPrefix(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		commune := Actor(domain.RoleStaff, f.CommuneB)
		search := func(a domain.Actor, q string) []store.SearchHit {
			t.Helper()
			var hits []store.SearchHit
			err := db.Read(ctx, a, func(tx *store.Tx) (err error) {
				hits, err = tx.SearchSample(q, 8, store.SuggestSample)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return hits
		}
		for range 2 { // the second from memory
			for _, a := range []domain.Actor{domain.System, commune} {
				if hits := search(a, "quynh"); len(hits) != 0 {
					t.Fatalf("found %v before the member was written", hitIDs(hits))
				}
			}
		}
		var m domain.Member
		err := db.Write(ctx, domain.System, func(tx *store.Tx) error {
			fields := domain.MemberFields{FullName: "Hà Thị Quỳnh", Gender: domain.Female, BirthDate: D("1990-03-04"), Ethnicity: "01", Education: "thpt"}
			first := domain.Event{Kind: domain.EventAdmitted, Date: D("2015-05-19"), Decided: D("2015-05-04"), Decision: "8-QĐ/ĐU"}
			st, err := domain.StartRecord(&fields, first, tx.Today())
			if err != nil {
				return err
			}
			m, err = tx.CreateMember(f.CellB1, fields, st, first)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range []domain.Actor{domain.System, commune} {
			if hits := search(a, "quynh"); len(hits) != 1 || hits[0].ID != m.ID {
				t.Errorf("%s: the new member after a cached prefix: %v", a.Username, hitIDs(hits))
			}
		}
	})
}

// A word of a search that another word of it begins with matches nothing
// more: every prefix of a word is indexed. It is dropped before the index
// is read, once however often it is typed.
func TestPruneTokens(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want []string }{
		{[]string{"nguyen", "thi", "ng"}, []string{"nguyen", "thi"}},
		{[]string{"ng", "nguyen"}, []string{"nguyen"}},
		{[]string{"thi", "thi"}, []string{"thi"}},
		{[]string{"a", "an", "anh"}, []string{"anh"}},
		{[]string{"van", "an"}, []string{"van", "an"}}, // "an" ends "van": another word
		{[]string{"0250", "025"}, []string{"0250"}},
		{[]string{"hoa"}, []string{"hoa"}},
	} {
		if got := store.PruneTokens(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("PruneTokens(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A commune's search walks its rows when the matches it keeps come sooner
// that way than the full-text index's bitmap of the whole province's
// matches: a common word, or a small sample; never a rare word.
func TestWalkScope(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		d        float64
		postings float64
		rows     float64
		span     int64
		sample   int
		want     bool
	}{
		{"hoa, commune of 14k at 1M", 0.074, 0.074, 1e6, 13868, 500, true},
		{"nguyen & thi, commune at 1M", 0.31 * 0.28, 0.59, 1e6, 13868, 500, true},
		{"dung, province of 1M", 0.044, 0.044, 1e6, 1e6, 500, true},
		{"tran & van & th, province of 1M", 0.0138, 0.84, 1e6, 1e6, 500, false},
		{"rare word", 0.0005, 0.0005, 1e6, 13868, 500, false},
		{"1% word, whole commune read", 0.01, 0.01, 1e6, 13868, 500, false},
		{"1% word, dropdown", 0.01, 0.01, 1e6, 13868, 100, false},
		{"4% word, dropdown", 0.04, 0.04, 1e6, 13868, 100, true},
		{"common word, small province", 0.3, 0.3, 6000, 800, 500, false},
		{"no share", 0, 0, 1e6, 13868, 500, false},
	} {
		if got := store.WalkScope(tc.d, tc.postings, tc.rows, tc.span, tc.sample); got != tc.want {
			t.Errorf("%s: walk = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// The walk of a search is chosen from PostgreSQL's own statistics of the
// search vector: none before the table is analyzed (the index is read, as
// it always was), and after it a word of most names ("thi") counts for
// more members than one of a single name, and both words together for
// fewer than either.
func TestSearchDensityFromStatistics(t *testing.T) {
	t.Parallel()
	db := Postgres(t)
	Fixture(t, db)
	density := func(toks ...string) (float64, bool) {
		t.Helper()
		var d float64
		var ok bool
		err := db.Read(ctx, domain.System, func(tx *store.Tx) (err error) {
			d, ok, err = tx.Density(toks)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return d, ok
	}
	if _, ok := density("thi"); ok {
		t.Fatal("statistics before ANALYZE")
	}
	if _, err := db.SQL().ExecContext(ctx, "ANALYZE members"); err != nil {
		t.Fatal(err)
	}
	// The statistics read before are kept a few minutes.
	store.ForgetSearchStats(db)
	thi, ok := density("thi")
	if !ok {
		t.Fatal("no statistics after ANALYZE")
	}
	thao, _ := density("thao")
	both, _ := density("thi", "thao")
	if !(thi > thao && thao > both && both > 0) {
		t.Errorf("shares thi %g, thao %g, both %g", thi, thao, both)
	}
}

// A word typed with a letter that Go counts as one and SQLite's tokenizer
// (Unicode 6.1) does not, a New Tai Lue or Vedic sign such as U+19B0,
// would be a phrase of two words to the full-text index, which one that
// keeps no positions refuses with an error. Such a word begins no word of
// any name, on either engine; the search says so and finds the others.
func TestSearchLetterUnknownToTheIndex(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		for _, tc := range []struct {
			q    string
			want []int64
		}{
			{"h\u19b0t", nil},
			{"\u19b0a", nil},
			{"th\u1cf2", nil},
			{"hồng\u19b0thảo", nil},
			{"\u19c8", nil},
			{"th\u0378ao", []int64{f.Thao.ID}}, // not a letter: two words, "th" and "ao"
			{"hồng thảo", []int64{f.Thao.ID}},
		} {
			if got := searchIDs(t, db, domain.System, tc.q); !slices.Equal(got, tc.want) && len(got)+len(tc.want) > 0 {
				t.Errorf("%q = %v, want %v", tc.q, got, tc.want)
			}
		}
	})
}

// On PostgreSQL a record written before the numbers' words were indexed
// whole keeps the prefixes it was written with (from three digits); a
// number begun beside a name finds it all the same, and finds no more.
func TestSearchNumbersOfOlderRecords(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		if db.Dialect != store.Postgres {
			t.Skip("the prefixes of numbers are PostgreSQL's")
		}
		f := Fixture(t, db)
		old := "nguyen n ng ngu nguy nguye thi t th hong h ho hon thao t th tha 790 7901 79012 790123 7901234 79012345 001 0011 00119 001190 0011900 00119001 001190012 0011900123 00119001234 001190012345"
		if _, err := db.SQL().ExecContext(ctx, "UPDATE members SET search_text = $1 WHERE id = $2", old, f.Thao.ID); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string][]int64{"thao 0011": {f.Thao.ID}, "hong 79": {f.Thao.ID}, "thao 790123": {f.Thao.ID}, "thao 0012": nil, "thao 7902": nil} {
			if got := searchIDs(t, db, domain.System, q); !slices.Equal(got, want) && len(got)+len(want) > 0 {
				t.Errorf("%q = %v, want %v", q, got, want)
			}
		}
	})
}

// A search that walks a commune's rows turns PostgreSQL's bitmap scans off
// for its one statement, and leaves the transaction's setting as it found
// it: a server or role that keeps them off (as a DBA may) does not get
// them turned on by a search.
func TestSearchWalkLeavesBitmapSetting(t *testing.T) {
	t.Parallel()
	db := Postgres(t)
	for _, was := range []string{"off", "on"} {
		inside, after, err := db.BitmapScanAround(context.Background(), was)
		if err != nil {
			t.Fatal(err)
		}
		if inside != "off" || after != was {
			t.Errorf("set to %s before: %s during the search, %s after it; want off, then %s", was, inside, after, was)
		}
	}
}
