package store

import (
	"context"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"dangvien/internal/domain"
)

func TestZZTune(t *testing.T) {
	dsn := os.Getenv("ZZ_DB")
	if dsn == "" {
		t.Skip()
	}
	ctx := context.Background()
	db, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	qs, _ := os.ReadFile(os.Getenv("ZZ_Q"))
	a := domain.Actor{UserID: 1, Username: "x", Role: domain.RoleStaff, Paths: []string{os.Getenv("ZZ_PATH")}}
	type row struct {
		q          string
		auto, walk time.Duration
		d          float64
		chose      bool
	}
	var rows []row
	best := func(walk bool, q string) time.Duration {
		db.searchWalk = walk
		var b time.Duration
		for i := 0; i < 3; i++ {
			t0 := time.Now()
			db.Read(ctx, a, func(tx *Tx) error { _, err := tx.SearchSample(q, 20, searchCap); return err })
			if d := time.Since(t0); i == 0 || d < b {
				b = d
			}
		}
		return b
	}
	for _, q := range strings.Split(strings.TrimSpace(string(qs)), "\n") {
		if IDQuery(q) {
			continue
		}
		r := row{q: q}
		r.auto = best(false, q)
		r.walk = best(true, q)
		db.Read(ctx, a, func(tx *Tx) error {
			toks := pruneTokens(searchTokens(q))
			d, p, n, _, _ := tx.density(toks)
			r.d = d
			r.chose = walkScope(d, p, n, 13868, searchCap)
			return nil
		})
		rows = append(rows, r)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].auto > rows[j].auto })
	for _, r := range rows[:40] {
		t.Logf("%-28q auto %6.1f walk %6.1f d %.4f chose-walk %v", r.q, r.auto.Seconds()*1000, r.walk.Seconds()*1000, r.d, r.chose)
	}
}
