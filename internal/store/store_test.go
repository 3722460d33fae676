package store_test

import (
	"context"
	"errors"
	"testing"

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

func auditCount(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow("SELECT count(*) FROM audit").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOrgCreateRules(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		n := auditCount(t, db)
		_, err := db.CreateOrg(ctx, domain.System, domain.OrgInput{Code: "x01", Name: "Trùng mã", Kind: domain.KindCell, ParentID: f.CommuneA.ID, ValidFrom: D("2020-01-01")})
		fieldErr(t, err, domain.CodeConflict, "code") // codes are upper-cased: X01 exists
		_, err = db.CreateOrg(ctx, domain.System, domain.OrgInput{Code: "CB9", Name: "Chi bộ con", Kind: domain.KindCell, ParentID: f.CellA1.ID, ValidFrom: D("2020-01-01")})
		fieldErr(t, err, domain.CodeInvalid, "kind") // a cell has no sub-organisations
		_, err = db.CreateOrg(ctx, domain.System, domain.OrgInput{Code: "CB9", Name: "", Kind: domain.KindCell, ParentID: f.CommuneA.ID})
		fieldErr(t, err, domain.CodeInvalid, "name")
		if got := auditCount(t, db); got != n {
			t.Fatalf("refused writes left %d audit rows", got-n)
		}
		// Staff of commune A cannot create under commune B.
		staffA := Actor(domain.RoleStaff, f.CommuneA)
		_, err = db.CreateOrg(ctx, staffA, domain.OrgInput{Code: "CB9", Name: "Chi bộ mới", Kind: domain.KindCell, ParentID: f.CommuneB.ID, ValidFrom: D("2020-01-01")})
		fieldErr(t, err, domain.CodeInvalid, "parent_id")
		o, err := db.CreateOrg(ctx, staffA, domain.OrgInput{Code: "CB9", Name: "Chi bộ mới", Kind: domain.KindCell, ParentID: f.CommuneA.ID, ValidFrom: D("2020-01-01")})
		if err != nil || o.Path != f.CommuneA.Path+itoa(o.ID)+"/" {
			t.Fatalf("create in scope: %+v %v", o, err)
		}
	})
}

func itoa(n int64) string { return formatInt(n) }

func TestMoveRewritesSubtreeAndMembers(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		moved, err := db.MoveOrg(ctx, domain.System, f.CellA1.ID, f.CommuneB.ID, domain.Decision{Date: D("2025-07-01"), Number: "01-QĐ/TU"})
		if err != nil {
			t.Fatal(err)
		}
		// Staff of commune B now reaches the moved cell's members; staff of A no longer does.
		staffB := Actor(domain.RoleStaff, f.CommuneB)
		staffA := Actor(domain.RoleStaff, f.CommuneA)
		if _, err := db.Member(ctx, staffB, f.Thao.ID); err != nil {
			t.Fatalf("staff B after move: %v", err)
		}
		if _, err := db.Member(ctx, staffA, f.Thao.ID); code(err) != domain.CodeNotFound {
			t.Fatalf("staff A after move: %v", err)
		}
		if moved.ParentID != f.CommuneB.ID {
			t.Fatalf("parent %d", moved.ParentID)
		}
		// A cell cannot go under a cell; nor anything under itself.
		_, err = db.MoveOrg(ctx, domain.System, f.CellA2.ID, f.CellB1.ID, domain.Decision{Date: D("2025-07-01"), Number: "02"})
		fieldErr(t, err, domain.CodeInvalid, "parent_id")
		_, err = db.MoveOrg(ctx, domain.System, f.CommuneA.ID, f.CommuneA.ID, domain.Decision{Date: D("2025-07-01"), Number: "02"})
		fieldErr(t, err, domain.CodeInvalid, "parent_id")
		_, err = db.MoveOrg(ctx, domain.System, f.CellA2.ID, f.CommuneB.ID, domain.Decision{Date: D("2025-07-01")})
		fieldErr(t, err, domain.CodeInvalid, "decision_number")
		// The tree as of before the move still has the cell under commune A.
		before, err := db.Tree(ctx, domain.System, D("2025-06-30"))
		if err != nil {
			t.Fatal(err)
		}
		if p := find(before, f.CellA1.ID); p == nil || p.ParentID != f.CommuneA.ID {
			t.Fatalf("as of 30/06/2025 the cell should be under commune A: %+v", p)
		}
		sub, err := db.Subtree(ctx, staffB, f.CommuneB.ID)
		if err != nil || sub.Members != 4 || len(sub.Children) != 2 {
			t.Fatalf("subtree of commune B: %+v %v", sub, err)
		}
		if _, err := db.Subtree(ctx, staffA, f.CommuneB.ID); code(err) != domain.CodeNotFound {
			t.Fatalf("subtree out of scope: %v", err)
		}
		now, _ := db.Tree(ctx, domain.System, domain.Date{})
		if p := find(now, f.CellA1.ID); p == nil || p.ParentID != f.CommuneB.ID {
			t.Fatalf("today the cell should be under commune B: %+v", p)
		}
		if b := find(now, f.CommuneB.ID); b.Members != 4 {
			t.Fatalf("commune B members = %d, want 4", b.Members)
		}
	})
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

