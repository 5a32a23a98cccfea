package normalize

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Wan is 万, ten thousand: the multiplier of a 万元 header or suffix.
const Wan = 10000

// MaxAmount bounds the magnitude of an amount in yuan. Above it a DOUBLE no
// longer holds every cent exactly (2^53 cents ≈ 9×10^13 yuan), and no ledger
// of a city holds such a figure.
const MaxAmount = 1e13

// amountPattern matches an amount after FoldWidth, Text and the removal of
// inner spaces. Groups: sign, open (parenthesis), sign2, num, exp, unit, close.
//
//	1234.5  1,234.50  -12.5  (12.50)  ¥1,234  ￥-3  RMB 100  人民币100元
//	12万  1.5万元  1.2E+4  .5
//
// Thousands separators must be well placed (1,234,567), so that a decimal
// comma (12,34) is not read as a thousands separator.
const amountPattern = `^([-+])?(\()?(?:[¥￥$]|人民币|(?i:RMB|CNY))?([-+])?` +
	`((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)` +
	`([eE][-+]?[0-9]{1,3})?(万元|万|元)?(\))?$`

var amountGroups = []string{"sign", "open", "sign2", "num", "exp", "unit", "close"}

var amountRE = regexp.MustCompile(amountPattern)

// ParseAmount parses an amount of money and returns it in yuan, rounded to the
// cent (half away from zero, on the binary value). After FoldWidth and Text,
// inner spaces are removed; then it accepts:
//
//   - digits with an optional decimal point and well-placed thousands
//     separators: 1234.5, 1,234.50, １，２３４．５０;
//   - a currency sign or code before the number: ¥ ￥ $ RMB CNY 人民币;
//   - a unit after it: 元 (yuan), 万 or 万元 (×10,000);
//   - a sign before or after the currency sign (-12.5, ¥-12.5, +3), or
//     parentheses for a negative amount: (12.50), （12.50）;
//   - scientific notation as written by Excel: 1.2E+4.
//
// wan says that the column header declares 万元: a value without a unit is
// then multiplied by 10,000. A unit in the value wins over the header: 12万
// is 120,000 and 1200元 is 1,200 whatever wan says.
//
// An empty value gives ErrEmpty; anything else that is not an amount, or one
// of MaxAmount yuan or more, gives an error wrapping ErrInvalid. SQLAmount is
// the SQL face.
func ParseAmount(s string, wan bool) (float64, error) {
	v, err := ParseNumber(s, wan)
	if err != nil {
		return 0, err
	}
	if !(math.Abs(v) < MaxAmount) { // also rejects NaN and ±Inf
		return 0, fmt.Errorf("%w amount %q: out of range", ErrInvalid, s)
	}
	return math.Copysign(math.Round(math.Abs(v)*100)/100, v), nil
}

// ParseNumber reads a number written the way amounts are (separators,
// full-width digits, currency signs, 万/万元, parentheses for negatives,
// exponents) without rounding it to the cent or capping it: the Benford
// tests need every digit. ParseAmount is ParseNumber rounded and capped.
func ParseNumber(s string, wan bool) (float64, error) {
	// U+2212 MINUS SIGN, which word processors write, reads as "-".
	t := strings.ReplaceAll(strings.ReplaceAll(cleaned(s), " ", ""), "\u2212", "-")
	if t == "" {
		return 0, ErrEmpty
	}
	g := amountRE.FindStringSubmatch(t)
	if g == nil {
		return 0, fmt.Errorf("%w amount %q: not a number", ErrInvalid, s)
	}
	sign, open, sign2, num, exp, unit, closing := g[1], g[2], g[3], g[4], g[5], g[6], g[7]
	if (open == "") != (closing == "") || (open != "" && sign+sign2 != "") || (sign != "" && sign2 != "") {
		return 0, fmt.Errorf("%w amount %q: unbalanced parentheses or signs", ErrInvalid, s)
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(num, ",", "")+exp, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("%w amount %q: %v", ErrInvalid, s, err)
	}
	if math.IsInf(v, 0) {
		return 0, fmt.Errorf("%w amount %q: out of range", ErrInvalid, s)
	}
	v *= amountMultiplier(unit, wan)
	if open != "" || sign == "-" || sign2 == "-" {
		v = -v
	}
	return v, nil
}

// amountMultiplier says what the number is multiplied by to give yuan.
func amountMultiplier(unit string, wan bool) float64 {
	if unit == "万" || unit == "万元" || (unit == "" && wan) {
		return Wan
	}
	return 1
}

// SQLAmount is the SQL face of ParseAmount: a DOUBLE in yuan rounded to the
// cent, or NULL where ParseAmount returns an error. DOUBLE rather than
// DECIMAL(18,2) so that both faces do the same binary arithmetic; cast the
// result, or sums of it, to DECIMAL(18,2) where exact cents are needed.
func SQLAmount(x string, wan bool) string {
	return sqlBind(x, func(x string) string { return sqlAmountOf(x, wan) })
}

func sqlAmountOf(x string, wan bool) string {
	header := "1"
	if wan {
		header = strconv.Itoa(Wan)
	}
	body := func(r string) string {
		g := func(name string) string { return sqlField(r, name) }
		v := fill(`TRY_CAST(replace({num}, ',', '') || {exp} AS DOUBLE)
   * CASE WHEN {unit} IN ('万', '万元') THEN {wan} WHEN {unit} = '元' THEN 1 ELSE {header} END`,
			"num", g("num"), "exp", g("exp"), "unit", g("unit"), "wan", strconv.Itoa(Wan), "header", header)
		return fill(`CASE
 WHEN {num} = '' THEN NULL
 WHEN ({open} = '') <> ({close} = '') OR ({open} <> '' AND {sign} || {sign2} <> '') OR ({sign} <> '' AND {sign2} <> '') THEN NULL
 WHEN NOT ({v} < {max}) THEN NULL
 WHEN {open} <> '' OR {sign} = '-' OR {sign2} = '-' THEN -(round(({v}) * 100) / 100)
 ELSE round(({v}) * 100) / 100
END`,
			"num", g("num"), "open", g("open"), "close", g("close"), "sign", g("sign"), "sign2", g("sign2"),
			"v", v, "max", strconv.FormatFloat(MaxAmount, 'f', -1, 64))
	}
	// Plain numbers (1234.5, -12, 1e3), the common case, are cast directly:
	// DuckDB's DOUBLE cast reads what amountPattern reads the same way, and
	// more (inf, nan, 1_000), which the range test or the underscore test
	// sends to the full parse.
	v := "TRY_CAST(" + x + " AS DOUBLE)"
	plain := fill(`CASE WHEN abs({v} * {h}) < {max} THEN round({v} * {h} * 100) / 100 END`,
		"v", v, "h", header, "max", strconv.FormatFloat(MaxAmount, 'f', -1, 64))
	t := "replace(replace(" + sqlCleaned(x) + ", ' ', ''), '\u2212', '-')"
	return fill(`CASE WHEN {v} IS NOT NULL AND NOT contains({x}, '_') THEN {plain} ELSE {let} END`,
		"x", x, "v", v, "plain", plain,
		"let", sqlLet("mr_r", "regexp_extract("+t+", "+sqlString(amountPattern)+", ["+sqlStrings(amountGroups)+"])", body))
}
