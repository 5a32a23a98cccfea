package benford

import "math"

// Mantissa holds the statistics of the log10 mantissas m = log10 x − ⌊log10 x⌋
// of the values analysed, and the distortion factor. Under Benford's law m is
// uniform on [0, 1): mean 1/2, variance 1/12, excess kurtosis −1.2, skewness 0.
type Mantissa struct {
	Mean, Var, ExKurtosis, Skewness float64 // Var with n − 1; the others population moments, as benford.analysis
	// ArcL2 is the mantissa arc test's squared length of the mean point
	// (cos 2πm, sin 2πm), ArcP = exp(−n·L2) its p-value (Alexander 2009).
	ArcL2, ArcP float64
	// MeanCollapsed is the mean of the values ≥ 10 collapsed to [10, 100)
	// (10·x/10^⌊log10 x⌋); 0 when there are none.
	MeanCollapsed float64
	// DistortionFactor is Nigrini's (MeanCollapsed − E)/E in percent, E =
	// 90/ln 10 ≈ 39.0865 the Benford mean. Negative means amounts pushed
	// down (under thresholds). benford.analysis divides by 39.0685, a typo:
	// its figure is DistortionFactor·E/39.0685.
	DistortionFactor float64
}

// benfordMeanCollapsed is the mean of Benford-distributed values collapsed
// to [10, 100): ∫ x · 1/(x ln 10) dx over [10, 100) = 90/ln 10.
var benfordMeanCollapsed = 90 / math.Ln10

// mantissaAcc accumulates mantissa moments in one pass (Welford, extended
// to the third and fourth central moments by Terriberry).
type mantissaAcc struct {
	n                     float64
	mean, m2, m3, m4      float64
	cos, sin              float64
	nCollapsed, collapsed float64
}

func (a *mantissaAcc) add(x float64) {
	e := decimalExponent(x)
	var scaled float64 // x/10^e, in [1, 10)
	switch {
	case e >= 0:
		scaled = x / math.Pow10(e) // exact power up to 1e22: correctly rounded, 1000 → 1
	case e < -300:
		scaled = x * 1e300 * math.Pow10(-e-300) // 10^-e overflows for subnormals
	default:
		scaled = x * math.Pow10(-e)
	}
	m := math.Log10(scaled)
	if m >= 1 {
		m = 0
	} else if m < 0 {
		m = 0
	}
	n1 := a.n
	a.n++
	delta := m - a.mean
	dn := delta / a.n
	dn2 := dn * dn
	term := delta * dn * n1
	a.mean += dn
	a.m4 += term*dn2*(a.n*a.n-3*a.n+3) + 6*dn2*a.m2 - 4*dn*a.m3
	a.m3 += term*dn*(a.n-2) - 3*dn*a.m2
	a.m2 += term
	s, c := math.Sincos(2 * math.Pi * m)
	a.cos += c
	a.sin += s
	if e >= 1 {
		a.nCollapsed++
		a.collapsed += 10 * scaled
	}
}

func (a *mantissaAcc) result() *Mantissa {
	if a.n == 0 {
		return nil
	}
	r := &Mantissa{Mean: a.mean}
	if a.n > 1 {
		r.Var = a.m2 / (a.n - 1)
	}
	if a.m2 > 0 {
		pm2 := a.m2 / a.n
		r.ExKurtosis = (a.m4/a.n)/(pm2*pm2) - 3
		r.Skewness = (a.m3 / a.n) / math.Pow(pm2, 1.5)
	}
	mc, ms := a.cos/a.n, a.sin/a.n
	r.ArcL2 = mc*mc + ms*ms
	r.ArcP = math.Exp(-r.ArcL2 * a.n)
	if a.nCollapsed > 0 {
		r.MeanCollapsed = a.collapsed / a.nCollapsed
		r.DistortionFactor = (r.MeanCollapsed - benfordMeanCollapsed) / benfordMeanCollapsed * 100
	}
	return r
}
