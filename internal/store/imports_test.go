package store_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"dangvien/internal/app/orgs"
	"dangvien/internal/domain"
	"dangvien/internal/seed"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

// searchSnapshot runs a fixed set of searches as three kinds of actor (the
// full-text index for the province and a commune, the scope read for a
// cell) and lists what each finds, without ids.
func searchSnapshot(t *testing.T, db *store.DB, sum seed.Summary) string {
	t.Helper()
	page, err := membersOf(db).List(ctx, domain.System, store.MemberFilter{Limit: 40, Offset: 100})
	if err != nil {
		t.Fatal(err)
	}
	// No query matches more than searchCap members: beyond it search sorts
	// whichever searchCap matches the database reads first, which depends
	// on the rows' physical order, not on the import.
	queries := []string{"nguyen", "thi", "nguyen thi", "tran van", "hoang duc", "Thảo", "thao", "dang", "đặng", "02519", "025080", "00119", "an", "anh"}
	for i, m := range page.Items {
		w := strings.Fields(m.FullName)
		switch i % 4 {
		case 0:
			queries = append(queries, m.FullName)
		case 1:
			queries = append(queries, w[len(w)-1])
		case 2:
			queries = append(queries, m.CitizenID[:min(9, len(m.CitizenID))])
		case 3:
			queries = append(queries, w[0]+" "+w[len(w)-1])
		}
	}
	cell := page.Items[0]
	cellOrg, err := (&orgs.Service{DB: db}).Org(ctx, domain.System, cell.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	commune, err := (&orgs.Service{DB: db}).Org(ctx, domain.System, cellOrg.ParentID)
	if err != nil {
		t.Fatal(err)
	}
	actors := []struct {
		name string
		a    domain.Actor
	}{
		{"system", domain.System},
		{"staff " + commune.Code, Actor(domain.RoleStaff, commune)},
		{"secretary " + cellOrg.Code, Actor(domain.RoleSecretary, cellOrg)},
	}
	var b strings.Builder
	for _, ac := range actors {
		for _, q := range queries {
			hits, err := membersOf(db).Search(ctx, ac.a, q, 20)
			if err != nil {
				t.Fatalf("search %q: %v", q, err)
			}
			fmt.Fprintf(&b, "%s %q: %d\n", ac.name, q, len(hits))
			for _, h := range hits {
				fmt.Fprintf(&b, "  %s|%s|%s|%s|%s\n", h.FullName, h.BirthDate.ISO(), h.CardNumber, h.Status, h.OrgName)
			}
		}
	}
	return b.String()
}

// An import finds in search exactly the members it found before imports
// wrote the full-text rows in one statement after the members (testdata holds
// what the row-by-row trigger gave).
func TestImportSearchUnchanged(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		sum, err := seed.Province(ctx, db, seed.Options{Members: 1500, Seed: 7, Today: domain.DateOf(Today)})
		if err != nil {
			t.Fatal(err)
		}
		assertWriterAsOpened(t, db)
		got := searchSnapshot(t, db, sum)
		const golden = "testdata/import_search.golden"
		if *update {
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			os.WriteFile(golden+".got", []byte(got), 0o644)
			t.Fatalf("search after an import differs from %s (see %s.got)", golden, golden)
		}
	})
}

// row makes a valid import row in cell code.
func row(n int, code, name, cid, card string) store.ImportRow {
	f := domain.MemberFields{FullName: name, Gender: domain.Male, BirthDate: D("1980-01-01"), Ethnicity: "01", CitizenID: cid, CardNumber: card,
		DecisionDate: D("2005-04-28"), AdmissionDate: D("2005-05-19"), OfficialDate: D("2006-05-19")}
	return store.ImportRow{Row: n, OrgCode: code, Fields: f, Status: domain.StatusOfficial}
}

