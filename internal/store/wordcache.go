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

// wordCache keeps ftsWords' answers by prefix. epoch counts the committed
// writes (DB.writeOn); a read snapshot takes it before it begins (DB.Read),
// and stores what it read only if no write has committed since, so words
// read from a snapshot older than a write are never kept after it.
type wordCache struct {
	mu    sync.Mutex
	m     map[string]cachedWords
	epoch uint64
}

type cachedWords struct {
	words []string
	until time.Time
}

func (c *wordCache) wrote() {
	c.mu.Lock()
	c.epoch++
	clear(c.m)
	c.mu.Unlock()
}

func (c *wordCache) start() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.epoch
}

// get returns the words of prefix, for a snapshot begun at epoch.
func (c *wordCache) get(prefix string, epoch uint64) ([]string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[prefix]
	if !ok || epoch != c.epoch || !time.Now().Before(e.until) {
		return nil, false
	}
	return e.words, true
}

func (c *wordCache) put(prefix string, words []string, epoch uint64) {
	words = slices.Clip(words)
	c.mu.Lock()
	defer c.mu.Unlock()
	if epoch != c.epoch {
		return
	}
	if c.m == nil || len(c.m) >= wordCacheCap {
		c.m = map[string]cachedWords{}
	}
	c.m[prefix] = cachedWords{words: words, until: time.Now().Add(wordCacheTTL)}
}
