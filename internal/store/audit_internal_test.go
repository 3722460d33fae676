package store

import (
	"strings"
	"testing"
	"time"
)

// BenchmarkLegacyAuditRow is the worst case of checking a PostgreSQL row
// written before microsecond stamps: the clock's time half a microsecond
// from the stored one, a member record before and after (1.6 kB).
//
//	go test -run X -bench LegacyAuditRow ./internal/store/
func BenchmarkLegacyAuditRow(b *testing.B) {
	clock := time.Date(2026, 11, 23, 9, 0, 0, 123456500, time.UTC)
	rec := `{"full_name":"Nguyễn Thị Hồng Thảo","workplace":"` + strings.Repeat("Trường Tiểu học Hợp Châu ", 30) + `"}`
	r := AuditRow{Seq: 41, Actor: "bantochuc.a", Action: "member.update", Entity: "member", EntityID: 7, OrgPath: "/1/2/4/", Before: rec, After: rec, PrevHash: strings.Repeat("a", 64)}
	r.Hash = r.hashWith(clock.Format(time.RFC3339Nano))
	r.At.Time = clock.Add(-500) // what PostgreSQL stores: half to even, …456 µs
	for b.Loop() {
		if !r.legacyMatch() {
			b.Fatal("no match")
		}
	}
}
