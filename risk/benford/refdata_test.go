package benford

import (
	"encoding/csv"
	"github.com/microrisk/microrisk/internal/refdata"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
)

// readCSV reads a whole CSV file as a header and records.
func readCSV(t testing.TB, path string) (map[string]int, [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	head := map[string]int{}
	for i, h := range recs[0] {
		head[h] = i
	}
	return head, recs[1:]
}

// readColumn reads one numeric column; "NA" and empty cells are skipped.
func readColumn(t testing.TB, path, col string) []float64 {
	t.Helper()
	head, recs := readCSV(t, path)
	i, ok := head[col]
	if !ok {
		t.Fatalf("%s: no column %q", path, col)
	}
	out := make([]float64, 0, len(recs))
	for n, r := range recs {
		if r[i] == "" || r[i] == "NA" {
			continue
		}
		x, err := strconv.ParseFloat(r[i], 64)
		if err != nil {
			t.Fatalf("%s row %d: %v", path, n+2, err)
		}
		out = append(out, x)
	}
	return out
}

var (
	corporateOnce sync.Once
	corporate     []float64
)

// corporatePayment returns benford.analysis' corporate.payment$Amount
// (189,470 values), read once per test binary.
func corporatePayment(t testing.TB) []float64 {
	dir := refdata.Dir(t)
	corporateOnce.Do(func() {
		corporate = readColumn(t, filepath.Join(dir, "benford", "corporate_payment.csv"), "Amount")
	})
	if corporate == nil {
		t.Fatal("corporate_payment.csv could not be read")
	}
	return corporate
}

// atLeast10 returns the values ≥ 10 (benford.analysis' own tests use
// corporate.payment$Amount[corporate.payment$Amount >= 10]).
func atLeast10(xs []float64) []float64 {
	var out []float64
	for _, x := range xs {
		if x >= 10 {
			out = append(out, x)
		}
	}
	return out
}

// peerRow is one row of a benford.analysis bfd table.
type peerRow struct {
	digits                                             int
	dist, benfordDist, count, benfordFreq, summation   float64
	absExcessSummation, difference, squaredDiff, zStat float64
	secondOrderFreq                                    float64
}

// peerTable reads peer_tables/<name>.csv, a benford.analysis 0.1.5 bfd table.
func peerTable(t testing.TB, name string) []peerRow {
	t.Helper()
	head, recs := readCSV(t, filepath.Join(refdata.Dir(t), "benford", "peer_tables", name+".csv"))
	num := func(r []string, col string) float64 {
		i, ok := head[col]
		if !ok {
			t.Fatalf("%s: no column %q", name, col)
		}
		x, err := strconv.ParseFloat(r[i], 64)
		if err != nil {
			t.Fatalf("%s: %s: %v", name, col, err)
		}
		return x
	}
	rows := make([]peerRow, len(recs))
	for i, r := range recs {
		rows[i] = peerRow{
			digits:             int(num(r, "digits")),
			dist:               num(r, "data.dist"),
			benfordDist:        num(r, "benford.dist"),
			count:              num(r, "data.dist.freq"),
			benfordFreq:        num(r, "benford.dist.freq"),
			summation:          num(r, "data.summation"),
			absExcessSummation: num(r, "abs.excess.summation"),
			difference:         num(r, "difference"),
			squaredDiff:        num(r, "squared.diff"),
			zStat:              num(r, "z.statistic"),
			secondOrderFreq:    num(r, "data.second.order.dist.freq"),
		}
	}
	return rows
}

// near reports whether got is within tol of want, relative to want's size
// where want is large (tol is absolute below 1).
func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}
