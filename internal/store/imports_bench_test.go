package store_test

import (
	"context"
	"io"
	"os"
	"strconv"
	"testing"
	"time"

	"dangvien/internal/domain"
	"dangvien/internal/seed"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// BenchmarkImportMembers measures the store's half of an import (check and
// write, without parsing a file) into a fresh database, beside the plain
// 25-column insert of the same rows in the same run; b.N is the number of
// rows (DANGVIEN_BENCH_ROWS, default 20000); rows/cpu-s is the figure to
// compare on a busy machine (PostgreSQL's server CPU is not in it). With DANGVIEN_TEST_POSTGRES set,
// the PostgreSQL half runs as well.
func BenchmarkImportMembers(b *testing.B) {
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("DANGVIEN_BENCH_ROWS")); err == nil {
		n = v
	}
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			open := func() *store.DB {
				if kind == "postgres" {
					return Postgres(b)
				}
				return SQLite(b)
			}
			var rows []store.ImportRow
			newDB := func() *store.DB {
				db := open()
				rows = rows[:0]
				if _, err := seed.Province(context.Background(), db, seed.Options{Members: n, Seed: 1, Today: domain.DateOf(Today), Sink: func(r []store.ImportRow) error {
					rows = append(rows, r...)
					return nil
				}}); err != nil {
					b.Fatal(err)
				}
				return db
			}
			chunks := func() func() (store.ImportChunk, error) {
				i := 0
				return func() (store.ImportChunk, error) {
					if i >= len(rows) {
						return store.ImportChunk{}, io.EOF
					}
					j := min(i+2000, len(rows))
					ch := store.ImportChunk{Rows: rows[i:j]}
					i = j
					return ch, nil
				}
			}
			b.Run("import", func(b *testing.B) {
				var cpu time.Duration
				for b.Loop() {
					b.StopTimer()
					db := newDB()
					b.StartTimer()
					c0 := cpuTime()
					if _, err := db.ImportMembers(context.Background(), domain.System, &store.ImportMeta{Source: "bench"}, chunks()); err != nil {
						b.Fatal(err)
					}
					cpu += cpuTime() - c0
				}
				b.ReportMetric(float64(len(rows))*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
				b.ReportMetric(float64(len(rows))*float64(b.N)/cpu.Seconds(), "rows/cpu-s")
			})
			b.Run("plain", func(b *testing.B) {
				var cpu time.Duration
				for b.Loop() {
					b.StopTimer()
					db := newDB()
					next := chunks()
					b.StartTimer()
					c0 := cpuTime()
					if _, err := db.PlainInsert(context.Background(), func() ([]store.ImportRow, error) {
						ch, err := next()
						return ch.Rows, err
					}, false); err != nil {
						b.Fatal(err)
					}
					cpu += cpuTime() - c0
				}
				b.ReportMetric(float64(len(rows))*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
				b.ReportMetric(float64(len(rows))*float64(b.N)/cpu.Seconds(), "rows/cpu-s")
			})
		})
	}
}
