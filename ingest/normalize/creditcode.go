package normalize

import (
	"fmt"
	"strings"
)

// creditCodeChars are the characters of a unified social credit code
// (统一社会信用代码, GB 32100-2015), in value order: digits and the capital
// letters without I, O, S, V and Z.
const creditCodeChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditCodeWeights are the weights 3^(i) mod 31 of positions 1–17.
var creditCodeWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// CheckCreditCode reports whether s (cleaned, upper-cased) is a valid
// unified social credit code, the 18-character identifier of a company or
// organisation: every character from creditCodeChars, and the last one the
// check character C18 = 31 − (Σ value(Cᵢ)·Wᵢ mod 31), 31 meaning 0.
func CheckCreditCode(s string) error {
	s = strings.ToUpper(cleaned(s))
	if len([]rune(s)) != 18 {
		return fmt.Errorf("%w: credit code: length %d, not 18", ErrInvalid, len([]rune(s)))
	}
	sum := 0
	for i := 0; i < 18; i++ {
		v := strings.IndexByte(creditCodeChars, s[i])
		if v < 0 {
			return fmt.Errorf("%w: credit code: character %q not allowed", ErrInvalid, s[i])
		}
		if i < 17 {
			sum += v * creditCodeWeights[i]
		}
	}
	if want := creditCodeChars[(31-sum%31)%31]; s[17] != want {
		return fmt.Errorf("%w: credit code: check character %c, want %c", ErrInvalid, s[17], want)
	}
	return nil
}

// SQLCreditCodeValid is the SQL face of CheckCreditCode: true if x is a
// valid unified social credit code, false if not, NULL for NULL.
func SQLCreditCodeValid(x string) string {
	u := "upper(" + SQLText(SQLFoldWidth(x)) + ")"
	var terms []string
	for i, w := range creditCodeWeights {
		terms = append(terms, fmt.Sprintf("(instr('%s', substr(mr_cc, %d, 1)) - 1) * %d", creditCodeChars, i+1, w))
	}
	return sqlLet("mr_cc", u, func(c string) string {
		return fmt.Sprintf(`(regexp_full_match(%[1]s, '[0-9A-HJ-NPQRTUWXY]{18}')
  AND substr('%[2]s', ((31 - ((%[3]s) %% 31)) %% 31) + 1, 1) = substr(%[1]s, 18, 1))`,
			c, creditCodeChars, strings.Join(terms, " + "))
	})
}
