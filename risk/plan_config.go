package risk

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// Tours parametrise the inspection tour plan (巡察): the teams, the
// rounds of the coming year, the coverage cycle and the random slice.
type Tours struct {
	Teams            []Team  `toml:"teams" comment:"The tour teams (the seed: 11 teams). name: as the plan prints it; home: the code of the team's own district, which it never tours (回避; empty: the k-th team gets the k-th district in code order); units: units it tours in one round (0: units_per_round)."`
	UnitsPerRound    int     `toml:"units_per_round" comment:"Units a team tours in one round when its entry does not say: a township with its villages and stations is about 20, two townships 35 to 40. 11 teams of 35 in 4 rounds tour 1,540 units a year, a fifth more than a city of 6,133 needs for five-year coverage: whole visits to one district at a time, and the units that fall due together, take the rest."`
	Rounds           []Round `toml:"rounds" comment:"The rounds of the coming year (name, starts, ends as dates such as 2017-07-03); each must start after the as-of date and within a year of it. Empty: rounds_per_year rounds, the first starting on the first day of the month after the as-of date, one every 12/rounds_per_year months, each round_weeks long."`
	RoundsPerYear    int     `toml:"rounds_per_year" comment:"Rounds a year when rounds is empty; also the rounds a year the multi-year schedule counts on."`
	RoundWeeks       int     `toml:"round_weeks" comment:"Length of a generated round in weeks (a tour stays in a township about a month)."`
	CoverageYears    int     `toml:"coverage_years" comment:"Full coverage (全覆盖): every unit toured at least once in this many years (a committee's term). A unit is due this many years after its last tour on record, or after the first tour on record when it has none (it may have been toured just before the records start)."`
	RecentMonths     int     `toml:"recent_months" comment:"Units toured within this many months before a round are left out of it."`
	MaxDistrictShare float64 `toml:"max_district_share" comment:"Fairness cap: at most this share of a round's teams in one district (at least one team)."`
	RandomShare      float64 `toml:"random_share" comment:"Share of the year's slots filled by a seeded lottery among the eligible units, whatever their score, so that the targeting's yield can be measured against chance (as in audit experiments). Never replaced by targeting."`
	RandomSeed       int64   `toml:"random_seed" comment:"Seed of the lottery (with the as-of date): the same seed and run draw the same units."`
	Expected         string  `toml:"expected" comment:"How a unit's expected findings (the plan's objective) are read from its score: \"tours\" (problems found by the tours on record, by score, a monotone fit per level; \"score\" when there are fewer than 100 tours with findings) or \"score\" (the score / 100: relative, in no unit)."`
	RectifyDays      int     `toml:"rectify_days" comment:"A toured unit's rectification is due this many days after its round ends (the deadline of its work list)."`
}

// YearCapacity is the units the teams tour in a year: the sum of their
// units per round times the rounds (those given, or rounds_per_year).
func (t Tours) YearCapacity() int {
	per := 0
	for _, team := range t.Teams {
		if team.Units > 0 {
			per += team.Units
		} else {
			per += t.UnitsPerRound
		}
	}
	rounds := len(t.Rounds)
	if rounds == 0 {
		rounds = t.RoundsPerYear
	}
	return per * rounds
}

// Team is one tour team.
type Team struct {
	Name  string `toml:"name"`
	Home  string `toml:"home"`
	Units int    `toml:"units"`
}

// Round is one round of tours, with its dates.
type Round struct {
	Name   string    `toml:"name"`
	Starts time.Time `toml:"starts"`
	Ends   time.Time `toml:"ends"`
}

// Owners route each target to who must act on it.
type Owners struct {
	Tour             string            `toml:"tour" comment:"Who acts on a tour target: \"district\" (the district's commission, 区县纪委监委, which runs the tours) or \"township\" (the township's discipline committee, 乡镇纪委)."`
	ReminderTownship string            `toml:"reminder_township" comment:"Who acts on a work reminder to a township: \"district\" or \"township\"."`
	ReminderVillage  string            `toml:"reminder_village" comment:"Who acts on a work reminder to a village or station: \"district\" or \"township\" (its township's committee)."`
	Overrides        map[string]string `toml:"overrides" comment:"Unit, township or district code → the name of the owner of its targets, over the rules above (the most specific code wins), e.g. { \"510104\" = \"锦江区纪委监委第一监督检查室\" }."`
}

// Owner routes.
const (
	OwnerDistrict = "district"
	OwnerTownship = "township"
)

