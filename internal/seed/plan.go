package seed

import (
	"fmt"
	"strconv"
	"strings"

	"dangvien/internal/domain"
)

// A plan is the province to generate: every organisation with its code,
// name and size, decided before anything is written, so that a test can read
// every name of a province of any size without a database.
type plan struct {
	districts []*plannedDistrict
}

type plannedDistrict struct {
	d          *district
	code, name string        // "H01", "Đảng bộ huyện Tam Đảo"
	agencies   []plannedCell // grassroots cells directly under the district
	// What the agencies' cells became on 1/7/2025 under the commune of the
	// district seat, in the order of their first cell.
	agencyLater []plannedLater
	committees  []plannedCommittee
	parts       []plannedPart // communes, wards and towns before the merger
	early       []plannedEarly
	communes    []plannedCommune // after the merger, parallel to d.communes
}

type plannedCommittee struct {
	code, name string
	later      string // its name under the province from 1/7/2025
	cells      []plannedCell
}

// plannedLater is where an agency's cell went on 1/7/2025, and its name
// from then.
type plannedLater struct {
	name    string
	commune int // an index of communes
}

// planAgencyLater places each agency's cell on 1/7/2025 (agencyNames): a
// district office's people in an office of one of the district's new
// communes, each office of each commune taking one district office, the
// first free of its kind, else a commune's service centre, else (a
// district of one commune) under the seat with the seat's name for the
// district's; any other agency under the seat, named as it became.
func (g *gen) planAgencyLater(pd *plannedDistrict) []plannedLater {
	fill := strings.NewReplacer("%s", pd.d.name, "%p", pd.d.place).Replace
	communes := pd.d.communes
	type slot struct {
		office  string
		commune int
	}
	taken := map[slot]bool{}
	free := func(office string) (int, bool) {
		for c := range communes {
			if k := (slot{office, c}); !taken[k] {
				taken[k] = true
				return c, true
			}
		}
		return 0, false
	}
	out := make([]plannedLater, len(pd.agencies))
	for j := range pd.agencies {
		an := agencyNames[j]
		switch {
		case an.office != "":
			c, ok := free(an.office)
			office := an.office
			if !ok {
				c, ok = free(officeService)
				office = officeService
			}
			name := officeName(office, communes[c].name)
			if !ok {
				name = strings.ReplaceAll(an.name, "%s", communes[0].name)
			}
			out[j] = plannedLater{name: "Chi bộ " + name, commune: c}
		case an.later != "":
			out[j] = plannedLater{name: "Chi bộ " + fill(an.later)}
		default:
			out[j] = plannedLater{name: pd.agencies[j].name}
		}
	}
	return out
}

// plannedPart is a commune, ward or town before 1/7/2025.
type plannedPart struct {
	code, name string // "H01-X01", "Đảng bộ thị trấn Hợp Châu"
	place      string // "Hợp Châu"
	into       int    // the commune it became, an index of communes
	cells      []plannedCell
}

// plannedEarly is a merger inside the district before 1/7/2025.
type plannedEarly struct {
	code, name string
	place      string
	day        domain.Date
	parts      []int // indexes of parts
}

// plannedCommune is a commune or ward since 1/7/2025.
type plannedCommune struct {
	code, name string   // "X001", "Đảng bộ xã Hợp Châu"
	villages   []string // the residential groups of its cells: "thôn Đồng Bùa"
}

type plannedCell struct {
	code, name string
	kind       domain.OrgKind
	members    int
	village    string // a residential cell's village or group: "thôn Đồng Bùa"
	work       string // an agency's or a school's cell: where its members work
	occupation string
	into       int // the commune (since 1/7/2025) whose people it serves
}

// coreDistricts make the default province; a smaller one scales them down.
const coreDistricts = 4

