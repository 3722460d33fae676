package domain

import "testing"

// Party fees (Quyết định 342-QĐ/TW; Hướng dẫn 03-HD/VPTW, 2016): 1% of salary
// or wage-fund income, 0.5% of a pension, fixed amounts by area, halved past
// working age; whole đồng, rounded half up.
func TestMonthlyFee(t *testing.T) {
	nov := Month{2026, 11}
	for _, tc := range []struct {
		name string
		p    FeeProfile
		want int64
		bad  bool
	}{
		{"civil servant, 8.450.000 đ", FeeProfile{Category: FeeSalaried, Base: 8_450_000}, 84_500, false},
		{"rounding half up", FeeProfile{Category: FeeSalaried, Base: 6_543_250}, 65_433, false},
		{"enterprise income", FeeProfile{Category: FeeEnterprise, Base: 12_000_000}, 120_000, false},
		{"pension 0.5%", FeeProfile{Category: FeeRetired, Base: 7_300_000}, 36_500, false},
		{"fixed, tier 1", FeeProfile{Category: FeeOther, Tier: 1}, 10_000, false},
		{"fixed, tier 3", FeeProfile{Category: FeeOther, Tier: 3}, 6_000, false},
		{"fixed, tier 4, past working age", FeeProfile{Category: FeeOther, Tier: 4, PastWorkingAge: true}, 2_000, false},
		{"salaried needs a base", FeeProfile{Category: FeeSalaried}, 0, true},
		{"fixed needs a tier", FeeProfile{Category: FeeOther, Tier: 5}, 0, true},
		{"unknown category", FeeProfile{Category: "x"}, 0, true},
	} {
		got, err := MonthlyFee(tc.p, nov)
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("%s: %d %v, want %d", tc.name, got, err, tc.want)
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
	if Dong(1234567) != "1.234.567 đ" || Dong(0) != "0 đ" {
		t.Error(Dong(1234567))
	}
}

// Party fee shares (Quyết định 342-QĐ/TW; percentages marked verify): a cell
// keeps 30% and sends 70% up; a grassroots or commune committee keeps 50% of
// what reaches it; the top keeps the rest. Nothing is lost to rounding.
func TestFeeShares(t *testing.T) {
	d := MustDate("2026-11-01")
	for _, tc := range []struct {
		name  string
		chain []OrgKind
		in    int64
		kept  []int64
	}{
		{"cell, commune, province", []OrgKind{KindCell, KindCommune, KindProvince}, 1_000_000, []int64{300_000, 350_000, 350_000}},
		{"cell under an agency committee", []OrgKind{KindCell, KindGrassroots, KindCommune, KindProvince}, 1_000_000, []int64{300_000, 350_000, 175_000, 175_000}},
		{"grassroots cell straight under the province", []OrgKind{KindGrassrootsCell, KindProvince}, 85_000, []int64{42_500, 42_500}},
		{"partial committee passes it on", []OrgKind{KindCell, KindPartial, KindGrassroots, KindProvince}, 10_001, []int64{3_000, 0, 3_501, 3_500}},
	} {
		got := FeeShares(tc.chain, tc.in, d)
		var sum int64
		for i, s := range got {
			if s.Kept != tc.kept[i] {
				t.Errorf("%s: level %d keeps %d, want %d", tc.name, i, s.Kept, tc.kept[i])
			}
			sum += s.Kept
		}
		if sum != tc.in || got[len(got)-1].Remitted != 0 {
			t.Errorf("%s: shares add to %d of %d", tc.name, sum, tc.in)
		}
	}
}

// Removal (RULES.md): 3 months absent without reason, or unpaid, in a year.
func TestRemovalGround(t *testing.T) {
	d := MustDate("2026-11-23")
	if RemovalMonths(d) != 3 || RemovalMonths(MustDate("1990-01-01")) != 3 {
		t.Errorf("removal after %d months", RemovalMonths(d))
	}
}
