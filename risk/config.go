package risk

import (
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/microrisk/microrisk/risk/stats"
)

// Config is everything a scoring run and a plan depend on. Start from
// DefaultConfig, override it from a TOML file with LoadConfig or
// DecodeConfig, and check it with Validate. The `comment` tags are printed
// above each key by WriteTOML (what `microrisk config` shows).
type Config struct {
	Windows   Windows            `toml:"windows" comment:"Windows end at the as-of date inclusive and reach back a whole number of months."`
	Minimums  Minimums           `toml:"minimums" comment:"Below these amounts of data an indicator abstains (stores NULL and says why) instead of guessing."`
	Payments  PaymentRules       `toml:"payments" comment:"Rules for the payment-pattern indicators."`
	Assets    AssetRules         `toml:"assets" comment:"Rules for the collective three-assets indicators."`
	Leads     LeadRules          `toml:"leads" comment:"Rules for the lead-ledger indicators."`
	Oversight OversightRules     `toml:"oversight" comment:"How intensely a unit was watched: tours, unannounced visits, reports; silent units."`
	Scan      ScanRules          `toml:"scan" comment:"cases_cluster: Kulldorff's spatial scan of the cases (risk/scan) on the units' coordinates."`
	Composite Composite          `toml:"composite" comment:"How the indicators combine into the 0-100 score, the rank and the band."`
	Weights   map[string]float64 `toml:"weights" comment:"Weight of each indicator in the composite (0 turns it off). A contribution is weight x clipped standardised value."`
	Tours     Tours              `toml:"tours" comment:"The inspection tour plan (巡察): capacity, coverage cycle, cross tours."`
	Reminders Reminders          `toml:"reminders" comment:"Written work reminders (工作提醒) to units where cases are frequent."`
	Owners    Owners             `toml:"owners" comment:"Who must act on each target: the district's commission or the township's discipline committee, from the units' hierarchy (plan_config.go)."`
	Outcomes  Outcomes           `toml:"outcomes" comment:"What the dispositions of earlier targets teach: each rule's live precision, retirement, rectification, re-fitted weights."`
}

// Windows are the look-back windows of the indicators, in months.
type Windows struct {
	CasesMonths     int `toml:"cases_months" comment:"cases_eb_rate, cases_funnel_z: about two years, as the seed counts 2016 to May of the next year."`
	ReportsMonths   int `toml:"reports_months" comment:"reports_eb_rate: one year, the period the seed's year-on-year report figures use."`
	PaymentsMonths  int `toml:"payments_months" comment:"payments_*: two years of payments give most villages enough for the digit test."`
	AssetsMonths    int `toml:"assets_months" comment:"assets_*: two years; leases and contracts are few and lumpy."`
	TrendMonths     int `toml:"trend_months" comment:"trend_cases: the last this-many months against the same length just before."`
	HistoryMonths   int `toml:"history_months" comment:"history_*: talks, warning letters and accountability in the last two years, and cases after a warning letter."`
	OversightMonths int `toml:"oversight_months" comment:"oversight_findings, oversight_unrectified, silent_unit: tours and visits of the last five years, a committee's term (全覆盖 cycle)."`
	LeadsMonths     int `toml:"leads_months" comment:"leads_closeout: leads received in the last two years."`
}

// Minimums are the amounts of data below which indicators abstain.
type Minimums struct {
	Payments        int `toml:"payments" comment:"payments_register_match, _relatives, _duplicate, _split, _round: payments in the window."`
	BenfordPayments int `toml:"benford_payments" comment:"payments_benford_mad: payments with a first-two-digit group (about 3 per group of 90)."`
	Deals           int `toml:"deals" comment:"assets_no_bidding, assets_long_term: leases and contracts in the window; assets_unapproved: collective transactions."`
	Leases          int `toml:"leases" comment:"assets_lease_price_z, assets_lease_below: leases with an amount and an area in the window."`
	DistrictLeases  int `toml:"district_leases" comment:"assets_lease_price_z, assets_lease_below: leases in the unit's district needed to form its going price."`
	TrendCases      int `toml:"trend_cases" comment:"trend_cases: cases in the two trend windows together."`
}

