package booking

import (
	"fmt"
	"strconv"
	"time"

	"github.com/priemna/priemna/booking/i18n"
	"github.com/priemna/priemna/calendar"
)

// DescribeSchedule says in words when a schedule's reception days are, for
// staff reading the schedules page: "всеки понеделник, 9:00–12:00, по 15
// минути" or "every Monday, 9:00–12:00, 15 minutes each"; "" for a rule
// the schedule form cannot build (calendar.Rule.Pattern), which the page
// then shows as it is. The words, Bulgarian's genders included, are the
// catalogue's ("sched.*").
func DescribeSchedule(sch *Schedule, lang string) string {
	rule, err := calendar.ParseRule(sch.Rule)
	if err != nil {
		return ""
	}
	p, ok := rule.Pattern()
	if !ok {
		return ""
	}
	var days []string
	for _, d := range p.Weekdays {
		wd := strconv.Itoa(int(d))
		switch {
		case p.Ordinals != nil:
			gender := i18n.T(lang, "sched.gender."+wd)
			var ords []string
			for _, n := range p.Ordinals {
				ords = append(ords, i18n.T(lang, "sched.ord."+strconv.Itoa(n)+"."+gender))
			}
			days = append(days, i18n.T(lang, "sched.nth."+wd, andList(lang, ords)))
		case p.Every == 1:
			days = append(days, i18n.T(lang, "sched.every."+wd))
		default:
			days = append(days, i18n.T(lang, "sched.on."+wd))
		}
	}
	when := andList(lang, days)
	switch {
	case p.Ordinals != nil:
		when = i18n.T(lang, "sched.monthly", when)
	case p.Every == 2:
		when = i18n.T(lang, "sched.weekly-other", when)
	case p.Every > 2:
		when = i18n.T(lang, "sched.weekly-n", p.Every, when)
	}
	length := time.Duration(sch.DurationMinutes) * time.Minute
	text := i18n.T(lang, "sched.summary", when, clock(p.Start), clock(p.Start.Add(length)), i18n.N(lang, "sched.minutes", sch.SlotMinutes))
	if !p.Until.IsZero() {
		text = i18n.T(lang, "sched.until", text, p.Until.Day(), i18n.T(lang, "format.month."+strconv.Itoa(int(p.Until.Month()))), p.Until.Year())
	}
	return text
}

// andList joins words as people list them: "a, b и c", "a, b and c".
func andList(lang string, words []string) string {
	if len(words) == 0 {
		return ""
	}
	s := words[0]
	for i := 1; i < len(words); i++ {
		if i == len(words)-1 {
			s = i18n.T(lang, "sched.and", s, words[i])
		} else {
			s += ", " + words[i]
		}
	}
	return s
}

// clock writes a time of day the way people write it in a schedule: 9:00, 14:30.
func clock(t time.Time) string {
	t = t.In(calendar.Sofia)
	return fmt.Sprintf("%d:%02d", t.Hour(), t.Minute())
}
