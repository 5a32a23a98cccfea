package risk

import "fmt"

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

// Families of indicators: what part of a unit's life they read. A unit's
// score per family is the sum of its contributions in that family.
const (
	FamilyCases    = "cases"
	FamilyReports  = "reports"
	FamilyLeads    = "leads"
	FamilyTrend    = "trend"
	FamilyPayments = "payments"
	FamilyAssets   = "assets"
	// FamilyOversight reads how the unit was watched: tours, visits, their
	// findings, silence.
	FamilyOversight = "oversight"
	// FamilyHistory reads talks, warning letters and accountability.
	FamilyHistory = "history"
	// FamilySatisfaction reads the public's satisfaction surveys.
	FamilySatisfaction = "satisfaction"
)

// Families lists the families in the order reports show them.
var Families = []string{FamilyCases, FamilyReports, FamilyLeads, FamilyTrend, FamilyPayments, FamilyAssets,
	FamilyOversight, FamilyHistory, FamilySatisfaction}

// Window names the configured look-back window an indicator reads.
type Window int

// The windows of Config.Windows; WindowAsOf reads everything up to the
// as-of date (a backlog).
const (
	WindowAsOf Window = iota
	WindowCases
	WindowReports
	WindowPayments
	WindowAssets
	WindowTrend
	WindowHistory
	WindowOversight
	WindowLeads
)

// Months returns the window's length in cfg (0 for WindowAsOf).
func (w Window) Months(cfg Config) int {
	switch w {
	case WindowCases:
		return cfg.Windows.CasesMonths
	case WindowReports:
		return cfg.Windows.ReportsMonths
	case WindowPayments:
		return cfg.Windows.PaymentsMonths
	case WindowAssets:
		return cfg.Windows.AssetsMonths
	case WindowTrend:
		return cfg.Windows.TrendMonths
	case WindowHistory:
		return cfg.Windows.HistoryMonths
	case WindowOversight:
		return cfg.Windows.OversightMonths
	case WindowLeads:
		return cfg.Windows.LeadsMonths
	}
	return 0
}

// String names the window's configuration key.
func (w Window) String() string {
	switch w {
	case WindowCases:
		return "windows.cases_months"
	case WindowReports:
		return "windows.reports_months"
	case WindowPayments:
		return "windows.payments_months"
	case WindowAssets:
		return "windows.assets_months"
	case WindowTrend:
		return "windows.trend_months"
	case WindowHistory:
		return "windows.history_months"
	case WindowOversight:
		return "windows.oversight_months"
	case WindowLeads:
		return "windows.leads_months"
	}
	return "received on or before the as-of date"
}

// Minimum names the configured amount of data below which an indicator
// abstains.
type Minimum int

// The minimums of Config.Minimums; MinimumNone never abstains for lack of
// records.
const (
	MinimumNone Minimum = iota
	MinimumPayments
	MinimumBenford
	MinimumDeals
	MinimumLeases
	MinimumTrendCases
)

// Of returns the minimum's value in cfg (0 for MinimumNone).
func (m Minimum) Of(cfg Config) int {
	switch m {
	case MinimumPayments:
		return cfg.Minimums.Payments
	case MinimumBenford:
		return cfg.Minimums.BenfordPayments
	case MinimumDeals:
		return cfg.Minimums.Deals
	case MinimumLeases:
		return cfg.Minimums.Leases
	case MinimumTrendCases:
		return cfg.Minimums.TrendCases
	}
	return 0
}

// String names the minimum's configuration key.
func (m Minimum) String() string {
	switch m {
	case MinimumPayments:
		return "minimums.payments"
	case MinimumBenford:
		return "minimums.benford_payments"
	case MinimumDeals:
		return "minimums.deals"
	case MinimumLeases:
		return "minimums.leases"
	case MinimumTrendCases:
		return "minimums.trend_cases"
	}
	return "none"
}

// Indicator is the one declaration of an indicator (a rule): everything
// about it but its SQL, which lives in sql/rules/<SQL>.sql. Adding an
// indicator is one Indicator in Catalogue and one SQL file; see the
// package documentation.
type Indicator struct {
	ID     string
	Family string // one of Families
	// TitleZh and TitleEn name the indicator on the pages; AboutZh and
	// AboutEn say in one sentence what it measures and why it matters.
	TitleZh, TitleEn, AboutZh, AboutEn string
	// SQL names the file sql/rules/<SQL>.sql. Its statement "records"
	// returns the records behind the indicator (see the package
	// documentation for its columns); its optional statement "units"
	// returns further per-unit figures by name. Two indicators may read
	// the same records (cases_eb_rate and cases_funnel_z).
	SQL string
	// Ledger is the ledger the records come from (flags.ledger).
	Ledger  string
	Window  Window
	Minimum Minimum
	// Measure turns the records and figures into each unit's value.
	Measure Measure
	// Counts is true when Observed is the number of the unit's records,
	// each of which is stored as a flag: a reason's count is then exactly
	// its number of flags.
	Counts bool
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
	// Incidence indicators (cases, reports) read how often wrongdoing came
	// to light; for a unit nobody watched (see Silent) a low figure is no
	// evidence of clean hands, so their standardised value is floored at 0
	// for unwatched units.
	Incidence bool
	// Denominator, Value, Observed and Expected say in words what the
	// stored columns hold (`microrisk config`, the unit pages).
	Denominator, Value, Observed, Expected string
	// ReasonZh and ReasonEn are text/template sentences stating the unit's
	// figures (see reasonData for what they can use).
	ReasonZh, ReasonEn string
	DefaultWeight      float64
	WeightWhy          string // printed with the weight by `microrisk config`
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

// checkCatalogue reports a declaration that cannot work: a duplicate id, an
// unknown family, a missing SQL file or statement, a reason template that
// does not parse. It runs once, in init, so that a bad declaration fails
// every test at once.
func checkCatalogue(cat []Indicator) error {
	seen := map[string]bool{}
	for _, ind := range cat {
		switch {
		case ind.ID == "" || seen[ind.ID]:
			return fmt.Errorf("risk: indicator id %q empty or repeated", ind.ID)
		case !validFamily(ind.Family):
			return fmt.Errorf("risk: %s: unknown family %q", ind.ID, ind.Family)
		case ind.TitleZh == "" || ind.TitleEn == "" || ind.AboutZh == "" || ind.AboutEn == "":
			return fmt.Errorf("risk: %s: titles and descriptions are required in both languages", ind.ID)
		case ind.Measure == nil:
			return fmt.Errorf("risk: %s: no measure", ind.ID)
		case ind.Direction != 1 && ind.Direction != -1:
			return fmt.Errorf("risk: %s: direction must be ±1", ind.ID)
		}
		seen[ind.ID] = true
		if _, err := ruleStatements(ind.SQL); err != nil {
			return fmt.Errorf("risk: %s: %w", ind.ID, err)
		}
		if _, err := parseReason(ind); err != nil {
			return fmt.Errorf("risk: %s: %w", ind.ID, err)
		}
	}
	return nil
}

func validFamily(f string) bool {
	for _, x := range Families {
		if x == f {
			return true
		}
	}
	return false
}