// Outcomes parametrise what is learnt from the dispositions (处置结果).
type Outcomes struct {
	MinOutcomes  int     `toml:"min_outcomes" comment:"A rule's precision is judged only on at least this many checked outcomes of units or records it pointed at."`
	MinLift      float64 `toml:"min_lift" comment:"A rule is listed for retirement when the upper end of the 95% Wilson interval of its precision is below this multiple of the hit rate of all checked outcomes: it points at problems no more often than at random. Listed, never dropped: its weight stays until the configuration changes it."`
	RectifyDays  int     `toml:"rectify_days" comment:"A confirmed finding is under rectification (黄) for this many days after its disposition; a run after that which proposes the unit again marks it a repeat (反复)."`
	AttachMonths int     `toml:"attach_months" comment:"A disposition that names only a unit is the outcome of the unit's latest target proposed at most this many months before it (a year's plan and its follow-up)."`
	Refit        bool    `toml:"refit" comment:"Score with the weights re-fitted from the outcomes (logistic regression; microrisk outcomes shows them beside the defaults with the fit's held-out AUC) instead of [weights]. Off by default: a fit on few or biased outcomes can be worse than the documented weights."`
	RefitMin     int     `toml:"refit_min" comment:"Checked outcomes needed (of each kind, found and not found) before weights are re-fitted."`
}

// Reminders parametrise the work-reminder rules.
type Reminders struct {
	Coverage     float64 `toml:"coverage" comment:"Funnel limit: a unit whose cases lie above the exact Poisson limit of this coverage gets a reminder."`
	MinCases     int     `toml:"min_cases" comment:"... and only with at least this many cases in the cases window."`
	DomainCases  int     `toml:"domain_cases" comment:"Cases repeating in one domain (other than 'other') within domain_months that trigger a reminder."`
	DomainMonths int     `toml:"domain_months" comment:"Window of the repeating-domain rule."`
	ReplyDays    int     `toml:"reply_days" comment:"The written reply is due this many days after the as-of date (the letter asks for 30 days from receipt; about two weeks to issue it)."`
	// Overdispersion is how funnel limits allow for units varying more
	// than Poisson noise.
	Overdispersion string `toml:"overdispersion" comment:"How the funnel limits (the cases_funnel_z indicator, the funnel rule of reminders and the funnel plot) allow for units varying more than chance: \"cqc\" (Spiegelhalter 2005: multiplicative φ on the square-root scale), \"shmi\" (NHS Digital SHMI, FunnelPlotR's default: additive between-unit variance τ² on the log scale, 10% trimmed) or \"none\" (exact Poisson limits). Without it a city whose units all vary more than Poisson puts dozens of ordinary units outside the 99.8% limit."`
}

// Plan defaults.
const (
	defaultTeams         = 11
	defaultUnitsPerRound = 35
)

var teamNumbers = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六"}

// DefaultTeams returns n teams named 第一巡察组, 第二巡察组…, homes left to
// the district order, with the default capacity.
func DefaultTeams(n int) []Team {
	out := make([]Team, n)
	for i := range out {
		name := fmt.Sprintf("第%d巡察组", i+1)
		if i < len(teamNumbers) {
			name = "第" + teamNumbers[i] + "巡察组"
		}
		out[i] = Team{Name: name}
	}
	return out
}

func defaultTours() Tours {
	return Tours{Teams: DefaultTeams(defaultTeams), UnitsPerRound: defaultUnitsPerRound, Rounds: []Round{},
		RoundsPerYear: 4, RoundWeeks: 6, CoverageYears: 5, RecentMonths: 12, MaxDistrictShare: 0.2,
		RandomShare: 0.1, RandomSeed: 1, Expected: ExpectedTours, RectifyDays: 60}
}

func defaultOwners() Owners {
	return Owners{Tour: OwnerDistrict, ReminderTownship: OwnerDistrict, ReminderVillage: OwnerTownship, Overrides: map[string]string{}}
}

func defaultOutcomes() Outcomes {
	return Outcomes{MinOutcomes: 30, MinLift: 1.2, RectifyDays: 90, AttachMonths: 18, RefitMin: 50}
}

func defaultReminders() Reminders {
	return Reminders{Coverage: 0.998, MinCases: 3, DomainCases: 3, DomainMonths: 24, ReplyDays: 45, Overdispersion: ODCQC}
}

// Calibrations of the expected findings (Tours.Expected).
const (
	ExpectedTours = "tours"
	ExpectedScore = "score"
)

// TeamUnits returns the units team t tours in a round.
func (tc Tours) TeamUnits(t int) int {
	if tc.Teams[t].Units > 0 {
		return tc.Teams[t].Units
	}
	return tc.UnitsPerRound
}

// MaxTeams is the most teams one district may receive in one round.
func (tc Tours) MaxTeams() int {
	return max(1, int(math.Floor(tc.MaxDistrictShare*float64(len(tc.Teams))+1e-9)))
}

