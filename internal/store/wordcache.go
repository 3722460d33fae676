package store

import (
	"slices"
	"sync"
	"time"
)

// wordCacheTTL is how long the words of the full-text index that begin with
// a prefix (Tx.ftsWords) are kept in memory. Everyone typing a name types
// the same few prefixes ("nguy", "nguye"), and listing their words was a
// twelfth of the CPU of the search box's request. Every write committed by
// this process empties the cache; a member written by another process (the
// command line on the same database, a second server on PostgreSQL) has
// their new words found by a long prefix within this long.
const wordCacheTTL = 2 * time.Second

const wordCacheCap = 4096

// wordCache keeps ftsWords' answers by prefix, and searchArea's by scope.
// epoch counts the committed writes (DB.writeOn); a read snapshot takes it
// before it begins (DB.Read), and stores what it read only if no write has
// committed since, so what was read from a snapshot older than a write is
// never kept after it.
type wordCache struct {
	mu    sync.Mutex
	m     map[string]cached[[]string]
	areas map[string]cached[searchArea]
	epoch uint64
}

type cached[V any] struct {
	v     V
	until time.Time
}

func (c *wordCache) wrote() {
	c.mu.Lock()
	c.epoch++
	clear(c.m)
	clear(c.areas)
	c.mu.Unlock()
}

func (c *wordCache) start() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.epoch
}

// get returns the words of prefix, for a snapshot begun at epoch.
func (c *wordCache) get(prefix string, epoch uint64) ([]string, bool) {
	return cacheGet(c, c.m, prefix, epoch)
}

func (c *wordCache) put(prefix string, words []string, epoch uint64) {
	cachePut(c, &c.m, prefix, slices.Clip(words), epoch)
}

// area returns the search area of a scope (its paths, joined), for a
// snapshot begun at epoch.
func (c *wordCache) area(scope string, epoch uint64) (searchArea, bool) {
	return cacheGet(c, c.areas, scope, epoch)
}

func (c *wordCache) putArea(scope string, ar searchArea, epoch uint64) {
	ar.args = slices.Clip(ar.args) // shared by the searches that read it
	cachePut(c, &c.areas, scope, ar, epoch)
}

func cacheGet[V any](c *wordCache, m map[string]cached[V], key string, epoch uint64) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := m[key]
	if !ok || epoch != c.epoch || !time.Now().Before(e.until) {
		var zero V
		return zero, false
	}
	return e.v, true
}

func cachePut[V any](c *wordCache, m *map[string]cached[V], key string, v V, epoch uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if epoch != c.epoch {
		return
	}
	if *m == nil || len(*m) >= wordCacheCap {
		*m = map[string]cached[V]{}
	}
	(*m)[key] = cached[V]{v: v, until: time.Now().Add(wordCacheTTL)}
}
