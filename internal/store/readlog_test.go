package store_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

func TestIDQuery(t *testing.T) {
	for q, want := range map[string]bool{
		"001190012345": true, "0011 9001 2345": true, "79.012.345": true, "79-012345": true, "00": true,
		"": false, "   ": false, "thao": false, "Thảo 1990": false, "0011x": false, "٠١٢": false, "001190012345\x00": false,
	} {
		if got := store.IDQuery(q); got != want {
			t.Errorf("IDQuery(%q) = %v, want %v", q, got, want)
		}
	}
}

// reader is an account-like actor: a name and a scope.
func reader(name string, role domain.Role, orgs ...domain.Org) domain.Actor {
	a := Actor(role, orgs...)
	a.Username = name
	return a
}

func TestReadLogScopeAndFilters(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		secA1 := reader("bithu.a1", domain.RoleSecretary, f.CellA1)
		staffA := reader("bantochuc.a", domain.RoleStaff, f.CommuneA)
		staffB := reader("bantochuc.b", domain.RoleStaff, f.CommuneB)
		province := reader("bantochuc.tinh", domain.RoleStaff, f.Province)
		inCharge := reader("phutrach", domain.RoleInCharge, f.CellA1, f.CellB1) // scope across both communes
		admin := reader("quantri", domain.RoleAdmin)

		db.LogRead(secA1, store.MemberRead(store.ReadMember, f.Thao.ID, "10.0.0.1"))
		db.LogRead(secA1, store.MemberRead(store.ReadSheet, f.Thao.ID, "10.0.0.1"))
		db.LogSearch(secA1, "79012345", []store.SearchHit{{ID: f.Thao.ID}}, "10.0.0.1")
		db.LogSearch(secA1, "nguyen thi", []store.SearchHit{{ID: f.Thao.ID}}, "10.0.0.1") // by name: not recorded
		db.LogSearch(secA1, "0000", nil, "10.0.0.1")                                      // nothing found: recorded, about no one
		db.LogRead(province, store.MemberRead(store.ReadMember, f.Hoa.ID, "10.0.0.2"))
		db.LogRead(staffB, store.Read{Kind: store.ReadExport, Entity: "org", EntityID: f.CommuneB.ID, Rows: 2, CitizenIDs: true, Phones: true, IP: "10.0.0.3"})
		db.LogRead(admin, store.MemberRead(store.ReadMember, f.Duc.ID, "10.0.0.4"))
		db.LogRead(inCharge, store.MemberRead(store.ReadMember, f.Lan.ID, "10.0.0.5"))
		if err := db.FlushReads(ctx); err != nil {
			t.Fatal(err)
		}

		type seen struct {
			actor string
			kind  store.ReadKind
			id    int64
		}
		list := func(a domain.Actor, fl store.ReadFilter) []seen {
			t.Helper()
			rows, err := db.ReadLog(ctx, a, fl)
			if err != nil {
				t.Fatal(err)
			}
			var out []seen
			for _, r := range rows {
				out = append(out, seen{r.Actor, r.Kind, r.EntityID})
			}
			return out
		}
		check := func(name string, got []seen, want ...seen) {
			t.Helper()
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s:\n got  %v\n want %v", name, got, want)
			}
		}
		all := []seen{
			{"phutrach", store.ReadMember, f.Lan.ID}, {"quantri", store.ReadMember, f.Duc.ID},
			{"bantochuc.b", store.ReadExport, f.CommuneB.ID}, {"bantochuc.tinh", store.ReadMember, f.Hoa.ID},
			{"bithu.a1", store.ReadSearchID, 0}, {"bithu.a1", store.ReadSearchID, f.Thao.ID},
			{"bithu.a1", store.ReadSheet, f.Thao.ID}, {"bithu.a1", store.ReadMember, f.Thao.ID},
		}
		check("administrator", list(admin, store.ReadFilter{}), all...)
		check("province staff", list(province, store.ReadFilter{}), all...)
		// Commune A: reads of its members (by anyone, the administrator too)
		// and reads by its accounts; not the in-charge account whose scope
		// reaches beyond it, reading outside it.
		check("commune A staff", list(staffA, store.ReadFilter{}), all[1], all[4], all[5], all[6], all[7])
		check("commune B leader", list(reader("lanhdao.b", domain.RoleLeader, f.CommuneB), store.ReadFilter{}), all[0], all[2], all[3])
		for _, a := range []domain.Actor{secA1, inCharge, {Username: "dv", Role: domain.RoleMember, MemberID: f.Thao.ID}} {
			if _, err := db.ReadLog(ctx, a, store.ReadFilter{}); code(err) != domain.CodeForbidden {
				t.Errorf("%s reads the read log: %v", a.Role, err)
			}
		}

		check("by member", list(admin, store.ReadFilter{MemberID: f.Thao.ID}), all[5], all[6], all[7])
		check("by account", list(admin, store.ReadFilter{Actor: "bantochuc.b"}), all[2])
		check("from today", list(admin, store.ReadFilter{From: domain.DateOf(Today)}), all...)
		check("until yesterday", list(admin, store.ReadFilter{To: domain.DateOf(Today).AddDays(-1)}))
		check("from tomorrow", list(admin, store.ReadFilter{From: domain.DateOf(Today).AddDays(1)}))
		page := list(admin, store.ReadFilter{Limit: 3})
		rows, _ := db.ReadLog(ctx, admin, store.ReadFilter{Limit: 3})
		check("first page", page, all[:3]...)
		check("next page", list(admin, store.ReadFilter{Limit: 3, Before: rows[2].ID}), all[3:6]...)

		rows, _ = db.ReadLog(ctx, admin, store.ReadFilter{Actor: "bantochuc.b"})
		if r := rows[0]; r.Rows != 2 || !r.CitizenIDs || !r.Phones || r.IP != "10.0.0.3" || !r.At.Equal(Today) {
			t.Errorf("export row: %+v", r)
		}
	})
}

