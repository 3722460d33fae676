package discipline_test

import (
	"context"
	"strings"
	"testing"

	"dangvien/internal/app/discipline"
	"dangvien/internal/app/members"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

var ctx = context.Background()

func code(err error) domain.Code { return domain.ErrorCode(err) }

func auditRows(t *testing.T, db *store.DB) int {
	var n int
	if err := db.SQL().QueryRow("SELECT count(*) FROM audit").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func in(form domain.DisciplineForm, body int64, entitled, votes int) domain.DisciplineInput {
	return domain.DisciplineInput{Form: form, Violation: "Vi phạm những điều đảng viên không được làm", ViolatedOn: D("2026-04-01"), BodyID: body,
		Entitled: entitled, For: votes, Decision: "21-QĐ/ĐU", DecidedOn: D("2026-11-10")}
}

// Discipline of members (issue 12, item 3): the forms each standing and post
// allows, the votes over those entitled, the deciding body; a refusal names
// its rule and writes nothing; a dismissal removes the post, an expulsion
// ends membership through the member state machine; an appeal and its
// outcome.
func TestDisciplineOfMembers(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		ds := &discipline.Service{DB: db}
		ms := &members.Service{DB: db}
		staff := Actor(domain.RoleStaff, f.CommuneA)
		sec := Actor(domain.RoleSecretary, f.CellA1)
		for id, on := range map[int64]string{f.Duc.ID: "2001-03-03", f.Thao.ID: "2016-05-19"} {
			if _, _, err := ms.AddEvent(ctx, domain.System, id, domain.Event{Kind: domain.EventRecognised, Date: D(on), Decision: "5-QĐ/ĐU"}); err != nil {
				t.Fatal(err)
			}
		}
		events := func(id int64) int {
			es, err := ms.Events(ctx, domain.System, id)
			if err != nil {
				t.Fatal(err)
			}
			return len(es)
		}
		// Đức holds no post: a dismissal is refused, nothing written.
		before, evs := auditRows(t, db), events(f.Duc.ID)
		_, err := ds.DisciplineMember(ctx, staff, f.Duc.ID, in(domain.FormDismissal, f.CommuneA.ID, 15, 10))
		if code(err) != domain.CodeInvalid || !strings.Contains(err.Error(), "không giữ chức vụ nào") || auditRows(t, db) != before || events(f.Duc.ID) != evs {
			t.Fatalf("dismissal without a post: %v", err)
		}
		// A vote count above the number entitled to vote.
		_, err = ds.DisciplineMember(ctx, sec, f.Duc.ID, in(domain.FormReprimand, f.CellA1.ID, 2, 3))
		if code(err) != domain.CodeInvalid || !strings.Contains(err.Error(), "nhiều hơn số người có quyền biểu quyết") || auditRows(t, db) != before {
			t.Fatalf("votes above entitled: %v", err)
		}
		// The cell cannot warn by half; nor dismiss; a leader writes nothing.
		if _, err := ds.DisciplineMember(ctx, sec, f.Duc.ID, in(domain.FormWarning, f.CellA1.ID, 2, 1)); code(err) != domain.CodeInvalid {
			t.Fatalf("half the votes: %v", err)
		}
		if _, err := ds.DisciplineMember(ctx, Actor(domain.RoleLeader, f.CommuneA), f.Duc.ID, in(domain.FormWarning, f.CellA1.ID, 2, 2)); code(err) != domain.CodeForbidden {
			t.Fatalf("leader: %v", err)
		}
		// A secretary cannot record a decision of a body above the cell.
		if _, err := ds.DisciplineMember(ctx, sec, f.Duc.ID, in(domain.FormWarning, f.CommuneA.ID, 15, 9)); code(err) != domain.CodeInvalid {
			t.Fatalf("body out of the secretary's scope: %v", err)
		}
		// A warning by the cell: a discipline event.
		d, err := ds.DisciplineMember(ctx, sec, f.Duc.ID, in(domain.FormWarning, f.CellA1.ID, 2, 2))
		if err != nil || d.EventID == 0 || d.CountedYear != 2026 || d.Regulation != "Quy định 296-QĐ/TW" || d.Body != f.CellA1.Name {
			t.Fatalf("warning: %+v %v", d, err)
		}
		es, _ := ms.Events(ctx, domain.System, f.Duc.ID)
		if last := es[len(es)-1]; last.Kind != domain.EventDisciplined || last.Discipline != "warning" || last.Decision != "21-QĐ/ĐU" {
			t.Fatalf("event: %+v", last)
		}

		// Thảo is the cell's deputy secretary: the commune's committee
		// dismisses her from the post, which leaves her record.
		m, _ := ms.Member(ctx, domain.System, f.Thao.ID)
		m.PartyPosition = "Phó Bí thư chi bộ"
		if _, err := ms.Update(ctx, domain.System, f.Thao.ID, m.MemberFields, nil); err != nil {
			t.Fatal(err)
		}
		d, err = ds.DisciplineMember(ctx, staff, f.Thao.ID, in(domain.FormDismissal, f.CommuneA.ID, 15, 9))
		if err != nil || d.Post != "party_position" || d.PostTitle != "Phó Bí thư chi bộ" {
			t.Fatalf("dismissal: %+v %v", d, err)
		}
		after, _ := ms.Member(ctx, domain.System, f.Thao.ID)
		if after.PartyPosition != "" || after.Version != m.Version+3 || after.Status != domain.StatusOfficial {
			t.Fatalf("after dismissal: %q v%d (was v%d) %s", after.PartyPosition, after.Version, m.Version, after.Status)
		}

		// A probationary member is not dismissed nor expelled.
		if _, err := ds.DisciplineMember(ctx, staff, f.An.ID, in(domain.FormExpulsion, f.CommuneA.ID, 15, 15)); code(err) != domain.CodeInvalid || !strings.Contains(err.Error(), "dự bị") {
			t.Fatalf("probationary expelled: %v", err)
		}
		// Expulsion: two thirds of the cell, more than half of the committee;
		// membership ends.
		ex := in(domain.FormExpulsion, f.CommuneA.ID, 15, 9)
		ex.ProposalEntitled, ex.ProposalFor = 2, 1
		if _, err := ds.DisciplineMember(ctx, staff, f.Duc.ID, ex); code(err) != domain.CodeInvalid || !strings.Contains(err.Error(), "2/3") {
			t.Fatalf("expulsion without two thirds: %v", err)
		}
		ex.ProposalFor = 2
		ex.DecidedOn = D("2026-11-20")
		if _, err := ds.DisciplineMember(ctx, staff, f.Duc.ID, ex); err != nil {
			t.Fatal(err)
		}
		duc, _ := ms.Member(ctx, domain.System, f.Duc.ID)
		if duc.Status != domain.StatusExpelled {
			t.Fatalf("expelled: %s", duc.Status)
		}
		if _, err := ds.DisciplineMember(ctx, staff, f.Duc.ID, in(domain.FormReprimand, f.CommuneA.ID, 15, 9)); code(err) != domain.CodeInvalid {
			t.Fatalf("discipline after expulsion: %v", err)
		}

		// The member's page lists the decisions; the member reads her own.
		v, err := ds.Member(ctx, domain.Actor{Role: domain.RoleMember, MemberID: f.Thao.ID}, f.Thao.ID)
		if err != nil || len(v.Disciplines) != 1 || v.CanWrite {
			t.Fatalf("member's page: %+v %v", v, err)
		}
		// An appeal within the month, then its outcome by the committee's staff.
		if _, err := ds.Appeal(ctx, staff, d.ID, domain.AppealInput{On: D("2026-11-25"), Text: "Xin xem xét lại"}); code(err) != domain.CodeInvalid {
			t.Fatalf("appeal after today: %v", err)
		}
		if _, err := ds.Appeal(ctx, staff, d.ID, domain.AppealInput{On: D("2026-11-21"), Text: "Xin xem xét lại"}); err != nil {
			t.Fatal(err)
		}
		if _, err := ds.DecideAppeal(ctx, sec, d.ID, domain.OutcomeInput{Outcome: domain.AppealUpheld, Decision: "2-QĐ/UBKT", On: D("2026-11-22")}); code(err) != domain.CodeForbidden {
			t.Fatalf("secretary decides an appeal: %v", err)
		}
		out, err := ds.DecideAppeal(ctx, staff, d.ID, domain.OutcomeInput{Outcome: domain.AppealLighter, Form: domain.FormWarning, Decision: "2-QĐ/UBKT", On: D("2026-11-22")})
		if err != nil || out.Outcome == nil || out.Outcome.Form != domain.FormWarning {
			t.Fatalf("outcome: %+v %v", out, err)
		}
		// The subtree's list.
		ov, err := ds.Org(ctx, Actor(domain.RoleLeader, f.Province), f.Province.ID, D("2026-01-01"), D("2026-12-31"))
		if err != nil || len(ov.Disciplines) != 3 || ov.CanWrite {
			t.Fatalf("province list: %d %v", len(ov.Disciplines), err)
		}
		if v, err := db.VerifyAudit(ctx, domain.System); err != nil || !v.OK {
			t.Fatalf("audit: %+v %v", v, err)
		}
	})
}

