package stats

import (
	"encoding/csv"
	"github.com/microrisk/microrisk/internal/refdata"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// table is a CSV file read as header-named rows.
type table struct {
	header map[string]int
	rows   [][]string
}

func readTable(t testing.TB, rel string) table {
	t.Helper()
	path := filepath.Join(refdata.Dir(t), rel)
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	if len(recs) == 0 {
		t.Fatalf("%s: empty", path)
	}
	tb := table{header: map[string]int{}, rows: recs[1:]}
	for i, h := range recs[0] {
		tb.header[h] = i
	}
	return tb
}

func (tb table) str(t testing.TB, row int, col string) string {
	t.Helper()
	i, ok := tb.header[col]
	if !ok {
		t.Fatalf("no column %q", col)
	}
	return tb.rows[row][i]
}

func (tb table) num(t testing.TB, row int, col string) float64 {
	t.Helper()
	s := tb.str(t, row, col)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("row %d column %s: %v", row, col, err)
	}
	return v
}

func (tb table) column(t testing.TB, col string) []float64 {
	t.Helper()
	out := make([]float64, len(tb.rows))
	for i := range tb.rows {
		out[i] = tb.num(t, i, col)
	}
	return out
}

// close reports |got − want| ≤ atol + rtol·|want| (numpy's assert_allclose).
func close(got, want, rtol, atol float64) bool {
	return math.Abs(got-want) <= atol+rtol*math.Abs(want)
}

// finite fails the test if any value is NaN or infinite.
func finite(t testing.TB, name string, x ...float64) {
	t.Helper()
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("%s[%d] = %v, want finite", name, i, v)
		}
	}
}
