package store

import "time"

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
