//go:build !unix

package store

func setUmask() int { return 0 }

func restoreUmask(int) {}
