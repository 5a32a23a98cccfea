package dashboards

import (
	"strconv"
	"time"
)

// Period is the headline period of the leadership overview: from January 1
// of the year before the run's as-of year through the as-of date, both days
// included. For as-of 2017-05-31 it is 2016-01-01..2017-05-31, the seed's
// "2016 to the end of May of the following year".
type Period struct {
	From, To time.Time // first and last day, at midnight UTC
}

// HeadlinePeriod returns the headline period for the as-of date.
func HeadlinePeriod(asOf time.Time) Period {
	to := time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, time.UTC)
	return Period{From: time.Date(asOf.Year()-1, time.January, 1, 0, 0, 0, 0, time.UTC), To: to}
}

// Year is the last full calendar year before the as-of date (the as-of year
// − 1): the year the year-on-year change of accusation-type reports and the
// satisfaction index refer to.
func (p Period) Year() int { return p.To.Year() - 1 }

// SurveyPeriod is Year as the surveys ledger writes a yearly period, "YYYY".
func (p Period) SurveyPeriod() string { return strconv.Itoa(p.Year()) }

// args are the query parameters $1 (first day) and $2 (last day).
func (p Period) args() []any { return []any{p.From, p.To} }
