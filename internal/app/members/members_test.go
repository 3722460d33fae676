package members_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

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

func auditCount(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow("SELECT count(*) FROM audit").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
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

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func TestMemberValidationWritesNothing(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		ms := membersOf(db)
		f := Fixture(t, db)
		n := auditCount(t, db)
		good := domain.MemberFields{FullName: "Phạm Ngọc Ánh", Gender: domain.Female, BirthDate: D("1992-03-08"), Ethnicity: "02", CitizenID: "001192000999"}
		adm := domain.Event{Kind: domain.EventAdmitted, Date: D("2020-03-08"), Decided: D("2020-02-20")}
		bad := good
		bad.CitizenID = f.Thao.CitizenID
		_, err := ms.Create(ctx, domain.System, f.CellA1.ID, bad, adm)
		fieldErr(t, err, domain.CodeInvalid, "citizen_id")
		bad = good
		bad.CardNumber = f.Duc.CardNumber
		_, err = ms.Create(ctx, domain.System, f.CellA1.ID, bad, adm)
		fieldErr(t, err, domain.CodeInvalid, "card_number")
		_, err = ms.Create(ctx, domain.System, f.CommuneA.ID, good, adm)
		fieldErr(t, err, domain.CodeInvalid, "org_id") // members belong to cells
		_, err = ms.Create(ctx, domain.System, f.CellA1.ID, good, domain.Event{Kind: domain.EventAdmitted, Date: D("2027-01-01"), Decided: D("2026-11-20")})
		if code(err) != domain.CodeInvalid {
			t.Fatalf("future admission: %v", err)
		}
		if got := auditCount(t, db); got != n {
			t.Fatalf("refused writes left %d audit rows", got-n)
		}
		m, err := ms.Create(ctx, domain.System, f.CellA1.ID, good, adm)
		if err != nil || m.Status != domain.StatusProbationary || m.AdmissionDate.ISO() != "2020-03-08" {
			t.Fatalf("%+v %v", m, err)
		}
	})
}

func TestLifecycleEvents(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		ms := membersOf(db)
		f := Fixture(t, db)
		sys := domain.System
		// Recognition before the 12 months end is refused; after, official from the end of probation.
		_, _, err := ms.AddEvent(ctx, sys, f.An.ID, domain.Event{Kind: domain.EventRecognised, Date: D("2026-11-20")})
		fieldErr(t, err, domain.CodeInvalid, "kind")
		_, _, err = ms.AddEvent(ctx, sys, f.Lan.ID, domain.Event{Kind: domain.EventRecognised, Date: D("2021-01-20"), Decision: "88-QĐ/ĐU"})
		if err != nil {
			t.Fatal(err)
		}
		lan, _ := ms.Member(ctx, sys, f.Lan.ID)
		if lan.Status != domain.StatusOfficial || lan.OfficialDate.ISO() != "2020-11-07" {
			t.Fatalf("Lan: %s %s", lan.Status, lan.OfficialDate.ISO())
		}
		// Before the last event: refused.
		_, _, err = ms.AddEvent(ctx, sys, f.Lan.ID, domain.Event{Kind: domain.EventExempted, Date: D("2020-01-01")})
		fieldErr(t, err, domain.CodeInvalid, "date")
		// Exempt, then death: status and placement follow.
		if _, _, err := ms.AddEvent(ctx, sys, f.Hoa.ID, domain.Event{Kind: domain.EventExempted, Date: D("2024-01-01"), Reason: "Tuổi cao, sức yếu"}); err != nil {
			t.Fatal(err)
		}
		hoa, _ := ms.Member(ctx, sys, f.Hoa.ID)
		if !hoa.Exempted || hoa.Status != domain.StatusProbationary {
			t.Fatalf("Hoa %+v", hoa)
		}
		if _, _, err := ms.AddEvent(ctx, sys, f.Hoa.ID, domain.Event{Kind: domain.EventDied, Date: D("2026-03-01")}); err != nil {
			t.Fatal(err)
		}
		// Nothing is hard-deleted: the record stays readable with its history.
		hoa, err = ms.Member(ctx, sys, f.Hoa.ID)
		if err != nil || hoa.Status != domain.StatusDied || hoa.Exempted {
			t.Fatalf("Hoa %+v %v", hoa, err)
		}
		ev, _ := ms.Events(ctx, sys, f.Hoa.ID)
		if len(ev) != 3 {
			t.Fatalf("Hoa events %d", len(ev))
		}
		// A dead member leaves the active lists and counts, and the as-of tree.
		page, _ := ms.List(ctx, sys, store.MemberFilter{OrgID: f.CellB1.ID})
		if page.Total != 1 || page.Items[0].ID != f.Lan.ID {
			t.Fatalf("cell B1 active: %+v", page)
		}
		tv, _ := (&orgs.Service{DB: db}).Tree(ctx, sys, D("2026-04-01"))
		tr := tv.Roots
		if n := find(tr, f.CellB1.ID); n.Direct != 1 {
			t.Fatalf("B1 placements on 01/04/2026: %d", n.Direct)
		}
		tv, _ = (&orgs.Service{DB: db}).Tree(ctx, sys, D("2026-02-01"))
		tr = tv.Roots
		if n := find(tr, f.CellB1.ID); n.Direct != 2 {
			t.Fatalf("B1 placements on 01/02/2026: %d", n.Direct)
		}
		// Moving to a non-cell is refused.
		_, _, err = ms.AddEvent(ctx, sys, f.Lan.ID, domain.Event{Kind: domain.EventMoved, Date: D("2026-05-01"), ToOrgID: f.CommuneA.ID})
		fieldErr(t, err, domain.CodeInvalid, "to_org_id")
	})
}

