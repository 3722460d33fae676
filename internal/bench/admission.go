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

	"dangvien/internal/app/admission"
	"dangvien/internal/app/badges"
	"dangvien/internal/app/orgs"
	"dangvien/internal/domain"
	"dangvien/internal/seed"
	"dangvien/internal/store"
)

// RunAdmission measures the admission and badge reports (issue 13) on a
// province of opt.Members members with their history (disciplines,
// transfers) and a pipeline of candidates, about one for every hundred
// members, at every step: the badge list of the next award date and the
// pipeline by step, at the root and in one commune. Each is set beside a
// bare baseline in the same run: the same rows read by plain SQL with
// nothing computed, which no report can beat.
func RunAdmission(ctx context.Context, opt Options) error {
	out := opt.Out
	h, err := openAdmissionDB(ctx, opt)
	if err != nil {
		return err
	}
	defer h.cleanup()
	if opt.Keep && !opt.Reuse {
		fmt.Fprintf(out, "Giữ lại: %s\n", h.name)
	}
	today := domain.DateOf(time.Now())
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "cơ sở dữ liệu\t%s\t\n", h.db.Dialect)
	if !opt.Reuse {
		t0 := time.Now()
		sum, err := seed.Province(ctx, h.db, seed.Options{Members: opt.Members, Seed: 1, History: true, Today: today})
		if err != nil {
			return err
		}
		seeded := time.Since(t0)
		t0 = time.Now()
		nc, ns, err := Candidates(ctx, h.db, opt.Members/100, 1)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "tỉnh mẫu\t%d tổ chức, %d đảng viên, %d sự kiện sau kết nạp, dựng trong %s\t\n", sum.Orgs, sum.Members, sum.Events, seeded.Round(time.Second))
		fmt.Fprintf(tw, "người vào Đảng\t%d hồ sơ, %d bước, ghi qua từng thao tác trong %s\t\n", nc, ns, time.Since(t0).Round(time.Second))
	}
	h.db.SQL().ExecContext(ctx, "ANALYZE")
	if h.db.Dialect == store.Postgres {
		h.db.SQL().ExecContext(ctx, "CHECKPOINT")
	}
	cpuWho := "tiến trình"
	if _, ok := readServerCPU(ctx, h.db); ok {
		cpuWho = "tiến trình và máy chủ PostgreSQL"
	}
	fmt.Fprintf(tw, "thời gian CPU\tcủa %s, trung bình 7 lần\t\n", cpuWho)

	root, commune, err := targets(ctx, h.db)
	if err != nil {
		return err
	}
	stop, err := startProfile(opt.CPUProfile)
	if err != nil {
		return err
	}
	defer stop()
	award := domain.AwardDates(today, 1)[0]
	bs, as := &badges.Service{DB: h.db}, &admission.Service{DB: h.db}
	for _, target := range []*store.TreeNode{root, commune} {
		if target == nil {
			continue
		}
		var due, cands int
		// Each report beside its bare read: the ratios compare them in the
		// same run, by wall clock and by CPU.
		pairs := []struct {
			name, bareName string
			run, bare      func() error
		}{
			{fmt.Sprintf("danh sách huy hiệu đợt %s", award), "nền: đọc trần các đảng viên cùng khoảng ngày vào Đảng", func() error {
				l, err := bs.List(ctx, domain.System, target.ID, award, domain.Date{})
				due = l.Due
				return err
			}, func() error {
				return bareBadgeRead(ctx, h.db, target.ID, award)
			}},
			{"người vào Đảng theo bước (và lý do chưa tiến được)", "nền: đọc trần hồ sơ và các bước", func() error {
				p, err := as.Pipeline(ctx, domain.System, target.ID)
				cands = p.Total.Total
				return err
			}, func() error {
				return bareDossierRead(ctx, h.db, target.ID)
			}},
		}
		for _, p := range pairs {
			r, err := timeRuns(ctx, h.db, 7, p.run)
			if err != nil {
				return fmt.Errorf("%s: %w", p.name, err)
			}
			b, err := timeRuns(ctx, h.db, 7, p.bare)
			if err != nil {
				return fmt.Errorf("%s: %w", p.bareName, err)
			}
			fmt.Fprintf(tw, "%s: %s\ttrung vị %s, nhanh nhất %s; CPU %s\t\n", target.Name, p.name, ms(r.median), ms(r.fastest), ms(r.cpu))
			fmt.Fprintf(tw, "%s: %s\ttrung vị %s, nhanh nhất %s; CPU %s\t\n", target.Name, p.bareName, ms(b.median), ms(b.fastest), ms(b.cpu))
			fmt.Fprintf(tw, "%s:   báo cáo / đọc trần\t%.1f lần (trung vị), %.1f lần (CPU)\t\n", target.Name,
				float64(r.median)/float64(max(b.median, 1)), float64(r.cpu)/float64(max(b.cpu, 1)))
		}
		fmt.Fprintf(tw, "%s: kết quả\t%d đảng viên được xét tặng huy hiệu, %d người vào Đảng\t\n", target.Name, due, cands)
	}
	fmt.Fprintf(tw, "bộ nhớ đỉnh (VmHWM)\t%s\t\n", peakRSS())
	if opt.Keep {
		fmt.Fprintf(tw, "giữ lại, đo lại bằng\tdangvien bench --admission --reuse --db '%s'\t\n", h.name)
	}
	return tw.Flush()
}

