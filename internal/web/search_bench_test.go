package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"

	"dangvien/internal/bench"
	"dangvien/internal/seed"
)

// BenchmarkSuggest is the server time of search as one types
// (/tim-kiem/goi-y) for a provincial staff account, over bench.SearchQueries,
// session lookup and rendering included: what wrk sees, without the network.
// Each iteration runs every query once; p50/p95/p99 are over all of them.
//
//	DANGVIEN_BENCH_DB=/tmp/big300k.db go test -run X -bench Suggest -benchtime 3x ./internal/web/
func BenchmarkSuggest(b *testing.B) {
	db := benchDB(b, seed.Options{Members: 20000, Seed: 1})
	s, _, cookie := benchStaff(b, db)
	queries, err := bench.SearchQueries(context.Background(), db)
	if err != nil {
		b.Fatal(err)
	}
	reqs := make([]*http.Request, len(queries))
	for i, q := range queries {
		reqs[i] = httptest.NewRequest("GET", "/tim-kiem/goi-y?q="+url.QueryEscape(q), nil)
		reqs[i].AddCookie(cookie)
	}
	var lat []time.Duration
	for b.Loop() {
		for _, req := range reqs {
			t := time.Now()
			w := httptest.NewRecorder()
			s.ServeHTTP(w, req)
			lat = append(lat, time.Since(t))
			if w.Code != http.StatusOK {
				b.Fatalf("%s: status %d", req.URL, w.Code)
			}
		}
	}
	slices.Sort(lat)
	for _, p := range []int{50, 95, 99} {
		b.ReportMetric(float64(lat[(len(lat)*p+99)/100-1].Microseconds())/1000, "p"+strconv.Itoa(p)+"-ms")
	}
}
