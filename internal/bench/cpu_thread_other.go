//go:build !linux

package bench

import "time"

// threadCPU is not measured here: it reads 0.
func threadCPU() time.Duration { return 0 }
