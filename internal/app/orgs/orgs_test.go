package orgs_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"dangvien/internal/app/audit"
	"dangvien/internal/app/celllife"
	"dangvien/internal/app/members"
	"dangvien/internal/app/orgs"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

var ctx = context.Background()

func code(err error) domain.Code { return domain.ErrorCode(err) }

func fieldErr(t *testing.T, err error, c domain.Code, field string) {
	t.Helper()
	var e *domain.Error
	if !errors.As(err, &e) || e.Code != c || (field != "" && e.Fields[field] == "") {
		t.Fatalf("want %s on %q, got %#v", c, field, err)
	}
}

func service(db *store.DB) *orgs.Service {
	return &orgs.Service{DB: db, Life: &celllife.Service{DB: db}, Audit: &audit.Service{DB: db}}
}

func auditCount(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow("SELECT count(*) FROM audit").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// member reads a member record as the system.
func member(t *testing.T, db *store.DB, id int64) domain.Member {
	t.Helper()
	var m domain.Member
	if err := db.Read(ctx, domain.System, func(tx *store.Tx) (err error) {
		m, err = tx.Member(id)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return m
}

// lastEvent reads a member's latest event straight from the table.
func lastEvent(t *testing.T, db *store.DB, memberID int64) (kind, decision string, toOrg int64) {
	t.Helper()
	q := "SELECT kind, decision, coalesce(to_org_id, 0) FROM member_events WHERE member_id = ? ORDER BY date DESC, id DESC LIMIT 1"
	if db.Dialect == store.Postgres {
		q = strings.Replace(q, "?", "$1", 1)
	}
	if err := db.SQL().QueryRow(q, memberID).Scan(&kind, &decision, &toOrg); err != nil {
		t.Fatal(err)
	}
	return kind, decision, toOrg
}

// sqlExec writes around the store, as a writer that bypassed it would.
func sqlExec(t *testing.T, db *store.DB, sql string, args ...any) {
	t.Helper()
	if db.Dialect == store.Postgres {
		for i := 1; strings.Contains(sql, "?"); i++ {
			sql = strings.Replace(sql, "?", "$"+strconv.Itoa(i), 1)
		}
	}
	if _, err := db.SQL().Exec(sql, args...); err != nil {
		t.Fatal(err)
	}
}

func find(nodes []*store.TreeNode, id int64) *store.TreeNode {
	for _, n := range nodes {
		if n.ID == id {
			return n
		}
		if c := find(n.Children, id); c != nil {
			return c
		}
	}
	return nil
}

func tree(t *testing.T, s *orgs.Service, a domain.Actor, on domain.Date) []*store.TreeNode {
	t.Helper()
	v, err := s.Tree(ctx, a, on)
	if err != nil {
		t.Fatal(err)
	}
	return v.Roots
}

// Creating an organisation: codes are unique, cells have no
// sub-organisations, a refused creation writes nothing, and staff create
// only under their own subtree.
func TestCreate(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := service(db)
		n := auditCount(t, db)
		_, err := s.Create(ctx, domain.System, domain.OrgInput{Code: "x01", Name: "Trùng mã", Kind: domain.KindCell, ParentID: f.CommuneA.ID, ValidFrom: D("2020-01-01")})
		fieldErr(t, err, domain.CodeConflict, "code") // codes are upper-cased: X01 exists
		_, err = s.Create(ctx, domain.System, domain.OrgInput{Code: "CB9", Name: "Chi bộ con", Kind: domain.KindCell, ParentID: f.CellA1.ID, ValidFrom: D("2020-01-01")})
		fieldErr(t, err, domain.CodeInvalid, "kind") // a cell has no sub-organisations
		_, err = s.Create(ctx, domain.System, domain.OrgInput{Code: "CB9", Name: "", Kind: domain.KindCell, ParentID: f.CommuneA.ID})
		fieldErr(t, err, domain.CodeInvalid, "name")
		if got := auditCount(t, db); got != n {
			t.Fatalf("refused writes left %d audit rows", got-n)
		}
		// Staff of commune A cannot create under commune B, nor a province.
		staffA := Actor(domain.RoleStaff, f.CommuneA)
		_, err = s.Create(ctx, staffA, domain.OrgInput{Code: "CB9", Name: "Chi bộ mới", Kind: domain.KindCell, ParentID: f.CommuneB.ID, ValidFrom: D("2020-01-01")})
		fieldErr(t, err, domain.CodeInvalid, "parent_id")
		if _, err = s.Create(ctx, staffA, domain.OrgInput{Code: "T02", Name: "Tỉnh khác", Kind: domain.KindProvince, ValidFrom: D("2020-01-01")}); code(err) != domain.CodeForbidden {
			t.Fatalf("staff creates a province: %v", err)
		}
		if _, err = s.Create(ctx, Actor(domain.RoleLeader, f.CommuneA), domain.OrgInput{Code: "CB9", Name: "Chi bộ mới", Kind: domain.KindCell, ParentID: f.CommuneA.ID, ValidFrom: D("2020-01-01")}); code(err) != domain.CodeForbidden {
			t.Fatalf("a leader creates: %v", err)
		}
		o, err := s.Create(ctx, staffA, domain.OrgInput{Code: "CB9", Name: "Chi bộ mới", Kind: domain.KindCell, ParentID: f.CommuneA.ID, ValidFrom: D("2020-01-01")})
		if err != nil || o.Path != f.CommuneA.Path+strconv.FormatInt(o.ID, 10)+"/" {
			t.Fatalf("create in scope: %+v %v", o, err)
		}
	})
}

func TestMoveRewritesSubtreeAndMembers(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := service(db)
		moved, err := s.Move(ctx, domain.System, f.CellA1.ID, f.CommuneB.ID, domain.Decision{Date: D("2025-07-01"), Number: "01-QĐ/TU"})
		if err != nil {
			t.Fatal(err)
		}
		// Staff of commune B now reaches the moved cell's members; staff of A no longer does.
		staffB := Actor(domain.RoleStaff, f.CommuneB)
		staffA := Actor(domain.RoleStaff, f.CommuneA)
		if _, err := s.Page(ctx, staffB, f.CellA1.ID, store.MemberFilter{}); err != nil {
			t.Fatalf("staff B after move: %v", err)
		}
		if _, err := s.Page(ctx, staffA, f.CellA1.ID, store.MemberFilter{}); code(err) != domain.CodeNotFound {
			t.Fatalf("staff A after move: %v", err)
		}
		if moved.ParentID != f.CommuneB.ID {
			t.Fatalf("parent %d", moved.ParentID)
		}
		// A cell cannot go under a cell; nor anything under itself.
		_, err = s.Move(ctx, domain.System, f.CellA2.ID, f.CellB1.ID, domain.Decision{Date: D("2025-07-01"), Number: "02"})
		fieldErr(t, err, domain.CodeInvalid, "parent_id")
		_, err = s.Move(ctx, domain.System, f.CommuneA.ID, f.CommuneA.ID, domain.Decision{Date: D("2025-07-01"), Number: "02"})
		fieldErr(t, err, domain.CodeInvalid, "parent_id")
		_, err = s.Move(ctx, domain.System, f.CellA2.ID, f.CommuneB.ID, domain.Decision{Date: D("2025-07-01")})
		fieldErr(t, err, domain.CodeInvalid, "decision_number")
		// The tree as of before the move still has the cell under commune A.
		if p := find(tree(t, s, domain.System, D("2025-06-30")), f.CellA1.ID); p == nil || p.ParentID != f.CommuneA.ID {
			t.Fatalf("as of 30/06/2025 the cell should be under commune A: %+v", p)
		}
		sub, err := s.Page(ctx, staffB, f.CommuneB.ID, store.MemberFilter{})
		if err != nil || sub.Counts.Active != 4 || len(sub.Children) != 2 {
			t.Fatalf("subtree of commune B: %+v %v", sub, err)
		}
		now := tree(t, s, domain.System, domain.Date{})
		if p := find(now, f.CellA1.ID); p == nil || p.ParentID != f.CommuneB.ID {
			t.Fatalf("today the cell should be under commune B: %+v", p)
		}
		if b := find(now, f.CommuneB.ID); b.Members != 4 {
			t.Fatalf("commune B members = %d, want 4", b.Members)
		}
		if res, err := db.VerifyAudit(ctx, domain.System); err != nil || !res.OK {
			t.Fatalf("the audit chain after a move: %+v %v", res, err)
		}
	})
}

