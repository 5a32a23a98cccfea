package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestQuantile7(t *testing.T) {
	x := []float64{10, 1, 9, 2, 8, 3, 7, 4, 6, 5}
	orig := append([]float64(nil), x...)
	// R: quantile(1:10, c(0, .1, .25, .5, .9, 1)) = 1, 1.9, 3.25, 5.5, 9.1, 10
	for _, c := range []struct{ p, want float64 }{{0, 1}, {0.1, 1.9}, {0.25, 3.25}, {0.5, 5.5}, {0.9, 9.1}, {1, 10}} {
		if got := Quantile7(c.p, x); !close(got, c.want, 1e-12, 0) {
			t.Errorf("Quantile7(%v) = %v, R %v", c.p, got, c.want)
		}
	}
	for i := range x {
		if x[i] != orig[i] {
			t.Fatal("Quantile7 modified its argument")
		}
	}
	if Quantile7(0.3, nil) != 0 || Quantile7(0.3, []float64{4}) != 4 {
		t.Error("degenerate Quantile7")
	}
	mustPanic(t, "p > 1", func() { Quantile7(1.5, x) })
	mustPanic(t, "p NaN", func() { Quantile7(math.NaN(), x) })
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		x    []float64
		want float64
	}{{nil, 0}, {[]float64{3}, 3}, {[]float64{3, 1}, 2}, {[]float64{5, 1, 3}, 3}, {[]float64{2, 2, 2, 2}, 2}} {
		if got := Median(c.x); got != c.want {
			t.Errorf("Median(%v) = %v, want %v", c.x, got, c.want)
		}
	}
}

func TestWinsorize(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	w := Winsorize(x, 0.1)
	// clamped to the type-7 quantiles 1.9 and 9.1
	want := []float64{1.9, 2, 3, 4, 5, 6, 7, 8, 9, 9.1}
	for i := range want {
		if !close(w[i], want[i], 1e-12, 0) {
			t.Errorf("Winsorize[%d] = %v, want %v", i, w[i], want[i])
		}
	}
	if x[0] != 1 || x[9] != 10 {
		t.Error("Winsorize modified its argument")
	}
	if len(Winsorize(nil, 0.1)) != 0 {
		t.Error("empty")
	}
	mustPanic(t, "p", func() { Winsorize(x, 0.6) })
}

func TestRobustZ(t *testing.T) {
	cases := []struct {
		name string
		x    []float64
		want []float64
	}{
		// median 3, |x − 3| = 2, 1, 0, 1, 97, MAD 1 → scale 1.4826
		{"mad", []float64{1, 2, 3, 4, 100}, []float64{-2 / 1.4826, -1 / 1.4826, 0, 1 / 1.4826, 97 / 1.4826}},
		// MAD 0: mean |x − 5| = 0.8 → scale 0.8·1.2533
		{"mad zero", []float64{5, 5, 5, 5, 9}, []float64{0, 0, 0, 0, 4 / (0.8 * 1.2533)}},
		{"identical", []float64{7, 7, 7}, []float64{0, 0, 0}},
		{"single", []float64{7}, []float64{0}},
		{"empty", nil, nil},
	}
	for _, c := range cases {
		got := RobustZ(c.x)
		if len(got) != len(c.want) {
			t.Fatalf("%s: len %d", c.name, len(got))
		}
		for i := range got {
			if !close(got[i], c.want[i], 1e-12, 1e-15) {
				t.Errorf("%s: z[%d] = %v, want %v", c.name, i, got[i], c.want[i])
			}
		}
	}
}

// TestMedianInPlace: the same median as Median (R's median, type 7) on odd
// and even counts, ties, one value, sorted and reversed input and random
// values, and x keeps its values.
func TestMedianInPlace(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	cases := [][]float64{{3}, {2, 1}, {1, 1, 1, 1}, {5, 4, 3, 2, 1, 0}, {0, 1, 2, 3, 4}, {-1, 7, 7, 7, 2, -1, 0}}
	for n := 2; n < 300; n += 7 {
		x := make([]float64, n)
		for i := range x {
			x[i] = math.Round(r.NormFloat64()*4) / 2 // many ties
		}
		cases = append(cases, x)
	}
	for _, x := range cases {
		want := Median(x)
		y := slices.Clone(x)
		if got := MedianInPlace(y); got != want {
			t.Errorf("%v: MedianInPlace %v, Median %v", x, got, want)
		}
		slices.Sort(y)
		if !slices.Equal(y, sortedCopy(x)) {
			t.Errorf("%v: values changed to %v", x, y)
		}
	}
}
