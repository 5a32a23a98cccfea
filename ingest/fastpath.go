package ingest

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"hash/maphash"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/microrisk/microrisk/ingest/normalize"
	"github.com/microrisk/microrisk/model"
)

// The clean-record fast path.
//
// Nearly every record of a real ledger is clean: each value is written in
// its column's plain form (2017-05-03, 1234.50, a code, a valid resident
// ID) with no space around it. For those records the full normalising and
// checking SQL (the many spellings of a date or an amount, the reasons)
// gives the plain cast of each value and no reason, yet costs as much
// again as reading the file. So the pre-pass that numbers a CSV file's
// records also recognises the clean ones: it marks them (SpacedColumn = 2)
// and writes their person identifiers as pseudonyms, and the load SQL
// casts a marked record's values directly. Every other record, and any
// value that is not in its plain form, takes the full SQL path as before:
// the fast path only ever accepts what that path would accept, with the
// same stored value (TestFastPathAgrees).

// fastPath recognises the clean records of one CSV file for one plan.
type fastPath struct {
	cols    []fastCol // by source field, in header order
	persons bool      // some field is fastPerson
	// person and party check and pseudonymise identifiers (nil when the
	// ledger has none); the load's SQL functions reuse them.
	person, party *personUDF
	// keyFields are the fields of the ledger's key, in key order: a clean
	// record's key is hashed (seed) so that the pre-pass can tell that no
	// key repeats, and the load need not look (uniqueKeys).
	keyFields []int
	seed      maphash.Seed
	// oneRead: the load reads the file once (no column is kept aside as
	// an extra value, which is read again), so it may be streamed.
	oneRead bool
}

// fastCol is what a source field must hold for its record to be clean.
type fastCol struct {
	kind     fastKind
	required bool
	codes    map[string]bool // fastCode: the enum's codes
	units    map[string]bool // fastUnit: the known unit ids
	person   *personUDF      // fastPerson: checks and pseudonymises
}

// fastKind is the plain form a field is checked for.
type fastKind uint8

const (
	fastAny    fastKind = iota // any text (a column no ledger column takes, or Text)
	fastNever                  // no plain form: the field must be empty
	fastUnit                   // a known unit id
	fastCode                   // one of the enum's codes, as it is
	fastAmount                 // -?digits(.d{1,2})?, below 10^13 yuan
	fastDate                   // YYYY-MM-DD, 1900 to 2100
	fastInt                    // digits, at most 15 (no sign: a negative count has its reason)
	fastFloat                  // digits(.digits)?, at most 15 digits
	fastBool                   // one of normalize's labels as listed
	fastPerson                 // a valid identifier: written as its stored form
)

// newFastPath returns the fast path for a plan over a file of n fields, or
// nil where there is none: the units ledger, whose references point into
// the file itself, is always loaded by the full path. units are the known
// unit ids; person and party check and pseudonymise identifiers.
func newFastPath(p *plan, n int, units map[string]bool, person, party *personUDF) *fastPath {
	if p.ledger == model.Units {
		return nil
	}
	f := &fastPath{cols: make([]fastCol, n), seed: maphash.MakeSeed(), person: person, party: party}
	field := map[string]int{}
	for _, b := range p.bindings {
		if b.field >= n {
			return nil
		}
		f.cols[b.field] = fastColFor(b, units, person, party)
		f.persons = f.persons || f.cols[b.field].kind == fastPerson
		field[b.col.Name] = b.field
	}
	for _, k := range p.ledger.Key {
		i, ok := field[k]
		if !ok {
			f.keyFields = nil
			break
		}
		f.keyFields = append(f.keyFields, i)
	}
	return f
}

