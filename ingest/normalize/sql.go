package normalize

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// sqlString quotes s as a SQL string literal. DuckDB's standard strings take
// backslashes literally, so only the quote needs doubling.
func sqlString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// mapDomain lists the runes a per-rune mapping given to sqlMapRunes may
// change: ASCII, the full-width ASCII block, and the non-ASCII characters Text
// trims (U+3000 among them). A mapping must leave every other rune unchanged;
// TestMapDomain checks that foldRune and keyRune do.
func mapDomain() []rune {
	var rs []rune
	for r := rune(0x01); r < 0x80; r++ {
		rs = append(rs, r)
	}
	for _, r := range trimCutset {
		if r >= 0x80 {
			rs = append(rs, r)
		}
	}
	for r := rune(0xFF01); r <= 0xFF5E; r++ {
		rs = append(rs, r)
	}
	return rs
}

// sqlRuneCase builds a CASE over the code point cp (an expression) of the
// one-character string c that applies the per-rune mapping f: runs of runes
// shifted by the same offset become one "BETWEEN … THEN chr(cp + offset)",
// dropped runes (f < 0) become the empty string, and other runes stay c. It is generated
// from the Go mapping, so the faces cannot drift.
func sqlRuneCase(c, cp string, f func(rune) rune) string {
	var b strings.Builder
	var dropped []string
	b.WriteString("CASE")
	dom := mapDomain()
	for i := 0; i < len(dom); {
		r := dom[i]
		m := f(r)
		if m < 0 {
			dropped = append(dropped, strconv.Itoa(int(r)))
			i++
			continue
		}
		if m == r {
			i++
			continue
		}
		off, j := m-r, i+1
		for j < len(dom) && dom[j] == dom[j-1]+1 && f(dom[j]) == dom[j]+off {
			j++
		}
		fmt.Fprintf(&b, " WHEN %s BETWEEN %d AND %d THEN chr(%s + %d)", cp, r, dom[j-1], cp, off)
		i = j
	}
	if len(dropped) > 0 {
		fmt.Fprintf(&b, " WHEN %s IN (%s) THEN ''", cp, strings.Join(dropped, ", "))
	}
	b.WriteString(" ELSE " + c + " END")
	return b.String()
}

// sqlMapRunes applies the per-rune mapping f to every character of the
// VARCHAR expression x: split into characters, map each with sqlRuneCase,
// join. About a microsecond for a short value, so callers send only the rows
// that need it. (DuckDB's translate would be simpler but builds a hash map of
// its arguments for every row: tens of microseconds for the whole
// full-width block.)
func sqlMapRunes(x string, f func(rune) rune) string {
	return "array_to_string(list_transform(string_split(" + x + ", ''), lambda mr_c: " +
		sqlRuneCase("mr_c", "unicode(mr_c)", f) + "), '')"
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

// sqlCleaned is the SQL face of cleaned: fold width, then trim; NULL if
// empty.
func sqlCleaned(x string) string {
	return sqlBind(x, func(x string) string { return sqlTextOf(sqlFoldWidthOf(x)) })
}

// sqlLet evaluates value once, binds it to name and yields body(name):
//
//	list_transform([value], lambda name: body)[1]
//
// The typed builders reference their intermediate values (the groups of a
// pattern) many times; binding them keeps the SQL small and computes each
// once per row (DuckDB's common-subexpression elimination did not, measured,
// for these CASE expressions).
// A let costs about 0.1 µs a row, and much more when nested in another
// lambda's body, so the builders use at most one, with any other lambda in
// its value, never in its body. Bodies never refer to an enclosing lambda's
// parameter, and the names (mr_…) are unlikely column names.
func sqlLet(name, value string, body func(name string) string) string {
	return "list_transform([" + value + "], lambda " + name + ": " + body(name) + ")[1]"
}

// simpleExpr matches what the builders may repeat freely: a column reference,
// possibly qualified and quoted, or a numbered parameter ($1).
var simpleExpr = regexp.MustCompile(`^(?:(?:[A-Za-z_][A-Za-z0-9_]*|"(?:[^"]|"")*")(?:\.(?:[A-Za-z_][A-Za-z0-9_]*|"(?:[^"]|"")*"))*|\$[0-9]+)$`)

// sqlBind yields body(x) when x is a simple expression, and otherwise binds
// x once with sqlLet. The builders repeat their argument; repeating a column
// reference is free, while repeating a computed expression would compute it
// again (or, for a "?" parameter, ask for more arguments).
func sqlBind(x string, body func(x string) string) string {
	if simpleExpr.MatchString(strings.TrimSpace(x)) {
		return body(x)
	}
	return sqlLet("mr_x", x, body)
}

// cleaned is the common first step of every parser: fold width, then trim.
func cleaned(s string) string {
	return Text(FoldWidth(s))
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
