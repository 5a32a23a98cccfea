// Package risk scores grassroots units (townships/streets,
// villages/communities, grassroots stations) for a high incidence of
// micro-corruption, explains each score, and proposes the targets that
// follow from it: written work reminders and the inspection tour plan.
//
// # Pipeline
//
// [Score] reads the ledgers in DuckDB with one SQL aggregate per ledger and
// window (the queries are in sql/*.sql), so only per-unit rows reach Go
// (and, for lease prices, one row per lease in the window). The statistics
// run on those per-unit vectors with risk/stats and risk/benford. The run
// is stored in one transaction: a runs row (as-of date, the effective
// configuration as TOML, the code version, the ingest batches read), one
// indicators row per unit and indicator, one scores row per unit, the last
// two through DuckDB's Appender. [Compute] does the same without storing.
// The as-of date is a parameter: windows end on it, inclusive, and nothing
// dated after it is read, so a past date reproduces what was known then.
//
// # Indicators
//
// [Catalogue] lists them with their family, window, denominator, minimum,
// direction and standardisation. An indicator with too little data
// abstains: its value is NULL and indicators.abstain says why; it adds
// nothing to the composite, neither good nor bad. Each indicator also
// writes a reason sentence in Chinese and English that states its figures
// ("24个月内立案7件，经平滑后为全市平均水平的3.1倍" / "7 cases in 24 months,
// 3.1× the city rate after smoothing"); reasons never quote ledger text.
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
// newline-separated in scores.reasons_zh and reasons_en.
//
// # Targets
//
// [MakePlan] writes a run's targets: work reminders (cases above the exact
// Poisson funnel limit with enough cases, or cases repeating in one domain)
// with their facts, and the tour plan (teams × units × rounds, riskiest
// first, units due under the coverage cycle forced in, units toured
// recently left out, cross tours). Its doc comment gives the rules.
//
// # Configuration
//
// [DefaultConfig] documents every default; a TOML file overrides it
// ([LoadConfig], [DecodeConfig]); [Config.Validate] names each bad field;
// [WriteTOML] prints the effective configuration with a comment on every
// key (`microrisk config`).
package risk
