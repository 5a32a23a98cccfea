package normalize

import (
	"errors"
	"strings"
)

// ErrEmpty is returned by the Go parsers for a value that is empty after
// trimming; the SQL builders return NULL for it.
var ErrEmpty = errors.New("empty")

// ErrInvalid is wrapped by the errors the Go parsers return for a value that
// is present but cannot be parsed; the SQL builders return NULL for it.
var ErrInvalid = errors.New("invalid")

// trimCutset is what Text removes from both ends of a value: ASCII white space
// (space, tab, LF, VT, FF, CR), no-break space U+00A0, zero-width space
// U+200B, ideographic (full-width) space U+3000 and the byte-order mark U+FEFF.
const trimCutset = " \t\n\v\f\r\u00a0\u200b\u3000\ufeff"

// Text trims white space from both ends of s: ASCII white space, no-break
// space U+00A0, zero-width space U+200B, full-width space U+3000 and the
// byte-order mark U+FEFF. Inner characters are kept. An empty result means the
// cell is empty (SQLText gives NULL for it).
func Text(s string) string {
	return strings.Trim(s, trimCutset)
}

// SQLText is the SQL face of Text: it trims the same characters from the
// VARCHAR expression x and yields NULL when nothing is left.
func SQLText(x string) string {
	return sqlBind(x, sqlTextOf)
}

func sqlTextOf(x string) string {
	// trim with a list of characters builds a set per row; most values need
	// no trimming, and a regular expression finds those faster.
	edge := sqlClass(trimCutset)
	return fill(`nullif(CASE WHEN regexp_matches({x}, {edges}) THEN trim({x}, {cutset}) ELSE {x} END, '')`,
		"x", x, "edges", sqlString("^"+edge+"|"+edge+"$"), "cutset", sqlString(trimCutset))
}

// foldRune maps a full-width ASCII variant (U+FF01–U+FF5E) to its ASCII
// character and the ideographic space U+3000 to a space; any other rune is
// returned unchanged.
func foldRune(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFF01 + '!'
	case r == 0x3000:
		return ' '
	}
	return r
}

// FoldWidth maps full-width forms of ASCII (U+FF01–U+FF5E: digits, letters and
// punctuation such as ，．（）￣) to ASCII and the full-width space U+3000 to a
// space. Other characters, including ￥ (U+FFE5), are kept.
func FoldWidth(s string) string {
	return strings.Map(foldRune, s)
}

// SQLFoldWidth is the SQL face of FoldWidth. Values of pure ASCII, and values
// without a full-width character, are returned as they are; the others are
// mapped character by character.
func SQLFoldWidth(x string) string {
	return sqlBind(x, sqlFoldWidthOf)
}

func sqlFoldWidthOf(x string) string {
	return fill(`CASE WHEN strlen({x}) = length({x}) OR NOT regexp_matches({x}, {class}) THEN {x} ELSE {fold} END`,
		"x", x, "class", sqlString(fullWidthClass), "fold", sqlMapRunes(x, foldRune))
}

// keyDropped reports whether Key removes r: white space (the characters Text
// trims), underscores and hyphens, after width folding.
func keyDropped(r rune) bool {
	return r == '_' || r == '-' || strings.ContainsRune(trimCutset, r)
}

// keyRune is the per-rune mapping of Key: fold width, lower-case ASCII, drop
// separators (returned as -1).
func keyRune(r rune) rune {
	r = foldRune(r)
	switch {
	case keyDropped(r):
		return -1
	case r >= 'A' && r <= 'Z':
		return r + ('a' - 'A')
	}
	return r
}

// Key is the normalisation used to match headers and enumeration labels: it
// folds full-width ASCII to ASCII, lower-cases ASCII letters (other scripts
// are kept as they are) and drops every white-space character (see Text),
// underscore and hyphen, wherever it occurs. So "Unit ID", "unit_id",
// "ＵＮＩＴ－ＩＤ" and "UnitId" all give "unitid", and "单 位 编 码" gives "单位编码".
// Apply Key to both sides of a label table. An empty result means empty (SQLKey
// gives NULL for it).
func Key(s string) string {
	return strings.Map(keyRune, s)
}

// SQLKey is the SQL face of Key; NULL when nothing is left.
//
// Values of ASCII and Han characters only, which is nearly all headers and
// labels, take a fast path (lower, and a regular expression to drop
// separators if there are any) that gives the same result; the others are
// mapped character by character with Key's own mapping.
func SQLKey(x string) string {
	return sqlBind(x, sqlKeyOf)
}

func sqlKeyOf(x string) string {
	seps := sqlString(sqlClass(" \t\n\v\f\r_-"))
	return fill(`nullif(CASE
  WHEN NOT (strlen({x}) = length({x}) OR regexp_full_match({x}, {asciiHan})) THEN {slow}
  WHEN regexp_matches({x}, {seps}) THEN regexp_replace(lower({x}), {seps}, '', 'g')
  ELSE lower({x}) END, '')`,
		"x", x, "asciiHan", sqlString(`[\x{01}-\x{7F}\p{Han}]*`), "seps", seps, "slow", sqlMapRunes(x, keyRune))
}

// Ident quotes name as a DuckDB identifier ("name", inner quotes doubled), so
// that a header read from a file can be used safely as the argument of the SQL
// builders.
func Ident(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
