package risk

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Target kinds, as stored in targets.kind.
const (
	KindReminder = "reminder"
	KindTour     = "tour"
)

// TargetID is a target's stable id: its kind, the as-of date of the run
// that proposed it and its unit ("tour-20170531-510104001001"). Runs at
// the same as-of date propose the same target under the same id, so a
// disposition (处置结果) that names it holds whichever of them is kept.
func TargetID(kind string, asOf time.Time, unitID string) string {
	return kind + "-" + asOf.Format("20060102") + "-" + unitID
}

// Target is one proposed work reminder or one unit of the tour plan.
type Target struct {
	ID   string // TargetID
	Kind string
	// The unit, with names for printing only (never put in a reason).
	UnitID, Name, Level    string
	District, DistrictName string
	Township, TownshipName string
	Round, Team            int // tours only (1-based); 0 for reminders
	Seq                    int // order within its kind, from 1
	// Forced: in the plan because full coverage requires it (overdue, or
	// due within the year, or needed this year so that the later years can
	// hold the rest). Random: drawn by the lottery.
	Forced, Random bool
	Rank           int
	Score          float64
	Expected       float64   // tours: expected findings (the objective's term)
	Starts, Ends   time.Time // tours: the round's dates
	DueOn          time.Time // tours: when full coverage requires its tour
	Deadline       time.Time // the reply (reminders) or the rectification (tours) is due
	Owner          Owner
	Status         string // new, under_rectification, repeat (see TargetStatus)
	ReasonZh       string
	ReasonEn       string
}

// Owner is who must act on a target: a district's commission or a
// township's discipline committee (or a body the configuration names).
type Owner struct {
	ID   string // "district:510104", "township:510104001", or "named:<name>"
	Name string // 锦江区纪委监委, ××街道纪工委, …
}

// PlanTeam is one team of the plan, with its home district resolved.
type PlanTeam struct {
	Name, Home, HomeName string
	Units                int
}

// ScheduleEntry is one unit's place in the rolling schedule of full
// coverage: the year (1 = the plan's year) it is due in and the year it
// is scheduled for (0 when it fits nowhere within the cycle).
type ScheduleEntry struct {
	UnitID      string
	LastTour    time.Time // zero when none on record
	DueOn       time.Time
	DueYear     int // 0 when overdue
	PlannedYear int
	Overdue     bool
	Expected    float64
}

// SolveReport says how the year's tour plan was solved and how good it is.
type SolveReport struct {
	Method string
	// Objective is the expected findings of the plan; Bound the most any
	// plan can reach (the relaxation's optimum); Gap = (Bound −
	// Objective) / Bound when the relaxation places as many forced units.
	Objective, Bound, Gap float64
	// Must counts the units that must be toured this year (overdue or
	// drawn by the lottery) and MustPlaced those placed; Due and
	// DuePlaced the same for the units due within the year or pulled
	// forward so that the later years can hold the rest.
	Must, MustPlaced, Due, DuePlaced int
	// BoundMust and BoundDue are the relaxation's counts.
	BoundMust, BoundDue int
	Slots, Planned      int // slots of the year and units placed
	Moves               int // improving moves of the local search
	Seconds             float64
}

// Plan is the targets proposed for a run.
type Plan struct {
	RunID     string
	AsOf      time.Time
	Reminders []Target
	Tours     []Target
	Teams     []PlanTeam
	Rounds    []Round
	Schedule  []ScheduleEntry // every scored unit, in rank order
	Solve     SolveReport
	// RecordsFrom is the first tour on record (zero when none): units
	// with no tour on record are due a cycle after it.
	RecordsFrom time.Time
	// Overdue counts the units overdue now; OverdueLeftOut lists those the
	// year's plan could not place. Pulled counts the units this year must
	// take so that the later years can hold the rest by their due dates.
	Overdue        int
	OverdueLeftOut []string
	Pulled         int
	// Excluded counts the units toured too recently for any round.
	Excluded int
	// RandomSlots is the lottery's share of the slots (units drawn).
	RandomSlots int
	// Late counts the units the schedule places after their due year
	// (none when full coverage holds within the cycle).
	Late int
	// CalibrationZh and En say where the expected findings come from.
	CalibrationZh, CalibrationEn string
	// Status is every target's status as of the run: this run's targets
	// and the earlier runs' targets of units it no longer proposes.
	Status []TargetStatus
}

// PlanOptions are the inputs of MakePlanWith besides the run.
type PlanOptions struct {
	Config Config
	// Calibrator gives the expected findings; nil: the one
	// tours.expected names (CalibrateFromTours or ScoreCalibration).
	Calibrator Calibrator
	// Clock times the solver (cmd passes time.Now); nil: not timed.
	Clock func() time.Time
}

// planUnit is one of the run's scored units as the planner reads it.
type planUnit struct {
	ID, Name, Level        string
	District, DistrictName string
	Township, TownshipName string
	Rank                   int
	Score                  float64
	Band                   string
	ReasonsZh, ReasonsEn   string
	LastTour               time.Time // zero when none on record
}

