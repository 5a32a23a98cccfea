package risk

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"sync"
)

// binaryDigest is the first 12 hex digits of the SHA-256 of the running
// executable, worked out once: what identifies the code of a run when the
// binary carries no VCS revision (built with -buildvcs=false, or outside
// a repository). Empty when the executable cannot be read.
var binaryDigest = sync.OnceValue(func() string {
	path, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
})
