//go:build unix

package web

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time this process has used, all goroutines (the read
// log's writer, the collector): what a request costs the server, on a
// machine where the wall clock also counts the other work waiting.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
