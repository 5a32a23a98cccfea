//go:build unix

package xlsx

import (
	"syscall"
	"time"
)

// cpuTime is the process's user and system CPU time so far. On a shared
// machine rows per CPU second is steadier than rows per second of wall
// time; it counts the garbage collector's work on other cores too.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
