// Package scan finds clusters of high incidence with Kulldorff's scan
// statistic for the discrete Poisson model (Kulldorff 1997, "A spatial scan
// statistic", Communications in Statistics – Theory and Methods 26:1481;
// Kulldorff et al. 1998 for space–time), as SaTScan computes it.
//
// # Windows
//
// A purely spatial window is a circle centred on a location (the
// locations are the centroids, as in SaTScan without a grid file) holding
// every location within its radius: the centre's neighbours sorted by
// distance, cut after a whole group of equally distant ones, and grown
// while the window's expected count stays at most Config.MaxShare of the
// total (SaTScan's "maximum spatial cluster size, percent of population
// at risk"). Distances are Euclidean on planar x/y (SaTScan's Cartesian
// coordinates) or great-circle on longitude/latitude.
//
// A space–time window is a cylinder: a circle as above times an interval
// of whole periods [t₁, t₂] no longer than Config.MaxTimeShare of the
// study period. The default is SaTScan's retrospective analysis: every
// such interval anywhere in the study period. Config.Prospective keeps
// only the intervals that end in the last period (SaTScan's prospective
// analysis: clusters still alive).
//
// # Statistic
//
// With C cases in all, c observed and μ expected inside a window (the
// expected counts rescaled to add up to C), the log-likelihood ratio of a
// high-rate window (c > μ, c ≥ Config.MinCases) is
//
//	LLR = c·ln(c/μ) + (C − c)·ln((C − c)/(C − μ)),
//
// 0 otherwise, and its relative risk (c/μ)/((C − c)/(C − μ)). The most
// likely cluster is the window with the largest LLR. Its p-value is by
// Monte Carlo: Config.Reps replicates redistribute the C cases over the
// locations (and periods) multinomially in proportion to their expected
// counts, each replicate's largest LLR over all windows is recorded, and
//
//	p = (1 + #{replicates with max LLR ≥ LLR}) / (Reps + 1).
//
// Secondary clusters follow SaTScan's "no geographical overlap" rule: the
// best window of each centre, in decreasing LLR, kept if it shares no
// location with a cluster kept before it; each is tested against the same
// distribution of replicate maxima (conservative, as in SaTScan).
//
// # Why 10%
//
// SaTScan's default maximum is 50% of the population at risk, meant for
// disease clusters whose extent is unknown. Micro-corruption clusters
// around a township's leadership, a contractor or a programme office: a
// handful of neighbouring villages and stations. A window that may hold
// half the city finds "the west of the city is worse than the east",
// which no inspection tour can act on, and the larger windows dominate the
// replicates' maxima, costing power against small clusters. 10% keeps
// windows at the scale of a few townships; analysts can widen it.
//
// # Cost
//
// Each centre's neighbours are sorted by distance once, up to the cap (a
// weighted selection, then a sort of the few kept), and every window's
// ln μ and ln(1 − μ/C) are stored (rounded to float32, 12 bytes a window
// with its end), so that a replicate needs one pass over the windows with
// integer sums and table look-ups of c·ln c: O(W) per replicate for W
// windows, plus O(C) to draw the cases (Walker's alias method). A window
// whose rounded LLR comes within the rounding bound of the best so far is
// computed again in float64, and one with no more cases than the window
// inside it is skipped (its LLR is smaller), so the maxima are exact.
// After a pilot of 20 replicates, half their median maximum is a floor:
// each window holds the fewest cases whose LLR exceeds it, and a window
// with fewer is passed over with one comparison. With fewer than 2¹⁵
// cases the purely spatial replicates are scanned eight at a time, their
// counts in 16-bit lanes of two machine words: two additions add a
// location's cases to all eight, and one test finds that none of them
// reaches the window's floor count (about 3% of windows reach it); a
// replicate whose maximum stays under the floor is scanned again alone,
// so the maxima are exact. With a bounded radius, the candidates for a
// centre's circles come from a grid of cubes as wide as the radius, not
// from every location. Replicates run in parallel, each with its own
// random stream PCG(Seed, replicate), so that results do not depend on
// the number of workers or on the batching. The space–time scan costs up to O(W·T·L) per replicate for T
// periods and intervals up to L periods; a circle is skipped when a bound
// on all its intervals' LLRs (from the subadditivity of the Poisson
// deviance) cannot beat the best so far, and otherwise only the interval
// lengths whose best count could, and only the intervals that gained
// cases since the previous circle, are scanned.
//
// Measured on the shared 2-core machine (BenchmarkSpatialChengdu,
// BenchmarkSpaceTimeChengdu: 6,133 locations, windows up to 10%): the
// purely spatial scan with 999 replicates took 27 s (18 s of CPU, load
// average 12 from other jobs) before the floor, 5.7 s now; as the score
// runs it (BenchmarkSpatialScoreChengdu: 2,800 cases, circles up to 10 km)
// 0.6 s. The space–time scan over 24 months, 99 replicates, took 73 s
// with 51,000 cases and 48 s with 5,000, about 0.5 s of CPU per
// replicate.
//
// # Missing data
//
// Locations whose coordinates are missing (NaN) or whose expected count is
// 0 are left out of every window and of the totals, and listed in
// Result.Missing and Result.NoExposure so that the caller can say how many.
//
// # Peers
//
// The tests reproduce SaTScan 9.6's and 9.3.1's published runs on the New
// York leukaemia data of Waller & Gotway (2004) as shipped with the R
// package smerc (tests/scan_test_ny_poisson_circular_*.txt): every
// cluster's locations, expected count, relative risk and LLR, and its
// p-value within Monte Carlo error.
package scan