func TestMergeCommunesAndCells(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		dec := domain.Decision{Date: D("2025-07-01"), Number: "1656/NQ-UBTVQH15", Reason: "Sắp xếp đơn vị hành chính"}
		// Two communes merge into a new one.
		merged, err := db.MergeOrgs(ctx, domain.System, store.MergeInput{SourceIDs: []int64{f.CommuneA.ID, f.CommuneB.ID},
			Into: &domain.OrgInput{Code: "X10", Name: "Đảng bộ xã Hợp Châu mới", Kind: domain.KindCommune, ParentID: f.Province.ID}, Decision: dec})
		if err != nil {
			t.Fatal(err)
		}
		a, _ := db.Org(ctx, domain.System, f.CommuneA.ID)
		if a.ValidTo.ISO() != "2025-07-01" || a.SuccessorID != merged.ID || a.ClosedDecision != dec.Number {
			t.Fatalf("source not closed and linked: %+v", a)
		}
		now, _ := db.Tree(ctx, domain.System, domain.Date{})
		if n := find(now, merged.ID); n == nil || n.Members != 5 || len(n.Children) != 3 {
			t.Fatalf("merged commune: %+v", n)
		}
		if find(now, f.CommuneA.ID) != nil {
			t.Fatal("a closed commune must not be in today's tree")
		}
		old, _ := db.Tree(ctx, domain.System, D("2025-06-30"))
		// An was admitted in 2026: before the merger commune A had Thảo and Đức.
		if n := find(old, f.CommuneA.ID); n == nil || n.Members != 2 {
			t.Fatalf("before the merger commune A had 2 members: %+v", n)
		}
		// A merger dated before a member's admission would put the history out of order.
		_, err = db.MergeOrgs(ctx, domain.System, store.MergeInput{SourceIDs: []int64{f.CellA2.ID}, IntoID: f.CellA1.ID, Decision: domain.Decision{Date: D("2025-08-01"), Number: "05-QĐ/ĐU"}})
		fieldErr(t, err, domain.CodeInvalid, "date")
		// Staff of the merged commune see, as of before the merger, the communes it came from.
		staffNew := Actor(domain.RoleStaff, merged)
		before, _ := db.Tree(ctx, staffNew, D("2025-06-30"))
		if n := find(before, f.CommuneA.ID); n == nil || len(n.Children) != 2 || n.Members != 2 {
			t.Fatalf("staff of the new commune, as of 30/06/2025: %+v", n)
		}
		if find(before, f.Province.ID) != nil {
			t.Fatal("the province is outside the new commune's staff's scope")
		}
		// Two cells merge into an existing one: members move, with a "moved" event.
		_, err = db.MergeOrgs(ctx, domain.System, store.MergeInput{SourceIDs: []int64{f.CellA2.ID}, IntoID: f.CellA1.ID, Decision: domain.Decision{Date: D("2026-08-01"), Number: "05-QĐ/ĐU"}})
		if err != nil {
			t.Fatal(err)
		}
		an, _ := db.Member(ctx, domain.System, f.An.ID)
		if an.OrgID != f.CellA1.ID {
			t.Fatalf("An should be in cell A1, is in %d", an.OrgID)
		}
		ev, _ := db.Events(ctx, domain.System, f.An.ID)
		if last := ev[len(ev)-1]; last.Kind != domain.EventMoved || last.ToOrgID != f.CellA1.ID || last.Decision != "05-QĐ/ĐU" {
			t.Fatalf("last event %+v", last)
		}
		// As of July 2026 An was still placed in A2.
		jul, _ := db.Tree(ctx, domain.System, D("2026-07-15"))
		if n := find(jul, f.CellA2.ID); n == nil || n.Direct != 1 {
			t.Fatalf("A2 in July 2026: %+v", n)
		}
		// Merging a closed organisation is refused.
		_, err = db.MergeOrgs(ctx, domain.System, store.MergeInput{SourceIDs: []int64{f.CellA2.ID}, IntoID: f.CellA1.ID, Decision: domain.Decision{Date: D("2026-09-01"), Number: "06"}})
		if code(err) != domain.CodeConflict {
			t.Fatalf("merge of closed org: %v", err)
		}
	})
}

