package model

import "strings"

// Type is the logical type of a column.
type Type int

// Column types.
const (
	Text     Type = iota // free text, trimmed
	Int                  // whole number ≥ 0 (counts, staff, population)
	Amount               // money in yuan, two decimals
	Float                // other measures (area in mu, an index)
	Date                 // calendar date
	Bool                 // yes/no
	Code                 // a member of an Enum, stored as its code
	Period               // YYYY or YYYY-MM
	PersonID             // a person identifier, pseudonymised at ingest
	UnitRef              // a unit_id that must exist in the units ledger
	PartyID              // a person (pseudonymised) or an organisation's unified social credit code (kept)
	Account              // a bank account number, pseudonymised at ingest
)

// SQLType is the DuckDB type a column of this type is stored as.
func (t Type) SQLType() string {
	switch t {
	case Int:
		return "BIGINT"
	case Amount:
		return "DECIMAL(18,2)"
	case Float:
		return "DOUBLE"
	case Date:
		return "DATE"
	case Bool:
		return "BOOLEAN"
	default:
		return "VARCHAR"
	}
}

// Personal says whether a column holds personal data, and how ingest
// protects it: the clear value never reaches the database.
type Personal uint8

// The protections of personal data.
const (
	// NotPersonal: the column holds no personal data by design; any
	// resident ID number typed into its text is masked all the same.
	NotPersonal Personal = iota
	// Pseudonymised: the value is replaced by a keyed hash (person
	// identifiers, bank accounts), so that matching still works.
	Pseudonymised
	// MaskedName: a person's name, stored with its surname only (张**).
	MaskedName
	// MaskedPartyName: the name of a person or an organisation; a
	// person's is masked, an organisation's kept.
	MaskedPartyName
)

// Column is one column of a ledger.
type Column struct {
	Name     string   // English name, the column's name in the database
	Zh       string   // Chinese header as exports usually spell it
	Type     Type     //
	Required bool     // a row without it is rejected
	Enum     *Enum    // for Type Code
	Aliases  []string // other headers that mean this column
	Min, Max float64  // range for Int, Float and Amount when Max > Min
	Personal Personal // whether it holds personal data, and how it is protected
}

// Headers returns every header accepted for the column: the English name,
// the Chinese header and the aliases.
func (c *Column) Headers() []string {
	return append([]string{c.Name, c.Zh}, c.Aliases...)
}

// Ledger is one input table of the contract in DESIGN.md.
type Ledger struct {
	Name    string   // file names start with it: cases.csv, cases_2017-05.xlsx
	Zh      string   // Chinese name
	Key     []string // columns that identify a row
	Columns []Column
	// Outcomes marks a ledger of what came of earlier targets, not of
	// events in the units (dispositions): no indicator reads it, and its
	// dates say nothing of how far the units' data reach.
	Outcomes bool
}

// Column returns the column named name.
func (l *Ledger) Column(name string) (*Column, bool) {
	for i := range l.Columns {
		if l.Columns[i].Name == name {
			return &l.Columns[i], true
		}
	}
	return nil, false
}

// ColumnNames returns the ledger's column names in order.
func (l *Ledger) ColumnNames() []string {
	out := make([]string, len(l.Columns))
	for i, c := range l.Columns {
		out[i] = c.Name
	}
	return out
}

// Required returns the names of the required columns.
func (l *Ledger) Required() []string {
	var out []string
	for _, c := range l.Columns {
		if c.Required {
			out = append(out, c.Name)
		}
	}
	return out
}

// MatchHeader finds the column a header names: the English name, the
// Chinese header or an alias, ignoring case, spaces, full-width forms and a
// unit suffix such as "(元)" or "（万元）". It also reports whether the header
// says the values are in 万元 (ten thousand yuan).
func (l *Ledger) MatchHeader(h string) (col *Column, wan bool) {
	key, wan := HeaderKey(h)
	for i := range l.Columns {
		for _, a := range l.Columns[i].Headers() {
			if k, _ := HeaderKey(a); k != "" && k == key {
				return &l.Columns[i], wan
			}
		}
	}
	return nil, wan
}

// HeaderKey normalises a header for matching and reports a 万元 unit in it.
func HeaderKey(h string) (key string, wan bool) {
	h = foldWidth(strings.TrimSpace(h))
	h = strings.TrimPrefix(h, "\ufeff")
	for _, unit := range []string{"(万元)", "（万元）", "[万元]", "万元"} {
		if strings.Contains(h, unit) {
			wan = true
			h = strings.ReplaceAll(h, unit, "")
		}
	}
	for _, unit := range []string{"(元)", "（元）", "[元]", "(亩)", "（亩）", "(人)", "（人）"} {
		h = strings.ReplaceAll(h, unit, "")
	}
	h = strings.ToLower(h)
	h = strings.NewReplacer(" ", "", "_", "", "-", "", "\u3000", "", "*", "").Replace(h)
	return h, wan
}

// foldWidth maps full-width ASCII forms to their half-width forms.
func foldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E {
			return r - 0xFEE0
		}
		if r == 0x3000 {
			return ' '
		}
		return r
	}, s)
}

// Ledgers are the input ledgers, in load order: units first, because
// every other ledger refers to units; dispositions last, because they
// name the targets and flags of earlier runs.
var Ledgers = []*Ledger{
	Units, Cases, Reports, Leads, Inspections, Payments, Assets, Relations,
	Actions, Surveys, RegisterEntries, Dispositions,
}

// LedgerByName returns the ledger with the given name.
func LedgerByName(name string) (*Ledger, bool) {
	for _, l := range Ledgers {
		if l.Name == name {
			return l, true
		}
	}
	return nil, false
}

// LedgerForFile returns the ledger whose name the file's base name starts
// with ("cases_2017-05.xlsx" → cases), the longest match winning.
func LedgerForFile(base string) (*Ledger, bool) {
	base = strings.ToLower(base)
	var best *Ledger
	for _, l := range Ledgers {
		if strings.HasPrefix(base, l.Name) && (best == nil || len(l.Name) > len(best.Name)) {
			best = l
		}
	}
	return best, best != nil
}
