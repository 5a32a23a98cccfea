package csvprep

import (
	"bytes"
	"hash/maphash"
	"math"

	"github.com/microrisk/microrisk/ingest/normalize"
)

// Kind is the plain form a field's value must have for its record to be
// clean, and the type the value reaches DuckDB in.
type Kind uint8

// The kinds of field.
const (
	Text   Kind = iota // any text (utf8), through Field.Store if set
	Never              // no plain form: a record is clean only if the field is empty
	Member             // one of Field.Set, as it is (a known unit, an enumeration's code)
	Amount             // normalize.PlainAmount: decimal128(18, 2)
	Date               // normalize.PlainDate: date32
	Count              // normalize.PlainCount: int64
	Float              // normalize.PlainFloat: float64
	Bool               // normalize.PlainBool: boolean
)

// Field says what one field of the file must hold for its record to be
// clean, and how a clean value is stored. An empty value is clean unless
// the field is Required, and is stored as NULL.
type Field struct {
	Kind     Kind
	Required bool
	// Set holds the values a Member field takes as they are.
	Set map[string]bool
	// Store, for a Text field, gives a value's stored form (a pseudonym,
	// a masked name), or false if the value is not clean. It may return v
	// itself, or build the form in buf, a buffer of the field's own that
	// it may grow. It is called from several goroutines at once, each
	// with its own buffers.
	Store func(buf *[]byte, v []byte) ([]byte, bool)
	// Repeats: a value often repeats the previous record's (one payee paid
	// a run of payments); Store's last answer is reused for it.
	Repeats bool
	// Aside: the field's column matches no ledger column. Its values are
	// kept aside (Run.ExtrasTable), not sent with the clean records.
	Aside bool
}

// Clean is what makes a record clean: a Field for each field of the
// header. With no Fields, no record is clean and every record goes to the
// others' files.
type Clean struct {
	Fields []Field
	// Key lists the fields of the ledger's key, in key order: each clean
	// record's key (its stored values) is hashed, so that Run.Wait can
	// tell that no key repeats. Nil: keys are not hashed.
	Key []int
}

// cleaner checks records against a Clean.
type cleaner struct {
	Clean
	maxCell int
	seed    maphash.Seed
	asides  bool // some field is Aside
}

func newCleaner(c Clean, limits Limits) *cleaner {
	cl := &cleaner{Clean: c, maxCell: limits.MaxCellBytes, seed: maphash.MakeSeed()}
	for _, f := range c.Fields {
		cl.asides = cl.asides || f.Aside
	}
	return cl
}

// scratch is one goroutine's working space for the clean check of a
// record: where its fields end, and each field's value as stored.
type scratch struct {
	ends   []int
	stored [][]byte
	nums   []uint64 // a typed value's bits: days, cents, a count, a float, a bool
	bufs   [][]byte // each field's buffer for Store
	last   []lastAnswer
	key    uint64
}

// lastAnswer remembers a field's previous value and its stored form.
type lastAnswer struct {
	v, stored []byte
}

func (c *cleaner) scratch() *scratch {
	n := len(c.Fields)
	return &scratch{ends: make([]int, n), stored: make([][]byte, n), nums: make([]uint64, n), bufs: make([][]byte, n),
		last: make([]lastAnswer, n)}
}

// record checks a one-line record without its line end (no quote, no
// space around a value): it reports whether the record is clean, and if
// it is, s holds its fields and their stored forms.
func (c *cleaner) record(body []byte, delim byte, s *scratch) bool {
	start := 0
	last := len(c.Fields) - 1
	for i := range c.Fields {
		end := len(body)
		if i < last {
			k := bytes.IndexByte(body[start:], delim)
			if k < 0 {
				return false // too few fields: DuckDB's reader judges
			}
			end = start + k
		} else if bytes.IndexByte(body[start:], delim) >= 0 {
			return false // too many
		}
		if !c.field(i, body[start:end], s) {
			return false
		}
		s.ends[i] = end
		start = end + 1
	}
	if c.Key != nil {
		s.key = c.keyHash(s)
	}
	return true
}

// field checks field i's value v and sets its stored form in s.
func (c *cleaner) field(i int, v []byte, s *scratch) bool {
	f := &c.Fields[i]
	s.stored[i] = v
	switch {
	case len(v) == 0:
		return !f.Required
	case len(v) > c.maxCell:
		return false // the SQL path rejects it
	}
	var ok bool
	switch f.Kind {
	case Text:
		if f.Store == nil {
			return true
		}
		if l := &s.last[i]; f.Repeats && l.stored != nil && bytes.Equal(v, l.v) {
			s.stored[i] = l.stored
			return true
		}
		s.stored[i], ok = f.Store(&s.bufs[i], v)
		if ok && f.Repeats {
			l := &s.last[i]
			l.v, l.stored = append(l.v[:0], v...), s.stored[i]
		}
		return ok
	case Member:
		return f.Set[string(v)]
	case Amount:
		var cents int64
		cents, ok = normalize.PlainAmount(v)
		s.nums[i] = uint64(cents)
	case Date:
		var days int32
		days, ok = normalize.PlainDate(v)
		s.nums[i] = uint64(uint32(days))
	case Count:
		var n int64
		n, ok = normalize.PlainCount(v)
		s.nums[i] = uint64(n)
	case Float:
		var x float64
		x, ok = normalize.PlainFloat(v)
		s.nums[i] = math.Float64bits(x)
	case Bool:
		var b bool
		b, ok = normalize.PlainBool(v)
		s.nums[i] = 0
		if b {
			s.nums[i] = 1
		}
	}
	return ok
}
