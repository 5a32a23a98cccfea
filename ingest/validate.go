package ingest

import (
	"fmt"
	"sort"
	"strings"

	"github.com/microrisk/microrisk/ingest/normalize"
	"github.com/microrisk/microrisk/model"
)

// binding ties a ledger column to the source column that holds it.
type binding struct {
	col   *model.Column
	src   string // SQL name of the raw VARCHAR source column
	field int    // its place in the source's header, from 0 (src is c<field+1>)
	wan   bool   // the header says 万元: amounts ×10,000
}

// plan is how a file's columns map onto its ledger.
type plan struct {
	ledger   *model.Ledger
	bindings []binding // in ledger column order, present columns only
	extra    []string  // headers that match no column
	extraSrc []string  // their raw source columns, in the same order
}

// newPlan maps headers onto the ledger's columns. A header that matches no
// column, or a column already taken, is extra; a required column without a
// header fails with ErrMissingColumn naming what was expected.
func newPlan(l *model.Ledger, headers []string, m Mapping) (*plan, error) {
	p := &plan{ledger: l}
	taken := map[string]binding{}
	for i, h := range headers {
		c, wan := m.match(l, h)
		if c == nil {
			if strings.TrimSpace(h) != "" {
				p.extra = append(p.extra, h)
				p.extraSrc = append(p.extraSrc, fmt.Sprintf("c%d", i+1))
			}
			continue
		}
		if _, dup := taken[c.Name]; dup {
			p.extra = append(p.extra, h+" (duplicate of "+c.Name+")")
			p.extraSrc = append(p.extraSrc, fmt.Sprintf("c%d", i+1))
			continue
		}
		taken[c.Name] = binding{col: c, src: fmt.Sprintf("c%d", i+1), field: i, wan: wan}
	}
	var missing []string
	for i := range l.Columns {
		c := &l.Columns[i]
		if b, ok := taken[c.Name]; ok {
			p.bindings = append(p.bindings, b)
		} else if c.Required {
			missing = append(missing, c.Name+" ("+c.Zh+")")
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: %s; the %s ledger expects %s", ErrMissingColumn,
			strings.Join(missing, ", "), l.Name, describeColumns(l))
	}
	return p, nil
}

// keyed reports whether the plan has a pseudonymised column: the load
// needs the key.
func (p *plan) keyed() bool {
	for _, b := range p.bindings {
		if b.col.Personal == model.Pseudonymised {
			return true
		}
	}
	return false
}