// Moving an organisation rewrites the copied path in every table that has
// an org_path column, found in the schema: a new table is followed with no
// list to update. The audit trail keeps the paths it recorded.
func TestMoveFollowsEveryPathTable(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := service(db)
		q := func(sql string) string {
			if db.Dialect == store.Postgres {
				return strings.Replace(sql, "?", "$1", 1)
			}
			return sql
		}
		if _, err := db.SQL().Exec("CREATE TABLE cell_notes (id INTEGER PRIMARY KEY, org_path TEXT NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SQL().Exec(q("INSERT INTO cell_notes (id, org_path) VALUES (1, ?)"), f.CellA1.Path); err != nil {
			t.Fatal(err)
		}
		var before int
		if err := db.SQL().QueryRow(q("SELECT count(*) FROM audit WHERE org_path = ?"), f.CellA1.Path).Scan(&before); err != nil || before == 0 {
			t.Fatalf("audit rows of the cell: %d %v", before, err)
		}
		moved, err := s.Move(ctx, domain.System, f.CellA1.ID, f.CommuneB.ID, domain.Decision{Date: D("2025-07-01"), Number: "01-QĐ/TU"})
		if err != nil {
			t.Fatal(err)
		}
		var path string
		if err := db.SQL().QueryRow("SELECT org_path FROM cell_notes WHERE id = 1").Scan(&path); err != nil || path != moved.Path {
			t.Fatalf("the new table's path: %q, want %q (%v)", path, moved.Path, err)
		}
		var after int
		if err := db.SQL().QueryRow(q("SELECT count(*) FROM audit WHERE org_path = ?"), f.CellA1.Path).Scan(&after); err != nil || after != before {
			t.Fatalf("audit rows at the old path: %d, were %d (%v)", after, before, err)
		}
		if res, err := db.VerifyAudit(ctx, domain.System); err != nil || !res.OK {
			t.Fatalf("the audit chain: %+v %v", res, err)
		}
	})
}

