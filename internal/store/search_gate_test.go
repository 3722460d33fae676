package store_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// Searches as one types run at most one per core at once on SQLite, the
// rest in turn (store.ReadSearch): forty at once never have more than
// GOMAXPROCS inside, all of them finish, and one whose request is gone
// while it waits gives up with its context's error, having read nothing.
func TestReadSearchTakesTurns(t *testing.T) {
	t.Parallel()
	db := SQLite(t)
	var inside, most atomic.Int32
	var wg sync.WaitGroup
	var done atomic.Int32
	for range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := db.ReadSearch(ctx, domain.System, func(tx *store.Tx) error {
				n := inside.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				time.Sleep(2 * time.Millisecond)
				inside.Add(-1)
				return nil
			})
			if err != nil {
				t.Error(err)
			}
			done.Add(1)
		}()
	}
	wg.Wait()
	if done.Load() != 40 || most.Load() > int32(runtime.GOMAXPROCS(0)) || most.Load() < 1 {
		t.Errorf("%d searches done, at most %d at once on %d cores", done.Load(), most.Load(), runtime.GOMAXPROCS(0))
	}

	// Every slot taken: a search whose request ends while it waits.
	hold := make(chan struct{})
	var held sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		held.Add(1)
		go db.ReadSearch(ctx, domain.System, func(tx *store.Tx) error { held.Done(); <-hold; return nil })
	}
	held.Wait()
	c, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	ran := false
	err := db.ReadSearch(c, domain.System, func(tx *store.Tx) error { ran = true; return nil })
	close(hold)
	if !errors.Is(err, context.DeadlineExceeded) || ran {
		t.Errorf("a search waiting past its request: ran %v, %v", ran, err)
	}
}