func TestSplitAndDissolve(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		dec := domain.Decision{Date: D("2026-01-15"), Number: "20-QĐ/ĐU"}
		// Every member must be assigned.
		_, err := db.SplitOrg(ctx, domain.System, f.CellA1.ID, store.SplitInput{Decision: dec, Parts: []store.SplitPart{
			{Org: domain.OrgInput{Code: "S1", Name: "Chi bộ Đồng Bùa 1", Kind: domain.KindCell}, MemberIDs: []int64{f.Thao.ID}},
			{Org: domain.OrgInput{Code: "S2", Name: "Chi bộ Đồng Bùa 2", Kind: domain.KindCell}},
		}})
		fieldErr(t, err, domain.CodeInvalid, "parts")
		parts, err := db.SplitOrg(ctx, domain.System, f.CellA1.ID, store.SplitInput{Decision: dec, Parts: []store.SplitPart{
			{Org: domain.OrgInput{Code: "S1", Name: "Chi bộ Đồng Bùa 1", Kind: domain.KindCell}, MemberIDs: []int64{f.Thao.ID}},
			{Org: domain.OrgInput{Code: "S2", Name: "Chi bộ Đồng Bùa 2", Kind: domain.KindCell}, MemberIDs: []int64{f.Duc.ID}},
		}})
		if err != nil || len(parts) != 2 {
			t.Fatal(err)
		}
		duc, _ := db.Member(ctx, domain.System, f.Duc.ID)
		if duc.OrgID != parts[1].ID {
			t.Fatalf("Đức in %d, want %d", duc.OrgID, parts[1].ID)
		}
		// Dissolve: refused while members remain, allowed once empty.
		_, err = db.DissolveOrg(ctx, domain.System, f.CellB1.ID, domain.Decision{Date: D("2026-02-01"), Number: "30"})
		if code(err) != domain.CodeConflict {
			t.Fatalf("dissolve non-empty: %v", err)
		}
		for _, m := range []domain.Member{f.Hoa, f.Lan} {
			if _, _, err := db.AddEvent(ctx, domain.System, m.ID, domain.Event{Kind: domain.EventMoved, Date: D("2026-02-01"), ToOrgID: f.CellA2.ID, Decision: "31"}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.DissolveOrg(ctx, domain.System, f.CellB1.ID, domain.Decision{Date: D("2026-02-02"), Number: "32"}); err != nil {
			t.Fatal(err)
		}
		// Nothing is deleted: the dissolved cell is still readable, closed.
		b1, err := db.Org(ctx, domain.System, f.CellB1.ID)
		if err != nil || b1.ValidTo.ISO() != "2026-02-02" || b1.ClosedReason != "dissolve" {
			t.Fatalf("%+v %v", b1, err)
		}
	})
}

