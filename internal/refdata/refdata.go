// Package refdata finds the peers' reference data sets (shared/refdata,
// beside the repository) for the tests that reproduce published results.
package refdata

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns shared/refdata, found by walking up from the test's package
// directory (the data sit beside the repository: <repo>/../shared/refdata);
// the environment variable MICRORISK_REFDATA overrides the search. It skips
// the test when the data cannot be found.
func Dir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("MICRORISK_REFDATA"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Skipf("refdata: %v", err)
	}
	for {
		cand := filepath.Join(dir, "shared", "refdata")
		if fi, err := os.Stat(cand); err == nil && fi.IsDir() {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("refdata: shared/refdata not found beside the repository (set MICRORISK_REFDATA); skipping peer-reference test")
		}
		dir = parent
	}
}
