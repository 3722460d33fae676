package store

import (
	"context"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"dangvien/internal/domain"
)

// Read snapshots that hold every connection of SQLite's reader pool, each
// running a statement not prepared yet, all finish: none waits for a free
// connection to prepare its statement on while holding one itself. (The
// first burst of searches after a start, under wrk, hung the server.)
func TestReadsFillingThePoolDoNotWaitToPrepare(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "pool.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n := db.r.Stats().MaxOpenConnections
	var inside sync.WaitGroup
	inside.Add(n)
	done := make(chan error, n)
	for i := range n {
		go func() {
			done <- db.Read(ctx, domain.System, func(tx *Tx) error {
				inside.Done()
				inside.Wait() // every connection of the pool is held
				var v int
				if err := tx.queryRow("SELECT ? + "+strconv.Itoa(i), 1).Scan(&v); err != nil {
					return err
				}
				if v != 1+i {
					t.Errorf("read %d: %d", i, v)
				}
				return nil
			})
		}()
	}
	for range n {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(time.Minute):
			t.Fatal("the reads wait for one another: the reader pool is deadlocked")
		}
	}
}
