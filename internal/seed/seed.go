// Package seed generates a deterministic, believable demo province: the
// organisation tree shaped like the units in the source articles, synthetic
// members with realistic names, ages, ethnicities and education, decades of
// events, and the 2025 merger of communes recorded as history. It writes only
// through the store, so the demo exercises the same code as real use.
package seed

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"

	"dangvien/internal/app/orgs"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// Options for a generated province.
type Options struct {
	Members int   // about how many members
	Seed    int64 // same seed, same province
	History bool  // events after admission and the 2025 merger
	Life    bool  // a year of meetings, attendance and fees up to Today
	Today   domain.Date
	Log     io.Writer
	// Sink, if set, receives the generated members instead of the store
	// (the tree is still created): the bench writes them to a file.
	Sink func(rows []store.ImportRow) error
}

// Unit is a district-level unit before 2025 as the source articles describe
// them: commune committees (some with fixed sizes), grassroots committees of
// agencies with their cells, and grassroots cells directly under it.
type unit struct {
	name       string
	town       bool // a city or town: wards, not communes
	highland   bool
	communes   int
	named      []namedCommune
	committees int
	cells      int // grassroots cells directly under the unit
	members    int
}

type namedCommune struct {
	name    string
	cells   int
	members int
}

// The three shapes of the sources: a district of 31 grassroots organisations
// and about 4,100 members with the town of Hợp Châu (21 cells, 435 members); a
// city of 37 units and 5,800 members with Trưng Trắc ward (16 cells, 540
// members); a highland district of 73 grassroots organisations (25 commune
// committees, 3 committees, 45 grassroots cells) and 5,756 members.
var templates = []unit{
	{name: "huyện Tam Đảo", communes: 8, named: []namedCommune{{"thị trấn Hợp Châu", 21, 435}}, committees: 2, cells: 20, members: 4100},
	{name: "thành phố Phúc Yên", town: true, communes: 9, named: []namedCommune{{"phường Trưng Trắc", 16, 540}}, committees: 4, cells: 23, members: 5800},
	{name: "huyện Hoàng Su Phì", highland: true, communes: 25, committees: 3, cells: 45, members: 5756},
}

var otherDistricts = []string{"huyện Lập Thạch", "huyện Sông Lô", "huyện Tam Dương", "huyện Bình Xuyên", "huyện Yên Lạc", "huyện Vĩnh Tường",
	"thành phố Vĩnh Yên", "huyện Đoan Hùng", "huyện Hạ Hòa", "huyện Thanh Ba", "huyện Cẩm Khê", "huyện Yên Lập", "huyện Tân Sơn",
	"huyện Thanh Sơn", "huyện Lâm Thao", "huyện Phù Ninh", "huyện Tam Nông", "huyện Thanh Thủy", "thị xã Phú Thọ", "thành phố Việt Trì",
	"huyện Lương Sơn", "huyện Kim Bôi", "huyện Lạc Thủy", "huyện Yên Thủy", "huyện Tân Lạc", "huyện Mai Châu", "huyện Đà Bắc", "huyện Cao Phong"}

// ProvinceCode is the statistics code of the demo province, the prefix of
// its citizen IDs and badge numbers.
const ProvinceCode = "025"

// Summary says what was generated.
type Summary struct {
	Province   domain.Org
	Orgs       int
	Members    int
	Events     int
	Merged     int
	SampleCell domain.Org   // a cell for the demo secretary
	OtherCells []domain.Org // cells for the committee member in charge
	Commune    domain.Org   // a post-2025 commune for the demo commune staff
	SampleMem  int64        // a member for the demo member account
	Life       LifeSummary
}

type gen struct {
	ctx   context.Context
	db    *store.DB
	orgs  *orgs.Service // the tree is built and changed by its user actions
	r     *rand.Rand
	opt   Options
	sum   *Summary
	codes map[string]int
	cid   map[string]int
	card  int
}

func (g *gen) logf(format string, args ...any) {
	if g.opt.Log != nil {
		fmt.Fprintf(g.opt.Log, format+"\n", args...)
	}
}

func (g *gen) pick(ws []weighted) string {
	total := 0
	for _, w := range ws {
		total += w.w
	}
	n := g.r.IntN(total)
	for _, w := range ws {
		if n < w.w {
			return w.v
		}
		n -= w.w
	}
	return ws[0].v
}

