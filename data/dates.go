package data

import (
	"sync"
	"time"
)

// day counts days from 2015-01-01, the first day of the generated world.
type day int32

var epoch = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)

const (
	// firstDay and lastDay bound every dated row: 2015-01-01 to 2017-05-31.
	firstDay day = 0
	lastDay  day = 881
	// seedFrom is the first day of the seed's window, 2016-01-01.
	seedFrom day = 365
	// months is the number of calendar months in the world, 2015-01 to 2017-05.
	months = 29
)

// dayOf returns the day of a calendar date.
func dayOf(y int, m time.Month, d int) day {
	return day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(epoch) / (24 * time.Hour))
}

func (d day) time() time.Time { return epoch.AddDate(0, 0, int(d)) }

// dayStrings caches the ISO form of days from 1915 to 2019.
var (
	dayStringsOnce sync.Once
	dayStrings     []string
	dayCacheFrom   = dayOf(1915, 1, 1)
	dayCacheTo     = dayOf(2019, 12, 31)
)

// String returns the date as YYYY-MM-DD.
func (d day) String() string {
	if d < dayCacheFrom || d > dayCacheTo {
		return d.time().Format(time.DateOnly)
	}
	dayStringsOnce.Do(func() {
		dayStrings = make([]string, dayCacheTo-dayCacheFrom+1)
		for i := range dayStrings {
			dayStrings[i] = (dayCacheFrom + day(i)).time().Format(time.DateOnly)
		}
	})
	return dayStrings[d-dayCacheFrom]
}

// weekday returns the day of the week; 2015-01-01 was a Thursday.
func (d day) weekday() time.Weekday {
	w := (int(d) + int(time.Thursday)) % 7
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}

// workday moves a Saturday back to Friday and a Sunday on to Monday.
func (d day) workday() day {
	switch d.weekday() {
	case time.Saturday:
		return d - 1
	case time.Sunday:
		return d + 1
	}
	return d
}

// year returns the calendar year of d.
func (d day) year() int { return d.time().Year() }

// monthStart returns the first day of month m (0 = 2015-01).
func monthStart(m int) day { return dayOf(2015+m/12, time.Month(m%12+1), 1) }

// monthOf returns the month index of d (0 = 2015-01).
func monthOf(d day) int {
	t := d.time()
	return (t.Year()-2015)*12 + int(t.Month()) - 1
}

// clampDay keeps d within [lo, hi].
func clampDay(d, lo, hi day) day { return max(lo, min(hi, d)) }

// yearStart returns January 1 of year y.
func yearStart(y int) day { return dayOf(y, 1, 1) }
