package domain

import (
	"strings"
	"testing"
)

// errText is the message and field reasons of err, for assertions on what a
// refusal says.
func errText(err error) string {
	if err == nil {
		return ""
	}
	e, ok := err.(*Error)
	if !ok {
		return err.Error()
	}
	s := e.Message
	for k, v := range e.Fields {
		s += " [" + k + "] " + v
	}
	return s
}

// Rule: the texts and numbers of a year's evaluation are those in force at
// the year's end — 132-QĐ/TW with 21-HD/BTCTW until 2022, 124-QĐ/TW for
// 2023–2024, 366-QĐ/TW with 43-HD/BTCTW from 2025 (RULES.md, Yearly
// evaluation).
func TestEvalRegulationByYear(t *testing.T) {
	for _, c := range []struct {
		year int
		want string
	}{
		{2020, "Quy định 132-QĐ/TW"}, {2022, "Quy định 132-QĐ/TW"}, {2023, "Quy định 124-QĐ/TW"},
		{2024, "Quy định 124-QĐ/TW"}, {2025, "Quy định 366-QĐ/TW và Hướng dẫn 43-HD/BTCTW"}, {2026, "Quy định 366-QĐ/TW"},
	} {
		if got := EvalRegulation(c.year); !strings.HasPrefix(got, c.want) {
			t.Errorf("%d: %q, want %q", c.year, got, c.want)
		}
	}
	// Each number of the evaluation has a label, a source and a version for
	// every year.
	for _, name := range []string{"evaluation.excellent_min_points", "evaluation.good_min_points", "evaluation.done_min_points", "evaluation.excellent_beyond_pct",
		"evaluation.excellent_cap_pct", "evaluation.discipline_self_fix_exception", "evaluation.residence_bars_excellent"} {
		vs := Rules.Versions(name)
		if len(vs) == 0 || vs[0].Label == "" || vs[0].Source == "" {
			t.Errorf("%s: %+v", name, vs)
		}
		if _, err := Rules.At(name, EvalDay(1990)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// Rule: the points bands — Hoàn thành xuất sắc từ 90 điểm, tốt từ 70 đến
// dưới 90, hoàn thành từ 50 đến dưới 70, không hoàn thành dưới 50
// (366-QĐ/TW).
func TestPointsBand(t *testing.T) {
	for _, c := range []struct {
		points int
		want   Rating
	}{{100, RatingExcellent}, {90, RatingExcellent}, {89, RatingGood}, {70, RatingGood}, {69, RatingDone}, {50, RatingDone}, {49, RatingNotDone}, {0, RatingNotDone}} {
		if got := PointsBand(c.points, 2025); got != c.want {
			t.Errorf("%d points: %s, want %s", c.points, got, c.want)
		}
	}
}

// Rules of one member's rating, each refusal naming the rule and its text.
func TestCheckRating(t *testing.T) {
	today := d("2026-12-20")
	base := RatingFacts{Name: "Đặng Văn Đức", Active: true}
	warning := DisciplineBar{Form: FormWarning, Decision: "12-QĐ/ĐU", On: d("2026-06-01")}
	selfFixed := warning
	selfFixed.SelfReported = true
	notFulfilled := &ResidenceComment{Cell: "Chi bộ tổ dân phố 3", Required: true, On: d("2026-11-30"), Fulfilled: false, Text: "Chưa tham gia sinh hoạt nơi cư trú"}
	for _, c := range []struct {
		rule  string
		year  int
		facts RatingFacts
		p     RatingProposal
		field string // "" = accepted
		says  string // the refusal names this
	}{
		{"xuất sắc from 90 points, all on time, 30% beyond", 2026, base, RatingProposal{Level: RatingExcellent, Points: 92, AllOnTime: true, BeyondPct: 35}, "", ""},
		{"points band: 85 points cannot be xuất sắc", 2026, base, RatingProposal{Level: RatingExcellent, Points: 85, AllOnTime: true, BeyondPct: 40}, "level", "366-QĐ/TW"},
		{"points band: 65 points cannot be tốt", 2026, base, RatingProposal{Level: RatingGood, Points: 65}, "level", "từ 70 đến dưới 90 điểm"},
		{"xuất sắc needs every task on time", 2026, base, RatingProposal{Level: RatingExcellent, Points: 95, BeyondPct: 40}, "all_on_time", "đúng hạn"},
		{"xuất sắc needs 30% beyond", 2026, base, RatingProposal{Level: RatingExcellent, Points: 95, AllOnTime: true, BeyondPct: 20}, "beyond_pct", "30%"},
		{"below the band without the conditions of xuất sắc needs no reason", 2026, base, RatingProposal{Level: RatingGood, Points: 95}, "", ""},
		{"below the band needs a reason", 2026, base, RatingProposal{Level: RatingDone, Points: 80}, "note", "lý do"},
		{"below the band with a reason", 2026, base, RatingProposal{Level: RatingDone, Points: 80, Note: "Chậm nộp báo cáo"}, "", ""},
		{"exempted members are not rated", 2026, RatingFacts{Name: "Lê Thị Hoa", Active: true, Exempted: true}, RatingProposal{Level: RatingGood, Points: 80}, "level", "miễn công tác"},
		{"disciplined in the year: only không hoàn thành (21-HD/BTCTW, 2018)", 2021, RatingFacts{Name: "Đức", Active: true, Disciplines: []DisciplineBar{selfFixed}}, RatingProposal{Level: RatingDone, Points: 60}, "level", "21-HD/BTCTW"},
		{"disciplined in the year, found and fixed it (124-QĐ/TW)", 2024, RatingFacts{Name: "Đức", Active: true, Disciplines: []DisciplineBar{selfFixed}}, RatingProposal{Level: RatingDone, Points: 60}, "", ""},
		{"disciplined in the year, not self-reported (366-QĐ/TW)", 2026, RatingFacts{Name: "Đức", Active: true, Disciplines: []DisciplineBar{warning}}, RatingProposal{Level: RatingGood, Points: 80}, "level", "Không hoàn thành nhiệm vụ"},
		{"disciplined in the year rated không hoàn thành", 2026, RatingFacts{Name: "Đức", Active: true, Disciplines: []DisciplineBar{warning}}, RatingProposal{Level: RatingNotDone, Points: 80}, "", ""},
		{"residence cell says not fulfilled: not xuất sắc (213-QĐ/TW)", 2026, RatingFacts{Name: "Đức", Active: true, Residence: notFulfilled}, RatingProposal{Level: RatingExcellent, Points: 95, AllOnTime: true, BeyondPct: 40}, "level", "213-QĐ/TW"},
		{"residence comment still awaited: not a bar", 2026, RatingFacts{Name: "Đức", Active: true, Residence: &ResidenceComment{Required: true}}, RatingProposal{Level: RatingExcellent, Points: 95, AllOnTime: true, BeyondPct: 40}, "", ""},
		{"points out of range", 2026, base, RatingProposal{Level: RatingGood, Points: 120}, "points", "0 đến 100"},
		{"no such level", 2026, base, RatingProposal{Level: "great", Points: 80}, "level", "bốn mức"},
		{"a year still to come", 2027, base, RatingProposal{Level: RatingGood, Points: 80}, "year", ""},
	} {
		p := c.p
		err := CheckProposal(c.year, c.facts, &p, today)
		e, _ := err.(*Error)
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%s: refused: %v", c.rule, err)
		case c.field != "" && (e == nil || (e.Fields[c.field] == "" && c.field != "")):
			t.Errorf("%s: want a refusal on %s, got %v", c.rule, c.field, err)
		case c.says != "" && !strings.Contains(errText(err), c.says):
			t.Errorf("%s: refusal does not name %q: %v", c.rule, c.says, errText(err))
		}
	}
}

// Rule: the committee's decision is numbered and dated, not before the year
// it rates nor after today.
func TestCheckDecisionNumber(t *testing.T) {
	today := d("2026-12-20")
	f := RatingFacts{Name: "Đức", Active: true}
	p := RatingProposal{Level: RatingGood, Points: 80}
	for _, c := range []struct {
		name  string
		d     RatingDecision
		field string
	}{
		{"numbered and dated", RatingDecision{Level: RatingGood, Points: 80, Number: "45-QĐ/ĐU", On: d("2026-12-18")}, ""},
		{"no number", RatingDecision{Level: RatingGood, Points: 80, On: d("2026-12-18")}, "decision_number"},
		{"after today", RatingDecision{Level: RatingGood, Points: 80, Number: "45", On: d("2026-12-21")}, "date"},
		{"before the year", RatingDecision{Level: RatingGood, Points: 80, Number: "45", On: d("2025-12-21")}, "date"},
		{"bidi in the number", RatingDecision{Level: RatingGood, Points: 80, Number: "45\u202e", On: d("2026-12-18")}, "decision_number"},
	} {
		dd := c.d
		err := CheckDecision(2026, f, p, &dd, today)
		e, _ := err.(*Error)
		if (c.field == "") != (err == nil) || (c.field != "" && (e == nil || e.Fields[c.field] == "")) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// Rule: "xuất sắc" may not exceed 20% of those rated "tốt", counted per
// grassroots party organisation (Hướng dẫn 43-HD/BTCTW).
func TestExcellentCap(t *testing.T) {
	for _, c := range []struct {
		excellent, good int
		ok              bool
	}{{0, 0, true}, {1, 5, true}, {2, 10, true}, {2, 9, false}, {1, 4, false}, {1, 0, false}, {20, 100, true}, {21, 100, false}} {
		err := CheckExcellentCap(2026, c.excellent, c.good, "Đảng bộ xã Hợp Châu")
		if (err == nil) != c.ok {
			t.Errorf("%d xuất sắc, %d tốt: %v", c.excellent, c.good, err)
		}
		if err != nil && (!strings.Contains(err.Error(), "43-HD/BTCTW") || !strings.Contains(err.Error(), "Đảng bộ xã Hợp Châu")) {
			t.Errorf("message names neither the rule nor the organisation: %v", err)
		}
	}
	if ExcellentMax(2026, 14) != 2 {
		t.Errorf("max of 14: %d", ExcellentMax(2026, 14))
	}
}

// Rule: one violation counts in one year only — the decision's year, unless
// the violation's own year was already rated "Không hoàn thành".
func TestDisciplineCountsIn(t *testing.T) {
	for _, c := range []struct {
		name              string
		decided, violated string
		rating            Rating
		want              int
	}{
		{"violation of the year", "2026-05-01", "2026-02-01", "", 2026},
		{"violation of last year, counted there", "2026-05-01", "2025-10-01", RatingNotDone, 2025},
		{"violation of last year, not counted there", "2026-05-01", "2025-10-01", RatingGood, 2026},
		{"violation of last year, not rated", "2026-05-01", "2025-10-01", "", 2026},
	} {
		if got := DisciplineCountsIn(d(c.decided), d(c.violated), c.rating); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}

// Rule: the grassroots organisation is the nearest commune, grassroots
// committee or grassroots cell above (or at) an organisation.
func TestGrassrootsOf(t *testing.T) {
	prov := Org{ID: 1, Kind: KindProvince}
	commune := Org{ID: 2, Kind: KindCommune}
	school := Org{ID: 3, Kind: KindGrassroots}
	partial := Org{ID: 4, Kind: KindPartial}
	cell := Org{ID: 5, Kind: KindCell}
	gcell := Org{ID: 6, Kind: KindGrassrootsCell}
	for _, c := range []struct {
		chain []Org
		want  int64
	}{
		{[]Org{prov, commune, cell}, 2},
		{[]Org{prov, commune, school, partial, cell}, 3},
		{[]Org{prov, gcell}, 6},
		{[]Org{prov}, 0},
	} {
		g, _ := GrassrootsOf(c.chain)
		if g.ID != c.want {
			t.Errorf("%v: %d, want %d", c.chain, g.ID, c.want)
		}
	}
	if !DecidesRatings(RoleStaff, commune) || DecidesRatings(RoleSecretary, commune) || !DecidesRatings(RoleSecretary, gcell) || DecidesRatings(RoleLeader, gcell) || DecidesRatings(RoleStaff, cell) {
		t.Error("who decides ratings")
	}
}

// Rule: organisations are rated on the same bands; one disciplined in the
// year is "Không hoàn thành".
func TestCheckOrgRating(t *testing.T) {
	today := d("2026-12-20")
	dec := RatingDecision{Level: RatingGood, Points: 80, Number: "50-QĐ/ĐU", On: d("2026-12-15")}
	if err := CheckOrgRating(2026, OrgRatingFacts{Name: "Chi bộ thôn Đồng Bùa"}, &dec, today); err != nil {
		t.Fatal(err)
	}
	bad := dec
	bad.Points = 60
	if err := CheckOrgRating(2026, OrgRatingFacts{Name: "Chi bộ"}, &bad, today); err == nil || !strings.Contains(err.Error(), "366-QĐ/TW") {
		t.Errorf("band: %v", err)
	}
	dis := dec
	if err := CheckOrgRating(2026, OrgRatingFacts{Name: "Chi bộ", Disciplines: []DisciplineBar{{Form: FormWarning, Decision: "3-QĐ/ĐU", On: d("2026-03-01")}}}, &dis, today); err == nil || !strings.Contains(err.Error(), "Không hoàn thành") {
		t.Errorf("discipline: %v", err)
	}
}

// Shares per level, in per mille, rounded.
func TestLevelShares(t *testing.T) {
	c := LevelCounts{RatingExcellent: 1, RatingGood: 5, RatingDone: 2}
	if c.Total() != 8 || c.Share(RatingGood) != 625 || c.Share(RatingNotDone) != 0 || (LevelCounts{}).Share(RatingGood) != 0 {
		t.Errorf("%d %d", c.Total(), c.Share(RatingGood))
	}
}
