package privacy

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Mask shows a person identifier the way rejects and reports may: its
// first four and last two characters, the rest as '*'. A value of six
// characters or fewer is all '*'.
func Mask(id string) string {
	r := []rune(id)
	if len(r) <= 6 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:4]) + strings.Repeat("*", len(r)-6) + string(r[len(r)-2:])
}

// idLen is the length of a resident ID number: 17 digits and a check
// character (GB 11643-1999).
const idLen = 18

// MayHoldID reports whether text v can hold a resident ID number as
// MaskIDs finds them: it holds at least 17 digits, ASCII or full-width. If
// it is false, MaskIDs(v) is v. It reads each byte once and allocates
// nothing, for the values of every record.
func MayHoldID(v []byte) bool {
	if len(v) < idLen-1 {
		return false // most values: too short to hold one
	}
	n := 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= '0' && c <= '9':
			n++
		case c == 0xEF && i+2 < len(v) && v[i+1] == 0xBC && v[i+2] >= 0x90 && v[i+2] <= 0x99: // ０–９
			n++
			i += 2
		}
	}
	return n >= idLen-1
}

// MaskIDs returns s with every resident ID number in it masked as Mask
// shows an identifier: "身份证110101199003071234" becomes
// "身份证1101************34". An ID number here is 17 digits and a digit or
// X, in ASCII or full-width forms, possibly written in groups separated by
// single spaces or hyphens ("110101 19900307 1234"), standing apart from
// other digits, with a plausible birth date (years 1900–2100) in its
// seventh to fourteenth digits. Its check digit is not required to hold:
// a mistyped number is personal data all the same. A run of more digits
// (a bank card of 19) is not one; a group of 18 digits beside other digits
// is. The whole match, separators included, becomes four digits, twelve
// '*' and the last two characters.
func MaskIDs(s string) string {
	if !MayHoldID([]byte(s)) {
		return s
	}
	rs := []rune(s)
	var out []rune
	last := 0 // rs[:last] is in out
	for _, m := range idMatches(rs) {
		out = append(out, rs[last:m.from]...)
		out = append(out, []rune(m.masked)...)
		last = m.to
	}
	if out == nil {
		return s
	}
	return string(append(out, rs[last:]...))
}

// idMatch is an ID number found in text: runes [from, to), and its masked
// form.
type idMatch struct {
	from, to int
	masked   string
}

// digitGroup is a run of digits (an X may end it), in runes [from, to),
// and its characters folded to ASCII.
type digitGroup struct {
	from, to int
	chars    []byte
}

// idMatches finds the ID numbers in rs, left to right, without overlap.
func idMatches(rs []rune) []idMatch {
	var out []idMatch
	for _, run := range digitRuns(rs) {
		for i := 0; i < len(run); {
			n, ok := idAt(run[i:])
			if !ok {
				i++
				continue
			}
			var chars []byte
			for _, g := range run[i : i+n] {
				chars = append(chars, g.chars...)
			}
			out = append(out, idMatch{from: run[i].from, to: run[i+n-1].to,
				masked: string(chars[:4]) + strings.Repeat("*", idLen-6) + string(chars[idLen-2:])})
			i += n
		}
	}
	return out
}

// idAt reports whether the first n groups of run make an ID number.
func idAt(run []digitGroup) (n int, ok bool) {
	total := 0
	for n < len(run) && total < idLen {
		total += len(run[n].chars)
		n++
	}
	if total != idLen {
		return 0, false
	}
	var id [idLen]byte
	k := 0
	for _, g := range run[:n] {
		k += copy(id[k:], g.chars)
	}
	for i, c := range id {
		if c == 'X' && i < idLen-1 {
			return 0, false
		}
	}
	return n, plausibleBirth(id[6:14])
}

