package risk

// Scale says how an indicator's value is standardised across the scored
// units before it enters the composite.
type Scale int

const (
	// ScaleRobust: the robust z-score of the value across the units that did
	// not abstain (stats.RobustZ: median and scaled MAD). For values whose
	// spread has no model (the Benford MAD ratio).
	ScaleRobust Scale = iota
	// ScaleOwn: the indicator standardises itself under an explicit model
	// and gives its z in Value.Z: a Poisson excess over the city rate, a
	// within-district robust z, a rate-ratio test, or for the
	// empirical-Bayes relative risks (RR − 1)/CV, CV = √v/m the
	// between-unit coefficient of variation of the fitted prior: how many
	// between-unit standard deviations the unit's smoothed rate lies above
	// the city's. Re-standardising such values by their spread across units
	// would blow up sparse counts: where most units have no case, the
	// shrunken rates of those units sit within a hair of each other, the
	// MAD is near 0, and one case would reach the clip.
	ScaleOwn
)

// Indicator describes one indicator of the catalogue. The window and the
// minimum are set in Config; the strings here say what they apply to.
type Indicator struct {
	ID          string
	Family      string // cases, reports, leads, trend, payments, assets
	Window      string // which Config.Windows field
	Denominator string
	Minimum     string // below what it abstains
	// Direction is +1 when a higher value is riskier, −1 when a lower one is
	// (the standardised value is multiplied by it).
	Direction float64
	Scale     Scale
	// OneSided indicators count only against a unit: their standardised
	// value is floored at 0. They flag irregularities (a payment to the
	// dead, a lease far below the price) whose absence is the norm and no
	// evidence of clean hands; without the floor, a unit with many payments
	// and none flagged would earn a negative z from each of them. The
	// incidence indicators (cases, reports) stay two-sided: fewer cases than
	// the unit's size explains does lower its risk.
	OneSided bool
	// Value says what the stored value is; Observed and Expected what the
	// stored observed and expected columns hold ("" when unused).
	Value, Observed, Expected string
	DefaultWeight             float64
	WeightWhy                 string // printed with the weight by `microrisk config`
}

