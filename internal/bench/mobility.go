package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"dangvien/internal/app/mobility"
	"dangvien/internal/app/orgs"
	"dangvien/internal/domain"
	"dangvien/internal/seed"
	"dangvien/internal/store"
)

// RunMobility measures the reports of members on the move (issue 11) on a
// province of opt.Members members with a generated year of movements:
// transfers in and out, overdue letters, members working away and the
// Regulation 213 comments, at the root and in one commune, each beside a
// bare read of the same rows with no scope, join or rule; then a collective
// transfer of the commune nearest 5,000 members, beside a bare rewrite of
// the same rows.
func RunMobility(ctx context.Context, opt Options) error {
	out := opt.Out
	dir, err := os.MkdirTemp("", "dangvien-bench-")
	if err != nil {
		return err
	}
	if !opt.Keep {
		defer os.RemoveAll(dir)
	}
	h, err := fresh(ctx, opt.DSN, dir, "mobility")
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
	sum, err := seed.Province(ctx, h.db, seed.Options{Members: opt.Members, Seed: 1, Today: today, Life: true})
	if err != nil {
		return err
	}
	built := time.Since(t0)
	t0 = time.Now()
	load, err := movements(ctx, h.db, today)
	if err != nil {
		return err
	}
	if err := h.db.BulkMobility(ctx, load); err != nil {
		return err
	}
	h.db.RefreshStats(ctx)
	if h.db.Dialect == store.Postgres {
		h.db.SQL().ExecContext(ctx, "CHECKPOINT")
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "cơ sở dữ liệu\t%s\t\n", h.db.Dialect)
	fmt.Fprintf(tw, "tỉnh mẫu\t%d tổ chức, %d đảng viên, dựng trong %s\t\n", sum.Orgs, sum.Members, built.Round(time.Second))
	fmt.Fprintf(tw, "một năm biến động\t%d giấy giới thiệu, %d đi làm ăn xa, %d đảng viên 213, %d nhận xét; ghi trong %s\t\n",
		len(load.Transfers), len(load.Aways), len(load.Ties), len(load.Comments), time.Since(t0).Round(time.Millisecond))
	tree, err := (&orgs.Service{DB: h.db}).Tree(ctx, domain.System, domain.Date{})
	if err != nil {
		return err
	}
	root := tree.Roots[0]
	var communes []*store.TreeNode
	var walk func(ns []*store.TreeNode)
	walk = func(ns []*store.TreeNode) {
		for _, c := range ns {
			if c.Kind == domain.KindCommune {
				communes = append(communes, c)
			}
			walk(c.Children)
		}
	}
	walk(root.Children)
	if len(communes) < 2 {
		return fmt.Errorf("bench: the province has %d communes", len(communes))
	}
	// The commune nearest 5,000 members, and the largest, for the reports.
	slices.SortFunc(communes, func(x, y *store.TreeNode) int { return abs(x.Members-5000) - abs(y.Members-5000) })
	target := communes[0]
	largest := slices.MaxFunc(communes, func(x, y *store.TreeNode) int { return x.Members - y.Members })
	svc := &mobility.Service{DB: h.db}
	from, year := today.AddMonths(-12).AddDays(1), today.Year()-1
	// The median of seven runs, the fastest, and the CPU time of a run (this
	// process's, with SQLite's work, and the PostgreSQL backends' of the
	// database when the server runs here): on a shared machine the CPU time
	// moves less than the wall clock, and the fastest run is what the code
	// costs, the median what a user waits.
	median := func(fn func() error) (time.Duration, time.Duration, time.Duration, error) {
		var ds []time.Duration
		srv0, srvOK := readServerCPU(ctx, h.db)
		cpu0 := cpuTime()
		for range 7 {
			t := time.Now()
			if err := fn(); err != nil {
				return 0, 0, 0, err
			}
			ds = append(ds, time.Since(t))
		}
		cpu := cpuTime() - cpu0
		if srv1, ok := readServerCPU(ctx, h.db); ok && srvOK {
			cpu += srv1.since(srv0)
		}
		slices.Sort(ds)
		return ds[len(ds)/2], ds[0], cpu / 7, nil
	}
	// The bare reads: every row a report reads at the root, through the
	// driver, scanned and dropped.
	bare := map[string]func() error{
		"transfers": func() error {
			return scanAll(ctx, h.db, "SELECT * FROM transfers WHERE letter_on >= ? AND letter_on <= ?", from, today)
		},
		"overdue": func() error {
			return scanAll(ctx, h.db, "SELECT * FROM transfers WHERE status IN ('in_transit', 'active')")
		},
		"away": func() error { return scanAll(ctx, h.db, "SELECT * FROM away_records") },
		"residence": func() error {
			if err := scanAll(ctx, h.db, "SELECT * FROM residence_ties"); err != nil {
				return err
			}
			if err := scanAll(ctx, h.db, "SELECT * FROM residence_comments WHERE year = ?", year); err != nil {
				return err
			}
			return scanAll(ctx, h.db, "SELECT org_path, count(*) FROM members GROUP BY org_path")
		},
	}
	var sizes [3]int
	for _, o := range []*store.TreeNode{root, largest} {
		steps := []struct {
			key, name string
			run       func() error
		}{
			{"transfers", "chuyển đến, đi 12 tháng", func() error {
				r, err := svc.Transfers(ctx, domain.System, o.ID, from, today)
				sizes[0] = r.Total
				return err
			}},
			{"overdue", "giấy quá hạn", func() error { _, err := svc.Overdue(ctx, domain.System, o.ID); return err }},
			{"away", "đi làm ăn xa", func() error {
				r, err := svc.Away(ctx, domain.System, o.ID)
				sizes[1] = r.Totals.Away + r.Totals.Back
				return err
			}},
			{"residence", fmt.Sprintf("Quy định 213 năm %d", year), func() error {
				r, err := svc.Residence(ctx, domain.System, o.ID, year)
				sizes[2] = r.Totals.Ties
				return err
			}},
		}
		for _, s := range steps {
			d, fast, cpu, err := median(s.run)
			if err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
			line := fmt.Sprintf("%s (%d đv): %s\ttrung vị %s, nhanh nhất %s, CPU %s/lần", o.Name, o.Members, s.name, ms(d), ms(fast), ms(cpu))
			if o == root {
				b, bfast, bcpu, err := median(bare[s.key])
				if err != nil {
					return err
				}
				line += fmt.Sprintf("; đọc thẳng cùng các dòng: trung vị %s, nhanh nhất %s, CPU %s/lần; báo cáo/đọc thẳng: %.1f× (CPU %.1f×)", ms(b), ms(bfast), ms(bcpu),
					float64(d)/float64(b), float64(cpu)/float64(max(bcpu, 1)))
			}
			fmt.Fprintf(tw, "%s\t\n", line)
		}
		fmt.Fprintf(tw, "%s: số dòng\t%d giấy, %d đi làm ăn xa, %d đảng viên 213\t\n", o.Name, sizes[0], sizes[1], sizes[2])
	}
	// The collective transfer of a commune: all its organisations to another
	// commune, the commune closed, the handover record written.
	var to *store.TreeNode
	for _, c := range communes[1:] {
		if c.ID != target.ID {
			to = c
			break
		}
	}
	targetOrg, err := h.db.Org(ctx, domain.System, target.ID)
	if err != nil {
		return err
	}
	t0 = time.Now()
	if err := bareRewrite(ctx, h.db, targetOrg); err != nil {
		return err
	}
	bareDur := time.Since(t0)
	t0 = time.Now()
	ho, err := svc.Collective(ctx, domain.System, domain.CollectiveInput{FromID: target.ID, ToID: to.ID, All: true,
		Decision: domain.Decision{Date: today, Number: "9999-QĐ/TU", Reason: "Đo tốc độ chuyển sinh hoạt tập thể"}})
	if err != nil {
		return fmt.Errorf("collective transfer: %w", err)
	}
	fmt.Fprintf(tw, "chuyển sinh hoạt tập thể %s (%d tổ chức, %d đảng viên) sang %s\t%s (ghi lại thẳng cùng các dòng: %s)\t\n", target.Name, ho.OrgsMoved, ho.MembersMoved, to.Name,
		ms(time.Since(t0)), ms(bareDur))
	fmt.Fprintf(tw, "bộ nhớ đỉnh (VmHWM)\t%s\t\n", peakRSS())
	return tw.Flush()
}

