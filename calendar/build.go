package calendar

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// RuleSpec describes reception days the way a form asks for them, for
// people who do not write RFC 5545.
type RuleSpec struct {
	From     Date   // first possible day
	Until    Date   // last possible day; zero for none
	Start    string // "14:00": when each reception day begins
	Weekdays []time.Weekday
	Every    int // weekly: every N weeks (1 = every week)
	// Ordinals, when set, make the rule monthly: the 1st, 2nd… or last (-1)
	// of the chosen weekdays in each month.
	Ordinals []int
}

var rruleDays = [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// specError is a RuleError about one of the spec's choices.
func specError(field, bg, en string) *RuleError {
	return &RuleError{BG: bg, EN: en, Field: field}
}

// BuildRule turns a RuleSpec into RFC 5545 text that ParseRule accepts.
// A spec it refuses gets every fault at once: the *RuleError of each
// choice at fault, joined (errors.As finds the first).
func BuildRule(s RuleSpec) (string, error) {
	var faults []error
	if s.From.IsZero() {
		faults = append(faults, specError("from", "изберете от коя дата важи графикът", "choose the date the schedule starts"))
	}
	clock, err := time.Parse("15:04", strings.TrimSpace(s.Start))
	if err != nil {
		faults = append(faults, specError("start", "часът на начало трябва да е във вида 14:00", "the start time must look like 14:00"))
	}
	if len(s.Weekdays) == 0 {
		faults = append(faults, specError("weekdays", "изберете поне един ден от седмицата", "choose at least one day of the week"))
	}
	var days []string
	for _, d := range s.Weekdays {
		days = append(days, rruleDays[d])
	}
	var rule string
	if len(s.Ordinals) > 0 {
		var nth []string
		for _, o := range s.Ordinals {
			if o == 0 || o < -1 || o > 4 {
				faults = append(faults, specError("ordinal", "поредният ден трябва да е първи до четвърти или последен", "the ordinal must be first to fourth, or last"))
				break
			}
			nth = append(nth, fmt.Sprint(o))
		}
		rule = "FREQ=MONTHLY;BYDAY=" + strings.Join(days, ",") + ";BYSETPOS=" + strings.Join(nth, ",")
	} else {
		every := max(s.Every, 1)
		if every > 8 {
			faults = append(faults, specError("every", "„през колко седмици“ трябва да е от 1 до 8", "\"every how many weeks\" must be 1 to 8"))
		}
		rule = fmt.Sprintf("FREQ=WEEKLY;INTERVAL=%d;BYDAY=%s", every, strings.Join(days, ","))
	}
	if !s.Until.IsZero() {
		if !s.From.IsZero() && s.Until.Before(s.From) {
			faults = append(faults, specError("until", "крайната дата е преди началната", "the end date is before the start date"))
		}
		end := time.Date(s.Until.Year, s.Until.Month, s.Until.Day, 23, 59, 59, 0, Sofia).UTC()
		rule += ";UNTIL=" + end.Format("20060102T150405Z")
	}
	if len(faults) > 0 {
		return "", errors.Join(faults...)
	}
	first := s.From
	if len(s.Ordinals) == 0 {
		// "Every other Tuesday from 1 January" counts its weeks from the
		// first such Tuesday, as people mean it, not from 1 January's week.
		for !slices.Contains(s.Weekdays, first.Weekday()) {
			first = first.AddDays(1)
		}
	}
	start := time.Date(first.Year, first.Month, first.Day, clock.Hour(), clock.Minute(), 0, 0, Sofia)
	text := "DTSTART;TZID=Europe/Sofia:" + start.Format("20060102T150405") + "\nRRULE:" + rule
	if _, err := ParseRule(text); err != nil {
		return "", err
	}
	return text, nil
}
