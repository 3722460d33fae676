package store

// BusyRetries is how many writes found SQLite's write lock taken by another
// process and tried again.
func BusyRetries() int64 { return busyRetries.Load() }
