package risk

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestLogisticMatchesR: without a penalty the fit is R's
// glm(am ~ wt, family = binomial, data = mtcars): (Intercept) 12.040,
// wt −4.024 (R 4.x, printed to three decimals).
func TestLogisticMatchesR(t *testing.T) {
	wt := []float64{2.620, 2.875, 2.320, 3.215, 3.440, 3.460, 3.570, 3.190, 3.150, 3.440, 3.440, 4.070, 3.730, 3.780,
		5.250, 5.424, 5.345, 2.200, 1.615, 1.835, 2.465, 3.520, 3.435, 3.840, 3.845, 1.935, 2.140, 1.513, 3.170, 2.770, 3.570, 2.780}
	am := []int{1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1}
	xs := make([][]float64, len(wt))
	ys := make([]bool, len(wt))
	for i := range wt {
		xs[i], ys[i] = []float64{wt[i]}, am[i] == 1
	}
	beta, err := logistic(xs, ys, 0)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(beta[0]-12.040) > 5e-4 || math.Abs(beta[1]+4.024) > 5e-4 {
		t.Errorf("β = %v, R: 12.040, −4.024", beta)
	}
}

// TestFitWeights: outcomes driven by one indicator give it the weight,
// and a held-out AUC well above chance; with too few outcomes there is no
// fit and the reason says so.
func TestFitWeights(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	cfg := DefaultConfig()
	cfg.Outcomes.RefitMin = 20
	driver, noise := Catalogue[0].ID, Catalogue[1].ID
	var outs []Outcome
	for i := range 400 {
		x, z := r.NormFloat64(), r.NormFloat64()
		p := 1 / (1 + math.Exp(-(2*x - 1)))
		res := ResultUnfounded
		if r.Float64() < p {
			res = ResultConfirmed
		}
		outs = append(outs, Outcome{DispositionID: string(rune('a' + i%26)), Result: res,
			Features: map[string]float64{driver: x, noise: z}})
	}
	fit := FitWeights(outs, cfg)
	if fit.Weights == nil {
		t.Fatal(fit.Reason)
	}
	if fit.Coef[driver] < 1.5 || math.Abs(fit.Coef[noise]) > 0.4 || fit.Weights[driver] <= fit.Weights[noise] {
		t.Errorf("coefficients %v, weights %v", fit.Coef, fit.Weights)
	}
	if fit.AUC < 0.75 {
		t.Errorf("held-out AUC %.3f", fit.AUC)
	}
	var sum, sumDefault float64
	for _, ind := range Catalogue {
		sum += fit.Weights[ind.ID]
		sumDefault += cfg.Weight(ind.ID)
		if fit.Weights[ind.ID] < 0 {
			t.Errorf("negative weight for %s", ind.ID)
		}
	}
	if math.Abs(sum-sumDefault) > 1e-9 {
		t.Errorf("weights sum to %v, the defaults to %v", sum, sumDefault)
	}
	if few := FitWeights(outs[:30], cfg); few.Weights != nil || few.Reason == "" {
		t.Errorf("fit on 30 outcomes: %+v", few)
	}
}

// TestWilsonInterval: R's prop.test(7, 20, correct = FALSE)$conf.int is
// 0.1811918 to 0.5671457.
func TestWilsonInterval(t *testing.T) {
	p := NewProportion(7, 20)
	if math.Abs(p.Lo-0.1811918) > 1e-6 || math.Abs(p.Hi-0.5671457) > 1e-6 || p.P != 0.35 {
		t.Errorf("%+v", p)
	}
	if q := NewProportion(0, 0); !math.IsNaN(q.P) {
		t.Errorf("empty: %+v", q)
	}
}