// openAdmissionDB is the database RunAdmission measures: the one opt.DSN names
// when opt.Reuse, else a new one, dropped at the end unless opt.Keep.
func openAdmissionDB(ctx context.Context, opt Options) (*dbHandle, error) {
	if opt.Reuse {
		if opt.DSN == "" {
			return nil, fmt.Errorf("--reuse: cần --db trỏ tới cơ sở dữ liệu đã giữ lại")
		}
		if !store.IsPostgres(opt.DSN) {
			if _, err := os.Stat(opt.DSN); err != nil {
				return nil, err
			}
		}
		db, err := store.Open(ctx, opt.DSN)
		return &dbHandle{db: db, name: opt.DSN, cleanup: func() { db.Close() }}, err
	}
	dir, err := os.MkdirTemp("", "dangvien-bench-")
	if err != nil {
		return nil, err
	}
	h, err := fresh(ctx, opt.DSN, dir, "admission")
	if err != nil {
		return nil, err
	}
	if opt.Keep {
		h.cleanup = func() { h.db.Close() }
		return h, nil
	}
	drop := h.cleanup
	h.cleanup = func() { drop(); os.RemoveAll(dir) }
	return h, nil
}

// runs is what timeRuns measured: the median and fastest wall clock, and
// the mean CPU time of a run (this process, and the PostgreSQL backends
// when the server is on this machine: on a machine shared with other work
// CPU moves less than the clock; the backends' is counted in ticks of 10
// ms, hence the mean over the runs).
type runs struct {
	median, fastest, cpu time.Duration
}

func timeRuns(ctx context.Context, db *store.DB, n int, run func() error) (runs, error) {
	var ds []time.Duration
	srv0, srvOK := readServerCPU(ctx, db)
	cpu0 := cpuTime()
	for range n {
		t := time.Now()
		if err := run(); err != nil {
			return runs{}, err
		}
		ds = append(ds, time.Since(t))
	}
	cpu := cpuTime() - cpu0
	if srv1, ok := readServerCPU(ctx, db); ok && srvOK {
		cpu += srv1.since(srv0)
	}
	slices.Sort(ds)
	return runs{median: ds[len(ds)/2], fastest: ds[0], cpu: cpu / time.Duration(n)}, nil
}

// targets finds the root of the tree and its largest commune.
func targets(ctx context.Context, db *store.DB) (root, commune *store.TreeNode, err error) {
	tree, err := (&orgs.Service{DB: db}).Tree(ctx, domain.System, domain.Date{})
	if err != nil {
		return nil, nil, err
	}
	root = tree.Roots[0]
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
	return root, commune, nil
}

// bareBadgeRead reads, by plain SQL and with nothing computed, the members
// of the subtree whose decision date falls in the award date's windows:
// the rows any badge list must read, the best way (by the decision date's
// index; store.BadgeMembers says why the status is an expression).
func bareBadgeRead(ctx context.Context, db *store.DB, orgID int64, award domain.Date) error {
	var path string
	if err := db.SQL().QueryRowContext(ctx, q(db, "SELECT path FROM orgs WHERE id = ?"), orgID).Scan(&path); err != nil {
		return err
	}
	from := domain.PrevAwardDate(award)
	var parts []string
	var args []any
	for _, y := range domain.BadgeYears {
		lo, hi := domain.BadgeWindow(y, from, award)
		parts = append(parts, "SELECT id, full_name, admission_decision_date FROM members WHERE admission_decision_date > ? AND admission_decision_date < ? AND org_path >= ? AND org_path < ? AND status || '' = 'official'")
		args = append(args, lo, hi, path, strings.TrimSuffix(path, "/")+"0")
	}
	rows, err := db.SQL().QueryContext(ctx, q(db, strings.Join(parts, " UNION ALL ")), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		var d domain.Date
		if err := rows.Scan(&id, &name, &d); err != nil {
			return err
		}
	}
	return rows.Err()
}