// A merger moves all the children of a commune in one rewrite per table:
// every copied path of the moved subtrees, nested ones included, must
// follow its organisation, and nothing else may change (the commune's own
// rows, the other communes'), whatever the number of digits of each id.
func TestMergeRewritesNestedCopiedPaths(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := service(db)
		org := func(code string, kind domain.OrgKind, parent int64) domain.Org {
			o, err := s.Create(ctx, domain.System, domain.OrgInput{Code: code, Name: "Tổ chức " + code, Kind: kind, ParentID: parent, ValidFrom: D("1990-01-01")})
			if err != nil {
				t.Fatal(err)
			}
			return o
		}
		part := org("X01-BP01", domain.KindPartial, f.CommuneA.ID)
		org("X01-BP01-CB01", domain.KindCell, part.ID)
		var cells []domain.Org
		for i := 3; i <= 6; i++ { // ids of one and of two digits among the children
			cells = append(cells, org("X01-CB0"+strconv.Itoa(i), domain.KindCell, f.CommuneA.ID))
		}
		// A child dissolved before the merger stays where it was, among
		// the children that move: ids 9 to 12, so 11 sorts between
		// the paths of 10 and 12 (the guard below keeps it so).
		closed := cells[2]
		if !(cells[1].Path < closed.Path && closed.Path < cells[3].Path) {
			t.Fatalf("the dissolved cell %q must sort between its moving siblings %q and %q", closed.Path, cells[1].Path, cells[3].Path)
		}
		if _, err := s.Dissolve(ctx, domain.System, closed.ID, domain.Decision{Date: D("2025-01-01"), Number: "29"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SQL().Exec("CREATE TABLE cell_notes (id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL, deeper INTEGER NOT NULL, org_path TEXT NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		ins := "INSERT INTO cell_notes (id, org_id, deeper, org_path) SELECT 2*id, id, 0, path FROM orgs"
		if _, err := db.SQL().Exec(ins); err != nil {
			t.Fatal(err)
		}
		// A row below each organisation, as a deeper level would copy it.
		if _, err := db.SQL().Exec(strings.NewReplacer("2*id", "2*id+1", "0, path", "1, path || '999/'").Replace(ins)); err != nil {
			t.Fatal(err)
		}
		paths := func() map[int64]string {
			rows, err := db.SQL().Query("SELECT id, path FROM orgs")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			out := map[int64]string{}
			for rows.Next() {
				var id int64
				var p string
				if err := rows.Scan(&id, &p); err != nil {
					t.Fatal(err)
				}
				out[id] = p
			}
			return out
		}
		before := paths()
		if _, err := s.Merge(ctx, domain.System, domain.MergeInput{SourceIDs: []int64{f.CommuneA.ID}, IntoID: f.CommuneB.ID,
			Decision: domain.Decision{Date: D("2025-07-01"), Number: "1656/NQ-UBTVQH15"}}); err != nil {
			t.Fatal(err)
		}
		after := paths()
		moved := 0
		for id, p := range before {
			want := p
			if id != f.CommuneA.ID && id != closed.ID && strings.HasPrefix(p, f.CommuneA.Path) {
				want = f.CommuneB.Path + strings.TrimPrefix(p, f.CommuneA.Path)
				moved++
			}
			if after[id] != want {
				t.Errorf("org %d: path %q, want %q (was %q)", id, after[id], want, p)
			}
		}
		if moved != 7 {
			t.Fatalf("%d organisations moved, want 7", moved)
		}
		rows, err := db.SQL().Query("SELECT org_id, deeper, org_path FROM cell_notes")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var id, deeper int64
			var p string
			if err := rows.Scan(&id, &deeper, &p); err != nil {
				t.Fatal(err)
			}
			want := after[id]
			if deeper == 1 {
				want += "999/"
			}
			if p != want {
				t.Errorf("copied path of org %d (deeper %d): %q, want %q", id, deeper, p, want)
			}
			n++
		}
		if err := rows.Err(); err != nil || n != 2*len(after) {
			t.Fatalf("%d copied paths, want %d (%v)", n, 2*len(after), err)
		}
	})
}

