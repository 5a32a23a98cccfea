package normalize

import (
	"fmt"
	"strconv"
	"strings"
)

// sqlString quotes s as a SQL string literal. DuckDB's standard strings take
// backslashes literally, so only the quote needs doubling.
func sqlString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// translateDomain lists the runes that any per-rune mapping given to
// sqlTranslate may change: the full-width ASCII block, the ideographic space,
// ASCII, and the other characters Text trims. A mapping must leave every rune
// outside this set unchanged.
func translateDomain() []rune {
	var rs []rune
	for r := rune(0x01); r < 0x80; r++ {
		rs = append(rs, r)
	}
	for r := rune(0xFF01); r <= 0xFF5E; r++ {
		rs = append(rs, r)
	}
	rs = append(rs, 0x3000)
	for _, r := range trimCutset {
		if r >= 0x80 && r != 0x3000 {
			rs = append(rs, r)
		}
	}
	return rs
}

// sqlTranslate builds translate(x, from, to) that applies the per-rune
// mapping f (a negative result drops the rune) to the runes of the domain
// above for which only returns true. The SQL is generated from the Go
// mapping, so the faces cannot drift.
//
// DuckDB builds a hash map of from and to for every row, so the cost grows
// with their length: callers guard the call and keep only small.
func sqlTranslate(x string, f func(rune) rune, only func(rune) bool) string {
	var from, to, dropped strings.Builder
	for _, r := range translateDomain() {
		if !only(r) {
			continue
		}
		switch m := f(r); {
		case m < 0:
			dropped.WriteRune(r)
		case m != r:
			from.WriteRune(r)
			to.WriteRune(m)
		}
	}
	// translate deletes the characters of from that have no counterpart in to,
	// so the dropped runes go last.
	from.WriteString(dropped.String())
	return "translate(" + x + ", " + sqlString(from.String()) + ", " + sqlString(to.String()) + ")"
}

// sqlClass renders runes as an RE2 character class of \x{…} escapes.
func sqlClass(runes string) string {
	var b strings.Builder
	b.WriteString("[")
	for _, r := range runes {
		fmt.Fprintf(&b, `\x{%X}`, r)
	}
	b.WriteString("]")
	return b.String()
}

// fullWidthClass matches the runes FoldWidth changes.
const fullWidthClass = `[\x{3000}\x{FF01}-\x{FF5E}]`

// sqlFoldOnly is the SQL face of FoldWidth restricted to the full-width forms
// of the ASCII characters in alphabet (and U+3000): the other runes are kept.
// For a parser whose patterns and clean-up use only the characters of
// alphabet this is as good as FoldWidth: a full-width character left unfolded
// fails the pattern just as its ASCII form would. TestAlphabets checks that
// each alphabet covers its patterns. Rows of pure ASCII, and rows without a
// full-width character, skip the translate.
func sqlFoldOnly(x, alphabet string) string {
	only := func(r rune) bool { return r == 0x3000 || strings.ContainsRune(alphabet, foldRune(r)) && r >= 0xFF01 }
	return sqlLet("mr_f", x, func(s string) string { return sqlFoldBody(s, only) })
}

// sqlFoldBody folds the runes selected by only in the VARCHAR s, which it
// references several times (so s should be a name). Rows of pure ASCII and
// rows without a full-width character skip the translate.
func sqlFoldBody(s string, only func(rune) bool) string {
	return fill(`CASE WHEN strlen({s}) = length({s}) OR NOT regexp_matches({s}, {class}) THEN {s} ELSE {translate} END`,
		"s", s, "class", sqlString(fullWidthClass), "translate", sqlTranslate(s, foldRune, only))
}

// sqlCleaned is the SQL face of cleaned for a parser whose patterns use only
// the ASCII characters in alphabet (see sqlFoldOnly): fold width, then trim;
// NULL if empty.
func sqlCleaned(x, alphabet string) string {
	return SQLText(sqlFoldOnly(x, alphabet))
}

// sqlLet evaluates value once, binds it to name and yields body(name):
//
//	list_transform([value], lambda name: body)[1]
//
// The builders reference their intermediate values many times; binding them
// keeps the SQL linear in size and each value computed once per row, without
// relying on DuckDB's common-subexpression elimination. Bodies never refer to
// an enclosing lambda's parameter, and the names (mr_…) are unlikely column
// names.
func sqlLet(name, value string, body func(name string) string) string {
	return "list_transform([" + value + "], lambda " + name + ": " + body(name) + ")[1]"
}

// cleaned is the common first step of every parser: fold width, then trim.
func cleaned(s string) string {
	return Text(FoldWidth(s))
}

// sqlInts renders integers as a SQL list body: 1, 2, 3.
func sqlInts(xs ...int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.Itoa(x)
	}
	return strings.Join(parts, ", ")
}

// sqlStrings renders strings as SQL literals separated by commas.
func sqlStrings(xs []string) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = sqlString(x)
	}
	return strings.Join(parts, ", ")
}

// fill replaces each {name} in tmpl by its value in kv (name, value pairs).
func fill(tmpl string, kv ...string) string {
	for i := 0; i+1 < len(kv); i += 2 {
		kv[i] = "{" + kv[i] + "}"
	}
	return strings.NewReplacer(kv...).Replace(tmpl)
}

// sqlField reads the field name of the struct expression r (as returned by
// regexp_extract with a list of group names).
func sqlField(r, name string) string {
	return "struct_extract(" + r + ", " + sqlString(name) + ")"
}