// bareDossierRead reads, by plain SQL, the open candidates of the subtree
// (the columns the rules read, migration 00070) and their steps, with
// nothing computed.
func bareDossierRead(ctx context.Context, db *store.DB, orgID int64) error {
	var path string
	if err := db.SQL().QueryRowContext(ctx, q(db, "SELECT path FROM orgs WHERE id = ?"), orgID).Scan(&path); err != nil {
		return err
	}
	lo, hi := path, strings.TrimSuffix(path, "/")+"0"
	rows, err := db.SQL().QueryContext(ctx, q(db, "SELECT id, full_name, birth_date, education FROM candidates WHERE org_path >= ? AND org_path < ? AND status = 'open'"), lo, hi)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var name, edu string
		var birth domain.Date
		if err := rows.Scan(&id, &name, &birth, &edu); err != nil {
			rows.Close()
			return err
		}
	}
	rows.Close()
	srows, err := db.SQL().QueryContext(ctx, q(db, "SELECT s.id, s.candidate_id, s.kind, s.date, s.number FROM candidate_steps s JOIN candidates c ON c.id = s.candidate_id WHERE c.org_path >= ? AND c.org_path < ? AND c.status = 'open'"), lo, hi)
	if err != nil {
		return err
	}
	defer srows.Close()
	for srows.Next() {
		var id, c int64
		var k, n string
		var d domain.Date
		if err := srows.Scan(&id, &c, &k, &d, &n); err != nil {
			return err
		}
	}
	return srows.Err()
}

