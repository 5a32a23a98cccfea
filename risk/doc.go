// Package risk scores grassroots units (townships/streets,
// villages/communities, grassroots stations) for a high incidence of
// micro-corruption, explains each score, and proposes the targets that
// follow from it: written work reminders and the inspection tour plan.
//
// # Pipeline
//
// [Score] builds the scope of scored units (a temp table risk_scope) and
// their base figures (staff, population; payments, deals and transactions
// in their windows: sql/base_*.sql), then evaluates each indicator of the
// [Catalogue] from its own SQL file. Only per-unit figures reach Go (and,
// for the lease prices and the digit test, a filtered set of rows: leases
// in the window, digit groups per unit). The statistics run on those
// per-unit vectors with risk/stats and risk/benford. The run is stored in
// one transaction: a runs row (as-of date, the effective configuration as
// TOML, the code version, the ingest batches read), one indicators row per
// unit and indicator, one scores and one family_scores row per unit and
// family, and the flags. [Compute] does the same without storing. The
// as-of date is a parameter: windows end on it, inclusive, and nothing
// dated after it is read, so a past date reproduces what was known then.
//
// # Indicators: one declaration and one SQL file each
//
// An [Indicator] is declared once, in catalogue.go: its id, family,
// titles and description in Chinese and English, its SQL file, ledger,
// window, minimum, [Measure] (the statistic), direction and scale, reason
// templates and default weight with the reason for it. Its SQL file,
// sql/rules/<SQL>.sql, holds named statements ("-- name: records", and
// optionally "-- name: units"):
//
//   - records returns the records behind the indicator, one row each, with
//     the columns unit_id, record_id (the record's own id), record_on,
//     amount (at stake), figures (JSON: what made it a flag), reason_zh,
//     reason_en, batch_id and source_row, plus any column the units
//     statement needs. It may use $as_of, $months (the indicator's window),
//     $minimum and the rule parameters of the configuration (see
//     ruleParams), and join risk_scope, risk_labels (enum labels) and
//     risk_standard_amounts (the programmes' policy amounts in the payments
//     window, worked out once per run).
//     Every record is stored as a flag, and the unit's observed figure is
//     their number: a reason that says "372 duplicate payments" has
//     exactly 372 flags (TestFlagsMatchIndicators checks it on the chengdu
//     world).
//   - units returns further figures per unit, by column name (it may read
//     the records as the temp table rule_flags), for the reason templates.
//
// Measures that choose their flags themselves (the digit test flags the
// digit groups far above Benford's share; the lease prices flag leases
// far below the district's price) read the records statement's rows in Go
// instead. The scan of cases_cluster, long and pure Go, runs in the
// background while the indicators after it run their SQL on the one
// connection; its flags are stored once it is done, and a measure that
// reads earlier indicators' values (silent_unit) waits for it. Adding an
// indicator is one declaration in catalogue.go and one SQL file; see the
// README.
//
// An indicator with too little data abstains: its value is NULL and
// indicators.abstain says why; it adds nothing to the composite, neither
// good nor bad. Its reason sentence states its figures ("24个月内立案7件，经
// 平滑后为全市平均水平的3.1倍" / "7 cases in 24 months, 3.1× the city rate
// after smoothing"); reasons never quote ledger text.
//
// # Composite score
//
// Each indicator is standardised across the scored units (see [Scale]: a
// robust z, or the indicator's own z under its null model), multiplied by
// its direction so that higher is riskier, and clipped to
// [composite.clip_low, composite.clip_high] (default [−3, 6]); indicators
// that flag irregularities are one-sided, clipped to [0, clip_high]. A
// unit's composite is the weighted sum of its clipped values (weights in
// the configuration, each with the reason for its default); the weighted
// terms are stored as indicators.contribution and add up to the composite.
//
// The 0–100 score is 100 × the percent rank of the composite among the
// scored units (SQL's PERCENT_RANK, stats.PercentRank): "riskier than
// score% of the units"; it is robust to the composite's scale and the same
// in a city of 200 units or 6,000. Rank 1 is the largest composite (ties
// broken by unit id). Bands follow the rank: the top composite.high_share
// (5%) are high, the next composite.elevated_share (10%) elevated, the
// rest normal, and a unit whose composite is not above 0 is normal
// whatever its rank. Its reasons are the sentences of its
// composite.reasons (3) largest positive contributions, stored
// newline-separated in scores.reasons_zh and reasons_en. A unit's score
// per family is the sum of its contributions in the family and that sum's
// percent rank among the units for which the family did not wholly
// abstain (family_scores).
//
// # Targets
//
// [MakePlanWith] writes a run's targets: work reminders (cases above the
// exact Poisson funnel limit with enough cases, or cases repeating in one
// domain) with their facts, and the tour plan of the coming year as an
// optimisation (plan_solve.go: teams with homes and sizes, dated rounds,
// one district per team and round, a fairness cap, the units toured
// recently left out; districts by local search with the units chosen
// exactly, and an exact bound from a relaxation), a seeded lottery slice,
// and the rolling schedule of full coverage (plan_schedule.go). Expected
// findings come from a [Calibrator]. Each target has a stable id
// ([TargetID]), an owner and a deadline, and a status across runs
// (status.go: new, under rectification, cleared, repeat).
//
// # Outcomes and runs compared
//
// The dispositions ledger says what tours and reminders found.
// [CheckDispositions] rejects those naming unknown targets or flags;
// [LoadOutcomes] resolves each to the target, flag or unit it judges and
// the rules that pointed at it; [Summarise] gives each rule's live
// precision, the rules to retire and the targeted against the random
// tours; [FitWeights] re-fits the weights by logistic regression.
// [DiffRuns] explains how two runs differ, unit by unit.
//
// # Configuration
//
// [DefaultConfig] documents every default; a TOML file overrides it
// ([LoadConfig], [DecodeConfig]); [Config.Validate] names each bad field;
// [WriteTOML] prints the effective configuration with a comment on every
// key (`microrisk config`).
package risk
