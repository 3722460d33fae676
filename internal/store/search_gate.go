package store

import (
	"context"
	"runtime"

	"dangvien/internal/domain"
)

// ReadSearch is Read for a search as one types, run at most one per core
// at a time on SQLite, whose searches spend their time on the process's own
// cores; the others wait their turn, first come first served, or until
// their request is gone. Sixteen at once shared the two cores of the
// measuring machine eight ways, so that a search of 5 ms took 40 (the 99th
// percentile under wrk); in turn, it takes its 5 ms after those before it.
// PostgreSQL's searches run in the server's processes: not held here.
func (db *DB) ReadSearch(ctx context.Context, a domain.Actor, fn func(tx *Tx) error) error {
	if db.searches != nil {
		select {
		case db.searches <- struct{}{}:
			defer func() { <-db.searches }()
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return db.Read(ctx, a, fn)
}

// searchSlots is how many searches ReadSearch runs at once on SQLite.
func searchSlots() int { return runtime.GOMAXPROCS(0) }