// chunks hands rows to ImportMembers size at a time; before each call, hook
// (if set) runs with the number of the call.
func chunks(rows []store.ImportRow, size int, hook func(call int)) func() (store.ImportChunk, error) {
	call := 0
	return func() (store.ImportChunk, error) {
		call++
		if hook != nil {
			hook(call)
		}
		if len(rows) == 0 {
			return store.ImportChunk{}, io.EOF
		}
		n := min(size, len(rows))
		ch := store.ImportChunk{Rows: rows[:n]}
		rows = rows[n:]
		return ch, nil
	}
}

func manyRows(n int, code string, from int) []store.ImportRow {
	rows := make([]store.ImportRow, n)
	for i := range rows {
		rows[i] = row(i+2, code, "Lưu Văn Hà", fmt.Sprintf("0010800%05d", from+i), fmt.Sprintf("8%07d", from+i))
	}
	return rows
}

func memberTotal(t *testing.T, db *store.DB) int {
	t.Helper()
	p, err := membersOf(db).List(ctx, domain.System, store.MemberFilter{Status: "all"})
	if err != nil {
		t.Fatal(err)
	}
	return p.Total
}

// Every event an import writes is one the member state machine accepted,
// and the record's standing is what replaying them gives: later events
// follow from them like from any other.
func TestImportEventsGoThroughStateMachine(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		prob := row(2, "X01-CB01", "Kiều Thị Mơ", "001190000901", "")
		prob.Fields.DecisionDate, prob.Fields.AdmissionDate, prob.Fields.OfficialDate, prob.Status = D("2025-08-15"), D("2025-09-02"), domain.Date{}, domain.StatusProbationary
		exempt := row(3, "X01-CB01", "Lương Văn Cừ", "001140000902", "79000902")
		exempt.Fields.BirthDate, exempt.Fields.DecisionDate, exempt.Fields.AdmissionDate, exempt.Fields.OfficialDate, exempt.Exempted = D("1940-01-01"), D("1965-01-20"), D("1965-02-03"), D("1966-02-03"), true
		// The decision's date not known: the ceremony's stands in, and the
		// event carries none. Recognised today and exempted today: the
		// exemption comes after.
		copied := row(4, "X01-CB01", "Hoàng Thị Nụ", "001190000905", "")
		copied.Fields.DecisionDate, copied.Fields.DecisionCopied = copied.Fields.AdmissionDate, true
		today := row(5, "X01-CB01", "Đinh Văn Sáu", "001080000906", "")
		today.Fields.DecisionDate, today.Fields.AdmissionDate, today.Fields.OfficialDate, today.Exempted = D("2025-10-01"), D("2025-10-20"), D("2026-11-23"), true
		rows := []store.ImportRow{prob, exempt, copied, today}
		res, err := db.ImportMembers(ctx, domain.System, &store.ImportMeta{Source: "t"}, chunks(slices.Clone(rows), 10, nil))
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64]string{res.FirstID: "admitted", res.FirstID + 1: "admitted recognised exempted", res.FirstID + 2: "admitted recognised", res.FirstID + 3: "admitted recognised exempted"}
		for id, kinds := range want {
			ev, err := membersOf(db).Events(ctx, domain.System, id)
			if err != nil {
				t.Fatal(err)
			}
			r := rows[id-res.FirstID]
			// The very events the state machine accepted, written in their order.
			accepted, _, err := domain.ImportedEvents(&r.Fields, r.Status, r.Exempted, D("2026-11-23"))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for i, e := range ev {
				got = append(got, string(e.Kind))
				if e.OrgID != f.CellA1.ID || i < len(accepted) && (e.Kind != accepted[i].Kind || e.Date != accepted[i].Date || e.Reason != accepted[i].Reason || e.Decided != accepted[i].Decided) {
					t.Errorf("member %d event %d: %+v, want %+v", id, i, e, accepted[min(i, len(accepted)-1)])
				}
				if i > 0 && e.ID <= ev[i-1].ID {
					t.Errorf("member %d: event %d has id %d after %d", id, i, e.ID, ev[i-1].ID)
				}
			}
			if strings.Join(got, " ") != kinds || len(ev) != len(accepted) {
				t.Errorf("member %d events %q, want %q", id, got, kinds)
			}
			// And one placement, in its cell from its admission.
			var pl []store.Placement
			err = db.Read(ctx, domain.System, func(tx *store.Tx) (err error) {
				pl, err = tx.Placements(domain.Member{ID: id})
				return err
			})
			if err != nil || len(pl) != 1 || pl[0].Org != f.CellA1.Name || pl[0].From != r.Fields.AdmissionDate || !pl[0].To.IsZero() {
				t.Errorf("member %d placements %+v (%v)", id, pl, err)
			}
		}
		m, _ := membersOf(db).Member(ctx, domain.System, res.FirstID+1)
		if m.Status != domain.StatusOfficial || !m.Exempted {
			t.Fatalf("exempted member %+v", m)
		}
		// The state machine goes on from the imported events.
		if _, _, err := membersOf(db).AddEvent(ctx, domain.System, res.FirstID+1, domain.Event{Kind: domain.EventRestored, Date: D("2026-11-23")}); err != nil {
			t.Fatalf("restore after an imported exemption: %v", err)
		}
		if _, _, err := membersOf(db).AddEvent(ctx, domain.System, res.FirstID, domain.Event{Kind: domain.EventRecognised, Date: D("2026-09-02")}); err != nil {
			t.Fatalf("recognise an imported probationary member: %v", err)
		}
		// A row the state machine refuses is an error of its row, and nothing is written.
		bad := row(2, "X01-CB01", "Mai Văn Tú", "001080000903", "")
		bad.Fields.OfficialDate = domain.Date{}
		removed := row(3, "X01-CB01", "Mai Văn Tư", "001080000904", "")
		removed.Status = domain.StatusRemoved
		before := memberTotal(t, db)
		_, err = db.ImportMembers(ctx, domain.System, &store.ImportMeta{Source: "t"}, chunks([]store.ImportRow{bad, removed}, 10, nil))
		var ie *domain.ImportError
		if !errors.As(err, &ie) || len(ie.Rows) != 2 || ie.Rows[0].Column != "official_date" || ie.Rows[1].Column != "status" {
			t.Fatalf("want the state machine's refusals, got %v", err)
		}
		if memberTotal(t, db) != before {
			t.Fatal("a refused import wrote")
		}
	})
}

