// Package benford tests amounts against Benford's law, reproducing the R
// package benford.analysis (Cinelli, version 0.1.5) and Nigrini (2012).
//
// # Tests
//
// A Test names which digits are compared with their Benford frequency:
//
//	FirstDigit   1..9      p(d) = log10(1 + 1/d)
//	SecondDigit  0..9      p(d) = Σ_{a=1..9} log10(1 + 1/(10a + d))
//	FirstTwo     10..99    p(d) = log10(1 + 1/d)        (the default, as in benford.analysis)
//	FirstThree   100..999  p(d) = log10(1 + 1/d)
//	LastTwo      00..99    p(d) = 1/100, on the integer part of amounts ≥ 10 (Nigrini)
//
// Only positive, finite values are analysed (benford.analysis' sign =
// "positive"); LastTwo also skips values below 10, which have no two-digit
// integer part, and from 10^15 on, where a float64 stops holding every
// integer.
//
// # Statistics
//
// For n analysed values, observed share p̂ = count/n and Benford share p of a
// digit group (definitions from benford.analysis' source):
//
//	MAD  = Σ |p̂ − p| / number of groups, judged against Nigrini's cut points (Verdict)
//	χ²   = Σ (count − n·p)² / (n·p), groups − 1 degrees of freedom
//	KS D = max |cumulative p̂ − cumulative p| over the groups in digit order, critical value 1.36/√n
//	z    = (|p̂ − p| − 1/(2n)) / √(p(1−p)/n)
//
// z keeps the continuity correction even where it makes z negative, as
// benford.analysis does (Nigrini drops the correction when 1/(2n) exceeds
// |p̂ − p|); a negative z only ever means "no deviation".
//
// The summation test adds the amounts per digit group; under Benford's law
// every group has the same expected sum, and SumExcess = |sum − mean group sum|.
// The mantissa statistics, the mantissa arc test (L2, p = exp(−n·L2)) and
// the distortion factor are computed as benford.analysis does.
//
// # Many units
//
// Screening hundreds of units needs a test whose false-alarm rate does not
// depend on n: Nigrini's cut points flag nearly every small unit, and the
// χ²(k − 1) p-value is too liberal when expected counts are small.
// UnitTest gives each unit Pearson's X² with a p-value calibrated at the
// unit's own n (the exact first three moments of X² under the multinomial
// null); pass the units' p-values to stats.AdjustBH or
// stats.BenjaminiHochberg to control the false-discovery rate across
// units. BH is valid for independent or positively dependent tests: units'
// payments are disjoint, and what they share (a programme's fixed amounts,
// a district's campaign) moves their X² the same way.
// stats.BenjaminiYekutieli holds under any dependence, at the price of a
// threshold about ln(m) + 0.6 times stricter.
//
// # Digits
//
// Digits are taken from the shortest decimal representation that round-trips
// to the float64 (strconv 'e', -1; DuckDB prints doubles the same way), so
// 0.29 has first two digits 29 and 0.1+0.2 (0.30000000000000004) has 30.
// benford.analysis computes trunc(10^(k−1−⌊log10 x⌋)·x) instead, which gives
// 28 for 0.29 because 100·0.29 = 28.999999999999996: Method Truncate
// reproduces that arithmetic exactly, for comparisons with the peer. The two
// differ only where x·10^(k−1−e) rounds across an integer: exact decimals
// below 10^(k−1) such as 0.29, or values within a rounding error of a group
// boundary (54.099999999999994 → 541 for three digits). On the
// corporate_payment reference data 146 of 185,083 values fall in another
// first-two-digit group (all below 10), 441 in another first-three-digit
// group (all below 100).
//
// # Minimum number of values
//
// The statistics are computed at any n, but below DefaultMinN (or
// Config.MinN) Result.Abstain says why the result should not be used.
// Nigrini's MAD cut points assume large n: ExpectedMAD gives the MAD that
// exactly Benford data show at a given n (0.0046 for the first two digits at
// n = 300, above the 0.0022 nonconformity cut point), so for small sets
// compare MAD with Result.ExpectedMAD rather than read the Verdict alone.
//
// # References
//
// Nigrini, M. J. (2012). Benford's Law: Applications for Forensic Accounting,
// Auditing, and Fraud Detection. Wiley.
// Cinelli, C. benford.analysis, https://github.com/carloscinelli/benford.analysis.
package benford
