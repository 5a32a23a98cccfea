package stats_test

import (
	"fmt"

	"github.com/microrisk/microrisk/risk/stats"
)

// Cases per staff in five units: the small unit with 2 cases in 4 staff
// tops the crude ranking by chance; shrunk towards the city rate it no
// longer does, and the large unit with 30 cases in 150 staff leads.
func ExampleFitEBPrior() {
	cases := []float64{2, 9, 30, 4, 12}
	staff := []float64{4, 60, 150, 40, 90}
	prior := stats.FitEBPrior(cases, staff)
	fmt.Printf("city rate %.4f, prior variance %.6f, truncated %v\n", prior.Rate, prior.Var, prior.Truncated)
	for i := range cases {
		fmt.Printf("unit %d: crude %.3f  smoothed %.3f\n", i, cases[i]/staff[i], prior.Smooth(cases[i], staff[i]))
	}
	// Output:
	// city rate 0.1657, prior variance 0.000223, truncated false
	// unit 0: crude 0.500  smoothed 0.167
	// unit 1: crude 0.150  smoothed 0.165
	// unit 2: crude 0.200  smoothed 0.171
	// unit 3: crude 0.100  smoothed 0.162
	// unit 4: crude 0.133  smoothed 0.162
}

// PySAL's formula keeps a negative moment variance; FitEBPrior truncates it.
func ExampleEmpiricalBayes() {
	events := []float64{0, 2, 10}
	exposure := []float64{10, 20, 50}
	fmt.Printf("%.4f\n", stats.EmpiricalBayes(events, exposure))
	p := stats.FitEBPrior(events, exposure)
	fmt.Printf("truncated %v: every unit gets %.4f\n", p.Truncated, p.Smooth(0, 10))
	// Output:
	// [0.1565 0.1545 0.1368]
	// truncated true: every unit gets 0.1500
}

// FunnelPlotR's published exact limits for 20 expected events.
func ExamplePoissonLimits() {
	lo, hi := stats.PoissonLimits(20, stats.Coverage95)
	fmt.Printf("95%%:   %.7f %.6f\n", lo, hi)
	lo, hi = stats.PoissonLimits(20, stats.Coverage998)
	fmt.Printf("99.8%%: %.7f %.6f\n", lo, hi)
	// 41 cases against 20 expected lies above the 99.8% limit
	fmt.Println(stats.FunnelSide(41.0/20, lo, hi))
	// Output:
	// 95%:   0.6108260 1.544419
	// 99.8%: 0.4479107 1.902094
	// 1
}

// The six-group fixture of FunnelPlotR: φ = 2.948033 under the SHMI method.
func ExampleFitOverdispersion() {
	observed := []float64{100, 150, 180, 80, 120, 225}
	expected := []float64{108, 112, 165, 95, 100, 220}
	od := stats.FitOverdispersion(observed, expected, stats.SHMI, stats.DefaultTrim)
	lo, hi := od.Limits(112, stats.Coverage998)
	fmt.Printf("phi %.6f tau2 %.6f n %d\n", od.Phi, od.Tau2, od.N)
	fmt.Printf("group b: O/E %.3f, limits %.4f–%.4f, z %.2f\n", 150.0/112, lo, hi, od.Z(150, 112))
	// Output:
	// phi 2.948033 tau2 0.019478 n 6
	// group b: O/E 1.339, limits 0.5940–1.6834, z 1.73
}

// R's example: poisson.test(c(11, 6+8+7), c(800, 1083+1050+878)).
func ExampleRateRatioTest() {
	rr := stats.RateRatioTest(11, 800, 21, 3011)
	fmt.Printf("rate ratio %.6f, p = %.5f, 95%% CI %.7f–%.7f\n", rr.Ratio, rr.P, rr.Lower, rr.Upper)
	rr = stats.RateRatioTest(0, 12, 0, 24)
	fmt.Println(rr.Abstain)
	// Output:
	// rate ratio 1.971488, p = 0.07967, 95% CI 0.8584264–4.2772659
	// stats: no events
}

// Monthly cases of a unit that used to have one a month.
func ExamplePoissonCUSUM() {
	c := stats.PoissonCUSUM([]float64{1, 0, 2, 1, 3, 4, 2, 5}, 1, 2, 4)
	fmt.Printf("k %.3f, first alarm at month %d\n", c.K, c.FirstAlarm)
	fmt.Printf("%.2f\n", c.S)
	// Output:
	// k 1.443, first alarm at month 5
	// [0.00 0.00 0.56 0.11 1.67 4.23 4.79 8.34]
}

func ExampleRobustZ() {
	leasePerMu := []float64{800, 820, 760, 790, 300, 810}
	fmt.Printf("%.2f\n", stats.RobustZ(leasePerMu))
	// Output:
	// [0.17 0.84 -1.18 -0.17 -16.69 0.51]
}
