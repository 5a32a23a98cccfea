package stats

import "math"

// RandomEffectsZ returns the z-score of O against E that matches
// [Overdispersion.RandomEffectsLimits]: the distance from the target on
// the method's scale in units of the random-effects standard error,
//
//	SHMI:          ln(O/E) / √(1/E + τ²)              (O = 0 taken as 0.5)
//	Spiegelhalter: (√(O/E) − 1) / √(1/(4E) + τ²)      (FunnelPlotR's "CQC")
//
// so that |z| above NormalZ(c) is the same test as O/E outside
// RandomEffectsLimits(E, c). With τ² = 0 it is the unadjusted z on the
// method's scale divided by √E·(1 or 2). E ≤ 0 gives 0.
func (od Overdispersion) RandomEffectsZ(observed, expected float64) float64 {
	if expected <= 0 {
		return 0
	}
	if od.Method == Spiegelhalter {
		y := math.Sqrt(math.Max(observed, 0) / expected)
		return (y - 1) / math.Sqrt(1/(4*expected)+od.Tau2)
	}
	return od.Z(observed, expected)
}
