package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/microrisk/microrisk/ingest/normalize"
	"github.com/microrisk/microrisk/model"
)

// LoadFile loads one file: each of its tables (a workbook may hold several
// ledgers, one per sheet) in its own transaction, its good rows into the
// ledger's table, its bad rows into rejects, a batches row with the counts.
// A table loaded before (same content, same sheet, same ledger) is skipped.
// It returns one Result per table.
func LoadFile(ctx context.Context, db *sql.DB, path string, opts Options) ([]Result, error) {
	res, err := loadFile(ctx, db, path, opts)
	if err != nil {
		var fe *FileError
		if !errors.As(err, &fe) {
			err = &FileError{Path: path, Err: err}
		}
	}
	return res, err
}

func loadFile(ctx context.Context, db *sql.DB, path string, opts Options) ([]Result, error) {
	hash, size, err := fileHash(path)
	if err != nil {
		return nil, err
	}
	if size == 0 {
		return nil, ErrEmptyFile
	}
	srcs, err := openSources(ctx, db, path, opts)
	if err != nil {
		return nil, err
	}
	defer func() {
		for _, s := range srcs {
			s.cleanup()
		}
	}()
	var out []Result
	for _, src := range srcs {
		r, err := loadSource(ctx, db, path, hash, size, src, opts)
		if err != nil {
			if src.sheet != "" {
				err = fmt.Errorf("sheet %s: %w", src.sheet, err)
			}
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

// loadSource loads one table of a file in one transaction.
func loadSource(ctx context.Context, db *sql.DB, path, hash string, size int64, src *source, opts Options) (Result, error) {
	log := opts.logger()
	res := Result{Path: path, Sheet: src.sheet, Encoding: src.encoding}
	l, err := opts.ledgerFor(path, src.headers)
	if err != nil {
		return res, err
	}
	res.Ledger = l.Name
	if id, err := loadedBefore(ctx, db, l.Name, hash, src.sheet); err != nil {
		return res, err
	} else if id > 0 {
		res.Skipped, res.SkippedBy = true, id
		log.Info("skip table loaded before", "file", path, "sheet", src.sheet, "batch", id)
		return res, nil
	}
	p, err := newPlan(l, src.headers, opts.Mapping)
	if err != nil {
		return res, err
	}
	res.ExtraColumns = p.extra
	var udf [2]string
	if p.hasPersons() {
		pseudo, err := NewPseudonymizer(opts.Key)
		if err != nil {
			return res, err
		}
		if udf[0], udf[1], err = registerPersonUDFs(ctx, db, pseudo); err != nil {
			return res, err
		}
	}
	start := time.Now()
	stop := opts.progress(path, src, start)
	defer stop()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return res, err
	}
	defer tx.Rollback()
	j := &job{tx: tx, plan: p, src: src, udf: udf, file: path, opts: opts}
	if err := j.run(ctx, &res); err != nil {
		return res, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO batches (batch_id, ledger, file, sheet, sha256, bytes, encoding, rows_read, rows_loaded, rows_rejected, rows_replaced, loaded_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, res.BatchID, l.Name, path, nullString(src.sheet), hash, size, nullString(res.Encoding),
		res.Read, res.Loaded, res.Rejected, res.Replaced, opts.now().UTC()); err != nil {
		return res, fmt.Errorf("record batch: %w", err)
	}
	for _, h := range p.extra {
		if _, err := tx.ExecContext(ctx, `INSERT INTO extra_columns VALUES (?, ?)`, res.BatchID, h); err != nil {
			return res, err
		}
	}
	if err := tx.Commit(); err != nil {
		return res, fmt.Errorf("commit: %w", err)
	}
	res.Seconds = time.Since(start).Seconds()
	log.Info("loaded", "file", path, "sheet", src.sheet, "ledger", l.Name, "batch", res.BatchID, "read", res.Read,
		"loaded", res.Loaded, "rejected", res.Rejected, "seconds", res.Seconds)
	return res, nil
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (p *plan) hasPersons() bool {
	for _, b := range p.bindings {
		if b.col.Type == model.PersonID || b.col.Type == model.PartyID {
			return true
		}
	}
	return false
}

// job is one file's load inside its transaction.
type job struct {
	tx   *sql.Tx
	plan *plan
	src  *source
	udf  [2]string // person and party UDF names
	file string
	opts Options
}

func (j *job) exec(ctx context.Context, step, q string, args ...any) (int64, error) {
	start := time.Now()
	r, err := j.tx.ExecContext(ctx, q, args...)
	j.opts.logger().Debug("ingest step", "file", j.file, "step", step, "seconds", time.Since(start).Seconds())
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
	reset := []string{`DROP TABLE IF EXISTS _csv_rej`, `DROP TABLE IF EXISTS _csv_scan`}
	if !j.src.csvRejects {
		reset = append(reset, `CREATE TEMP TABLE _csv_rej (line BIGINT, column_name VARCHAR, csv_line VARCHAR, error_message VARCHAR)`)
	}
	for _, q := range reset {
		if _, err := j.exec(ctx, "reset", q); err != nil {
			return err
		}
	}
	if err := j.pseudonymise(ctx); err != nil {
		return err
	}
	// The staging table is an ordinary table, not a TEMP one: DuckDB writes
	// it compressed, row group by row group, as it writes its own tables,
	// so a ten-million-row file does not have to fit in memory. It lives
	// and dies inside the file's transaction.
	if _, err := j.exec(ctx, "read and check", `CREATE OR REPLACE TABLE _checked AS `+j.checkedSQL()); err != nil {
		return err
	}
	if err := j.renumber(ctx); err != nil {
		return err
	}
	if err := j.findDuplicates(ctx); err != nil {
		return err
	}
	if j.opts.Replace {
		n, err := j.exec(ctx, "replace", fmt.Sprintf(`DELETE FROM %s t WHERE EXISTS (SELECT 1 FROM _old o WHERE %s)`,
			model.Ident(j.plan.ledger.Name), j.keyMatch("o", "t")))
		if err != nil {
			return err
		}
		res.Replaced = n
	}
	n, err := j.exec(ctx, "load", j.insertSQL(), res.BatchID)
	if err != nil {
		return err
	}
	res.Loaded = n
	if err := j.writeRejects(ctx, res.BatchID); err != nil {
		return err
	}
	if err := j.keepExtras(ctx, res.BatchID); err != nil {
		return err
	}
	if err := j.tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM _checked) + (SELECT count(*) FROM _csv_rej),
  (SELECT count(DISTINCT "row") FROM rejects WHERE batch_id = ?)`, res.BatchID).Scan(&res.Read, &res.Rejected); err != nil {
		return fmt.Errorf("count: %w", err)
	}
	if j.opts.Strict && res.Rejected > 0 {
		return j.firstReject(ctx, res.BatchID)
	}
	_, err = j.exec(ctx, "drop staging", `DROP TABLE _checked`)
	return err
}

// pidTable names the table of checked, pseudonymised identifiers for a
// column type.
func pidTable(t model.Type) string {
	if t == model.PartyID {
		return "_pid_party"
	}
	return "_pid_person"
}

// pseudonymise checks and pseudonymises every distinct person identifier of
// the file once, in one scan, into _pid_person and _pid_party (value r, the
// UDF's answer p), which the check query joins.
func (j *job) pseudonymise(ctx context.Context) error {
	for _, kind := range []model.Type{model.PersonID, model.PartyID} {
		var cols []string
		for _, b := range j.plan.bindings {
			if b.col.Type == kind {
				cols = append(cols, sqlText(b.src))
			}
		}
		if len(cols) == 0 {
			continue
		}
		udf := j.udf[0]
		if kind == model.PartyID {
			udf = j.udf[1]
		}
		q := fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE %s AS SELECT r, %s(r) AS p FROM (
  SELECT DISTINCT unnest([%s]) AS r FROM %s) WHERE r IS NOT NULL`, pidTable(kind), udf, strings.Join(cols, ", "), j.src.table)
		if _, err := j.exec(ctx, "pseudonymise", q); err != nil {
			return err
		}
	}
	return nil
}

// checkedSQL reads the file and, per row, computes every column's typed
// value (x_), its reason for rejection (e_) and, for bad values only, the
// value to show in rejects (v_, person identifiers masked). Person
// identifiers repeat (a payee is paid many times): each distinct one was
// checked and pseudonymised once by pseudonymise and is joined back here.
func (j *job) checkedSQL() string {
	var raw, pjoin, pcols, typed, checks, joins, final, bad, why []string
	for _, b := range j.plan.bindings {
		n := b.col.Name
		r := model.Ident("r_" + n)
		raw = append(raw, fmt.Sprintf("%s AS %s", sqlText(b.src), r))
		in := r
		if b.col.Type == model.PersonID || b.col.Type == model.PartyID {
			pid := model.Ident("pid_" + n)
			pjoin = append(pjoin, fmt.Sprintf("LEFT JOIN %s AS %s ON %s.r = t0.%s", pidTable(b.col.Type), pid, pid, r))
			pcols = append(pcols, fmt.Sprintf("%s.p AS %s", pid, model.Ident("p_"+n)))
			in = model.Ident("p_" + n)
		}
		typed = append(typed, fmt.Sprintf("%s AS %s", b.typed(in, j.src.date1904), model.Ident("x_"+n)))
		ref := ""
		if b.col.Type == model.UnitRef || (j.plan.ledger == model.Units && n == "parent_id") {
			alias := model.Ident("ref_" + n)
			ref = alias + ".u"
			joins = append(joins, fmt.Sprintf("LEFT JOIN %s AS %s ON %s.u = t2.%s", j.unitSet(), alias, alias, model.Ident("x_"+n)))
		}
		checks = append(checks, fmt.Sprintf("%s AS %s", b.reason("t2."+r, "t2."+model.Ident("x_"+n), ref), model.Ident("e_"+n)))
		shown := r
		if b.col.Type == model.PersonID || b.col.Type == model.PartyID {
			shown = maskSQL(shown)
		}
		final = append(final, model.Ident("x_"+n))
		why = append(why, fmt.Sprintf("{'c': %s, 'v': %s, 'r': %s}", quote(n), shown, model.Ident("e_"+n)))
		bad = append(bad, model.Ident("e_"+n)+" IS NOT NULL")
	}
	for i, src := range j.plan.extraSrc {
		raw = append(raw, fmt.Sprintf("%s AS _extra%d", sqlText(src), i))
		final = append(final, fmt.Sprintf("_extra%d", i))
	}
	bad = append(bad, "_malformed IS NOT NULL")
	pcols = append(pcols, "NULL AS _none")
	with := fmt.Sprintf("t0 AS (SELECT _k, _src_row, _malformed, %s FROM %s)", strings.Join(raw, ", "), j.src.table)
	// _why lists a bad row's bad values (column, value shown, reason); it is
	// built for bad rows only, so the staging table stays narrow.
	whyList := fmt.Sprintf("CASE WHEN _malformed IS NULL AND (%s) THEN list_filter([%s], lambda w: w.r IS NOT NULL) END AS _why",
		strings.Join(bad, " OR "), strings.Join(why, ", "))
	final = append(final, whyList)
	return fmt.Sprintf(`WITH %s
SELECT _k, _src_row AS _row, _malformed, %s, (%s) AS _bad FROM (
  SELECT t2.*, %s FROM (
    SELECT t1.*, %s FROM (
      SELECT t0.*, %s FROM t0 %s
    ) AS t1
  ) AS t2 %s
)`, with, strings.Join(final, ", "), strings.Join(bad, " OR "), strings.Join(checks, ", "),
		strings.Join(typed, ", "), strings.Join(pcols, ", "), strings.Join(pjoin, " "), strings.Join(joins, " "))
}

// unitSet is the set of known unit ids a reference may point to: the units
// ledger, plus, while loading units, the file's own unit ids.
func (j *job) unitSet() string {
	if j.plan.ledger != model.Units {
		return `(SELECT DISTINCT unit_id AS u FROM units)`
	}
	for _, b := range j.plan.bindings {
		if b.col.Name == "unit_id" {
			return fmt.Sprintf(`(SELECT unit_id AS u FROM units UNION SELECT %s FROM %s)`, sqlText(b.src), j.src.table)
		}
	}
	return `(SELECT DISTINCT unit_id AS u FROM units)`
}

func sqlText(x string) string { return normalize.SQLText(x) }

// renumber corrects row numbers when DuckDB's CSV reader set malformed
// records aside: good record k is then shown k + 1 plus the number of
// malformed records before it.
func (j *job) renumber(ctx context.Context) error {
	var n int64
	if err := j.tx.QueryRowContext(ctx, `SELECT count(*) FROM _csv_rej`).Scan(&n); err != nil {
		return fmt.Errorf("csv rejects: %w", err)
	}
	if n == 0 || !j.src.csvRejects {
		return nil
	}
	_, err := j.exec(ctx, "renumber", `UPDATE _checked SET _row = _row + (
  SELECT count(*) FROM (SELECT line - 1 - row_number() OVER (ORDER BY line) AS gap FROM (SELECT DISTINCT line FROM _csv_rej)) g
  WHERE g.gap < _checked._k)`)
	return err
}

// keyCols returns the ledger's key columns as typed (x_) names.
func (j *job) keyMatch(a, b string) string {
	var parts []string
	for _, k := range j.plan.ledger.Key {
		parts = append(parts, fmt.Sprintf("%s.%s = %s.%s", a, model.Ident("x_"+k), b, model.Ident(k)))
	}
	return strings.Join(parts, " AND ")
}

// findDuplicates marks good rows whose key repeats an earlier good row of the
// file (_dup) or a row already in the table (_old).
func (j *job) findDuplicates(ctx context.Context) error {
	var keys []string
	for _, k := range j.plan.ledger.Key {
		keys = append(keys, model.Ident("x_"+k))
	}
	k := strings.Join(keys, ", ")
	// Keys rarely repeat: find the repeated ones with a grouped count, then
	// order only their rows.
	if _, err := j.exec(ctx, "duplicates", fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE _dup AS
WITH rep AS (SELECT %[1]s FROM _checked WHERE NOT _bad GROUP BY %[1]s HAVING count(*) > 1)
SELECT _k, first_row FROM (
  SELECT c._k, c._row, first(c._row) OVER (PARTITION BY %[2]s ORDER BY c._k) AS first_row
  FROM _checked c SEMI JOIN rep USING (%[1]s) WHERE NOT c._bad)
WHERE _row <> first_row`, k, prefixed("c", keys))); err != nil {
		return err
	}
	_, err := j.exec(ctx, "existing keys", fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE _old AS
SELECT c._k, %s, min(t._batch) AS batch FROM _checked c JOIN %s t ON %s WHERE NOT c._bad GROUP BY c._k, %s`,
		prefixed("c", keys), model.Ident(j.plan.ledger.Name), j.keyMatch("c", "t"), prefixed("c", keys)))
	return err
}

