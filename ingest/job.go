package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/microrisk/microrisk/ingest/csvprep"
	"github.com/microrisk/microrisk/ingest/normalize"
	"github.com/microrisk/microrisk/ingest/privacy"
	"github.com/microrisk/microrisk/model"
)

// The SQL of one table's load, in its transaction: every record into the
// ledger's table (clean ones as they are, the others through the full
// checks), then the bad ones, the malformed ones and the repeated keys
// moved to rejects, the values of unknown columns kept aside.

// job is one file's load inside its transaction.
type job struct {
	tx        *sql.Tx
	plan      *plan
	src       *source
	pr        *protector
	file      string
	shownFile string // file, resident ID numbers masked
	opts      Options
	batch     int64
}

func (j *job) exec(ctx context.Context, step, q string, args ...any) (int64, error) {
	start := time.Now()
	r, err := j.tx.ExecContext(ctx, q, args...)
	j.opts.logger().Debug("ingest step", "file", j.shownFile, "step", step, "seconds", time.Since(start).Seconds())
	if err != nil {
		return 0, fmt.Errorf("%s: %w", step, err)
	}
	n, _ := r.RowsAffected()
	return n, nil
}

func (j *job) run(ctx context.Context, res *Result) error {
	if err := j.tx.QueryRowContext(ctx, `SELECT nextval('batch_seq')`).Scan(&res.BatchID); err != nil {
		return err
	}
	j.batch = res.BatchID
	for _, q := range []string{`DROP TABLE IF EXISTS ` + csvprep.RejectsTable, `DROP TABLE IF EXISTS _csv_scan`} {
		if _, err := j.exec(ctx, "reset", q); err != nil {
			return err
		}
	}
	var before int64
	if err := j.tx.QueryRowContext(ctx, `SELECT count(*) FROM `+j.table()).Scan(&before); err != nil {
		return err
	}
	// Every record goes into the ledger's table in one parallel pass, each
	// bad one with its reasons in _why; the bad ones are then moved to
	// rejects. Other transactions never see them: the whole load is one
	// transaction. Rows carry their source row, so the table's physical
	// order does not matter.
	if _, err := j.exec(ctx, "unordered", `SET preserve_insertion_order = false`); err != nil {
		return err
	}
	if _, err := j.exec(ctx, "known units", `CREATE OR REPLACE TEMP TYPE `+unitsEnum+` AS ENUM (
  SELECT DISTINCT unit_id FROM units WHERE unit_id IS NOT NULL ORDER BY unit_id)`); err != nil {
		return err
	}
	defer j.tx.ExecContext(context.WithoutCancel(ctx), `RESET preserve_insertion_order`)
	read, sum, err := j.load(ctx)
	if err != nil {
		return err
	}
	// Clean records have no reasons: a CSV file all of whose records were
	// clean has no bad rows to move out (two scans of the table saved).
	if j.src.csv == nil || sum.Others {
		if err := j.moveBadRows(ctx); err != nil {
			return err
		}
		if err := j.malformedRejects(ctx); err != nil {
			return err
		}
	}
	if sum.UniqueKeys {
		j.opts.logger().Debug("ingest step", "file", j.shownFile, "step", "duplicates", "found", "none: every record clean, no key hash repeats")
	} else if err := j.rejectDuplicates(ctx); err != nil {
		return err
	}
	if before > 0 {
		if res.Replaced, err = j.existingKeys(ctx); err != nil {
			return err
		}
	}
	if err := j.keepExtras(ctx, sum); err != nil {
		return err
	}
	res.Read = read
	if err := j.tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM `+j.table()+` WHERE _batch = ?),
  (SELECT count(DISTINCT "row") FROM rejects WHERE batch_id = ?)`,
		j.batch, j.batch).Scan(&res.Loaded, &res.Rejected); err != nil {
		return fmt.Errorf("count: %w", err)
	}
	if j.opts.Strict && res.Rejected > 0 {
		return j.firstReject(ctx)
	}
	return nil
}

func (j *job) table() string { return model.Ident(j.plan.ledger.Name) }

// noCSVRejects makes the table of records DuckDB's CSV reader sets aside
// (csvprep.RejectsTable) empty, for a load whose reading did not make it.
const noCSVRejects = `CREATE TEMP TABLE ` + csvprep.RejectsTable + ` (line BIGINT, column_name VARCHAR, csv_line VARCHAR, error_message VARCHAR)`

// load inserts every record of the source into the ledger's table: for a
// CSV file, its clean records through their Arrow view while its parts
// are numbered, then, if any record was not clean, the others by the full
// SQL path. It returns the records read and, for a CSV file, what the
// pre-pass found.
func (j *job) load(ctx context.Context) (read int64, sum csvprep.Summary, err error) {
	if j.src.csv == nil {
		if _, err := j.exec(ctx, "no malformed records", noCSVRejects); err != nil {
			return 0, sum, err
		}
		read, err := j.exec(ctx, "read, check and load", j.loadSQL(), j.batch)
		return read, sum, err
	}
	if j.src.view != "" {
		_, err = j.exec(ctx, "load clean records", j.cleanSQL(), j.batch)
	}
	// A part that failed would look like the end of its records: the
	// load stands only if every part was numbered whole.
	sum, werr := j.src.run.Wait(err != nil)
	if err == nil {
		err = werr
	}
	if err != nil {
		return 0, sum, err
	}
	if j.opts.prepassed != nil {
		j.opts.prepassed(j.file, sum)
	}
	j.src.table = j.src.csv.OthersTable()
	if !sum.Others {
		// No record for DuckDB's reader: none set aside as malformed.
		_, err := j.exec(ctx, "no malformed records", noCSVRejects)
		return sum.Records, sum, err
	}
	_, err = j.exec(ctx, "read, check and load", j.loadSQL(), j.batch)
	return sum.Records, sum, err
}

// cleanSQL inserts the clean records of a CSV file into the ledger's
// table: each value already typed and in stored form, no reasons.
func (j *job) cleanSQL() string {
	var cols, vals []string
	for _, b := range j.plan.bindings {
		cols = append(cols, model.Ident(b.col.Name))
		vals = append(vals, b.src)
	}
	return fmt.Sprintf(`INSERT INTO %s (%s, _batch, _row, _why)