// Catalogue lists the indicators in the order they are computed, stored
// and printed.
var Catalogue = []Indicator{
	{
		ID: "cases_eb_rate", Family: "cases", Window: "windows.cases_months", Denominator: "staff × window years",
		Minimum: "staff recorded and > 0", Direction: 1, Scale: ScaleOwn,
		Value:    "relative risk: empirical-Bayes smoothed cases per staff-year ÷ city rate (Marshall 1991 global Poisson–Gamma prior over all scored units with staff)",
		Observed: "cases in the window", Expected: "city rate × staff-years",
		DefaultWeight: 1,
		WeightWhy:     "the core signal: case incidence for the unit's size, shrunk so that small units do not top the list by chance.",
	},
	{
		ID: "cases_funnel_z", Family: "cases", Window: "windows.cases_months", Denominator: "expected cases = city rate × staff-years",
		Minimum: "staff recorded and > 0", Direction: 1, Scale: ScaleOwn,
		Value:    "funnel-plot z of observed against expected cases (exact Poisson mid-p, stats.PoissonFunnelZ)",
		Observed: "cases in the window", Expected: "city rate × staff-years",
		DefaultWeight: 0.5,
		WeightWhy:     "the same cases read as strength of evidence (large units with a real excess); half weight because it overlaps cases_eb_rate.",
	},
	{
		ID: "reports_eb_rate", Family: "reports", Window: "windows.reports_months", Denominator: "population × window years",
		Minimum: "population recorded and > 0", Direction: 1, Scale: ScaleOwn,
		Value:    "relative risk: empirical-Bayes smoothed accusation-type reports per resident-year ÷ city rate",
		Observed: "accusation-type reports in the window", Expected: "city rate × resident-years",
		DefaultWeight: 0.75,
		WeightWhy:     "accusation-type reports come before cases; less than full weight because some are malicious or repeated.",
	},
	{
		ID: "leads_open_key", Family: "leads", Window: "received on or before the as-of date", Denominator: "city mean of open key leads per scored unit",
		Minimum: "none (no open key lead is a real 0)", Direction: 1, Scale: ScaleOwn, OneSided: true,
		Value:    "Poisson excess z of the unit's key leads still open at the as-of date against the city mean per unit",
		Observed: "key leads open at the as-of date", Expected: "city mean per scored unit",
		DefaultWeight: 0.5,
		WeightWhy:     "a backlog of key leads is a warning, but it also measures the local commission's pace, not only the unit.",
	},
	{
		ID: "trend_cases", Family: "trend", Window: "windows.trend_months, twice", Denominator: "the unit's own previous window",
		Minimum: "minimums.trend_cases cases in the two windows together", Direction: 1, Scale: ScaleOwn, OneSided: true,
		Value:    "signed normal score of the one-sided exact rate-ratio test (recent ÷ previous window; stats.RateRatioTest), positive for a rise",
		Observed: "cases in the recent window", Expected: "cases in the previous window",
		DefaultWeight: 0.25,
		WeightWhy:     "a sharp rise is worth a look, but cases also rise where the commission looked harder; low weight.",
	},
	{
		ID: "payments_register_match", Family: "payments", Window: "windows.payments_months", Denominator: "expected = city share × the unit's payments",
		Minimum: "minimums.payments payments in the window", Direction: 1, Scale: ScaleOwn, OneSided: true,
		Value:    "Poisson excess z of payments to payees in the deceased register (paid after the date of death) or the public-employee register (within its dates)",
		Observed: "matching payments", Expected: "city share × payments",
		DefaultWeight: 1,
		WeightWhy:     "benefits paid to the dead or to people on the public payroll are close to direct evidence of fraud.",
	},
	{
		ID: "payments_relatives", Family: "payments", Window: "windows.payments_months", Denominator: "expected = city share × the unit's payments",
		Minimum: "minimums.payments payments in the window", Direction: 1, Scale: ScaleOwn, OneSided: true,
		Value:    "Poisson excess z of payments to relatives of the unit's own cadres (relations.related_id = payee_id, relations.unit_id = the unit)",
		Observed: "payments to cadres' relatives", Expected: "city share × payments",
		DefaultWeight: 1,
		WeightWhy:     "favouring relatives (优亲厚友) is the commonest grassroots pattern; relatives can be eligible too, hence an excess over the city share.",
	},
	{
		ID: "payments_duplicate", Family: "payments", Window: "windows.payments_months", Denominator: "expected = city share × the unit's payments",
		Minimum: "minimums.payments payments in the window", Direction: 1, Scale: ScaleOwn, OneSided: true,
		Value:    "Poisson excess z of duplicate payments (the same payee, programme and calendar month paid more than once; every payment after the first counts)",
		Observed: "duplicate payments", Expected: "city share × payments",
		DefaultWeight: 0.75,
		WeightWhy:     "paying the same person twice for the same month is a classic skim, but back-payments cause honest duplicates.",
	},
	{
		ID: "payments_split", Family: "payments", Window: "windows.payments_months", Denominator: "expected = city share × the unit's payments",
		Minimum: "minimums.payments payments in the window", Direction: 1, Scale: ScaleOwn, OneSided: true,
		Value:    "Poisson excess z of amounts in [split_band × approval_limit, approval_limit) against the city share",
		Observed: "payments just under the approval limit", Expected: "city share × payments",
		DefaultWeight: 0.5,
		WeightWhy:     "amounts bunched just under an approval limit suggest splitting to avoid approval.",
	},
	{
		ID: "payments_round", Family: "payments", Window: "windows.payments_months", Denominator: "expected = city share × the unit's payments",
		Minimum: "minimums.payments payments in the window", Direction: 1, Scale: ScaleOwn, OneSided: true,
		Value:    "Poisson excess z of amounts that are whole multiples of round_multiple yuan against the city share (conservative where the share is large: the binomial variance is smaller)",
		Observed: "round-number payments", Expected: "city share × payments",
		DefaultWeight: 0.25,
		WeightWhy:     "invented amounts tend to be round, but many benefit standards are round too; weak evidence, low weight.",
	},
	{
		ID: "payments_benford_mad", Family: "payments", Window: "windows.payments_months", Denominator: "the MAD expected under Benford's law for the same number of payments",
		Minimum: "minimums.benford_payments payments with a first-two-digit group", Direction: 1, Scale: ScaleRobust, OneSided: true,
		Value:    "first-two-digit MAD (benford.FromCounts) ÷ the MAD data following Benford's law show at the same n (benford.ExpectedMAD)",
		Observed: "first-two-digit MAD", Expected: "MAD expected under Benford's law for n",
		DefaultWeight: 0.25,
		WeightWhy:     "digit patterns are weak evidence alone: fixed benefit standards distort them honestly.",
	},
	{
		ID: "payments_shared_account", Family: "payments", Window: "windows.payments_months", Denominator: "expected = city share × the unit's payments",
		Minimum: "minimums.payments payments in the window", Direction: 1, Scale: ScaleOwn, OneSided: true,
		Value:    "Poisson excess z of payments into bank accounts that receive payments for payments.account_payees or more payees anywhere in the city",
		Observed: "payments into shared accounts", Expected: "city share × payments",
		DefaultWeight: 1,
		WeightWhy:     "many payees behind one account is how ghost beneficiaries are paid to a cadre; households sharing one account stay under the payee threshold.",
	},
	{
		ID: "assets_lease_price_z", Family: "assets", Window: "windows.assets_months", Denominator: "the district's leases (median and MAD of log price per mu per year)",
		Minimum: "minimums.leases leases with area, and minimums.district_leases in the district", Direction: -1, Scale: ScaleOwn, OneSided: true,
		Value:    "median over the unit's leases of the robust z (stats.RobustZ within the district) of log price per mu per year (see assets.lease_amount)",
		Observed: "median price per mu per year of the unit's leases", Expected: "median price per mu per year in the district",
		DefaultWeight: 0.5,
		WeightWhy:     "a unit that leases all its land cheaply; half weight because the median misses a few sweetheart leases (assets_lease_below sees those).",
	},
	{
		ID: "assets_lease_below", Family: "assets", Window: "windows.assets_months", Denominator: "expected = city share × the unit's leases",
		Minimum: "minimums.leases leases with area, and minimums.district_leases in the district", Direction: 1, Scale: ScaleOwn, OneSided: true,
		Value:    "Poisson excess z of the unit's leases whose robust z of log price within the district is below assets.low_price_z",
		Observed: "leases far below the district's price", Expected: "city share × leases",
		DefaultWeight: 1,
		WeightWhy:     "collective land leased far below the going price is how three-assets value leaks to insiders.",
	},
	{
		ID: "assets_no_bidding", Family: "assets", Window: "windows.assets_months", Denominator: "expected = city share × the unit's leases and contracts",
		Minimum: "minimums.deals leases and contracts in the window", Direction: 1, Scale: ScaleOwn, OneSided: true,
		Value:    "Poisson excess z of leases and contracts made without public bidding",
		Observed: "leases and contracts without public bidding", Expected: "city share × leases and contracts",
		DefaultWeight: 0.5,
		WeightWhy:     "skipping public bidding is the usual way collective assets go to insiders, but small deals are often let directly; half weight.",
	},
	{
		ID: "assets_long_term", Family: "assets", Window: "windows.assets_months", Denominator: "expected = city share × the unit's leases and contracts",
		Minimum: "minimums.deals leases and contracts in the window", Direction: 1, Scale: ScaleOwn, OneSided: true,
		Value:    "Poisson excess z of leases and contracts for a term over assets.max_term_years",
		Observed: "leases and contracts over the term limit", Expected: "city share × leases and contracts",
		DefaultWeight: 0.75,
		WeightWhy:     "a term beyond the legal limit is unlawful in itself and locks the asset away from the collective.",
	},
	{
		ID: "assets_unapproved", Family: "assets", Window: "windows.assets_months", Denominator: "expected = city share × the unit's collective transactions",
		Minimum: "minimums.deals collective transactions in the window", Direction: 1, Scale: ScaleOwn, OneSided: true,
		Value:    "Poisson excess z of collective transactions (any kind) not approved",
		Observed: "unapproved transactions", Expected: "city share × transactions",
		DefaultWeight: 0.5,
		WeightWhy:     "spending or letting without the collective's approval (民主决策) bypasses the check that protects it; often paperwork, hence half weight.",
	},
}

// IndicatorByID returns the catalogue entry with the id.
func IndicatorByID(id string) (Indicator, bool) {
	for _, ind := range Catalogue {
		if ind.ID == id {
			return ind, true
		}
	}
	return Indicator{}, false
}

// IndicatorIDs returns the catalogue's ids in order.
func IndicatorIDs() []string {
	out := make([]string, len(Catalogue))
	for i, ind := range Catalogue {
		out[i] = ind.ID
	}
	return out
}
