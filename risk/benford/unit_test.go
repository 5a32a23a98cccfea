package benford

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/microrisk/microrisk/risk/stats"
)

// benfordCounts draws n values' digit groups of test t from Benford's law.
func benfordCounts(r *rand.Rand, t Test, n int) map[int]int64 {
	cum := cumShares(t)
	lo, _ := t.span()
	c := map[int]int64{}
	for j := 0; j < n; j++ {
		c[lo+sort.SearchFloat64s(cum, r.Float64()*cum[len(cum)-1])]++
	}
	return c
}

// TestChiSquareMomentsSimulated checks the exact moments of X² (Haldane's
// mean and variance, the derived third moment) against 100,000 seeded
// samples of n = 300 first-two-digit groups, within four standard errors
// of each simulated moment. (No peer publishes μ₃ for Benford's shares;
// this check is by simulation, and said so.)
func TestChiSquareMomentsSimulated(t *testing.T) {
	if testing.Short() {
		t.Skip("simulation")
	}
	const n, reps = 300, 100_000
	r := rand.New(rand.NewPCG(300, 1))
	xs := make([]float64, reps)
	var m1 float64
	for i := range xs {
		x, _ := UnitTest(FirstTwo, benfordCounts(r, FirstTwo, n))
		xs[i] = x
		m1 += x
	}
	m1 /= reps
	var m2, m3, m4 float64
	for _, x := range xs {
		d := x - m1
		m2 += d * d
		m3 += d * d * d
		m4 += d * d * d * d
	}
	m2, m3, m4 = m2/reps, m3/reps, m4/reps
	mean, v, mu3 := ChiSquareMoments(FirstTwo, n)
	// closed forms at n = 300: σ² = 188.398, μ₃ = 1051.6 (skewness 0.4067)
	if !near(v, 188.3978, 1e-4) || !near(mu3/math.Pow(v, 1.5), 0.40666, 1e-4) {
		t.Errorf("moments at n = 300: var %v, skewness %v", v, mu3/math.Pow(v, 1.5))
	}
	// standard errors of the sample mean, variance and third moment
	seMean := math.Sqrt(m2 / reps)
	seVar := math.Sqrt((m4 - m2*m2) / reps)
	seMu3 := math.Sqrt(m4*m2/reps) * 3 // crude: about 3σ²·√(μ₄/σ⁴)/√reps
	if math.Abs(m1-mean) > 4*seMean || math.Abs(m2-v) > 4*seVar || math.Abs(m3-mu3) > 4*seMu3 {
		t.Errorf("simulated mean %.3f var %.2f μ3 %.1f; exact %.3f %.2f %.1f (SE %.3f %.2f %.1f)",
			m1, m2, m3, mean, v, mu3, seMean, seVar, seMu3)
	}
	// large n: the χ²(k − 1) limits
	mean, v, mu3 = ChiSquareMoments(FirstTwo, 1<<40)
	if !near(mean, 89, 1e-12) || !near(v, 178, 1e-6) || !near(mu3, 712, 1e-6) {
		t.Errorf("limits: %v %v %v", mean, v, mu3)
	}
}

// TestUnitTestCalibrated: first-two-digit counts drawn from Benford's law
// at n = 300, 500, 1,000, 2,000 and 5,000 are flagged at the nominal rate:
// at the 5% and 1% levels within four binomial standard errors at every n,
// and at 0.1% pooled over the five sizes. The plain χ²(89) p-value is
// shown to over-reject at n = 300 for contrast.
func TestUnitTestCalibrated(t *testing.T) {
	if testing.Short() {
		t.Skip("simulation")
	}
	const reps = 6000
	r := rand.New(rand.NewPCG(5000, 2))
	var pooled, plain300 int
	for _, n := range []int{300, 500, 1000, 2000, 5000} {
		var at5, at1 int
		for i := 0; i < reps; i++ {
			c := benfordCounts(r, FirstTwo, n)
			_, p := UnitTest(FirstTwo, c)
			if p <= 0.05 {
				at5++
			}
			if p <= 0.01 {
				at1++
			}
			if p <= 0.001 {
				pooled++
			}
			if n == 300 && FromCounts(FirstTwo, c).ChiP <= 0.05 {
				plain300++
			}
		}
		for _, lv := range []struct {
			level float64
			got   int
		}{{0.05, at5}, {0.01, at1}} {
			se := math.Sqrt(lv.level * (1 - lv.level) / reps)
			if rate := float64(lv.got) / reps; math.Abs(rate-lv.level) > 4*se {
				t.Errorf("n = %d: %.4f flagged at level %v (SE %.4f)", n, rate, lv.level, se)
			}
		}
		t.Logf("n = %d: %.4f at 5%%, %.4f at 1%%", n, float64(at5)/reps, float64(at1)/reps)
	}
	all := 5.0 * reps
	if rate, se := float64(pooled)/all, math.Sqrt(0.001*0.999/all); math.Abs(rate-0.001) > 4*se {
		t.Errorf("pooled: %.5f flagged at 0.1%% (SE %.5f)", rate, se)
	}
	t.Logf("pooled %.5f at 0.1%%; plain χ²(89) at n = 300: %.4f at 5%%", float64(pooled)/all, float64(plain300)/reps)
}

