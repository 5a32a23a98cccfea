package main

import (
	"math"
	"testing"
)

func TestGrowthExponent(t *testing.T) {
	xs := []float64{1e6, 3e6, 1e7}
	for _, b := range []float64{0.5, 1, 1.3, 2} {
		ys := make([]float64, len(xs))
		for i, x := range xs {
			ys[i] = 4 * math.Pow(x, b)
		}
		if got := growthExponent(xs, ys); math.Abs(got-b) > 1e-9 {
			t.Errorf("growthExponent of c·x^%g = %g", b, got)
		}
	}
	if !math.IsNaN(growthExponent(xs[:1], xs[:1])) || !math.IsNaN(growthExponent(xs, []float64{1, 0, 2})) {
		t.Error("want NaN for one point or a zero value")
	}
}

func TestNlognExponent(t *testing.T) {
	// n log n from 1.9M to 19M rows: ×10 × ln(19e6)/ln(1.9e6) = ×11.59.
	n1, n2 := 1.9e6, 19e6
	got := nlognExponent(n1, n2)
	want := math.Log(n2*math.Log(n2)/(n1*math.Log(n1))) / math.Log(n2/n1)
	if math.Abs(got-want) > 1e-12 || got < 1.05 || got > 1.08 {
		t.Errorf("nlognExponent = %g, want %g (about 1.06)", got, want)
	}
}

func TestIngestTotals(t *testing.T) {
	out := "prov/units.csv  units read 52438 ...\ntotal: 11 files, read 13967476, loaded 13967473, rejected 3\n"
	loaded, rejected, err := ingestTotals(out)
	if err != nil || loaded != 13967473 || rejected != 3 {
		t.Errorf("ingestTotals = %d, %d, %v", loaded, rejected, err)
	}
	if _, _, err := ingestTotals("nothing"); err == nil {
		t.Error("want an error without a total line")
	}
}

func TestGroup(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 13967476: "13,967,476"} {
		if got := group(n); got != want {
			t.Errorf("group(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestSpecRoundTrip(t *testing.T) {
	for _, w := range []worldSpec{{Profile: "province"}, {Scale: 3}, {Scale: 0.5}} {
		got, err := specOf(w.arg())
		if err != nil || got != w {
			t.Errorf("specOf(%q) = %+v, %v; want %+v", w.arg(), got, err, w)
		}
	}
}
