// Package storetest gives tests real databases: SQLite always, PostgreSQL
// when DANGVIEN_TEST_POSTGRES holds a server URL. Under CI=true a missing
// PostgreSQL fails the test instead of skipping it.
//
// Each call returns a migrated database of the test's own, removed when the
// test ends:
//
//	db := storetest.SQLite(t)   // a file in t.TempDir()
//	db := storetest.Postgres(t) // a database on the test server
//	storetest.Each(t, func(t *testing.T, db *store.DB) { ... }) // both, as subtests
//	f := storetest.Fixture(t, db) // the small province, written into db
//
// Migrating is most of a new database's cost, so it is done once per test
// process: a SQLite database is a copy of a migrated file, a PostgreSQL one is
// created from a migrated template database (CREATE DATABASE … TEMPLATE). A
// state that many tests start from can be prepared the same way with
// NewTemplate: built once, copied for each test.
//
// A package whose tests use PostgreSQL declares
//
//	func TestMain(m *testing.M) { storetest.Main(m) }
//
// so that its template databases are dropped when its tests end. Without it
// every PostgreSQL database is migrated (and every template built) on its own:
// correct, only slower.
//
// A database belongs to one test, clock (db.Now) included, so a test that
// only uses its own databases can call t.Parallel(). One that changes a
// package global (store.PasswordParams) or the environment cannot.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dangvien/internal/app/orgs"
	"dangvien/internal/domain"
	"dangvien/internal/password"
	"dangvien/internal/store"
)

// Today is the fixed "today" of every test database.
var Today = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func init() {
	// Tests hash many passwords; production costs would only make them slow.
	store.PasswordParams = password.Params{Memory: 1024, Time: 1, Threads: 1}
}

// Each runs fn on SQLite and, when configured, on PostgreSQL.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// migrated is the empty schema every database starts from.
var migrated = &Template[struct{}]{root: true, build: func(testing.TB, *store.DB) struct{} { return struct{}{} }}

// SQLite returns a fresh migrated database file in the test's temporary directory.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	db, _ := migrated.SQLite(t)
	return db
}

// Postgres returns a fresh migrated database on the test server, dropped
// when the test ends.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	db, _ := migrated.Postgres(t)
	return db
}

// PostgresURL returns the server URL for tests, skipping (or failing under CI) without one.
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("DANGVIEN_TEST_POSTGRES")
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but DANGVIEN_TEST_POSTGRES is not set: PostgreSQL tests cannot run")
		}
		t.Skip("PostgreSQL tests skipped: set DANGVIEN_TEST_POSTGRES=postgres://user@127.0.0.1:5432/postgres")
	}
	return u
}

// A Template is a database state that tests start from, built once per test
// process and dialect, then copied for each test that asks for it. Build it
// with the store's own operations, as a test would.
type Template[T any] struct {
	build            func(t testing.TB, db *store.DB) T
	root             bool // the migrated schema, which the others start from
	sqlite, postgres prepared[T]
}

// NewTemplate makes a template from build, which starts from a migrated
// database. Build runs once per dialect, on behalf of the first test that
// needs it: it reports failures through t but must not register cleanups,
// since its database outlives that test. The value it returns (the ids of
// what it made, say) goes to every copy, so tests must not change what it
// points to.
func NewTemplate[T any](build func(t testing.TB, db *store.DB) T) *Template[T] {
	return &Template[T]{build: build}
}

// prepared is a template built for one dialect.
type prepared[T any] struct {
	mu     sync.Mutex
	done   bool
	failed bool
	v      T
	file   []byte // SQLite: the closed database file
	name   string // PostgreSQL: the template database
}

// SQLite returns a copy of the template as a SQLite file in the test's
// temporary directory, and the value its build returned.
func (tp *Template[T]) SQLite(t testing.TB) (*store.DB, T) {
	t.Helper()
	p := tp.sqliteTemplate(t)
	path := filepath.Join(t.TempDir(), "test.db")
	if err := os.WriteFile(path, p.file, 0o600); err != nil {
		t.Fatal(err)
	}
	return open(t, path), p.v
}

func (tp *Template[T]) sqliteTemplate(t testing.TB) *prepared[T] {
	t.Helper()
	p := &tp.sqlite
	p.prepare(t, func() {
		var base []byte
		if !tp.root {
			base = migrated.sqliteTemplate(t).file
		}
		p.file, p.v = buildSQLite(t, base, tp.build)
	})
	return p
}