// PaymentRules parametrise the payment-pattern indicators.
type PaymentRules struct {
	ApprovalLimit float64 `toml:"approval_limit" comment:"Yuan; a payment at or above it needs a higher approval. Amounts just under it suggest splitting."`
	SplitBand     float64 `toml:"split_band" comment:"payments_split counts amounts in [split_band x approval_limit, approval_limit)."`
	StandardShare float64 `toml:"standard_share" comment:"An amount that makes up at least this share of a programme's payments city-wide in the window is a policy standard (a fixed allowance, a disaster-relief amount per household): payments_round and payments_split do not count it. 1%: a standard is paid to many; an invented or split amount seldom reaches one payment in a hundred of a programme across a city."`
	StandardUnits int     `toml:"standard_units" comment:"... and is paid by at least this many units: a policy applies across units, a clerk's own amounts stay in one."`
	RoundMultiple float64 `toml:"round_multiple" comment:"payments_round counts amounts that are whole multiples of this many yuan."`
	BenfordFDR    float64 `toml:"benford_fdr" comment:"payments_benford_mad counts a unit as nonconforming when its Benjamini–Hochberg adjusted p-value (the false-discovery rate across the units tested) is at most this: at 0.05, about one in twenty of the units it flags conforms by chance. Only those units get digit-group flags."`
	BenfordGroupZ float64 `toml:"benford_group_z" comment:"payments_benford_mad flags a first-two-digit group whose count lies this many standard errors above Benford's share (benford.analysis' z with continuity correction): 3.06 is a one-sided 5% test with Bonferroni's correction over the 90 groups, so a unit whose digits follow Benford's law shows a flagged group in about one test in twenty."`
	AccountPayees int     `toml:"account_payees" comment:"payments_shared_account counts payments into bank accounts that receive payments for at least this many payees (a household may share one; a cadre's account collecting for strangers is the pattern)."`
	// CollectivePrograms are paid lawfully into an institution's account.
	CollectivePrograms []string `toml:"collective_programs" comment:"Programmes paid by design into an institution's one account for many residents: 特困人员 supported collectively (集中供养) are paid into the care home's account (DOMAIN.md, legitimate look-alikes). An account that receives only these programmes is not counted by payments_shared_account; match is by exact programme name, codes and Chinese names alike."`
	// MeansTested are programmes whose payees must not own a car, a house
	// beyond need or a business.
	MeansTested    []string `toml:"means_tested" comment:"Means-tested programmes (低保, 特困供养…): their payees may not own a vehicle, a second house or a business (Interim Measures on Social Assistance, art. 9 and local 低保 rules). payments_owner_match counts their payments to payees in the vehicle_owner, property_owner or business_owner registers."`
	ConcentrationZ float64  `toml:"concentration_z" comment:"payments_concentration flags a payee whose total from one programme in a year lies this many robust standard deviations (log scale) above the programme's payees city-wide: 3.5 is far into the tail of a log-normal spread (about 1 in 4,000), so a handful of payees city-wide cross it by chance."`
}

// LeadRules parametrise the lead-ledger indicators.
type LeadRules struct {
	OverdueMonths int `toml:"overdue_months" comment:"leads_overdue counts leads still open this many months after receipt: problem leads are to be disposed of within three months (中国共产党纪律检查机关监督执纪工作规则 art. 21 sets the time limits of preliminary verification), so twice that is overdue by any reading."`
}

// OversightRules parametrise silent units.
type OversightRules struct {
	SilentAnomaly  float64 `toml:"silent_anomaly" comment:"An unwatched unit is silent when the weighted sum of its payment and asset indicators' standardised values (their contributions) reaches this: 2 is one full-weight rule two standard deviations above what its peers show, or two rules one."`
	UnwatchedShare float64 `toml:"unwatched_share" comment:"Units in this lowest share by oversight intensity (tours and unannounced visits in oversight_months, accusation-type reports per resident) are unwatched: their few cases and reports are no evidence of clean hands, so the case and report indicators cannot lower their score, and silent_unit flags those whose payments or assets are anomalous."`
}

// ScanRules parametrise cases_cluster, the spatial scan of the cases.
type ScanRules struct {
	Reps        int     `toml:"reps" comment:"Monte Carlo replicates: 999 (SaTScan's default) gives p-values in steps of 0.001."`
	Seed        int     `toml:"seed" comment:"Seed of the replicates: the same data and seed give the same p-values in every run."`
	MaxShare    float64 `toml:"max_share" comment:"Largest circle as a share of the city's expected cases: 10%. Kulldorff's 50% suits a search for any excess; a cluster holding a tenth of the city is already a district-sized problem, which the district rates (the expected counts are standardised by district) leave to the district figures."`
	MaxRadiusKm float64 `toml:"max_radius_km" comment:"Largest circle's radius in kilometres (0: no bound): 10 km is the reach of a township and its villages, where the same officials, contractors and practices are shared; a wider circle spans districts, whose differences the district standardisation removes."`
	MinUnits    int     `toml:"min_units" comment:"Fewest units a circle may hold: 2. One unit alone with many cases is that unit's own excess, which cases_eb_rate and cases_funnel_z read; a cluster is neighbours sharing one."`
	Alpha       float64 `toml:"alpha" comment:"A cluster counts when its Monte Carlo p-value is at most this: 0.05, the usual level; with 999 replicates a cluster as strong as any of the null's 50 largest maxima does not count."`
}

