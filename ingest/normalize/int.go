package normalize

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// intPattern matches a whole number after FoldWidth and Text: an optional
// sign, digits with optional well-placed thousands separators, an optional
// fraction of zeros (Excel writes 12.0), and an optional measure word for
// people or things (人 名 个 户 次 件), possibly after spaces. Groups: sign, num.
const intPattern = `^([-+])?([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.0*)?(?: *(?:人|名|个|户|次|件))?$`

var intGroups = []string{"sign", "num"}

var intRE = regexp.MustCompile(intPattern)

// ParseInt parses a whole number: 1234, 1,234, １２３４, -3, +5, 12.0, 12人.
// It rejects fractions (12.5), scientific notation and values outside the
// int64 range. Negative numbers are accepted, so that a validator can report
// "negative count" rather than "not a number"; ParseCount rejects them.
//
// An empty value gives ErrEmpty; anything else that is not a whole number
// gives an error wrapping ErrInvalid. SQLInt is the SQL face.
func ParseInt(s string) (int64, error) {
	return parseInt(s, true)
}

// ParseCount is ParseInt for counts (persons, staff, population): a value
// written with a minus sign, -0 included, is invalid. SQLCount is the SQL face.
func ParseCount(s string) (int64, error) {
	return parseInt(s, false)
}

func parseInt(s string, signed bool) (int64, error) {
	t := cleaned(s)
	if t == "" {
		return 0, ErrEmpty
	}
	g := intRE.FindStringSubmatch(t)
	if g == nil {
		return 0, fmt.Errorf("%w integer %q: not a whole number", ErrInvalid, s)
	}
	if g[1] == "-" && !signed {
		return 0, fmt.Errorf("%w count %q: negative", ErrInvalid, s)
	}
	n, err := strconv.ParseInt(g[1]+strings.ReplaceAll(g[2], ",", ""), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w integer %q: out of range", ErrInvalid, s)
	}
	return n, nil
}

// SQLInt is the SQL face of ParseInt: a BIGINT, or NULL where ParseInt
// returns an error.
func SQLInt(x string) string {
	return sqlInt(x, true)
}

// SQLCount is the SQL face of ParseCount: a BIGINT, or NULL where ParseCount
// returns an error.
func SQLCount(x string) string {
	return sqlInt(x, false)
}

func sqlInt(x string, signed bool) string {
	return sqlBind(x, func(x string) string { return sqlIntOf(x, signed) })
}

func sqlIntOf(x string, signed bool) string {
	// Plain numbers (12, 1,234), the common case, are cast directly: the
	// same value.
	plainRE := `(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)`
	if signed {
		plainRE = `-?` + plainRE
	}
	groups := "regexp_extract(" + sqlCleaned(x) + ", " + sqlString(intPattern) + ", [" + sqlStrings(intGroups) + "])"
	return fill(`CASE WHEN regexp_full_match({x}, {plainRE}) THEN TRY_CAST(replace({x}, ',', '') AS BIGINT) ELSE {let} END`,
		"x", x, "plainRE", sqlString(plainRE),
		"let", sqlLet("mr_r", groups, func(r string) string {
			neg := "false"
			if !signed {
				neg = sqlField(r, "sign") + " = '-'"
			}
			return fill(`CASE
 WHEN {num} = '' OR {neg} THEN NULL
 ELSE TRY_CAST({sign} || replace({num}, ',', '') AS BIGINT)
END`, "num", sqlField(r, "num"), "sign", sqlField(r, "sign"), "neg", neg)
		}))
}
