//go:build !unix

package bench

import "time"

// cpuTime is not measured here: the figures by CPU time read 0.
func cpuTime() time.Duration { return 0 }
