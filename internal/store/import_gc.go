package store

import (
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// While an import runs the garbage collector runs less often: the parse
// and the check allocate a great deal that dies young, and at the default
// GOGC of 100 collecting took about a tenth of a 200k-row import's CPU.
// A soft memory limit bounds what that costs: the memory the process used
// when the first import began plus importMemBudget; past it the collector
// runs as often as it must (a limit below what a server already holds
// would have it collect without end). Both are process settings, so they
// are taken by the first import under way and given back by the last.
const (
	importGOGC      = 400
	importMemBudget = 64 << 20
)

var importGC struct {
	sync.Mutex
	users      int
	gogc       int
	limit      int64
	raisedGOGC bool
	loweredLim bool
}

// lessGC applies the import's collector settings until the returned
// function is called. It never lowers a GOGC set higher (or off) by the
// operator, nor raises a memory limit set lower.
func lessGC() (restore func()) {
	g := &importGC
	g.Lock()
	if g.users == 0 {
		g.gogc = debug.SetGCPercent(importGOGC)
		g.raisedGOGC = g.gogc >= 0 && g.gogc < importGOGC
		if !g.raisedGOGC {
			debug.SetGCPercent(g.gogc)
		}
		g.limit = debug.SetMemoryLimit(-1)
		want := goMemory() + importMemBudget
		g.loweredLim = g.limit > want
		if g.loweredLim {
			debug.SetMemoryLimit(want)
		}
	}
	g.users++
	g.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			g.Lock()
			defer g.Unlock()
			if g.users--; g.users > 0 {
				return
			}
			if g.raisedGOGC {
				debug.SetGCPercent(g.gogc)
			}
			if g.loweredLim {
				debug.SetMemoryLimit(g.limit)
			}
		})
	}
}

// goMemory is the memory the Go runtime holds, as the memory limit counts it.
func goMemory() int64 {
	m := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(m)
	return int64(m[0].Value.Uint64() - m[1].Value.Uint64())
}
