package store

import (
	"sync"
	"time"
)

// readCacheTTL is how long what a read found is answered from memory:
// validated sessions (every request of a browser reads its session, and the
// search box asks once a keystroke: the read was 7% of a search request's
// CPU), the words of the full-text index that begin with a prefix
// (Tx.ftsWords: everyone typing a name types the same few prefixes, and
// listing their words was a twelfth of the request's CPU) and a search
// scope's range of ids (Tx.searchArea). A write committed by this process
// makes every entry stale before the next request reads it (DB.writes):
// sign-out, a password change or reset, disabling an account, a move of an
// organisation, a new member. Only a write by another process (the command
// line on the same database, a second server on PostgreSQL) waits for the
// entry to age out: at most this long.
const readCacheTTL = 2 * time.Second

// readCacheCap bounds the entries of a cache: past it the cache starts
// again empty.
const readCacheCap = 4096

// readCache keeps what reads found, by key. Each entry carries the count of
// committed writes (DB.writes) taken before the read that found it began,
// and is answered only while the count is the same: what a read found
// before a write committed is never answered after it, however the two
// interleave.
type readCache[V any] struct {
	mu sync.Mutex
	m  map[string]cachedRead[V]
}

type cachedRead[V any] struct {
	v      V
	writes uint64
	until  time.Time
}

// get returns the value of key if it was read at writes and is good at now.
func (c *readCache[V]) get(key string, writes uint64, now time.Time) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || e.writes != writes || !now.Before(e.until) {
		var zero V
		return zero, false
	}
	return e.v, true
}

// put keeps v, read at writes, until until.
func (c *readCache[V]) put(key string, v V, writes uint64, until time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= readCacheCap {
		c.m = map[string]cachedRead[V]{}
	}
	c.m[key] = cachedRead[V]{v: v, writes: writes, until: until}
}
