package ingest

import "syscall"

// enlargePipe asks for a 1 MiB pipe (the most Linux gives without
// privilege) instead of 64 KiB, so that DuckDB and the writer run without
// waking each other every few records. A refusal leaves the pipe as it is.
func enlargePipe(fd int) {
	const setPipeSize = 1031 // F_SETPIPE_SZ
	syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), setPipeSize, 1<<20)
}
