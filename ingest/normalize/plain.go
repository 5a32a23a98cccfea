package normalize

import (
	"strconv"
	"unsafe"
)

// The plain faces. Nearly every value of a real ledger is written in its
// type's one plain form: 2017-05-03, 1234.50, 12, 是. The plain faces read
// those forms and nothing else, from bytes, without allocating: the CSV
// pre-pass (ingest/csvprep) checks every value of a record with them and
// hands the clean records to DuckDB already typed, so that only the other
// records need the general parsers (the SQL faces). Each plain face takes
// a subset of what its Go parser takes, and gives the same value:
// TestPlainAgrees checks it against the Go and the SQL faces. A value it
// refuses is not invalid, only not plain.

// PlainDate reads YYYY-MM-DD, a real day in years MinYear..MaxYear, and
// returns it as days since 1970-01-01 (Arrow's date32, DuckDB's DATE).
func PlainDate(v []byte) (days int32, ok bool) {
	if len(v) != 10 || v[4] != '-' || v[7] != '-' {
		return 0, false
	}
	if !allDigits(v[0:4]) || !allDigits(v[5:7]) || !allDigits(v[8:10]) {
		return 0, false
	}
	y := int(v[0]-'0')*1000 + int(v[1]-'0')*100 + int(v[2]-'0')*10 + int(v[3]-'0')
	m := int(v[5]-'0')*10 + int(v[6]-'0')
	d := int(v[8]-'0')*10 + int(v[9]-'0')
	if y < MinYear || y > MaxYear || !validDate(y, m, d) {
		return 0, false
	}
	return civilDays(y, m, d), true
}

// civilDays counts the days from 1970-01-01 to y-m-d (proleptic Gregorian,
// y ≥ 1), with March as the first month of the year.
func civilDays(y, m, d int) int32 {
	if m <= 2 {
		y--
		m += 12
	}
	era := y / 400 // y ≥ 0: no negative years to round
	yoe := y - era*400
	doy := (153*(m-3)+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int32(era*146097 + doe - 719468)
}

// PlainAmount reads an optional minus, 1 to 13 digits, and optionally a
// point and one or two digits, and returns it in cents (fen): the amounts
// ParseAmount reads to the same value, below MaxAmount.
func PlainAmount(v []byte) (cents int64, ok bool) {
	neg := len(v) > 0 && v[0] == '-'
	if neg {
		v = v[1:]
	}
	whole, frac := v, v[:0]
	for i, c := range v {
		if c == '.' {
			whole, frac = v[:i], v[i+1:]
			if len(frac) < 1 || len(frac) > 2 || !allDigits(frac) {
				return 0, false
			}
			break
		}
	}
	if len(whole) > 13 || !allDigits(whole) {
		return 0, false
	}
	for _, d := range whole {
		cents = cents*10 + int64(d-'0')
	}
	cents *= 100
	switch len(frac) {
	case 1:
		cents += int64(frac[0]-'0') * 10
	case 2:
		cents += int64(frac[0]-'0')*10 + int64(frac[1]-'0')
	}
	if neg {
		cents = -cents
	}
	return cents, true
}

// PlainCount reads 1 to 15 digits: a count as ParseCount reads it. (A
// sign is not plain: a negative count has its own reason.)
func PlainCount(v []byte) (int64, bool) {
	if len(v) > 15 || !allDigits(v) {
		return 0, false
	}
	var n int64
	for _, d := range v {
		n = n*10 + int64(d-'0')
	}
	return n, true
}

// PlainFloat reads digits, and optionally a point and digits, 15 digits in
// all: a measure (an area, a term) as DuckDB's DOUBLE cast and
// strconv.ParseFloat both read it, correctly rounded.
func PlainFloat(v []byte) (float64, bool) {
	whole, frac, point := v, v[:0], false
	for i, c := range v {
		if c == '.' {
			whole, frac, point = v[:i], v[i+1:], true
			break
		}
	}
	if !allDigits(whole) || len(whole)+len(frac) > 15 || (point && !allDigits(frac)) {
		return 0, false
	}
	f, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(v), len(v)), 64)
	return f, err == nil
}

// PlainBool reads one of TrueLabels or FalseLabels exactly as listed (是,
// 否, y, 1, √ …).
func PlainBool(v []byte) (value, ok bool) {
	for _, l := range TrueLabels {
		if string(v) == l {
			return true, true
		}
	}
	for _, l := range FalseLabels {
		if string(v) == l {
			return false, true
		}
	}
	return false, false
}

// allDigits reports whether v is one or more ASCII digits.
func allDigits(v []byte) bool {
	for _, c := range v {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(v) > 0
}