func TestMergeCommunesAndCells(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := service(db)
		dec := domain.Decision{Date: D("2025-07-01"), Number: "1656/NQ-UBTVQH15", Reason: "Sắp xếp đơn vị hành chính"}
		// Two communes merge into a new one.
		merged, err := s.Merge(ctx, domain.System, domain.MergeInput{SourceIDs: []int64{f.CommuneA.ID, f.CommuneB.ID},
			Into: &domain.OrgInput{Code: "X10", Name: "Đảng bộ xã Hợp Châu mới", Kind: domain.KindCommune, ParentID: f.Province.ID}, Decision: dec})
		if err != nil {
			t.Fatal(err)
		}
		a, _ := s.Org(ctx, domain.System, f.CommuneA.ID)
		if a.ValidTo.ISO() != "2025-07-01" || a.SuccessorID != merged.ID || a.ClosedDecision != dec.Number {
			t.Fatalf("source not closed and linked: %+v", a)
		}
		now := tree(t, s, domain.System, domain.Date{})
		if n := find(now, merged.ID); n == nil || n.Members != 5 || len(n.Children) != 3 {
			t.Fatalf("merged commune: %+v", n)
		}
		if find(now, f.CommuneA.ID) != nil {
			t.Fatal("a closed commune must not be in today's tree")
		}
		// An was admitted in 2026: before the merger commune A had Thảo and Đức.
		if n := find(tree(t, s, domain.System, D("2025-06-30")), f.CommuneA.ID); n == nil || n.Members != 2 {
			t.Fatalf("before the merger commune A had 2 members: %+v", n)
		}
		// A merger dated before a member's admission would put the history
		// out of order; the refusal names the member.
		_, err = s.Merge(ctx, domain.System, domain.MergeInput{SourceIDs: []int64{f.CellA2.ID}, IntoID: f.CellA1.ID, Decision: domain.Decision{Date: D("2025-08-01"), Number: "05-QĐ/ĐU"}})
		fieldErr(t, err, domain.CodeInvalid, "date")
		if !strings.Contains(err.Error(), "Trần Văn An") {
			t.Errorf("the refusal does not name the member: %v", err)
		}
		// Staff of the merged commune see, as of before the merger, the communes it came from.
		staffNew := Actor(domain.RoleStaff, merged)
		before := tree(t, s, staffNew, D("2025-06-30"))
		if n := find(before, f.CommuneA.ID); n == nil || len(n.Children) != 2 || n.Members != 2 {
			t.Fatalf("staff of the new commune, as of 30/06/2025: %+v", n)
		}
		if find(before, f.Province.ID) != nil {
			t.Fatal("the province is outside the new commune's staff's scope")
		}
		// A cell merges into an existing one: members move, with a "moved" event.
		if _, err = s.Merge(ctx, domain.System, domain.MergeInput{SourceIDs: []int64{f.CellA2.ID}, IntoID: f.CellA1.ID, Decision: domain.Decision{Date: D("2026-08-01"), Number: "05-QĐ/ĐU"}}); err != nil {
			t.Fatal(err)
		}
		if an := member(t, db, f.An.ID); an.OrgID != f.CellA1.ID || an.Status != domain.StatusProbationary {
			t.Fatalf("An should be in cell A1, still probationary: %+v", an)
		}
		if kind, decision, to := lastEvent(t, db, f.An.ID); kind != "moved" || to != f.CellA1.ID || decision != "05-QĐ/ĐU" {
			t.Fatalf("last event %s %s %d", kind, decision, to)
		}
		// As of July 2026 An was still placed in A2.
		if n := find(tree(t, s, domain.System, D("2026-07-15")), f.CellA2.ID); n == nil || n.Direct != 1 {
			t.Fatalf("A2 in July 2026: %+v", n)
		}
		// Merging a closed organisation is refused; so is naming one twice.
		_, err = s.Merge(ctx, domain.System, domain.MergeInput{SourceIDs: []int64{f.CellA2.ID}, IntoID: f.CellA1.ID, Decision: domain.Decision{Date: D("2026-09-01"), Number: "06"}})
		if code(err) != domain.CodeConflict {
			t.Fatalf("merge of closed org: %v", err)
		}
		_, err = s.Merge(ctx, domain.System, domain.MergeInput{SourceIDs: []int64{f.CellB1.ID, f.CellB1.ID}, IntoID: f.CellA1.ID, Decision: domain.Decision{Date: D("2026-09-01"), Number: "06"}})
		fieldErr(t, err, domain.CodeInvalid, "source_ids")
		// A cell with members merges only into a cell.
		_, err = s.Merge(ctx, domain.System, domain.MergeInput{SourceIDs: []int64{f.CellB1.ID}, IntoID: merged.ID, Decision: domain.Decision{Date: D("2026-09-01"), Number: "07"}})
		if code(err) != domain.CodeInvalid {
			t.Fatalf("a cell into a commune: %v", err)
		}
	})
}

