package store

import (
	"context"
	"fmt"
)

// Healthy tells whether the database takes writes: it writes the one
// heartbeat row. A database that answers reads but refuses writes (a file
// gone read-only, a full disk, a PostgreSQL standby) is not healthy. The
// heartbeat is bookkeeping about the server, not a record, so it has no
// audit row: one per probe would bury the trail.
func (db *DB) Healthy(ctx context.Context) error {
	res, err := db.w.ExecContext(ctx, db.q("UPDATE heartbeat SET at = ? WHERE id = 1"), db.stamp())
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("heartbeat: %d rows, %v", n, err)
	}
	return nil
}
