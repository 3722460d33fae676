package store_test

import (
	"sync/atomic"
	"testing"
	"time"

	"dangvien/internal/app/members"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// realClock ticks like a real clock: nanoseconds, some ending in zeros
// (which RFC 3339 trims), none a whole microsecond. The test databases'
// fixed clock has no fraction at all, which hid the PostgreSQL bug.
func realClock(db *store.DB) {
	base := Today.Add(123456789 * time.Nanosecond)
	var n atomic.Int64
	db.Now = func() time.Time { return base.Add(time.Duration(n.Add(1)) * 1_000_010 * time.Nanosecond) }
}

func TestAuditChainOnARealClock(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		realClock(db)
		f := Fixture(t, db)
		fields := f.Thao.MemberFields
		fields.Phone = "0912345678"
		if _, err := (&members.Service{DB: db}).Update(ctx, domain.System, f.Thao.ID, fields, nil); err != nil {
			t.Fatal(err)
		}
		res, err := db.VerifyAudit(ctx, domain.System)
		if err != nil || !res.OK || res.Rows != 12 {
			t.Fatalf("untouched chain written on a real clock: %+v %v", res, err)
		}
		// The stored time is the hashed time: shifting it by one microsecond
		// is an alteration.
		shift := "UPDATE audit SET at = at + interval '1 microsecond' WHERE seq = 5"
		if db.Dialect == store.SQLite {
			shift = "UPDATE audit SET at = replace(at, '.', '.9') WHERE seq = 5"
		}
		if _, err := db.SQL().Exec(shift); err != nil {
			t.Fatal(err)
		}
		if res, _ = db.VerifyAudit(ctx, domain.System); res.OK || res.BadSeq != 5 {
			t.Fatalf("a row whose time was moved: %+v", res)
		}
	})
}

func TestAuditChainFindsAlteredContentOnARealClock(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		realClock(db)
		Fixture(t, db)
		if _, err := db.SQL().Exec(replaceIf(db, "UPDATE audit SET after_json = ? WHERE seq = 7"), `{"full_name":"Người khác"}`); err != nil {
			t.Fatal(err)
		}
		if res, _ := db.VerifyAudit(ctx, domain.System); res.OK || res.BadSeq != 7 {
			t.Fatalf("altered row: %+v", res)
		}
	})
}

// A database written before the fix keeps verifying after it: SQLite by the
// stored text, PostgreSQL within the rounding of the rows the migration
// marked; rows written after the fix must match exactly.
func TestAuditChainWrittenBeforeTheFixStillVerifies(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		realClock(db)
		if err := db.WriteOldAudit(ctx, 6); err != nil {
			t.Fatal(err)
		}
		if db.Dialect == store.Postgres { // what migration 00015 does to an existing database
			if _, err := db.SQL().Exec("UPDATE audit_head SET legacy_upto = seq"); err != nil {
				t.Fatal(err)
			}
		}
		Fixture(t, db)
		res, err := db.VerifyAudit(ctx, domain.System)
		if err != nil || !res.OK || res.Rows != 17 {
			t.Fatalf("old rows then new rows: %+v %v", res, err)
		}
		if want := map[store.Dialect]int64{store.SQLite: 0, store.Postgres: 6}[db.Dialect]; res.Rounded != want {
			t.Errorf("%d rows checked within the rounding, want %d", res.Rounded, want)
		}
		if _, err := db.SQL().Exec(replaceIf(db, "UPDATE audit SET after_json = ? WHERE seq = 3"), `{"name":"c"}`); err != nil {
			t.Fatal(err)
		}
		if res, _ = db.VerifyAudit(ctx, domain.System); res.OK || res.BadSeq != 3 {
			t.Fatalf("an altered old row: %+v", res)
		}
		if db.Dialect == store.Postgres {
			// Without the marker, no row is let off the exact check.
			db.SQL().Exec("UPDATE audit_head SET legacy_upto = 0")
			if res, _ = db.VerifyAudit(ctx, domain.System); res.OK || res.BadSeq != 1 {
				t.Fatalf("old rows past the marker: %+v", res)
			}
		}
	})
}
