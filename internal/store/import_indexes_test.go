package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// indexDefs lists the indexes of the tables a first load rebuilds, with
// their definitions.
func indexDefs(t *testing.T, db *store.DB) string {
	t.Helper()
	q := "SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('members', 'member_events', 'member_placements') ORDER BY name"
	if db.Dialect == store.Postgres {
		q = "SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('members', 'member_events', 'member_placements') ORDER BY indexname"
	}
	out := Strings(t, db, q)
	if len(out) < 10 {
		t.Fatalf("only %d indexes: %v", len(out), out)
	}
	return strings.Join(out, "\n")
}

// assertIndexesHoldTheRows checks every index of the tables against their
// rows: SQLite's integrity check; on PostgreSQL amcheck for the B-trees
// (every heap row in its index) and, for the GIN index, the same count
// through the index as through the table.
func assertIndexesHoldTheRows(t *testing.T, db *store.DB) {
	t.Helper()
	if db.Dialect == store.SQLite {
		var res string
		if err := db.SQL().QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
			t.Fatalf("integrity check: %q %v", res, err)
		}
		return
	}
	conn, err := db.SQL().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "CREATE EXTENSION IF NOT EXISTS amcheck"); err != nil {
		t.Skipf("amcheck: %v", err)
	}
	rows, err := conn.QueryContext(ctx, "SELECT i.indexrelid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "+
		"WHERE i.indrelid IN ('members'::regclass, 'member_events'::regclass, 'member_placements'::regclass) AND a.amname = 'btree'")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	rows.Close()
	for _, n := range names {
		if _, err := conn.ExecContext(ctx, "SELECT bt_index_check($1::regclass, true)", n); err != nil {
			t.Fatalf("index %s: %v", n, err)
		}
	}
	count := func(set string) int {
		if _, err := conn.ExecContext(ctx, set); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM members WHERE search @@ 'luu & ha'::tsquery").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	viaIndex := count("SET enable_seqscan = off")
	viaTable := count("SET enable_seqscan = on; SET enable_bitmapscan = off; SET enable_indexscan = off")
	conn.ExecContext(ctx, "RESET ALL")
	if viaIndex != viaTable || viaIndex == 0 {
		t.Fatalf("search index finds %d rows, the table %d", viaIndex, viaTable)
	}
}

// A first load (an import at least as large as the table) builds the
// secondary indexes after its rows, on SQLite and PostgreSQL: afterwards
// the same indexes exist and hold every row, search finds the rows, and a
// number taken during the import still refuses the whole file, with the
// indexes as they were.
func TestFirstLoadBuildsTheIndexes(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		before := indexDefs(t, db)
		staffA := Actor(domain.RoleStaff, f.CommuneA)

		rows := manyRows(300, "X01-CB01", 0)
		taken := rows[200].Fields.CitizenID
		members, audits := memberTotal(t, db), auditCount(t, db)
		err := importTakingNumber(t, db, staffA, f.CellB1.ID, rows, taken)
		var ie *domain.ImportError
		if !errors.As(err, &ie) || len(ie.Rows) != 1 || ie.Rows[0].Column != "citizen_id" {
			t.Fatalf("want the taken number refused, got %v", err)
		}
		if memberTotal(t, db) != members+1 || auditCount(t, db) != audits+1 {
			t.Fatal("the refused import wrote")
		}
		if got := indexDefs(t, db); got != before {
			t.Fatalf("indexes after a refused first load:\n%s\nbefore:\n%s", got, before)
		}

		rows = manyRows(600, "X01-CB01", 1000) // more than the ids so far, the refused import's gap on PostgreSQL included
		res, err := db.ImportMembers(ctx, staffA, &store.ImportMeta{Source: "t"}, chunks(rows, 10, nil))
		if err != nil {
			t.Fatal(err)
		}
		if res.Rows != 600 {
			t.Fatalf("imported %d rows", res.Rows)
		}
		if got := indexDefs(t, db); got != before {
			t.Fatalf("indexes after a first load:\n%s\nbefore:\n%s", got, before)
		}
		assertIndexesHoldTheRows(t, db)
		hits, err := membersOf(db).Search(ctx, domain.System, rows[123].Fields.CitizenID, 20)
		if err != nil || len(hits) != 1 || hits[0].CardNumber != rows[123].Fields.CardNumber {
			t.Fatalf("search by citizen ID: %v %v", hits, err)
		}
		if n := Count(t, db, "SELECT count(*) FROM member_placements WHERE member_id BETWEEN ? AND ?", res.FirstID, res.LastID); n != 600 {
			t.Fatalf("%d placements", n)
		}
		assertWriterAsOpened(t, db)
	})
}

// A first load on PostgreSQL does not wait on a long read of the member
// tables (an export) for the locks that dropping indexes takes: after a
// short wait it writes through the indexes, and the reader is not kept
// waiting behind it either.
func TestFirstLoadDoesNotWaitOnALongRead(t *testing.T) {
	db := Postgres(t)
	f := Fixture(t, db)
	before := indexDefs(t, db)
	reader, err := db.SQL().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Rollback()
	var n int
	if err := reader.QueryRowContext(ctx, "SELECT count(*) FROM members").Scan(&n); err != nil {
		t.Fatal(err)
	}
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	res, err := db.ImportMembers(c, Actor(domain.RoleStaff, f.CommuneA), &store.ImportMeta{Source: "t"}, chunks(manyRows(300, "X01-CB01", 0), 50, nil))
	if err != nil {
		t.Fatalf("import beside a long read: %v", err)
	}
	if res.Rows != 300 {
		t.Fatalf("imported %d rows", res.Rows)
	}
	if err := reader.QueryRowContext(ctx, "SELECT count(*) FROM member_events").Scan(&n); err != nil {
		t.Fatalf("the reader after the import: %v", err)
	}
	if err := reader.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := indexDefs(t, db); got != before {
		t.Fatalf("indexes:\n%s\nbefore:\n%s", got, before)
	}
	assertIndexesHoldTheRows(t, db)
}