// AssetRules parametrise the three-assets indicators.
type AssetRules struct {
	MaxTermYears float64 `toml:"max_term_years" comment:"Longest lawful term in years: 30 is the arable-land contracting term (Rural Land Contracting Law art. 21); set 20 to apply the Civil Code's cap on leases (art. 705)."`
	// LeaseAmount says what a lease's amount_yuan is.
	LeaseAmount string `toml:"lease_amount" comment:"What a lease's amount_yuan is: \"annual\" (the yearly rent, as the generator and most village three-assets ledgers record it: price = amount / area_mu) or \"total\" (the whole contract: price = amount / area_mu / term_years, or amount / area_mu where the term is missing)."`
	// SizeClassesMu bound the size classes of leases compared with each other.
	SizeClassesMu []float64 `toml:"size_classes_mu" comment:"Leases are compared with leases of the same size class (mu; here <50, 50–200, ≥200): a large plot let to a company for a project fetches less per mu than small plots (DOMAIN.md). 50 and 200 mu bound the scale of a family farm and of large-scale transfer in rural-land policy (土地适度规模经营)."`
	LowPriceZ     float64   `toml:"low_price_z" comment:"assets_lease_below counts leases whose robust z of log price within the district is below this (-2: about a third of the going price when prices spread by a factor of 1.7)."`
}

// Lease amount readings.
const (
	LeaseAnnual = "annual"
	LeaseTotal  = "total"
)

// Composite parametrises the composite score.
type Composite struct {
	ClipLow       float64 `toml:"clip_low" comment:"Standardised values are clipped to [clip_low, clip_high] so that no single indicator decides a score."`
	ClipHigh      float64 `toml:"clip_high" comment:"Upper clip; wider than the lower one because risk lives in the upper tail."`
	HighShare     float64 `toml:"high_share" comment:"Band 'high': the riskiest share of scored units (by rank), if their composite is above 0."`
	ElevatedShare float64 `toml:"elevated_share" comment:"Band 'elevated': the next share of scored units, if their composite is above 0."`
	Reasons       int     `toml:"reasons" comment:"How many of the largest positive contributions become a unit's reasons."`
	// MaxAbstainShare marks a unit whose data cannot carry a score.
	MaxAbstainShare float64 `toml:"max_abstain_share" comment:"A unit for which more than this share of the indicators abstained (no payments, no assets, an as-of date past the data…) is banded 'insufficient' and ranked after every unit with enough data, so that it is not ranked high on the few indicators that remain. 0.5: a village paying benefits and keeping books abstains on about a fifth, a station with neither on about two fifths."`
}

// Overdispersion methods of Reminders.Overdispersion.
const (
	ODNone = "none"
	ODCQC  = "cqc"
	ODSHMI = "shmi"
)

// ODMethod returns the statistic's method for the configured name, and
// false for "none".
func (r Reminders) ODMethod() (stats.ODMethod, bool) {
	switch r.Overdispersion {
	case ODCQC:
		return stats.Spiegelhalter, true
	case ODSHMI:
		return stats.SHMI, true
	}
	return 0, false
}

