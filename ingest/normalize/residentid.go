package normalize

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Why CheckResidentID rejects an identifier. SQLResidentIDReason yields the
// same text (err.Error()).
var (
	ErrIDLength     = errors.New("resident ID: length is not 18 characters")
	ErrIDCharacters = errors.New("resident ID: characters are not 17 digits and a check character 0-9 or X")
	ErrIDBirthDate  = errors.New("resident ID: birth date is not plausible")
	ErrIDCheckDigit = errors.New("resident ID: check digit does not match")
)

// idWeights are the ISO 7064 MOD 11-2 weights of the first 17 digits
// (2^(18-i) mod 11), and idCheckChars the check character for each remainder
// of the weighted sum modulo 11 (GB 11643-1999).
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheckChars = "10X98765432"

const idPattern = `^[0-9]{17}[0-9X]$`

var idRE = regexp.MustCompile(idPattern)

// ResidentID normalises an 18-character PRC resident identity number (居民身份
// 证号码, GB 11643-1999): FoldWidth, Text, and a lower-case x made upper-case.
// It returns the normalised number, or the error of CheckResidentID.
func ResidentID(s string) (string, error) {
	t := strings.ReplaceAll(cleaned(s), "x", "X")
	if t == "" {
		return "", ErrEmpty
	}
	return t, checkID(t)
}

// CheckResidentID checks a resident identity number, after the normalisation
// of ResidentID, and returns nil if it is valid. The checks run in this order
// and the first that fails is returned: ErrIDLength (not 18 characters; the
// old 15-digit numbers fail here), ErrIDCharacters (not 17 digits and a digit
// or X), ErrIDBirthDate (characters 7–14 are not a day in years
// MinYear..MaxYear), ErrIDCheckDigit (ISO 7064 MOD 11-2). An empty value gives
// ErrEmpty.
//
// SQLResidentIDValid and SQLResidentIDReason are the SQL faces.
func CheckResidentID(s string) error {
	_, err := ResidentID(s)
	return err
}

func checkID(t string) error {
	switch {
	case utf8.RuneCountInString(t) != 18:
		return ErrIDLength
	case !idRE.MatchString(t):
		return ErrIDCharacters
	}
	y, m, d := atoi(t[6:10]), atoi(t[10:12]), atoi(t[12:14])
	if y < MinYear || y > MaxYear || !validDate(y, m, d) {
		return ErrIDBirthDate
	}
	sum := 0
	for i, w := range idWeights {
		sum += int(t[i]-'0') * w
	}
	if idCheckChars[sum%11] != t[17] {
		return ErrIDCheckDigit
	}
	return nil
}

// SQLResidentID is the SQL face of ResidentID: the normalised number as
// VARCHAR, or NULL if it is empty or invalid.
func SQLResidentID(x string) string {
	return sqlLet("mr_t", sqlIDText(x), func(t string) string {
		return "CASE WHEN " + sqlIDReason(t) + " IS NULL THEN " + t + " END"
	})
}

// SQLResidentIDValid is the SQL face of CheckResidentID: true if valid, false
// if not, NULL if empty.
func SQLResidentIDValid(x string) string {
	return sqlLet("mr_t", sqlIDText(x), func(t string) string {
		return "CASE WHEN " + t + " IS NOT NULL THEN " + sqlIDReason(t) + " IS NULL END"
	})
}

// SQLResidentIDReason yields, as VARCHAR, the Error() text of the error
// CheckResidentID returns for x, or NULL if x is valid or empty.
func SQLResidentIDReason(x string) string {
	return sqlLet("mr_t", sqlIDText(x), sqlIDReason)
}

func sqlIDText(x string) string {
	return "replace(" + sqlCleaned(x) + ", 'x', 'X')"
}

// sqlIDReason is the reason for the normalised identifier t (a name: it is
// referenced many times), NULL if valid or empty.
func sqlIDReason(t string) string {
	digit := func(i int) string { // never fails: ascii of a checked character
		return "(ascii(substr(" + t + ", " + strconv.Itoa(i+1) + ", 1)) - 48)"
	}
	num := func(from, n int) string {
		return "TRY_CAST(substr(" + t + ", " + strconv.Itoa(from+1) + ", " + strconv.Itoa(n) + ") AS INTEGER)"
	}
	terms := make([]string, len(idWeights))
	for i, w := range idWeights {
		terms[i] = digit(i) + " * " + strconv.Itoa(w)
	}
	y := num(6, 4)
	birth := "TRY_CAST(substr(" + t + ", 7, 4) || '-' || substr(" + t + ", 11, 2) || '-' || substr(" + t + ", 13, 2) AS DATE)"
	return fill(`CASE
 WHEN {t} IS NULL THEN NULL
 WHEN length({t}) <> 18 THEN {errLength}
 WHEN NOT regexp_matches({t}, {pattern}) THEN {errChars}
 WHEN {y} NOT BETWEEN {minYear} AND {maxYear} OR {birth} IS NULL THEN {errBirth}
 WHEN substr({checkChars}, ({sum}) % 11 + 1, 1) <> substr({t}, 18, 1) THEN {errCheck}
END`,
		"t", t, "pattern", sqlString(idPattern), "y", y,
		"minYear", strconv.Itoa(MinYear), "maxYear", strconv.Itoa(MaxYear),
		"birth", birth, "checkChars", sqlString(idCheckChars),
		"sum", strings.Join(terms, " + "),
		"errLength", sqlString(ErrIDLength.Error()), "errChars", sqlString(ErrIDCharacters.Error()),
		"errBirth", sqlString(ErrIDBirthDate.Error()), "errCheck", sqlString(ErrIDCheckDigit.Error()))
}
