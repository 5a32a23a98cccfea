//go:build unix

package ingest

import (
	"errors"
	"os"
	"syscall"
)

// makePipe makes a named pipe that only the owner can open.
func makePipe(name string) error { return syscall.Mkfifo(name, 0o600) }

// tryOpenPipe opens the write end of a named pipe if a reader has it open,
// and fails with errNoReader if none has. The file is non-blocking, so its
// writes go through Go's poller and a deadline can interrupt them.
func tryOpenPipe(name string) (*os.File, error) {
	fd, err := syscall.Open(name, syscall.O_WRONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if errors.Is(err, syscall.ENXIO) || errors.Is(err, syscall.EINTR) {
		return nil, errNoReader
	}
	if err != nil {
		return nil, err
	}
	enlargePipe(fd)
	return os.NewFile(uintptr(fd), name), nil
}
