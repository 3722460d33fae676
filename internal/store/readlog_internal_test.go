package store

import (
	"context"
	"errors"
	"sync"
	"testing"

	"dangvien/internal/domain"
)

func TestScopeRoot(t *testing.T) {
	for _, c := range []struct {
		a    domain.Actor
		want string
	}{
		{domain.Actor{Role: domain.RoleAdmin, Paths: []string{"/1/"}}, ""},
		{domain.Actor{Role: domain.RoleMember, MemberID: 7}, ""},
		{domain.Actor{Role: domain.RoleStaff, Paths: []string{"/1/7/"}}, "/1/7/"},
		{domain.Actor{Role: domain.RoleInCharge, Paths: []string{"/1/7/42/", "/1/7/43/"}}, "/1/7/"},
		{domain.Actor{Role: domain.RoleInCharge, Paths: []string{"/1/7/", "/1/72/"}}, "/1/"}, // not "/1/7": whole path steps
		{domain.Actor{Role: domain.RoleStaff, Paths: []string{"/1/7/", "/2/"}}, "/"},
	} {
		if got := scopeRoot(c.a); got != c.want {
			t.Errorf("scopeRoot(%v) = %q, want %q", c.a.Paths, got, c.want)
		}
	}
}

// sink records batches; it can be held, to fill the buffer, or made to fail.
type sink struct {
	mu      sync.Mutex
	batches [][]readRow
	entered chan struct{}
	release chan struct{}
	fail    bool
}

func (s *sink) write(b []readRow) error {
	if s.entered != nil {
		s.entered <- struct{}{}
		<-s.release
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail {
		s.fail = false
		return errors.New("cơ sở dữ liệu bận")
	}
	s.batches = append(s.batches, append([]readRow(nil), b...))
	return nil
}

func (s *sink) rows() (reads, dropped int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, b := range s.batches {
		for _, r := range b {
			if r.Kind == ReadDropped {
				dropped += r.Rows
			} else {
				reads++
			}
		}
	}
	return
}

func row(id int64) readRow { return readRow{Read: MemberRead(ReadMember, id, "")} }

// While the writer is held (the SQLite writer busy with an import), the
// buffer fills; what does not fit is counted, and the count is written
// into the log with the next batch. Nothing blocks the readers.
func TestReadLogOverflow(t *testing.T) {
	s := &sink{entered: make(chan struct{}), release: make(chan struct{})}
	l := newReadLog(4, s.write)
	l.add(row(1))
	<-s.entered // the writer holds row 1 and waits
	for i := range 10 {
		l.add(row(int64(i + 2))) // 4 fit, 6 do not
	}
	if got := l.lost.Load(); got != 6 {
		t.Fatalf("dropped %d, want 6", got)
	}
	s.entered = nil
	close(s.release)
	l.close()
	if reads, dropped := s.rows(); reads != 5 || dropped != 6 {
		t.Fatalf("written %d reads and a drop count of %d; want 5 and 6", reads, dropped)
	}
	l.add(row(99)) // after close
	if l.lost.Load() != 7 {
		t.Fatal("a read after close was not counted")
	}
}

// A batch that cannot be written is counted as dropped and reported with
// the next one.
func TestReadLogFailedBatch(t *testing.T) {
	s := &sink{fail: true}
	l := newReadLog(16, s.write)
	for i := range 3 {
		l.add(row(int64(i)))
	}
	l.flush(context.Background())
	l.add(row(9))
	l.close()
	if reads, dropped := s.rows(); reads != 1 || dropped != 3 || l.lost.Load() != 3 {
		t.Fatalf("written %d, drop count %d, lost %d; want 1, 3, 3", reads, dropped, l.lost.Load())
	}
}

// Flushes and adds from many goroutines, then close, never deadlock or
// lose a read silently.
func TestReadLogConcurrentFlushAndClose(t *testing.T) {
	s := &sink{}
	l := newReadLog(8, s.write)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				l.add(row(int64(g*1000 + i)))
				if i%50 == 0 {
					l.flush(context.Background())
				}
			}
		}()
	}
	wg.Wait()
	l.close()
	l.flush(context.Background()) // after close: returns
	reads, dropped := s.rows()
	if reads+dropped != 4000 || int64(dropped) != l.lost.Load() {
		t.Fatalf("%d written + %d dropped != 4000 (lost %d)", reads, dropped, l.lost.Load())
	}
}
