package domain

import (
	"strings"
	"testing"
)

// Rules of the screening (RULES.md, Removal): each ground found with its
// evidence, as of the report's day.
func TestScreenGrounds(t *testing.T) {
	cal := NewCalendar(nil)
	on := d("2026-11-23")
	kinds := func(gs []Ground) string {
		var s []string
		for _, g := range gs {
			s = append(s, string(g.Kind))
		}
		return strings.Join(s, ",")
	}
	edu := Finding{ID: 7, Kind: FindingEducation, On: d("2025-10-01"), Decision: "NQ 5", Note: "Thường xuyên vắng sinh hoạt"}
	eduRecent := Finding{ID: 8, Kind: FindingEducation, On: d("2026-01-01"), Note: "x"}
	eduImproved := edu
	eduImproved.ClosedOn = d("2026-09-01")
	eduImprovedLater := edu
	eduImprovedLater.ClosedOn = d("2026-12-01")
	for _, c := range []struct {
		rule string
		f    ScreenFacts
		want string
		says string
	}{
		{"không hoàn thành 2 năm liền (last year and the year before)", ScreenFacts{Status: StatusOfficial, Ratings: map[int]Rating{2024: RatingNotDone, 2025: RatingNotDone}}, "not_done_years", "Năm 2024"},
		{"không hoàn thành this year and last", ScreenFacts{Status: StatusOfficial, Ratings: map[int]Rating{2025: RatingNotDone, 2026: RatingNotDone}}, "not_done_years", "Năm 2026"},
		{"not two years in a row", ScreenFacts{Status: StatusOfficial, Ratings: map[int]Rating{2023: RatingNotDone, 2024: RatingGood, 2025: RatingNotDone}}, "", ""},
		{"two years in a row long ago", ScreenFacts{Status: StatusOfficial, Ratings: map[int]Rating{2020: RatingNotDone, 2021: RatingNotDone, 2025: RatingDone}}, "", ""},
		{"probation ended, deadline past, not recognised", ScreenFacts{Status: StatusProbationary, Admitted: d("2025-08-01")}, "probation", "01/08/2026"},
		{"probation ended, still within the 30 working days", ScreenFacts{Status: StatusProbationary, Admitted: d("2025-11-01")}, "", ""},
		{"an official member has no probation ground", ScreenFacts{Status: StatusOfficial, Admitted: d("2020-01-01")}, "", ""},
		{"educated 12 months without improvement", ScreenFacts{Status: StatusOfficial, Findings: []Finding{edu}}, "no_improvement", "01/10/2025"},
		{"educated less than 12 months", ScreenFacts{Status: StatusOfficial, Findings: []Finding{eduRecent}}, "", ""},
		{"educated and improved", ScreenFacts{Status: StatusOfficial, Findings: []Finding{eduImproved}}, "", ""},
		{"improved only after the report's day", ScreenFacts{Status: StatusOfficial, Findings: []Finding{eduImprovedLater}}, "no_improvement", ""},
		{"card returned", ScreenFacts{Status: StatusOfficial, Findings: []Finding{{Kind: FindingCardReturned, On: d("2026-05-01"), Note: "Gửi lại thẻ qua bí thư"}}}, "card", "trả lại thẻ"},
		{"card destroyed after the report's day", ScreenFacts{Status: StatusOfficial, Findings: []Finding{{Kind: FindingCardDestroyed, On: d("2026-11-24"), Note: "x"}}}, "", ""},
		{"political standard by decision", ScreenFacts{Status: StatusOfficial, Findings: []Finding{{Kind: FindingPolitical, On: d("2026-06-01"), Decision: "88-KL/ĐU", Note: "x"}}}, "political", "88-KL/ĐU"},
	} {
		gs := ScreenGrounds(c.f, on, cal)
		if kinds(gs) != c.want {
			t.Errorf("%s: %q, want %q", c.rule, kinds(gs), c.want)
			continue
		}
		if c.says != "" && !strings.Contains(strings.Join(gs[0].Evidence, " "), c.says) {
			t.Errorf("%s: evidence %q lacks %q", c.rule, gs[0].Evidence, c.says)
		}
		for _, g := range gs {
			if g.Label == "" || g.Source == "" || len(g.Evidence) == 0 {
				t.Errorf("%s: ground without label, source or evidence: %+v", c.rule, g)
			}
		}
	}
	// Absences and fees: RemovalGrounds' months, with the meetings and months.
	g := AbsenceGround(RemovalGround{MemberID: 1, Months: []string{"2026-08", "2026-09", "2026-10"}, Missed: []MissedMeeting{{MeetingID: 3, HeldOn: d("2026-09-05"), KindLabel: "Sinh hoạt định kỳ"}},
		Unpaid: []string{"2026-08", "2026-10"}}, on)
	if g.Kind != GroundAbsentUnpaid || len(g.Evidence) != 4 || !strings.Contains(g.Evidence[1], "05/09/2026") || !strings.Contains(g.Evidence[2], "8/2026") {
		t.Errorf("absence ground: %+v", g)
	}
}

