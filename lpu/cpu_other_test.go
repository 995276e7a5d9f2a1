//go:build !unix

package lpu_test

import "time"

// tempoCPU is not measured on this platform.
func tempoCPU() time.Duration { return 0 }