// scales gives the size of each district taken, against its full size: a
// province up to the core districts' size shrinks them all; a larger one
// takes the next districts at full size, the last one in part; one larger
// than every district together grows them all.
func scales(n int) []float64 {
	size := func(ds []district) int {
		t := 0
		for _, d := range ds {
			t += d.members
		}
		return t
	}
	core, total := size(districts[:coreDistricts]), size(districts)
	var out []float64
	switch {
	case n <= core:
		for range coreDistricts {
			out = append(out, float64(n)/float64(core))
		}
	case n >= total:
		for range districts {
			out = append(out, float64(n)/float64(total))
		}
	default:
		left := n
		for _, d := range districts {
			if left <= 0 {
				break
			}
			out = append(out, min(1, float64(left)/float64(d.members)))
			left -= d.members
		}
	}
	return out
}

func scaled(n int, s float64) int {
	v := int(float64(n)*s + 0.5)
	if v < 1 {
		return 1
	}
	return v
}

// plan decides the whole province for about n members.
func (g *gen) plan(n int) plan {
	var pl plan
	seq := 0
	for i, s := range scales(n) {
		pl.districts = append(pl.districts, g.planDistrict(i, &districts[i], s, &seq))
	}
	return pl
}

// kindAndPlace splits "thị trấn Hợp Châu" into its kind and place name.
func kindAndPlace(name string) (kind, place string) {
	for _, k := range []string{"thị trấn ", "phường ", "xã "} {
		if p, ok := strings.CutPrefix(name, k); ok {
			return strings.TrimSpace(k), p
		}
	}
	return "", name
}

func (g *gen) planDistrict(i int, d *district, s float64, seq *int) *plannedDistrict {
	pd := &plannedDistrict{d: d, code: fmt.Sprintf("H%02d", i+1), name: "Đảng bộ " + d.name}
	fill := strings.NewReplacer("%s", d.name, "%p", d.place).Replace
	used := 0
	for j := range min(scaled(d.cells, s), len(agencyNames)) {
		w := fill(agencyNames[j].name)
		n := 8 + g.r.IntN(33)
		pd.agencies = append(pd.agencies, plannedCell{code: g.code(pd.code + "-CB"), name: "Chi bộ " + w, kind: domain.KindGrassrootsCell,
			members: n, work: w, occupation: agencyOccupation(w)})
		used += n
	}
	pd.agencyLater = g.planAgencyLater(pd)
	for j := range min(scaled(d.committees, s), len(committeeNames)) {
		cn := committeeNames[j]
		w := fill(cn.name)
		pc := plannedCommittee{code: g.code(pd.code + "-DB"), name: "Đảng bộ " + w, later: "Đảng bộ " + fill(cn.later)}
		for k := range min(3+g.r.IntN(4), len(cn.cells)) {
			n := 10 + g.r.IntN(20)
			pc.cells = append(pc.cells, plannedCell{code: g.code(pc.code + "-CB"), name: "Chi bộ " + cn.cells[k], kind: domain.KindCell,
				members: n, work: w, occupation: cn.occupation})
			used += n
		}
		pd.committees = append(pd.committees, pc)
	}
	// Communes before the merger: the sources' at their sizes, the others
	// share what is left, some larger than others.
	type flat struct {
		p    part
		into int
		w    float64
	}
	var all []flat
	named, totalW := 0, 0.0
	for ci, c := range d.communes {
		for _, p := range c.parts {
			f := flat{p: p, into: ci}
			if p.members > 0 {
				named += scaled(p.members, s)
			} else {
				f.w = 0.75 + g.r.Float64()/2
				totalW += f.w
			}
			all = append(all, f)
		}
	}
	unnamed := 0
	for _, f := range all {
		if f.w > 0 {
			unnamed++
		}
	}
	rest := max(scaled(d.members, s)-named-used, unnamed*12)
	villages := newVillageNamer(d.villages)
	pd.communes = make([]plannedCommune, len(d.communes))
	for ci, c := range d.communes {
		*seq++
		pd.communes[ci] = plannedCommune{code: fmt.Sprintf("X%03d", *seq), name: "Đảng bộ " + c.name}
	}
	for _, f := range all {
		kind, place := kindAndPlace(f.p.name)
		pp := plannedPart{code: g.code(pd.code + "-X"), name: "Đảng bộ " + f.p.name, place: place, into: f.into}
		members, cells := int(float64(rest)*f.w/totalW), 0
		if f.p.members > 0 {
			members, cells = scaled(f.p.members, s), scaled(f.p.cells, s)
		}
		// Schools and the clinic of a commune large enough to have their own cell.
		inst := 0
		for _, t := range []int{150, 280, 420, 600} {
			if members >= t {
				inst++
			}
		}
		if cells > 0 {
			inst = min(inst, cells-1)
		}
		instCells := make([]plannedCell, inst)
		instMembers := 0
		for k := range instCells {
			in := institutionNames[k]
			w := strings.NewReplacer("%p", place, "%s", f.p.name).Replace(in.name)
			instCells[k] = plannedCell{name: "Chi bộ " + w, kind: domain.KindCell, members: 8 + g.r.IntN(9), work: w, occupation: in.occupation, into: f.into}
			instMembers += instCells[k].members
		}
		if cells == 0 {
			cells = inst + max(2, (members-instMembers)/28)
		}
		// Residential cells first: the first cell of a commune is a village.
		vkind := d.village
		if kind == "phường" || kind == "thị trấn" {
			vkind = "tổ dân phố"
		}
		res := cells - inst
		ws := make([]float64, res)
		sumW := 0.0
		for k := range ws {
			ws[k] = 0.6 + g.r.Float64()*0.8
			sumW += ws[k]
		}
		left := max(members-instMembers, res)
		for k := range res {
			n := max(1, int(float64(members-instMembers)*ws[k]/sumW))
			if k == res-1 {
				n = max(1, left)
			}
			left -= n
			v := villages.next(f.into, vkind)
			pp.cells = append(pp.cells, plannedCell{code: g.code(pp.code + "-CB"), name: "Chi bộ " + v, kind: domain.KindCell, members: n, village: v, into: f.into})
			pd.communes[f.into].villages = append(pd.communes[f.into].villages, v)
		}
		for _, c := range instCells {
			c.code = g.code(pp.code + "-CB")
			pp.cells = append(pp.cells, c)
		}
		pd.parts = append(pd.parts, pp)
	}
	for _, e := range d.early {
		_, place := kindAndPlace(e.name)
		pe := plannedEarly{code: g.code(pd.code + "-X"), name: "Đảng bộ " + e.name, place: place, day: e.day}
		for _, n := range e.parts {
			for k, p := range pd.parts {
				if p.name == "Đảng bộ "+n {
					pe.parts = append(pe.parts, k)
				}
			}
		}
		pd.early = append(pd.early, pe)
	}
	return pd
}