func TestMemberValidationWritesNothing(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		n := auditCount(t, db)
		good := domain.MemberFields{FullName: "Phạm Ngọc Ánh", Gender: domain.Female, BirthDate: D("1992-03-08"), Ethnicity: "02", CitizenID: "001192000999"}
		adm := domain.Event{Kind: domain.EventAdmitted, Date: D("2020-03-08")}
		bad := good
		bad.CitizenID = f.Thao.CitizenID
		_, err := db.CreateMember(ctx, domain.System, f.CellA1.ID, bad, adm)
		fieldErr(t, err, domain.CodeInvalid, "citizen_id")
		bad = good
		bad.CardNumber = f.Duc.CardNumber
		_, err = db.CreateMember(ctx, domain.System, f.CellA1.ID, bad, adm)
		fieldErr(t, err, domain.CodeInvalid, "card_number")
		_, err = db.CreateMember(ctx, domain.System, f.CommuneA.ID, good, adm)
		fieldErr(t, err, domain.CodeInvalid, "org_id") // members belong to cells
		_, err = db.CreateMember(ctx, domain.System, f.CellA1.ID, good, domain.Event{Kind: domain.EventAdmitted, Date: D("2027-01-01")})
		if code(err) != domain.CodeInvalid {
			t.Fatalf("future admission: %v", err)
		}
		if got := auditCount(t, db); got != n {
			t.Fatalf("refused writes left %d audit rows", got-n)
		}
		m, err := db.CreateMember(ctx, domain.System, f.CellA1.ID, good, adm)
		if err != nil || m.Status != domain.StatusProbationary || m.AdmissionDate.ISO() != "2020-03-08" {
			t.Fatalf("%+v %v", m, err)
		}
	})
}

func TestLifecycleEvents(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		sys := domain.System
		// Recognition before the 12 months end is refused; after, official from the end of probation.
		_, _, err := db.AddEvent(ctx, sys, f.An.ID, domain.Event{Kind: domain.EventRecognised, Date: D("2026-11-20")})
		fieldErr(t, err, domain.CodeInvalid, "kind")
		_, _, err = db.AddEvent(ctx, sys, f.Lan.ID, domain.Event{Kind: domain.EventRecognised, Date: D("2021-01-20"), Decision: "88-QĐ/ĐU"})
		if err != nil {
			t.Fatal(err)
		}
		lan, _ := db.Member(ctx, sys, f.Lan.ID)
		if lan.Status != domain.StatusOfficial || lan.OfficialDate.ISO() != "2020-11-07" {
			t.Fatalf("Lan: %s %s", lan.Status, lan.OfficialDate.ISO())
		}
		// Before the last event: refused.
		_, _, err = db.AddEvent(ctx, sys, f.Lan.ID, domain.Event{Kind: domain.EventExempted, Date: D("2020-01-01")})
		fieldErr(t, err, domain.CodeInvalid, "date")
		// Exempt, then death: status and placement follow.
		if _, _, err := db.AddEvent(ctx, sys, f.Hoa.ID, domain.Event{Kind: domain.EventExempted, Date: D("2024-01-01"), Reason: "Tuổi cao, sức yếu"}); err != nil {
			t.Fatal(err)
		}
		hoa, _ := db.Member(ctx, sys, f.Hoa.ID)
		if !hoa.Exempted || hoa.Status != domain.StatusProbationary {
			t.Fatalf("Hoa %+v", hoa)
		}
		if _, _, err := db.AddEvent(ctx, sys, f.Hoa.ID, domain.Event{Kind: domain.EventDied, Date: D("2026-03-01")}); err != nil {
			t.Fatal(err)
		}
		// Nothing is hard-deleted: the record stays readable with its history.
		hoa, err = db.Member(ctx, sys, f.Hoa.ID)
		if err != nil || hoa.Status != domain.StatusDied || hoa.Exempted {
			t.Fatalf("Hoa %+v %v", hoa, err)
		}
		ev, _ := db.Events(ctx, sys, f.Hoa.ID)
		if len(ev) != 3 {
			t.Fatalf("Hoa events %d", len(ev))
		}
		// A dead member leaves the active lists and counts, and the as-of tree.
		page, _ := db.Members(ctx, sys, store.MemberFilter{OrgID: f.CellB1.ID})
		if page.Total != 1 || page.Items[0].ID != f.Lan.ID {
			t.Fatalf("cell B1 active: %+v", page)
		}
		tr, _ := db.Tree(ctx, sys, D("2026-04-01"))
		if n := find(tr, f.CellB1.ID); n.Direct != 1 {
			t.Fatalf("B1 placements on 01/04/2026: %d", n.Direct)
		}
		tr, _ = db.Tree(ctx, sys, D("2026-02-01"))
		if n := find(tr, f.CellB1.ID); n.Direct != 2 {
			t.Fatalf("B1 placements on 01/02/2026: %d", n.Direct)
		}
		// Moving to a non-cell is refused.
		_, _, err = db.AddEvent(ctx, sys, f.Lan.ID, domain.Event{Kind: domain.EventMoved, Date: D("2026-05-01"), ToOrgID: f.CommuneA.ID})
		fieldErr(t, err, domain.CodeInvalid, "to_org_id")
	})
}