// The bulk move of a merger or a split writes each member's event through
// the same state machine as one member's event: a member whose events do
// not allow a move stops the whole change, and the standing written is the
// one the events give.
func TestBulkMoveGoesThroughTheStateMachine(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := service(db)
		exec := func(sql string, args ...any) { sqlExec(t, db, sql, args...) }
		// A death written around the state machine: the record still says
		// probationary, the events say died.
		exec("INSERT INTO member_events (member_id, kind, date, reason, decision, org_id, created_at) VALUES (?, 'died', ?, '', '', ?, ?)",
			f.Lan.ID, D("2026-03-01"), f.CellB1.ID, "2026-03-02T00:00:00.000000Z")
		n := auditCount(t, db)
		dec := domain.Decision{Date: D("2026-09-01"), Number: "09-QĐ/ĐU"}
		_, err := s.Merge(ctx, domain.System, domain.MergeInput{SourceIDs: []int64{f.CellB1.ID}, IntoID: f.CellA2.ID, Decision: dec})
		if code(err) != domain.CodeInvalid || !strings.Contains(err.Error(), "Hà Thị Lan") {
			t.Fatalf("a member who died cannot be moved: %v", err)
		}
		if got := auditCount(t, db); got != n || member(t, db, f.Hoa.ID).OrgID != f.CellB1.ID {
			t.Fatal("the refused merger wrote something")
		}
		// A recognition written around it: the events make Hoa official.
		exec("INSERT INTO member_events (member_id, kind, date, reason, decision, org_id, created_at) VALUES (?, 'recognised', ?, '', '', ?, ?)",
			f.Hoa.ID, D("1986-02-03"), f.CellB1.ID, "2026-03-02T00:00:00.000000Z")
		split, err := s.Split(ctx, domain.System, f.CellB1.ID, domain.SplitInput{Decision: dec, Parts: []domain.SplitPart{
			{Org: domain.OrgInput{Code: "S1", Name: "Chi bộ tổ 1A", Kind: domain.KindCell}, MemberIDs: []int64{f.Hoa.ID}},
			{Org: domain.OrgInput{Code: "S2", Name: "Chi bộ tổ 1B", Kind: domain.KindCell}, MemberIDs: []int64{f.Lan.ID}},
		}})
		if code(err) != domain.CodeInvalid || !strings.Contains(err.Error(), "Hà Thị Lan") {
			t.Fatalf("split with Lan: %v %v", split, err)
		}
		exec("DELETE FROM member_events WHERE member_id = ? AND kind = 'died'", f.Lan.ID)
		split, err = s.Split(ctx, domain.System, f.CellB1.ID, domain.SplitInput{Decision: dec, Parts: []domain.SplitPart{
			{Org: domain.OrgInput{Code: "S1", Name: "Chi bộ tổ 1A", Kind: domain.KindCell}, MemberIDs: []int64{f.Hoa.ID}},
			{Org: domain.OrgInput{Code: "S2", Name: "Chi bộ tổ 1B", Kind: domain.KindCell}, MemberIDs: []int64{f.Lan.ID}},
		}})
		if err != nil {
			t.Fatal(err)
		}
		if hoa := member(t, db, f.Hoa.ID); hoa.OrgID != split[0].ID || hoa.Status != domain.StatusOfficial {
			t.Fatalf("Hoa after the split: %+v", hoa)
		}
		if lan := member(t, db, f.Lan.ID); lan.OrgID != split[1].ID || lan.Status != domain.StatusProbationary {
			t.Fatalf("Lan after the split: %+v", lan)
		}
	})
}