SELECT %s, $1, %s, NULL FROM %s`, j.table(), strings.Join(cols, ", "), strings.Join(vals, ", "), csvprep.RowColumn, j.src.view)
}

// keyedFn names the keyed function for a column type.
func keyedFn(t model.Type) string {
	if t == model.PartyID {
		return fnParty
	}
	return fnPerson
}

// loadSQL reads the source and inserts every record into the ledger's
// table: each column's typed value (x_), and, for a bad record only, _why:
// its bad values (column, value shown, reason; personal data masked). A
// record the source could not read as a whole (_malformed) has that one
// reason. Person identifiers are checked and pseudonymised by the keyed
// functions, which remember the identifiers they have seen.
func (j *job) loadSQL() string {
	var raw, pcols, typed, joins, cols, vals, bad, why []string
	maxCell := j.opts.limits().MaxCellBytes
	for _, b := range j.plan.bindings {
		n := b.col.Name
		r := model.Ident("r_" + n)
		raw = append(raw, fmt.Sprintf("%s AS %s", rawText(b.src), r))
		in := r
		if b.col.Type == model.PersonID || b.col.Type == model.PartyID {
			pcols = append(pcols, fmt.Sprintf("%s AS %s", j.pr.call(keyedFn(b.col.Type), r), model.Ident("p_"+n)))
			in = model.Ident("p_" + n)
		}
		x := model.Ident("x_" + n)
		typed = append(typed, fmt.Sprintf("%s AS %s", b.typed(in, j.src.date1904, j.pr), x))
		ref := ""
		switch {
		case j.plan.ledger == model.Units && (n == "parent_id" || b.col.Type == model.UnitRef):
			alias := model.Ident("ref_" + n)
			ref = alias + ".u"
			joins = append(joins, fmt.Sprintf("LEFT JOIN %s AS %s ON %s.u = t2.%s", j.unitSet(), alias, alias, x))
		case b.col.Type == model.UnitRef:
			ref = fmt.Sprintf("TRY_CAST(%s AS %s)", x, unitsEnum)
		}
		bad = append(bad, b.bad(r, x, ref, maxCell))
		cols = append(cols, model.Ident(n))
		vals = append(vals, x)
		why = append(why, fmt.Sprintf("{'c': %s, 'v': %s, 'r': %s}", quote(n), j.shown(b, r), b.reason(r, x, ref, maxCell)))
	}
	for i, src := range j.plan.extraSrc { // an unknown column's value is checked for its size
		r := model.Ident(fmt.Sprintf("e_%d", i))
		raw = append(raw, fmt.Sprintf("%s AS %s", src, r))
		c := tooLong(r, maxCell)
		bad = append(bad, "coalesce("+c.bad+", false)")
		why = append(why, fmt.Sprintf("{'c': %s, 'v': %s, 'r': CASE WHEN %s THEN %s END}",
			quote(privacy.MaskIDs(j.plan.extra[i])), j.pr.maskIDs("left("+r+", 64)"), c.bad, c.reason))
	}
	pcols = append(pcols, "NULL AS _none")
	// The reasons are worked out for bad rows only; a record that cannot be
	// read as a whole has only that reason.
	whyList := fmt.Sprintf(`CASE WHEN _malformed IS NOT NULL THEN [{'c': NULL, 'v': %s, 'r': _malformed}]
  WHEN %s THEN list_filter([%s], lambda w: w.r IS NOT NULL) END`,
		j.pr.maskIDs("_shown"), strings.Join(bad, " OR "), strings.Join(why, ", "))
	return fmt.Sprintf(`INSERT INTO %s (%s, _batch, _row, _why)