// plausibleBirth reports whether YYYYMMDD is a day of years 1900–2100.
func plausibleBirth(d []byte) bool {
	num := func(b []byte) int {
		n := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	y, m, day := num(d[:4]), num(d[4:6]), num(d[6:8])
	if y < 1900 || y > 2100 || m < 1 || m > 12 || day < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return day <= days
}

// digitRuns splits rs into runs of digit groups joined by single
// separators (space, ideographic space, hyphen).
func digitRuns(rs []rune) [][]digitGroup {
	var runs [][]digitGroup
	var cur []digitGroup
	i := 0
	for i < len(rs) {
		if _, ok := digitOf(rs[i]); !ok {
			if len(cur) > 0 && !(isIDSeparator(rs[i]) && i+1 < len(rs) && isDigit(rs[i+1])) {
				runs, cur = append(runs, cur), nil
			}
			i++
			continue
		}
		g := digitGroup{from: i}
		for i < len(rs) {
			d, ok := digitOf(rs[i])
			if !ok {
				break
			}
			g.chars = append(g.chars, d)
			i++
		}
		// An X ends a group of digits when no digit follows it.
		if i < len(rs) && isX(rs[i]) && (i+1 == len(rs) || !isDigit(rs[i+1])) {
			g.chars = append(g.chars, 'X')
			i++
		}
		g.to = i
		cur = append(cur, g)
	}
	if len(cur) > 0 {
		runs = append(runs, cur)
	}
	return runs
}

func digitOf(r rune) (byte, bool) {
	switch {
	case r >= '0' && r <= '9':
		return byte(r), true
	case r >= '０' && r <= '９':
		return byte(r - '０' + '0'), true
	}
	return 0, false
}

func isDigit(r rune) bool { _, ok := digitOf(r); return ok }

func isX(r rune) bool { return r == 'X' || r == 'x' || r == 'Ｘ' || r == 'ｘ' }

func isIDSeparator(r rune) bool { return r == ' ' || r == '\u3000' || r == '-' || r == '－' }

// MaskName masks a person's name: its first character, the surname in a
// Chinese name, is kept and every other letter becomes '*' ("张三丰" →
// "张**"); spaces and the middle dots of minority names (·) are kept. A
// name of one character is masked whole. Resident ID numbers typed into a
// name column are masked all the same.
func MaskName(s string) string { return string(AppendMaskName(nil, []byte(s))) }

// AppendMaskName appends MaskName of name to dst and returns it.
func AppendMaskName(dst, name []byte) []byte {
	t := bytes.TrimSpace(name)
	n := utf8.RuneCount(t)
	for i := 0; len(t) > 0; i++ {
		r, size := utf8.DecodeRune(t)
		switch {
		case i == 0 && n > 1:
			dst = append(dst, t[:size]...)
		case unicode.IsSpace(r) || r == '·' || r == '•' || r == '.':
			dst = append(dst, t[:size]...)
		default:
			dst = append(dst, '*')
		}
		t = t[size:]
	}
	return dst
}

// orgWords mark a counterparty's name as an organisation's: companies,
// cooperatives, village groups, firms, schools and the like.
var orgWords = []string{
	"公司", "有限", "集团", "合作社", "合作联社", "股份", "企业", "厂", "商行", "商店", "超市", "门市", "经营部",
	"中心", "委员会", "村民小组", "经济组织", "协会", "学会", "基金会", "学校", "小学", "中学", "学院", "大学", "幼儿园",
	"医院", "卫生院", "诊所", "银行", "信用社", "事务所", "工作室", "农场", "林场", "牧场", "养殖场", "种植场",
	"政府", "街道办", "办事处", "管理局", "管理所", "站", "研究所", "设计院", "俱乐部", "联合会", "车队", "工程队",
}

// IsOrganisation reports whether a counterparty's name is an
// organisation's: it holds one of the words that Chinese organisations'
// names end in (公司, 合作社, 村民小组, 学校 …), or Latin letters with a
// company suffix (Co., Ltd, Inc).
func IsOrganisation(name string) bool { return isOrganisation([]byte(name)) }

func isOrganisation(name []byte) bool {
	for _, w := range orgWordBytes {
		if bytes.Contains(name, w) {
			return true
		}
	}
	l := bytes.ToLower(name)
	for _, w := range []string{"co.", "co,", " co ", "ltd", "inc", "corp", "llc", "gmbh"} {
		if bytes.Contains(l, []byte(w)) || bytes.HasSuffix(l, []byte(strings.TrimSpace(w))) {
			return true
		}
	}
	return false
}

var orgWordBytes = func() [][]byte {
	out := make([][]byte, len(orgWords))
	for i, w := range orgWords {
		out[i] = []byte(w)
	}
	return out
}()

// MaskPartyName masks the name of a counterparty, who may be a person or
// an organisation: an organisation's name (IsOrganisation) is kept, with
// any resident ID number in it masked; anything else is taken for a
// person's name and masked as MaskName does. A person's name with an
// organisation word in it is therefore kept; the other way round, an
// unusual organisation name is masked, which hides more than needed.
func MaskPartyName(s string) string { return string(AppendMaskPartyName(nil, []byte(s))) }

// AppendMaskPartyName appends MaskPartyName of name to dst and returns it.
func AppendMaskPartyName(dst, name []byte) []byte {
	if isOrganisation(name) {
		if !MayHoldID(name) {
			return append(dst, name...)
		}
		return append(dst, MaskIDs(string(name))...)
	}
	return AppendMaskName(dst, name)
}

// AccountKey is the form of a bank account number that is pseudonymised:
// full-width digits and letters folded, spaces and hyphens dropped,
// letters upper-cased, so that "6222 0000 1234 5678" and "6222000012345678"
// are the same account. Empty means no account.
func AccountKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == '\u3000':
			continue
		}
		switch {
		case unicode.IsSpace(r) || r == '-' || r == '\u200b' || r == '\ufeff':
			continue
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
