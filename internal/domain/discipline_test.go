package domain

import (
	"strings"
	"testing"
)

// Rules of a decision of discipline (Điều lệ Đảng, Điều 35–39; Quy định
// 69-QĐ/TW, from 30/5/2025 296-QĐ/TW): the forms each standing and post
// allows, the deciding authority, the votes counted over those entitled
// with the threshold of each form (expulsion in two bodies), the statute of
// limitations. Each refusal names its rule.
func TestCheckDiscipline(t *testing.T) {
	today := d("2026-11-23")
	official := DisciplineSubject{Name: "Đặng Văn Đức", Member: true, Status: StatusOfficial, Posts: map[string]string{"party_position": "Phó Bí thư chi bộ"}}
	noPost := DisciplineSubject{Name: "Hà Thị Lan", Member: true, Status: StatusOfficial, Posts: map[string]string{}}
	twoPosts := DisciplineSubject{Name: "Đức", Member: true, Status: StatusOfficial, Posts: map[string]string{"party_position": "Bí thư", "gov_position": "Trưởng thôn"}}
	probation := DisciplineSubject{Name: "Trần Văn An", Member: true, Status: StatusProbationary}
	removed := DisciplineSubject{Name: "Đức", Member: true, Status: StatusRemoved}
	org := DisciplineSubject{Name: "Chi bộ thôn Đồng Bùa"}
	cell := Org{Name: "Chi bộ thôn Đồng Bùa", Kind: KindCell}
	commune := Org{Name: "Đảng bộ xã Hợp Châu", Kind: KindCommune}
	province := Org{Name: "Đảng bộ tỉnh", Kind: KindProvince}
	partial := Org{Name: "Đảng bộ bộ phận", Kind: KindPartial}
	in := func(f DisciplineForm, entitled, votes int) DisciplineInput {
		return DisciplineInput{Form: f, Violation: "Vi phạm quy định về những điều đảng viên không được làm", ViolatedOn: d("2026-03-01"),
			Entitled: entitled, For: votes, Decision: "15-QĐ/ĐU", DecidedOn: d("2026-11-01")}
	}
	expel := in(FormExpulsion, 9, 6)
	expel.ProposalEntitled, expel.ProposalFor = 12, 8
	expelShort := expel
	expelShort.ProposalFor = 7
	expelHalf := expel
	expelHalf.For = 4
	expelHalf.Entitled = 8
	oldReprimand := in(FormReprimand, 5, 3)
	oldReprimand.ViolatedOn = d("2021-11-01")
	oldWarning := in(FormWarning, 5, 3)
	oldWarning.ViolatedOn = d("2016-10-01")
	oldExpel := expel
	oldExpel.ViolatedOn = d("1990-01-01")
	future := in(FormReprimand, 5, 3)
	future.DecidedOn = d("2026-12-01")
	noNumber := in(FormReprimand, 5, 3)
	noNumber.Decision = ""
	for _, c := range []struct {
		rule    string
		s       DisciplineSubject
		body    Org
		levels  int
		in      DisciplineInput
		field   string
		says    string
		wantPos string
	}{
		{"the cell reprimands its member by more than half", official, cell, 0, in(FormReprimand, 5, 3), "", "", ""},
		{"more than half: exactly half is not enough", official, cell, 0, in(FormWarning, 6, 3), "votes_for", "trên 1/2", ""},
		{"a vote count above the number entitled", official, cell, 0, in(FormReprimand, 5, 7), "votes_for", "nhiều hơn số người có quyền biểu quyết", ""},
		{"no one entitled", official, cell, 0, in(FormReprimand, 0, 0), "votes_for", "quyền biểu quyết", ""},
		{"the cell cannot dismiss (Điều 36)", official, cell, 0, in(FormDismissal, 5, 5), "body_id", "không có thẩm quyền", ""},
		{"the commune committee dismisses from a post held", official, commune, 1, in(FormDismissal, 15, 9), "", "", "party_position"},
		{"dismissal of a member who holds no post", noPost, commune, 1, in(FormDismissal, 15, 9), "post", "không giữ chức vụ nào", ""},
		{"dismissal of one of two posts needs the post named", twoPosts, commune, 1, in(FormDismissal, 15, 9), "post", "Chọn chức vụ", ""},
		{"a probationary member: reprimand or warning only", probation, commune, 1, in(FormDismissal, 15, 9), "form", "dự bị", ""},
		{"a probationary member is not expelled", probation, province, 2, expel, "form", "xóa tên", ""},
		{"a member no longer on the roll", removed, cell, 0, in(FormReprimand, 5, 3), "form", "không còn", ""},
		{"dissolution is not for members", official, province, 2, in(FormDissolution, 9, 6), "form", "tổ chức đảng", ""},
		{"expulsion: two thirds of the cell, more than half of the committee", official, commune, 1, expel, "", "", ""},
		{"expulsion: fewer than two thirds of the cell", official, commune, 1, expelShort, "proposal_for", "2/3", ""},
		{"expulsion: half of the committee", official, commune, 1, expelHalf, "votes_for", "trên 1/2", ""},
		{"a partial committee decides no discipline", official, partial, 1, in(FormReprimand, 5, 5), "body_id", "không có thẩm quyền", ""},
		{"statute of limitations: reprimand 5 years", official, cell, 0, oldReprimand, "violated_on", "5 năm", ""},
		{"statute of limitations: warning 10 years", official, cell, 0, oldWarning, "violated_on", "10 năm", ""},
		{"no limitation for expulsion", official, commune, 1, oldExpel, "", "", ""},
		{"decided after today", official, cell, 0, future, "decided_on", "", ""},
		{"no decision number", official, cell, 0, noNumber, "decision_number", "", ""},
		{"an organisation: warning by the committee above", org, commune, 1, in(FormWarning, 15, 9), "", "", ""},
		{"an organisation: not by itself", org, cell, 0, in(FormWarning, 5, 5), "body_id", "cấp trên", ""},
		{"an organisation is dissolved two levels above", org, commune, 1, in(FormDissolution, 15, 15), "body_id", "cách một cấp", ""},
		{"an organisation dissolved by the province", org, province, 2, in(FormDissolution, 15, 9), "", "", ""},
		{"an organisation is not dismissed", org, commune, 1, in(FormDismissal, 15, 9), "form", "khiển trách, cảnh cáo hoặc giải tán", ""},
	} {
		x := c.in
		err := CheckDiscipline(c.s, c.body, c.levels, &x, today)
		e, _ := err.(*Error)
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%s: refused: %v", c.rule, err)
		case c.field != "" && (e == nil || e.Fields[c.field] == ""):
			t.Errorf("%s: want a refusal on %s, got %v", c.rule, c.field, err)
		case c.says != "" && !strings.Contains(errText(err), c.says):
			t.Errorf("%s: refusal does not say %q: %v", c.rule, c.says, errText(err))
		case c.wantPos != "" && x.Post != c.wantPos:
			t.Errorf("%s: post %q, want %q", c.rule, x.Post, c.wantPos)
		}
	}
}

