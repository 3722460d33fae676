package store

import (
	"slices"
	"sync"
	"time"
)

// sessionCacheTTL is how long a validated session is answered from memory.
// Every request of a browser reads its session, and the search box asks once
// a keystroke: the read was 7% of a search request's CPU. Revocation in this
// process stays immediate: every committed write (sign-out, a password
// change or reset, disabling an account, a change of its organisations, a
// move of an organisation) empties the cache before the next request reads
// it (sessionCache.epoch). Only a change made by another process (the
// command line on the same database, a second server on PostgreSQL) waits
// for the entry to age out: at most this long.
const sessionCacheTTL = 2 * time.Second

// sessionCacheCap bounds the entries: past it the cache starts again empty.
const sessionCacheCap = 4096

// sessionCache keeps the sessions SessionByToken validated, by token hash.
type sessionCache struct {
	mu sync.Mutex
	m  map[string]cachedSession
	// epoch counts the committed writes (DB.writeOn). An entry is good only
	// while the count is the one read before its session was read from
	// the database, so a session read before a revocation committed is
	// never stored as good after it.
	epoch uint64
}

type cachedSession struct {
	s       Session
	epoch   uint64
	expires time.Time // the session's own expiry, or the entry's if sooner
}

// wrote records a committed write: every entry is dropped.
func (c *sessionCache) wrote() {
	c.mu.Lock()
	c.epoch++
	clear(c.m)
	c.mu.Unlock()
}

// start is the epoch to store a session read from now on with.
func (c *sessionCache) start() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.epoch
}

// get returns the cached session of a token hash, valid at now.
func (c *sessionCache) get(hash string, now time.Time) (Session, bool) {
	c.mu.Lock()
	e, ok := c.m[hash]
	ok = ok && e.epoch == c.epoch && now.Before(e.expires)
	c.mu.Unlock()
	if !ok {
		return Session{}, false
	}
	s := e.s
	s.Actor.Paths = slices.Clone(s.Actor.Paths)
	return s, true
}

// put stores a session read at epoch, if no write has committed since.
func (c *sessionCache) put(hash string, s Session, epoch uint64, now, expires time.Time) {
	s.Actor.Paths = slices.Clone(s.Actor.Paths)
	c.mu.Lock()
	defer c.mu.Unlock()
	if epoch != c.epoch {
		return
	}
	if c.m == nil || len(c.m) >= sessionCacheCap {
		c.m = map[string]cachedSession{}
	}
	if until := now.Add(sessionCacheTTL); until.Before(expires) {
		expires = until
	}
	c.m[hash] = cachedSession{s: s, epoch: epoch, expires: expires}
}
