//go:build !unix

package outfile

// noFollow: this system's open has no such flags; Check's look at the
// path (os.Lstat) is all there is.
const noFollow = 0

func isLoop(err error) bool { return false }