// A number another writer takes between the check and the write is refused
// by the unique index; the import writes nothing and names the row, with
// the same message as the check (neutral outside the importer's scope).
func TestImportNumberTakenDuringImport(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		staffA := Actor(domain.RoleStaff, f.CommuneA)
		rows := manyRows(100, "X01-CB01", 0)
		taken := rows[4].Fields.CitizenID
		before, audits := memberTotal(t, db), auditCount(t, db)
		err := importTakingNumber(t, db, staffA, f.CellB1.ID, rows, taken)
		var ie *domain.ImportError
		if !errors.As(err, &ie) || len(ie.Rows) != 1 || ie.Rows[0] != (domain.RowError{Row: 6, Column: "citizen_id", Reason: "Số CCCD không dùng được; liên hệ Ban Tổ chức cấp trên."}) {
			t.Fatalf("want row 6 refused neutrally, got %v", err)
		}
		if memberTotal(t, db) != before+1 || auditCount(t, db) != audits+1 {
			t.Fatal("the refused import wrote")
		}
		assertWriterAsOpened(t, db)
	})
}

// importTakingNumber imports rows, ten a chunk, as a, while another writer
// gives citizen ID taken to a new member of cell once every row was checked:
// the last call for a chunk (io.EOF) comes after the check of the first
// chunks (the stages run at most a few chunks ahead), so the number was
// free when checked.
func importTakingNumber(t *testing.T, db *store.DB, a domain.Actor, cell int64, rows []store.ImportRow, taken string) error {
	t.Helper()
	last := (len(rows)+9)/10 + 1
	_, err := db.ImportMembers(ctx, a, &store.ImportMeta{Source: "t"}, chunks(rows, 10, func(call int) {
		if call == last {
			if _, err := membersOf(db).Create(ctx, domain.System, cell, domain.MemberFields{FullName: "Đinh Thị Vân", Gender: domain.Female,
				BirthDate: D("1980-01-01"), Ethnicity: "01", CitizenID: taken}, domain.Event{Kind: domain.EventAdmitted, Date: D("2010-01-01"), Decided: D("2009-12-20")}); err != nil {
				t.Error(err)
			}
		}
	}))
	return err
}

