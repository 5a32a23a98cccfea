//go:build unix

package store

import "syscall"

// setUmask makes files DuckDB creates private to the owner (0600).
func setUmask() int { return syscall.Umask(0o077) }

func restoreUmask(old int) { syscall.Umask(old) }
