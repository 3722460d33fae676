package bench

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"dangvien/internal/app/screening"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// seedRatings gives every member placed in a cell today a decided rating
// for each of the two years before today's: mostly "tốt", a few "xuất sắc"
// within the cap, a few "Không hoàn thành" — some of them two years in a
// row, the screening's case.
func seedRatings(ctx context.Context, db *store.DB, today domain.Date) (int, error) {
	ps, err := db.LifePlacements(ctx, domain.System, today)
	if err != nil {
		return 0, err
	}
	// The grassroots organisation of each cell, from the paths of the tree.
	kinds := map[int64]domain.OrgKind{}
	err = db.Read(ctx, domain.System, func(tx *store.Tx) error {
		o, err := tx.Tree(domain.Date{})
		if err != nil {
			return err
		}
		var walk func(ns []*store.TreeNode)
		walk = func(ns []*store.TreeNode) {
			for _, n := range ns {
				kinds[n.ID] = n.Kind
				walk(n.Children)
			}
		}
		walk(o)
		return nil
	})
	if err != nil {
		return 0, err
	}
	grassroots := func(path string) int64 {
		segs := strings.Split(strings.Trim(path, "/"), "/")
		for i := len(segs) - 1; i >= 0; i-- {
			id, _ := strconv.ParseInt(segs[i], 10, 64)
			if kinds[id].Grassroots() {
				return id
			}
		}
		return 0
	}
	r := rand.New(rand.NewPCG(7, 28))
	var rows []store.BulkRating
	seen := map[int64]bool{}
	for _, p := range ps {
		if !p.To.IsZero() || p.Exempted || seen[p.MemberID] {
			continue
		}
		seen[p.MemberID] = true
		g := grassroots(p.OrgPath)
		if g == 0 {
			continue
		}
		weak := r.Float64() < 0.03
		for _, y := range []int{today.Year() - 2, today.Year() - 1} {
			level, pts := domain.RatingGood, 75+r.IntN(15)
			switch x := r.Float64(); {
			case weak && x < 0.5:
				level, pts = domain.RatingNotDone, 30+r.IntN(19)
			case x < 0.12:
				level, pts = domain.RatingExcellent, 90+r.IntN(10)
			case x < 0.28:
				level, pts = domain.RatingDone, 50+r.IntN(20)
			}
			rows = append(rows, store.BulkRating{MemberID: p.MemberID, OrgID: p.OrgID, OrgPath: p.OrgPath, GrassrootsID: g, Year: y, Level: level, Points: pts, On: domain.NewDate(y, 12, 20)})
		}
	}
	i := 0
	return db.BulkRatings(ctx, domain.System, func() []store.BulkRating {
		c := rows[i:min(len(rows), i+20000)]
		i += len(c)
		return c
	})
}

// baseline reads, with bare queries and nothing done with the rows, what
// the screening report reads of a subtree: the unexcused absences and the
// unpaid months of twelve months, the "Không hoàn thành" of the years, the
// probationary members. It returns the rows read.
func baseline(ctx context.Context, db *store.DB, path string, from, on domain.Date) (int, error) {
	lo, hi := path, strings.TrimSuffix(path, "/")+"0"
	last := domain.LastEndedMonth(on, domain.DateOf(db.Now())) // the months the report counts
	years := domain.Rules.Int("removal.not_done_years", on)
	qs := []struct {
		q    string
		args []any
	}{
		{"SELECT member_id, held_on FROM meeting_attendance WHERE status = 'unexcused' AND org_path >= ? AND org_path < ? AND held_on >= ? AND held_on <= ?", []any{lo, hi, from, on}},
		{"SELECT member_id, month FROM fee_months WHERE paid_on IS NULL AND due > 0 AND org_path >= ? AND org_path < ? AND month >= ? AND month <= ?", []any{lo, hi, domain.MonthOf(from).Key(), last.Key()}},
		{"SELECT member_id, year FROM member_ratings WHERE level = 'not_done' AND org_path >= ? AND org_path < ? AND year >= ? AND year <= ? AND decided_on <= ?", []any{lo, hi, on.Year() - years, on.Year(), on}},
		{"SELECT id, admission_date FROM members WHERE org_path >= ? AND org_path < ? AND status = 'probationary' AND admission_date <= ?", []any{lo, hi, on.AddMonths(-12)}},
	}
	n := 0
	for _, x := range qs {
		q := x.q
		if db.Dialect == store.Postgres {
			for i := 1; strings.Contains(q, "?"); i++ {
				q = strings.Replace(q, "?", "$"+strconv.Itoa(i), 1)
			}
		}
		rows, err := db.SQL().QueryContext(ctx, q, x.args...)
		if err != nil {
			return n, err
		}
		var a, b sql.RawBytes
		for rows.Next() {
			if err := rows.Scan(&a, &b); err != nil {
				rows.Close()
				return n, err
			}
			n++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return n, err
		}
	}
	return n, nil
}

// benchScreening measures the screening report (issue 12) of each target
// against the bare reads of the same rows, in the same run.
func benchScreening(ctx context.Context, db *store.DB, out io.Writer, today domain.Date, targets []*store.TreeNode) error {
	t0 := time.Now()
	n, err := seedRatings(ctx, db, today)
	if err != nil {
		return fmt.Errorf("ratings: %w", err)
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "hai năm xếp loại\t%d kết quả, ghi trong %s\t\n", n, time.Since(t0).Round(time.Second))
	svc := &screening.Service{DB: db}
	from := today.AddMonths(-12).AddDays(1)
	for _, target := range targets {
		if target == nil {
			continue
		}
		o, err := db.Org(ctx, domain.System, target.ID)
		if err != nil {
			return err
		}
		var v screening.ReportView
		var ds, bs, cs []time.Duration
		var rows int
		for range 7 {
			t, c := time.Now(), cpuTime()
			if v, err = svc.Report(ctx, domain.System, target.ID, today); err != nil {
				return fmt.Errorf("screening: %w", err)
			}
			ds, cs = append(ds, time.Since(t)), append(cs, cpuTime()-c)
			t = time.Now()
			if rows, err = baseline(ctx, db, o.Path, from, today); err != nil {
				return fmt.Errorf("baseline: %w", err)
			}
			bs = append(bs, time.Since(t))
		}
		slices.Sort(ds)
		slices.Sort(bs)
		slices.Sort(cs)
		fmt.Fprintf(tw, "%s: rà soát, sàng lọc (Chỉ thị 28)\ttrung vị %s, nhanh nhất %s, chậm nhất %s; thời gian CPU của tiến trình: trung vị %s\t\n", target.Name, ms(ds[len(ds)/2]), ms(ds[0]), ms(ds[len(ds)-1]), ms(cs[len(cs)/2]))
		fmt.Fprintf(tw, "%s: đọc thô cùng các dòng (%d dòng)\ttrung vị %s, nhanh nhất %s; báo cáo / đọc thô %.1f lần\t\n", target.Name, rows, ms(bs[len(bs)/2]), ms(bs[0]),
			float64(ds[len(ds)/2])/float64(max(bs[len(bs)/2], 1)))
		var parts []string
		for _, k := range domain.GroundKinds {
			if c := v.ByGround[k]; c > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", k, c))
			}
		}
		fmt.Fprintf(tw, "%s: kết quả\t%d đảng viên có căn cứ xóa tên (%s)\t\n", target.Name, len(v.Items), strings.Join(parts, ", "))
	}
	return tw.Flush()
}