func TestSplitAndDissolve(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := service(db)
		dec := domain.Decision{Date: D("2026-01-15"), Number: "20-QĐ/ĐU"}
		// Every member must be assigned.
		_, err := s.Split(ctx, domain.System, f.CellA1.ID, domain.SplitInput{Decision: dec, Parts: []domain.SplitPart{
			{Org: domain.OrgInput{Code: "S1", Name: "Chi bộ Đồng Bùa 1", Kind: domain.KindCell}, MemberIDs: []int64{f.Thao.ID}},
			{Org: domain.OrgInput{Code: "S2", Name: "Chi bộ Đồng Bùa 2", Kind: domain.KindCell}},
		}})
		fieldErr(t, err, domain.CodeInvalid, "parts")
		// Only a cell takes members.
		_, err = s.Split(ctx, domain.System, f.CellA1.ID, domain.SplitInput{Decision: dec, Parts: []domain.SplitPart{
			{Org: domain.OrgInput{Code: "S1", Name: "Chi bộ Đồng Bùa 1", Kind: domain.KindCell}, MemberIDs: []int64{f.Thao.ID}},
			{Org: domain.OrgInput{Code: "S2", Name: "Đảng bộ bộ phận", Kind: domain.KindPartial}, MemberIDs: []int64{f.Duc.ID}},
		}})
		if code(err) != domain.CodeInvalid {
			t.Fatalf("members into a partial committee: %v", err)
		}
		parts, err := s.Split(ctx, domain.System, f.CellA1.ID, domain.SplitInput{Decision: dec, Parts: []domain.SplitPart{
			{Org: domain.OrgInput{Code: "S1", Name: "Chi bộ Đồng Bùa 1", Kind: domain.KindCell}, MemberIDs: []int64{f.Thao.ID}},
			{Org: domain.OrgInput{Code: "S2", Name: "Chi bộ Đồng Bùa 2", Kind: domain.KindCell}, MemberIDs: []int64{f.Duc.ID}},
		}})
		if err != nil || len(parts) != 2 {
			t.Fatal(err)
		}
		if duc := member(t, db, f.Duc.ID); duc.OrgID != parts[1].ID {
			t.Fatalf("Đức in %d, want %d", duc.OrgID, parts[1].ID)
		}
		if a1, _ := s.Org(ctx, domain.System, f.CellA1.ID); a1.ClosedReason != "split" || a1.ValidTo.ISO() != "2026-01-15" {
			t.Fatalf("the split cell: %+v", a1)
		}
		// Dissolve: refused while members or sub-organisations remain,
		// allowed once empty.
		if _, err = s.Dissolve(ctx, domain.System, f.CellB1.ID, domain.Decision{Date: D("2026-02-01"), Number: "30"}); code(err) != domain.CodeConflict {
			t.Fatalf("dissolve a cell with members: %v", err)
		}
		if _, err = s.Dissolve(ctx, domain.System, f.CommuneB.ID, domain.Decision{Date: D("2026-02-01"), Number: "30"}); code(err) != domain.CodeConflict {
			t.Fatalf("dissolve a commune with cells: %v", err)
		}
		empty, err := s.Create(ctx, domain.System, domain.OrgInput{Code: "X02-CB09", Name: "Chi bộ tổ dân phố 9", Kind: domain.KindCell, ParentID: f.CommuneB.ID, ValidFrom: D("2020-01-01")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Dissolve(ctx, domain.System, empty.ID, domain.Decision{Date: D("2019-12-31"), Number: "31"}); code(err) != domain.CodeInvalid {
			t.Fatalf("dissolved before it was founded: %v", err)
		}
		if _, err := s.Dissolve(ctx, domain.System, empty.ID, domain.Decision{Date: D("2026-02-02"), Number: "32"}); err != nil {
			t.Fatal(err)
		}
		// Nothing is deleted: the dissolved cell is still readable, closed.
		o, err := s.Org(ctx, domain.System, empty.ID)
		if err != nil || o.ValidTo.ISO() != "2026-02-02" || o.ClosedReason != "dissolve" {
			t.Fatalf("%+v %v", o, err)
		}
		if _, err := s.Rename(ctx, domain.System, empty.ID, "Tên mới", domain.Decision{Date: D("2026-03-01"), Number: "33"}); code(err) != domain.CodeConflict {
			t.Fatalf("rename a dissolved cell: %v", err)
		}
	})
}