func prefixed(p string, names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = p + "." + n
	}
	return strings.Join(out, ", ")
}

func (j *job) insertSQL() string {
	var cols, vals []string
	for _, b := range j.plan.bindings {
		cols = append(cols, model.Ident(b.col.Name))
		vals = append(vals, model.Ident("x_"+b.col.Name))
	}
	old := ""
	if !j.opts.Replace {
		old = "AND _k NOT IN (SELECT _k FROM _old)"
	}
	return fmt.Sprintf(`INSERT INTO %s (%s, _batch, _row) SELECT %s, $1, _row FROM _checked
WHERE NOT _bad AND _k NOT IN (SELECT _k FROM _dup) %s`,
		model.Ident(j.plan.ledger.Name), strings.Join(cols, ", "), strings.Join(vals, ", "), old)
}

// writeRejects records every bad value, every duplicate and every malformed
// record of the batch.
func (j *job) writeRejects(ctx context.Context, batch int64) error {
	sheet := "NULL"
	if j.src.sheet != "" {
		sheet = quote(j.src.sheet)
	}
	head := fmt.Sprintf(`INSERT INTO rejects (batch_id, ledger, file, sheet, "row", "column", "value", reason) SELECT %d, %s, %s, %s`,
		batch, quote(j.plan.ledger.Name), quote(j.file), sheet)
	parts := []string{fmt.Sprintf(`%s, _row, w.c, w.v, w.r FROM (SELECT _row, unnest(_why) AS w FROM _checked WHERE _why IS NOT NULL)`, head)}
	keyName := strings.Join(j.plan.ledger.Key, "+")
	keyVal := j.keyValueSQL("c")
	parts = append(parts,
		fmt.Sprintf(`%s, c._row, %s, %s, 'duplicate key within the file (first at row ' || d.first_row || ')' FROM _dup d JOIN _checked c USING (_k)`,
			head, quote(keyName), keyVal),
		fmt.Sprintf(`%s, _csv_rej.line, _csv_rej.column_name, %s, 'malformed record: ' || _csv_rej.error_message FROM _csv_rej`,
			head, maskIDsInText("_csv_rej.csv_line")),
		fmt.Sprintf(`%s, _row, NULL, NULL, _malformed FROM _checked WHERE _malformed IS NOT NULL`, head))
	if !j.opts.Replace {
		parts = append(parts, fmt.Sprintf(`%s, c._row, %s, %s, 'duplicate key: already loaded in batch ' || o.batch || ' (use --replace to replace it)' FROM _old o JOIN _checked c USING (_k)`,
			head, quote(keyName), keyVal))
	}
	for _, q := range parts {
		if _, err := j.exec(ctx, "rejects", q); err != nil {
			return err
		}
	}
	return nil
}

