package evaluation_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"dangvien/internal/app/discipline"
	"dangvien/internal/app/evaluation"
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

// addMembers opens n official records in a cell.
func addMembers(t *testing.T, db *store.DB, cell domain.Org, n int, tag string) []domain.Member {
	t.Helper()
	var out []domain.Member
	for i := range n {
		f := domain.MemberFields{FullName: fmt.Sprintf("Nguyễn Văn %s%c", tag, 'A'+rune(i)), Gender: domain.Male, BirthDate: D("1980-01-01"), Ethnicity: "01", Education: "thpt"}
		m, err := (&members.Service{DB: db}).Create(ctx, domain.System, cell.ID, f, domain.Event{Kind: domain.EventAdmitted, Date: D("2010-01-01"), Decided: D("2009-12-20"), Decision: "1-QĐ/ĐU"})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := (&members.Service{DB: db}).AddEvent(ctx, domain.System, m.ID, domain.Event{Kind: domain.EventRecognised, Date: D("2011-01-01"), Decision: "2-QĐ/ĐU"}); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

func good(id int64) evaluation.ProposalItem {
	return evaluation.ProposalItem{MemberID: id, RatingProposal: domain.RatingProposal{Level: domain.RatingGood, Points: 80}}
}

func excellent(id int64) evaluation.ProposalItem {
	return evaluation.ProposalItem{MemberID: id, RatingProposal: domain.RatingProposal{Level: domain.RatingExcellent, Points: 93, AllOnTime: true, BeyondPct: 35}}
}

// The yearly evaluation of members (issue 12, item 1): the member's own
// self-review, the cell's proposal with points, the committee's decision on
// the four levels under the rules of the year, each refusal naming its rule
// and writing nothing; each member's ratings over the years; the shares per
// level of a subtree and the ratings of organisations (item 2).
func TestEvaluationFlow(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		ev := &evaluation.Service{DB: db}
		sec := Actor(domain.RoleSecretary, f.CellA1)
		sec2 := Actor(domain.RoleSecretary, f.CellA2)
		staff := Actor(domain.RoleStaff, f.CommuneA)
		thao := domain.Actor{Username: "thao", Role: domain.RoleMember, MemberID: f.Thao.ID}
		five := addMembers(t, db, f.CellA2, 5, "T")

		// The member writes her self-review on her own screen; not another's.
		r, err := ev.SelfReview(ctx, thao, f.Thao.ID, 2026, domain.SelfReview{Level: domain.RatingExcellent, Text: "Hoàn thành tốt nhiệm vụ tuyên truyền ở khu dân cư."})
		if err != nil || r.Self.On.ISO() != "2026-11-23" || r.GrassrootsID != f.CommuneA.ID {
			t.Fatalf("self-review: %+v %v", r, err)
		}
		if _, err := ev.SelfReview(ctx, thao, f.Duc.ID, 2026, domain.SelfReview{Text: "x"}); code(err) != domain.CodeNotFound {
			t.Fatalf("another's self-review: %v", err)
		}
		if _, err := ev.SelfReview(ctx, Actor(domain.RoleLeader, f.CommuneA), f.Duc.ID, 2026, domain.SelfReview{Text: "x"}); code(err) != domain.CodeForbidden {
			t.Fatalf("leader writes a self-review: %v", err)
		}
		// Staff enter one on a member's behalf.
		if _, err := ev.SelfReview(ctx, staff, f.Duc.ID, 2026, domain.SelfReview{Text: "Bản tự kiểm điểm nộp bằng giấy, cán bộ nhập lại."}); err != nil {
			t.Fatal(err)
		}

		// The cells propose: points bands checked, all or nothing.
		before := auditRows(t, db)
		bad := excellent(f.Duc.ID)
		bad.Points = 85
		_, err = ev.Propose(ctx, sec, f.CellA1.ID, 2026, []evaluation.ProposalItem{excellent(f.Thao.ID), bad})
		if code(err) != domain.CodeInvalid || !strings.Contains(err.Error(), "366-QĐ/TW") || auditRows(t, db) != before {
			t.Fatalf("85 points proposed xuất sắc: %v", err)
		}
		if _, err := ev.Propose(ctx, sec, f.CellA1.ID, 2026, []evaluation.ProposalItem{good(f.An.ID)}); code(err) != domain.CodeInvalid {
			t.Fatalf("a member of another cell: %v", err)
		}
		if _, err := ev.Propose(ctx, sec, f.CellA1.ID, 2026, []evaluation.ProposalItem{excellent(f.Thao.ID), good(f.Duc.ID)}); err != nil {
			t.Fatal(err)
		}
		var items []evaluation.ProposalItem
		for _, m := range five {
			items = append(items, good(m.ID))
		}
		if _, err := ev.Propose(ctx, sec2, f.CellA2.ID, 2026, items); err != nil {
			t.Fatal(err)
		}

		// The committee decides; a cell's secretary does not.
		dec := func(pairs ...any) evaluation.DecideInput {
			in := evaluation.DecideInput{Number: "45-QĐ/ĐU", On: D("2026-11-20")}
			for i := 0; i < len(pairs); i += 2 {
				in.Items = append(in.Items, evaluation.DecisionItem{MemberID: pairs[i].(int64), Level: pairs[i+1].(domain.Rating)})
			}
			return in
		}
		if _, err := ev.Decide(ctx, sec, f.CommuneA.ID, 2026, dec(f.Thao.ID, domain.RatingExcellent)); code(err) != domain.CodeNotFound {
			t.Fatalf("secretary decides for the commune: %v", err)
		}
		if _, err := ev.Decide(ctx, Actor(domain.RoleLeader, f.CommuneA), f.CommuneA.ID, 2026, dec(f.Thao.ID, domain.RatingExcellent)); code(err) != domain.CodeForbidden {
			t.Fatalf("leader decides: %v", err)
		}
		// A "xuất sắc" beyond the cap: 1 against 1 "tốt" exceeds 20%.
		before = auditRows(t, db)
		_, err = ev.Decide(ctx, staff, f.CommuneA.ID, 2026, dec(f.Thao.ID, domain.RatingExcellent, f.Duc.ID, domain.RatingGood))
		if code(err) != domain.CodeInvalid || !strings.Contains(err.Error(), "43-HD/BTCTW") || !strings.Contains(err.Error(), f.CommuneA.Name) || auditRows(t, db) != before {
			t.Fatalf("beyond the cap: %v", err)
		}
		// A decision with no proposal of the cell.
		if _, err := ev.Decide(ctx, staff, f.CommuneA.ID, 2026, dec(f.An.ID, domain.RatingGood)); code(err) != domain.CodeInvalid || !strings.Contains(err.Error(), "chưa đề nghị") {
			t.Fatalf("without a proposal: %v", err)
		}
		// Five "tốt" allow one "xuất sắc".
		in := dec(f.Thao.ID, domain.RatingExcellent)
		for _, m := range five {
			in.Items = append(in.Items, evaluation.DecisionItem{MemberID: m.ID, Level: domain.RatingGood})
		}
		if _, err := ev.Decide(ctx, staff, f.CommuneA.ID, 2026, in); err != nil {
			t.Fatal(err)
		}
		// A second would exceed it.
		if _, err := ev.Decide(ctx, staff, f.CommuneA.ID, 2026, dec(f.Duc.ID, domain.RatingExcellent)); code(err) != domain.CodeInvalid {
			t.Fatalf("second xuất sắc: %v", err)
		}
		// Decided: the cell no longer proposes, the member no longer edits.
		if _, err := ev.Propose(ctx, sec, f.CellA1.ID, 2026, []evaluation.ProposalItem{good(f.Thao.ID)}); code(err) != domain.CodeConflict {
			t.Fatalf("proposal after the decision: %v", err)
		}
		if _, err := ev.SelfReview(ctx, thao, f.Thao.ID, 2026, domain.SelfReview{Text: "sửa"}); code(err) != domain.CodeConflict {
			t.Fatalf("self-review after the decision: %v", err)
		}

		// A rating for an exempted member is refused.
		if _, _, err := (&members.Service{DB: db}).AddEvent(ctx, staff, f.An.ID, domain.Event{Kind: domain.EventExempted, Date: D("2026-06-01"), Reason: "Ốm dài ngày"}); err != nil {
			t.Fatal(err)
		}
		before = auditRows(t, db)
		if _, err := ev.Propose(ctx, sec2, f.CellA2.ID, 2026, []evaluation.ProposalItem{good(f.An.ID)}); code(err) != domain.CodeInvalid || !strings.Contains(err.Error(), "miễn công tác") || auditRows(t, db) != before {
			t.Fatalf("exempted member rated: %v", err)
		}

		// Disciplined in the year: only "Không hoàn thành" (366-QĐ/TW).
		ds := &discipline.Service{DB: db}
		if _, err := ds.DisciplineMember(ctx, sec, f.Duc.ID, domain.DisciplineInput{Form: domain.FormReprimand, Violation: "Không chấp hành phân công của chi bộ", ViolatedOn: D("2026-05-01"),
			BodyID: f.CellA1.ID, Entitled: 2, For: 2, Decision: "3-QĐ/CB", DecidedOn: D("2026-09-10")}); err != nil {
			t.Fatal(err)
		}
		_, err = ev.Decide(ctx, staff, f.CommuneA.ID, 2026, dec(f.Duc.ID, domain.RatingGood))
		if code(err) != domain.CodeInvalid || !strings.Contains(err.Error(), "kỷ luật khiển trách") {
			t.Fatalf("disciplined rated tốt: %v", err)
		}
		if _, err := ev.Decide(ctx, staff, f.CommuneA.ID, 2026, dec(f.Duc.ID, domain.RatingNotDone)); err != nil {
			t.Fatal(err)
		}

		// The member's ratings over the years; the commune's page and shares.
		mv, err := ev.Member(ctx, thao, f.Thao.ID, 0)
		if err != nil || mv.Year != 2026 || len(mv.Ratings) != 1 || mv.Ratings[0].Decision.Level != domain.RatingExcellent || mv.CanSelf {
			t.Fatalf("member view: %+v %v", mv, err)
		}
		ov, err := ev.Org(ctx, staff, f.CommuneA.ID, 2026)
		if err != nil || !ov.Listed || len(ov.Rows) != 8 || ov.Cap == nil || ov.Cap.Excellent != 1 || ov.Cap.Good != 5 || ov.Cap.Max != 1 || !ov.CanDecide {
			t.Fatalf("commune view: %+v %v", ov.Cap, err)
		}
		for _, r := range ov.Rows {
			if r.MemberID == f.An.ID && !r.Exempted {
				t.Error("An is not shown exempted")
			}
			if r.MemberID == f.Duc.ID && len(r.Bars) != 1 {
				t.Errorf("Đức's discipline not shown: %+v", r.Bars)
			}
		}
		sv, err := ev.Shares(ctx, Actor(domain.RoleLeader, f.Province), f.Province.ID, 2026)
		if err != nil || sv.Members.Rated != 7 || sv.Members.Levels[0].Count != 1 || sv.Members.Levels[1].Count != 5 || sv.Members.Levels[3].Count != 1 || sv.Unrated != 2 {
			t.Fatalf("shares: %+v %v", sv, err)
		}
		if len(sv.Children) != 2 || sv.Children[0].Shares.Rated+sv.Children[1].Shares.Rated != 7 {
			t.Fatalf("children shares: %+v", sv.Children)
		}

		// Organisations: the commune's committee rates its cells; a cell
		// disciplined in the year is "Không hoàn thành".
		rin := evaluation.OrgRatingInput{Number: "50-QĐ/ĐU", On: D("2026-11-21"), Items: []evaluation.OrgRatingItem{{OrgID: f.CellA1.ID, Level: domain.RatingGood, Points: 85}, {OrgID: f.CellA2.ID, Level: domain.RatingExcellent, Points: 95}}}
		if _, err := ev.RateOrgs(ctx, staff, f.CommuneA.ID, 2026, rin); code(err) != domain.CodeInvalid {
			t.Fatalf("org cap: %v", err)
		}
		rin.Items[1].Level = domain.RatingGood
		if _, err := ev.RateOrgs(ctx, Actor(domain.RoleLeader, f.CommuneA), f.CommuneA.ID, 2026, rin); code(err) != domain.CodeForbidden {
			t.Fatalf("secretary rates orgs: %v", err)
		}
		if _, err := ev.RateOrgs(ctx, staff, f.CommuneA.ID, 2026, rin); err != nil {
			t.Fatal(err)
		}
		if _, err := ev.RateOrgs(ctx, staff, f.CommuneA.ID, 2026, evaluation.OrgRatingInput{Number: "5", On: D("2026-11-21"), Items: []evaluation.OrgRatingItem{{OrgID: f.CellB1.ID, Level: domain.RatingGood, Points: 80}}}); code(err) != domain.CodeInvalid {
			t.Fatalf("rating an organisation not directly under: %v", err)
		}
		if _, err := ds.DisciplineOrg(ctx, Actor(domain.RoleStaff, f.Province), f.CellB1.ID, domain.DisciplineInput{Form: domain.FormWarning, Violation: "Buông lỏng sinh hoạt chi bộ", ViolatedOn: D("2026-02-01"),
			BodyID: f.CommuneB.ID, Entitled: 9, For: 7, Decision: "8-QĐ/ĐU", DecidedOn: D("2026-10-01")}); err != nil {
			t.Fatal(err)
		}
		_, err = ev.RateOrgs(ctx, Actor(domain.RoleStaff, f.CommuneB), f.CommuneB.ID, 2026, evaluation.OrgRatingInput{Number: "9", On: D("2026-11-21"), Items: []evaluation.OrgRatingItem{{OrgID: f.CellB1.ID, Level: domain.RatingDone, Points: 60}}})
		if code(err) != domain.CodeInvalid || !strings.Contains(err.Error(), "cảnh cáo") {
			t.Fatalf("disciplined organisation rated: %v", err)
		}
		ov, _ = ev.Org(ctx, staff, f.CommuneA.ID, 2026)
		if len(ov.OrgRatings) != 2 || ov.OrgRatings[0].Decision.Level != domain.RatingGood || ov.Shares.Orgs.Rated != 2 {
			t.Fatalf("org ratings: %+v", ov.OrgRatings)
		}
		if v, err := db.VerifyAudit(ctx, domain.System); err != nil || !v.OK {
			t.Fatalf("audit: %+v %v", v, err)
		}
	})
}

