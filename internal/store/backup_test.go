package store_test

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dangvien/internal/app/members"
	"dangvien/internal/app/orgs"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// openFile opens a SQLite database at a known path, with the tests' clock.
func openFile(t *testing.T, path string) *store.DB {
	t.Helper()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return Today }
	t.Cleanup(func() { db.Close() })
	return db
}

// writeLoad adds members and cells, each with its audit row, until stop is
// closed. (Cells rather than meetings: meetings are written through the
// use-case layer on main, and this test is to build on both sides.)
func writeLoad(t *testing.T, db *store.DB, f *Fix, stop chan struct{}, written *atomic.Int64) *sync.WaitGroup {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			_, err := (&members.Service{DB: db}).Create(ctx, domain.System, f.CellA2.ID, domain.MemberFields{
				FullName: "Nguyễn Văn " + letters(i), Gender: domain.Male, BirthDate: D("1980-01-01"), Ethnicity: "01",
				CitizenID: fmt.Sprintf("0010800%05d", i), Education: "thpt",
			}, domain.Event{Kind: domain.EventAdmitted, Date: D("2010-01-01"), Decided: D("2009-12-15"), Decision: "1-QĐ/ĐU"})
			if err != nil {
				t.Errorf("member %d: %v", i, err)
				return
			}
			if i%3 == 0 {
				in := domain.OrgInput{Code: fmt.Sprintf("X01-T%05d", i), Name: "Chi bộ " + letters(i), Kind: domain.KindCell, ParentID: f.CommuneA.ID, ValidFrom: D("2020-01-01")}
				if _, err := (&orgs.Service{DB: db}).Create(ctx, domain.System, in); err != nil {
					t.Errorf("cell %d: %v", i, err)
					return
				}
			}
			written.Add(1)
		}
	}()
	return &wg
}

// letters spells n in syllables, for names that take no digits.
func letters(n int) string {
	syl := []string{"An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Khánh", "Lâm", "Minh", "Nam"}
	out := syl[n%10]
	for n /= 10; n > 0; n /= 10 {
		out = syl[n%10] + " " + out
	}
	return out
}

// consistent checks that a database is a snapshot of one moment: the chain
// verifies, and every member and organisation has its creation's audit row
// and every such row its member or organisation.
func consistent(t *testing.T, path string) (members int) {
	t.Helper()
	db := openFile(t, path)
	res, err := db.VerifyAudit(ctx, domain.System)
	if err != nil || !res.OK {
		t.Fatalf("%s: audit verify %+v %v", path, res, err)
	}
	for _, q := range []string{
		"SELECT count(*) FROM members m WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.action = 'member.create' AND a.entity_id = m.id)",
		"SELECT count(*) FROM orgs o WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.action = 'org.create' AND a.entity_id = o.id)",
		"SELECT count(*) FROM audit a WHERE a.action = 'member.create' AND NOT EXISTS (SELECT 1 FROM members m WHERE m.id = a.entity_id)",
		"SELECT count(*) FROM audit a WHERE a.action = 'org.create' AND NOT EXISTS (SELECT 1 FROM orgs o WHERE o.id = a.entity_id)",
	} {
		var n int
		if err := db.SQL().QueryRow(q).Scan(&n); err != nil || n != 0 {
			t.Fatalf("%s: %d rows without their pair (%v): %s", path, n, err, q)
		}
	}
	db.SQL().QueryRow("SELECT count(*) FROM members").Scan(&members)
	return members
}