SELECT %s, $1, _src_row, %s FROM (
  SELECT t1.*, %s FROM (
    SELECT t0.*, %s FROM (SELECT _src_row, _malformed, _shown, %s FROM %s) AS t0
  ) AS t1
) AS t2 %s`, j.table(), strings.Join(cols, ", "), strings.Join(vals, ", "), whyList,
		strings.Join(typed, ", "), strings.Join(pcols, ", "), strings.Join(raw, ", "), j.src.table, strings.Join(joins, " "))
}

// shown is what a reject shows of the trimmed raw value r: a person
// identifier or an account masked as privacy.Mask does, a name as its
// column's mask, any other value with resident ID numbers masked.
func (j *job) shown(b binding, r string) string {
	switch {
	case b.col.Personal == model.Pseudonymised:
		return maskSQL(r)
	case b.col.Personal == model.MaskedName:
		return j.pr.call(fnName, r)
	case b.col.Personal == model.MaskedPartyName:
		return j.pr.call(fnPartyName, r)
	}
	return j.pr.maskIDs(r)
}

// maskSQL is privacy.Mask as a DuckDB expression.
func maskSQL(x string) string {
	return fmt.Sprintf("CASE WHEN length(%[1]s) <= 6 THEN repeat('*', length(%[1]s)) ELSE left(%[1]s, 4) || repeat('*', length(%[1]s) - 6) || right(%[1]s, 2) END", x)
}

// unitsEnum is the temporary ENUM type of the known unit ids: casting a
// unit reference to it is a hash lookup, much cheaper than a join that
// carries every column of the file through it.
const unitsEnum = "_mr_units"

// unitSet is the set of known unit ids a reference may point to: the units
// ledger, plus, while loading units, the file's own unit ids (as stored).
func (j *job) unitSet() string {
	if j.plan.ledger != model.Units {
		return `(SELECT DISTINCT unit_id AS u FROM units)`
	}
	for _, b := range j.plan.bindings {
		if b.col.Name == "unit_id" {
			return fmt.Sprintf(`(SELECT unit_id AS u FROM units UNION SELECT %s FROM (SELECT %s AS t FROM %s))`,
				j.pr.maskIDs("t"), sqlText(b.src), j.src.table)
		}
	}
	return `(SELECT DISTINCT unit_id AS u FROM units)`
}

func sqlText(x string) string { return normalize.SQLText(x) }

// rawText is the trimmed text of a source column: normalize.Text in SQL
// where the source's _ws says a value of the row may need it; elsewhere
// the value itself, an empty one NULL.
func rawText(x string) string {
	return fmt.Sprintf("CASE WHEN _ws THEN %s ELSE nullif(%s, '') END", sqlText(x), x)
}

// rejectsHead starts an INSERT into rejects for this batch; the SELECT it
// opens goes on with row, column, value and reason.
func (j *job) rejectsHead() string {
	sheet := "NULL"
	if j.src.sheet != "" {
		sheet = quote(privacy.MaskIDs(j.src.sheet))
	}
	return fmt.Sprintf(`INSERT INTO rejects (batch_id, ledger, file, sheet, "row", "column", "value", reason) SELECT %d, %s, %s, %s`,
		j.batch, quote(j.plan.ledger.Name), quote(j.shownFile), sheet)
}

// moveBadRows records the bad values of the bad records and takes those
// records out of the ledger's table. Every value and reason shown goes
// through the mask of resident ID numbers once more: a reason may quote
// the record.
func (j *job) moveBadRows(ctx context.Context) error {
	q := fmt.Sprintf(`%s, _row, w.c, %s, %s FROM (SELECT _row, unnest(_why) AS w FROM %s WHERE _batch = %d AND _why IS NOT NULL)`,
		j.rejectsHead(), j.pr.maskIDs("w.v"), j.pr.maskIDs("w.r"), j.table(), j.batch)
	if _, err := j.exec(ctx, "rejects", q); err != nil {
		return err
	}
	_, err := j.exec(ctx, "take out bad rows", fmt.Sprintf(`DELETE FROM %s WHERE _batch = %d AND _why IS NOT NULL`, j.table(), j.batch))
	return err
}

// malformedRejects records the records DuckDB's CSV reader could not split
// into the header's columns, at the row number the pre-pass gave them.
func (j *job) malformedRejects(ctx context.Context) error {
	if j.src.csv == nil {
		return nil // only DuckDB's CSV reader sets records aside
	}
	t := csvprep.RejectsTable
	num, line := j.src.csv.MalformedSQL(t + ".csv_line")
	row := fmt.Sprintf("coalesce(%s, %s.line)", num, t)
	col := t + ".column_name"
	if names := j.src.headers; len(names) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "CASE %s.column_name", t)
		for i, h := range names {
			fmt.Fprintf(&b, " WHEN 'c%d' THEN %s", i+1, quote(privacy.MaskIDs(h)))
		}
		fmt.Fprintf(&b, " ELSE NULL END")
		col = b.String()
	}
	q := fmt.Sprintf(`%s, %s, %s, %s, 'malformed record: ' || %s FROM %s`,
		j.rejectsHead(), row, col, j.pr.maskIDs("left("+line+", 1000)"), j.pr.maskIDs(t+".error_message"), t)
	_, err := j.exec(ctx, "malformed records", q)
	return err
}

// keyList returns the ledger's key columns, quoted, with an optional alias.
func (j *job) keyList(alias string) []string {
	var keys []string
	for _, k := range j.plan.ledger.Key {
		if alias != "" {
			keys = append(keys, alias+"."+model.Ident(k))
		} else {
			keys = append(keys, model.Ident(k))
		}
	}
	return keys
}

// keyMatch joins two aliases of the ledger's table on its key.
func (j *job) keyMatch(a, b string) string {
	var parts []string
	for _, k := range j.plan.ledger.Key {
		parts = append(parts, fmt.Sprintf("%s.%s = %s.%s", a, model.Ident(k), b, model.Ident(k)))
	}
	return strings.Join(parts, " AND ")
}

// rejectDuplicates keeps the first row of each key the file repeats and
// moves the later ones to rejects. Keys rarely repeat: the rows whose key
// hash repeats are found with a grouped count of 64-bit hashes (much
// cheaper than grouping the keys themselves), then only those rows are
// grouped and ordered by their keys.
func (j *job) rejectDuplicates(ctx context.Context) error {
	k := strings.Join(j.keyList(""), ", ")
	if _, err := j.exec(ctx, "duplicates", fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE _dup AS
WITH hashes AS (SELECT hash(%[1]s) AS h FROM %[2]s WHERE _batch = %[3]d GROUP BY h HAVING count(*) > 1),
cand AS (SELECT _row, %[1]s FROM %[2]s WHERE _batch = %[3]d AND hash(%[1]s) IN (SELECT h FROM hashes)),
rep AS (SELECT %[1]s FROM cand GROUP BY %[1]s HAVING count(*) > 1)
SELECT _row, first_row, key FROM (
  SELECT c._row, min(c._row) OVER (PARTITION BY %[4]s) AS first_row, %[5]s AS key
  FROM cand c SEMI JOIN rep USING (%[1]s))
WHERE _row <> first_row`, k, j.table(), j.batch, strings.Join(j.keyList("c"), ", "), j.keyValueSQL("c"))); err != nil {
		return err
	}
	if _, err := j.exec(ctx, "duplicate rejects", fmt.Sprintf(`%s, _row, %s, key, 'duplicate key within the file (first at row ' || first_row || ')' FROM _dup`,
		j.rejectsHead(), quote(strings.Join(j.plan.ledger.Key, "+")))); err != nil {
		return err
	}
	_, err := j.exec(ctx, "take out duplicates", fmt.Sprintf(`DELETE FROM %s WHERE _batch = %d AND _row IN (SELECT _row FROM _dup)`, j.table(), j.batch))
	return err
}