// Two committees deciding at once must not exceed the cap on "xuất sắc":
// with five "tốt" decided, one "xuất sắc" is allowed; of several decided
// in parallel, exactly one is written.
func TestExcellentCapUnderParallelDecisions(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		ev := &evaluation.Service{DB: db}
		staff := Actor(domain.RoleStaff, f.CommuneA)
		goods := addMembers(t, db, f.CellA2, 5, "G")
		stars := addMembers(t, db, f.CellA2, 6, "X")
		var items []evaluation.ProposalItem
		for _, m := range goods {
			items = append(items, good(m.ID))
		}
		for _, m := range stars {
			items = append(items, excellent(m.ID))
		}
		if _, err := ev.Propose(ctx, Actor(domain.RoleSecretary, f.CellA2), f.CellA2.ID, 2026, items); err != nil {
			t.Fatal(err)
		}
		in := evaluation.DecideInput{Number: "45-QĐ/ĐU", On: D("2026-11-20")}
		for _, m := range goods {
			in.Items = append(in.Items, evaluation.DecisionItem{MemberID: m.ID, Level: domain.RatingGood})
		}
		if _, err := ev.Decide(ctx, staff, f.CommuneA.ID, 2026, in); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, len(stars))
		for i, m := range stars {
			wg.Add(1)
			go func() {
				defer wg.Done()
				a := staff
				a.Username = fmt.Sprintf("committee%d", i)
				_, errs[i] = ev.Decide(ctx, a, f.CommuneA.ID, 2026, evaluation.DecideInput{Number: fmt.Sprintf("%d-QĐ/ĐU", 60+i), On: D("2026-11-22"),
					Items: []evaluation.DecisionItem{{MemberID: m.ID, Level: domain.RatingExcellent}}})
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case code(err) != domain.CodeInvalid || !strings.Contains(err.Error(), "43-HD/BTCTW"):
				t.Errorf("refusal: %v", err)
			}
		}
		ov, err := ev.Org(ctx, staff, f.CommuneA.ID, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if ok != 1 || ov.Cap.Excellent != 1 || ov.Cap.Good != 5 {
			t.Fatalf("%d decisions written, %d xuất sắc counted against %d tốt", ok, ov.Cap.Excellent, ov.Cap.Good)
		}
	})
}

