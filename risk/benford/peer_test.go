package benford

import (
	"fmt"
	"github.com/microrisk/microrisk/internal/refdata"
	"math"
	"path/filepath"
	"strconv"
	"testing"
)

// Reference figures for corporate.payment$Amount, the accounts-payable data
// of Nigrini (2012) shipped with benford.analysis. Sources, as named in
// ../shared/refdata/README.md:
//
//   - "README": benford.analysis' README (print of benford(corporate.payment$Amount),
//     first two digits, all positive values);
//   - "peer run": benford.analysis 0.1.5 run unmodified, figures in the
//     refdata README;
//   - "peer table": peer_tables/*.csv, the peer run's bfd and duplicates
//     tables;
//   - "peer tests": benford.analysis' own tests on Amount ≥ 10.
//
// Method Truncate is benford.analysis' digit arithmetic; these tests use it
// to reproduce the peer exactly. TestCorporatePaymentDecimal checks where the
// default Decimal method differs, and why.

var truncate = Config{Method: Truncate, Duplicates: 50}

func TestCorporatePaymentPublished(t *testing.T) {
	xs := corporatePayment(t)
	r := truncate.Analyze(FirstTwo, xs)

	checks := []struct {
		name      string
		got, want float64
		tol       float64 // absolute: half a unit of the last printed digit
		source    string
	}{
		{"n", float64(r.N), 185083, 0, "README: Number of observations used = 185083"},
		{"MAD", r.MAD, 0.002336614, 5e-10, "README: Mean Absolute Deviation: 0.002336614"},
		{"MAD (peer run)", r.MAD, 0.00233661421197, 5e-15, "peer run"},
		{"chi-square", r.ChiSquare, 32094.3504258, 5e-8, "peer run (README prints X-squared = 32094)"},
		{"df", r.DF, 89, 0, "README: df = 89"},
		{"KS D", r.KS, 0.033195, 5e-7, "refdata README: KS D 0.033195"},
		{"KS critical", r.KSCritical, 0.0031612, 5e-8, "refdata README: critical 0.0031612"},
		{"mantissa arc L2", r.Mantissa.ArcL2, 0.0039958, 5e-8, "README: L2 = 0.0039958"},
		{"mantissa mean", r.Mantissa.Mean, 0.496, 5e-4, "README: Mean 0.496"},
		{"mantissa var", r.Mantissa.Var, 0.092, 5e-4, "README: Var 0.092"},
		{"mantissa ex. kurtosis", r.Mantissa.ExKurtosis, -1.257, 5e-4, "README: Ex.Kurtosis -1.257"},
		{"mantissa skewness", r.Mantissa.Skewness, -0.002, 5e-4, "README: Skewness -0.002"},
		// The peer divides by 39.0685 where Nigrini's expected mean is
		// 39.0865; undo the typo to compare.
		{"distortion factor (peer's formula)", (r.Mantissa.MeanCollapsed - 39.0865) / 39.0685 * 100, -1.065467, 5e-7, "README: Distortion Factor: -1.065467"},
		{"suspects (2 groups)", float64(r.Suspects(2)), 17856, 0, "README: getSuspects returns 17,856 rows"},
		{"second-order n", float64(len(SecondOrder(FirstTwo, xs))), 65504, 0, "README: Number of obs. for second order = 65504"},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > c.tol {
			t.Errorf("%s = %.12g, want %.12g ± %g (%s)", c.name, c.got, c.want, c.tol, c.source)
		}
	}
	if r.Verdict != Nonconformity {
		t.Errorf("verdict = %v, want nonconformity (README)", r.Verdict)
	}
	if r.ChiP >= 2.2e-16 || r.Mantissa.ArcP >= 2.2e-16 {
		t.Errorf("p-values χ² %g, arc %g, want < 2.2e-16 (README)", r.ChiP, r.Mantissa.ArcP)
	}
	if r.Abstain != "" {
		t.Errorf("abstains: %s", r.Abstain)
	}

	// README: "The 5 largest deviations" (absolute.diff, 2 decimals).
	want := []struct {
		digits int
		excess float64
	}{{50, 5938.25}, {11, 3331.98}, {10, 2811.92}, {14, 1043.68}, {98, 889.95}}
	for i, g := range r.Largest(5) {
		if g.Digits != want[i].digits || math.Abs(math.Abs(g.Excess)-want[i].excess) > 0.005 {
			t.Errorf("largest deviation %d: %d (%.2f), want %d (%.2f) (README)", i+1, g.Digits, g.Excess, want[i].digits, want[i].excess)
		}
	}
}