func TestUpdateMemberAndAudit(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		sec := Actor(domain.RoleSecretary, f.CellA1)
		in := f.Thao.MemberFields
		in.Phone = "0912 345 678"
		in.Workplace = "Trường THCS Hợp Châu"
		m, err := db.UpdateMember(ctx, sec, f.Thao.ID, in)
		if err != nil || m.Phone != "0912345678" {
			t.Fatalf("%+v %v", m, err)
		}
		rows, err := db.Audit(ctx, domain.System, store.AuditFilter{Entity: "member", EntityID: f.Thao.ID})
		if err != nil || len(rows) != 2 || rows[0].Action != "member.update" {
			t.Fatalf("audit rows %+v %v", rows, err)
		}
		if !contains(rows[0].After, "Trường THCS Hợp Châu") || contains(rows[0].Before, "Trường THCS Hợp Châu") {
			t.Fatalf("before/after: %s / %s", rows[0].Before, rows[0].After)
		}
		// A changed name is found by the new words, not the old.
		in.FullName = "Nguyễn Thị Hồng Nhung"
		if _, err := db.UpdateMember(ctx, sec, f.Thao.ID, in); err != nil {
			t.Fatal(err)
		}
		if hits, _ := db.Search(ctx, domain.System, "nguyen thi hong nhu", 5); len(hits) != 1 || hits[0].ID != f.Thao.ID {
			t.Errorf("new name not found: %+v", hits)
		}
		if hits, _ := db.Search(ctx, domain.System, "hong thao", 5); len(hits) != 0 {
			t.Errorf("old name still found: %+v", hits)
		}
		// Admission date changes only through events.
		in.AdmissionDate = D("2016-01-01")
		_, err = db.UpdateMember(ctx, sec, f.Thao.ID, in)
		fieldErr(t, err, domain.CodeInvalid, "admission_date")
	})
}

func contains(s, sub string) bool { return len(s) >= len(sub) && indexOf(s, sub) >= 0 }