// existingKeys handles rows whose key is already in the table from an
// earlier batch: with --replace the earlier rows are deleted (their number
// is returned), otherwise the new rows are rejects naming the earlier batch.
func (j *job) existingKeys(ctx context.Context) (int64, error) {
	if j.opts.Replace {
		return j.exec(ctx, "replace", fmt.Sprintf(`DELETE FROM %[1]s o WHERE o._batch <> %[2]d AND EXISTS (
  SELECT 1 FROM %[1]s n WHERE n._batch = %[2]d AND %[3]s)`, j.table(), j.batch, j.keyMatch("n", "o")))
	}
	if _, err := j.exec(ctx, "existing keys", fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE _old AS
SELECT n._row, min(o._batch) AS batch, any_value(%[4]s) AS key FROM %[1]s n JOIN %[1]s o ON %[3]s
WHERE n._batch = %[2]d AND o._batch <> %[2]d GROUP BY n._row`, j.table(), j.batch, j.keyMatch("n", "o"), j.keyValueSQL("n"))); err != nil {
		return 0, err
	}
	if _, err := j.exec(ctx, "existing key rejects", fmt.Sprintf(`%s, _row, %s, key, 'duplicate key: already loaded in batch ' || batch || ' (use --replace to replace it)' FROM _old`,
		j.rejectsHead(), quote(strings.Join(j.plan.ledger.Key, "+")))); err != nil {
		return 0, err
	}
	_, err := j.exec(ctx, "take out existing keys", fmt.Sprintf(`DELETE FROM %s WHERE _batch = %d AND _row IN (SELECT _row FROM _old)`, j.table(), j.batch))
	return 0, err
}

// keepExtras keeps the values of the columns that match no ledger column
// aside in extra_values, per row, resident ID numbers masked, in one
// statement whatever the number of such columns: from the source's
// records read by SQL, and, for a CSV file, from the values its clean
// records kept aside.
func (j *job) keepExtras(ctx context.Context, sum csvprep.Summary) error {
	if len(j.plan.extra) == 0 {
		return nil
	}
	var fields, values []string
	for i, h := range j.plan.extra {
		var f int
		fmt.Sscanf(j.plan.extraSrc[i], "c%d", &f)
		fields = append(fields, fmt.Sprintf("(%d, %s)", f, quote(privacy.MaskIDs(h))))
		values = append(values, fmt.Sprintf("{'f': %d, 'v': %s}", f, sqlText(j.plan.extraSrc[i])))
	}
	var from []string
	if j.src.csv == nil || sum.Others {
		from = append(from, fmt.Sprintf(`SELECT _src_row AS x_row, w.f AS x_field, w.v AS x_value FROM (SELECT _src_row, unnest([%s]) AS w FROM %s)`,
			strings.Join(values, ", "), j.src.table))
	}
	if sum.Asides {
		from = append(from, "SELECT _src_row AS x_row, field AS x_field, "+sqlText("value")+" AS x_value FROM "+j.src.csv.ExtrasTable())
	}
	if len(from) == 0 {
		return nil
	}
	q := fmt.Sprintf(`INSERT INTO extra_values SELECT %d, e.x_row, h.header, %s
FROM (%s) AS e JOIN (VALUES %s) AS h(x_field, header) USING (x_field) WHERE e.x_value IS NOT NULL`,
		j.batch, j.pr.maskIDs("e.x_value"), strings.Join(from, " UNION ALL "), strings.Join(fields, ", "))
	_, err := j.exec(ctx, "extra values", q)
	return err
}

// keyValueSQL shows a row's key in rejects (a person identifier in the
// table is already a pseudonym, never the clear ID).
func (j *job) keyValueSQL(alias string) string {
	var parts []string
	for _, k := range j.plan.ledger.Key {
		parts = append(parts, fmt.Sprintf("coalesce(CAST(%s.%s AS VARCHAR), '')", alias, model.Ident(k)))
	}
	return strings.Join(parts, " || '+' || ")
}

func (j *job) firstReject(ctx context.Context) error {
	e := &RowError{File: j.shownFile, Sheet: j.src.sheet}
	var col, val sql.NullString
	var reason string
	err := j.tx.QueryRowContext(ctx, `SELECT "row", "column", "value", reason FROM rejects WHERE batch_id = ? ORDER BY "row" LIMIT 1`, j.batch).
		Scan(&e.Row, &col, &val, &reason)
	if err != nil {
		return err
	}
	e.Column, e.Value, e.Err = col.String, val.String, errors.New(reason)
	return fmt.Errorf("%w: %w", ErrStrict, e)
}
