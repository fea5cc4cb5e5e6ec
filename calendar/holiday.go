package calendar

import (
	"slices"
	"sync"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/bg"
)

// Bulgarian public holidays (Labour Code, art. 154): ten fixed dates and
// four days of Orthodox Easter. A fixed holiday that falls on a Saturday or
// Sunday closes that day and also gives the first working day after it
// off; several such holidays in a row give as many working days.
var fixedHolidays = []struct {
	month time.Month
	day   int
	name  string
}{
	{time.January, 1, bg.NewYear.Name},
	{time.March, 3, bg.LiberationDay.Name},
	{time.May, 1, bg.LabourDay.Name},
	{time.May, 6, bg.StGeorgesDay.Name},
	{time.May, 24, bg.StCyrilAndMethodiusDay.Name},
	{time.September, 6, bg.UnificationDay.Name},
	{time.September, 22, bg.IndependenceDay.Name},
	{time.December, 24, bg.ChristmasEve.Name},
	{time.December, 25, bg.ChristmasDay.Name},
	{time.December, 26, bg.ChristmasDay2.Name},
}

// easterDays are offsets from Orthodox Easter Sunday.
var easterDays = []struct {
	offset int
	name   string
}{
	{-2, "Велики петък"},
	{-1, "Велика събота"},
	{0, "Великден"},
	{1, "Великден (понеделник)"},
}

// holidays caches each year's days off.
var holidays struct {
	sync.Mutex
	byYear map[int]map[Date]string
}

// Holiday reports whether d is a Bulgarian public holiday, or the working
// day given off for one that fell on a weekend, and gives its name.
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
	var fixed []Date
	for _, h := range fixedHolidays {
		d := Date{year, h.month, h.day}
		days[d] = h.name
		fixed = append(fixed, d)
	}
	for _, e := range easterDays {
		t := cal.CalcEasterOffset(&cal.Holiday{Julian: true, Offset: e.offset}, year)
		days[Date{t.Year(), t.Month(), t.Day()}] = e.name
	}
	slices.SortFunc(fixed, func(a, b Date) int { return a.Compare(b) })
	for _, d := range fixed {
		if !weekend(d) {
			continue
		}
		next := d.AddDays(1)
		for _, taken := days[next]; weekend(next) || taken; _, taken = days[next] {
			next = next.AddDays(1)
		}
		days[next] = days[d] + " (почивен ден вместо празника в почивен ден)"
	}
	return days
}

func weekend(d Date) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}