// code makes a unique organisation code from a prefix.
func (g *gen) code(prefix string) string {
	g.codes[prefix]++
	return fmt.Sprintf("%s%02d", prefix, g.codes[prefix])
}

func (g *gen) org(code, name string, kind domain.OrgKind, parent int64, from domain.Date) (domain.Org, error) {
	o, err := g.orgs.Create(g.ctx, domain.System, domain.OrgInput{Code: code, Name: name, Kind: kind, ParentID: parent, ValidFrom: from})
	if err == nil {
		g.sum.Orgs++
	}
	return o, err
}

var (
	oldFrom  = domain.MustDate("1955-01-01")
	mergeDay = domain.MustDate("2025-07-01")
)

// Province generates the whole province into an empty database.
// DemoRegion is the region of the regional minimum wage the demo province
// is in.
const DemoRegion = 3

func Province(ctx context.Context, db *store.DB, opt Options) (Summary, error) {
	if opt.Members <= 0 {
		opt.Members = 16000
	}
	if opt.Today.IsZero() {
		opt.Today = domain.DateOf(db.Now())
	}
	sum := Summary{}
	g := &gen{ctx: ctx, db: db, orgs: &orgs.Service{DB: db}, r: rand.New(rand.NewPCG(uint64(opt.Seed), 2026)), opt: opt, sum: &sum, codes: map[string]int{}, cid: map[string]int{}}
	if _, err := db.OrgByCode(ctx, domain.System, "T"+ProvinceCode); err == nil {
		return sum, domain.Errorf(domain.CodeConflict, "Cơ sở dữ liệu đã có tỉnh mẫu (mã T%s).", ProvinceCode)
	}
	p, err := g.org("T"+ProvinceCode, "Đảng bộ tỉnh Phú Thọ", domain.KindProvince, 0, oldFrom)
	if err != nil {
		return sum, err
	}
	sum.Province = p
	// The regional minimum wage of the whole demo province (Quy định
	// 01-QĐ/TW prices "other" members' fees by it).
	if err := db.Write(ctx, domain.System, func(tx *store.Tx) error { return tx.SetOrgRegion(p, DemoRegion, oldFrom) }); err != nil {
		return sum, err
	}
	left := opt.Members
	var units []builtUnit
	for i := 0; left > 0; i++ {
		t := templates[i%len(templates)]
		if i >= len(templates) {
			t.name = otherDistricts[(i-len(templates))%len(otherDistricts)]
			if i-len(templates) >= len(otherDistricts) {
				t.name += fmt.Sprintf(" (khu vực %d)", (i-len(templates))/len(otherDistricts)+2)
			}
			t.named = nil
		}
		scale := 1.0
		if left < t.members {
			scale = float64(left) / float64(t.members)
		}
		u, err := g.unit(p, i, t, scale)
		if err != nil {
			return sum, err
		}
		left -= u.members
		units = append(units, u)
	}
	g.logf("Đã tạo %d tổ chức, %d đảng viên.", sum.Orgs, sum.Members)
	if opt.Sink == nil {
		db.RefreshStats(ctx) // the units were imported in pieces too small to trigger it
	}
	if opt.History && opt.Sink == nil {
		if err := g.history(units); err != nil {
			return sum, err
		}
		if err := g.merge(p, units); err != nil {
			return sum, err
		}
	}
	if opt.Life && opt.Sink == nil {
		l, err := CellLife(ctx, db, opt.Seed, opt.Today)
		if err != nil {
			return sum, err
		}
		sum.Life = l
		g.logf("Đã tạo một năm sinh hoạt chi bộ: %d buổi, %d lượt điểm danh, %d tháng đảng phí.", l.Meetings, l.Attendance, l.FeeMonths)
		db.RefreshStats(ctx)
	}
	return sum, nil
}

type builtUnit struct {
	town     bool
	org      domain.Org
	communes []domain.Org
	direct   []domain.Org // grassroots committees and cells directly under the unit
	cells    []domain.Org
	members  int
	firstID  int64
}

func scaled(n int, s float64) int {
	v := int(float64(n)*s + 0.5)
	if v < 1 {
		return 1
	}
	return v
}