// assertWriterAsOpened checks what an import's write turns off for its own
// transaction (per-row foreign-key checks, the full-text row trigger) is
// back for the next write, whether the import committed or was refused.
func assertWriterAsOpened(t *testing.T, db *store.DB) {
	t.Helper()
	fk, trigger, err := store.WriterState(db)
	if err != nil {
		t.Fatal(err)
	}
	if !fk || !trigger {
		t.Fatalf("after the import: foreign keys enforced %v, full-text trigger in place %v", fk, trigger)
	}
}

// A cell dissolved between the check and the write refuses the import.
func TestImportCellClosedDuringImport(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		cell, err := (&orgs.Service{DB: db}).Create(ctx, domain.System, domain.OrgInput{Code: "X01-CB03", Name: "Chi bộ thôn Mới", Kind: domain.KindCell, ParentID: f.CommuneA.ID, ValidFrom: D("2020-01-01")})
		if err != nil {
			t.Fatal(err)
		}
		before := memberTotal(t, db)
		_, err = db.ImportMembers(ctx, domain.System, &store.ImportMeta{Source: "t"}, chunks(manyRows(100, "X01-CB03", 0), 10, func(call int) {
			if call == 11 {
				if _, err := (&orgs.Service{DB: db}).Dissolve(ctx, domain.System, cell.ID, domain.Decision{Date: D("2026-11-01"), Number: "9-QĐ/ĐU", Reason: "Giải thể"}); err != nil {
					t.Error(err)
				}
			}
		}))
		if code(err) != domain.CodeInvalid || !strings.Contains(err.Error(), "đã giải thể") {
			t.Fatalf("want the dissolved cell refused, got %v", err)
		}
		if memberTotal(t, db) != before {
			t.Fatal("wrote into a dissolved cell")
		}
	})
}

// A file wrong on every row keeps the first problems and counts the rest.
func TestImportErrorsAreBounded(t *testing.T) {
	db := SQLite(t)
	Fixture(t, db)
	call := 0
	_, err := db.ImportMembers(ctx, domain.System, &store.ImportMeta{Source: "t"}, func() (store.ImportChunk, error) {
		if call == 30 {
			return store.ImportChunk{}, io.EOF
		}
		var ch store.ImportChunk
		for i := range 2000 {
			ch.Errors = append(ch.Errors, domain.RowError{Row: call*2000 + i + 2, Column: "birth_date", Reason: "Ngày không đúng dạng dd/mm/yyyy."})
		}
		call++
		return ch, nil
	})
	var ie *domain.ImportError
	if !errors.As(err, &ie) || ie.Count() != 60000 || len(ie.Rows) != domain.ImportErrorsKept || ie.Rows[0].Row != 2 || len(ie.Shown()) != domain.ImportErrorsShown {
		t.Fatalf("got %d kept of %d", len(ie.Rows), ie.Count())
	}
}

// A large import checkpoints the SQLite log and gives its space back.
func TestImportTruncatesTheLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "wal.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	Fixture(t, db)
	if _, err := db.ImportMembers(ctx, domain.System, &store.ImportMeta{Source: "t"}, chunks(manyRows(12000, "X01-CB01", 0), 2000, nil)); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() != 0 {
		t.Fatalf("the log holds %d bytes after a large import", st.Size())
	}
}