// q writes ? placeholders as PostgreSQL's $n.
func q(db *store.DB, s string) string {
	if db.Dialect != store.Postgres {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Candidates records n candidates in cells across the province, each taken
// through the dossier as far as a random step, through the same user
// actions a cell uses (every rule checked, every step audited): some stop
// early, some have documents that ran out, some wait for the decision,
// some are admitted. It returns the candidates and steps written.
func Candidates(ctx context.Context, db *store.DB, n int, seedN uint64) (candidates, steps int, err error) {
	r := rand.New(rand.NewPCG(seedN, 13))
	svc := &admission.Service{DB: db}
	today := domain.DateOf(db.Now())
	// Cells with at least two members official for three years or more,
	// who introduce.
	rows, err := db.SQL().QueryContext(ctx, q(db, `SELECT m.org_id, m.id FROM members m WHERE m.status = 'official' AND m.official_date <= ? ORDER BY m.org_id, m.id`), today.AddYears(-3))
	if err != nil {
		return 0, 0, err
	}
	by := map[int64][]int64{}
	var cells []int64
	for rows.Next() {
		var cell, id int64
		if err := rows.Scan(&cell, &id); err != nil {
			rows.Close()
			return 0, 0, err
		}
		if len(by[cell]) == 0 {
			cells = append(cells, cell)
		}
		if len(by[cell]) < 4 {
			by[cell] = append(by[cell], id)
		}
	}
	rows.Close()
	cells = slices.DeleteFunc(cells, func(c int64) bool { return len(by[c]) < 2 })
	if len(cells) == 0 {
		return 0, 0, fmt.Errorf("no cell with two official members")
	}
	sources := []string{"youth_union", "youth_union", "youth_union", "trade_union", "women_union", "veterans", "farmers", "enterprise"}
	add := func(id int64, s domain.Step) error {
		if _, err := svc.AddStep(ctx, domain.System, id, s); err != nil {
			return fmt.Errorf("candidate %d, %s: %w", id, s.Kind, err)
		}
		steps++
		return nil
	}
	for i := range n {
		cell := cells[r.IntN(len(cells))]
		female := r.IntN(2) == 0
		g, name := domain.Male, "Nguyễn Văn "
		if female {
			g, name = domain.Female, "Trần Thị "
		}
		name += []string{"An", "Bình", "Cúc", "Dung", "Giang", "Hà", "Khánh", "Lan", "Minh", "Ngọc", "Phương", "Quân", "Sơn", "Thảo", "Uyên", "Vinh"}[r.IntN(16)]
		birth := today.AddYears(-(19 + r.IntN(25))).AddDays(-r.IntN(365))
		if r.IntN(40) == 0 {
			birth = today.AddYears(-17).AddDays(-r.IntN(200)) // not yet 18: stalls on age
		}
		edu := "thpt"
		if r.IntN(30) == 0 {
			edu = "tieu_hoc" // stalls on education
		}
		src := sources[r.IntN(len(sources))]
		in := domain.CandidateInput{MemberFields: domain.MemberFields{FullName: name, Gender: g, BirthDate: birth, Ethnicity: "01", Education: edu,
			CitizenID: fmt.Sprintf("099%09d", i+1), Occupation: []string{"Giáo viên", "Nông dân", "Công nhân", "Cán bộ xã", "Kinh doanh"}[r.IntN(5)]},
			Source: src, YouthUnion: src == "youth_union"}
		c, err := svc.CreateCandidate(ctx, domain.System, cell, in)
		if err != nil {
			return candidates, steps, fmt.Errorf("candidate %d: %w", i, err)
		}
		candidates++
		// How far this dossier goes: 0 awareness only … 9 admitted.
		stage := r.IntN(10)
		start := today.AddDays(-30 - r.IntN(300))
		if r.IntN(8) == 0 {
			start = today.AddDays(-400 - r.IntN(200)) // documents run out
		}
		if err := add(c.ID, domain.Step{Kind: domain.StepAwareness, Date: start.AddMonths(-6), Number: fmt.Sprintf("%d/GCN", i+1)}); err != nil {
			return candidates, steps, err
		}
		if stage < 1 {
			continue
		}
		docs := []domain.Step{{Kind: domain.StepApplication, Date: start}, {Kind: domain.StepHistory, Date: start.AddDays(3)}}
		intro := by[cell]
		docs = append(docs, domain.Step{Kind: domain.StepIntroduction, Date: start.AddDays(5), IntroducerID: intro[0], KnownSince: start.AddYears(-2)})
		// The Youth Union's resolution stands for an introducer while the
		// candidate is under 30 on the day the cell will vote.
		if !in.YouthUnion || domain.AgeOn(birth, start.AddDays(20)) >= domain.Rules.Int("admission.youth_union_max_age", start) {
			docs = append(docs, domain.Step{Kind: domain.StepIntroduction, Date: start.AddDays(6), IntroducerID: intro[1], KnownSince: start.AddYears(-2)})
		} else {
			docs = append(docs, domain.Step{Kind: domain.StepUnionResolution, Date: start.AddDays(6), Number: fmt.Sprintf("%d-NQ/ĐTN", i+1)})
		}
		docs = append(docs, domain.Step{Kind: domain.StepBackground, Date: start.AddDays(10), Passed: r.IntN(20) != 0},
			domain.Step{Kind: domain.StepUnionComments, Date: start.AddDays(12)}, domain.Step{Kind: domain.StepResidence, Date: start.AddDays(14)})
		for j, s := range docs {
			if j >= 2+stage {
				break
			}
			if err := add(c.ID, s); err != nil {
				return candidates, steps, err
			}
		}
		if stage < 7 || start.Before(today.AddYears(-1)) || edu != "thpt" || domain.AgeOn(birth, start.AddDays(20)) < 18 {
			continue
		}
		// The cell's vote, the committee's, the decision, the ceremony.
		p, err := svc.Candidate(ctx, domain.System, c.ID)
		if err != nil {
			return candidates, steps, err
		}
		if p.Progress.Stage != domain.StepCellVote {
			continue // the background check found something
		}
		voteOn := start.AddDays(20)
		officials, err := officialsOn(ctx, db, cell, voteOn)
		if err != nil || officials == 0 {
			continue
		}
		if err := add(c.ID, domain.Step{Kind: domain.StepCellVote, Date: voteOn, Agree: officials}); err != nil {
			return candidates, steps, err
		}
		if domain.NeedsCommitteeVote(p.OrgKind) {
			if err := add(c.ID, domain.Step{Kind: domain.StepCommitteeVote, Date: voteOn.AddDays(10), Agree: 9, Eligible: 11}); err != nil {
				return candidates, steps, err
			}
		}
		if stage < 8 || !voteOn.AddDays(20).Before(today) {
			continue
		}
		dec := voteOn.AddDays(20)
		if err := add(c.ID, domain.Step{Kind: domain.StepDecision, Date: dec, Number: fmt.Sprintf("%d-QĐ/ĐU", i+1)}); err != nil {
			return candidates, steps, err
		}
		if stage < 9 || !dec.AddDays(10).Before(today) {
			continue
		}
		if err := add(c.ID, domain.Step{Kind: domain.StepCeremony, Date: dec.AddDays(10)}); err != nil {
			return candidates, steps, err
		}
	}
	return candidates, steps, nil
}

// officialsOn counts the official members of a cell on a day, as the cell's
// vote does.
func officialsOn(ctx context.Context, db *store.DB, cellID int64, d domain.Date) (int, error) {
	var n int
	err := db.Read(ctx, domain.System, func(tx *store.Tx) error {
		cell, err := tx.Org(cellID)
		if err != nil {
			return err
		}
		n, err = tx.OfficialMembersOn(cell, d)
		return err
	})
	return n, err
}
