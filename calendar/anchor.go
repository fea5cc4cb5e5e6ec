package calendar

import (
	"time"

	"github.com/teambition/rrule-go"
)

// rrule-go walks a rule from its DTSTART on every query, so a reception
// day ten years old cost ten years of iteration to find next week's slots.
// Expanding instead from an anchor near the window keeps the cost flat: the
// anchor is the start of the rule's period (day, week from WKST, month or
// year) that lies a whole number of INTERVALs after DTSTART's period, at or
// before the window. Every BYxxx part, BYSETPOS included, works within one
// period, so from the anchor on the occurrences are exactly those of the
// rule expanded from DTSTART. What rrule-go would have taken from DTSTART
// (the day of the month, the weekday, the time of day) is written out
// first. A rule with COUNT numbers its occurrences from DTSTART and is not
// anchored; COUNT ≤ maxCount bounds its cost anyway.

// between returns the RRULE's occurrences in [from, to], both ends
// included, as rrule-go's Between does.
func (r *Rule) between(from, to time.Time) []time.Time {
	if a := r.anchored(from); a != nil {
		return a.Between(from, to, true)
	}
	return r.rule.Between(from, to, true)
}

// anchored returns the rule restarted at its anchor for a window that
// begins at from, or nil when expanding from DTSTART costs no more.
func (r *Rule) anchored(from time.Time) *rrule.RRule {
	opt := r.rule.Options // with rrule-go's defaults from DTSTART filled in
	start := r.dtstart
	if opt.Count > 0 || !from.After(start) {
		return nil
	}
	n := max(opt.Interval, 1)
	// Periods are counted in DTSTART's zone: Sofia, or UTC for a rule
	// given in UTC.
	loc := start.Location()
	day, fromDay := dateIn(start, loc), dateIn(from, loc)
	midnight := func(d Date) time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc) }
	var anchor time.Time
	switch opt.Freq {
	case rrule.DAILY:
		anchor = midnight(day.AddDays(daysBetween(day, fromDay) / n * n))
	case rrule.WEEKLY:
		week := weekStart(day, opt.Wkst.Day())
		anchor = midnight(week.AddDays(daysBetween(week, fromDay) / 7 / n * n * 7))
	case rrule.MONTHLY:
		months := (fromDay.Year-day.Year)*12 + int(fromDay.Month) - int(day.Month)
		anchor = time.Date(day.Year, day.Month+time.Month(months/n*n), 1, 0, 0, 0, 0, loc)
	case rrule.YEARLY:
		anchor = time.Date(day.Year+(fromDay.Year-day.Year)/n*n, 1, 1, 0, 0, 0, 0, loc)
	default:
		return nil
	}
	if !anchor.After(start) {
		return nil
	}
	opt.Dtstart = anchor
	opt.Byhour, opt.Byminute, opt.Bysecond = []int{start.Hour()}, []int{start.Minute()}, []int{start.Second()}
	a, err := rrule.NewRRule(opt)
	if err != nil {
		return nil
	}
	return a
}

// dateIn returns the civil date of t in loc.
func dateIn(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return Date{y, m, d}
}

// daysBetween returns the number of days from a to b.
func daysBetween(a, b Date) int {
	ta := time.Date(a.Year, a.Month, a.Day, 12, 0, 0, 0, time.UTC)
	tb := time.Date(b.Year, b.Month, b.Day, 12, 0, 0, 0, time.UTC)
	return int(tb.Sub(ta).Hours()) / 24
}

// weekStart returns the first day of d's week for a week that starts on
// wkst, counted as rrule-go does: 0 for Monday to 6 for Sunday.
func weekStart(d Date, wkst int) Date {
	weekday := (int(d.Weekday()) + 6) % 7
	return d.AddDays(-((weekday - wkst + 7) % 7))
}
