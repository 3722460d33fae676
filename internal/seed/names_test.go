package seed

import (
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"dangvien/internal/viet"
)

// Words for a village or residential group that open a cell's name after
// "Chi bộ": a name must not repeat one ("Chi bộ bản Bản Luốc", "Chi bộ thôn
// Thôn Đồng Bùa").
var villageWords = []string{"thôn", "xóm", "bản", "khu", "làng", "ấp", "tổ", "tiểu"}

// Places of Hoàng Su Phì (the former Hà Giang, another province) the demo
// once borrowed for its highland communes.
var elsewhere = []string{"Hoàng Su Phì", "Hà Giang", "Thàng Tín", "Túng Sán", "Pố Lồ", "Bản Luốc", "Nậm Dịch", "Hồ Thầu",
	"Nàng Đôn", "Tụ Nhân", "Bản Máy", "Chiến Phố", "Bản Phùng", "Sán Sả Hồ", "Thèn Chu Phìn", "Pờ Ly Ngài"}

// checkName checks one organisation's name: clean NFC text, one "Chi bộ"
// or "Đảng bộ" at its start, no word said twice in a row, no village word
// doubled, no place of another province.
func checkName(t *testing.T, name string, cell bool) {
	t.Helper()
	if !norm.NFC.IsNormalString(name) || viet.Clean(name) != name {
		t.Errorf("%q is not clean NFC text", name)
	}
	head := "Đảng bộ "
	if cell {
		head = "Chi bộ "
	}
	if !strings.HasPrefix(name, head) || strings.Count(name, "Chi bộ")+strings.Count(name, "Đảng bộ") != 1 {
		t.Errorf("%q does not start with %q once", name, head)
	}
	words := strings.Fields(strings.ToLower(name))
	for i := 1; i < len(words); i++ {
		if words[i] == words[i-1] {
			t.Errorf("%q says %q twice", name, words[i])
		}
	}
	if cell && len(words) > 3 {
		for _, w := range villageWords {
			if words[2] == w {
				for _, v := range villageWords {
					if words[3] == v {
						t.Errorf("%q doubles the kind of village", name)
					}
				}
			}
		}
	}
	for _, e := range elsewhere {
		if strings.Contains(name, e) {
			t.Errorf("%q names %s, a place of another province", name, e)
		}
	}
}

// unique reports a name used twice in one organisation or one list.
func unique(t *testing.T, where string, names []string) {
	t.Helper()
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			t.Errorf("%s: %q twice", where, n)
		}
		seen[n] = true
	}
}