func describeColumns(l *model.Ledger) string {
	var parts []string
	for _, c := range l.Columns {
		s := c.Name + "/" + c.Zh
		if c.Required {
			s += " (required)"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// typed returns the SQL expression converting the trimmed raw value r to the
// column's stored type; NULL means it could not be converted. Personal data
// is stored as the model declares it, through pr's functions.
func (b binding) typed(r string, date1904 bool, pr *protector) string {
	switch b.col.Type {
	case model.Int:
		return normalize.SQLInt(r)
	case model.Amount:
		return fmt.Sprintf("CAST(%s AS DECIMAL(18,2))", normalize.SQLAmount(r, b.wan))
	case model.Float:
		return fmt.Sprintf("TRY_CAST(replace(%s, ',', '') AS DOUBLE)", normalize.SQLFoldWidth(r))
	case model.Date:
		if date1904 {
			return normalize.SQLDate1904(r)
		}
		return normalize.SQLDate(r)
	case model.Bool:
		return normalize.SQLBool(r)
	case model.Code:
		return enumSQL(b.col.Enum, r)
	case model.Period:
		return periodSQL(r)
	case model.PersonID, model.PartyID:
		// r is the keyed function's answer: the stored form, or "!reason".
		return fmt.Sprintf("CASE WHEN left(%[1]s, 1) <> '!' THEN %[1]s END", r)
	case model.Account:
		return fmt.Sprintf("CASE WHEN left(%[1]s, 1) <> '!' THEN %[1]s END", pr.call(fnAccount, r))
	}
	switch b.col.Personal {
	case model.MaskedName:
		return pr.call(fnName, r)
	case model.MaskedPartyName:
		return pr.call(fnPartyName, r)
	}
	return pr.maskIDs(r) // text and unit references
}

// reason returns the SQL expression giving why the value is bad, or NULL.
// r is the trimmed raw value, x the typed one, ref the known unit for a
// unit reference (NULL when unknown); a value longer than maxCell bytes is
// bad too.
func (b binding) reason(r, x, ref string, maxCell int) string {
	checks := b.checks(r, x, ref, maxCell)
	if len(checks) == 0 {
		return "NULL"
	}
	var whens []string
	for _, c := range checks {
		whens = append(whens, fmt.Sprintf("WHEN %s THEN %s", c.bad, c.reason))
	}
	return "CASE " + strings.Join(whens, " ") + " END"
}

// bad returns the SQL condition that the value is bad: reason is not NULL.
// It is cheaper than reason, which is computed for bad rows only.
func (b binding) bad(r, x, ref string, maxCell int) string {
	checks := b.checks(r, x, ref, maxCell)
	if len(checks) == 0 {
		return "false"
	}
	var conds []string
	for _, c := range checks {
		conds = append(conds, "("+c.bad+")")
	}
	return "coalesce(" + strings.Join(conds, " OR ") + ", false)"
}

// check is one way a value can be bad: the SQL condition and the SQL
// expression of the reason.
type check struct{ bad, reason string }

func (b binding) checks(r, x, ref string, maxCell int) []check {
	c := b.col
	out := []check{tooLong(r, maxCell)}
	if c.Required {
		out = append(out, check{r + " IS NULL", quote("required value missing")})
	}
	switch c.Type {
	case model.PersonID, model.PartyID:
		out = append(out, check{fmt.Sprintf("left(%s, 1) = '!'", udfOut(r)), fmt.Sprintf("substr(%s, 2)", udfOut(r))})
	case model.Code:
		out = append(out, check{fmt.Sprintf("%s IS NOT NULL AND %s IS NULL", r, x),
			quote("not one of " + strings.Join(c.Enum.Codes(), ", ") + " (or their Chinese labels)")})
	case model.Text, model.UnitRef:
	default:
		out = append(out, check{fmt.Sprintf("%s IS NOT NULL AND %s IS NULL", r, x), quote("not a valid " + typeName(c.Type))})
	}
	switch {
	case c.Type == model.Int:
		out = append(out, check{x + " < 0", quote("negative count")})
	case c.Max > c.Min:
		out = append(out, check{fmt.Sprintf("%s NOT BETWEEN %g AND %g", x, c.Min, c.Max), quote(fmt.Sprintf("out of range %g–%g", c.Min, c.Max))})
	}
	if ref != "" {
		out = append(out, check{fmt.Sprintf("%s IS NOT NULL AND %s IS NULL", r, ref), quote("unknown unit: not in the units ledger")})
	}
	return out
}

// tooLong is the check of a value's size.
func tooLong(r string, maxCell int) check {
	return check{fmt.Sprintf("strlen(%s) > %d", r, maxCell),
		fmt.Sprintf("'value of ' || strlen(%s) || ' bytes, over the limit of %d'", r, maxCell)}
}

func typeName(t model.Type) string {
	switch t {
	case model.Int:
		return "whole number"
	case model.Amount:
		return "amount"
	case model.Float:
		return "number"
	case model.Date:
		return "date"
	case model.Bool:
		return "yes/no value"
	case model.Period:
		return "period (YYYY or YYYY-MM)"
	case model.Account:
		return "account number"
	}
	return "value"
}

// enumSQL maps any accepted spelling of the enum to its code, comparing
// normalised keys.
func enumSQL(e *model.Enum, r string) string {
	byKey := enumByKey(e)
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "CASE %s", normalize.SQLKey(r))
	for _, k := range keys {
		fmt.Fprintf(&b, " WHEN %s THEN %s", quote(k), quote(byKey[k]))
	}
	b.WriteString(" END")
	return b.String()
}

// enumByKey maps the normalised key (normalize.Key) of every accepted
// spelling of the enum to its code: the mapping enumSQL writes in SQL and
// the fast path's plain codes come from.
func enumByKey(e *model.Enum) map[string]string {
	byKey := map[string]string{}
	for s, code := range e.Spellings() {
		byKey[normalize.Key(s)] = code
	}
	return byKey
}

// periodSQL accepts YYYY, YYYY-MM, YYYY-M, YYYY/MM, YYYY.M, YYYY年 and
// YYYY年M月 and returns YYYY or YYYY-MM; anything else is NULL.
func periodSQL(r string) string {
	f := normalize.SQLFoldWidth(r)
	m := fmt.Sprintf(`regexp_extract(%s, '^\d{4}[-/.年](\d{1,2})月?$', 1)`, f)
	return fmt.Sprintf(`CASE
  WHEN regexp_full_match(%[1]s, '\d{4}年?') THEN left(%[1]s, 4)
  WHEN %[2]s <> '' AND CAST(%[2]s AS INTEGER) BETWEEN 1 AND 12 THEN left(%[1]s, 4) || '-' || lpad(%[2]s, 2, '0')
  END`, f, m)
}

// quote makes a SQL string literal.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// udfOut names the keyed function's answer for the raw column r ("r_x" → "p_x").
func udfOut(r string) string { return strings.Replace(r, `"r_`, `"p_`, 1) }