func agencyOccupation(work string) string {
	switch {
	case strings.HasPrefix(work, "Trường") || strings.HasPrefix(work, "Phòng Giáo dục") || strings.HasPrefix(work, "Trung tâm Giáo dục"):
		return "Viên chức giáo dục"
	case strings.HasPrefix(work, "Trung tâm Y tế"):
		return "Viên chức y tế"
	case strings.HasPrefix(work, "Điện lực") || strings.HasPrefix(work, "Bưu điện") || strings.HasPrefix(work, "Ngân hàng"):
		return "Công nhân"
	}
	return "Công chức"
}

// villageNamer names the residential cells of a district: thôn, xóm and bản
// from the district's list of villages, each name once in the district (a
// number past the end of the list); khu and tổ dân phố by number in each
// commune since 1/7/2025, so that no commune holds two cells of one name.
type villageNamer struct {
	pool  []string
	i     int
	count map[string]int
}

func newVillageNamer(names []string) *villageNamer {
	v := &villageNamer{count: map[string]int{}}
	seen := map[string]bool{}
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			v.pool = append(v.pool, n)
		}
	}
	return v
}

func (v *villageNamer) next(commune int, kind string) string {
	if kind == "khu" || kind == "tổ dân phố" || len(v.pool) == 0 {
		key := strconv.Itoa(commune) + kind
		v.count[key]++
		if kind == "tổ dân phố" {
			return fmt.Sprintf("tổ dân phố số %d", v.count[key])
		}
		return fmt.Sprintf("%s %d", kind, v.count[key])
	}
	name := v.pool[v.i%len(v.pool)]
	if round := v.i / len(v.pool); round > 0 {
		name += " " + strconv.Itoa(round+1)
	}
	v.i++
	return kind + " " + name
}
