package store

import (
	"context"
	"time"

	"dangvien/internal/domain"
)

// PasswordChecks counts the checks of a password against a real account's
// hash since the database was opened.
func PasswordChecks(db *DB) int64 { return db.gate().checked.Load() }

// PasswordPeak is the most password checks and hashes seen running at once.
func PasswordPeak(db *DB) int64 { return db.gate().peak.Load() }

// SetPasswordGate sizes the gate of a fresh database before its first use.
func SetPasswordGate(db *DB, slots int, wait time.Duration) {
	db.auth.slots, db.auth.wait = make(chan struct{}, slots), wait
}

// HoldPasswordSlot takes one slot of the gate until release is called.
func HoldPasswordSlot(db *DB) (release func()) {
	db.gate().slots <- struct{}{}
	return func() { <-db.auth.slots }
}

// BusyRetries is how many writes found SQLite's write lock taken by another
// process and tried again.
func BusyRetries() int64 { return busyRetries.Load() }

// WriterState is what the next write finds on its connection: whether
// foreign keys are enforced (SQLite's PRAGMA, PostgreSQL's
// session_replication_role = origin), and whether the full-text trigger of
// members is in place (SQLite; true on PostgreSQL).
func WriterState(db *DB) (foreignKeys, ftsTrigger bool, err error) {
	err = db.write(context.Background(), domain.System, func(tx *Tx) error {
		if db.Dialect == Postgres {
			var role string
			if err := tx.queryRow("SHOW session_replication_role").Scan(&role); err != nil {
				return err
			}
			foreignKeys, ftsTrigger = role == "origin", true
			return nil
		}
		var fk, n int
		if err := tx.queryRow("PRAGMA foreign_keys").Scan(&fk); err != nil {
			return err
		}
		if err := tx.queryRow("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'members_fts_ins'").Scan(&n); err != nil {
			return err
		}
		foreignKeys, ftsTrigger = fk == 1, n == 1
		return nil
	})
	return
}