// target returns a target of kind for the unit, with its names.
func (u *planUnit) target(kind string, asOf time.Time) Target {
	return Target{ID: TargetID(kind, asOf, u.ID), Kind: kind, UnitID: u.ID, Name: u.Name, Level: u.Level,
		District: u.District, DistrictName: u.DistrictName, Township: u.Township, TownshipName: u.TownshipName,
		Rank: u.Rank, Score: u.Score}
}

// MakePlan is MakePlanWith the configuration's calibration, untimed.
func MakePlan(ctx context.Context, db *sql.DB, runID string, cfg Config) (*Plan, error) {
	return MakePlanWith(ctx, db, runID, PlanOptions{Config: cfg})
}

// MakePlanWith proposes the work reminders and the tour plan for the run
// and stores them, replacing any earlier plan of the run, in one
// transaction: targets (each with its owner, deadline and status),
// plans (the solver's objective, bound and time), plan_teams,
// plan_rounds, tour_schedule (every unit's year under full coverage) and
// target_status.
//
// Reminders: a unit gets one when its cases in the run's cases window lie
// above the exact Poisson funnel limit of reminders.coverage (O/E > hi(E))
// with at least reminders.min_cases cases, or when it had at least
// reminders.domain_cases cases in one domain other than 'other' within
// reminders.domain_months. Its reply is due reminders.reply_days after
// the as-of date.
//
// Tours: the rounds of the coming year (tours.rounds, or generated), the
// teams with their homes; plan_solve.go states the optimisation and
// plan_schedule.go the rolling schedule. Before solving, dispositions that
// name unknown targets or flags are moved to rejects (CheckDispositions).
func MakePlanWith(ctx context.Context, db *sql.DB, runID string, opt PlanOptions) (*Plan, error) {
	cfg := opt.Config
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	p := &Plan{RunID: runID}
	var runCfgText string
	err = conn.QueryRowContext(ctx, `SELECT as_of, config FROM runs WHERE run_id = $1`, runID).Scan(&p.AsOf, &runCfgText)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("no run %q", runID)
	}
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", runID, err)
	}
	p.AsOf = day(p.AsOf)
	runCfg, err := DecodeStoredConfig(runCfgText)
	if err != nil {
		return nil, fmt.Errorf("run %s: stored config: %w", runID, err)
	}
	if _, err := checkDispositions(ctx, conn, time.Time{}); err != nil {
		return nil, err
	}
	units, err := readPlanUnits(ctx, conn, runID, p.AsOf)
	if err != nil {
		return nil, err
	}
	if p.Reminders, err = reminders(ctx, conn, p, units, runCfg.Windows.CasesMonths, cfg.Reminders); err != nil {
		return nil, err
	}
	var first sql.NullTime
	if err := conn.QueryRowContext(ctx, sqlText("plan_records"), sql.Named("as_of", p.AsOf)).Scan(&first); err != nil {
		return nil, fmt.Errorf("tour records: %w", err)
	}
	p.RecordsFrom = first.Time
	cal := opt.Calibrator
	if cal == nil {
		if cal, err = calibrator(ctx, conn, runID, p.AsOf, cfg.Tours); err != nil {
			return nil, err
		}
	}
	p.CalibrationZh, p.CalibrationEn = cal.Describe()
	if err := p.planTours(ctx, conn, units, cfg.Tours, cal, opt.Clock); err != nil {
		return nil, err
	}
	p.route(cfg.Owners)
	if p.Status, err = targetStatuses(ctx, conn, p, cfg.Outcomes); err != nil {
		return nil, err
	}
	if err := inTx(ctx, conn, func() error { return writePlan(ctx, conn, p, cfg) }); err != nil {
		return nil, err
	}
	return p, nil
}

// calibrator returns the calibration tours.expected names.
func calibrator(ctx context.Context, q querier, runID string, asOf time.Time, tc Tours) (Calibrator, error) {
	if tc.Expected == ExpectedScore {
		return ScoreCalibration{}, nil
	}
	return CalibrateFromTours(ctx, q, runID, asOf, tc.CoverageYears)
}

func readPlanUnits(ctx context.Context, q querier, runID string, asOf time.Time) ([]planUnit, error) {
	rows, err := q.QueryContext(ctx, sqlText("plan_units"), sql.Named("run_id", runID), sql.Named("as_of", asOf))
	if err != nil {
		return nil, fmt.Errorf("plan units: %w", err)
	}
	defer rows.Close()
	var out []planUnit
	for rows.Next() {
		var u planUnit
		var last sql.NullTime
		if err := rows.Scan(&u.ID, &u.Name, &u.Level, &u.District, &u.DistrictName, &u.Township, &u.TownshipName,
			&u.Rank, &u.Score, &u.Band, &u.ReasonsZh, &u.ReasonsEn, &last); err != nil {
			return nil, fmt.Errorf("plan units: %w", err)
		}
		u.LastTour = last.Time
		out = append(out, u)
	}
	return out, rows.Err()
}