func (g *gen) unit(p domain.Org, i int, t unit, s float64) (builtUnit, error) {
	u := builtUnit{town: t.town}
	prefix := fmt.Sprintf("H%02d", i+1)
	kindName := "Đảng bộ " + t.name
	var err error
	if u.org, err = g.org(prefix, kindName, domain.KindDistrict, p.ID, oldFrom); err != nil {
		return u, err
	}
	type slot struct {
		cell    domain.Org
		members int
	}
	var slots []slot
	budget := scaled(t.members, s)
	namedTotal := 0
	for _, nc := range t.named {
		namedTotal += scaled(nc.members, s)
	}
	// Grassroots cells of agencies (schools, clinics, police, enterprises): 8–40 members each.
	agencyMembers := 0
	for j := range scaled(t.cells, s) {
		name := fmt.Sprintf("Chi bộ %s %s", agencyNames[j%len(agencyNames)], t.name)
		if j >= len(agencyNames) {
			name = fmt.Sprintf("Chi bộ Trường Trung học cơ sở %s", communeNames[(i*7+j)%len(communeNames)])
		}
		c, err := g.org(g.code(prefix+"-CB"), name, domain.KindGrassrootsCell, u.org.ID, oldFrom)
		if err != nil {
			return u, err
		}
		n := 8 + g.r.IntN(33)
		agencyMembers += n
		u.direct = append(u.direct, c)
		slots = append(slots, slot{c, n})
	}
	// Grassroots committees of larger agencies, each with 3–6 cells.
	for j := range scaled(t.committees, s) {
		name := fmt.Sprintf("Đảng bộ %s %s", []string{"Công an", "Quân sự", "Bệnh viện Đa khoa", "Cơ quan Chính quyền"}[j%4], t.name)
		c, err := g.org(g.code(prefix+"-DB"), name, domain.KindGrassroots, u.org.ID, oldFrom)
		if err != nil {
			return u, err
		}
		u.direct = append(u.direct, c)
		for k := range 3 + g.r.IntN(4) {
			cell, err := g.org(g.code(c.Code+"-CB"), fmt.Sprintf("Chi bộ %d", k+1), domain.KindCell, c.ID, oldFrom)
			if err != nil {
				return u, err
			}
			n := 10 + g.r.IntN(20)
			agencyMembers += n
			slots = append(slots, slot{cell, n})
		}
	}
	// Communes: the named ones at their source sizes, the rest share what is left.
	communes := scaled(t.communes, s)
	cellSeq := (i * 13) % len(cellNames)
	rest := max(budget-namedTotal-agencyMembers, communes*20)
	for j := range communes + len(t.named) {
		var name string
		var cells, members int
		if j < len(t.named) {
			name, cells, members = t.named[j].name, scaled(t.named[j].cells, s), scaled(t.named[j].members, s)
		} else {
			cn := communeNames[(i*11+j)%len(communeNames)]
			kind := "xã"
			if t.town {
				kind = "phường"
			}
			name = kind + " " + cn
			members = rest / communes
			cells = max(3, members/28)
		}
		c, err := g.org(g.code(prefix+"-X"), "Đảng bộ "+name, domain.KindCommune, u.org.ID, oldFrom)
		if err != nil {
			return u, err
		}
		u.communes = append(u.communes, c)
		for range cells {
			// Cell names are unique within the district, so the communes
			// merged from it never hold two cells of the same name.
			cn := cellNames[cellSeq%len(cellNames)]
			if cellSeq >= len(cellNames) {
				cn += fmt.Sprintf(" %d", cellSeq/len(cellNames)+1)
			}
			cellSeq++
			cell, err := g.org(g.code(c.Code+"-CB"), "Chi bộ "+cn, domain.KindCell, c.ID, oldFrom)
			if err != nil {
				return u, err
			}
			slots = append(slots, slot{cell, members / cells})
		}
	}
	// Members, imported in one transaction per unit.
	var rows []store.ImportRow
	for _, sl := range slots {
		u.cells = append(u.cells, sl.cell)
		for range sl.members {
			rows = append(rows, g.person(sl.cell.Code, t.highland, len(rows)+2))
		}
	}
	if g.opt.Sink != nil {
		u.members = len(rows)
		g.sum.Members += len(rows)
		return u, g.opt.Sink(rows)
	}
	sent := false
	res, err := g.db.ImportMembers(g.ctx, domain.System, &store.ImportMeta{Source: "seed: " + kindName}, func() (store.ImportChunk, error) {
		if sent {
			return store.ImportChunk{}, io.EOF
		}
		sent = true
		return store.ImportChunk{Rows: rows}, nil
	})
	if err != nil {
		return u, fmt.Errorf("seed %s: %w", kindName, err)
	}
	u.members, u.firstID = res.Rows, res.FirstID
	g.sum.Members += res.Rows
	return u, nil
}