func TestUpdateMemberAndAudit(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		ms := membersOf(db)
		f := Fixture(t, db)
		sec := Actor(domain.RoleSecretary, f.CellA1)
		in := f.Thao.MemberFields
		in.Phone = "0912 345 678"
		in.Workplace = "Trường THCS Hợp Châu"
		m, err := ms.Update(ctx, sec, f.Thao.ID, in, nil)
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
		if _, err := ms.Update(ctx, sec, f.Thao.ID, in, nil); err != nil {
			t.Fatal(err)
		}
		if hits, _ := ms.Search(ctx, domain.System, "nguyen thi hong nhu", 5); len(hits) != 1 || hits[0].ID != f.Thao.ID {
			t.Errorf("new name not found: %+v", hits)
		}
		if hits, _ := ms.Search(ctx, domain.System, "hong thao", 5); len(hits) != 0 {
			t.Errorf("old name still found: %+v", hits)
		}
		// Admission date changes only through events.
		in.AdmissionDate = D("2016-01-01")
		_, err = ms.Update(ctx, sec, f.Thao.ID, in, nil)
		fieldErr(t, err, domain.CodeInvalid, "admission_date")
	})
}

func TestSearchFoldsDiacritics(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		ms := membersOf(db)
		f := Fixture(t, db)
		for _, q := range []string{"nguyen thi hong thao", "Thao", "thảo", "THẢO", "ng th hong", "79012345", "001190012345", "hồng thảo"} {
			hits, err := ms.Search(ctx, domain.System, q, 10)
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			if len(hits) != 1 || hits[0].ID != f.Thao.ID {
				t.Errorf("search %q = %+v", q, hits)
			}
		}
		for _, q := range []string{"duc", "Đức", "dang van duc", "ĐẶNG"} {
			hits, _ := ms.Search(ctx, domain.System, q, 10)
			if len(hits) != 1 || hits[0].ID != f.Duc.ID {
				t.Errorf("search %q = %+v", q, hits)
			}
		}
		for _, q := range []string{"", "  ", `"*:&|!()`, "zzz"} {
			hits, err := ms.Search(ctx, domain.System, q, 10)
			if err != nil || len(hits) != 0 {
				t.Errorf("search %q = %+v, %v", q, hits, err)
			}
		}
		// A secretary's search reads the cell itself, with the same word-prefix rule.
		sec := Actor(domain.RoleSecretary, f.CellA1)
		for q, want := range map[string]int{"thao": 1, "ng th hong": 1, "hong thao": 1, "ong": 0, "7901": 1, "van duc": 1, "lan": 0, "đức": 1} {
			if hits, err := ms.Search(ctx, sec, q, 10); err != nil || len(hits) != want {
				t.Errorf("secretary search %q = %+v, %v", q, hits, err)
			}
		}
		// Several matches come back in Vietnamese name order: An, Hoa, Lan, Thảo (given names).
		hits, _ := ms.Search(ctx, domain.System, "thi", 10)
		if len(hits) != 3 || hits[0].FullName != "Lê Thị Hoa" || hits[1].FullName != "Hà Thị Lan" || hits[2].FullName != "Nguyễn Thị Hồng Thảo" {
			t.Errorf("order: %+v", hits)
		}
	})
}

