package calendar

import (
	"slices"
	"time"

	"github.com/teambition/rrule-go"
)

// Pattern is a rule the way the schedule form builds it, so that it can be
// said in words (booking.DescribeSchedule): weekly on chosen days every N
// weeks, or monthly on the nth of chosen weekdays, with an optional end.
type Pattern struct {
	Weekdays []time.Weekday
	Every    int   // weeks; 0 for a monthly pattern
	Ordinals []int // monthly: 1–4 or -1 (last); nil for a weekly pattern
	Start    time.Time
	Until    time.Time // zero for none
}

// Pattern returns the rule as a Pattern, and false for a rule the form
// cannot build (daily, by month day, with a count, with RDATEs…), which
// is then shown as it is.
func (r *Rule) Pattern() (Pattern, bool) {
	if r == nil || r.rule == nil || len(r.rdates) > 0 {
		return Pattern{}, false
	}
	o := r.rule.OrigOptions
	if len(o.Byweekday) == 0 || o.Count != 0 || len(o.Bymonth)+len(o.Bymonthday)+len(o.Byyearday)+len(o.Byweekno) > 0 ||
		len(o.Byhour)+len(o.Byminute)+len(o.Bysecond) > 0 {
		return Pattern{}, false
	}
	p := Pattern{Start: r.Start()}
	if !o.Until.IsZero() {
		p.Until = o.Until.In(Sofia)
	}
	for _, d := range o.Byweekday {
		p.Weekdays = append(p.Weekdays, time.Weekday((d.Day()+1)%7)) // rrule counts from Monday
	}
	switch o.Freq {
	case rrule.WEEKLY:
		if len(o.Bysetpos) > 0 || slices.ContainsFunc(o.Byweekday, func(d rrule.Weekday) bool { return d.N() != 0 }) {
			return Pattern{}, false
		}
		p.Every = max(o.Interval, 1)
	case rrule.MONTHLY:
		if max(o.Interval, 1) != 1 {
			return Pattern{}, false
		}
		p.Ordinals = slices.Clone(o.Bysetpos)
		if len(p.Ordinals) == 0 { // BYDAY=1MO,-1FR: each day its own ordinal; all must agree
			for _, d := range o.Byweekday {
				if d.N() == 0 || (len(p.Ordinals) > 0 && p.Ordinals[0] != d.N()) {
					return Pattern{}, false
				}
				p.Ordinals = []int{d.N()}
			}
		}
		for _, n := range p.Ordinals {
			if n == 0 || n < -1 || n > 4 {
				return Pattern{}, false
			}
		}
	default:
		return Pattern{}, false
	}
	return p, true
}
