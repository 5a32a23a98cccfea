package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExtrasInParts: a file cut into parts, only some of whose clean
// records have a value in an unknown column, keeps every such value.
func TestExtrasInParts(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	if _, err := LoadFile(ctx, db, "testdata/utf8_bad_rows/units.csv", Options{}); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("case_id,unit_id,filed_on,备注\n")
	for i := range 3000 {
		note := ""
		if i > 2900 {
			note = fmt.Sprintf("n%d", i)
		}
		fmt.Fprintf(&b, "K%d,510104001001,2016-01-01,%s\n", i, note)
	}
	path := filepath.Join(t.TempDir(), "cases.csv")
	os.WriteFile(path, []byte(b.String()), 0o600)
	rs, err := LoadFile(ctx, db, path, Options{minPartBytes: 1 << 10})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	db.QueryRow(`SELECT count(*) FROM extra_values WHERE batch_id = ?`, rs[0].BatchID).Scan(&n)
	if rs[0].Loaded != 3000 || n != 99 {
		t.Errorf("loaded %d, %d extra values; want 3000, 99", rs[0].Loaded, n)
	}
}