// Staff work below the organisation that gives them their scope, not on it;
// the names above an organisation in scope are readable, above one out of
// scope nothing is.
func TestScopeRootAndAncestors(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := service(db)
		sec := Actor(domain.RoleSecretary, f.CellA1)
		if up, err := s.Ancestors(ctx, sec, f.CellA1.ID); err != nil || len(up) != 2 || up[0].ID != f.Province.ID || up[1].ID != f.CommuneA.ID {
			t.Errorf("ancestors of the secretary's cell: %+v %v", up, err)
		}
		if _, err := s.Ancestors(ctx, sec, f.CellB1.ID); code(err) != domain.CodeNotFound {
			t.Errorf("ancestors of another cell: %v", err)
		}
		staffA := Actor(domain.RoleStaff, f.CommuneA)
		dec := domain.Decision{Date: D("2026-01-01"), Number: "1"}
		if _, err := s.Rename(ctx, staffA, f.CommuneA.ID, "Tên khác", dec); code(err) != domain.CodeForbidden {
			t.Errorf("staff renames own root: %v", err)
		}
		if _, err := s.Rename(ctx, staffA, f.CellA1.ID, "Chi bộ thôn Đồng Bùa Mới", dec); err != nil {
			t.Errorf("staff renames cell below: %v", err)
		}
		if _, err := s.Rename(ctx, staffA, f.CellB1.ID, "Tên khác", dec); code(err) != domain.CodeNotFound {
			t.Errorf("staff renames out of scope: %v", err)
		}
		if _, err := s.Rename(ctx, sec, f.CellA1.ID, "Tên khác", dec); code(err) != domain.CodeForbidden {
			t.Errorf("a secretary renames the cell: %v", err)
		}
		if _, err := s.ActionForm(ctx, sec, f.CellA1.ID, orgs.Rename); code(err) != domain.CodeForbidden {
			t.Errorf("a secretary opens the form: %v", err)
		}
		v, err := s.ActionForm(ctx, staffA, f.CellA1.ID, orgs.Merge)
		if err != nil || len(v.Targets) != 1 || v.Targets[0].ID != f.CellA2.ID {
			t.Errorf("merge targets in commune A: %+v %v", v.Targets, err)
		}
		if v, err = s.ActionForm(ctx, domain.System, f.CellA1.ID, orgs.Move); err != nil || len(v.Targets) != 1 || v.Targets[0].ID != f.CommuneB.ID {
			t.Errorf("move targets: %+v %v", v.Targets, err)
		}
	})
}

func TestCounts(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := service(db)
		sqlExec(t, db, "UPDATE members SET status = 'died' WHERE id = ?", f.Hoa.ID) // as her death's event leaves it
		c, err := s.Counts(ctx, domain.System, f.Province.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Active != 4 || c.ByStatus["died"] != 1 || c.ByGender["nu"] != 2 || c.ByAgeBand["u30"] != 2 || c.ByAgeBand["51_60"] != 1 {
			t.Fatalf("%+v", c)
		}
		c, _ = s.Counts(ctx, domain.System, f.CommuneA.ID)
		if c.Active != 3 || c.ByAgeBand["u30"] != 1 {
			t.Fatalf("commune A %+v", c)
		}
		if _, err := s.Counts(ctx, Actor(domain.RoleSecretary, f.CellA1), f.CommuneB.ID); code(err) != domain.CodeNotFound {
			t.Fatalf("out of scope counts: %v", err)
		}
	})
}

