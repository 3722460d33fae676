package domain

import (
	"strings"
	"testing"
)

// Rule (RULES.md, Party fees: 0.5% of the pension): a member recorded as
// retired is offered the pension category when their fee profile has
// another, or none; never changed without asking.
func TestFeeCategoryOffer(t *testing.T) {
	for _, c := range []struct {
		name    string
		retired bool
		p       *FeeProfile
		want    FeeCategory
	}{
		{"retired, paying on a salary", true, &FeeProfile{Category: FeeSalaried, Base: 8_000_000}, FeeRetired},
		{"retired, no profile yet", true, nil, FeeRetired},
		{"retired, paying on the pension already", true, &FeeProfile{Category: FeeRetired, Base: 6_000_000}, ""},
		{"working", false, &FeeProfile{Category: FeeSalaried, Base: 8_000_000}, ""},
		{"working, no profile", false, nil, ""},
	} {
		if got := FeeCategoryOffer(MemberFields{Retired: c.retired}, c.p); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// A member's line on a collection sheet: the month's fee by the regulation
// in force, an exemption by its reason, a missing profile at 0, a fee that
// cannot be worked out at 0 with the reason.
func TestSheetDue(t *testing.T) {
	nov26 := Month{2026, 11}
	f := FeeFacts{Birth: d("1990-04-12"), Gender: Female, PartySince: d("2015-05-19"), MinWage: 4_140_000}
	for _, c := range []struct {
		name  string
		p     *FeeProfile
		f     FeeFacts
		due   int64
		basis string // a part of it
	}{
		{"salaried", &FeeProfile{Category: FeeSalaried, Base: 8_000_000}, f, 80_000, "01-QĐ/TW"},
		{"no profile", nil, f, 0, ""},
		{"fifty years of party age", &FeeProfile{Category: FeeRetired, Base: 6_000_000}, FeeFacts{PartySince: d("1976-01-10")}, 0, "Miễn: Tuổi đảng từ 50 năm trở lên"},
		{"no regional wage", &FeeProfile{Category: FeeOther, Tier: 1}, FeeFacts{Birth: d("1990-04-12"), Gender: Female}, 0, "lương tối thiểu vùng"},
	} {
		due, basis := SheetDue(c.p, c.f, nov26)
		if due != c.due || !strings.Contains(basis, c.basis) || (c.basis == "" && basis != "") {
			t.Errorf("%s: %d %q", c.name, due, basis)
		}
	}
}

// A member list names a category by code, short name or label, with or
// without diacritics, and reads back what it writes.
func TestParseFeeCategory(t *testing.T) {
	for _, c := range FeeCategories {
		for _, s := range []string{string(c), c.Short(), c.Label(), " " + c.Short() + " "} {
			if got, ok := ParseFeeCategory(s); !ok || got != c {
				t.Errorf("%q: %q %v", s, got, ok)
			}
		}
	}
	if got, ok := ParseFeeCategory("nghi huu"); !ok || got != FeeRetired {
		t.Errorf("folded: %q", got)
	}
	if _, ok := ParseFeeCategory("Hưu trí sớm"); ok {
		t.Error("an unknown category read")
	}
	for _, e := range FeeExemptions {
		if got, ok := ParseFeeExemption(e.Label()); !ok || got != e {
			t.Errorf("%q: %q", e.Label(), got)
		}
	}
	if got, ok := ParseFeeExemption(""); !ok || got != FeeExemptNone {
		t.Error("blank is no exemption")
	}
}
