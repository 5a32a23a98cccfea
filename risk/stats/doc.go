// Package stats is the statistical core of microrisk: plain functions over
// []float64 and small value types, in the style of gonum's stat package, for
// the per-unit aggregates that the risk model reads out of DuckDB.
//
// # Methods
//
//   - Empirical Bayes rate smoothing after Marshall (1991): a global
//     Poisson–Gamma prior fitted by the method of moments ([FitEBPrior],
//     [EBPrior.Smooth]), PySAL esda's Empirical_Bayes ([EmpiricalBayes]),
//     Spatial_Empirical_Bayes ([SpatialEmpiricalBayes]), Spatial_Rate
//     ([SpatialRate]), Spatial_Median_Rate ([SpatialMedianRate]) and
//     Excess_Risk ([ExcessRisk]).
//   - Funnel plots after Spiegelhalter (2005): exact Poisson limits on an
//     indirectly standardised ratio O/E as FunnelPlotR computes them
//     ([PoissonLimits]), exact binomial limits on a proportion
//     ([BinomialLimits]), z-scores ([PoissonFunnelZ], [FunnelZ]) and
//     overdispersion ([FitOverdispersion]): the NHS Digital SHMI method
//     (log z, 10% truncation, additive random effect τ²) and Spiegelhalter's
//     multiplicative φ with winsorised square-root z; the random-effects
//     z that matches the additive limits ([Overdispersion.RandomEffectsZ]).
//   - Robust statistics: [Median], [Quantile7] (R's type 7), [Winsorize],
//     [RobustZ] (median/MAD z-scores).
//   - Trend: the exact conditional rate-ratio test of R's poisson.test
//     ([RateRatioTest]) and the Poisson CUSUM of Lucas (1985)
//     ([PoissonCUSUM]).
//   - Composite score and evaluation: [PercentRank], [Standardize], [AUC],
//     [PrecisionAtK].
//   - Multiple testing: the false-discovery-rate adjustments of Benjamini &
//     Hochberg (1995, [AdjustBH], [BenjaminiHochberg]) and Benjamini &
//     Yekutieli (2001, [AdjustBY], [BenjaminiYekutieli]), as R's p.adjust.
//
// # Conventions for edge cases
//
// Data never make a function panic or return NaN. The package uses one
// convention throughout:
//
//   - A method that fits or tests something returns a value type with an
//     Abstain field of type error: nil when the method gave an estimate,
//     otherwise one of the sentinel errors [ErrTooFewValues],
//     [ErrNoExposure], [ErrNoEvents] or [ErrNoShift] (test with errors.Is).
//     When it abstains, the other fields hold the documented neutral
//     answer (a ratio of 1, a p-value of 1, φ = 1, τ² = 0, …) so that a
//     caller that ignores Abstain still gets a finite, harmless number.
//   - A function that returns a plain number or slice documents its
//     neutral answer for degenerate input: the median of no values is 0,
//     the AUC with no positives or no negatives is 0.5, a standardised
//     vector with zero spread is all zeros, a rate with no exposure is the
//     prior mean.
//   - Infinity is returned only where it is the mathematically exact limit
//     and documented so (the upper funnel limit at E = 0, the rate ratio
//     when the reference window has no events, as in R).
//   - Panics are kept for caller bugs, in gonum's style: slices of
//     different lengths ("stats: slice length mismatch"), a coverage
//     outside (0, 1), a neighbour index out of range, a quantile
//     probability outside [0, 1].
//
// Inputs are assumed finite (they are SQL aggregates). A negative event
// count is bad data and is taken as 0; an exposure of zero or less means
// "no exposure". No function modifies its arguments.
//
// # Peers
//
// Each method's doc comment names the peer it follows; the tests reproduce
// the peers' published numbers on real data sets from shared/refdata
// (PySAL esda on sids2 and St Louis homicides, FunnelPlotR on medpar and
// its six-group fixture, R's poisson.test) and say where each expected
// number came from.
package stats