// person makes one synthetic member.
func (g *gen) person(cell string, highland bool, row int) store.ImportRow {
	r := g.r
	today := g.opt.Today
	female := r.IntN(100) < 36
	fam := familyNames
	eth := lowlandEthnic
	if highland {
		eth = highlandEthnic
		if r.IntN(100) < 70 {
			fam = minorityFamilyNames
		}
	}
	var name string
	f := domain.MemberFields{Ethnicity: g.pick(eth), Religion: g.pick(religions)}
	if female {
		name = g.pick(fam) + " " + g.pick(femaleMiddle) + " " + g.pick(femaleGiven)
		f.Gender = domain.Female
	} else {
		name = g.pick(fam) + " " + g.pick(maleMiddle) + " " + g.pick(maleGiven)
		f.Gender = domain.Male
	}
	f.FullName = name
	// Ages of party members lean old: many retired members in communes.
	age := []int{22, 31, 41, 51, 61, 71, 81}[pickIndex(r, []int{10, 20, 20, 18, 14, 12, 6})] + r.IntN(10)
	f.BirthDate = today.AddYears(-age).AddDays(-r.IntN(365))
	joinAge := 19 + r.IntN(17)
	if joinAge > age-1 {
		joinAge = 18 + r.IntN(max(1, age-18))
	}
	f.AdmissionDate = f.BirthDate.AddYears(joinAge).AddDays(r.IntN(300))
	if f.AdmissionDate.After(today) {
		f.AdmissionDate = today.AddDays(-r.IntN(300) - 1)
	}
	status := domain.StatusProbationary
	if end := domain.ProbationEnd(f.AdmissionDate); !end.After(today.AddDays(-45)) {
		status, f.OfficialDate = domain.StatusOfficial, end
	}
	switch {
	case age < 40 && r.IntN(10) < 8, age >= 40 && age < 65 && r.IntN(10) < 6, r.IntN(10) < 3:
		f.Education = "thpt"
	case r.IntN(10) < 8:
		f.Education = "thcs"
	default:
		f.Education = "tieu_hoc"
	}
	f.Qualification = []string{"khong", "so_cap", "trung_cap", "cao_dang", "dai_hoc", "thac_si"}[pickIndex(r, []int{25, 10, 20, 10, 30, 5})]
	f.TheoryLevel = []string{"khong", "so_cap", "trung_cap", "cao_cap"}[pickIndex(r, []int{20, 55, 20, 5})]
	f.Occupation = g.pick(occupations)
	if age >= 60 {
		f.Occupation, f.Retired = "Hưu trí", true
	}
	f.Army = f.Occupation == "Lực lượng vũ trang" && r.IntN(2) == 0
	f.Police = f.Occupation == "Lực lượng vũ trang" && !f.Army
	// Citizen ID: province, century-and-sex digit, year of birth, then a serial.
	cs := 0
	if f.BirthDate.Year() >= 2000 {
		cs = 2
	}
	if female {
		cs++
	}
	prefix := fmt.Sprintf("%s%d%02d", ProvinceCode, cs, f.BirthDate.Year()%100)
	g.cid[prefix]++
	f.CitizenID = fmt.Sprintf("%s%06d", prefix, g.cid[prefix])
	if status == domain.StatusOfficial {
		g.card++
		f.CardNumber = fmt.Sprintf("%s%06d", ProvinceCode[1:], g.card)
	}
	if r.IntN(10) < 7 {
		f.Phone = fmt.Sprintf("09%08d", r.IntN(100000000))
	}
	f.Hometown = "Xã " + communeNames[r.IntN(len(communeNames))] + ", tỉnh Phú Thọ"
	f.Address = strings.TrimPrefix(cellNames[r.IntN(len(cellNames))], "thôn ") + ", tỉnh Phú Thọ"
	return store.ImportRow{Row: row, OrgCode: cell, Fields: f, Status: status}
}

func pickIndex(r *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return 0
}
