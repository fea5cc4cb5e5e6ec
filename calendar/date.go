package calendar

import (
	"fmt"
	"time"
	_ "time/tzdata" // Europe/Sofia must resolve on machines without zoneinfo.
)

// Sofia is the time zone every reception day is defined and shown in.
var Sofia = mustLoadLocation("Europe/Sofia")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(fmt.Sprintf("calendar: load %s: %v", name, err))
	}
	return loc
}

// Date is a civil date in Sofia, without a time of day.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the Sofia calendar date of the instant t.
func DateOf(t time.Time) Date {
	y, m, d := t.In(Sofia).Date()
	return Date{y, m, d}
}

// ParseDate parses "YYYY-MM-DD".
func ParseDate(s string) (Date, error) {
	t, err := time.ParseInLocation(time.DateOnly, s, Sofia)
	if err != nil {
		return Date{}, fmt.Errorf("calendar: %q is not a date of the form YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// Start returns midnight at the start of d in Sofia.
func (d Date) Start() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, Sofia)
}

// AddDays returns the date n days after d (before, when n is negative).
func (d Date) AddDays(n int) Date {
	y, m, day := time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC).Date()
	return Date{y, m, day}
}

// Before reports whether d comes before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmp(d.Year, o.Year)
	case d.Month != o.Month:
		return cmp(int(d.Month), int(o.Month))
	default:
		return cmp(d.Day, o.Day)
	}
}

func cmp(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.Start().Weekday() }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}