func TestBackupUnderWriteLoadRestoresAConsistentSnapshot(t *testing.T) {
	dir := t.TempDir()
	live := filepath.Join(dir, "dangvien.db")
	db := openFile(t, live)
	f := Fixture(t, db)
	stop := make(chan struct{})
	var written atomic.Int64
	wg := writeLoad(t, db, f, stop, &written)
	for written.Load() < 30 && !t.Failed() {
		time.Sleep(5 * time.Millisecond)
	}
	var backups []string
	for k := range 3 {
		bak := filepath.Join(dir, fmt.Sprintf("sao-luu-%d.db", k))
		info, err := store.Backup(ctx, live, bak)
		if err != nil {
			t.Fatalf("backup under load: %v", err)
		}
		if info.AuditRows == 0 || info.Members < 5 || info.Version == 0 {
			t.Errorf("backup info %+v", info)
		}
		backups = append(backups, bak)
	}
	close(stop)
	wg.Wait()
	if _, err := store.Backup(ctx, live, backups[0]); err == nil {
		t.Error("a backup overwrote an existing file")
	}
	prev := 0
	for k, bak := range backups {
		target := filepath.Join(dir, fmt.Sprintf("khoi-phuc-%d.db", k))
		info, err := store.Restore(ctx, target, bak, false, Today)
		if err != nil || info.Aside != "" {
			t.Fatalf("restore %s: %+v %v", bak, info, err)
		}
		n := consistent(t, target)
		if n < prev || n < 5+30 {
			t.Errorf("backup %d holds %d members (previous %d)", k, n, prev)
		}
		prev = n
	}
	t.Logf("%d members written under load; the backups held up to %d", written.Load()+5, prev)
}

func TestRestoreRefusals(t *testing.T) {
	dir := t.TempDir()
	live := filepath.Join(dir, "dangvien.db")
	db := openFile(t, live)
	Fixture(t, db)
	good := filepath.Join(dir, "tot.db")
	if _, err := store.Backup(ctx, live, good); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dir, "dich.db")
	if _, err := store.Restore(ctx, target, good, false, Today); err != nil {
		t.Fatal(err)
	}
	// A target with a connection open (a running server) is refused.
	inUse := openFile(t, target)
	if _, err := (&orgs.Service{DB: inUse}).Create(ctx, domain.System, domain.OrgInput{Code: "X09", Name: "Đảng bộ xã Mới", Kind: domain.KindCommune, ParentID: 1, ValidFrom: D("2020-01-01")}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Restore(ctx, target, good, false, Today); !errors.Is(err, store.ErrInUse) {
		t.Fatalf("restore over a database in use: %v", err)
	}
	inUse.Close()
	before, _ := os.ReadFile(target)

	// Backups that are not what they claim leave the target as it was.
	raw := func(path, q string) {
		h, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer h.Close()
		if _, err := h.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	copyOf := func(name string) string {
		p := filepath.Join(dir, name)
		b, _ := os.ReadFile(good)
		os.WriteFile(p, b, 0o600)
		return p
	}
	tampered := copyOf("sua.db")
	raw(tampered, "UPDATE audit SET actor = 'ai đó' WHERE seq = 3")
	future := copyOf("moi-hon.db")
	raw(future, "INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, 1)")
	other := filepath.Join(dir, "khac.db")
	raw(other, "CREATE TABLE notes (x TEXT)")
	text := filepath.Join(dir, "van-ban.db")
	os.WriteFile(text, []byte("không phải cơ sở dữ liệu"), 0o600)
	torn := copyOf("rach.db")
	b, _ := os.ReadFile(torn)
	os.WriteFile(torn, b[:len(b)/2], 0o600)
	for path, want := range map[string]string{
		tampered: "số 3", future: "phiên bản 99999", other: "không phải cơ sở dữ liệu dangvien",
		text: "không phải cơ sở dữ liệu SQLite", torn: "hỏng", filepath.Join(dir, "khong-co.db"): "không có tệp",
	} {
		_, err := store.Restore(ctx, target, path, true, Today)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("restore from %s: want %q, got %v", filepath.Base(path), want, err)
		}
	}
	if after, _ := os.ReadFile(target); string(after) != string(before) {
		t.Fatal("a refused restore changed the target")
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "dich.db.*")); len(m) != 0 {
		t.Fatalf("a refused restore left files: %v", m)
	}

	// A restore over a closed database keeps the old one aside.
	info, err := store.Restore(ctx, target, good, false, Today)
	if err != nil || info.Aside == "" {
		t.Fatalf("restore over a closed database: %+v %v", info, err)
	}
	// The old database, with the organisation added after the backup, is
	// kept; the restored one is the backup.
	orgs := func(path string) (n int) {
		consistent(t, path)
		h, _ := sql.Open("sqlite", path)
		defer h.Close()
		h.QueryRow("SELECT count(*) FROM orgs").Scan(&n)
		return n
	}
	if kept, now := orgs(info.Aside), orgs(target); kept != now+1 {
		t.Errorf("kept aside %d organisations, restored %d", kept, now)
	}
}
