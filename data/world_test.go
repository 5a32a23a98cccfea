package data

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// Worlds are generated once per test binary and shared by the tests.

type world struct {
	dir   string
	truth *Truth
	err   error
	// payments is read once, on first use.
	payOnce  *sync.Once
	payments *ledger
}

// paymentsOf returns the world's payments.csv, read once.
func paymentsOf(t *testing.T, w *world) *ledger {
	w.payOnce.Do(func() { w.payments = readLedger(t, w.dir, "payments") })
	return w.payments
}

var (
	smallOnce, chengduOnce sync.Once
	small, chengdu         world
)

// smallWorld returns the small profile generated with seed 7.
func smallWorld(t *testing.T) *world {
	t.Helper()
	smallOnce.Do(func() { small = genWorld("small", 7) })
	if small.err != nil {
		t.Fatal(small.err)
	}
	return &small
}

// chengduWorld returns the chengdu profile generated with seed 1; it takes
// several seconds, so -short skips it.
func chengduWorld(t *testing.T) *world {
	t.Helper()
	if testing.Short() {
		t.Skip("chengdu profile skipped in -short mode")
	}
	chengduOnce.Do(func() { chengdu = genWorld("chengdu", 1) })
	if chengdu.err != nil {
		t.Fatal(chengdu.err)
	}
	return &chengdu
}

func genWorld(profile string, seed uint64) world {
	dir, err := os.MkdirTemp("", "microrisk-"+profile+"-")
	if err != nil {
		return world{err: err}
	}
	p, err := ProfileByName(profile)
	if err != nil {
		return world{err: err}
	}
	tr, err := Generate(p, seed, dir)
	return world{dir: dir, truth: tr, err: err, payOnce: new(sync.Once)}
}

// TestMain removes the generated worlds.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, w := range []world{small, chengdu} {
		if w.dir != "" {
			os.RemoveAll(w.dir)
		}
	}
	os.Exit(code)
}

// ledger is a CSV file read whole: its header and rows by column name.
type ledger struct {
	header []string
	rows   [][]string
	col    map[string]int
}

func (l *ledger) get(row []string, name string) string { return row[l.col[name]] }

func readLedger(t *testing.T, dir, name string) *ledger {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	l := &ledger{header: recs[0], rows: recs[1:], col: map[string]int{}}
	for i, h := range l.header {
		l.col[h] = i
	}
	return l
}