func TestScopeRefusesOutside(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		sec := Actor(domain.RoleSecretary, f.CellA1)
		leader := Actor(domain.RoleLeader, f.CommuneB)
		self := domain.Actor{Username: "thao", Role: domain.RoleMember, MemberID: f.Thao.ID}
		inCharge := Actor(domain.RoleInCharge, f.CellB1)
		cases := []struct {
			name string
			a    domain.Actor
			id   int64
			want domain.Code // "" = allowed
		}{
			{"secretary reads own cell", sec, f.Duc.ID, ""},
			{"secretary reads other cell", sec, f.Lan.ID, domain.CodeNotFound},
			{"leader reads subtree", leader, f.Lan.ID, ""},
			{"leader outside", leader, f.Thao.ID, domain.CodeNotFound},
			{"member reads self", self, f.Thao.ID, ""},
			{"member reads cell-mate", self, f.Duc.ID, domain.CodeNotFound},
			{"in charge reads assigned cell", inCharge, f.Hoa.ID, ""},
			{"in charge outside", inCharge, f.Duc.ID, domain.CodeNotFound},
		}
		for _, c := range cases {
			_, err := db.Member(ctx, c.a, c.id)
			if (c.want == "" && err != nil) || (c.want != "" && code(err) != c.want) {
				t.Errorf("%s: %v", c.name, err)
			}
		}
		// Writes: out of scope is not found; in scope but read-only role is forbidden.
		in := f.Lan.MemberFields
		in.Phone = "0988000111"
		if _, err := db.UpdateMember(ctx, sec, f.Lan.ID, in); code(err) != domain.CodeNotFound {
			t.Errorf("secretary writes other cell: %v", err)
		}
		if _, err := db.UpdateMember(ctx, leader, f.Lan.ID, in); code(err) != domain.CodeForbidden {
			t.Errorf("leader writes: %v", err)
		}
		if _, _, err := db.AddEvent(ctx, sec, f.Lan.ID, domain.Event{Kind: domain.EventDied, Date: D("2026-01-01")}); code(err) != domain.CodeNotFound {
			t.Errorf("secretary event other cell: %v", err)
		}
		// A secretary cannot move a member into a cell outside the scope.
		if _, _, err := db.AddEvent(ctx, sec, f.Duc.ID, domain.Event{Kind: domain.EventMoved, Date: D("2026-01-01"), ToOrgID: f.CellB1.ID}); code(err) != domain.CodeInvalid {
			t.Errorf("secretary moves out of scope: %v", err)
		}
		// Lists and search see only the scope.
		page, _ := db.Members(ctx, sec, store.MemberFilter{})
		if page.Total != 2 {
			t.Errorf("secretary list total %d, want 2", page.Total)
		}
		if _, err := db.Members(ctx, sec, store.MemberFilter{OrgID: f.CellB1.ID}); code(err) != domain.CodeNotFound {
			t.Errorf("secretary list other cell: %v", err)
		}
		hits, _ := db.Search(ctx, sec, "lan", 10)
		if len(hits) != 0 {
			t.Errorf("secretary search found %v", hits)
		}
		// The names above a cell in scope are readable; above one out of scope, nothing.
		if up, err := db.Ancestors(ctx, sec, f.CellA1.ID); err != nil || len(up) != 2 || up[0].ID != f.Province.ID || up[1].ID != f.CommuneA.ID {
			t.Errorf("ancestors of the secretary's cell: %+v %v", up, err)
		}
		if _, err := db.Ancestors(ctx, sec, f.CellB1.ID); code(err) != domain.CodeNotFound {
			t.Errorf("ancestors of another cell: %v", err)
		}
		// Staff cannot restructure the organisation that gives them their scope.
		staffA := Actor(domain.RoleStaff, f.CommuneA)
		if _, err := db.RenameOrg(ctx, staffA, f.CommuneA.ID, "Tên khác", domain.Decision{Date: D("2026-01-01"), Number: "1"}); code(err) != domain.CodeForbidden {
			t.Errorf("staff renames own root: %v", err)
		}
		if _, err := db.RenameOrg(ctx, staffA, f.CellA1.ID, "Chi bộ thôn Đồng Bùa Mới", domain.Decision{Date: D("2026-01-01"), Number: "1"}); err != nil {
			t.Errorf("staff renames cell below: %v", err)
		}
		if _, err := db.Audit(ctx, sec, store.AuditFilter{}); code(err) != domain.CodeForbidden {
			t.Errorf("secretary reads audit: %v", err)
		}
		rows, _ := db.Audit(ctx, staffA, store.AuditFilter{Limit: 500})
		for _, r := range rows {
			if r.Entity == "member" && r.EntityID == f.Lan.ID {
				t.Errorf("staff A sees audit of a member of commune B")
			}
		}
	})
}

