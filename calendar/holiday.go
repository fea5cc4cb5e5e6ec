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
// The library names them in Bulgarian only; the English names are ours.
var fixedHolidays = []struct {
	month    time.Month
	day      int
	name, en string
}{
	{time.January, 1, bg.NewYear.Name, "New Year's Day"},
	{time.March, 3, bg.LiberationDay.Name, "Liberation Day"},
	{time.May, 1, bg.LabourDay.Name, "Labour Day"},
	{time.May, 6, bg.StGeorgesDay.Name, "St George's Day, the Day of Bravery and the Bulgarian Army"},
	{time.May, 24, bg.StCyrilAndMethodiusDay.Name, "Day of Saints Cyril and Methodius, the Bulgarian Alphabet, Education and Culture"},
	{time.September, 6, bg.UnificationDay.Name, "Unification Day"},
	{time.September, 22, bg.IndependenceDay.Name, "Independence Day"},
	{time.December, 24, bg.ChristmasEve.Name, "Christmas Eve"},
	{time.December, 25, bg.ChristmasDay.Name, "Christmas Day"},
	{time.December, 26, bg.ChristmasDay2.Name, "Second Day of Christmas"},
}

// easterDays are offsets from Orthodox Easter Sunday.
var easterDays = []struct {
	offset   int
	name, en string
}{
	{-2, "Велики петък", "Good Friday"},
	{-1, "Велика събота", "Holy Saturday"},
	{0, "Великден", "Easter Sunday"},
	{1, "Великден (понеделник)", "Easter Monday"},
}

// holidayName is a day off's name in Bulgarian and in English.
type holidayName struct{ bg, en string }

// holidays caches each year's days off.
var holidays struct {
	sync.Mutex
	byYear map[int]map[Date]holidayName
}

// Holiday reports whether d is a Bulgarian public holiday, or the working
// day given off for one that fell on a weekend, and gives its name.
func Holiday(d Date) (name string, ok bool) {
	n, ok := holidayOn(d)
	return n.bg, ok
}

// HolidayNames is Holiday with the name in both languages.
func HolidayNames(d Date) (bg, en string, ok bool) {
	n, ok := holidayOn(d)
	return n.bg, n.en, ok
}

func holidayOn(d Date) (holidayName, bool) {
	holidays.Lock()
	defer holidays.Unlock()
	if holidays.byYear == nil {
		holidays.byYear = make(map[int]map[Date]holidayName)
	}
	year, ok := holidays.byYear[d.Year]
	if !ok {
		year = holidaysOf(d.Year)
		holidays.byYear[d.Year] = year
	}
	name, ok := year[d]
	return name, ok
}

func holidaysOf(year int) map[Date]holidayName {
	days := make(map[Date]holidayName)
	var fixed []Date
	for _, h := range fixedHolidays {
		d := Date{year, h.month, h.day}
		days[d] = holidayName{h.name, h.en}
		fixed = append(fixed, d)
	}
	for _, e := range easterDays {
		t := cal.CalcEasterOffset(&cal.Holiday{Julian: true, Offset: e.offset}, year)
		days[Date{t.Year(), t.Month(), t.Day()}] = holidayName{e.name, e.en}
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
		days[next] = holidayName{days[d].bg + " (почивен ден вместо празника в почивен ден)",
			days[d].en + " (a day off in place of the holiday on a weekend)"}
	}
	return days
}

func weekend(d Date) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}