// keepExtras keeps the values of columns that match no ledger column aside
// in extra_values, per row, with anything shaped like a resident ID masked:
// an unknown column may hold identifiers.
func (j *job) keepExtras(ctx context.Context, batch int64) error {
	for i, h := range j.plan.extra {
		q := fmt.Sprintf(`INSERT INTO extra_values SELECT %d, _row, %s, %s FROM _checked WHERE _extra%d IS NOT NULL`,
			batch, quote(h), maskIDsInText(fmt.Sprintf("_extra%d", i)), i)
		if _, err := j.exec(ctx, "extra values", q); err != nil {
			return err
		}
	}
	return nil
}

// keyValueSQL shows a row's key in rejects, masking person identifiers
// (their x_ value is already a pseudonym, never the clear ID).
func (j *job) keyValueSQL(alias string) string {
	var parts []string
	for _, k := range j.plan.ledger.Key {
		parts = append(parts, fmt.Sprintf("coalesce(CAST(%s.%s AS VARCHAR), '')", alias, model.Ident("x_"+k)))
	}
	return strings.Join(parts, " || '+' || ")
}

// maskIDsInText hides anything shaped like a resident ID in free text.
func maskIDsInText(x string) string {
	return fmt.Sprintf(`regexp_replace(%s, '(\d{4})\d{11,13}([\dXx]{2})', '\1***********\2', 'g')`, x)
}

func (j *job) firstReject(ctx context.Context, batch int64) error {
	e := &RowError{File: j.file, Sheet: j.src.sheet}
	var col, val sql.NullString
	err := j.tx.QueryRowContext(ctx, `SELECT "row", "column", "value", reason FROM rejects WHERE batch_id = ? ORDER BY "row" LIMIT 1`, batch).
		Scan(&e.Row, &col, &val, &e.Reason)
	if err != nil {
		return err
	}
	e.Column, e.Value = col.String, val.String
	return fmt.Errorf("%w: %w", ErrStrict, e)
}
