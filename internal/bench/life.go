package bench

import (
	"context"
	"fmt"
	"os"
	"slices"
	"text/tabwriter"
	"time"

	"dangvien/internal/app/orgs"
	"dangvien/internal/domain"
	"dangvien/internal/seed"
	"dangvien/internal/store"
)

// RunLife measures the cell-life reports (issue 4) on a province of
// opt.Members members with a generated year of meetings, attendance and
// fees: the subtree's attendance rate, members with three or more unexcused
// absences, fee arrears and fee totals, at the root and in one commune.
func RunLife(ctx context.Context, opt Options) error {
	out := opt.Out
	dir, err := os.MkdirTemp("", "dangvien-bench-")
	if err != nil {
		return err
	}
	if !opt.Keep { // a kept SQLite province lives in dir
		defer os.RemoveAll(dir)
	}
	h, err := fresh(ctx, opt.DSN, dir, "life")
	if err != nil {
		return err
	}
	if opt.Keep {
		fmt.Fprintf(out, "Giữ lại: %s\n", h.name)
	} else {
		defer h.cleanup()
	}
	today := domain.DateOf(time.Now())
	t0 := time.Now()
	sum, err := seed.Province(ctx, h.db, seed.Options{Members: opt.Members, Seed: 1, Life: true, Today: today})
	if err != nil {
		return err
	}
	if h.db.Dialect == store.Postgres {
		// The load leaves a checkpoint's worth of dirty pages; measure after it.
		h.db.SQL().ExecContext(ctx, "CHECKPOINT")
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "cơ sở dữ liệu\t%s\t\n", h.db.Dialect)
	fmt.Fprintf(tw, "tỉnh mẫu\t%d tổ chức, %d đảng viên, dựng trong %s\t\n", sum.Orgs, sum.Members, time.Since(t0).Round(time.Second))
	fmt.Fprintf(tw, "một năm sinh hoạt\t%d buổi, %d lượt điểm danh, %d tháng đảng phí\t\n", sum.Life.Meetings, sum.Life.Attendance, sum.Life.FeeMonths)
	tree, err := (&orgs.Service{DB: h.db}).Tree(ctx, domain.System, domain.Date{})
	if err != nil {
		return err
	}
	root := tree.Roots[0]
	var commune *store.TreeNode
	var walk func(ns []*store.TreeNode)
	walk = func(ns []*store.TreeNode) {
		for _, c := range ns {
			if c.Kind == domain.KindCommune && (commune == nil || c.Members > commune.Members) {
				commune = c
			}
			walk(c.Children)
		}
	}
	walk(root.Children)
	from, this := today.AddMonths(-12).AddDays(1), domain.MonthOf(today)
	for _, target := range []*store.TreeNode{root, commune} {
		if target == nil {
			continue
		}
		var att domain.AttendanceCounts
		var absent, debtors int
		var owed, fees store.FeeTotals
		// Each report as the overview reads it: the organisation resolved,
		// then the query, in one read snapshot.
		read := func(fn func(tx *store.Tx, o domain.Org) error) error {
			return h.db.Read(ctx, domain.System, func(tx *store.Tx) error {
				o, err := tx.Org(target.ID)
				if err != nil {
					return err
				}
				return fn(tx, o)
			})
		}
		steps := []struct {
			name string
			run  func() error
		}{
			{"tỉ lệ dự sinh hoạt 12 tháng", func() error {
				return read(func(tx *store.Tx, o domain.Org) (err error) {
					att, _, err = tx.AttendanceTotals(o, from, today)
					return err
				})
			}},
			{"vắng không lý do từ 3 buổi", func() error {
				return read(func(tx *store.Tx, o domain.Org) error {
					a, err := tx.Unexcused(o, from, today, 3, 0)
					absent = len(a)
					return err
				})
			}},
			{"nợ đảng phí từ 3 tháng", func() error {
				return read(func(tx *store.Tx, o domain.Org) error {
					d, t, err := tx.Arrears(o, this.Add(-12), this.Add(-1), 3)
					debtors, owed = len(d), t
					return err
				})
			}},
			{"đảng phí phải thu, đã thu 12 tháng", func() error {
				return read(func(tx *store.Tx, o domain.Org) (err error) {
					fees, err = tx.FeeTotalsOf(o, this.Add(-11), this)
					return err
				})
			}},
		}
		for _, s := range steps {
			var ds []time.Duration
			for range 7 {
				t := time.Now()
				if err := s.run(); err != nil {
					return fmt.Errorf("%s: %w", s.name, err)
				}
				ds = append(ds, time.Since(t))
			}
			slices.Sort(ds)
			fmt.Fprintf(tw, "%s: %s\ttrung vị %s, nhanh nhất %s\t\n", target.Name, s.name, ms(ds[len(ds)/2]), ms(ds[0]))
		}
		var all []time.Duration
		for range 7 {
			t := time.Now()
			for _, s := range steps {
				s.run()
			}
			all = append(all, time.Since(t))
		}
		slices.Sort(all)
		fmt.Fprintf(tw, "%s: cả bốn báo cáo\ttrung vị %s\t\n", target.Name, ms(all[len(all)/2]))
		fmt.Fprintf(tw, "%s: kết quả\tcó mặt %s (%d lượt), %d người vắng không lý do từ 3 buổi, %d người nợ từ 3 tháng (%d người nợ, %s), đã thu %s / %s\t\n",
			target.Name, domain.Percent(att.Rate()), att.Expected, absent, debtors, owed.Members, domain.Dong(owed.Due), domain.Dong(fees.Paid), domain.Dong(fees.Due))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	// The screening report (issue 12) on the same province, with two years
	// of ratings added.
	if err := benchScreening(ctx, h.db, out, today, []*store.TreeNode{root, commune}); err != nil {
		return err
	}
	fmt.Fprintf(out, "bộ nhớ đỉnh (VmHWM)  %s\n", peakRSS())
	return nil
}
