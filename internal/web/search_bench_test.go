package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dangvien/internal/bench"
	"dangvien/internal/seed"
)

// BenchmarkSuggest is the server time of search as one types
// (/tim-kiem/goi-y) for a provincial staff account, over bench.SearchQueries,
// session lookup, read log and rendering included: what wrk sees, without
// the network. "one" runs every query once per iteration, one at a time,
// and gives p50/p95/p99 over all of them; "parallel" runs them from 16
// goroutines at once, as wrk -c16 does. Both give the process's CPU time
// per request (cpu-ms/req), the read log's writer and the collector
// included: 1,000 requests a second on 2 cores needs at most 1.6 ms (with a
// fifth left for the network and wrk itself).
//
//	DANGVIEN_BENCH_DB=/tmp/big300k.db go test -run X -bench Suggest -benchtime 3x ./internal/web/
func BenchmarkSuggest(b *testing.B) {
	db := benchDB(b, seed.Options{Members: 20000, Seed: 1})
	s, _, cookie := benchStaff(b, db)
	queries, err := bench.SearchQueries(context.Background(), db)
	if err != nil {
		b.Fatal(err)
	}
	requests := func() []*http.Request {
		reqs := make([]*http.Request, len(queries))
		for i, q := range queries {
			reqs[i] = httptest.NewRequest("GET", "/tim-kiem/goi-y?q="+url.QueryEscape(q), nil)
			reqs[i].AddCookie(cookie)
		}
		return reqs
	}
	serve := func(b *testing.B, req *http.Request) {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Errorf("%s: status %d", req.URL, w.Code) // not Fatalf: called from many goroutines
		}
	}
	b.Run("one", func(b *testing.B) {
		reqs := requests()
		var lat []time.Duration
		cpu0 := cpuTime()
		for b.Loop() {
			for _, req := range reqs {
				t := time.Now()
				serve(b, req)
				lat = append(lat, time.Since(t))
			}
		}
		b.ReportMetric(float64(cpuTime()-cpu0)/float64(len(lat))/1e6, "cpu-ms/req")
		slices.Sort(lat)
		for _, p := range []int{50, 95, 99} {
			b.ReportMetric(float64(lat[(len(lat)*p+99)/100-1].Microseconds())/1000, "p"+strconv.Itoa(p)+"-ms")
		}
	})
	b.Run("parallel", func(b *testing.B) {
		var next atomic.Int64
		cpu0 := cpuTime()
		total := int64(0)
		for b.Loop() {
			total += int64(len(queries))
			var wg sync.WaitGroup
			for range 16 { // as wrk -c16
				reqs := requests() // a request is not shared: the mux writes its pattern into it
				wg.Go(func() {
					for i := next.Add(1) - 1; i < total; i = next.Add(1) - 1 {
						serve(b, reqs[i%int64(len(reqs))])
					}
				})
			}
			wg.Wait()
		}
		b.ReportMetric(float64(cpuTime()-cpu0)/float64(total)/1e6, "cpu-ms/req")
	})
}
