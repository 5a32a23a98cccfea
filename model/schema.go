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
	// indicator abstains; abstain then says why.
	`CREATE TABLE IF NOT EXISTS indicators (
  run_id    VARCHAR NOT NULL,
  unit_id   VARCHAR NOT NULL,
  indicator VARCHAR NOT NULL,
  value     DOUBLE,
  observed  DOUBLE,
  expected  DOUBLE,
  std       DOUBLE,
  contribution DOUBLE,
  abstain   VARCHAR
)`,
	`CREATE TABLE IF NOT EXISTS scores (
  run_id     VARCHAR NOT NULL,
  unit_id    VARCHAR NOT NULL,
  score      DOUBLE NOT NULL,
  rank       INTEGER NOT NULL,
  band       VARCHAR NOT NULL,
  reasons_zh VARCHAR NOT NULL,
  reasons_en VARCHAR NOT NULL
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
	out := append(append([]string(nil), OutputTables...), LineageTables...)
	for _, l := range Ledgers {
		out = append(out, l.CreateTableSQL(), l.addWhySQL())
	}
	return append(out, Views...)
}