// validatePlan reports the bad fields of the plan's sections.
func (c Config) validatePlan(bad func(field, format string, args ...any)) {
	tc := c.Tours
	if len(tc.Teams) == 0 {
		bad("tours.teams", "must name at least one team")
	}
	names := map[string]bool{}
	for i, t := range tc.Teams {
		field := fmt.Sprintf("tours.teams[%d]", i)
		if t.Name == "" {
			bad(field+".name", "must not be empty")
		} else if names[t.Name] {
			bad(field+".name", "%q names two teams", t.Name)
		}
		names[t.Name] = true
		if t.Units < 0 {
			bad(field+".units", "must be 0 (units_per_round) or more, got %d", t.Units)
		}
	}
	for _, f := range []struct {
		name string
		v    int
	}{
		{"tours.units_per_round", tc.UnitsPerRound},
		{"tours.rounds_per_year", tc.RoundsPerYear},
		{"tours.round_weeks", tc.RoundWeeks},
		{"tours.coverage_years", tc.CoverageYears},
		{"tours.recent_months", tc.RecentMonths},
		{"tours.rectify_days", tc.RectifyDays},
		{"reminders.min_cases", c.Reminders.MinCases},
		{"reminders.domain_cases", c.Reminders.DomainCases},
		{"reminders.domain_months", c.Reminders.DomainMonths},
		{"reminders.reply_days", c.Reminders.ReplyDays},
		{"outcomes.min_outcomes", c.Outcomes.MinOutcomes},
		{"outcomes.rectify_days", c.Outcomes.RectifyDays},
		{"outcomes.attach_months", c.Outcomes.AttachMonths},
		{"outcomes.refit_min", c.Outcomes.RefitMin},
	} {
		if f.v < 1 {
			bad(f.name, "must be at least 1, got %d", f.v)
		}
	}
	if tc.RoundsPerYear > 12 {
		bad("tours.rounds_per_year", "must be at most 12, got %d", tc.RoundsPerYear)
	}
	if !(tc.MaxDistrictShare > 0 && tc.MaxDistrictShare <= 1) {
		bad("tours.max_district_share", "must lie in (0, 1], got %v", tc.MaxDistrictShare)
	}
	if !(tc.RandomShare >= 0 && tc.RandomShare < 1) {
		bad("tours.random_share", "must lie in [0, 1), got %v", tc.RandomShare)
	}
	if tc.Expected != ExpectedTours && tc.Expected != ExpectedScore {
		bad("tours.expected", "must be %q or %q, got %q", ExpectedTours, ExpectedScore, tc.Expected)
	}
	for i, r := range tc.Rounds {
		field := fmt.Sprintf("tours.rounds[%d]", i)
		switch {
		case r.Starts.IsZero() || r.Ends.IsZero():
			bad(field, "needs starts and ends dates")
		case r.Ends.Before(r.Starts):
			bad(field, "ends %s before it starts %s", r.Ends.Format(time.DateOnly), r.Starts.Format(time.DateOnly))
		case i > 0 && !r.Starts.After(tc.Rounds[i-1].Starts):
			bad(field, "starts %s, not after the round before it", r.Starts.Format(time.DateOnly))
		}
	}
	switch c.Reminders.Overdispersion {
	case ODNone, ODCQC, ODSHMI:
	default:
		bad("reminders.overdispersion", "must be %q, %q or %q, got %q", ODCQC, ODSHMI, ODNone, c.Reminders.Overdispersion)
	}
	if !(c.Reminders.Coverage > 0.5 && c.Reminders.Coverage < 1) {
		bad("reminders.coverage", "must lie in (0.5, 1), got %v", c.Reminders.Coverage)
	}
	for _, f := range []struct{ name, v string }{
		{"owners.tour", c.Owners.Tour}, {"owners.reminder_township", c.Owners.ReminderTownship},
		{"owners.reminder_village", c.Owners.ReminderVillage},
	} {
		if f.v != OwnerDistrict && f.v != OwnerTownship {
			bad(f.name, "must be %q or %q, got %q", OwnerDistrict, OwnerTownship, f.v)
		}
	}
	keys := make([]string, 0, len(c.Owners.Overrides))
	for k := range c.Owners.Overrides {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if c.Owners.Overrides[k] == "" {
			bad("owners.overrides."+k, "must name an owner")
		}
	}
	if !(c.Outcomes.MinLift > 0) || math.IsInf(c.Outcomes.MinLift, 0) {
		bad("outcomes.min_lift", "must be a positive number, got %v", c.Outcomes.MinLift)
	}
}
