package domain

import "testing"

// Party fees by the regulation in force for each month (RULES.md, Party
// fees): Quyết định 342-QĐ/TW until 01/2026 (1% of salary or wage-fund
// income, 0.5% of a pension, fixed amounts by tier, halved past working age);
// Quy định 01-QĐ/TW from 02/2026 (1% of the social-insurance salary, 0.5% of
// the pension, students 5,000 đ, others 0.3% or 0.2% of the regional minimum
// wage by the retirement-age schedule, 0.5%/0.3% from 2028; exempt at 50
// years of party age and on application; reductions of 30/50/70%). Whole
// đồng, rounded half up.
func TestMonthlyFee(t *testing.T) {
	jan26, feb26, nov26, jan28 := Month{2026, 1}, Month{2026, 2}, Month{2026, 11}, Month{2028, 1}
	young := FeeFacts{Birth: MustDate("1990-04-12"), Gender: Female, PartySince: MustDate("2015-05-19"), MinWage: 5_310_000}
	retiredMan := FeeFacts{Birth: MustDate("1958-03-01"), Gender: Male, PartySince: MustDate("1985-02-03"), MinWage: 4_140_000}
	veteran := FeeFacts{Birth: MustDate("1950-01-01"), Gender: Male, PartySince: MustDate("1975-10-01"), MinWage: 4_140_000}
	for _, tc := range []struct {
		name   string
		p      FeeProfile
		f      FeeFacts
		m      Month
		want   int64
		exempt bool
		bad    bool
	}{
		// 342-QĐ/TW, through January 2026.
		{"342: civil servant, 8.450.000 đ", FeeProfile{Category: FeeSalaried, Base: 8_450_000}, young, jan26, 84_500, false, false},
		{"342: rounding half up", FeeProfile{Category: FeeSalaried, Base: 6_543_250}, young, jan26, 65_433, false, false},
		{"342: enterprise income", FeeProfile{Category: FeeEnterprise, Base: 12_000_000}, young, jan26, 120_000, false, false},
		{"342: pension 0.5%", FeeProfile{Category: FeeRetired, Base: 7_300_000}, retiredMan, jan26, 36_500, false, false},
		{"342: fixed, tier 1", FeeProfile{Category: FeeOther, Tier: 1}, young, jan26, 10_000, false, false},
		{"342: fixed, tier 3", FeeProfile{Category: FeeOther, Tier: 3}, young, jan26, 6_000, false, false},
		{"342: fixed, tier 4, past working age", FeeProfile{Category: FeeOther, Tier: 4, PastWorkingAge: true}, retiredMan, jan26, 2_000, false, false},
		{"342: no exemption at 50 years of party age", FeeProfile{Category: FeeRetired, Base: 6_000_000}, veteran, jan26, 30_000, false, false},
		{"342: an exemption on file does not apply yet", FeeProfile{Category: FeeOther, Tier: 2, Exemption: FeeExemptPoor}, young, jan26, 8_000, false, false},
		// 01-QĐ/TW from February 2026.
		{"01: civil servant, same 1%", FeeProfile{Category: FeeSalaried, Base: 8_450_000}, young, feb26, 84_500, false, false},
		{"01: enterprise, 1% of the insured salary", FeeProfile{Category: FeeEnterprise, Base: 12_000_000}, young, feb26, 120_000, false, false},
		{"01: pension 0.5%", FeeProfile{Category: FeeRetired, Base: 7_300_000}, retiredMan, feb26, 36_500, false, false},
		{"01: student 5.000 đ", FeeProfile{Category: FeeStudent}, young, feb26, 5_000, false, false},
		{"01: other, 0.3% of region I", FeeProfile{Category: FeeOther, Tier: 1}, young, feb26, 15_930, false, false},
		{"01: other past retirement, 0.2% of region III", FeeProfile{Category: FeeOther, Tier: 4}, retiredMan, nov26, 8_280, false, false},
		{"01: other, 0.5% of region I from 2028", FeeProfile{Category: FeeOther, Tier: 1}, young, jan28, 26_550, false, false},
		{"01: other past retirement, 0.3% from 2028", FeeProfile{Category: FeeOther, Tier: 4}, retiredMan, jan28, 12_420, false, false},
		{"01: 50 years of party age: exempt", FeeProfile{Category: FeeRetired, Base: 6_000_000}, veteran, feb26, 0, true, false},
		{"01: poor household: exempt", FeeProfile{Category: FeeOther, Tier: 2, Exemption: FeeExemptPoor}, young, feb26, 0, true, false},
		{"01: reduced by 50%", FeeProfile{Category: FeeSalaried, Base: 8_450_000}, FeeFacts{Birth: young.Birth, Gender: Female, PartySince: young.PartySince, ReductionPct: 50}, nov26, 42_250, false, false},
		{"01: other without a regional wage", FeeProfile{Category: FeeOther, Tier: 1}, FeeFacts{Birth: young.Birth, Gender: Female}, feb26, 0, false, true},
		// Refused in any month.
		{"salaried needs a base", FeeProfile{Category: FeeSalaried}, young, nov26, 0, false, true},
		{"fixed needs a tier", FeeProfile{Category: FeeOther, Tier: 5}, young, jan26, 0, false, true},
		{"unknown category", FeeProfile{Category: "x"}, young, nov26, 0, false, true},
		{"unknown exemption", FeeProfile{Category: FeeStudent, Exemption: "x"}, young, nov26, 0, false, true},
	} {
		got, err := MonthlyFee(tc.p, tc.f, tc.m)
		if (err != nil) != tc.bad || got.Amount != tc.want || (got.Exempt != "") != tc.exempt || (!tc.bad && got.Basis == "") {
			t.Errorf("%s: %+v %v, want %d", tc.name, got, err, tc.want)
		}
	}
}