// DefaultConfig returns the documented defaults.
func DefaultConfig() Config {
	c := Config{
		Windows: Windows{CasesMonths: 24, ReportsMonths: 12, PaymentsMonths: 24, AssetsMonths: 24, TrendMonths: 12,
			HistoryMonths: 24, OversightMonths: 60, LeadsMonths: 24},
		Minimums: Minimums{
			Payments:        30,
			BenfordPayments: 300,
			Deals:           2,
			Leases:          1,
			DistrictLeases:  10,
			TrendCases:      4,
		},
		Payments: PaymentRules{ApprovalLimit: 5000, SplitBand: 0.9, RoundMultiple: 100, StandardShare: 0.01, StandardUnits: 3, BenfordGroupZ: 3.06, BenfordFDR: 0.05, AccountPayees: 3,
			CollectivePrograms: []string{"tekun", "特困人员救助供养金", "特困人员供养金", "集中供养", "五保供养"},
			MeansTested:        []string{"dibao", "tekun", "最低生活保障金", "低保", "特困人员救助供养金", "特困人员供养金"},
			ConcentrationZ:     3.5},
		Leads:     LeadRules{OverdueMonths: 6},
		Oversight: OversightRules{UnwatchedShare: 0.2, SilentAnomaly: 2},
		Scan:      ScanRules{Reps: 999, Seed: 1, MaxShare: 0.1, MaxRadiusKm: 10, MinUnits: 2, Alpha: 0.05},
		Assets:    AssetRules{MaxTermYears: 30, LeaseAmount: LeaseAnnual, LowPriceZ: -2, SizeClassesMu: []float64{50, 200}},
		Composite: Composite{ClipLow: -3, ClipHigh: 6, HighShare: 0.05, ElevatedShare: 0.10, Reasons: 3, MaxAbstainShare: 0.5},
		Weights:   map[string]float64{},
		Tours:     defaultTours(),
		Reminders: defaultReminders(),
		Owners:    defaultOwners(),
		Outcomes:  defaultOutcomes(),
	}
	for _, ind := range Catalogue {
		c.Weights[ind.ID] = ind.DefaultWeight
	}
	return c
}