// TestCorporatePaymentPeerRun checks the peer run's figures for the other
// tests (refdata README, "Peer run, all positives").
func TestCorporatePaymentPeerRun(t *testing.T) {
	xs := corporatePayment(t)
	for _, c := range []struct {
		test     Test
		mad, chi float64
		df       float64
		verdict  Verdict
	}{
		{FirstDigit, 0.0132114050031, 4317.27212629, 8, Marginal},
		{FirstTwo, 0.00233661421197, 32094.3504258, 89, Nonconformity},
		{FirstThree, 0.00045690955335, 369052.785178, 899, Marginal},
	} {
		t.Run(c.test.String(), func(t *testing.T) {
			r := truncate.Analyze(c.test, xs)
			if !near(r.MAD, c.mad, 5e-14) || !near(r.ChiSquare, c.chi, 5e-12) || r.DF != c.df || r.Verdict != c.verdict {
				t.Errorf("MAD %.14g χ² %.12g df %v %v, want %.14g %.12g %v %v (peer run)",
					r.MAD, r.ChiSquare, r.DF, r.Verdict, c.mad, c.chi, c.df, c.verdict)
			}
		})
	}
}

// TestCorporatePaymentPeerTables compares every row of the peer's bfd tables:
// counts exactly, shares, z and sums with tolerances.
func TestCorporatePaymentPeerTables(t *testing.T) {
	all := corporatePayment(t)
	ge10 := atLeast10(all)
	for _, c := range []struct {
		table string
		test  Test
		data  []float64
	}{
		{"corporate_payment_all_positive_d1_bfd_table", FirstDigit, all},
		{"corporate_payment_all_positive_d2_bfd_table", FirstTwo, all},
		{"corporate_payment_all_positive_d3_bfd_table", FirstThree, all},
		{"corporate_payment_ge10_d1_bfd_table", FirstDigit, ge10},
		{"corporate_payment_ge10_d2_bfd_table", FirstTwo, ge10},
	} {
		t.Run(c.table, func(t *testing.T) {
			peer := peerTable(t, c.table)
			r := truncate.Analyze(c.test, c.data)
			so := truncate.Analyze(c.test, SecondOrder(c.test, c.data))
			if len(peer) != len(r.Groups) {
				t.Fatalf("%d groups, peer has %d", len(r.Groups), len(peer))
			}
			bad := 0
			for i, p := range peer {
				g := r.Groups[i]
				msg := ""
				switch {
				case g.Digits != p.digits:
					msg = fmt.Sprintf("digits %d", g.Digits)
				case float64(g.Count) != p.count:
					msg = fmt.Sprintf("count %d, peer %.0f", g.Count, p.count)
				case float64(so.Groups[i].Count) != p.secondOrderFreq:
					msg = fmt.Sprintf("second-order count %d, peer %.0f", so.Groups[i].Count, p.secondOrderFreq)
				case !near(g.Observed, p.dist, 1e-15) || !near(g.Expected, p.benfordDist, 1e-15):
					msg = fmt.Sprintf("shares %g %g, peer %g %g", g.Observed, g.Expected, p.dist, p.benfordDist)
				case !near(g.ExpectedCount, p.benfordFreq, 1e-12) || !near(g.Excess, p.difference, 1e-9):
					msg = fmt.Sprintf("expected %g excess %g, peer %g %g", g.ExpectedCount, g.Excess, p.benfordFreq, p.difference)
				case !near(g.ChiSquare, p.squaredDiff, 1e-9) || !near(g.Z, p.zStat, 1e-9):
					msg = fmt.Sprintf("χ² term %g z %g, peer %g %g", g.ChiSquare, g.Z, p.squaredDiff, p.zStat)
				case !near(g.Sum, p.summation, 1e-12) || !near(g.SumExcess, p.absExcessSummation, 1e-9):
					msg = fmt.Sprintf("sum %.10g excess %.10g, peer %.10g %.10g", g.Sum, g.SumExcess, p.summation, p.absExcessSummation)
				}
				if msg != "" {
					if bad++; bad <= 10 {
						t.Errorf("group %d: %s", p.digits, msg)
					}
				}
			}
			if bad > 10 {
				t.Errorf("%d groups differ in all", bad)
			}
		})
	}
}

// TestCorporatePaymentAtLeast10 checks benford.analysis' own tests on
// corporate.payment$Amount[Amount >= 10] (refdata README, "benford.analysis's
// tests").
func TestCorporatePaymentAtLeast10(t *testing.T) {
	xs := atLeast10(corporatePayment(t))
	if len(xs) != 177763 {
		t.Fatalf("%d values ≥ 10, want 177,763 (peer tests)", len(xs))
	}
	for _, c := range []Method{Decimal, Truncate} {
		cfg := DefaultConfig()
		cfg.Method = c
		d1 := cfg.Analyze(FirstDigit, xs)
		d2 := cfg.Analyze(FirstTwo, xs)
		// The peer's tests compare with tolerance 1e-3; the figures are
		// printed to 5 decimals, so half a unit of the last is used here.
		if math.Abs(d1.MAD-0.01464) > 5e-6 || math.Abs(d2.MAD-0.00243) > 5e-6 {
			t.Errorf("%v: MAD first digit %.6g, first two %.6g, want 0.01464, 0.00243 (peer tests)", c, d1.MAD, d2.MAD)
		}
		var top []int
		for _, g := range d2.LargestSums(6) {
			top = append(top, g.Digits)
		}
		if fmt.Sprint(top) != fmt.Sprint([]int{15, 26, 10, 14, 11, 50}) {
			t.Errorf("%v: largest summation excess at %v, want [15 26 10 14 11 50] (peer tests)", c, top)
		}
		wantDup := []Duplicate{{50, 6022}, {1153.35, 2264}, {1083.45, 1185}, {150, 1056}, {988.35, 1018}, {1159.35, 976}}
		if len(d2.Duplicates) < len(wantDup) || fmt.Sprint(d2.Duplicates[:len(wantDup)]) != fmt.Sprint(wantDup) {
			t.Errorf("%v: duplicates %v, want %v (peer tests)", c, d2.Duplicates[:min(6, len(d2.Duplicates))], wantDup)
		}
	}
}

