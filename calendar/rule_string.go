package calendar

import (
	"slices"
	"strings"
	"time"
)

// String returns the rule as normalised RFC 5545 text, one property a line.
func (r *Rule) String() string {
	var b strings.Builder
	if r.utc {
		b.WriteString("DTSTART:" + r.dtstart.Format("20060102T150405Z"))
	} else {
		b.WriteString("DTSTART;TZID=Europe/Sofia:" + r.dtstart.In(Sofia).Format("20060102T150405"))
	}
	if r.rule != nil {
		b.WriteString("\nRRULE:" + r.rule.OrigOptions.RRuleString())
	}
	if len(r.rdates) > 0 {
		b.WriteString("\nRDATE;TZID=Europe/Sofia:" + joinTimes(r.rdates))
	}
	if len(r.exdates) > 0 {
		var ts []time.Time
		for t := range r.exdates {
			ts = append(ts, t.In(Sofia))
		}
		slices.SortFunc(ts, time.Time.Compare)
		b.WriteString("\nEXDATE;TZID=Europe/Sofia:" + joinTimes(ts))
	}
	if len(r.exdays) > 0 {
		var ds []string
		for d := range r.exdays {
			ds = append(ds, strings.ReplaceAll(d.String(), "-", ""))
		}
		slices.Sort(ds)
		b.WriteString("\nEXDATE;VALUE=DATE:" + strings.Join(ds, ","))
	}
	return b.String()
}

func joinTimes(ts []time.Time) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = t.In(Sofia).Format("20060102T150405")
	}
	return strings.Join(s, ",")
}