// Postgres returns a database created from the template on the test server,
// dropped when the test ends, and the value the template's build returned.
func (tp *Template[T]) Postgres(t testing.TB) (*store.DB, T) {
	t.Helper()
	server := PostgresURL(t)
	if !mainRunning.Load() {
		// Nothing would drop a template: migrate and build in the test's own database.
		db, _ := createDB(t, server, "dv_test_", "template0", true)
		return db, tp.build(t, db)
	}
	p := tp.postgresTemplate(t, server)
	db, _ := createDB(t, server, "dv_test_", p.name, true)
	return db, p.v
}

func (tp *Template[T]) postgresTemplate(t testing.TB, server string) *prepared[T] {
	t.Helper()
	p := &tp.postgres
	p.prepare(t, func() {
		from := "template0"
		if !tp.root {
			from = migrated.postgresTemplate(t, server).name
		}
		p.name, p.v = buildPostgres(t, server, from, tp.build)
	})
	return p
}

// Each runs fn on a copy of the template on SQLite and, when configured, on PostgreSQL.
func (tp *Template[T]) Each(t *testing.T, fn func(t *testing.T, db *store.DB, v T)) {
	t.Run("sqlite", func(t *testing.T) { db, v := tp.SQLite(t); fn(t, db, v) })
	t.Run("postgres", func(t *testing.T) { db, v := tp.Postgres(t); fn(t, db, v) })
}

// prepare runs build once; a build that failed fails every later caller too.
// Build may end its goroutine (t.Fatal), so failure is the default.
func (p *prepared[T]) prepare(t testing.TB, build func()) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.done {
		p.done, p.failed = true, true
		build()
		p.failed = false
	}
	if p.failed {
		t.Fatal("storetest: the template database could not be built (see the first test that failed)")
	}
}

