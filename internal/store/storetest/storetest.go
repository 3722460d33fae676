// Package storetest runs tests against real databases: always a fresh SQLite
// file, and a fresh PostgreSQL database when DANGVIEN_TEST_POSTGRES holds a
// URL. Under CI=true a missing PostgreSQL fails the test instead of skipping.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
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

// SQLite opens a fresh database file in the test's temporary directory.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	return open(t, filepath.Join(t.TempDir(), "test.db"))
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

// Postgres creates a fresh database on the test server and drops it afterwards.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	base := PostgresURL(t)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	name := "dv_test_" + hex.EncodeToString(b)
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE template0 ENCODING 'UTF8'"); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	db := open(t, u.String())
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err == nil {
			a.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			a.Close()
		}
	})
	return db
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