// TestCorporatePaymentDuplicates compares the 50 most duplicated amounts
// with the peer table (duplicatesTable of the all-positive first-two-digit
// analysis).
func TestCorporatePaymentDuplicates(t *testing.T) {
	xs := corporatePayment(t)
	head, recs := readCSV(t, filepath.Join(refdata.Dir(t), "benford", "peer_tables", "corporate_payment_all_positive_d2_duplicates_top50.csv"))
	r := Analyze(FirstTwo, xs)
	if len(r.Duplicates) != len(recs) {
		t.Fatalf("%d duplicates kept, peer table has %d", len(r.Duplicates), len(recs))
	}
	for i, rec := range recs {
		v, err1 := strconv.ParseFloat(rec[head["number"]], 64)
		n, err2 := strconv.ParseInt(rec[head["duplicates"]], 10, 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("peer row %d: %v %v", i+2, err1, err2)
		}
		if d := r.Duplicates[i]; d.Value != v || d.Count != n {
			t.Errorf("duplicate %d: %v ×%d, peer %v ×%d", i+1, d.Value, d.Count, v, n)
		}
	}
}

// TestCorporatePaymentDecimal pins down where the default Decimal method
// parts from the peer's arithmetic: only values below 10^(k−1), whose
// scaling by a power of ten above 1 rounds below an integer (0.29 → 28).
func TestCorporatePaymentDecimal(t *testing.T) {
	xs := corporatePayment(t)
	dec := DefaultConfig()
	for _, c := range []struct {
		test  Test
		moved int // values in another group than the peer's
	}{
		{FirstDigit, 0}, {SecondDigit, 146}, {FirstTwo, 146}, {FirstThree, 441}, {LastTwo, 0},
	} {
		moved := 0
		for _, x := range xs {
			gd, okd := dec.Digits(c.test, x)
			gt, okt := truncate.Digits(c.test, x)
			if okd != okt {
				t.Fatalf("%v %v: ok %v (decimal) vs %v (truncate)", c.test, x, okd, okt)
			}
			if gd == gt {
				continue
			}
			moved++
			limit := math.Pow10(c.test.digitsUsed() - 1)
			s := strconv.FormatFloat(x, 'f', -1, 64)
			if x >= limit || gt != gd-1 {
				t.Errorf("%v: %s in %d (decimal) vs %d (truncate)", c.test, s, gd, gt)
			}
		}
		if moved != c.moved {
			t.Errorf("%v: %d values moved, want %d", c.test, moved, c.moved)
		}
	}
	// On values ≥ 10 the methods agree (no value moved above), and the
	// first-two-digit MAD of all positives happens to be unchanged.
	r := dec.Analyze(FirstTwo, xs)
	if !near(r.MAD, 0.00233661421197, 5e-14) || r.Verdict != Nonconformity || !near(r.KS, 0.033195, 5e-7) {
		t.Errorf("decimal: MAD %.14g %v KS %g", r.MAD, r.Verdict, r.KS)
	}
}

// TestCensusConforms is a sanity check: US town populations (census.2009,
// benford.analysis' data) are a classic Benford-conforming set.
func TestCensusConforms(t *testing.T) {
	xs := readColumn(t, filepath.Join(refdata.Dir(t), "benford", "census_2009.csv"), "pop.2009")
	for _, c := range []struct {
		test Test
		want Verdict
	}{{FirstDigit, Close}, {FirstTwo, Close}} {
		r := Analyze(c.test, xs)
		if r.Verdict != c.want || r.Abstain != "" {
			t.Errorf("census %v: MAD %.6f %v (abstain %q), want %v", c.test, r.MAD, r.Verdict, r.Abstain, c.want)
		}
	}
}

// TestSPYPrices: daily fund prices span a narrow range (about 43 to 220),
// so they must not conform; the test mainly exercises a second real file.
func TestSPYPrices(t *testing.T) {
	xs := readColumn(t, filepath.Join(refdata.Dir(t), "benford", "SPY.csv"), "Close")
	r := Analyze(FirstDigit, xs)
	if r.N != int64(len(xs)) || r.Verdict != Nonconformity {
		t.Errorf("SPY close first digit: n %d of %d, MAD %.4f %v, want nonconformity", r.N, len(xs), r.MAD, r.Verdict)
	}
}
