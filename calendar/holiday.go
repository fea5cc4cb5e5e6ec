package calendar

import (
	"sync"
	"time"

	"github.com/rickar/cal/v2/bg"
)

// holidays caches, per year, the Bulgarian public holidays: both the day
// itself and the working day it moves to when it falls on a weekend, since
// offices are closed on both.
var holidays struct {
	sync.Mutex
	byYear map[int]map[Date]string
}

// Holiday reports whether d is a Bulgarian public holiday (or the weekday
// that replaces one falling on a weekend) and gives its name.
func Holiday(d Date) (name string, ok bool) {
	holidays.Lock()
	defer holidays.Unlock()
	if holidays.byYear == nil {
		holidays.byYear = make(map[int]map[Date]string)
	}
	year, ok := holidays.byYear[d.Year]
	if !ok {
		year = holidaysOf(d.Year)
		holidays.byYear[d.Year] = year
	}
	name, ok = year[d]
	return name, ok
}

func holidaysOf(year int) map[Date]string {
	days := make(map[Date]string)
	// A holiday of December may be observed in January of the next year, so
	// the previous year's list is consulted too.
	for _, y := range []int{year - 1, year} {
		for _, h := range bg.Holidays {
			actual, observed := h.Calc(y)
			for _, t := range []time.Time{actual, observed} {
				if t.IsZero() {
					continue
				}
				y2, m, dd := t.Date()
				if y2 == year {
					days[Date{y2, m, dd}] = h.Name
				}
			}
		}
	}
	return days
}
