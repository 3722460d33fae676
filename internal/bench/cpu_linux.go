//go:build linux

package bench

import (
	"syscall"
	"time"
)

// threadCPU is the CPU time of the calling thread (lock the goroutine to it
// first). SQLite runs in the calling goroutine, so on a machine shared with
// other work it tells what a search cost apart from how long it waited for
// a core.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(1, &ru) // RUSAGE_THREAD
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
