package seed

import (
	"context"
	"io"
	"math/rand/v2"
	"strings"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// LifeSummary counts what CellLife wrote.
type LifeSummary struct {
	Meetings, Attendance, FeeMonths int
}

var (
	topics = []string{
		"Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
		"Nâng cao chất lượng sinh hoạt chi bộ",
		"Phát triển kinh tế hộ gia đình, giảm nghèo bền vững",
		"Xây dựng nông thôn mới nâng cao",
		"Phòng, chống tham nhũng, lãng phí, tiêu cực",
		"Bảo vệ nền tảng tư tưởng của Đảng",
		"Chuyển đổi số ở cơ sở",
		"Công tác phát triển đảng viên",
	}
	excuses = []string{"Ốm", "Đi công tác", "Việc gia đình", "Đi làm ăn xa", "Trực cơ quan", "Chăm người thân nằm viện"}
	places  = []string{"Nhà văn hóa thôn", "Hội trường UBND xã", "Phòng họp cơ quan", "Nhà văn hóa tổ dân phố", "Trụ sở chi bộ"}
)

// habit is how a generated member attends and pays.
type habit struct {
	present, excused float64 // chances at a meeting; the rest is unexcused
	payer            float64 // chance a month's fee is paid
}

// CellLife generates a year of cell life up to today for every cell with
// members: a regular meeting each month (combined with a thematic one in the
// third month of each quarter) and next month's planned one, attendance for
// everyone placed in the cell on the day, a fee profile for each member and
// each month's fee. A few cells skip a month, a few meetings run short, a few
// members are often absent or behind with their fees, so that every flag has
// something to show.
func CellLife(ctx context.Context, db *store.DB, seed int64, today domain.Date) (LifeSummary, error) {
	var sum LifeSummary
	r := rand.New(rand.NewPCG(uint64(seed), 213))
	start := domain.MonthOf(today).Add(-11)
	ps, err := db.LifePlacements(ctx, domain.System, start.First())
	if err != nil {
		return sum, err
	}
	// Each member's fee uses the regional minimum wage of their own place:
	// the region of the nearest organisation above their cell that has one
	// (their commune or ward, before the merger their district), as the fee
	// sheets work it out. The demo sets no region on a cell, so one lookup
	// per parent and month serves all its cells.
	this := domain.MonthOf(today)
	wages := map[string]map[domain.Month]int64{}
	if err := db.Read(ctx, domain.System, func(tx *store.Tx) error {
		for _, p := range ps {
			parent := parentPath(p.OrgPath)
			if _, ok := wages[parent]; ok {
				continue
			}
			byMonth := map[domain.Month]int64{}
			for mo := start; !this.Before(mo); mo = mo.Add(1) {
				w, _, _, err := tx.MinWageOf(domain.Org{Path: parent}, mo.First())
				if err != nil {
					return err
				}
				byMonth[mo] = w.Amount
			}
			wages[parent] = byMonth
		}
		return nil
	}); err != nil {
		return sum, err
	}
	habits := map[int64]habit{}
	profiles := map[int64]domain.FeeProfile{}
	for _, p := range ps {
		if _, ok := habits[p.MemberID]; ok {
			continue
		}
		h := habit{present: 0.93, excused: 0.05, payer: 0.985}
		switch x := r.Float64(); {
		case x < 0.02: // rarely comes, rarely pays: the screening's cases
			h = habit{present: 0.35, excused: 0.15, payer: 0.55}
		case x < 0.10:
			h = habit{present: 0.75, excused: 0.18, payer: 0.93}
		}
		habits[p.MemberID] = h
		profiles[p.MemberID] = feeProfile(r, p, today)
	}
	charges := inCharge(ps, start.First())
	emitted := map[int64]bool{}
	i := 0
	next := func() (store.BulkLife, error) {
		if i >= len(ps) {
			return store.BulkLife{}, io.EOF
		}
		c := store.BulkLife{Profiles: map[int64]domain.FeeProfile{}}
		for cells := 0; i < len(ps) && cells < 200; cells++ { // whole cells, 200 a chunk
			j := i
			for j < len(ps) && ps[j].OrgID == ps[i].OrgID {
				j++
			}
			cell := ps[i:j]
			i = j
			for _, p := range cell {
				if !emitted[p.MemberID] {
					emitted[p.MemberID] = true
					c.Profiles[p.MemberID] = profiles[p.MemberID]
				}
			}
			charge := charges[cell[0].OrgID]
			if charge.MemberID != 0 {
				c.InCharge = append(c.InCharge, charge)
			}
			lifeOfCell(r, cell, start, today, habits, profiles, wages[parentPath(cell[0].OrgPath)], charge, &c)
			tasksOfCell(r, cell, start, today, &c)
		}
		return c, nil
	}
	sum.Meetings, sum.Attendance, sum.FeeMonths, err = db.BulkCellLife(ctx, next)
	return sum, err
}

// feeProfile is a member's fee category: a pension, the salary of a public
// body or of an enterprise for those who work in the cell's agency, school
// or company, otherwise the regional minimum wage's share.
func feeProfile(r *rand.Rand, p store.LifePlacement, today domain.Date) domain.FeeProfile {
	w := strings.ToLower(p.Workplace)
	switch {
	case p.Retired:
		return domain.FeeProfile{Category: domain.FeeRetired, Base: int64(3_500_000 + r.IntN(90)*100_000)}
	case strings.Contains(w, "công ty") || strings.Contains(w, "doanh nghiệp") || strings.Contains(w, "ngân hàng") ||
		strings.HasPrefix(w, "điện lực") || strings.HasPrefix(w, "bưu điện"):
		return domain.FeeProfile{Category: domain.FeeEnterprise, Base: int64(6_000_000 + r.IntN(120)*100_000)}
	case w != "":
		return domain.FeeProfile{Category: domain.FeeSalaried, Base: int64(5_200_000 + r.IntN(100)*100_000)}
	}
	tier := 2
	if r.IntN(4) == 0 {
		tier = 3
	}
	return domain.FeeProfile{Category: domain.FeeOther, Tier: tier, PastWorkingAge: domain.AgeOn(p.BirthDate, today) >= 60}
}

// parentPath is the path of the organisation above the one at path.
func parentPath(path string) string {
	path = strings.TrimSuffix(path, "/")
	return path[:strings.LastIndex(path, "/")+1]
}

// on tells whether a placement covers day d.
func on(p store.LifePlacement, d domain.Date) bool {
	return !p.From.After(d) && (p.To.IsZero() || p.To.After(d))
}

// inCharge puts a committee member in charge of each cell: a member of a
// sibling cell under the same committee, each covering a few cells.
func inCharge(ps []store.LifePlacement, from domain.Date) map[int64]store.BulkInCharge {
	type cellInfo struct {
		id     int64
		parent string
		member int64
	}
	var cells []cellInfo
	for i := 0; i < len(ps); {
		j := i
		for j < len(ps) && ps[j].OrgID == ps[i].OrgID {
			j++
		}
		cells = append(cells, cellInfo{ps[i].OrgID, parentPath(ps[i].OrgPath), ps[i].MemberID})
		i = j
	}
	byParent := map[string][]cellInfo{}
	for _, c := range cells {
		byParent[c.parent] = append(byParent[c.parent], c)
	}
	out := map[int64]store.BulkInCharge{}
	for _, sib := range byParent {
		if len(sib) < 2 {
			continue
		}
		for i, c := range sib {
			// Cells 0–2 are covered by a member of cell 3, and so on: a
			// committee member covers up to three cells other than their own.
			k := (i/3*3 + 3) % len(sib)
			if sib[k].id == c.id {
				k = (k + 1) % len(sib)
			}
			out[c.id] = store.BulkInCharge{MemberID: sib[k].member, OrgID: c.id, From: from}
		}
	}
	return out
}

var taskTitles = []string{
	"Tuyên truyền, vận động nhân dân thực hiện chủ trương của Đảng ở khu dân cư",
	"Theo dõi, giúp đỡ quần chúng ưu tú phấn đấu vào Đảng",
	"Phụ trách công tác hòa giải ở cơ sở",
	"Vận động hội viên tham gia xây dựng nông thôn mới",
	"Tham gia tổ an ninh trật tự thôn",
	"Nắm tình hình tư tưởng đảng viên, quần chúng trong tổ",
	"Phụ trách chi đoàn thanh niên",
	"Vận động thu gom, phân loại rác thải tại khu dân cư",
}

// tasksOfCell gives most members of the cell a task for the year, reviewed
// at mid-year; a few have none, so the flag has cases.
func tasksOfCell(r *rand.Rand, cell []store.LifePlacement, start domain.Month, today domain.Date, c *store.BulkLife) {
	from := domain.NewDate(today.Year(), 1, 10)
	for _, p := range cell {
		if !p.To.IsZero() || p.Exempted || r.Float64() < 0.12 {
			continue
		}
		f := from
		if p.From.After(f) {
			f = p.From
		}
		t := store.BulkTask{MemberID: p.MemberID, OrgID: p.OrgID, PartyPosition: p.Position, GovPosition: p.GovPos,
			In: domain.TaskInput{Title: taskTitles[r.IntN(len(taskTitles))], From: f, To: domain.NewDate(today.Year(), 12, 31), AssignedBy: "Chi ủy"}}
		if mid := domain.NewDate(today.Year(), 6, 30); f.Before(mid) && !today.Before(mid) {
			rating := domain.TaskDone
			switch x := r.Float64(); {
			case x < 0.4:
				rating = domain.TaskDoneWell
			case x > 0.95:
				rating = domain.TaskNotDone
			}
			t.Notes = append(t.Notes, domain.TaskNote{On: mid, Rating: rating, Note: "Đánh giá 6 tháng đầu năm"})
		}
		c.Tasks = append(c.Tasks, t)
	}
}

func lifeOfCell(r *rand.Rand, cell []store.LifePlacement, start domain.Month, today domain.Date, habits map[int64]habit, profiles map[int64]domain.FeeProfile, wages map[domain.Month]int64, charge store.BulkInCharge, c *store.BulkLife) {
	this := domain.MonthOf(today)
	day := 3 + r.IntN(8) // each cell has its usual day
	place := places[r.IntN(len(places))]
	for mo := start; !this.Add(1).Before(mo); mo = mo.Add(1) {
		held := domain.NewDate(mo.Year, mo.Mon, day)
		if held.After(today.AddMonths(1)) {
			break
		}
		past := !held.After(today)
		if past && mo != this && r.Float64() < 0.03 {
			continue // a month without a meeting
		}
		in := domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: held, StartsAt: "19:30", Place: place}
		if mo.Mon%3 == 0 {
			in.Kind, in.Topic = domain.MeetingCombined, topics[r.IntN(len(topics))]
		}
		if past {
			in.Minutes = 90 + 10*r.IntN(4)
			if in.Kind == domain.MeetingCombined {
				in.Minutes += 30
			}
			if r.Float64() < 0.04 {
				in.Minutes = 75 // too short: a warning to show
			}
		}
		m := store.BulkMeeting{OrgID: cell[0].OrgID, OrgPath: cell[0].OrgPath, In: in}
		for _, p := range cell {
			if !past || p.Exempted || !on(p, held) {
				continue
			}
			h, x := habits[p.MemberID], r.Float64()
			k := domain.Mark{MemberID: p.MemberID, Status: domain.Present}
			switch {
			case x >= h.present+h.excused:
				k.Status = domain.Unexcused
			case x >= h.present:
				k.Status, k.Reason = domain.Excused, excuses[r.IntN(len(excuses))]
			}
			m.Marks = append(m.Marks, k)
		}
		if past && charge.MemberID != 0 {
			m.InCharge = append(m.InCharge, store.MeetingInCharge{MemberID: charge.MemberID, Attended: r.Float64() < 0.8})
		}
		if len(m.Marks) > 0 || !past {
			c.Meetings = append(c.Meetings, m)
		}
		if mo == this.Add(1) {
			break
		}
		// The month's fee, in the cell the member belonged to mid-month.
		mid := domain.NewDate(mo.Year, mo.Mon, 15)
		if mo == this && today.Before(mid) {
			mid = today
		}
		for _, p := range cell {
			if !on(p, mid) || (!p.Admission.IsZero() && mo.Before(domain.MonthOf(p.Admission))) {
				continue
			}
			d, err := domain.MonthlyFee(profiles[p.MemberID], domain.FeeFacts{Birth: p.BirthDate, Gender: p.Gender, PartySince: p.Decision, MinWage: wages[mo]}, mo)
			due := d.Amount
			if err != nil {
				due = 0
			}
			f := store.BulkFee{MemberID: p.MemberID, OrgID: p.OrgID, OrgPath: p.OrgPath, Month: mo.Key(), Due: due, Basis: d.Basis}
			chance := habits[p.MemberID].payer
			if mo == this {
				chance *= 0.6 // the month is still being collected
				if held.After(today) {
					chance = 0
				}
			}
			if r.Float64() < chance {
				f.Paid, f.PaidOn = due, held
				if held.After(today) {
					f.PaidOn = today
				}
			}
			c.Fees = append(c.Fees, f)
		}
	}
}
