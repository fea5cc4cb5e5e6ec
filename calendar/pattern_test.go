package calendar

import (
	"slices"
	"testing"
	"time"
)

func TestRulePattern(t *testing.T) {
	for _, tc := range []struct {
		rule     string
		ok       bool
		days     []time.Weekday
		every    int
		ordinals []int
		until    string
	}{
		{"DTSTART;TZID=Europe/Sofia:20260105T090000\nRRULE:FREQ=WEEKLY;BYDAY=MO", true, []time.Weekday{time.Monday}, 1, nil, ""},
		{"DTSTART;TZID=Europe/Sofia:20260106T100000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", true, []time.Weekday{time.Tuesday, time.Thursday}, 2, nil, ""},
		{"DTSTART;TZID=Europe/Sofia:20260105T100000\nRRULE:FREQ=WEEKLY;INTERVAL=3;BYDAY=SU;UNTIL=20260630T205959Z", true, []time.Weekday{time.Sunday}, 3, nil, "2026-06-30"},
		{"DTSTART;TZID=Europe/Sofia:20260107T140000\nRRULE:FREQ=MONTHLY;BYDAY=WE;BYSETPOS=1,3", true, []time.Weekday{time.Wednesday}, 0, []int{1, 3}, ""},
		{"DTSTART;TZID=Europe/Sofia:20260126T093000\nRRULE:FREQ=MONTHLY;BYDAY=-1MO", true, []time.Weekday{time.Monday}, 0, []int{-1}, ""},
		{"DTSTART;TZID=Europe/Sofia:20260105T090000\nRRULE:FREQ=DAILY", false, nil, 0, nil, ""},
		{"DTSTART;TZID=Europe/Sofia:20260105T090000\nRDATE;TZID=Europe/Sofia:20260112T090000", false, nil, 0, nil, ""},
		{"DTSTART;TZID=Europe/Sofia:20260105T090000\nRRULE:FREQ=MONTHLY;BYMONTHDAY=5", false, nil, 0, nil, ""},
		{"DTSTART;TZID=Europe/Sofia:20260105T090000\nRRULE:FREQ=MONTHLY;BYDAY=1MO,3WE", false, nil, 0, nil, ""},
	} {
		r, err := ParseRule(tc.rule)
		if err != nil {
			t.Fatalf("%q: %v", tc.rule, err)
		}
		p, ok := r.Pattern()
		if ok != tc.ok {
			t.Errorf("%q: ok %v", tc.rule, ok)
			continue
		}
		if !ok {
			continue
		}
		until := ""
		if !p.Until.IsZero() {
			until = DateOf(p.Until).String()
		}
		if !slices.Equal(p.Weekdays, tc.days) || p.Every != tc.every || !slices.Equal(p.Ordinals, tc.ordinals) || until != tc.until {
			t.Errorf("%q: %+v", tc.rule, p)
		}
	}
}
