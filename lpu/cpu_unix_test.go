//go:build unix

package lpu_test

import (
	"syscall"
	"time"
)

// tempoCPU is the CPU time (user + system) the process has used so far.
func tempoCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