// Two processes on one SQLite file: while one imports, the other's writes
// wait for the write lock and go through; neither sees SQLITE_BUSY.
func TestTwoProcessesWriteOneFile(t *testing.T) {
	prev := store.SQLiteBusyTimeout
	store.SQLiteBusyTimeout = 20 * time.Millisecond // so that the retry is what waits
	defer func() { store.SQLiteBusyTimeout = prev }()
	path := filepath.Join(t.TempDir(), "shared.db")
	a, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	f := Fixture(t, a)
	b, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	retries := store.BusyRetries()
	done := make(chan error)
	go func() {
		_, err := a.ImportMembers(ctx, domain.System, &store.ImportMeta{Source: "t"}, chunks(manyRows(40000, "X01-CB01", 0), 2000, nil))
		done <- err
	}()
	edits := 0
	for running := true; running; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			running = false
		default:
			m := f.Lan.MemberFields
			m.Phone = fmt.Sprintf("09%08d", edits)
			if _, err := membersOf(b).Update(ctx, domain.System, f.Lan.ID, m, nil); err != nil {
				t.Fatalf("edit %d from the second process: %v", edits, err)
			}
			edits++
		}
	}
	if store.BusyRetries() == retries {
		t.Fatal("the writers never met: the test proved nothing")
	}
	if n := memberTotal(t, b); n != 5+40000 {
		t.Fatalf("%d members", n)
	}
	t.Logf("%d edits from the second process, %d waits", edits, store.BusyRetries()-retries)
}

// A role that may not turn off PostgreSQL's per-row foreign-key checks
// (neither a superuser nor granted SET on session_replication_role) imports
// the same rows with the checks on.
func TestImportByAnOrdinaryRole(t *testing.T) {
	db := Postgres(t)
	f := Fixture(t, db)
	var name string
	if err := db.SQL().QueryRowContext(ctx, "SELECT current_database()").Scan(&name); err != nil {
		t.Fatal(err)
	}
	role := "dv_ordinary_" + strings.TrimPrefix(name, "dv_")
	for _, q := range []string{"CREATE ROLE " + role + " LOGIN NOSUPERUSER", "GRANT ALL ON SCHEMA public TO " + role,
		"GRANT ALL ON ALL TABLES IN SCHEMA public TO " + role, "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO " + role} {
		if _, err := db.SQL().ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		db.SQL().ExecContext(context.Background(), "DROP OWNED BY "+role)
		db.SQL().ExecContext(context.Background(), "DROP ROLE "+role)
	})
	u, err := url.Parse(PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	u.User, u.Path = url.User(role), "/"+name
	ordinary, err := store.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer ordinary.Close()
	before := memberTotal(t, db)
	res, err := ordinary.ImportMembers(ctx, Actor(domain.RoleStaff, f.CommuneA), &store.ImportMeta{Source: "t"}, chunks(manyRows(50, "X01-CB01", 0), 10, nil))
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 50 || memberTotal(t, db) != before+50 {
		t.Fatalf("imported %d rows, the table grew by %d; want 50", res.Rows, memberTotal(t, db)-before)
	}
	assertWriterAsOpened(t, ordinary)
}

// A trigger of the tables' own (a later change may keep a search table with
// one) fires for every imported row on PostgreSQL: the import keeps the row
// checks on rather than silence it with them.
func TestImportKeepsTheTablesOwnTriggers(t *testing.T) {
	db := Postgres(t)
	f := Fixture(t, db)
	for _, q := range []string{"CREATE TABLE imported_seen (member_id BIGINT)",
		"CREATE FUNCTION note_imported() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO imported_seen VALUES (NEW.id); RETURN NEW; END $$",
		"CREATE TRIGGER members_seen AFTER INSERT ON members FOR EACH ROW EXECUTE FUNCTION note_imported()"} {
		if _, err := db.SQL().ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	res, err := db.ImportMembers(ctx, Actor(domain.RoleStaff, f.CommuneA), &store.ImportMeta{Source: "t"}, chunks(manyRows(50, "X01-CB01", 0), 10, nil))
	if err != nil {
		t.Fatal(err)
	}
	var seen int
	if err := db.SQL().QueryRowContext(ctx, "SELECT count(*) FROM imported_seen WHERE member_id BETWEEN $1 AND $2", res.FirstID, res.LastID).Scan(&seen); err != nil {
		t.Fatal(err)
	}
	if res.Rows != 50 || seen != 50 {
		t.Fatalf("imported %d rows, the trigger saw %d", res.Rows, seen)
	}
}
