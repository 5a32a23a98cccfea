package data

import (
	"math/rand/v2"
	"strconv"
)

// Resident identity numbers (GB 11643-1999): six digits of region, eight of
// birth date, three of sequence (odd for men, even for women) and a check
// character by ISO 7064 MOD 11-2.

var residentWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const residentCheckChars = "10X98765432"

// residentCheck returns the check character of the first 17 digits of id.
func residentCheck(id []byte) byte {
	s := 0
	for i, w := range residentWeights {
		s += int(id[i]-'0') * w
	}
	return residentCheckChars[s%11]
}

// validResidentID reports whether id is 18 characters, 17 digits and a valid
// check character.
func validResidentID(id string) bool {
	if len(id) != 18 {
		return false
	}
	for i := range 17 {
		if id[i] < '0' || id[i] > '9' {
			return false
		}
	}
	return residentCheck([]byte(id)) == id[17]
}

// residentID builds an identity number from region, birth day and sequence.
func residentID(region string, birth day, seq int) string {
	b := make([]byte, 0, 18)
	b = append(b, region...)
	t := birth.time()
	b = strconv.AppendInt(b, int64(t.Year()), 10)
	b = append2(b, int(t.Month()))
	b = append2(b, t.Day())
	b = append(b, byte('0'+seq/100), byte('0'+seq/10%10), byte('0'+seq%10))
	return string(append(b, residentCheck(b)))
}

func append2(b []byte, n int) []byte { return append(b, byte('0'+n/10), byte('0'+n%10)) }

// Bank card numbers: a six-digit issuer prefix, twelve digits and a Luhn
// check digit, 19 digits in all. The prefixes are those of debit cards that
// benefit payments go to (惠民惠农一卡通) at the big rural lenders.
var cardPrefixes = []string{"622848", "621700", "622202", "621799", "623668", "622908"}

// bankCard draws a Luhn-valid 19-digit card number.
func bankCard(r *rand.Rand) string {
	b := make([]byte, 0, 19)
	b = append(b, cardPrefixes[r.IntN(len(cardPrefixes))]...)
	for range 12 {
		b = append(b, byte('0'+r.IntN(10)))
	}
	return string(append(b, luhnCheck(b)))
}

// luhnCheck returns the Luhn check digit for the digits in b.
func luhnCheck(b []byte) byte {
	s := 0
	for i := len(b) - 1; i >= 0; i-- {
		d := int(b[i] - '0')
		if (len(b)-1-i)%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		s += d
	}
	return byte('0' + (10-s%10)%10)
}

// validLuhn reports whether the last digit of s is its Luhn check digit.
func validLuhn(s string) bool {
	return len(s) > 1 && luhnCheck([]byte(s[:len(s)-1])) == s[len(s)-1]
}

// Unified social credit codes (GB 32100-2015) of companies that lease land
// or contract with a village: "91" (enterprise), six digits of region, a
// nine-character organisation code with its own check (GB 11714) and a
// check character mod 31.

const usccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

var orgWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// uscc draws a valid code registered in region.
func uscc(r *rand.Rand, region string) string {
	b := make([]byte, 0, 18)
	b = append(b, "91"...)
	b = append(b, region...)
	org := []byte("MA6")
	for range 5 {
		org = append(org, usccChars[r.IntN(len(usccChars))])
	}
	b = append(b, org...)
	b = append(b, orgCheck(org))
	return string(append(b, usccCheck(b)))
}

// orgCheck is the GB 11714 check character of an eight-character code.
func orgCheck(org []byte) byte {
	s := 0
	for i, w := range orgWeights {
		s += charValue(org[i]) * w
	}
	switch c := 11 - s%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}

// charValue is 0–9 for digits and 10–35 for letters A–Z.
func charValue(c byte) int {
	if c >= '0' && c <= '9' {
		return int(c - '0')
	}
	return int(c-'A') + 10
}

// usccCheck is the GB 32100 check character of the first 17 characters.
func usccCheck(b []byte) byte {
	s := 0
	for i, w := range usccWeights {
		s += indexByte(usccChars, b[i]) * w
	}
	return usccChars[(31-s%31)%31]
}

func indexByte(s string, c byte) int {
	for i := range len(s) {
		if s[i] == c {
			return i
		}
	}
	return 0
}

// validUSCC reports whether s is 18 characters with a valid check character.
func validUSCC(s string) bool {
	if len(s) != 18 {
		return false
	}
	for i := range 18 {
		if indexByte(usccChars, s[i]) == 0 && s[i] != '0' {
			return false
		}
	}
	return usccCheck([]byte(s)) == s[17]
}