// The organisation page's one-snapshot read agrees with a separate list: a
// plain list takes its total from the counts, a filtered one counts.
func TestPage(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := service(db)
		staff := Actor(domain.RoleStaff, f.CommuneA)
		for _, filter := range []store.MemberFilter{{Status: "active"}, {Status: "all"}, {Gender: "nu"}, {Q: "duc"}} {
			filter.OrgID, filter.Limit = f.CommuneA.ID, 50
			p, err := s.Page(ctx, staff, f.CommuneA.ID, filter)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := (&members.Service{DB: db}).List(ctx, staff, filter)
			if p.Members.Total != want.Total || len(p.Members.Items) != len(want.Items) || p.Counts.Active != 3 || len(p.Children) != 2 || len(p.Path) != 1 {
				t.Fatalf("%+v: page %d/%d, want %d; counts %d, %d children", filter, p.Members.Total, len(p.Members.Items), want.Total, p.Counts.Active, len(p.Children))
			}
			if n := find(p.Children, f.CellA1.ID); n == nil || n.Members != 2 {
				t.Fatalf("cell A1 on the page: %+v", n)
			}
		}
		if _, err := s.Page(ctx, Actor(domain.RoleStaff, f.CommuneB), f.CommuneA.ID, store.MemberFilter{}); code(err) != domain.CodeNotFound {
			t.Fatalf("out of scope: %v", err)
		}
		// A merged cell's page names its successor.
		if _, err := s.Merge(ctx, domain.System, domain.MergeInput{SourceIDs: []int64{f.CellA2.ID}, IntoID: f.CellA1.ID, Decision: domain.Decision{Date: D("2026-08-01"), Number: "05"}}); err != nil {
			t.Fatal(err)
		}
		if p, err := s.Page(ctx, staff, f.CellA2.ID, store.MemberFilter{}); err != nil || p.Successor == nil || p.Successor.ID != f.CellA1.ID || len(p.Children) != 0 {
			t.Fatalf("merged cell's page: %+v %v", p, err)
		}
	})
}

// Pickers: the open cells of a subtree or a scope, capped.
func TestOpenCells(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := service(db)
		staff := Actor(domain.RoleStaff, f.CommuneA)
		cells, more, err := s.OpenCells(ctx, staff, 0, 10)
		if err != nil || more || len(cells) != 2 || cells[0].Code == "" {
			t.Fatalf("scope cells: %+v %v %v", cells, more, err)
		}
		if cells, more, _ := s.OpenCells(ctx, domain.System, f.Province.ID, 2); !more || len(cells) != 2 {
			t.Fatalf("capped: %+v %v", cells, more)
		}
		if _, _, err := s.OpenCells(ctx, staff, f.CommuneB.ID, 10); code(err) != domain.CodeNotFound {
			t.Fatalf("another commune's cells: %v", err)
		}
	})
}

// The home page of each kind of account, and /api/v1/me.
func TestHomeAndMe(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := service(db)
		v, err := s.Home(ctx, domain.Actor{Username: "thao", Role: domain.RoleMember, MemberID: f.Thao.ID})
		if err != nil || v.Self == nil || v.Self.ID != f.Thao.ID || v.Counts != nil {
			t.Fatalf("a member's home: %+v %v", v, err)
		}
		sec := Actor(domain.RoleSecretary, f.CellA1, f.CellA2)
		v, err = s.Home(ctx, sec)
		if err != nil || len(v.Roots) != 2 || len(v.Cells) != 2 || v.Counts.Active != 3 || v.Recent != nil {
			t.Fatalf("a secretary's home: %+v %v", v, err)
		}
		v, err = s.Home(ctx, Actor(domain.RoleStaff, f.CommuneA))
		if err != nil || len(v.Roots) != 1 || v.Cells != nil || v.Counts.Active != 3 || v.Counts.ByAgeBand["31_40"] != 1 || len(v.Recent) == 0 {
			t.Fatalf("staff's home: %+v %v", v, err)
		}
		me, err := s.Me(ctx, sec)
		if err != nil || len(me.Orgs) != 2 || me.RoleLabel == "" {
			t.Fatalf("me: %+v %v", me, err)
		}
	})
}
