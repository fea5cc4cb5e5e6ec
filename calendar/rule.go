package calendar

import (
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/teambition/rrule-go"
)

// Limits that keep a rule cheap to expand and meaningful as reception days.
const (
	maxRuleBytes = 4096
	maxRuleLines = 64
	maxInterval  = 99
	maxCount     = 1000
	earliestYear = 2000
	latestYear   = 2100
)

// RuleError explains, in Bulgarian and English, why a rule was rejected.
// Field names the RuleSpec choice at fault when BuildRule refused it
// ("from", "start", "weekdays", "ordinal", "every", "until"), so that a
// form can show the error at its field; "" for a rule's own text.
type RuleError struct {
	BG, EN string
	Field  string
}

func (e *RuleError) Error() string { return "calendar: invalid rule: " + e.EN }

func ruleErrorf(bg, en string, args ...any) *RuleError {
	return &RuleError{BG: fmt.Sprintf(bg, args...), EN: fmt.Sprintf(en, args...)}
}

// Rule is a validated reception-day rule: a DTSTART in Europe/Sofia whose
// time of day is when each reception day begins, an optional RRULE, and
// optional RDATE and EXDATE lists. Its DTSTART is its first real occurrence.
type Rule struct {
	dtstart time.Time    // in Sofia, or in UTC when the rule was given in UTC
	utc     bool         // DTSTART was given in UTC: occurrences keep its UTC time of day (RFC 5545 3.3.5)
	rule    *rrule.RRule // nil when the rule is DTSTART and RDATEs only
	rdates  []time.Time
	exdates map[time.Time]bool // instants, in UTC
	exdays  map[Date]bool      // EXDATE;VALUE=DATE: the whole day
}

// ParseRule parses and validates RFC 5545 text: DTSTART (TZID=Europe/Sofia,
// floating local time, or UTC), at most one RRULE, and any EXDATE and RDATE
// lines, separated by newlines. It never panics, whatever the input.
func ParseRule(text string) (r *Rule, err error) {
	defer func() {
		if p := recover(); p != nil {
			r, err = nil, ruleErrorf("правилото не може да бъде разчетено", "the rule cannot be interpreted")
		}
	}()
	if len(text) > maxRuleBytes {
		return nil, ruleErrorf("правилото е по-дълго от %d байта", "the rule is longer than %d bytes", maxRuleBytes)
	}
	if !utf8.ValidString(text) {
		return nil, ruleErrorf("правилото съдържа невалидни символи (UTF-8)", "the rule contains invalid UTF-8")
	}
	lines := unfold(text)
	if len(lines) == 0 {
		return nil, ruleErrorf("правилото е празно", "the rule is empty")
	}
	if len(lines) > maxRuleLines {
		return nil, ruleErrorf("правилото има повече от %d реда", "the rule has more than %d lines", maxRuleLines)
	}

	r = &Rule{exdates: map[time.Time]bool{}, exdays: map[Date]bool{}}
	var ruleText string
	var sawStart, sawRule bool
	for _, line := range lines {
		name, params, value, err := splitLine(line)
		if err != nil {
			return nil, err
		}
		switch name {
		case "DTSTART":
			if sawStart {
				return nil, ruleErrorf("DTSTART е зададен повече от веднъж", "DTSTART is given more than once")
			}
			sawStart = true
			if r.dtstart, err = parseStart(params, value); err != nil {
				return nil, err
			}
			r.utc = r.dtstart.Location() == time.UTC
		case "RRULE":
			if sawRule {
				return nil, ruleErrorf("допуска се само един ред RRULE", "only one RRULE line is allowed")
			}
			sawRule = true
			ruleText = value
		case "RDATE", "EXDATE":
			times, dateOnly, err := parseDates(name, params, value)
			if err != nil {
				return nil, err
			}
			for _, t := range times {
				switch {
				case name == "RDATE":
					r.rdates = append(r.rdates, t)
				case dateOnly:
					r.exdays[DateOf(t)] = true
				default:
					r.exdates[t.UTC()] = true
				}
			}
		default:
			return nil, ruleErrorf("непознат ред %q: допускат се DTSTART, RRULE, RDATE и EXDATE",
				"unknown property %q: DTSTART, RRULE, RDATE and EXDATE are allowed", name)
		}
	}
	if !sawStart {
		return nil, ruleErrorf("липсва DTSTART: началото на първия приемен ден", "DTSTART is missing: when the first reception day begins")
	}
	// RDATEs given as dates take the reception day's starting time.
	for i, t := range r.rdates {
		if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && (r.dtstart.Hour() != 0 || r.dtstart.Minute() != 0) {
			r.rdates[i] = firstOccurrence(time.Date(t.Year(), t.Month(), t.Day(), r.dtstart.Hour(), r.dtstart.Minute(), 0, 0, r.dtstart.Location()))
		}
	}
	if sawRule {
		opt, err := parseRRule(ruleText, r.dtstart)
		if err != nil {
			return nil, err
		}
		if r.rule, err = rrule.NewRRule(*opt); err != nil {
			return nil, ruleErrorf("невалидно правило RRULE: %v", "invalid RRULE: %v", err)
		}
		// DTSTART becomes the rule's first real occurrence, so that every
		// calendar reading the rule agrees on it.
		first := firstOccurrence(r.rule.After(r.dtstart, true))
		if first.IsZero() {
			r.rule = nil
		} else if !first.Equal(r.dtstart) {
			r.dtstart = first
			opt.Dtstart = first
			if r.rule, err = rrule.NewRRule(*opt); err != nil {
				return nil, ruleErrorf("невалидно правило RRULE: %v", "invalid RRULE: %v", err)
			}
		}
	}
	if !sawRule && !slices.ContainsFunc(r.rdates, r.dtstart.Equal) {
		r.rdates = append(r.rdates, r.dtstart) // without RRULE, DTSTART is a reception day itself
	}
	slices.SortFunc(r.rdates, time.Time.Compare)
	if r.rule == nil && len(r.rdates) > 0 {
		r.dtstart = r.rdates[0]
	}
	if first, ok := r.first(); !ok {
		return nil, ruleErrorf("правилото не поражда нито един приемен ден", "the rule produces no reception days")
	} else if first.Year() > latestYear {
		return nil, ruleErrorf("първият приемен ден е след %d г.", "the first reception day is after %d", latestYear)
	}
	return r, nil
}

// first returns the first occurrence that no EXDATE removes.
func (r *Rule) first() (time.Time, bool) {
	end := time.Date(latestYear+1, 1, 1, 0, 0, 0, 0, Sofia)
	from := r.dtstart
	for from.Before(end) {
		to := from.AddDate(1, 0, 0)
		occ, err := r.Occurrences(from, to)
		if err != nil || len(occ) > 0 {
			if len(occ) == 0 {
				return time.Time{}, false
			}
			return occ[0], true
		}
		from = to
	}
	return time.Time{}, false
}

// Start returns DTSTART: the first reception day's start, in Sofia.
func (r *Rule) Start() time.Time { return r.dtstart.In(Sofia) }