// residence stands in for the 213 ties the mobility work provides.
type residence map[int64]domain.ResidenceComment

func (r residence) ResidenceComments(tx *store.Tx, year int, ids []int64) (map[int64]domain.ResidenceComment, error) {
	out := map[int64]domain.ResidenceComment{}
	for _, id := range ids {
		if c, ok := r[id]; ok && c.Year == year {
			out[id] = c
		}
	}
	return out, nil
}

// The residence cell's comment (Quy định 213-QĐ/TW) is an input of the
// rating, read through the Residence interface in the action's transaction:
// "chưa thực hiện tốt" bars "xuất sắc"; a comment still awaited is shown.
func TestResidenceCommentAsInput(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		ev := &evaluation.Service{DB: db, Residence: residence{
			f.Thao.ID: {MemberID: f.Thao.ID, Year: 2026, Cell: "Chi bộ tổ dân phố 5", Required: true, On: D("2026-11-15"), Text: "Chưa tham gia sinh hoạt nơi cư trú"},
			f.Duc.ID:  {MemberID: f.Duc.ID, Year: 2026, Cell: "Chi bộ tổ dân phố 2", Required: true},
		}}
		sec := Actor(domain.RoleSecretary, f.CellA1)
		_, err := ev.Propose(ctx, sec, f.CellA1.ID, 2026, []evaluation.ProposalItem{excellent(f.Thao.ID)})
		if code(err) != domain.CodeInvalid || !strings.Contains(err.Error(), "213-QĐ/TW") || !strings.Contains(err.Error(), "Chi bộ tổ dân phố 5") {
			t.Fatalf("xuất sắc against the residence comment: %v", err)
		}
		// Rated lower, the comment is the reason: no note needed.
		if _, err := ev.Propose(ctx, sec, f.CellA1.ID, 2026, []evaluation.ProposalItem{{MemberID: f.Thao.ID, RatingProposal: domain.RatingProposal{Level: domain.RatingGood, Points: 95, AllOnTime: true, BeyondPct: 40}}, excellent(f.Duc.ID)}); err != nil {
			t.Fatal(err)
		}
		v, err := ev.Org(ctx, sec, f.CellA1.ID, 2026)
		if err != nil || !v.ResidenceKnown {
			t.Fatalf("view: %v", err)
		}
		for _, r := range v.Rows {
			if r.Residence == nil || (r.MemberID == f.Duc.ID && r.Residence.Received()) {
				t.Errorf("%s: residence %+v", r.Name, r.Residence)
			}
		}
	})
}