// fastPathFor returns the fastFunc for a CSV file loaded with opts: the
// file's ledger and plan are resolved from its header as the load will
// resolve them. Where they cannot be (the load will then say why), or the
// known units cannot be read, or person identifiers have no key, there is
// no fast path.
func fastPathFor(ctx context.Context, db *sql.DB, path string, opts Options) fastFunc {
	if opts.noFastPath {
		return nil
	}
	return func(headers []string) *fastPath {
		l, err := opts.ledgerFor(path, headers)
		if err != nil {
			return nil
		}
		p, err := newPlan(l, headers, opts.Mapping)
		if err != nil {
			return nil
		}
		units, err := knownUnits(ctx, db)
		if err != nil {
			return nil
		}
		var person, party *personUDF
		if p.hasPersons() {
			pf, pt, err := newPersonFuncs(opts.Key)
			if err != nil {
				return nil
			}
			person, party = &pf, &pt
		}
		f := newFastPath(p, len(headers), units, person, party)
		if f != nil {
			f.oneRead = len(p.extra) == 0
		}
		return f
	}
}

// knownUnits reads the unit ids of the units ledger.
func knownUnits(ctx context.Context, db *sql.DB) (map[string]bool, error) {
	rows, err := db.QueryContext(ctx, `SELECT DISTINCT unit_id FROM units WHERE unit_id IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	units := map[string]bool{}
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, err
		}
		units[u] = true
	}
	return units, rows.Err()
}

// kinds returns each field's plain kind.
func (f *fastPath) kinds() []fastKind {
	ks := make([]fastKind, len(f.cols))
	for i, c := range f.cols {
		ks[i] = c.kind
	}
	return ks
}

func fastColFor(b binding, units map[string]bool, person, party *personUDF) fastCol {
	fc := fastCol{kind: b.plainKind(), required: b.col.Required}
	switch {
	case fc.kind == fastUnit:
		fc.units = units
	case fc.kind == fastCode:
		fc.codes = plainCodes(b.col.Enum)
	case fc.kind == fastPerson && b.col.Type == model.PartyID:
		fc.person = party
	case fc.kind == fastPerson:
		fc.person = person
	}
	if fc.kind == fastPerson && fc.person == nil {
		fc.kind = fastNever
	}
	return fc
}

// plainKind is the plain form of the binding's values: the one decision
// that both the Go check (fastColFor) and the SQL cast (fastSQL) follow.
func (b binding) plainKind() fastKind {
	c := b.col
	switch {
	case c.Max > c.Min:
		return fastNever // a range to check: the full path
	case c.Type == model.Text:
		return fastAny
	case c.Type == model.UnitRef:
		return fastUnit
	case c.Type == model.Code:
		return fastCode
	case c.Type == model.Amount && !b.wan:
		return fastAmount
	case c.Type == model.Date:
		return fastDate
	case c.Type == model.Int:
		return fastInt
	case c.Type == model.Float:
		return fastFloat
	case c.Type == model.Bool:
		return fastBool
	case c.Type == model.PersonID, c.Type == model.PartyID:
		return fastPerson
	}
	return fastNever
}

// plainCodes returns the enum's codes that its SQL mapping maps to
// themselves (all of them, unless two spellings collide).
func plainCodes(e *model.Enum) map[string]bool {
	byKey := enumByKey(e)
	out := map[string]bool{}
	for _, code := range e.Codes() {
		if byKey[normalize.Key(code)] == code {
			out[code] = true
		}
	}
	return out
}

// record checks one record's fields (split at the delimiter, no quotes,
// no space around any value). It returns false if the record is not clean;
// otherwise it appends the record as it is to be copied, person
// identifiers replaced by their stored form, to out. s holds the caller's
// scratch space.
func (f *fastPath) record(out []byte, body []byte, delim byte, s *fastScratch) ([]byte, bool) {
	if !f.clean(body, delim, s) {
		return out, false
	}
	if !f.persons {
		return append(out, body...), true
	}
	start := 0
	for i, end := range s.ends {
		out = append(out, f.value(i, body, start, s)...)
		if i < len(s.ends)-1 {
			out = append(out, delim)
		}
		start = end + 1
	}
	return out, true
}

// clean reports whether the record body is clean; if it is, s holds where
// its fields end, the person identifiers' stored forms and the key hash.
func (f *fastPath) clean(body []byte, delim byte, s *fastScratch) bool {
	ends, stored := s.ends[:0], s.stored[:0]
	start := 0
	for i := range f.cols {
		end := len(body)
		if i < len(f.cols)-1 {
			k := bytes.IndexByte(body[start:], delim)
			if k < 0 {
				return false // too few fields: DuckDB's reader judges
			}
			end = start + k
		} else if bytes.IndexByte(body[start:], delim) >= 0 {
			return false // too many
		}
		v, ok := f.cols[i].check(body[start:end], &s.last[i])
		if !ok {
			return false
		}
		ends, stored = append(ends, end), append(stored, v)
		start = end + 1
	}
	s.ends, s.stored = ends, stored
	if f.keyFields != nil {
		s.key = f.keyHash(body, ends, stored)
	}
	return true
}

// value is field i of a clean record as it is stored: a person
// identifier's stored form, any other value as it is. The field starts at
// start in body.
func (f *fastPath) value(i int, body []byte, start int, s *fastScratch) []byte {
	if f.cols[i].kind == fastPerson && s.ends[i] > start {
		return unsafe.Slice(unsafe.StringData(s.stored[i]), len(s.stored[i]))
	}
	return body[start:s.ends[i]]
}

// addClean adds a clean record (after clean), row of the file, to the
// batch b is filling: each value in its stored form.
func (f *fastPath) addClean(b *cleanBuilder, row int64, body []byte, s *fastScratch) {
	start := 0
	for i, end := range s.ends {
		b.set(i, f.value(i, body, start, s))
		start = end + 1
	}
	b.done(row)
}

// fastScratch is one goroutine's working space for fastPath.record.
type fastScratch struct {
	key    uint64 // the last clean record's key hash
	ends   []int
	stored []string
	last   []lastAnswer // by field: the previous record's identifier
}

// lastAnswer remembers a field's previous identifier and its stored form:
// ledgers repeat a value on consecutive rows (one clerk approves a run of
// payments).
type lastAnswer struct {
	id     []byte
	stored string
}

func (f *fastPath) scratch() *fastScratch {
	return &fastScratch{last: make([]lastAnswer, len(f.cols))}
}

// check reports whether v is in the column's plain form; for a person
// identifier it also returns the stored form.
func (c *fastCol) check(v []byte, last *lastAnswer) (string, bool) {
	if len(v) == 0 {
		return "", !c.required
	}
	switch c.kind {
	case fastAny:
		return "", true
	case fastUnit:
		return "", c.units[string(v)]
	case fastCode:
		return "", c.codes[string(v)]
	case fastAmount:
		return "", plainAmount(v)
	case fastDate:
		return "", plainDate(v)
	case fastInt:
		return "", len(v) <= 15 && allDigits(v)
	case fastFloat:
		return "", plainFloat(v)
	case fastBool:
		return "", plainBool(v)
	case fastPerson:
		if last.stored != "" && bytes.Equal(v, last.id) {
			return last.stored, true
		}
		a := c.person.answerBytes(v)
		if a == "" || a[0] == '!' {
			return "", false
		}
		last.id, last.stored = append(last.id[:0], v...), a
		return a, true
	}
	return "", false
}

func allDigits(v []byte) bool {
	for _, c := range v {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(v) > 0
}

// plainAmount: an optional minus, 1 to 13 digits, and optionally a point
// and one or two digits.
func plainAmount(v []byte) bool {
	if len(v) > 0 && v[0] == '-' {
		v = v[1:]
	}
	whole, frac, hasPoint := bytes.Cut(v, []byte{'.'})
	if !allDigits(whole) || len(whole) > 13 {
		return false
	}
	return !hasPoint || (len(frac) >= 1 && len(frac) <= 2 && allDigits(frac))
}

// plainFloat: digits, and optionally a point and digits, 15 digits in all.
func plainFloat(v []byte) bool {
	whole, frac, hasPoint := bytes.Cut(v, []byte{'.'})
	if !allDigits(whole) || len(whole)+len(frac) > 15 {
		return false
	}
	return !hasPoint || allDigits(frac)
}

// plainDate: YYYY-MM-DD, a real day between 1900-01-01 and 2100-12-31.
func plainDate(v []byte) bool {
	if len(v) != 10 || v[4] != '-' || v[7] != '-' {
		return false
	}
	if !allDigits(v[0:4]) || !allDigits(v[5:7]) || !allDigits(v[8:10]) {
		return false
	}
	y := int(v[0]-'0')*1000 + int(v[1]-'0')*100 + int(v[2]-'0')*10 + int(v[3]-'0')
	m := int(v[5]-'0')*10 + int(v[6]-'0')
	d := int(v[8]-'0')*10 + int(v[9]-'0')
	if y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}

// plainDateDays is the day of a plain date (plainDate), counted from
// 1970-01-01 as Arrow's date32 and DuckDB's DATE count it.
func plainDateDays(v []byte) int32 {
	y := int(v[0]-'0')*1000 + int(v[1]-'0')*100 + int(v[2]-'0')*10 + int(v[3]-'0')
	m := int(v[5]-'0')*10 + int(v[6]-'0')
	d := int(v[8]-'0')*10 + int(v[9]-'0')
	// Days from civil (proleptic Gregorian), with March as the first month.
	if m <= 2 {
		y--
		m += 12
	}
	era := y / 400 // y ≥ 1899: no negative years to round
	yoe := y - era*400
	doy := (153*(m-3)+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int32(era*146097 + doe - 719468)
}

// plainAmountCents is a plain amount (plainAmount) in cents (fen).
func plainAmountCents(v []byte) int64 {
	neg := v[0] == '-'
	if neg {
		v = v[1:]
	}
	var c int64
	decimals := -1
	for _, d := range v {
		if d == '.' {
			decimals = 0
			continue
		}
		c = c*10 + int64(d-'0')
		if decimals >= 0 {
			decimals++
		}
	}
	switch decimals {
	case -1, 0:
		c *= 100
	case 1:
		c *= 10
	}
	if neg {
		c = -c
	}
	return c
}

// plainInt is a plain count (digits, at most 15).
func plainInt(v []byte) int64 {
	var n int64
	for _, d := range v {
		n = n*10 + int64(d-'0')
	}
	return n
}

// plainBool: one of normalize's labels exactly as listed.
func plainBool(v []byte) bool {
	for _, ls := range [][]string{normalize.TrueLabels, normalize.FalseLabels} {
		for _, l := range ls {
			if string(v) == l {
				return true
			}
		}
	}
	return false
}

// fastSQL is the SQL that stores the value r of a clean record: the plain
// cast of its plain form (a column with none is empty in a clean record).
func (b binding) fastSQL(r string) string {
	switch b.plainKind() {
	case fastNever:
		return "NULL::" + b.col.Type.SQLType()
	case fastAmount:
		return fmt.Sprintf("CAST(%s AS DECIMAL(18,2))", r)
	case fastDate:
		return fmt.Sprintf("CAST(%s AS DATE)", r)
	case fastInt:
		return fmt.Sprintf("CAST(%s AS BIGINT)", r)
	case fastFloat:
		return fmt.Sprintf("CAST(%s AS DOUBLE)", r)
	case fastBool:
		return fmt.Sprintf("%s IN (%s)", r, quoteList(normalize.TrueLabels))
	}
	return r // text, a known unit, a code, a person's stored form
}

// cleanSQL is the SQL that stores the value r of a clean record as the
// clean-record batches give it (cleanscan.go): a date, an amount or a
// count already typed, anything else as fastSQL has it.
func (b binding) cleanSQL(r string) string {
	if cleanType(b.plainKind()) != arrow.BinaryTypes.String {
		return r
	}
	return b.fastSQL(r)
}

func quoteList(xs []string) string {
	var b bytes.Buffer
	for i, x := range xs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quote(x))
	}
	return b.String()
}