func TestSearchFoldsDiacritics(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		for _, q := range []string{"nguyen thi hong thao", "Thao", "thảo", "THẢO", "ng th hong", "79012345", "001190012345", "hồng thảo"} {
			hits, err := db.Search(ctx, domain.System, q, 10)
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			if len(hits) != 1 || hits[0].ID != f.Thao.ID {
				t.Errorf("search %q = %+v", q, hits)
			}
		}
		for _, q := range []string{"duc", "Đức", "dang van duc", "ĐẶNG"} {
			hits, _ := db.Search(ctx, domain.System, q, 10)
			if len(hits) != 1 || hits[0].ID != f.Duc.ID {
				t.Errorf("search %q = %+v", q, hits)
			}
		}
		for _, q := range []string{"", "  ", `"*:&|!()`, "zzz"} {
			hits, err := db.Search(ctx, domain.System, q, 10)
			if err != nil || len(hits) != 0 {
				t.Errorf("search %q = %+v, %v", q, hits, err)
			}
		}
		// A secretary's search reads the cell itself, with the same word-prefix rule.
		sec := Actor(domain.RoleSecretary, f.CellA1)
		for q, want := range map[string]int{"thao": 1, "ng th hong": 1, "hong thao": 1, "ong": 0, "7901": 1, "van duc": 1, "lan": 0, "đức": 1} {
			if hits, err := db.Search(ctx, sec, q, 10); err != nil || len(hits) != want {
				t.Errorf("secretary search %q = %+v, %v", q, hits, err)
			}
		}
		// Several matches come back in Vietnamese name order: An, Hoa, Lan, Thảo (given names).
		hits, _ := db.Search(ctx, domain.System, "thi", 10)
		if len(hits) != 3 || hits[0].FullName != "Lê Thị Hoa" || hits[1].FullName != "Hà Thị Lan" || hits[2].FullName != "Nguyễn Thị Hồng Thảo" {
			t.Errorf("order: %+v", hits)
		}
	})
}

func TestListOrderAndFilters(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		Fixture(t, db)
		page, err := db.Members(ctx, domain.System, store.MemberFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, m := range page.Items {
			names = append(names, m.FullName)
		}
		want := []string{"Trần Văn An", "Đặng Văn Đức", "Lê Thị Hoa", "Hà Thị Lan", "Nguyễn Thị Hồng Thảo"}
		if !equal(names, want) || page.Total != 5 {
			t.Fatalf("order %q, want %q", names, want)
		}
		for _, tc := range []struct {
			f    store.MemberFilter
			want int
		}{
			{store.MemberFilter{Gender: "nu"}, 3},
			{store.MemberFilter{AgeBand: "o60"}, 1},   // Lê Thị Hoa, born 1960
			{store.MemberFilter{AgeBand: "u30"}, 2},   // An (2000) and Lan (12/1995, still 30)
			{store.MemberFilter{AgeBand: "31_40"}, 1}, // Thảo (1990)
			{store.MemberFilter{Q: "thi"}, 3},
			{store.MemberFilter{Status: "official"}, 0},
			{store.MemberFilter{Limit: 2, Offset: 4}, 5},
		} {
			p, err := db.Members(ctx, domain.System, tc.f)
			if err != nil || p.Total != tc.want {
				t.Errorf("%+v: total %d, %v", tc.f, p.Total, err)
			}
		}
		if _, err := db.Members(ctx, domain.System, store.MemberFilter{AgeBand: "x"}); code(err) != domain.CodeInvalid {
			t.Errorf("bad band: %v", err)
		}
	})
}

func TestSubtreeCounts(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		if _, _, err := db.AddEvent(ctx, domain.System, f.Hoa.ID, domain.Event{Kind: domain.EventDied, Date: D("2026-03-01")}); err != nil {
			t.Fatal(err)
		}
		c, err := db.SubtreeCounts(ctx, domain.System, f.Province.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Active != 4 || c.ByStatus["died"] != 1 || c.ByGender["nu"] != 2 || c.ByAgeBand["u30"] != 2 || c.ByAgeBand["51_60"] != 1 {
			t.Fatalf("%+v", c)
		}
		c, _ = db.SubtreeCounts(ctx, domain.System, f.CommuneA.ID)
		if c.Active != 3 {
			t.Fatalf("commune A %+v", c)
		}
		if _, err := db.SubtreeCounts(ctx, Actor(domain.RoleSecretary, f.CellA1), f.CommuneB.ID); code(err) != domain.CodeNotFound {
			t.Fatalf("out of scope counts: %v", err)
		}
	})
}

