package screening

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"dangvien/internal/domain"
	"dangvien/internal/seed"
	"dangvien/internal/store"
	"dangvien/internal/store/storetest"
)

// referenceReport is the screening report as it was first written, from
// the cell life's own readers (RemovalMonths, MissedMeetings and
// domain.RemovalGrounds) and one map per fact: what the faster report must
// go on finding, item for item.
func referenceReport(tx *store.Tx, o domain.Org, on domain.Date) (ReportView, error) {
	v := ReportView{Org: o, On: on, From: on.AddMonths(-12).AddDays(1), ByGround: map[domain.GroundKind]int{}, Items: []Item{}, RemovalAt: domain.RemovalMonths(on)}
	absent, unpaid, _, err := tx.RemovalMonths(o, v.From, on, v.RemovalAt)
	if err != nil {
		return v, err
	}
	gs := domain.RemovalGrounds(absent, unpaid, v.RemovalAt)
	var named []int64
	for _, g := range gs {
		named = append(named, g.MemberID)
	}
	missed, err := tx.MissedMeetings(o, named, v.From, on)
	if err != nil {
		return v, err
	}
	absences := map[int64]domain.RemovalGround{}
	for _, g := range gs {
		g.Missed = missed[g.MemberID]
		absences[g.MemberID] = g
	}
	years := domain.Rules.Int("removal.not_done_years", on)
	notDone, err := tx.NotDoneRatings(o, on.Year()-years, on.Year(), on)
	if err != nil {
		return v, err
	}
	probation, err := tx.Probationers(o, on.AddMonths(-domain.Rules.Int("probation.months", on)))
	if err != nil {
		return v, err
	}
	findings, err := tx.SubtreeFindings(o, on)
	if err != nil {
		return v, err
	}
	seen := map[int64]bool{}
	var ids []int64
	for _, m := range []map[int64]bool{keys(absences), keys(notDone), keys(probation), keys(findings)} {
		for id := range m {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	who, err := tx.ScreenMembers(ids)
	if err != nil {
		return v, err
	}
	cal, err := tx.Calendar()
	if err != nil {
		return v, err
	}
	cases, err := tx.OpenRemovalCases(o)
	if err != nil {
		return v, err
	}
	for _, id := range ids {
		m, ok := who[id]
		if !ok || !m.Status.Active() {
			continue
		}
		var gs []domain.Ground
		if g, ok := absences[id]; ok {
			gs = append(gs, domain.AbsenceGround(g, on))
		}
		gs = append(gs, domain.ScreenGrounds(domain.ScreenFacts{Status: m.Status, Admitted: m.Admitted, Ratings: notDone[id], Findings: findings[id]}, on, cal)...)
		if len(gs) == 0 {
			continue
		}
		it := Item{MemberID: id, Name: m.Name, OrgID: m.OrgID, Org: m.Org, Parent: m.Parent, Status: m.Status, Grounds: gs, Path: m.Path, sortKey: m.SortKey}
		if c, ok := cases[id]; ok {
			it.Case = &c
		}
		for _, g := range gs {
			v.ByGround[g.Kind]++
		}
		v.Items = append(v.Items, it)
	}
	sortItems(v.Items)
	v.Pending = []store.RemovalCase{}
	for _, c := range cases {
		v.Pending = append(v.Pending, c)
	}
	slices.SortFunc(v.Pending, func(x, y store.RemovalCase) int { return x.Proposal.On.Compare(y.Proposal.On) })
	return v, nil
}

// The report of a generated province with a year of cell life, two years
// of ratings (some "Không hoàn thành" twice), findings and a pending
// proposal is, item for item and line for line, the reference's, at the
// province and in a cell, today and on earlier days.
func TestReportAgreesWithReference(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		today := domain.DateOf(db.Now())
		sum, err := seed.Province(ctx, db, seed.Options{Members: 1500, Seed: 5, Life: true, Today: today})
		if err != nil {
			t.Fatal(err)
		}
		type member struct {
			id, org int64
			path    string
		}
		var ms []member
		rows, err := db.SQL().QueryContext(ctx, "SELECT id, org_id, org_path FROM members WHERE status IN ('official', 'probationary') ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var m member
			if err := rows.Scan(&m.id, &m.org, &m.path); err != nil {
				t.Fatal(err)
			}
			ms = append(ms, m)
		}
		rows.Close()
		if len(ms) < 200 {
			t.Fatalf("%d members on the roll", len(ms))
		}
		// Every seventh member "Không hoàn thành" last year, every other one of
		// them the year before too; the rest "tốt".
		var rs []store.BulkRating
		for i, m := range ms {
			for _, y := range []int{today.Year() - 2, today.Year() - 1} {
				level := domain.RatingGood
				if i%7 == 0 && (y == today.Year()-1 || i%2 == 0) {
					level = domain.RatingNotDone
				}
				rs = append(rs, store.BulkRating{MemberID: m.id, OrgID: m.org, OrgPath: m.path, GrassrootsID: m.org, Year: y, Level: level, Points: 60, On: domain.NewDate(y, 12, 20)})
			}
		}
		if _, err := db.BulkRatings(ctx, domain.System, func() []store.BulkRating { c := rs; rs = nil; return c }); err != nil {
			t.Fatal(err)
		}
		s := &Service{DB: db}
		for i, k := range []domain.FindingKind{domain.FindingEducation, domain.FindingCardReturned, domain.FindingEducation} {
			in := domain.FindingInput{Kind: k, On: today.AddMonths(-20 + 2*i), Note: "Sự việc mẫu"}
			if _, err := s.AddFinding(ctx, domain.System, ms[3+i*11].id, in); err != nil {
				t.Fatal(err)
			}
		}
		for _, on := range []domain.Date{today, domain.MonthOf(today).First().AddDays(-1), today.AddMonths(-3)} {
			for _, id := range []int64{sum.Province.ID, ms[0].org} {
				err := db.Read(ctx, domain.System, func(tx *store.Tx) error {
					o, err := tx.Org(id)
					if err != nil {
						return err
					}
					want, err := referenceReport(tx, o, on)
					if err != nil {
						return err
					}
					got, err := report(tx, o, on)
					if err != nil {
						return err
					}
					if id == sum.Province.ID && (want.ByGround[domain.GroundAbsentUnpaid] < 20 || want.ByGround[domain.GroundNotDone] < 20 || want.ByGround[domain.GroundEducation] == 0) {
						t.Fatalf("on %s: too few grounds to compare: %v", on, want.ByGround)
					}
					w, _ := json.Marshal(want)
					g, _ := json.Marshal(got)
					if string(w) != string(g) {
						t.Fatalf("%s on %s: the report differs from the reference:\n%s\n%s", o.Name, on, g, w)
					}
					for i := range want.Items {
						if got.Items[i].Path != want.Items[i].Path {
							t.Fatalf("item %d: path %q against %q", i, got.Items[i].Path, want.Items[i].Path)
						}
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}
		}
	})
}