// Rule: the cell proposes a removal on a ground the screening shows; the
// committee decides by a numbered decision (Điều lệ Đảng, Điều 8).
func TestRemovalProposalAndDecision(t *testing.T) {
	today := d("2026-11-23")
	found := []Ground{{Kind: GroundAbsentUnpaid}}
	for _, c := range []struct {
		name string
		p    RemovalProposal
		open bool
		ok   bool
	}{
		{"on a ground found", RemovalProposal{Grounds: []GroundKind{GroundAbsentUnpaid, GroundAbsentUnpaid}, On: d("2026-11-20")}, false, true},
		{"on a ground without evidence", RemovalProposal{Grounds: []GroundKind{GroundCard}, On: d("2026-11-20")}, false, false},
		{"no ground", RemovalProposal{On: d("2026-11-20")}, false, false},
		{"one already open", RemovalProposal{Grounds: []GroundKind{GroundAbsentUnpaid}, On: d("2026-11-20")}, true, false},
		{"after today", RemovalProposal{Grounds: []GroundKind{GroundAbsentUnpaid}, On: d("2026-11-24")}, false, false},
	} {
		p := c.p
		if err := CheckRemovalProposal("Đức", found, &p, c.open, today); (err == nil) != c.ok {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	for _, c := range []struct {
		name  string
		d     RemovalDecision
		field string
	}{
		{"removed by decision", RemovalDecision{Approve: true, Number: "77-QĐ/ĐU", On: d("2026-11-22")}, ""},
		{"a removal without the committee's decision", RemovalDecision{Approve: true, On: d("2026-11-22")}, "decision_number"},
		{"before the proposal", RemovalDecision{Approve: true, Number: "77", On: d("2026-11-19")}, "date"},
		{"not approved needs a reason", RemovalDecision{Number: "78", On: d("2026-11-22")}, "note"},
	} {
		dd := c.d
		err := CheckRemovalDecision("Đặng Văn Đức", d("2026-11-20"), &dd, today)
		e, _ := err.(*Error)
		if (c.field == "") != (err == nil) || (c.field != "" && (e == nil || e.Fields[c.field] == "")) {
			t.Errorf("%s: %v", c.name, err)
		}
		if c.field == "decision_number" && !strings.Contains(e.Message, "Điều lệ Đảng, Điều 8") {
			t.Errorf("%s: the message does not name the rule: %s", c.name, e.Message)
		}
	}
}

// Rule: a conclusion on the political standard is by the committee's
// decision; findings are dated, not after today.
func TestCheckFinding(t *testing.T) {
	today := d("2026-11-23")
	for _, c := range []struct {
		name string
		in   FindingInput
		ok   bool
	}{
		{"education", FindingInput{Kind: FindingEducation, On: d("2026-01-05"), Note: "Chi bộ phân công đồng chí Thảo giúp đỡ"}, true},
		{"political with decision", FindingInput{Kind: FindingPolitical, On: d("2026-01-05"), Decision: "12-KL/ĐU", Note: "Kết luận thẩm tra"}, true},
		{"political without decision", FindingInput{Kind: FindingPolitical, On: d("2026-01-05"), Note: "x"}, false},
		{"after today", FindingInput{Kind: FindingCardReturned, On: d("2026-11-24"), Note: "x"}, false},
		{"no note", FindingInput{Kind: FindingCardReturned, On: d("2026-11-20")}, false},
	} {
		in := c.in
		if err := CheckFinding(StatusOfficial, &in, today); (err == nil) != c.ok {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	note := "Đã tiến bộ"
	if err := CheckClosing(Finding{Kind: FindingCardReturned, On: d("2026-01-01")}, today, &note, today); err == nil {
		t.Error("closing a card returned")
	}
	if err := CheckClosing(Finding{Kind: FindingEducation, On: d("2026-01-01")}, d("2025-12-01"), &note, today); err == nil {
		t.Error("closing before the start")
	}
}