func TestAuditChainDetectsTampering(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		if _, err := db.VerifyAudit(ctx, Actor(domain.RoleStaff, f.Province)); code(err) != domain.CodeForbidden {
			t.Fatalf("staff walks the whole chain: %v", err)
		}
		res, err := db.VerifyAudit(ctx, domain.System)
		if err != nil || !res.OK || res.Rows != 11 {
			t.Fatalf("clean chain: %+v %v", res, err)
		}
		q := func(s string) string {
			if db.Dialect == store.Postgres {
				return replaceQ(s)
			}
			return s
		}
		// Alter a row's content.
		if _, err := db.SQL().Exec(q("UPDATE audit SET after_json = ? WHERE seq = 4"), `{"full_name":"Người khác"}`); err != nil {
			t.Fatal(err)
		}
		res, _ = db.VerifyAudit(ctx, domain.System)
		if res.OK || res.BadSeq != 4 {
			t.Fatalf("altered row: %+v", res)
		}
		db.SQL().Exec("DELETE FROM audit WHERE seq >= 4")
		db.SQL().Exec("UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit WHERE seq = 3)")
		res, _ = db.VerifyAudit(ctx, domain.System)
		if !res.OK {
			t.Fatalf("a consistently truncated chain with the head moved back verifies: %+v", res)
		}
		// Remove a middle row.
		db.SQL().Exec("DELETE FROM audit WHERE seq = 2")
		res, _ = db.VerifyAudit(ctx, domain.System)
		if res.OK || res.BadSeq != 2 {
			t.Fatalf("missing row: %+v", res)
		}
	})
}

func TestTailRemovalDetected(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		Fixture(t, db)
		db.SQL().Exec("DELETE FROM audit WHERE seq = 11")
		res, _ := db.VerifyAudit(ctx, domain.System)
		if res.OK || res.BadSeq != 11 {
			t.Fatalf("removed tail: %+v", res)
		}
	})
}

func TestAccountsAndTokens(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		_, err := db.CreateUser(ctx, domain.System, store.UserInput{Username: "bithu.a1", DisplayName: "Bí thư A1", Password: "ngan", Role: domain.RoleSecretary, OrgIDs: []int64{f.CellA1.ID}})
		fieldErr(t, err, domain.CodeInvalid, "password")
		_, err = db.CreateUser(ctx, domain.System, store.UserInput{Username: "bithu.a1", DisplayName: "Bí thư A1", Password: "mật khẩu đủ dài", Role: domain.RoleSecretary, OrgIDs: []int64{f.CommuneA.ID}})
		fieldErr(t, err, domain.CodeInvalid, "org_ids") // a secretary's scope is a cell
		u, err := db.CreateUser(ctx, domain.System, store.UserInput{Username: "bithu.a1", DisplayName: "Bí thư A1", Password: "mật khẩu đủ dài", Role: domain.RoleSecretary, OrgIDs: []int64{f.CellA1.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateUser(ctx, Actor(domain.RoleStaff, f.Province), store.UserInput{Username: "x"}); code(err) != domain.CodeForbidden {
			t.Fatalf("staff creates account: %v", err)
		}
		a, err := db.Authenticate(ctx, "BITHU.A1", "mật khẩu đủ dài")
		if err != nil || a.Role != domain.RoleSecretary || len(a.Paths) != 1 || a.Paths[0] != f.CellA1.Path || a.UserID != u.ID {
			t.Fatalf("%+v %v", a, err)
		}
		if _, err := db.Authenticate(ctx, "bithu.a1", "sai mật khẩu"); code(err) != domain.CodeUnauthorized {
			t.Fatalf("wrong password: %v", err)
		}
		tok, err := db.CreateToken(ctx, domain.System, "bithu.a1", "thử")
		if err != nil {
			t.Fatal(err)
		}
		if a2, err := db.ActorByToken(ctx, tok); err != nil || a2.UserID != u.ID {
			t.Fatalf("token: %+v %v", a2, err)
		}
		if err := db.SetDisabled(ctx, domain.System, "bithu.a1", true); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ActorByToken(ctx, tok); code(err) != domain.CodeUnauthorized {
			t.Fatalf("token of disabled account: %v", err)
		}
		if _, err := db.Authenticate(ctx, "bithu.a1", "mật khẩu đủ dài"); code(err) != domain.CodeUnauthorized {
			t.Fatalf("login of disabled account: %v", err)
		}
		var hash string
		db.SQL().QueryRow(replaceIf(db, "SELECT password_hash FROM users WHERE username = ?"), "bithu.a1").Scan(&hash)
		if len(hash) < 20 || hash[:10] != "$argon2id$" {
			t.Fatalf("stored hash %q", hash)
		}
	})
}

func fields(err error) domain.Fields {
	var e *domain.Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
