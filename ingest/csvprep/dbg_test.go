package csvprep

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"
)

func TestDbg(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.csv")
	os.WriteFile(path, []byte("c1,c2,c3\n \",,\n,"), 0o600)
	db, _ := sql.Open("duckdb", "")
	for _, parts := range []int{3} {
		f, err := Open(path, Options{WorkDir: dir, Parts: parts, MinPartBytes: 1})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("parts %+v", f.parts)
		run := f.Start(Clean{Fields: make([]Field, 3)})
		rd := run.Reader()
		for rd.Next() {
			t.Logf("batch %v", rd.RecordBatch())
		}
		sum, err := run.Wait(false)
		for _, p := range f.parts {
			b, _ := os.ReadFile(p.others)
			t.Logf("%+v %v\n%q", sum, err, b)
		}
		t.Log(query(t, db, `SELECT concat_ws('|', _src_row, _malformed, c1, c2, c3) FROM `+f.OthersTable()))
		t.Log(query(t, db, `SELECT csv_line FROM _csv_rej`))
		f.Remove()
	}
}
