package risk

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/microrisk/microrisk/risk/stats"
	"gonum.org/v1/gonum/mat"
)

// Refit is a logistic regression of the checked outcomes on the
// standardised indicators of the run before each check: what the
// outcomes say the weights should be. It is shown beside the defaults and
// used only when outcomes.refit is set.
type Refit struct {
	// N is the checked outcomes fitted on, Hits those confirmed in full
	// or in part.
	N, Hits int
	// Coef is each indicator's fitted coefficient (log-odds per unit of
	// its standardised value); Intercept the constant.
	Coef      map[string]float64
	Intercept float64
	// Weights are the coefficients clipped at 0 (a weight must not be
	// negative) and scaled to the default weights' sum: the weights the
	// scoring uses when outcomes.refit is set.
	Weights map[string]float64
	// AUC is the held-out AUC of Weights: each outcome scored by a fit on
	// the other folds (RefitFolds), pooled; DefaultAUC is that of the
	// configured weights on the same outcomes. 0.5 is chance.
	AUC, DefaultAUC float64
	// Reason says why there is no fit (Weights nil).
	Reason string
}

// Refit settings.
const (
	// RefitFolds is the number of folds of the held-out AUC.
	RefitFolds = 5
	// RefitLambda is the ridge penalty on the coefficients (of
	// standardised indicators): it keeps rare indicators from taking
	// extreme weights on few outcomes.
	RefitLambda = 1.0
)

// FitWeights fits the logistic regression of the outcomes (hit or not)
// on their features (indicator → standardised value), with the weights
// cfg names as the baseline. Outcomes without features (flags, or no run
// before them) and not_checked ones are left out.
func FitWeights(outs []Outcome, cfg Config) Refit {
	var xs [][]float64
	var ys []bool
	for _, o := range outs {
		if !o.Checked() || o.Features == nil {
			continue
		}
		x := make([]float64, len(Catalogue))
		for k, ind := range Catalogue {
			x[k] = o.Features[ind.ID]
		}
		xs, ys = append(xs, x), append(ys, o.Hit())
	}
	r := Refit{N: len(xs)}
	for _, y := range ys {
		if y {
			r.Hits++
		}
	}
	if min(r.Hits, r.N-r.Hits) < cfg.Outcomes.RefitMin {
		r.Reason = fmt.Sprintf("too few outcomes: %d found and %d not found, %d of each needed (outcomes.refit_min)",
			r.Hits, r.N-r.Hits, cfg.Outcomes.RefitMin)
		return r
	}
	beta, err := logistic(xs, ys, RefitLambda)
	if err != nil {
		r.Reason = "the fit did not converge: " + err.Error()
		return r
	}
	r.Intercept, r.Coef = beta[0], map[string]float64{}
	var sumDefault, sumFit float64
	for k, ind := range Catalogue {
		r.Coef[ind.ID] = beta[k+1]
		sumDefault += cfg.Weight(ind.ID)
		sumFit += math.Max(0, beta[k+1])
	}
	r.Weights = map[string]float64{}
	for k, ind := range Catalogue {
		w := 0.0
		if sumFit > 0 {
			w = math.Max(0, beta[k+1]) * sumDefault / sumFit
		}
		r.Weights[ind.ID] = w
	}
	r.AUC, r.DefaultAUC = heldOutAUC(xs, ys, cfg)
	return r
}

// heldOutAUC scores each outcome with weights fitted on the other folds
// (folds drawn by a fixed seed) and returns the pooled AUC, and the AUC
// of the configured weights on the same outcomes.
func heldOutAUC(xs [][]float64, ys []bool, cfg Config) (fitted, baseline float64) {
	n := len(xs)
	fold := make([]int, n)
	perm := rand.New(rand.NewPCG(1, 2)).Perm(n)
	for i, j := range perm {
		fold[j] = i % RefitFolds
	}
	held := make([]float64, n)
	base := make([]float64, n)
	for f := range RefitFolds {
		var tx [][]float64
		var ty []bool
		for i := range xs {
			if fold[i] != f {
				tx, ty = append(tx, xs[i]), append(ty, ys[i])
			}
		}
		beta, err := logistic(tx, ty, RefitLambda)
		if err != nil {
			return math.NaN(), math.NaN()
		}
		for i := range xs {
			if fold[i] == f {
				for k := range Catalogue {
					held[i] += math.Max(0, beta[k+1]) * xs[i][k]
				}
			}
		}
	}
	for i := range xs {
		for k, ind := range Catalogue {
			base[i] += cfg.Weight(ind.ID) * xs[i][k]
		}
	}
	return stats.AUC(held, ys), stats.AUC(base, ys)
}

// logistic fits P(y) = σ(β₀ + Σ βₖ xₖ) by maximum likelihood with a
// ridge penalty λ/2 Σ βₖ² (not on β₀), by Newton's method (iteratively
// reweighted least squares; the system solved by gonum's Cholesky); it
// returns β₀, β₁…. The penalised likelihood is strictly concave, so the
// iteration converges from 0 in a few steps.
func logistic(xs [][]float64, ys []bool, lambda float64) ([]float64, error) {
	p := len(xs[0]) + 1
	beta := make([]float64, p)
	row := make([]float64, p)
	for iter := 0; iter < 50; iter++ {
		h := mat.NewSymDense(p, nil)
		g := mat.NewVecDense(p, nil)
		for i, x := range xs {
			row[0] = 1
			copy(row[1:], x)
			e := 0.0
			for k, v := range row {
				e += beta[k] * v
			}
			mu := 1 / (1 + math.Exp(-e))
			y := 0.0
			if ys[i] {
				y = 1
			}
			w := math.Max(mu*(1-mu), 1e-10)
			for a := range p {
				g.SetVec(a, g.AtVec(a)+(y-mu)*row[a])
				for b := a; b < p; b++ {
					h.SetSym(a, b, h.At(a, b)+w*row[a]*row[b])
				}
			}
		}
		for k := 1; k < p; k++ {
			h.SetSym(k, k, h.At(k, k)+lambda)
			g.SetVec(k, g.AtVec(k)-lambda*beta[k])
		}
		var chol mat.Cholesky
		if !chol.Factorize(h) {
			return nil, errors.New("the information matrix is not positive definite")
		}
		var step mat.VecDense
		if err := chol.SolveVecTo(&step, g); err != nil {
			return nil, err
		}
		size := 0.0
		for k := range beta {
			beta[k] += step.AtVec(k)
			size = math.Max(size, math.Abs(step.AtVec(k)))
		}
		if size < 1e-8 {
			return beta, nil
		}
	}
	return nil, errors.New("no convergence in 50 Newton steps")
}

// RefitWeights fits the weights on the outcomes decided by asOf (see
// FitWeights); the scoring uses them in place of [weights] when
// outcomes.refit is set. It returns an error saying why when no fit can
// be made.
func RefitWeights(ctx context.Context, db *sql.DB, asOf time.Time, cfg Config) (map[string]float64, Refit, error) {
	outs, err := LoadOutcomes(ctx, db, asOf, cfg.Outcomes)
	if err != nil {
		return nil, Refit{}, err
	}
	r := FitWeights(outs, cfg)
	if r.Weights == nil {
		return nil, r, fmt.Errorf("outcomes.refit: %s", r.Reason)
	}
	return r.Weights, r, nil
}
