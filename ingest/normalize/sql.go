package normalize

import (
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
// mapping f (a negative result drops the rune) to every rune of the domain
// above. The SQL is generated from the Go mapping, so the faces cannot drift.
func sqlTranslate(x string, f func(rune) rune) string {
	var from, to, dropped strings.Builder
	for _, r := range translateDomain() {
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

// sqlCleaned is the SQL face of cleaned: fold width then trim; NULL if empty.
func sqlCleaned(x string) string {
	return SQLText(SQLFoldWidth(x))
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