// Reductions (Quy định 01-QĐ/TW): 30, 50 or 70%, at most 12 months, by
// decision, from 02/2026.
func TestFeeReduction(t *testing.T) {
	ok := FeeReduction{Pct: 50, From: Month{2026, 3}, To: Month{2027, 2}, Decision: "12-QĐ/ĐU"}
	if err := ValidateFeeReduction(ok); err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]FeeReduction{
		"40%":            {Pct: 40, From: ok.From, To: ok.To, Decision: ok.Decision},
		"13 months":      {Pct: 30, From: Month{2026, 3}, To: Month{2027, 3}, Decision: ok.Decision},
		"before 01":      {Pct: 30, From: Month{2026, 1}, To: Month{2026, 3}, Decision: ok.Decision},
		"no decision":    {Pct: 30, From: ok.From, To: ok.To},
		"ends too early": {Pct: 30, From: Month{2026, 5}, To: Month{2026, 4}, Decision: ok.Decision},
	} {
		if err := ValidateFeeReduction(r); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
}

func TestMonth(t *testing.T) {
	for _, s := range []string{"2026-11", "11/2026"} {
		m, err := ParseMonth(s)
		if err != nil || m != (Month{2026, 11}) || m.Key() != "2026-11" || m.String() != "11/2026" {
			t.Errorf("%s: %v %v", s, m, err)
		}
	}
	for _, s := range []string{"", "2026-13", "13/2026", "2026-1", "abc", "11/1929"} {
		if _, err := ParseMonth(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
	if m := (Month{2026, 11}).Add(3); m != (Month{2027, 2}) {
		t.Errorf("add: %v", m)
	}
	if n := len(Months(Month{2025, 12}, Month{2026, 11})); n != 12 {
		t.Errorf("months: %d", n)
	}
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1.000", 16126: "16.126", -1500: "-1.500", 1234567: "1.234.567", -100000: "-100.000"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
	if Dong(1234567) != "1.234.567 đ" || Dong(0) != "0 đ" || Dong(-5000) != "-5.000 đ" {
		t.Error(Dong(1234567))
	}
}

// Party fee shares (RULES.md, Party fees): a cell keeps 30% (or its own
// 30–50%); a commune or ward grassroots organisation keeps 90% of what
// reaches it, another grassroots organisation 70%; each level above keeps
// 50%; a partial committee passes it on; the top sends the rest beyond the
// installation. Nothing is lost to rounding.
func TestFeeShares(t *testing.T) {
	d := MustDate("2026-11-01")
	for _, tc := range []struct {
		name    string
		chain   []OrgKind
		cellPct int
		in      int64
		kept    []int64
		beyond  int64
	}{
		{"cell, commune, province", []OrgKind{KindCell, KindCommune, KindProvince}, 0, 1_000_000, []int64{300_000, 630_000, 35_000}, 35_000},
		{"a cell that keeps 50%", []OrgKind{KindCell, KindCommune, KindProvince}, 50, 1_000_000, []int64{500_000, 450_000, 25_000}, 25_000},
		{"cell under an agency committee", []OrgKind{KindCell, KindGrassroots, KindProvince}, 0, 1_000_000, []int64{300_000, 490_000, 105_000}, 105_000},
		{"grassroots cell straight under the province", []OrgKind{KindGrassrootsCell, KindProvince}, 0, 85_000, []int64{59_500, 12_750}, 12_750},
		{"partial committee passes it on", []OrgKind{KindCell, KindPartial, KindGrassroots, KindProvince}, 0, 10_001, []int64{3_000, 0, 4_901, 1_050}, 1_050},
	} {
		got := FeeShares(tc.chain, tc.cellPct, tc.in, d)
		var sum int64
		for i, s := range got {
			if s.Kept != tc.kept[i] {
				t.Errorf("%s: level %d keeps %d, want %d", tc.name, i, s.Kept, tc.kept[i])
			}
			sum += s.Kept
		}
		if top := got[len(got)-1].Remitted; top != tc.beyond || sum+top != tc.in {
			t.Errorf("%s: kept %d and sent beyond %d of %d", tc.name, sum, top, tc.in)
		}
	}
	if ValidCellKeepPct(50, d) != nil || ValidCellKeepPct(29, d) == nil || ValidCellKeepPct(51, d) == nil {
		t.Error("a cell keeps 30–50%")
	}
}

// Removal (RULES.md): 3 months absent without reason, or unpaid, in a year.
func TestRemovalGround(t *testing.T) {
	d := MustDate("2026-11-23")
	if RemovalMonths(d) != 3 || RemovalMonths(MustDate("1990-01-01")) != 3 {
		t.Errorf("removal after %d months", RemovalMonths(d))
	}
}

// Every rule says what it is and in what unit, for the rules screen; a new
// version must come after the one in force and name its text.
func TestRuleTable(t *testing.T) {
	for _, n := range Rules.Names() {
		vs := Rules.Versions(n)
		if vs[0].Label == "" || vs[0].Unit == "" || vs[0].Source == "" {
			t.Errorf("%s: no label, unit or source", n)
		}
	}
	tbl := NewRuleTable([]Rule{{Name: "x", Label: "Thử", Unit: "tháng", Value: 3, Source: "A", ValidFrom: MustDate("2020-01-01")}})
	for name, r := range map[string]Rule{
		"unknown rule":      {Name: "y", Value: 1, Source: "B", ValidFrom: MustDate("2030-01-01")},
		"before the latest": {Name: "x", Value: 1, Source: "B", ValidFrom: MustDate("2019-12-31")},
		"same day":          {Name: "x", Value: 1, Source: "B", ValidFrom: MustDate("2020-01-01")},
		"no source":         {Name: "x", Value: 1, ValidFrom: MustDate("2030-01-01")},
		"negative":          {Name: "x", Value: -1, Source: "B", ValidFrom: MustDate("2030-01-01")},
	} {
		if tbl.CheckNewVersion(r) == nil {
			t.Errorf("%s accepted", name)
		}
	}
	ok := Rule{Name: "x", Value: 4, Source: "Quy định mới", ValidFrom: MustDate("2030-01-01")}
	if err := tbl.CheckNewVersion(ok); err != nil {
		t.Fatal(err)
	}
	tbl.Add(ok, ok)
	if tbl.Int("x", MustDate("2029-12-31")) != 3 || tbl.Int("x", MustDate("2030-01-01")) != 4 || len(tbl.Versions("x")) != 2 || tbl.Versions("x")[0].Label != "Thử" || !tbl.Versions("x")[0].Added {
		t.Fatalf("after adding: %+v", tbl.Versions("x"))
	}
}

// RULES.md, Removal: a month's fee counts as unpaid once the month has
// ended, within the period and before the day the report is read.
func TestLastEndedMonth(t *testing.T) {
	for _, c := range []struct {
		to, today string
		want      string
	}{
		{"2026-11-30", "2026-11-30", "2026-10"}, // the last day: November can still be paid today
		{"2026-11-30", "2026-12-01", "2026-11"}, // read the next day: November has ended
		{"2026-11-15", "2026-11-20", "2026-10"}, // a period ending mid-month
		{"2026-10-31", "2026-11-30", "2026-10"}, // a past period ending on a month's last day
		{"2026-12-31", "2026-11-30", "2026-10"}, // a period ending later than today
		{"2026-03-01", "2026-03-01", "2026-02"}, // the first day: February has ended
		{"2028-02-29", "2028-03-01", "2028-02"}, // a leap February
		{"2026-02-28", "2026-02-28", "2026-01"},
		{"2026-01-10", "2026-01-10", "2025-12"}, // across the year
		{"2026-11-30", "", "2026-11"},           // no reading day: the period decides
	} {
		var today Date
		if c.today != "" {
			today = MustDate(c.today)
		}
		if got := LastEndedMonth(MustDate(c.to), today).Key(); got != c.want {
			t.Errorf("to %s read on %s: %s, want %s", c.to, c.today, got, c.want)
		}
	}
}