// Every name the demo gives, for every size the demo, the tests and the
// benchmarks use: clean, no kind word doubled, commune and ward names unique
// in the province past and present (a new commune may take the name of one
// it was formed from or of its district), cell names unique within every
// organisation that holds them before and after the merger.
func TestPlanNames(t *testing.T) {
	for _, n := range []int{1500, 3000, 16000, 20000, 50000, 100000, 300000, 1000000} {
		g := &gen{r: rand.New(rand.NewPCG(1, 2026)), codes: map[string]int{}, cid: map[string]int{}}
		pl := g.plan(n)
		members, codes := 0, map[string]bool{}
		code := func(c string) {
			if codes[c] {
				t.Errorf("%d members: code %s twice", n, c)
			}
			codes[c] = true
		}
		var now, before []string // place names of the communes open after and before the merger
		pastOwner := map[string]string{}
		var districtsBefore, provinceAfter []string
		for _, pd := range pl.districts {
			checkName(t, pd.name, false)
			code(pd.code)
			districtsBefore = append(districtsBefore, pd.name)
			var direct []string // under the district before the merger
			newCells := make([][]string, len(pd.communes))
			for _, a := range pd.agencies {
				checkName(t, a.name, true)
				code(a.code)
				direct = append(direct, a.name)
				members += a.members
			}
			// From 1/7/2025 under a new commune, named for what the agencies
			// became: no district in them (checked with every cell below).
			offices := 0 // district offices' cells that went past the seat
			for k, l := range pd.agencyLater {
				checkName(t, l.name, true)
				if strings.Contains(l.name, "huyện") || strings.Contains(l.name, "thành phố") || strings.Contains(l.name, "thị xã") {
					t.Errorf("%q under %s in 2026 is named as before 1/7/2025", l.name, pd.communes[l.commune].name)
				}
				if agencyNames[k].office != "" && l.commune != 0 {
					offices++
				}
				newCells[l.commune] = append(newCells[l.commune], l.name)
			}
			// The offices of education and of culture went to two communes.
			if len(pd.agencies) >= 5 && len(pd.communes) > 1 && offices == 0 {
				t.Errorf("%s: every district office's cell went to the seat", pd.name)
			}
			for _, c := range pd.committees {
				checkName(t, c.name, false)
				checkName(t, c.later, false)
				if strings.Contains(c.later, "huyện") || strings.Contains(c.later, "Công an") {
					t.Errorf("%q under the province in 2026 is named as before 1/7/2025", c.later)
				}
				code(c.code)
				direct = append(direct, c.name)
				provinceAfter = append(provinceAfter, c.later)
				var cells []string
				for _, x := range c.cells {
					checkName(t, x.name, true)
					code(x.code)
					cells = append(cells, x.name)
					members += x.members
				}
				unique(t, c.name, cells)
			}
			earlyCells := map[int][]string{}
			inEarly := map[int]int{}
			for ei, e := range pd.early {
				for _, k := range e.parts {
					inEarly[k] = ei
				}
			}
			for k, pp := range pd.parts {
				checkName(t, pp.name, false)
				code(pp.code)
				direct = append(direct, pp.name)
				before = append(before, pp.place)
				pastOwner[pp.place] = pd.communes[pp.into].name
				var cells []string
				for _, c := range pp.cells {
					checkName(t, c.name, true)
					code(c.code)
					cells = append(cells, c.name)
					members += c.members
					if c.members < 1 {
						t.Errorf("%s has %d members", c.name, c.members)
					}
				}
				unique(t, pp.name, cells)
				newCells[pp.into] = append(newCells[pp.into], cells...)
				if ei, ok := inEarly[k]; ok {
					earlyCells[ei] = append(earlyCells[ei], cells...)
				}
			}
			for ei, e := range pd.early {
				checkName(t, e.name, false)
				code(e.code)
				direct = append(direct, e.name)
				before = append(before, e.place)
				pastOwner[e.place] = pd.communes[pd.parts[e.parts[0]].into].name
				unique(t, e.name, earlyCells[ei])
			}
			unique(t, pd.name, direct)
			for ci, c := range pd.communes {
				checkName(t, c.name, false)
				code(c.code)
				provinceAfter = append(provinceAfter, c.name)
				_, place := kindAndPlace(strings.TrimPrefix(c.name, "Đảng bộ "))
				now = append(now, place)
				// A new commune takes a new name, its district's, or that of
				// a commune it was formed from.
				if owner, ok := pastOwner[place]; ok && owner != c.name {
					t.Errorf("%s takes the name of %s, a commune that went into %s", c.name, place, owner)
				}
				unique(t, c.name, newCells[ci])
			}
		}
		unique(t, "the province after 1/7/2025", provinceAfter)
		unique(t, "the province before 1/7/2025", districtsBefore)
		unique(t, "communes and wards since 1/7/2025", now)
		unique(t, "communes, wards and towns before 1/7/2025", before)
		t.Logf("%d members asked, %d planned in %d districts", n, members, len(pl.districts))
		if members < n*9/10 || members > n*6/5+600 {
			t.Errorf("%d members asked, %d planned", n, members)
		}
	}
	// The home towns outside the demo's districts are other communes.
	var all []string
	for _, d := range districts {
		for _, c := range d.communes {
			all = append(all, c.name)
		}
	}
	unique(t, "communes of the catalogue and home towns", append(all, otherCommunes...))
}

// Each ethnic group's mixes and names exist, and a group named apart has its
// own family names.
func TestMixesAndNames(t *testing.T) {
	for _, d := range districts {
		for _, c := range d.communes {
			total, kinh := 0, 0
			for _, w := range c.mix {
				total += w.w
				if w.v == "01" {
					kinh = w.w
				}
			}
			if total != 1000 {
				t.Errorf("%s: mix adds up to %d‰", c.name, total)
			}
			// Kinh in the lowlands, the minorities in the highland communes.
			if d.highland && kinh*100/total > 35 || !d.highland && kinh*100/total < 55 {
				t.Errorf("%s (%s): %d‰ Kinh", c.name, d.name, kinh)
			}
		}
	}
	for _, g := range []string{"06", "03", "02", "09", "08", "18"} {
		if len(namesOf[g].family) == 0 || len(namesOf[g].maleGiven) == 0 || len(namesOf[g].femaleMiddle) == 0 {
			t.Errorf("no names for group %s", g)
		}
	}
}
