package bench

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"dangvien/internal/app/members"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// serverCPU is the CPU time the PostgreSQL backends of db's database have
// used, read from /proc when the server runs on this machine; ok is false
// otherwise (SQLite works inside this process and cpuTime counts it).
type serverCPU map[int]time.Duration // backend pid → CPU

func readServerCPU(ctx context.Context, db *store.DB) (serverCPU, bool) {
	if db.Dialect != store.Postgres {
		return nil, false
	}
	rows, err := db.SQL().QueryContext(ctx, "SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
	if err != nil {
		return nil, false
	}
	defer rows.Close()
	out := serverCPU{}
	for rows.Next() {
		var pid int
		if rows.Scan(&pid) != nil {
			return nil, false
		}
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			return nil, false
		}
		// Fields 14 and 15, after the command in parentheses: utime, stime in ticks.
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		if len(f) < 13 {
			return nil, false
		}
		ut, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		out[pid] = time.Duration(ut+st) * (time.Second / 100) // USER_HZ is 100 on Linux
	}
	return out, rows.Err() == nil
}

// since is the CPU the backends used after before was read; a backend that
// started in between counts whole.
func (after serverCPU) since(before serverCPU) time.Duration {
	var d time.Duration
	for pid, c := range after {
		d += c - before[pid]
	}
	return d
}

// editProbe edits one member over and over while an import runs, as a user
// would, and records how long each edit took: on SQLite an edit waits for
// the import's write transaction, the one writer. The edits run on an OS
// thread of their own, so that their CPU (cpu, SQLite's work included: the
// driver runs in the calling goroutine) can be taken out of the import's.
type editProbe struct {
	stop  chan struct{}
	done  chan struct{}
	waits []time.Duration
	cpu   time.Duration
	err   error
}

func startEdits(ctx context.Context, db *store.DB, m domain.Member) *editProbe {
	p := &editProbe{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		c0 := threadCPU()
		defer func() { p.cpu = threadCPU() - c0 }()
		for i := 0; ; i++ {
			select {
			case <-p.stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			f := m.MemberFields
			f.Phone = fmt.Sprintf("09%08d", i)
			t := time.Now()
			if _, err := (&members.Service{DB: db}).Update(ctx, domain.System, m.ID, f, nil); err != nil {
				p.err = err
				return
			}
			p.waits = append(p.waits, time.Since(t))
		}
	}()
	return p
}

// editServerCPU is the PostgreSQL server's CPU for one edit of m, the mean
// of n edits made while nothing else runs on db's database: the backends'
// CPU cannot be told apart by whose statement they ran during an import,
// and /proc counts it in ticks of 10 ms, too coarse for one edit.
func editServerCPU(ctx context.Context, db *store.DB, m domain.Member, n int) (time.Duration, error) {
	s0, ok := readServerCPU(ctx, db)
	if !ok {
		return 0, nil
	}
	for i := range n {
		f := m.MemberFields
		f.Phone = fmt.Sprintf("08%08d", i)
		if _, err := (&members.Service{DB: db}).Update(ctx, domain.System, m.ID, f, nil); err != nil {
			return 0, err
		}
	}
	s1, ok := readServerCPU(ctx, db)
	if !ok {
		return 0, nil
	}
	return s1.since(s0) / time.Duration(n), nil
}

// finish stops the edits and describes their waits.
func (p *editProbe) finish() string {
	close(p.stop)
	<-p.done
	if p.err != nil {
		return "lỗi: " + p.err.Error()
	}
	if len(p.waits) == 0 {
		return "không lần nào"
	}
	slices.Sort(p.waits)
	return fmt.Sprintf("%d lần: trung vị %s, lâu nhất %s", len(p.waits), ms(p.waits[len(p.waits)/2]), p.waits[len(p.waits)-1].Round(time.Millisecond))
}

// probeMember creates the member that startEdits edits, in the first open cell.
func probeMember(ctx context.Context, db *store.DB) (domain.Member, error) {
	var cells []store.OrgRef
	if err := db.Read(ctx, domain.System, func(tx *store.Tx) error {
		var err error
		cells, _, err = tx.OpenCells(nil, 1)
		return err
	}); err != nil {
		return domain.Member{}, err
	}
	if len(cells) == 0 {
		return domain.Member{}, fmt.Errorf("bench: no open cell")
	}
	return (&members.Service{DB: db}).Create(ctx, domain.System, cells[0].ID, domain.MemberFields{FullName: "Đỗ Thị Thử", Gender: domain.Female,
		BirthDate: domain.MustDate("1985-03-08"), Ethnicity: "01", Education: "thpt"},
		domain.Event{Kind: domain.EventAdmitted, Date: domain.MustDate("2010-05-19"), Decided: domain.MustDate("2010-04-28")})
}
