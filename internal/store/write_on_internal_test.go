package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"dangvien/internal/domain"
)

// An import's write sets temp_store on the one write connection for its
// transaction only: whether it commits or fails, the next write finds the
// connection as Open made it (sorts to files), or the index builds of every
// later write would sort in memory without bound.
func TestWriteOnResetsTheConnection(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tempStore := func(tx *Tx) int {
		var v int
		if err := tx.queryRow("PRAGMA temp_store").Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	const file, memory = 1, 2
	boom := errors.New("boom")
	for _, fail := range []bool{false, true} {
		err := db.writeOn(ctx, domain.System, "PRAGMA temp_store = MEMORY", "PRAGMA temp_store = FILE", func(tx *Tx) error {
			if got := tempStore(tx); got != memory {
				t.Errorf("inside the write: temp_store = %d, want %d", got, memory)
			}
			if fail {
				return boom
			}
			return nil
		})
		if fail != errors.Is(err, boom) {
			t.Fatalf("fail=%v: err = %v", fail, err)
		}
		if err := db.write(ctx, domain.System, func(tx *Tx) error {
			if got := tempStore(tx); got != file {
				t.Errorf("fail=%v: the next write finds temp_store = %d, want %d", fail, got, file)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
}
