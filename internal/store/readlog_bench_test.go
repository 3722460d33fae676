package store_test

import (
	"testing"
	"time"

	"dangvien/internal/app/members"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// BenchmarkMemberRead is a member-record read with and without its read-log
// row, on one goroutine and on eight. The "log" runs end by waiting for
// every row to be written, so their time includes the writing, not only
// the hand-over; cpu-ns/op is this process's CPU time (the writer
// goroutine's included, PostgreSQL's own not), steadier than wall time on
// a shared machine; dropped/op shows any row the buffer could not take.
//
//	go test -run X -bench MemberRead -benchtime 20000x -count 5 ./internal/store/
func BenchmarkMemberRead(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			var db *store.DB
			if engine == "sqlite" {
				db = SQLite(b)
			} else {
				db = Postgres(b)
			}
			f := Fixture(b, db)
			a := Actor(domain.RoleStaff, f.CommuneA)
			a.Username, a.UserID = "bantochuc.a", 0
			read := func(log bool) {
				m, err := (&members.Service{DB: db}).Member(ctx, a, f.Thao.ID)
				if err != nil {
					b.Fatal(err)
				}
				if log {
					db.LogRead(a, store.MemberRead(store.ReadMember, m.ID, "10.0.0.1"))
				}
			}
			for _, log := range []bool{false, true} {
				name := map[bool]string{false: "nolog", true: "log"}[log]
				var cpu0 time.Duration
				finish := func(b *testing.B, before int64) {
					if err := db.FlushReads(ctx); err != nil {
						b.Fatal(err)
					}
					b.ReportMetric(float64(db.ReadsDropped()-before)/float64(b.N), "dropped/op")
					b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
				}
				b.Run(name+"/serial", func(b *testing.B) {
					before := db.ReadsDropped()
					cpu0 = cpuTime()
					for range b.N {
						read(log)
					}
					finish(b, before)
				})
				b.Run(name+"/parallel8", func(b *testing.B) {
					before := db.ReadsDropped()
					cpu0 = cpuTime()
					b.SetParallelism(4) // 4 × GOMAXPROCS(2) readers
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							read(log)
						}
					})
					finish(b, before)
				})
			}
			b.Run("handover", func(b *testing.B) { // what a read waits for: LogRead alone
				before, cpu0 := db.ReadsDropped(), cpuTime()
				for i := range b.N {
					db.LogRead(a, store.MemberRead(store.ReadMember, f.Thao.ID, "10.0.0.1"))
					if i%4096 == 4095 {
						b.StopTimer()
						db.FlushReads(ctx) // keep the buffer from filling: this measures the hand-over
						b.StartTimer()
					}
				}
				b.StopTimer()
				db.FlushReads(ctx)
				b.ReportMetric(float64(db.ReadsDropped()-before)/float64(b.N), "dropped/op")
				b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
			})
		})
	}
}