func daysBetween(a, b domain.Date) int { return int(b.Time().Sub(a.Time()).Hours() / 24) }

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// scanAll reads every row of a query and drops it.
func scanAll(ctx context.Context, db *store.DB, q string, args ...any) error {
	if db.Dialect == store.Postgres {
		for i := 1; strings.Contains(q, "?"); i++ {
			q = strings.Replace(q, "?", fmt.Sprintf("$%d", i), 1)
		}
	}
	rows, err := db.SQL().QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
	}
	return rows.Err()
}

// bareRewrite rewrites, in one transaction, the rows a collective transfer
// of o rewrites, each with its own value: the floor of the write.
func bareRewrite(ctx context.Context, db *store.DB, o domain.Org) error {
	tx, err := db.SQL().BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	lo, hi := o.Path, strings.TrimSuffix(o.Path, "/")+"0"
	for _, q := range []string{"UPDATE orgs SET path = path WHERE path >= ? AND path < ?", "UPDATE members SET org_path = org_path WHERE org_path >= ? AND org_path < ?"} {
		if db.Dialect == store.Postgres {
			q = strings.Replace(strings.Replace(q, "?", "$1", 1), "?", "$2", 1)
		}
		if _, err := tx.ExecContext(ctx, q, lo, hi); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// movements generates a year of movements of the members on the roll:
// official transfers inside the installation (3%, some in transit, some of
// those overdue, some presented late), to and from other installations
// (0.5% each), temporary transfers (1%), members working away (2%) and
// Regulation 213 ties (10%) with the comments of the last two years.
func movements(ctx context.Context, db *store.DB, today domain.Date) (store.BulkMovements, error) {
	var b store.BulkMovements
	ps, err := db.LifePlacements(ctx, domain.System, today)
	if err != nil {
		return b, err
	}
	tree, err := (&orgs.Service{DB: db}).Tree(ctx, domain.System, domain.Date{})
	if err != nil {
		return b, err
	}
	type cell struct {
		node   *store.TreeNode
		parent *store.TreeNode
	}
	cells := map[int64]cell{}
	var ids []int64
	var walk func(p *store.TreeNode, ns []*store.TreeNode)
	walk = func(p *store.TreeNode, ns []*store.TreeNode) {
		for _, n := range ns {
			if n.Kind.IsCell() {
				cells[n.ID] = cell{n, p}
				ids = append(ids, n.ID)
			}
			walk(n, n.Children)
		}
	}
	for _, r := range tree.Roots {
		walk(r, r.Children)
	}
	slices.Sort(ids)
	r := rand.New(rand.NewPCG(7, 2026))
	day := func(back int) domain.Date { return today.AddDays(-r.IntN(back)) }
	other := func(not int64) cell {
		for {
			if c := cells[ids[r.IntN(len(ids))]]; c.node.ID != not {
				return c
			}
		}
	}
	seq := map[string]int{}
	number := func(issuer *store.TreeNode, on domain.Date) string {
		k := fmt.Sprintf("%d/%d", issuer.ID, on.Year())
		seq[k]++
		return fmt.Sprintf("%d-GGT/%s", seq[k], issuer.Code)
	}
	for _, p := range ps {
		from, ok := cells[p.OrgID]
		if !ok || from.parent == nil {
			continue
		}
		roll := r.IntN(1000)
		letter := day(365)
		t := domain.Transfer{Kind: domain.TransferOfficial, MemberID: p.MemberID, FromOrgID: from.node.ID, FromName: from.node.Name, IssuerID: from.parent.ID,
			Issuer: from.parent.Name, LetterOn: letter, EffectiveOn: letter.AddDays(-r.IntN(60)), Reason: "Chuyển công tác", Status: domain.TransferArrived}
		arrive := func() {
			switch {
			case daysBetween(letter, today) < 40 && r.IntN(10) < 7, r.IntN(100) < 3:
				t.Status = domain.TransferInTransit // recent, or never presented
			default:
				t.ArrivedOn = letter.AddDays(1 + r.IntN(50))
				if t.ArrivedOn.After(today) {
					t.ArrivedOn = today
				}
				if daysBetween(letter, t.ArrivedOn) > 42 {
					t.LateReason = "Ốm đau"
				}
			}
		}
		switch {
		case roll < 30: // inside the installation
			to := other(from.node.ID)
			t.Route, t.ToOrgID, t.ToName, t.Number = domain.RouteInternal, to.node.ID, to.node.Name, number(from.parent, letter)
			arrive()
		case roll < 35: // to another installation
			t.Route, t.ToName, t.Number = domain.RouteOut, "Đảng ủy phường Hà Đông, Đảng bộ thành phố Hà Nội", number(from.parent, letter)
			arrive()
		case roll < 40: // from another installation: arrived, into this cell
			t.Route, t.IssuerID, t.Issuer, t.FromOrgID, t.FromName = domain.RouteIn, 0, "Đảng ủy xã Nam Sơn", 0, "Chi bộ thôn Nam — Đảng bộ tỉnh khác"
			t.ToOrgID, t.ToName, t.Number, t.ArrivedOn = from.node.ID, from.node.Name, fmt.Sprintf("%d-GGT/ĐU", r.IntN(900)+1), letter.AddDays(r.IntN(20))
			if t.ArrivedOn.After(today) {
				t.ArrivedOn = today
			}
		case roll < 50: // temporary
			to := other(from.node.ID)
			t.Kind, t.Route, t.ToOrgID, t.ToName, t.Number = domain.TransferTemporary, domain.RouteInternal, to.node.ID, to.node.Name, number(from.parent, letter)
			t.EffectiveOn, t.Purpose, t.StartsOn = domain.Date{}, string(domain.PurposeWork), letter.AddDays(r.IntN(10))
			t.EndsOn = t.StartsOn.AddMonths(3 + r.IntN(8))
			t.Status = domain.TransferActive
			if t.EndsOn.Before(today) {
				t.Status, t.ClosedOn, t.CloseNote = domain.TransferEnded, t.EndsOn.AddDays(1), "Hết thời hạn"
			}
		default:
			t.MemberID = 0
		}
		if t.MemberID != 0 {
			b.Transfers = append(b.Transfers, t)
		}
		if r.IntN(100) < 2 {
			a := domain.Away{MemberID: p.MemberID, AwayInput: domain.AwayInput{Place: "Khu công nghiệp VSIP, Bình Dương", Since: day(700), Contact: "0912345678",
				KeepInTouch: "Gọi điện cho bí thư hằng tháng", Registered: r.IntN(2) == 0}}
			if r.IntN(10) < 6 {
				a.ExemptFrom = a.Since.AddDays(r.IntN(20))
				a.ExemptTo = a.ExemptFrom.AddMonths(3 + r.IntN(8))
				a.ExemptBy = "12-QĐ/ĐU"
			}
			if r.IntN(10) < 3 {
				a.ReturnedOn = a.Since.AddDays(60 + r.IntN(300))
				if a.ReturnedOn.After(today) {
					a.ReturnedOn = today
				}
				a.Comments, a.CommentsBy = "Chấp hành tốt quy định nơi tạm trú", "Công an phường"
			}
			b.Aways = append(b.Aways, a)
		}
		if r.IntN(100) < 10 {
			res := other(from.node.ID)
			t := domain.Tie{MemberID: p.MemberID, ResidenceID: res.node.ID, PresentedOn: domain.NewDate(2015+r.IntN(10), time.Month(1+r.IntN(12)), 1+r.IntN(28))}
			if r.IntN(100) < 8 {
				t.Category = domain.ResidenceBarracks
			}
			b.Ties = append(b.Ties, t)
			for _, y := range []int{today.Year() - 1, today.Year() - 2} {
				if t.PresentedOn.Year() <= y && r.IntN(100) < 85 {
					b.Comments = append(b.Comments, store.BulkComment{Tie: len(b.Ties) - 1, Year: y, CellID: res.node.ID, Text: "Gương mẫu tham gia sinh hoạt nơi cư trú",
						Verdict: domain.VerdictGood, On: domain.NewDate(y, 12, 10)})
				}
			}
		}
	}
	return b, nil
}
