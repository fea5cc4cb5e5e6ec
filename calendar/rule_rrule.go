package calendar

// The RRULE value: what rrule-go accepts, narrowed to what makes sense for
// reception days.

import (
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// parseRRule parses the RRULE value and checks what rrule-go does not: the
// frequencies that make sense for reception days and the ranges of every
// number, some of which would make rrule-go panic.
func parseRRule(value string, dtstart time.Time) (*rrule.ROption, error) {
	seen := map[string]bool{}
	for _, part := range strings.Split(value, ";") {
		key, _, _ := strings.Cut(part, "=")
		key = strings.ToUpper(strings.TrimSpace(key))
		if seen[key] {
			return nil, ruleErrorf("RRULE: %s е зададен повече от веднъж", "RRULE: %s is given more than once", clip(key))
		}
		seen[key] = true
		switch key {
		case "BYHOUR", "BYMINUTE", "BYSECOND":
			return nil, ruleErrorf("RRULE: %s не се допуска; часът на приемния ден се взема от DTSTART",
				"RRULE: %s is not allowed; the reception day's time comes from DTSTART", key)
		case "BYEASTER":
			return nil, ruleErrorf("RRULE: BYEASTER не се поддържа", "RRULE: BYEASTER is not supported")
		}
	}
	opt, err := rrule.StrToROptionInLocation(strings.ToUpper(value), dtstart.Location())
	if err != nil {
		return nil, ruleErrorf("RRULE не може да бъде разчетено: %v", "RRULE cannot be read: %v", err)
	}
	if until := untilValue(value); len(until) == 8 {
		// A date-only UNTIL includes its own day (RFC 5545: the last
		// instance may fall on it); rrule-go reads it as that day's midnight.
		d := opt.Until
		opt.Until = time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 59, 0, dtstart.Location())
	}
	switch opt.Freq {
	case rrule.DAILY, rrule.WEEKLY, rrule.MONTHLY, rrule.YEARLY:
	default:
		return nil, ruleErrorf("RRULE: FREQ трябва да е DAILY, WEEKLY, MONTHLY или YEARLY",
			"RRULE: FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY")
	}
	if !opt.Dtstart.IsZero() {
		return nil, ruleErrorf("RRULE: началото се задава с отделен ред DTSTART", "RRULE: give the start in a separate DTSTART line")
	}
	if seen["INTERVAL"] && (opt.Interval < 1 || opt.Interval > maxInterval) {
		return nil, ruleErrorf("RRULE: INTERVAL трябва да е между 1 и %d", "RRULE: INTERVAL must be between 1 and %d", maxInterval)
	}
	if seen["COUNT"] && (opt.Count < 1 || opt.Count > maxCount) {
		return nil, ruleErrorf("RRULE: COUNT трябва да е между 1 и %d", "RRULE: COUNT must be between 1 and %d", maxCount)
	}
	if seen["COUNT"] && seen["UNTIL"] {
		return nil, ruleErrorf("RRULE: COUNT и UNTIL не могат да се зададат заедно", "RRULE: COUNT and UNTIL cannot both be given")
	}
	if seen["UNTIL"] && opt.Until.Before(dtstart) {
		return nil, ruleErrorf("RRULE: UNTIL е преди DTSTART", "RRULE: UNTIL is before DTSTART")
	}
	for _, w := range opt.Byweekday {
		n := w.N()
		switch {
		case n == 0:
		case opt.Freq == rrule.MONTHLY && (n < -5 || n > 5):
			return nil, ruleErrorf("RRULE: BYDAY=%s: в месеца има най-много 5 еднакви дни от седмицата",
				"RRULE: BYDAY=%s: a month has at most 5 of each weekday", w.String())
		case opt.Freq == rrule.YEARLY && (n < -53 || n > 53):
			return nil, ruleErrorf("RRULE: BYDAY=%s: годината има най-много 53 седмици", "RRULE: BYDAY=%s: a year has at most 53 weeks", w.String())
		case opt.Freq != rrule.MONTHLY && opt.Freq != rrule.YEARLY:
			return nil, ruleErrorf("RRULE: пореден ден от седмицата (%s) се допуска само при MONTHLY и YEARLY",
				"RRULE: an ordinal weekday (%s) is allowed only with MONTHLY or YEARLY", w.String())
		}
	}
	for _, c := range []struct {
		name     string
		values   []int
		lo, hi   int
		negative bool
	}{
		{"BYSETPOS", opt.Bysetpos, 1, 366, true},
		{"BYMONTH", opt.Bymonth, 1, 12, false},
		{"BYMONTHDAY", opt.Bymonthday, 1, 31, true},
		{"BYYEARDAY", opt.Byyearday, 1, 366, true},
		{"BYWEEKNO", opt.Byweekno, 1, 53, true},
	} {
		for _, v := range c.values {
			if v < 0 && c.negative {
				v = -v
			}
			if v < c.lo || v > c.hi {
				sign := ""
				if c.negative {
					sign = "±"
				}
				return nil, ruleErrorf("RRULE: %s трябва да е между %s%d и %s%d", "RRULE: %s must be between %s%d and %s%d",
					c.name, sign, c.lo, sign, c.hi)
			}
		}
	}
	if len(opt.Byweekno) > 0 && opt.Freq != rrule.YEARLY {
		return nil, ruleErrorf("RRULE: BYWEEKNO се допуска само при YEARLY", "RRULE: BYWEEKNO is allowed only with YEARLY")
	}
	if len(opt.Bysetpos) > 0 && len(opt.Byweekday)+len(opt.Bymonthday)+len(opt.Byyearday)+len(opt.Byweekno)+len(opt.Bymonth) == 0 {
		return nil, ruleErrorf("RRULE: BYSETPOS изисква и друго BYxxx правило", "RRULE: BYSETPOS needs another BYxxx part")
	}
	opt.Dtstart = dtstart
	return opt, nil
}

// untilValue returns the text of the UNTIL part of an RRULE value.
func untilValue(value string) string {
	for _, part := range strings.Split(value, ";") {
		if k, v, _ := strings.Cut(part, "="); strings.EqualFold(strings.TrimSpace(k), "UNTIL") {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
