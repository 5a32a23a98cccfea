package ingest

import (
	"github.com/microrisk/microrisk/ingest/csvprep"
	"github.com/microrisk/microrisk/ingest/normalize"
	"github.com/microrisk/microrisk/ingest/privacy"
	"github.com/microrisk/microrisk/model"
)

// Clean records. Nearly every record of a real ledger is clean: each value
// written in its column's plain form (2017-05-03, 1234.50, a code, a valid
// resident ID, a known unit) with no space around it. For those the full
// normalising and checking SQL (the many spellings of a date or an amount,
// the reasons) gives the plain value and no reason, yet costs as much
// again as reading the file. So the CSV pre-pass (csvprep) checks each
// record's values against their plain forms (normalize's plain faces) and
// hands the clean ones to DuckDB already typed and in stored form; only
// the others take the full SQL path. A value is clean only if that path
// would take it too, with the same stored value (TestCleanAgrees).

// cleanFor returns what makes a record of a file with n fields clean for
// the plan: a csvprep.Field per field, and the key's fields. units are the
// known unit ids. The units ledger, whose references point into the file
// itself, has no clean records; nor has any file without the Arrow
// interface (canStream).
func (p *plan) cleanFor(n int, units map[string]bool, pr *protector) csvprep.Clean {
	if p.ledger == model.Units || !canStream {
		return csvprep.Clean{}
	}
	c := csvprep.Clean{Fields: make([]csvprep.Field, n)}
	for i := range c.Fields {
		c.Fields[i] = csvprep.Field{Kind: csvprep.Text, Aside: true} // a column no ledger column takes
	}
	field := map[string]int{}
	for _, b := range p.bindings {
		if b.field >= n {
			return csvprep.Clean{}
		}
		c.Fields[b.field] = b.cleanField(units, pr)
		field[b.col.Name] = b.field
	}
	for _, k := range p.ledger.Key {
		i, ok := field[k]
		if !ok {
			c.Key = nil
			break
		}
		c.Key = append(c.Key, i)
	}
	return c
}

// cleanField is what the binding's field must hold for its record to be
// clean, and how a clean value is stored.
func (b binding) cleanField(units map[string]bool, pr *protector) csvprep.Field {
	col := b.col
	f := csvprep.Field{Required: col.Required}
	switch {
	case col.Max > col.Min, col.Type == model.Period, col.Type == model.Amount && b.wan:
		f.Kind = csvprep.Never // a range to check, or a value to convert: the full path
	case col.Type == model.UnitRef:
		f.Kind, f.Set = csvprep.Member, units
	case col.Type == model.Code:
		f.Kind, f.Set = csvprep.Member, plainCodes(col.Enum)
	case col.Type == model.Amount:
		f.Kind = csvprep.Amount
	case col.Type == model.Date:
		f.Kind = csvprep.Date
	case col.Type == model.Int:
		f.Kind = csvprep.Count
	case col.Type == model.Float:
		f.Kind = csvprep.Float
	case col.Type == model.Bool:
		f.Kind = csvprep.Bool
	case col.Type == model.PersonID:
		f.Store, f.Repeats = pr.person.store, true
	case col.Type == model.PartyID:
		f.Store, f.Repeats = pr.party.store, true
	case col.Type == model.Account:
		f.Store, f.Repeats = pr.account.store, true
	case col.Personal == model.MaskedName:
		f.Store = maskWith(privacy.AppendMaskName)
	case col.Personal == model.MaskedPartyName:
		f.Store = maskWith(privacy.AppendMaskPartyName)
	default:
		f.Store = maskIDs
	}
	return f
}

// maskIDs stores a text value with any resident ID number in it masked.
func maskIDs(_ *[]byte, v []byte) ([]byte, bool) {
	if !privacy.MayHoldID(v) {
		return v, true
	}
	return []byte(privacy.MaskIDs(string(v))), true
}

// maskWith stores a text value as mask makes it, in the field's buffer.
func maskWith(mask func(dst, v []byte) []byte) func(*[]byte, []byte) ([]byte, bool) {
	return func(buf *[]byte, v []byte) ([]byte, bool) {
		*buf = mask((*buf)[:0], v)
		return *buf, true
	}
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
