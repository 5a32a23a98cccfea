package stats

import (
	"math"
	"testing"
)

// TestRandomEffectsZAgreesWithLimits: a unit exactly on a random-effects
// limit has |z| = NormalZ(c), for both scales, with and without τ².
func TestRandomEffectsZAgreesWithLimits(t *testing.T) {
	for _, od := range []Overdispersion{
		{Method: SHMI, Phi: 1}, {Method: SHMI, Phi: 3, Tau2: 0.03},
		{Method: Spiegelhalter, Phi: 1}, {Method: Spiegelhalter, Phi: 2, Tau2: 0.01},
	} {
		for _, e := range []float64{3, 20, 400} {
			for _, c := range []float64{Coverage95, Coverage998} {
				lo, hi := od.RandomEffectsLimits(e, c)
				for _, r := range []float64{lo, hi} {
					if r == 0 {
						continue
					}
					if z := od.RandomEffectsZ(r*e, e); !close(math.Abs(z), NormalZ(c), 1e-9, 0) {
						t.Errorf("%v τ²=%v E=%v: z at the limit %v = %v, want ±%v", od.Method, od.Tau2, e, r, z, NormalZ(c))
					}
				}
			}
		}
	}
	if z := (Overdispersion{Method: Spiegelhalter}).RandomEffectsZ(5, 0); z != 0 {
		t.Errorf("E = 0: %v", z)
	}
}