func TestListOrderAndFilters(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		ms := membersOf(db)
		Fixture(t, db)
		page, err := ms.List(ctx, domain.System, store.MemberFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, m := range page.Items {
			names = append(names, m.FullName)
		}
		want := []string{"Trần Văn An", "Đặng Văn Đức", "Lê Thị Hoa", "Hà Thị Lan", "Nguyễn Thị Hồng Thảo"}
		if !slices.Equal(names, want) || page.Total != 5 {
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
			p, err := ms.List(ctx, domain.System, tc.f)
			if err != nil || p.Total != tc.want {
				t.Errorf("%+v: total %d, %v", tc.f, p.Total, err)
			}
		}
		if _, err := ms.List(ctx, domain.System, store.MemberFilter{AgeBand: "x"}); code(err) != domain.CodeInvalid {
			t.Errorf("bad band: %v", err)
		}
	})
}

func TestScopeRefusesOutside(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		ms := membersOf(db)
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
			_, err := ms.Member(ctx, c.a, c.id)
			if (c.want == "" && err != nil) || (c.want != "" && code(err) != c.want) {
				t.Errorf("%s: %v", c.name, err)
			}
		}
		// Writes: out of scope is not found; in scope but read-only role is forbidden.
		in := f.Lan.MemberFields
		in.Phone = "0988000111"
		if _, err := ms.Update(ctx, sec, f.Lan.ID, in, nil); code(err) != domain.CodeNotFound {
			t.Errorf("secretary writes other cell: %v", err)
		}
		if _, err := ms.Update(ctx, leader, f.Lan.ID, in, nil); code(err) != domain.CodeForbidden {
			t.Errorf("leader writes: %v", err)
		}
		if _, _, err := ms.AddEvent(ctx, sec, f.Lan.ID, domain.Event{Kind: domain.EventDied, Date: D("2026-01-01")}); code(err) != domain.CodeNotFound {
			t.Errorf("secretary event other cell: %v", err)
		}
		// A secretary cannot move a member into a cell outside the scope.
		if _, _, err := ms.AddEvent(ctx, sec, f.Duc.ID, domain.Event{Kind: domain.EventMoved, Date: D("2026-01-01"), ToOrgID: f.CellB1.ID}); code(err) != domain.CodeInvalid {
			t.Errorf("secretary moves out of scope: %v", err)
		}
		// Lists and search see only the scope.
		page, _ := ms.List(ctx, sec, store.MemberFilter{})
		if page.Total != 2 {
			t.Errorf("secretary list total %d, want 2", page.Total)
		}
		if _, err := ms.List(ctx, sec, store.MemberFilter{OrgID: f.CellB1.ID}); code(err) != domain.CodeNotFound {
			t.Errorf("secretary list other cell: %v", err)
		}
		hits, _ := ms.Search(ctx, sec, "lan", 10)
		if len(hits) != 0 {
			t.Errorf("secretary search found %v", hits)
		}
		// A secretary sees no change history; staff see that of their scope only.
		if v, err := ms.Record(ctx, sec, f.Duc.ID); err != nil || v.History != nil || !v.CanEdit {
			t.Errorf("secretary's record view: %+v %v", v.History, err)
		}
		staffA := Actor(domain.RoleStaff, f.CommuneA)
		if v, err := ms.Record(ctx, staffA, f.Duc.ID); err != nil || len(v.History) != 1 || v.History[0].Action != "member.create" {
			t.Errorf("staff's record view: %+v %v", v.History, err)
		}
		if _, err := ms.Record(ctx, staffA, f.Lan.ID); code(err) != domain.CodeNotFound {
			t.Errorf("staff A reads a member of commune B: %v", err)
		}
	})
}

// membersOf is the member use cases on db.
func membersOf(db *store.DB) *members.Service { return &members.Service{DB: db} }
