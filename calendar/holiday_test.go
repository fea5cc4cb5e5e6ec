package calendar

import (
	"fmt"
	"testing"
	"time"
)

// julianEaster computes Orthodox Easter Sunday by the Julian computus
// (Meeus) and converts it to the Gregorian calendar (13 days, 1900–2099),
// independently of the holiday library the code uses.
func julianEaster(y int) Date {
	a, b, c := y%4, y%7, y%19
	d := (19*c + 15) % 30
	e := (2*a + 4*b - d + 34) % 7
	month := (d + e + 114) / 31
	day := (d+e+114)%31 + 1
	return Date{y, time.Month(month), day}.AddDays(13)
}

// daysOff lists a year's days off as the Labour Code states them (art.
// 154), walking the year day by day: every fixed holiday and Easter day is
// off, and each fixed holiday on a Saturday or Sunday is owed back on the
// next working day that is not itself a holiday.
func daysOff(y int) map[Date]bool {
	off := map[Date]bool{}
	fixed := map[Date]bool{}
	for _, md := range [][2]int{{1, 1}, {3, 3}, {5, 1}, {5, 6}, {5, 24}, {9, 6}, {9, 22}, {12, 24}, {12, 25}, {12, 26}} {
		d := Date{y, time.Month(md[0]), md[1]}
		fixed[d], off[d] = true, true
	}
	easter := julianEaster(y)
	for _, k := range []int{-2, -1, 0, 1} {
		off[easter.AddDays(k)] = true
	}
	owed := 0
	for d := (Date{y, time.January, 1}); d.Year == y; d = d.AddDays(1) {
		sat, sun := d.Weekday() == time.Saturday, d.Weekday() == time.Sunday
		if fixed[d] && (sat || sun) {
			owed++
		}
		if !sat && !sun && !off[d] && owed > 0 {
			off[d] = true
			owed--
		}
	}
	return off
}

func TestHolidaysAgreeWithTheLabourCode(t *testing.T) {
	for y := 2026; y <= 2045; y++ {
		want := daysOff(y)
		for d := (Date{y, time.January, 1}); d.Year == y; d = d.AddDays(1) {
			_, got := Holiday(d)
			if got != want[d] {
				t.Errorf("%s (%s): holiday %v, the Labour Code says %v", d, d.Weekday(), got, want[d])
			}
		}
	}
}

func TestHolidayCases(t *testing.T) {
	for _, tc := range []struct {
		d    Date
		want bool
	}{
		{Date{2026, time.April, 10}, true}, // Good Friday
		{Date{2026, time.April, 11}, true}, // Holy Saturday
		{Date{2026, time.April, 12}, true}, // Easter Sunday
		{Date{2026, time.April, 13}, true}, // Easter Monday
		{Date{2027, time.May, 1}, true},    // Labour Day on Holy Saturday
		{Date{2027, time.May, 4}, true},    // given back after Easter Monday
		{Date{2026, time.March, 2}, false}, // an ordinary Monday
		{Date{2026, time.December, 26}, true},
		{Date{2026, time.December, 28}, true}, // for 26 December, a Saturday
		{Date{2026, time.December, 29}, false},
		{Date{2027, time.January, 1}, true},
	} {
		if _, got := Holiday(tc.d); got != tc.want {
			t.Errorf("%s: holiday %v, want %v", tc.d, got, tc.want)
		}
	}
}

// A Saturday reception day is not held on Holy Saturday, nor a weekend one
// on a fixed holiday that falls on the weekend.
func TestWeekendSchedulesSkipHolidays(t *testing.T) {
	s := Schedule{Rule: mustRule(t, "DTSTART;TZID=Europe/Sofia:20260404T090000\nRRULE:FREQ=WEEKLY;BYDAY=SA"),
		Duration: 2 * time.Hour, SlotLength: 30 * time.Minute, ObserveHolidays: true}
	sessions, err := s.Sessions(date("2026-04-01"), date("2026-04-30"), nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ses := range sessions {
		got = append(got, ses.Date.String())
	}
	if want := "[2026-04-04 2026-04-18 2026-04-25]"; fmt.Sprint(got) != want {
		t.Errorf("Saturdays held: %v, want %s", got, want)
	}
}

// A day off given for a holiday on a weekend is named after it, in both
// languages.
func TestHolidayNames(t *testing.T) {
	for _, c := range []struct {
		d      Date
		bg, en string
	}{
		{Date{2026, time.December, 25}, "Коледа", "Christmas Day"},
		{Date{2026, time.December, 28}, "Коледа 2 (почивен ден вместо празника в почивен ден)", "Second Day of Christmas (a day off in place of the holiday on a weekend)"},
		{Date{2026, time.April, 13}, "Великден (понеделник)", "Easter Monday"},
	} {
		if bg, en, ok := HolidayNames(c.d); !ok || bg != c.bg || en != c.en {
			t.Errorf("%v: %q %q %v", c.d, bg, en, ok)
		}
	}
	if _, _, ok := HolidayNames(Date{2026, time.December, 29}); ok {
		t.Error("29 December 2026 is a working day")
	}
}
