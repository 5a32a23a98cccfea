package model

import (
	"fmt"
	"strings"
)

// Lineage columns added to every ledger table: the ingest batch a row came
// from and its row number as the source shows it (in a CSV file the header
// is row 1).
const (
	BatchColumn = "_batch"
	RowColumn   = "_row"
)

// WhyColumn is the ledger tables' working column for bad records. The
// ingest loads a file's records in one pass, each bad one with the list of
// its bad values (column c, value shown v, reason r), then moves the bad
// ones to rejects, in the same transaction: in committed data it is always
// NULL.
const (
	WhyColumn = "_why"
	whyType   = "STRUCT(c VARCHAR, v VARCHAR, r VARCHAR)[]"
)

// CreateTableSQL returns the DuckDB DDL of the ledger's table.
func (l *Ledger) CreateTableSQL() string {
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE IF NOT EXISTS %s (\n", Ident(l.Name))
	for _, c := range l.Columns {
		fmt.Fprintf(&b, "  %s %s,\n", Ident(c.Name), c.Type.SQLType())
	}
	fmt.Fprintf(&b, "  %s BIGINT NOT NULL,\n  %s BIGINT NOT NULL,\n  %s %s\n)", BatchColumn, RowColumn, WhyColumn, whyType)
	return b.String()
}

// addWhySQL adds WhyColumn to a ledger table made before it existed.
func (l *Ledger) addWhySQL() string {
	return fmt.Sprintf("ALTER TABLE %s ADD COLUMN IF NOT EXISTS %s %s", Ident(l.Name), WhyColumn, whyType)
}

// addColumnsSQL adds the ledger's optional columns to a table made before
// they were declared (units.longitude, inspections.problems_rectified…);
// loads name their columns, so their place at the end does not matter.
func (l *Ledger) addColumnsSQL() []string {
	var out []string
	for _, c := range l.Columns {
		if !c.Required {
			out = append(out, fmt.Sprintf("ALTER TABLE %s ADD COLUMN IF NOT EXISTS %s %s", Ident(l.Name), Ident(c.Name), c.Type.SQLType()))
		}
	}
	return out
}

// Ident quotes a SQL identifier.
func Ident(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// OutputTables is the DDL of the tables microrisk writes: ingest batches and
// rejects (lineage and data quality), runs, and each run's indicators,
// scores and targets.
var OutputTables = []string{
	`CREATE SEQUENCE IF NOT EXISTS batch_seq START 1`,
	// One row per file load attempt that was committed.
	`CREATE TABLE IF NOT EXISTS batches (
  batch_id    BIGINT PRIMARY KEY,
  ledger      VARCHAR NOT NULL,
  file        VARCHAR NOT NULL,
  sheet       VARCHAR,
  sha256      VARCHAR NOT NULL,
  bytes       BIGINT NOT NULL,
  encoding    VARCHAR,
  rows_read   BIGINT NOT NULL,
  rows_loaded BIGINT NOT NULL,
  rows_rejected BIGINT NOT NULL,
  rows_replaced BIGINT NOT NULL DEFAULT 0,
  loaded_at   TIMESTAMP NOT NULL
)`,
	// Every row that could not be loaded, with the reason. Person
	// identifiers appear only masked.
	`CREATE TABLE IF NOT EXISTS rejects (
  batch_id BIGINT NOT NULL,
  ledger   VARCHAR NOT NULL,
  file     VARCHAR NOT NULL,
  sheet    VARCHAR,
  "row"    BIGINT NOT NULL,
  "column" VARCHAR,
  "value"  VARCHAR,
  reason   VARCHAR NOT NULL,
  record   VARCHAR
)`,
	// Columns present in a file that match no column of its ledger.
	`CREATE TABLE IF NOT EXISTS extra_columns (
  batch_id BIGINT NOT NULL,
  header   VARCHAR NOT NULL
)`,
	// Their values, kept aside per row (resident-ID-shaped text masked).
	`CREATE TABLE IF NOT EXISTS extra_values (
  batch_id BIGINT NOT NULL,
  "row"    BIGINT NOT NULL,
  header   VARCHAR NOT NULL,
  "value"  VARCHAR
)`,
	// A scoring run: its as-of date, the effective configuration and the
	// batches it read, so that runs can be compared.
	`CREATE TABLE IF NOT EXISTS runs (
  run_id     VARCHAR PRIMARY KEY,
  as_of      DATE NOT NULL,
  created_at TIMESTAMP NOT NULL,
  config     VARCHAR NOT NULL,
  version    VARCHAR NOT NULL,
  batches    VARCHAR NOT NULL
)`,
	// One indicator of one unit in one run. value is NULL when the
	// indicator abstains; abstain then says why. reason_zh and reason_en,
	// the sentence stating its figures, are kept where its contribution is
	// positive (where it can be a reason).
	`CREATE TABLE IF NOT EXISTS indicators (
  run_id    VARCHAR NOT NULL,
  unit_id   VARCHAR NOT NULL,
  indicator VARCHAR NOT NULL,
  value     DOUBLE,
  observed  DOUBLE,
  expected  DOUBLE,
  std       DOUBLE,
  contribution DOUBLE,
  abstain   VARCHAR,
  at_stake  DOUBLE,
  reason_zh VARCHAR,
  reason_en VARCHAR
)`,
	`CREATE TABLE IF NOT EXISTS scores (
  run_id     VARCHAR NOT NULL,
  unit_id    VARCHAR NOT NULL,
  score      DOUBLE NOT NULL,
  rank       INTEGER NOT NULL,
  band       VARCHAR NOT NULL,
  reasons_zh VARCHAR NOT NULL,
  reasons_en VARCHAR NOT NULL,
  composite  DOUBLE
)`,
	// Each unit's score per family of indicators: the sum of the family's
	// contributions (NULL where every indicator of the family abstained)
	// and its percent rank among the units where it did not.
	`CREATE TABLE IF NOT EXISTS family_scores (
  run_id    VARCHAR NOT NULL,
  unit_id   VARCHAR NOT NULL,
  family    VARCHAR NOT NULL,
  composite DOUBLE,
  score     DOUBLE
)`,
	// The records behind each indicator of each unit in a run: a payment,
	// a lease, a case, or the digit group a statistical rule flags. record_id
	// is the record's own id as the source file holds it; batch_id and
	// source_row say which file and row it came from; figures (JSON) are
	// what made it a flag; amount is the amount at stake.
	`CREATE TABLE IF NOT EXISTS flags (
  run_id     VARCHAR NOT NULL,
  unit_id    VARCHAR NOT NULL,
  rule       VARCHAR NOT NULL,
  ledger     VARCHAR NOT NULL,
  record_id  VARCHAR NOT NULL,
  record_on  DATE,
  amount     DOUBLE,
  figures    VARCHAR,
  reason_zh  VARCHAR NOT NULL,
  reason_en  VARCHAR NOT NULL,
  batch_id   BIGINT,
  source_row BIGINT
)`,
	// The clusters of a run's spatial scan of the cases (indicator
	// cases_cluster): numbered in decreasing LLR, each its centre unit and
	// coordinates, radius, member units, cases against expected, relative
	// risk, LLR and Monte Carlo p-value; significant at scan.alpha.
	`CREATE TABLE IF NOT EXISTS scan_clusters (
  run_id      VARCHAR NOT NULL,
  cluster     INTEGER NOT NULL,
  centre_id   VARCHAR NOT NULL,
  longitude   DOUBLE,
  latitude    DOUBLE,
  radius_km   DOUBLE,
  unit_ids    VARCHAR[] NOT NULL,
  cases       DOUBLE,
  expected    DOUBLE,
  rr          DOUBLE,
  llr         DOUBLE,
  p           DOUBLE,
  significant BOOLEAN,
  PRIMARY KEY (run_id, cluster)
)`,
	// Proposed targets: work reminders and the tour plan.
	`CREATE TABLE IF NOT EXISTS targets (
  run_id    VARCHAR NOT NULL,
  kind      VARCHAR NOT NULL,
  unit_id   VARCHAR NOT NULL,
  round     INTEGER,
  team      INTEGER,
  seq       INTEGER NOT NULL,
  forced    BOOLEAN NOT NULL DEFAULT false,
  reason_zh VARCHAR NOT NULL,
  reason_en VARCHAR NOT NULL
)`,
	// The tour plan of a run as an optimisation: how it was solved, its
	// objective (expected findings) and the bound on it; the plan's own
	// configuration, code version and the batches it read besides the
	// run's (tours on record, dispositions).
	`CREATE TABLE IF NOT EXISTS plans (
  run_id        VARCHAR NOT NULL,
  method        VARCHAR NOT NULL,
  calibration_zh VARCHAR NOT NULL,
  calibration   VARCHAR NOT NULL,
  objective     DOUBLE NOT NULL,
  bound         DOUBLE NOT NULL,
  gap           DOUBLE,
  must          INTEGER NOT NULL,
  must_placed   INTEGER NOT NULL,
  due           INTEGER NOT NULL,
  due_placed    INTEGER NOT NULL,
  slots         INTEGER NOT NULL,
  planned       INTEGER NOT NULL,
  random_slots  INTEGER NOT NULL,
  solve_seconds DOUBLE NOT NULL,
  records_from  DATE,
  coverage_ok   BOOLEAN NOT NULL,
  config        VARCHAR NOT NULL,
  version       VARCHAR NOT NULL,
  batches       VARCHAR NOT NULL
)`,
	// The plan's teams (home: the district code it never tours) and rounds.
	`CREATE TABLE IF NOT EXISTS plan_teams (
  run_id  VARCHAR NOT NULL,
  team    INTEGER NOT NULL,
  name    VARCHAR NOT NULL,
  home_id VARCHAR,
  units   INTEGER NOT NULL
)`,
	`CREATE TABLE IF NOT EXISTS plan_rounds (
  run_id    VARCHAR NOT NULL,
  round     INTEGER NOT NULL,
  name      VARCHAR NOT NULL,
  starts_on DATE NOT NULL,
  ends_on   DATE NOT NULL
)`,
	// The rolling schedule of full coverage: every scored unit's last tour,
	// the date it is due, the year (1 = the plan's year) it is due in and
	// the year it is scheduled for; overdue when due on or before the
	// as-of date.
	`CREATE TABLE IF NOT EXISTS tour_schedule (
  run_id       VARCHAR NOT NULL,
  unit_id      VARCHAR NOT NULL,
  last_tour    DATE,
  due_on       DATE NOT NULL,
  due_year     INTEGER NOT NULL,
  planned_year INTEGER,
  overdue      BOOLEAN NOT NULL,
  expected     DOUBLE
)`,
	// Each target's status as of a run (new, under_rectification, cleared,
	// repeat, open): the run's own targets and earlier runs' targets of the
	// same kind and unit, with the disposition that decided it.
	`CREATE TABLE IF NOT EXISTS target_status (
  run_id         VARCHAR NOT NULL,
  target_id      VARCHAR NOT NULL,
  kind           VARCHAR NOT NULL,
  unit_id        VARCHAR NOT NULL,
  status         VARCHAR NOT NULL,
  current        BOOLEAN NOT NULL,
  first_as_of    DATE NOT NULL,
  disposition_id VARCHAR,
  result         VARCHAR,
  decided_on     DATE,
  rectify_by     DATE
)`,
}

// backtestTables store `microrisk backtest`: how well the score at a past
// date foretold what followed (risk.Backtest).
var backtestTables = []string{
	`CREATE TABLE IF NOT EXISTS backtests (
  backtest_id    VARCHAR PRIMARY KEY,
  as_of          DATE NOT NULL,
  horizon_months INTEGER NOT NULL,
  horizon_end    DATE NOT NULL,
  truncated      BOOLEAN NOT NULL,
  created_at     TIMESTAMP NOT NULL,
  version        VARCHAR NOT NULL,
  config         VARCHAR NOT NULL,
  units          INTEGER NOT NULL,
  positives      INTEGER NOT NULL,
  auc            DOUBLE,
  baseline_auc   DOUBLE,
  k              INTEGER NOT NULL,
  yield          INTEGER NOT NULL,
  rotation_yield INTEGER NOT NULL,
  random_yield   DOUBLE NOT NULL,
  random_draw_yield INTEGER NOT NULL,
  precision_k    DOUBLE,
  outcome_cases  INTEGER NOT NULL,
  outcome_leads  INTEGER NOT NULL,
  outcome_findings INTEGER NOT NULL,
  note           VARCHAR
)`,
	`CREATE TABLE IF NOT EXISTS backtest_indicators (
  backtest_id VARCHAR NOT NULL,
  indicator   VARCHAR NOT NULL,
  auc         DOUBLE
)`,
	`CREATE TABLE IF NOT EXISTS backtest_bands (
  backtest_id VARCHAR NOT NULL,
  band        VARCHAR NOT NULL,
  units       INTEGER NOT NULL,
  positives   INTEGER NOT NULL,
  rate        DOUBLE NOT NULL
)`,
}

// migrations add the columns of output tables made by an earlier version.
var migrations = []string{
	`ALTER TABLE indicators ADD COLUMN IF NOT EXISTS at_stake DOUBLE`,
	`ALTER TABLE scores ADD COLUMN IF NOT EXISTS composite DOUBLE`,
	`ALTER TABLE indicators ADD COLUMN IF NOT EXISTS reason_zh VARCHAR`,
	`ALTER TABLE indicators ADD COLUMN IF NOT EXISTS reason_en VARCHAR`,
	// Targets of the tour plan as an optimisation: a stable id (kind, as-of
	// date, unit), the random slice, the expected findings, the round's
	// dates, the owner who must act and the deadline.
	`ALTER TABLE targets ADD COLUMN IF NOT EXISTS target_id VARCHAR`,
	`ALTER TABLE targets ADD COLUMN IF NOT EXISTS random BOOLEAN`,
	`ALTER TABLE targets ADD COLUMN IF NOT EXISTS expected DOUBLE`,
	`ALTER TABLE targets ADD COLUMN IF NOT EXISTS starts_on DATE`,
	`ALTER TABLE targets ADD COLUMN IF NOT EXISTS ends_on DATE`,
	`ALTER TABLE targets ADD COLUMN IF NOT EXISTS owner_id VARCHAR`,
	`ALTER TABLE targets ADD COLUMN IF NOT EXISTS owner_name VARCHAR`,
	`ALTER TABLE targets ADD COLUMN IF NOT EXISTS deadline DATE`,
	`ALTER TABLE targets ADD COLUMN IF NOT EXISTS due_on DATE`,
}

// Views derived from the ledgers, created after the tables.
var Views = []string{
	// unit_district maps every unit to its district (the ancestor of level
	// district, or itself) and its township, following parent_id upwards.
	`CREATE OR REPLACE VIEW unit_district AS
WITH RECURSIVE up(unit_id, ancestor_id, depth) AS (
  SELECT unit_id, unit_id, 0 FROM units
  UNION ALL
  SELECT up.unit_id, u.parent_id, up.depth + 1
  FROM up JOIN units u ON u.unit_id = up.ancestor_id
  WHERE u.parent_id IS NOT NULL AND u.parent_id <> '' AND up.depth < 12
)
SELECT up.unit_id,
  max(CASE WHEN a.level = 'district' THEN a.unit_id END) AS district_id,
  max(CASE WHEN a.level = 'township' THEN a.unit_id END) AS township_id
FROM up JOIN units a ON a.unit_id = up.ancestor_id
GROUP BY up.unit_id`,
}

// SchemaSQL returns every statement that creates the database schema, in
// order. The statements are idempotent.
func SchemaSQL() []string {
	out := append(append(append(append([]string(nil), OutputTables...), backtestTables...), LineageTables...), migrations...)
	for _, l := range Ledgers {
		out = append(out, l.CreateTableSQL(), l.addWhySQL())
		out = append(out, l.addColumnsSQL()...)
	}
	return append(out, Views...)
}
