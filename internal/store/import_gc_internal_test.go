package store

import (
	"math"
	"runtime/debug"
	"testing"
)

// settings reads GOGC and the memory limit without changing them.
func gcSettings() (int, int64) {
	g := debug.SetGCPercent(100)
	debug.SetGCPercent(g)
	return g, debug.SetMemoryLimit(-1)
}

// Imports under way collect less often within a memory limit, and the
// last one to end puts back what the process had; an operator's GOGC
// higher than the import's, or a lower memory limit, is left alone.
func TestImportsCollectLessWithinALimit(t *testing.T) {
	g0, l0 := gcSettings()
	defer func() { debug.SetGCPercent(g0); debug.SetMemoryLimit(l0) }()
	for _, c := range []struct {
		name      string
		gogc      int
		limit     int64
		wantGOGC  int
		wantLimit int64
	}{
		{"defaults", 100, math.MaxInt64, importGOGC, -1},
		{"GOGC higher", 800, math.MaxInt64, 800, -1},
		{"GOGC off", -1, math.MaxInt64, -1, -1},
		{"limit lower", 100, 1 << 20, importGOGC, 1 << 20},
	} {
		debug.SetGCPercent(c.gogc)
		debug.SetMemoryLimit(c.limit)
		used := goMemory()
		first := lessGC()
		if c.wantLimit < 0 { // what the process held, plus the budget
			_, l := gcSettings()
			if l < used+importMemBudget || l > goMemory()+importMemBudget {
				t.Fatalf("%s: limit %d MB with %d MB in use", c.name, l>>20, used>>20)
			}
			c.wantLimit = l
		}
		second := lessGC() // a second import under way
		if g, l := gcSettings(); g != c.wantGOGC || l != c.wantLimit {
			t.Fatalf("%s: during two imports GOGC %d limit %d, want %d %d", c.name, g, l, c.wantGOGC, c.wantLimit)
		}
		first()
		first() // twice: no effect
		if g, l := gcSettings(); g != c.wantGOGC || l != c.wantLimit {
			t.Fatalf("%s: while one import runs GOGC %d limit %d, want %d %d", c.name, g, l, c.wantGOGC, c.wantLimit)
		}
		second()
		if g, l := gcSettings(); g != c.gogc || l != c.limit {
			t.Fatalf("%s: after the imports GOGC %d limit %d, want %d %d", c.name, g, l, c.gogc, c.limit)
		}
	}
}