// Discipline of organisations: by the committee above; dissolution two
// levels above; the statute of limitations.
func TestDisciplineOfOrganisations(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		ds := &discipline.Service{DB: db}
		prov := Actor(domain.RoleStaff, f.Province)
		if _, err := ds.DisciplineOrg(ctx, prov, f.CellA1.ID, in(domain.FormDissolution, f.CommuneA.ID, 15, 12)); code(err) != domain.CodeInvalid || !strings.Contains(err.Error(), "cách một cấp") {
			t.Fatalf("dissolution by the direct upper: %v", err)
		}
		old := in(domain.FormReprimand, f.CommuneA.ID, 15, 12)
		old.ViolatedOn = D("2020-01-01")
		if _, err := ds.DisciplineOrg(ctx, prov, f.CellA1.ID, old); code(err) != domain.CodeInvalid || !strings.Contains(err.Error(), "thời hiệu") {
			t.Fatalf("past the statute of limitations: %v", err)
		}
		if _, err := ds.DisciplineOrg(ctx, Actor(domain.RoleSecretary, f.CellA1), f.CellA1.ID, in(domain.FormReprimand, f.CommuneA.ID, 15, 12)); code(err) != domain.CodeForbidden {
			t.Fatalf("secretary disciplines an organisation: %v", err)
		}
		d, err := ds.DisciplineOrg(ctx, prov, f.CellA1.ID, in(domain.FormDissolution, f.Province.ID, 40, 30))
		if err != nil || d.MemberID != 0 || d.Name != f.CellA1.Name || d.Form != domain.FormDissolution {
			t.Fatalf("dissolution: %+v %v", d, err)
		}
	})
}
