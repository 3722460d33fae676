package bench

import (
	"context"
	"os"
	"testing"
	"time"

	"dangvien/internal/app/screening"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// BenchmarkScreening measures the screening report (issue 12 item 6) of the
// province in DANGVIEN_BENCH_DB, beside the bare read of the same rows in
// the same loop: a province kept by `dangvien bench --life --members 300000
// --keep` (its ratings seeded, built on the day it is measured, since the
// report's twelve months end today). It reports the report's and the raw
// read's time per run, their ratio, and the process's CPU per report.
//
//	DANGVIEN_BENCH_DB=/tmp/dangvien-bench-…/life.db go test -run X -bench Screening -benchtime 5x ./internal/bench/
func BenchmarkScreening(b *testing.B) {
	dsn := os.Getenv("DANGVIEN_BENCH_DB")
	if dsn == "" {
		b.Skip("DANGVIEN_BENCH_DB not set: a province kept by dangvien bench --life --keep")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	var id int64
	var path string
	if err := db.SQL().QueryRowContext(ctx, "SELECT id, path FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1").Scan(&id, &path); err != nil {
		b.Fatal(err)
	}
	svc := &screening.Service{DB: db}
	today := domain.DateOf(time.Now())
	from := today.AddMonths(-12).AddDays(1)
	var report, raw, cpu time.Duration
	var items, rows int
	b.ResetTimer()
	for b.Loop() {
		t, c := time.Now(), cpuTime()
		v, err := svc.Report(ctx, domain.System, id, today)
		if err != nil {
			b.Fatal(err)
		}
		report, cpu, items = report+time.Since(t), cpu+cpuTime()-c, len(v.Items)
		t = time.Now()
		if rows, err = baseline(ctx, db, path, from, today); err != nil {
			b.Fatal(err)
		}
		raw += time.Since(t)
	}
	n := float64(b.N)
	b.ReportMetric(float64(report.Milliseconds())/n, "report-ms")
	b.ReportMetric(float64(cpu.Milliseconds())/n, "report-cpu-ms")
	b.ReportMetric(float64(raw.Milliseconds())/n, "raw-ms")
	b.ReportMetric(float64(report)/float64(max(raw, 1)), "report/raw")
	b.ReportMetric(float64(items), "members")
	b.ReportMetric(float64(rows), "raw-rows")
}
