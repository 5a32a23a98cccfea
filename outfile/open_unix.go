//go:build unix

package outfile

import (
	"errors"
	"syscall"
)

// noFollow makes an open fail on a symbolic link, and not block on a
// named pipe.
const noFollow = syscall.O_NOFOLLOW | syscall.O_NONBLOCK

func isLoop(err error) bool { return errors.Is(err, syscall.ELOOP) }
