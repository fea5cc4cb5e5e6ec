package calendar

import (
	"slices"
	"time"
)

// Occurrences returns the start of every reception day in [from, to), in
// Sofia, sorted. It recovers from any panic inside rrule-go.
func (r *Rule) Occurrences(from, to time.Time) (occ []time.Time, err error) {
	defer func() {
		if p := recover(); p != nil {
			occ, err = nil, ruleErrorf("правилото не може да бъде разгърнато", "the rule cannot be expanded")
		}
	}()
	if !from.Before(to) {
		return nil, nil
	}
	if r.rule != nil {
		occ = r.between(from, to) // anchored near from: see anchor.go
		if n := len(occ); n > 0 && !occ[n-1].Before(to) {
			occ = occ[:n-1] // Between is inclusive at both ends
		}
		for i, t := range occ {
			occ[i] = firstOccurrence(t.In(Sofia))
		}
	}
	for _, t := range r.rdates {
		if !t.Before(from) && t.Before(to) && !slices.ContainsFunc(occ, t.Equal) {
			occ = append(occ, t.In(Sofia))
		}
	}
	if len(r.rdates) > 0 {
		slices.SortFunc(occ, time.Time.Compare)
	}
	if len(r.exdates) > 0 || len(r.exdays) > 0 {
		occ = slices.DeleteFunc(occ, func(t time.Time) bool {
			return r.exdates[t.UTC()] || r.exdays[DateOf(t)]
		})
	}
	return occ, nil
}

// firstOccurrence resolves a Sofia wall-clock time that occurs twice (the
// hour repeated when the clocks go back in October) to its first
// occurrence, as RFC 5545 (3.3.5) requires; Go's time.Date may pick either.
func firstOccurrence(t time.Time) time.Time {
	if t.Location() != Sofia {
		return t
	}
	earlier := t.Add(-time.Hour)
	if earlier.Hour() == t.Hour() && earlier.Minute() == t.Minute() {
		return earlier
	}
	return t
}