// Rule: the regulation in force on the day of the decision — 69-QĐ/TW, then
// 296-QĐ/TW from 30/5/2025; the message names it.
func TestDisciplineRegulationByDate(t *testing.T) {
	if DisciplineRegulation(d("2025-05-29")) != "Quy định 69-QĐ/TW" || DisciplineRegulation(d("2025-05-30")) != "Quy định 296-QĐ/TW" {
		t.Error(DisciplineRegulation(d("2025-05-29")), DisciplineRegulation(d("2025-05-30")))
	}
	s := DisciplineSubject{Name: "Lan", Member: true, Status: StatusOfficial}
	x := DisciplineInput{Form: FormDismissal, Violation: "Vi phạm", ViolatedOn: d("2025-01-01"), Entitled: 9, For: 7, Decision: "1-QĐ/ĐU", DecidedOn: d("2025-05-20")}
	err := CheckDiscipline(s, Org{Name: "Xã", Kind: KindCommune}, 1, &x, d("2026-01-01"))
	if err == nil || !strings.Contains(err.Error(), "69-QĐ/TW") {
		t.Errorf("before 30/5/2025: %v", err)
	}
	x.DecidedOn = d("2025-06-02")
	err = CheckDiscipline(s, Org{Name: "Xã", Kind: KindCommune}, 1, &x, d("2026-01-01"))
	if err == nil || !strings.Contains(err.Error(), "296-QĐ/TW") {
		t.Errorf("after 30/5/2025: %v", err)
	}
}

// Rule: an appeal within a month of the decision (Điều lệ Đảng, Điều 39),
// once; its outcome decided after it, a lighter form lighter.
func TestAppeal(t *testing.T) {
	today := d("2026-11-23")
	dec := d("2026-10-01")
	for _, c := range []struct {
		name   string
		on     string
		lodged bool
		ok     bool
	}{{"within the month", "2026-10-20", false, true}, {"on the last day", "2026-11-01", false, true}, {"late", "2026-11-02", false, false}, {"before the decision", "2026-09-30", false, false}, {"twice", "2026-10-20", true, false}} {
		a := AppealInput{On: d(c.on), Text: "Hình thức kỷ luật quá nặng"}
		if err := CheckAppeal(dec, c.lodged, &a, today); (err == nil) != c.ok {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	for _, c := range []struct {
		name string
		in   OutcomeInput
		ok   bool
	}{
		{"upheld", OutcomeInput{Outcome: AppealUpheld, Decision: "3-QĐ/UBKT", On: d("2026-11-10")}, true},
		{"lighter", OutcomeInput{Outcome: AppealLighter, Form: FormReprimand, Decision: "3-QĐ/UBKT", On: d("2026-11-10")}, true},
		{"lighter but heavier", OutcomeInput{Outcome: AppealLighter, Form: FormDismissal, Decision: "3-QĐ/UBKT", On: d("2026-11-10")}, false},
		{"before the appeal", OutcomeInput{Outcome: AppealAnnulled, Decision: "3-QĐ/UBKT", On: d("2026-10-10")}, false},
		{"no number", OutcomeInput{Outcome: AppealAnnulled, On: d("2026-11-10")}, false},
	} {
		in := c.in
		if err := CheckOutcome(FormWarning, d("2026-10-20"), false, &in, today); (err == nil) != c.ok {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	in := OutcomeInput{Outcome: AppealUpheld, Decision: "3", On: d("2026-11-10")}
	if err := CheckOutcome(FormWarning, Date{}, false, &in, today); ErrorCode(err) != CodeConflict {
		t.Errorf("no appeal: %v", err)
	}
}