// A day in the filter is a day in Vietnam: 23:30 UTC is the next morning.
func TestReadLogDaysAreVietnamDays(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		db.Now = func() time.Time { return time.Date(2026, 11, 23, 17, 30, 0, 0, time.UTC) } // 00:30 on the 24th in Hà Nội
		db.LogRead(domain.System, store.MemberRead(store.ReadMember, f.Thao.ID, ""))
		db.FlushReads(ctx)
		for day, want := range map[string]int{"2026-11-23": 0, "2026-11-24": 1} {
			rows, err := db.ReadLog(ctx, domain.System, store.ReadFilter{From: D(day), To: D(day)})
			if err != nil || len(rows) != want {
				t.Errorf("%s: %d rows, want %d (%v)", day, len(rows), want, err)
			}
		}
	})
}

// Many readers at once: every read is either written or counted as
// dropped, and the drops are written into the log as a count.
func TestReadLogUnderParallelReads(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		const readers, each = 16, 1000
		var wg sync.WaitGroup
		for g := range readers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				a := reader(fmt.Sprintf("nguoi.doc.%d", g), domain.RoleStaff, f.CommuneA)
				for i := range each {
					db.LogRead(a, store.MemberRead(store.ReadMember, f.Thao.ID, "10.0.0.1"))
					if i%250 == 0 {
						db.FlushReads(ctx)
					}
				}
			}()
		}
		wg.Wait()
		if err := db.FlushReads(ctx); err != nil {
			t.Fatal(err)
		}
		var kept, reported int64
		db.SQL().QueryRow("SELECT count(*) FROM read_log WHERE kind = 'member'").Scan(&kept)
		db.SQL().QueryRow("SELECT coalesce(sum(row_count), 0) FROM read_log WHERE kind = 'dropped'").Scan(&reported)
		if kept+db.ReadsDropped() != readers*each || reported != db.ReadsDropped() {
			t.Fatalf("%d written + %d dropped (%d reported in the log) != %d reads", kept, db.ReadsDropped(), reported, readers*each)
		}
		t.Logf("%d reads: %d written, %d dropped", readers*each, kept, db.ReadsDropped())
	})
}

// Reads buffered when the database closes are written first.
func TestReadLogWrittenOnClose(t *testing.T) {
	path := t.TempDir() + "/d.db"
	db := openFile(t, path)
	f := Fixture(t, db)
	for range 100 {
		db.LogRead(domain.System, store.MemberRead(store.ReadMember, f.Thao.ID, ""))
	}
	db.Close()
	db.LogRead(domain.System, store.MemberRead(store.ReadMember, f.Thao.ID, "")) // after closing: counted, not a panic
	db2 := openFile(t, path)
	var n int
	db2.SQL().QueryRow("SELECT count(*) FROM read_log").Scan(&n)
	if n != 100 {
		t.Fatalf("%d of 100 reads written on close", n)
	}
}
