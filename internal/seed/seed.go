// Package seed generates a deterministic, believable demo province: Phú Thọ
// since 1/7/2025 (places.go), its tree shaped like the units in the source
// articles, synthetic members with realistic names, ages, ethnicities and
// education, decades of events, and the 2025 merger of communes recorded as
// history. It writes only
// through the store, so the demo exercises the same code as real use.
package seed

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"

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

// DemoRegion is the region of the regional minimum wage set on the province
// itself: the fallback for an organisation the demo gives none (one created
// later by hand). Districts carry their region before the merger, communes
// and wards theirs after it (see places.go), and a member's fee follows the
// nearest one above their cell.
const DemoRegion = 3

// Province generates the whole province into an empty database.
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
	if err := g.region(p, DemoRegion, oldFrom); err != nil {
		return sum, err
	}
	var units []builtUnit
	for _, pd := range g.plan(opt.Members).districts {
		u, err := g.build(p, pd)
		if err != nil {
			return sum, err
		}
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

// region records the region of the regional minimum wage of an organisation.
func (g *gen) region(o domain.Org, region int, from domain.Date) error {
	return g.db.Write(g.ctx, domain.System, func(tx *store.Tx) error { return tx.SetOrgRegion(o, region, from) })
}

type builtUnit struct {
	plan       *plannedDistrict
	org        domain.Org
	parts      []domain.Org // parallel to plan.parts
	agencies   []domain.Org // grassroots cells directly under the district
	committees []domain.Org
	cells      []domain.Org
	homes      []domain.Org // cells of villages and residential groups
	members    int
	firstID    int64
}

// slot is a cell to fill with members and what they take from the place.
type slot struct {
	cell     domain.Org
	plan     *plannedCell
	commune  *commune // the commune (since 1/7/2025) whose people the cell serves
	villages []string // that commune's villages and residential groups
}

// build writes a district as it was before 1/7/2025: its region, agencies,
// committees, communes and cells, then its members in one import.
func (g *gen) build(p domain.Org, pd *plannedDistrict) (builtUnit, error) {
	u := builtUnit{plan: pd}
	var err error
	if u.org, err = g.org(pd.code, pd.name, domain.KindDistrict, p.ID, oldFrom); err != nil {
		return u, err
	}
	// Before 2026 the regions of the minimum wage were listed by district.
	if err := g.region(u.org, pd.d.region, oldFrom); err != nil {
		return u, err
	}
	var slots []slot
	add := func(parent domain.Org, c *plannedCell) error {
		cell, err := g.org(c.code, c.name, c.kind, parent.ID, oldFrom)
		if err != nil {
			return err
		}
		u.cells = append(u.cells, cell)
		if c.village != "" {
			u.homes = append(u.homes, cell)
		}
		slots = append(slots, slot{cell, c, &pd.d.communes[c.into], pd.communes[c.into].villages})
		return nil
	}
	for k := range pd.agencies {
		if err := add(u.org, &pd.agencies[k]); err != nil {
			return u, err
		}
		u.agencies = append(u.agencies, u.cells[len(u.cells)-1])
	}
	for k := range pd.committees {
		pc := &pd.committees[k]
		c, err := g.org(pc.code, pc.name, domain.KindGrassroots, u.org.ID, oldFrom)
		if err != nil {
			return u, err
		}
		u.committees = append(u.committees, c)
		for j := range pc.cells {
			if err := add(c, &pc.cells[j]); err != nil {
				return u, err
			}
		}
	}
	for k := range pd.parts {
		pp := &pd.parts[k]
		c, err := g.org(pp.code, pp.name, domain.KindCommune, u.org.ID, oldFrom)
		if err != nil {
			return u, err
		}
		u.parts = append(u.parts, c)
		for j := range pp.cells {
			if err := add(c, &pp.cells[j]); err != nil {
				return u, err
			}
		}
	}
	// Members, imported in one transaction per district.
	var rows []store.ImportRow
	for _, sl := range slots {
		for range sl.plan.members {
			rows = append(rows, g.person(sl, len(rows)+2))
		}
	}
	if g.opt.Sink != nil {
		u.members = len(rows)
		g.sum.Members += len(rows)
		return u, g.opt.Sink(rows)
	}
	sent := false
	res, err := g.db.ImportMembers(g.ctx, domain.System, &store.ImportMeta{Source: "seed: " + pd.name}, func() (store.ImportChunk, error) {
		if sent {
			return store.ImportChunk{}, io.EOF
		}
		sent = true
		return store.ImportChunk{Rows: rows}, nil
	})
	if err != nil {
		return u, fmt.Errorf("seed %s: %w", pd.name, err)
	}
	u.members, u.firstID = res.Rows, res.FirstID
	g.sum.Members += res.Rows
	return u, nil
}

// hometowns are the communes and wards of the province a member may come from.
var hometowns = func() []string {
	var out []string
	for _, d := range districts {
		for _, c := range d.communes {
			out = append(out, c.name)
		}
	}
	return append(out, otherCommunes...)
}()

// upperFirst capitalises the first letter, as an address begins.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// person makes one synthetic member of a cell: of an ethnic group of the
// place, named as that group names its people, living in the cell's village
// or (in an agency's or a school's cell) working there and living nearby.
func (g *gen) person(sl slot, row int) store.ImportRow {
	r := g.r
	today := g.opt.Today
	female := r.IntN(100) < 36
	f := domain.MemberFields{Ethnicity: g.pick(sl.commune.mix), Religion: g.pick(religions)}
	ns, ok := namesOf[f.Ethnicity]
	if !ok {
		ns = kinhNames
	}
	if female {
		f.FullName = g.pick(ns.family) + " " + g.pick(ns.femaleMiddle) + " " + g.pick(ns.femaleGiven)
		f.Gender = domain.Female
	} else {
		f.FullName = g.pick(ns.family) + " " + g.pick(ns.maleMiddle) + " " + g.pick(ns.maleGiven)
		f.Gender = domain.Male
	}
	working := sl.plan.work != ""
	// Ages of party members lean old: many retired members in communes. The
	// cells of agencies and schools hold people of working age.
	var age int
	if working {
		b := pickIndex(r, []int{20, 30, 30, 20})
		age = []int{24, 31, 41, 51}[b] + r.IntN([]int{7, 10, 10, 8}[b])
	} else {
		age = []int{22, 31, 41, 51, 61, 71, 81}[pickIndex(r, []int{10, 20, 20, 18, 14, 12, 6})] + r.IntN(10)
	}
	f.BirthDate = today.AddYears(-age).AddDays(-r.IntN(365))
	joinAge := 19 + r.IntN(17)
	if joinAge > age-1 {
		joinAge = 18 + r.IntN(max(1, age-18))
	}
	f.AdmissionDate = f.BirthDate.AddYears(joinAge).AddDays(r.IntN(300))
	if f.AdmissionDate.After(today) {
		f.AdmissionDate = today.AddDays(-r.IntN(300) - 1)
	}
	// The decision some days before the ceremony (within 30 working days of
	// it), never before 18; from the birth day, so the random draws that
	// follow stay as they were.
	f.DecisionDate = f.AdmissionDate.AddDays(-(5 + f.BirthDate.Time().Day()%25))
	if domain.AgeOn(f.BirthDate, f.DecisionDate) < 18 {
		f.DecisionDate = f.AdmissionDate
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
	if working {
		f.Occupation, f.Workplace = sl.plan.occupation, sl.plan.work
	}
	if age >= 60 {
		f.Occupation, f.Retired = "Hưu trí", true
	}
	switch {
	case strings.HasPrefix(f.Workplace, "Công an"):
		f.Police = true
	case strings.HasPrefix(f.Workplace, "Ban Chỉ huy Quân sự"):
		f.Army = true
	case !working:
		f.Army = f.Occupation == "Lực lượng vũ trang" && r.IntN(2) == 0
		f.Police = f.Occupation == "Lực lượng vũ trang" && !f.Army
	}
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
	// Most members were born where they live; addresses and home towns are
	// written with the communes since 1/7/2025.
	home := sl.commune.name
	if r.IntN(100) < 20 {
		home = hometowns[r.IntN(len(hometowns))]
	}
	f.Hometown = upperFirst(home) + ", tỉnh Phú Thọ"
	village := sl.plan.village
	if village == "" && len(sl.villages) > 0 {
		village = sl.villages[r.IntN(len(sl.villages))]
	}
	f.Address = sl.commune.name + ", tỉnh Phú Thọ"
	if village != "" {
		f.Address = upperFirst(village) + ", " + f.Address
	}
	return store.ImportRow{Row: row, OrgCode: sl.cell.Code, Fields: f, Status: status}
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