// LoadConfig returns DefaultConfig overridden by the TOML file at path (no
// file when path is empty), validated.
func LoadConfig(path string) (Config, error) {
	if path == "" {
		c := DefaultConfig()
		return c, c.Validate()
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	c, err := DecodeConfig(string(b))
	if err != nil {
		return Config{}, fmt.Errorf("config %s: %w", path, err)
	}
	return c, nil
}

// DecodeConfig returns DefaultConfig overridden by the TOML text, validated.
// A key that is not part of the configuration is an error naming it, so
// that a misspelt key does not silently leave a default in force.
func DecodeConfig(text string) (Config, error) {
	c := DefaultConfig()
	md, err := toml.Decode(text, &c)
	if err != nil {
		return Config{}, err
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return Config{}, fmt.Errorf("unknown key %s", strings.Join(keys, ", "))
	}
	return c, c.Validate()
}

// Validate reports every bad field, each named as in the TOML file
// ("tours.teams: must be at least 1, got 0").
func (c Config) Validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{field}, args...)...))
	}
	for _, f := range []struct {
		name string
		v    int
	}{
		{"windows.cases_months", c.Windows.CasesMonths},
		{"windows.reports_months", c.Windows.ReportsMonths},
		{"windows.payments_months", c.Windows.PaymentsMonths},
		{"windows.assets_months", c.Windows.AssetsMonths},
		{"windows.trend_months", c.Windows.TrendMonths},
		{"windows.history_months", c.Windows.HistoryMonths},
		{"windows.oversight_months", c.Windows.OversightMonths},
		{"windows.leads_months", c.Windows.LeadsMonths},
		{"leads.overdue_months", c.Leads.OverdueMonths},
		{"minimums.payments", c.Minimums.Payments},
		{"minimums.benford_payments", c.Minimums.BenfordPayments},
		{"minimums.deals", c.Minimums.Deals},
		{"minimums.leases", c.Minimums.Leases},
		{"minimums.district_leases", c.Minimums.DistrictLeases},
		{"minimums.trend_cases", c.Minimums.TrendCases},
		{"composite.reasons", c.Composite.Reasons},
		{"payments.account_payees", c.Payments.AccountPayees},
		{"payments.standard_units", c.Payments.StandardUnits},
		{"scan.reps", c.Scan.Reps},
		{"scan.min_units", c.Scan.MinUnits},
	} {
		if f.v < 1 {
			bad(f.name, "must be at least 1, got %d", f.v)
		}
	}
	positive := func(name string, v float64) {
		if !(v > 0) || math.IsInf(v, 0) {
			bad(name, "must be a positive number, got %v", v)
		}
	}
	positive("payments.approval_limit", c.Payments.ApprovalLimit)
	positive("payments.round_multiple", c.Payments.RoundMultiple)
	positive("payments.benford_group_z", c.Payments.BenfordGroupZ)
	positive("payments.concentration_z", c.Payments.ConcentrationZ)
	if !(c.Payments.BenfordFDR > 0 && c.Payments.BenfordFDR < 1) {
		bad("payments.benford_fdr", "must lie in (0, 1), got %v", c.Payments.BenfordFDR)
	}
	if !(c.Payments.StandardShare > 0 && c.Payments.StandardShare < 1) {
		bad("payments.standard_share", "must lie in (0, 1), got %v", c.Payments.StandardShare)
	}
	positive("oversight.silent_anomaly", c.Oversight.SilentAnomaly)
	if !(c.Oversight.UnwatchedShare >= 0 && c.Oversight.UnwatchedShare < 1) {
		bad("oversight.unwatched_share", "must lie in [0, 1), got %v", c.Oversight.UnwatchedShare)
	}
	positive("assets.max_term_years", c.Assets.MaxTermYears)
	if !(c.Scan.MaxShare > 0 && c.Scan.MaxShare <= 1) {
		bad("scan.max_share", "must lie in (0, 1], got %v", c.Scan.MaxShare)
	}
	if !(c.Scan.MaxRadiusKm >= 0) || math.IsInf(c.Scan.MaxRadiusKm, 0) {
		bad("scan.max_radius_km", "must be a finite number ≥ 0, got %v", c.Scan.MaxRadiusKm)
	}
	if !(c.Scan.Alpha > 0 && c.Scan.Alpha < 1) {
		bad("scan.alpha", "must lie in (0, 1), got %v", c.Scan.Alpha)
	}
	if c.Scan.Seed < 0 {
		bad("scan.seed", "must be 0 or more, got %d", c.Scan.Seed)
	}
	if c.Assets.LeaseAmount != LeaseAnnual && c.Assets.LeaseAmount != LeaseTotal {
		bad("assets.lease_amount", "must be %q or %q, got %q", LeaseAnnual, LeaseTotal, c.Assets.LeaseAmount)
	}
	if !slices.IsSorted(c.Assets.SizeClassesMu) || (len(c.Assets.SizeClassesMu) > 0 && !(c.Assets.SizeClassesMu[0] > 0)) {
		bad("assets.size_classes_mu", "must be positive and increasing, got %v", c.Assets.SizeClassesMu)
	}
	if !(c.Assets.LowPriceZ < 0) || math.IsInf(c.Assets.LowPriceZ, 0) {
		bad("assets.low_price_z", "must be a negative number, got %v", c.Assets.LowPriceZ)
	}
	if !(c.Payments.SplitBand > 0 && c.Payments.SplitBand < 1) {
		bad("payments.split_band", "must lie in (0, 1), got %v", c.Payments.SplitBand)
	}
	if !(c.Composite.ClipLow < 0 && c.Composite.ClipHigh > 0) || math.IsInf(c.Composite.ClipLow, 0) || math.IsInf(c.Composite.ClipHigh, 0) {
		bad("composite.clip_low", "clip_low must be negative and clip_high positive, got [%v, %v]", c.Composite.ClipLow, c.Composite.ClipHigh)
	}
	share := func(name string, v float64) {
		if !(v >= 0 && v <= 1) {
			bad(name, "must lie in [0, 1], got %v", v)
		}
	}
	share("composite.high_share", c.Composite.HighShare)
	share("composite.elevated_share", c.Composite.ElevatedShare)
	if !(c.Composite.MaxAbstainShare > 0 && c.Composite.MaxAbstainShare <= 1) {
		bad("composite.max_abstain_share", "must lie in (0, 1], got %v", c.Composite.MaxAbstainShare)
	}
	if c.Composite.HighShare+c.Composite.ElevatedShare > 1 {
		bad("composite.elevated_share", "high_share + elevated_share must not exceed 1")
	}
	switch c.Reminders.Overdispersion {
	case ODNone, ODCQC, ODSHMI:
	default:
		bad("reminders.overdispersion", "must be %q, %q or %q, got %q", ODCQC, ODSHMI, ODNone, c.Reminders.Overdispersion)
	}
	c.validatePlan(bad)
	ids := make([]string, 0, len(c.Weights))
	for id := range c.Weights {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		w := c.Weights[id]
		if _, ok := IndicatorByID(id); !ok {
			bad("weights."+id, "no such indicator (known: %s)", strings.Join(IndicatorIDs(), ", "))
		} else if !(w >= 0) || math.IsInf(w, 0) {
			bad("weights."+id, "must be a finite number ≥ 0, got %v", w)
		}
	}
	return errors.Join(errs...)
}

// Weight returns the configured weight of an indicator (0 when unset).
func (c Config) Weight(id string) float64 { return c.Weights[id] }
