package calendar

import (
	"fmt"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// Describe says in words when a schedule's reception days are, for staff
// reading the schedules page: "всеки понеделник, 9:00–12:00, по 15
// минути" or "every Monday, 9:00–12:00, 15 minutes each". It says what
// the schedule form can build (weekly on chosen days, every N weeks, the
// nth weekday of the month, an end date) and returns "" for any other
// rule, which the page then shows as it is.
func Describe(r *Rule, length, slot time.Duration, lang string) string {
	if r == nil || r.rule == nil {
		return ""
	}
	o := r.rule.OrigOptions
	if len(o.Byweekday) == 0 || o.Count != 0 || len(o.Bymonth)+len(o.Bymonthday)+len(o.Byyearday)+len(o.Byweekno) > 0 ||
		len(o.Byhour)+len(o.Byminute)+len(o.Bysecond) > 0 || len(r.rdates) > 0 {
		return ""
	}
	var days string
	switch o.Freq {
	case rrule.WEEKLY:
		if len(o.Bysetpos) > 0 || hasNth(o.Byweekday) {
			return ""
		}
		days = weeklyWords(o.Byweekday, max(o.Interval, 1), lang)
	case rrule.MONTHLY:
		nth := o.Bysetpos
		if len(nth) == 0 {
			for _, d := range o.Byweekday {
				if d.N() == 0 || (len(nth) > 0 && nth[0] != d.N() && len(o.Byweekday) > 1) {
					return ""
				}
				nth = appendNew(nth, d.N())
			}
		}
		if max(o.Interval, 1) != 1 || len(nth) == 0 {
			return ""
		}
		for _, n := range nth {
			if n == 0 || n < -1 || n > 4 {
				return ""
			}
		}
		days = monthlyWords(o.Byweekday, nth, lang)
	default:
		return ""
	}
	start := r.Start()
	text := days + ", " + clockWords(start) + "–" + clockWords(start.Add(length)) + ", " + minutesWords(int(slot/time.Minute), lang)
	if !o.Until.IsZero() {
		until := o.Until.In(Sofia)
		if lang == "en" {
			text += ", until " + fmt.Sprintf("%d %s %d", until.Day(), until.Month(), until.Year())
		} else {
			text += ", до " + fmt.Sprintf("%d %s %d г.", until.Day(), monthsBG[until.Month()], until.Year())
		}
	}
	return text
}

func hasNth(days []rrule.Weekday) bool {
	for _, d := range days {
		if d.N() != 0 {
			return true
		}
	}
	return false
}

func appendNew(list []int, n int) []int {
	for _, x := range list {
		if x == n {
			return list
		}
	}
	return append(list, n)
}

// goWeekday turns rrule's day (0 Monday … 6 Sunday) into Go's.
func goWeekday(d rrule.Weekday) time.Weekday { return time.Weekday((d.Day() + 1) % 7) }

// feminineBG: сряда, събота and неделя take "всяка", "първа"; the rest
// are masculine.
func feminineBG(d time.Weekday) bool {
	return d == time.Wednesday || d == time.Saturday || d == time.Sunday
}

// inBG is "в понеделник", but "във вторник" (before в/ф Bulgarian says "във").
func inBG(d time.Weekday) string {
	name := weekdaysBG[d]
	if strings.HasPrefix(name, "в") || strings.HasPrefix(name, "ф") {
		return "във " + name
	}
	return "в " + name
}

func weeklyWords(days []rrule.Weekday, every int, lang string) string {
	var words []string
	for _, rd := range days {
		d := goWeekday(rd)
		switch {
		case lang == "en":
			words = append(words, d.String())
		case every == 1 && feminineBG(d):
			words = append(words, "всяка "+weekdaysBG[d])
		case every == 1:
			words = append(words, "всеки "+weekdaysBG[d])
		default:
			words = append(words, inBG(d))
		}
	}
	list := joinAnd(words, lang)
	switch {
	case lang == "en" && every == 1:
		return "every " + list
	case lang == "en" && every == 2:
		return "every other week on " + list
	case lang == "en":
		return fmt.Sprintf("every %d weeks on %s", every, list)
	case every == 1:
		return list
	case every == 2:
		return "през седмица " + list
	default:
		return fmt.Sprintf("на всеки %d седмици %s", every, list)
	}
}

var (
	ordinalsEN   = map[int]string{1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
	ordinalsBGm  = map[int]string{1: "първи", 2: "втори", 3: "трети", 4: "четвърти", -1: "последен"}
	ordinalsBGf  = map[int]string{1: "първа", 2: "втора", 3: "трета", 4: "четвърта", -1: "последна"}
	quantifierBG = map[bool]string{false: "всеки", true: "всяка"}
)

func monthlyWords(days []rrule.Weekday, nth []int, lang string) string {
	var words []string
	for _, rd := range days {
		d := goWeekday(rd)
		var ords []string
		for _, n := range nth {
			switch {
			case lang == "en":
				ords = append(ords, ordinalsEN[n])
			case feminineBG(d):
				ords = append(ords, ordinalsBGf[n])
			default:
				ords = append(ords, ordinalsBGm[n])
			}
		}
		if lang == "en" {
			words = append(words, "the "+joinAnd(ords, lang)+" "+d.String())
		} else {
			words = append(words, quantifierBG[feminineBG(d)]+" "+joinAnd(ords, lang)+" "+weekdaysBG[d])
		}
	}
	if lang == "en" {
		return joinAnd(words, lang) + " of each month"
	}
	return joinAnd(words, lang) + " от месеца"
}

// joinAnd lists words as people do: "a, b и c" or "a, b and c".
func joinAnd(words []string, lang string) string {
	and := " и "
	if lang == "en" {
		and = " and "
	}
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + and + words[len(words)-1]
}

// clockWords writes a time of day the way people write it: 9:00, 14:30.
func clockWords(t time.Time) string {
	t = t.In(Sofia)
	return fmt.Sprintf("%d:%02d", t.Hour(), t.Minute())
}

// minutesWords is "по 15 минути" or "15 minutes each"; CLDR's plural
// rules for both languages have "one" for exactly 1 and "other" for the rest.
func minutesWords(n int, lang string) string {
	switch {
	case lang == "en" && n == 1:
		return "1 minute each"
	case lang == "en":
		return fmt.Sprintf("%d minutes each", n)
	case n == 1:
		return "по 1 минута"
	default:
		return fmt.Sprintf("по %d минути", n)
	}
}
