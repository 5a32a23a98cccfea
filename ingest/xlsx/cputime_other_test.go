//go:build !unix

package xlsx

import "time"

// cpuTime is not measured here: rows/cpu-s is not reported.
func cpuTime() time.Duration { return 0 }