// manipulated draws n Benford values of which a share is replaced by one
// digit group: a policy amount or an amount kept under an approval limit
// (4,9xx yuan under 5,000 gives group 49).
func manipulated(r *rand.Rand, n int, share float64, group int) map[int]int64 {
	m := int(math.Round(share * float64(n)))
	c := benfordCounts(r, FirstTwo, n-m)
	c[group] += int64(m)
	return c
}

// TestUnitTestPower: clearly non-Benford data are flagged.
func TestUnitTestPower(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	// uniform first two digits at n = 300
	uni := map[int]int64{}
	for j := 0; j < 300; j++ {
		uni[10+r.IntN(90)]++
	}
	if _, p := UnitTest(FirstTwo, uni); p > 1e-6 {
		t.Errorf("uniform digits, n = 300: p = %v", p)
	}
	// 5% of 1,000 payments at 4,9xx (split under a 5,000 limit)
	if _, p := UnitTest(FirstTwo, manipulated(r, 1000, 0.05, 49)); p > 1e-6 {
		t.Errorf("5%% at group 49, n = 1000: p = %v", p)
	}
	// 3% of 5,000 at one fixed amount in a common group
	if _, p := UnitTest(FirstTwo, manipulated(r, 5000, 0.03, 12)); p > 1e-4 {
		t.Errorf("3%% at group 12, n = 5000: p = %v", p)
	}
	// nothing at all, and foreign keys ignored
	if x, p := UnitTest(FirstTwo, map[int]int64{5: 10}); x != 0 || p != 1 {
		t.Errorf("no values: %v %v", x, p)
	}
}

// TestUnitTestAgreesWithMC compares the p-value with a seeded Monte Carlo
// p-value at n = 300 for a conforming, a borderline and a deviant unit.
func TestUnitTestAgreesWithMC(t *testing.T) {
	if testing.Short() {
		t.Skip("simulation")
	}
	r := rand.New(rand.NewPCG(11, 3))
	units := []map[int]int64{
		benfordCounts(r, FirstTwo, 300),
		manipulated(r, 300, 0.03, 49),
		manipulated(r, 300, 0.05, 49),
	}
	const reps = 4000
	for i, c := range units {
		x, p := UnitTest(FirstTwo, c)
		xm, pm := UnitTestMC(FirstTwo, c, reps, rand.NewPCG(uint64(i), 9))
		se := math.Sqrt(math.Max(p*(1-p), 1/float64(reps)) / reps)
		if x != xm || math.Abs(p-pm) > 4*se+1.0/reps {
			t.Errorf("unit %d: X² %.2f p %.5f, Monte Carlo %.5f (SE %.5f)", i, x, p, pm, se)
		}
		t.Logf("unit %d: X² %.2f p %.5f, Monte Carlo %.5f", i, x, p, pm)
	}
}

// TestUnitTestFDR: across 1,000 units (900 drawn from Benford's law at
// sizes from 300 to 5,000, 100 with 2–6% of their payments moved to one
// digit group) BH at q = 0.05 on the p-values keeps the mean share of
// false discoveries below q (BH bounds it by q·900/1000 = 0.045) over 20
// seeded worlds, while finding most of the manipulated units.
func TestUnitTestFDR(t *testing.T) {
	if testing.Short() {
		t.Skip("simulation")
	}
	const worlds, units, bad, q = 20, 1000, 100, 0.05
	r := rand.New(rand.NewPCG(2026, 12))
	var fdp, power float64
	var anyFalse int
	for w := 0; w < worlds; w++ {
		p := make([]float64, units)
		for i := range p {
			n := 300 + r.IntN(4701)
			var c map[int]int64
			if i < bad {
				c = manipulated(r, n, 0.02+0.04*r.Float64(), 10+r.IntN(90))
			} else {
				c = benfordCounts(r, FirstTwo, n)
			}
			_, p[i] = UnitTest(FirstTwo, c)
		}
		rej := stats.BenjaminiHochberg(p, q)
		var fd, all, tp float64
		for i, x := range rej {
			if !x {
				continue
			}
			all++
			if i < bad {
				tp++
			} else {
				fd++
			}
		}
		if all > 0 {
			fdp += fd / all
		}
		if fd > 0 {
			anyFalse++
		}
		power += tp / bad
	}
	fdp /= worlds
	power /= worlds
	// 20 worlds: allow 0.02 above the bound for simulation error
	if fdp > q+0.02 {
		t.Errorf("mean false-discovery proportion %.4f above q = %v", fdp, q)
	}
	if power < 0.6 {
		t.Errorf("power %.3f", power)
	}
	t.Logf("mean FDP %.4f (worlds with a false discovery %d/%d), power %.3f", fdp, anyFalse, worlds, power)
}
