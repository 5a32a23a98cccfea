package normalize

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"time"
)

// Year bounds of a plausible ledger date; values outside are invalid.
const (
	MinYear = 1900
	MaxYear = 2100
)

// Excel serial dates. In the 1900 date system serial 1 is 1900-01-01 and, after
// Lotus 1-2-3's phantom 1900-02-29 (serial 60), serial n is day n counted from
// 1899-12-30; in the 1904 system serial 0 is 1904-01-01. The offsets below are
// the serials of 1970-01-01, the Unix epoch.
const (
	excelEpoch1900     = 25569   // serial of 1970-01-01, 1900 system, serial ≥ 61
	excelEpoch1900Lo   = 25568   // the same for serials 1–59 (before the phantom day)
	excelEpoch1904     = 24107   // serial of 1970-01-01, 1904 system
	excelLeapBugSerial = 60      // 1900-02-29, which does not exist
	excelMaxSerial     = 2958466 // first serial past 9999-12-31 (1900 system)
	secondsPerDay      = 86400
)

// Unix seconds of the first and last second of years MinYear..MaxYear.
var (
	minUnix = time.Date(MinYear, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	maxUnix = time.Date(MaxYear+1, 1, 1, 0, 0, 0, 0, time.UTC).Unix() - 1
)

// datePattern matches, after FoldWidth and Text, either a calendar date,
// year first,
//
//	2017-05-03  2017/5/3  2017.5.3  2017年5月3日  2017 年 5 月 3 日  20170503
//
// optionally followed by a time after spaces, "T" or "日",
//
//	8:00  14:22:01  14:22:01.123456
//
// or an Excel serial date: up to 7 digits and an optional fraction (eight
// digits are read as yyyymmdd). Groups: y m d (separated form), cy cm cd
// (compact form), hh mi ss frac, serial. Mixed separators (2017-5/3) are
// accepted. The pattern checks the time of day (hours 0–23, minutes and
// seconds 0–59); the year and the calendar are checked after it.
const datePattern = `^(?:(?:` +
	`([0-9]{4}) *(?:[-/.]|年) *([0-9]{1,2}) *(?:[-/.]|月) *([0-9]{1,2})` +
	`|([0-9]{4})([0-9]{2})([0-9]{2})` +
	`)(?: *日|(?: *T *| +| *日 *)([01]?[0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9])(?:\.([0-9]+))?)?)?` +
	`|([0-9]{1,7}(?:\.[0-9]+)?))$`

// dateGroups names the groups of datePattern for DuckDB's regexp_extract.
var dateGroups = []string{"y", "m", "d", "cy", "cm", "cd", "hh", "mi", "ss", "frac", "serial"}

// isoDatePattern is the common case, which the SQL face reads with DuckDB's
// own DATE cast.
const isoDatePattern = `[0-9]{4}-[0-9]{2}-[0-9]{2}`

var dateRE = regexp.MustCompile(datePattern)

// ParseDate parses a ledger date with an optional time of day and returns it
// in UTC. It accepts, after FoldWidth and Text (so full-width digits work):
//
//   - year-first dates: 2017-05-03, 2017-5-3, 2017/5/3, 2017.5.3, 2017年5月3日,
//     20170503;
//   - each followed by a time: 2017-05-03 14:22:01, 2017/5/3 8:00,
//     2017-05-03T14:22:01, 2017年5月3日14:22, seconds with a fraction (kept
//     to the microsecond, further digits are truncated);
//   - Excel serial dates in the 1900 date system (see ExcelSerialDate), with
//     a fraction for the time of day: 42858, 42858.5.
//
// It rejects impossible dates (2017-02-30, 25:00), years outside
// MinYear..MaxYear, and plain numbers whose whole part lies in
// MinYear..MaxYear (2017, 2017.5): as serials they would be dates in 1905,
// but in a ledger they are years typed into a date column.
//
// An empty value gives ErrEmpty; anything else that is not a date gives an
// error wrapping ErrInvalid. SQLTimestamp and SQLDate are the SQL faces.
func ParseDate(s string) (time.Time, error) {
	return parseDate(s, false)
}

// ParseDate1904 is ParseDate for workbooks in the 1904 date system: only the
// reading of Excel serial numbers differs. SQLTimestamp1904 and SQLDate1904
// are its SQL faces.
func ParseDate1904(s string) (time.Time, error) {
	return parseDate(s, true)
}

func parseDate(s string, date1904 bool) (time.Time, error) {
	t := cleaned(s)
	if t == "" {
		return time.Time{}, ErrEmpty
	}
	g := dateRE.FindStringSubmatch(t)
	if g == nil {
		return time.Time{}, fmt.Errorf("%w date %q: not a recognised date format", ErrInvalid, s)
	}
	if serial := g[11]; serial != "" {
		v, err := strconv.ParseFloat(serial, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("%w date %q: %v", ErrInvalid, s, err)
		}
		if whole := math.Floor(v); whole >= MinYear && whole <= MaxYear {
			return time.Time{}, fmt.Errorf("%w date %q: a year, not a date", ErrInvalid, s)
		}
		tm, err := ExcelSerialDate(v, date1904)
		if err != nil {
			return time.Time{}, fmt.Errorf("%w date %q: %v", ErrInvalid, s, err)
		}
		return tm, nil
	}
	y, m, d := atoi(g[1]+g[4]), atoi(g[2]+g[5]), atoi(g[3]+g[6])
	hh, mi, ss := atoi(g[7]), atoi(g[8]), atoi(g[9]) // in range: checked by the pattern
	switch {
	case y < MinYear || y > MaxYear:
		return time.Time{}, fmt.Errorf("%w date %q: year outside %d..%d", ErrInvalid, s, MinYear, MaxYear)
	case !validDate(y, m, d):
		return time.Time{}, fmt.Errorf("%w date %q: no such day", ErrInvalid, s)
	}
	us := atoi(fracMicros(g[10]))
	return time.Date(y, time.Month(m), d, hh, mi, ss, us*1000, time.UTC), nil
}

// fracMicros turns the digits of a fraction of a second into six digits of
// microseconds: "5" → "500000", "1234567" → "123456".
func fracMicros(frac string) string {
	frac += "000000"
	return frac[:6]
}

// atoi converts a short run of ASCII digits (already matched by a pattern);
// the empty string is 0.
func atoi(s string) int {
	n := 0
	for _, c := range []byte(s) {
		n = n*10 + int(c-'0')
	}
	return n
}

// validDate reports whether y-m-d is a day of the proleptic Gregorian calendar.
func validDate(y, m, d int) bool {
	return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m)
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if (y%4 == 0 && y%100 != 0) || y%400 == 0 {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// ExcelSerialDate converts an Excel serial date to a UTC time. The whole part
// counts days and the fraction is the time of day, rounded to the nearest
// second.
//
// In the 1900 date system (date1904 false) serial 1 is 1900-01-01; Excel, after
// Lotus 1-2-3, counts a 1900-02-29 that never was (serial 60, an error here),
// so from serial 61 (1900-03-01) on, day 0 is 1899-12-30. Serials below 1 are
// an error. In the 1904 date system (Mac Excel before 2011, some workbooks
// still) serial 0 is 1904-01-01.
//
// The result must lie in years MinYear..MaxYear.
func ExcelSerialDate(serial float64, date1904 bool) (time.Time, error) {
	lo := 1.0
	if date1904 {
		lo = 0
	}
	if !(serial >= lo && serial < excelMaxSerial) { // also rejects NaN
		return time.Time{}, fmt.Errorf("%w: serial %v out of range", ErrInvalid, serial)
	}
	days := math.Floor(serial)
	secs := math.Round((serial - days) * secondsPerDay)
	var epoch float64
	switch {
	case date1904:
		epoch = excelEpoch1904
	case days == excelLeapBugSerial:
		return time.Time{}, fmt.Errorf("%w: serial 60 is 1900-02-29, which does not exist", ErrInvalid)
	case days < excelLeapBugSerial:
		epoch = excelEpoch1900Lo
	default:
		epoch = excelEpoch1900
	}
	unix := int64((days-epoch)*secondsPerDay + secs)
	if unix < minUnix || unix > maxUnix {
		return time.Time{}, fmt.Errorf("%w: serial %v is outside years %d..%d", ErrInvalid, serial, MinYear, MaxYear)
	}
	return time.Unix(unix, 0).UTC(), nil
}

// SQLTimestamp is the SQL face of ParseDate: it yields a TIMESTAMP, or NULL
// where ParseDate returns an error.
func SQLTimestamp(x string) string {
	return sqlTimestamp(x, false)
}

// SQLTimestamp1904 is the SQL face of ParseDate1904.
func SQLTimestamp1904(x string) string {
	return sqlTimestamp(x, true)
}

// SQLDate is SQLTimestamp cast to DATE (the time of day dropped).
func SQLDate(x string) string {
	return sqlBind(x, func(x string) string { return sqlDateTimeOf(x, false, true) })
}

// SQLDate1904 is SQLTimestamp1904 cast to DATE.
func SQLDate1904(x string) string {
	return sqlBind(x, func(x string) string { return sqlDateTimeOf(x, true, true) })
}

// sqlTimestampTmpl mirrors parseDate. {x} is the raw text: an ISO date
// there, the common case, is read with DuckDB's own DATE cast, which checks the
// calendar as validDate does (such a value needs no cleaning), and is a DATE
// straight away when a DATE is wanted ({fast}). Other values are cleaned and
// matched with datePattern ({let}, a TIMESTAMP, cast to {type}).
const sqlTimestampTmpl = `CASE
 WHEN regexp_full_match({x}, {iso}) THEN {fast}
 ELSE CAST({let} AS {type})
END`

// sqlDateFieldsTmpl is the rest of parseDate on the groups {r}. Each group
// is read once: DuckDB's DATE cast of y-m-d checks the calendar (and gives
// NULL when the pattern did not match), the pattern has checked the time.
const sqlDateFieldsTmpl = `CASE
 WHEN {serial} <> '' THEN
  CASE WHEN floor({v}) BETWEEN {minYear} AND {maxYear} THEN NULL ELSE {fromSerial} END
 WHEN TRY_CAST({y} AS INTEGER) BETWEEN {minYear} AND {maxYear} THEN
  CAST(TRY_CAST({y} || '-' || {m} || '-' || {d} AS DATE) AS TIMESTAMP)
  + to_hours(coalesce(TRY_CAST({hh} AS BIGINT), 0)) + to_minutes(coalesce(TRY_CAST({mi} AS BIGINT), 0))
  + to_seconds(coalesce(TRY_CAST({ss} AS BIGINT), 0)) + to_microseconds(CAST(left({frac} || '000000', 6) AS BIGINT))
END`

func sqlTimestamp(x string, date1904 bool) string {
	return sqlBind(x, func(x string) string { return sqlDateTimeOf(x, date1904, false) })
}

// sqlDateTimeOf is SQLTimestamp, or SQLDate when asDate.
func sqlDateTimeOf(x string, date1904, asDate bool) string {
	years := []string{"minYear", strconv.Itoa(MinYear), "maxYear", strconv.Itoa(MaxYear)}
	fields := func(r string) string {
		f := func(name string) string { return sqlField(r, name) }
		v := "TRY_CAST(" + f("serial") + " AS DOUBLE)"
		return fill(sqlDateFieldsTmpl, append(years,
			"serial", f("serial"), "v", v, "fromSerial", sqlExcelSerial(v, date1904),
			"y", f("y")+" || "+f("cy"), "m", f("m")+" || "+f("cm"), "d", f("d")+" || "+f("cd"),
			"hh", f("hh"), "mi", f("mi"), "ss", f("ss"), "frac", f("frac"))...)
	}
	groups := "regexp_extract(" + sqlCleaned(x) + ", " + sqlString(datePattern) + ", [" + sqlStrings(dateGroups) + "])"
	fast := fill(`CASE WHEN TRY_CAST({x} AS DATE) BETWEEN DATE '{minYear}-01-01' AND DATE '{maxYear}-12-31' THEN TRY_CAST({x} AS DATE) END`,
		append(years, "x", x)...)
	typ := "DATE"
	if !asDate {
		fast, typ = "CAST("+fast+" AS TIMESTAMP)", "TIMESTAMP"
	}
	return fill(sqlTimestampTmpl, append(years,
		"x", x, "iso", sqlString(isoDatePattern), "fast", fast, "type", typ,
		"let", sqlLet("mr_r", groups, fields))...)
}

// sqlExcelSerial is the SQL face of ExcelSerialDate for the DOUBLE expression
// v: the same arithmetic in DOUBLE, then whole Unix seconds.
func sqlExcelSerial(v string, date1904 bool) string {
	lo, epoch, leap := "1", "CASE WHEN floor({v}) < {leap} THEN {lo1900} ELSE {epoch1900} END", "floor({v}) = {leap}"
	if date1904 {
		lo, epoch, leap = "0", strconv.Itoa(excelEpoch1904), "false"
	}
	unix := "CAST((floor({v}) - " + epoch + ") * {day} + round(({v} - floor({v})) * {day}) AS BIGINT)"
	return fill(`CASE
  WHEN NOT ({v} >= {lo} AND {v} < {max}) THEN NULL
  WHEN `+leap+` THEN NULL
  WHEN `+unix+` NOT BETWEEN {minUnix} AND {maxUnix} THEN NULL
  ELSE make_timestamp(`+unix+` * 1000000)
 END`,
		"v", v, "lo", lo, "max", strconv.Itoa(excelMaxSerial), "leap", strconv.Itoa(excelLeapBugSerial),
		"lo1900", strconv.Itoa(excelEpoch1900Lo), "epoch1900", strconv.Itoa(excelEpoch1900),
		"day", strconv.Itoa(secondsPerDay),
		"minUnix", strconv.FormatInt(minUnix, 10), "maxUnix", strconv.FormatInt(maxUnix, 10))
}
