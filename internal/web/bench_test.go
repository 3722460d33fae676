package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"dangvien/internal/domain"
	"dangvien/internal/seed"
	"dangvien/internal/store"
	"dangvien/internal/store/storetest"
)

// benchDB opens the database named by DANGVIEN_BENCH_DB (a SQLite file or
// a postgres:// URL, e.g. one made by `dangvien seed --members 1000000`), or
// seeds a province into a temporary SQLite file with opt.
func benchDB(b *testing.B, opt seed.Options) *store.DB {
	ctx := context.Background()
	if dsn := os.Getenv("DANGVIEN_BENCH_DB"); dsn != "" {
		db, err := store.Open(ctx, dsn)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		return db
	}
	db := storetest.SQLite(b)
	if opt.Life {
		opt.Today = domain.DateOf(db.Now())
	}
	if _, err := seed.Province(ctx, db, opt); err != nil {
		b.Fatal(err)
	}
	return db
}

// benchStaff signs in a new staff account of the whole province and returns
// the server, the province's id and the session cookie.
func benchStaff(b *testing.B, db *store.DB) (*Server, int64, *http.Cookie) {
	ctx := context.Background()
	var root int64
	if err := db.SQL().QueryRowContext(ctx, "SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1").Scan(&root); err != nil {
		b.Fatal(err)
	}
	user := fmt.Sprintf("bench.%d", time.Now().UnixNano())
	if _, err := db.CreateUser(ctx, domain.System, store.UserInput{Username: user, DisplayName: "Đo tốc độ", Role: domain.RoleStaff, OrgIDs: []int64{root}, Password: pw}); err != nil {
		b.Fatal(err)
	}
	sess, err := db.Login(ctx, user, pw)
	if err != nil {
		b.Fatal(err)
	}
	return New(db), root, &http.Cookie{Name: sessionCookie, Value: sess.Token}
}

// benchServer is a province of 20,000 members (or DANGVIEN_BENCH_DB), a
// provincial staff account, and the commune or ward whose active member
// count is nearest 500.
func benchServer(b *testing.B) (*Server, *http.Cookie, int64) {
	db := benchDB(b, seed.Options{Members: 20000, Seed: 1})
	s, _, cookie := benchStaff(b, db)
	return s, cookie, communeNear(b, db, 500)
}

// BenchmarkOrgPage is the server time to render the first page of an
// organisation page for a commune of about 500 members (issue 3: ≤ 50 ms
// in a 1M-member database).
func BenchmarkOrgPage(b *testing.B) {
	s, cookie, org := benchServer(b)
	req := httptest.NewRequest("GET", fmt.Sprintf("/to-chuc/%d", org), nil)
	req.AddCookie(cookie)
	for b.Loop() {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
}

// communeNear is the open commune whose active member count is nearest n.
func communeNear(b *testing.B, db *store.DB, n int) int64 {
	ctx := context.Background()
	counts := map[string]int{}
	rows, err := db.SQL().QueryContext(ctx, "SELECT org_path, count(*) FROM members WHERE status IN ('official', 'probationary') GROUP BY org_path")
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var p string
		var c int
		if err := rows.Scan(&p, &c); err != nil {
			b.Fatal(err)
		}
		counts[p] = c
	}
	rows.Close()
	rows, err = db.SQL().QueryContext(ctx, "SELECT id, path FROM orgs WHERE kind = 'commune' AND valid_to IS NULL ORDER BY id")
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	best, bestDiff := int64(0), -1
	for rows.Next() {
		var id int64
		var path string
		if err := rows.Scan(&id, &path); err != nil {
			b.Fatal(err)
		}
		total := 0
		for p, c := range counts {
			if strings.HasPrefix(p, path) {
				total += c
			}
		}
		if d := max(total-n, n-total); bestDiff < 0 || d < bestDiff {
			best, bestDiff = id, d
		}
	}
	return best
}

// BenchmarkProvinceOverview is the server time of the province's overview
// of cell life in the demo province (issue 10 item 9: ≤ 100 ms): the
// default demo of 16,000 members with its year of meetings and fees, or the
// database DANGVIEN_BENCH_DB names.
func BenchmarkProvinceOverview(b *testing.B) {
	s, root, cookie := benchStaff(b, benchDB(b, seed.Options{Members: 16000, Seed: 1, History: true, Life: true}))
	req := httptest.NewRequest("GET", fmt.Sprintf("/to-chuc/%d/sinh-hoat", root), nil)
	req.AddCookie(cookie)
	for b.Loop() {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Theo tổ chức trực thuộc") {
			b.Fatalf("status %d", w.Code)
		}
	}
}