// buildSQLite builds a template in a temporary file (starting from base, or
// migrating an empty one) and returns the closed file's bytes. Closing the
// last connection checkpoints the write-ahead log into the file.
func buildSQLite[T any](t testing.TB, base []byte, build func(testing.TB, *store.DB) T) ([]byte, T) {
	t.Helper()
	var v T
	dir, err := os.MkdirTemp("", "dangvien-template-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "template.db")
	if base != nil {
		if err := os.WriteFile(path, base, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open template: %v", err)
	}
	db.Now = func() time.Time { return Today }
	func() {
		defer db.Close() // also when build fails
		v = build(t, db)
	}()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		t.Fatalf("template: %d bytes of write-ahead log left after closing", fi.Size())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b, v
}

// mainRunning is set by Main: templates on the PostgreSQL server will be dropped.
var mainRunning atomic.Bool

// templates are the PostgreSQL template databases this process made.
var templates struct {
	sync.Mutex
	server string
	names  []string
}

// Main runs a package's tests, then drops the PostgreSQL template databases
// made for them. Call it from the package's TestMain.
func Main(m *testing.M) {
	mainRunning.Store(true)
	defer dropTemplates()
	m.Run() // the test binary exits with its code when TestMain returns
}

func dropTemplates() {
	templates.Lock()
	defer templates.Unlock()
	// Newest first: a template made from another goes before it.
	for i := len(templates.names) - 1; i >= 0; i-- {
		if err := adminExec(templates.server, "DROP DATABASE IF EXISTS "+templates.names[i]+" WITH (FORCE)"); err != nil {
			fmt.Fprintf(os.Stderr, "storetest: drop template %s: %v\n", templates.names[i], err)
		}
	}
	templates.names = nil
}

// buildPostgres creates a template database from another (template0 for the
// migrated one) and builds in it. Its connections are closed before it is
// used: PostgreSQL copies only a database nobody is connected to.
func buildPostgres[T any](t testing.TB, server, from string, build func(testing.TB, *store.DB) T) (string, T) {
	t.Helper()
	db, name := createDB(t, server, "dv_tpl_", from, false)
	templates.Lock()
	templates.server = server
	templates.names = append(templates.names, name)
	templates.Unlock()
	defer db.Close() // also when build fails
	v := build(t, db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return name, v
}

// createDB creates a database named prefix+random from a template and opens
// (migrates) it. A test's database is dropped when the test ends; a template
// is left to Main.
func createDB(t testing.TB, server, prefix, from string, forTest bool) (*store.DB, string) {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	name := prefix + hex.EncodeToString(b)
	if err := adminExec(server, "CREATE DATABASE "+name+" TEMPLATE "+from+" ENCODING 'UTF8'"); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	if forTest {
		t.Cleanup(func() { adminExec(server, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	}
	u, err := url.Parse(server)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	db, err := store.Open(context.Background(), u.String())
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	db.Now = func() time.Time { return Today }
	if forTest {
		t.Cleanup(func() { db.Close() }) // before the drop: cleanups run last first
	}
	return db, name
}

// adminExec runs a statement on the server's maintenance database.
func adminExec(server, stmt string) error {
	admin, err := sql.Open("pgx", server)
	if err != nil {
		return err
	}
	_, err = admin.ExecContext(context.Background(), stmt)
	return errors.Join(err, admin.Close())
}

func open(t testing.TB, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	db.Now = func() time.Time { return Today }
	t.Cleanup(func() { db.Close() })
	return db
}

// Fix is a small province: two communes, three cells, five members.
type Fix struct {
	Province, CommuneA, CommuneB, CellA1, CellA2, CellB1 domain.Org
	Thao, Duc, An, Hoa, Lan                              domain.Member
}

// D parses an ISO date.
func D(s string) domain.Date { return domain.MustDate(s) }

// Fixture builds Fix through the store's own operations and the domain's rules.
func Fixture(t testing.TB, db *store.DB) *Fix {
	t.Helper()
	ctx := context.Background()
	a := domain.System
	org := func(code, name string, kind domain.OrgKind, parent int64) domain.Org {
		o, err := (&orgs.Service{DB: db}).Create(ctx, a, domain.OrgInput{Code: code, Name: name, Kind: kind, ParentID: parent, ValidFrom: D("1990-01-01")})
		if err != nil {
			t.Fatalf("create org %s: %v", code, err)
		}
		return o
	}
	f := &Fix{}
	f.Province = org("T01", "Đảng bộ tỉnh Thái Nguyên", domain.KindProvince, 0)
	f.CommuneA = org("X01", "Đảng bộ xã Hợp Châu", domain.KindCommune, f.Province.ID)
	f.CommuneB = org("X02", "Đảng bộ phường Trưng Trắc", domain.KindCommune, f.Province.ID)
	f.CellA1 = org("X01-CB01", "Chi bộ thôn Đồng Bùa", domain.KindCell, f.CommuneA.ID)
	f.CellA2 = org("X01-CB02", "Chi bộ thôn Hợp Thành", domain.KindCell, f.CommuneA.ID)
	f.CellB1 = org("X02-CB01", "Chi bộ tổ dân phố 1", domain.KindCell, f.CommuneB.ID)
	mem := func(cell domain.Org, name string, g domain.Gender, birth, admitted, cid, card string) domain.Member {
		f := domain.MemberFields{FullName: name, Gender: g, BirthDate: D(birth), Ethnicity: "01", CitizenID: cid, CardNumber: card, Education: "thpt"}
		first := domain.Event{Kind: domain.EventAdmitted, Date: D(admitted), Decided: D(admitted), Decision: "12-QĐ/ĐU"}
		var m domain.Member
		err := db.Write(ctx, a, func(tx *store.Tx) error {
			st, err := domain.StartRecord(&f, first, tx.Today())
			if err != nil {
				return err
			}
			m, err = tx.CreateMember(cell, f, st, first)
			return err
		})
		if err != nil {
			t.Fatalf("create member %s: %v", name, err)
		}
		return m
	}
	f.Thao = mem(f.CellA1, "Nguyễn Thị Hồng Thảo", domain.Female, "1990-04-12", "2015-05-19", "001190012345", "79012345")
	f.Duc = mem(f.CellA1, "Đặng Văn Đức", domain.Male, "1975-09-02", "2000-03-03", "001075000111", "79000111")
	f.An = mem(f.CellA2, "Trần Văn An", domain.Male, "2000-01-15", "2026-01-10", "001200000222", "")
	f.Hoa = mem(f.CellB1, "Lê Thị Hoa", domain.Female, "1960-06-30", "1985-02-03", "001160000333", "79000333")
	f.Lan = mem(f.CellB1, "Hà Thị Lan", domain.Female, "1995-12-01", "2019-11-07", "", "")
	return f
}

// Actor makes an actor with a role over organisations, without an account.
func Actor(role domain.Role, orgs ...domain.Org) domain.Actor {
	a := domain.Actor{Username: string(role), Role: role}
	for _, o := range orgs {
		a.Paths = append(a.Paths, o.Path)
	}
	return a
}
