package calendar

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestBuildRule(t *testing.T) {
	tests := []struct {
		name string
		spec RuleSpec
		from string
		want []string // first occurrences
	}{
		{"every other Tuesday", RuleSpec{From: date("2026-01-01"), Start: "10:00", Weekdays: []time.Weekday{time.Tuesday}, Every: 2},
			"2026-01-01", []string{"2026-01-06T10:00:00+02:00", "2026-01-20T10:00:00+02:00"}},
		{"1st and 3rd Tuesday", RuleSpec{From: date("2026-01-01"), Start: "14:00", Weekdays: []time.Weekday{time.Tuesday}, Ordinals: []int{1, 3}},
			"2026-01-01", []string{"2026-01-06T14:00:00+02:00", "2026-01-20T14:00:00+02:00", "2026-02-03T14:00:00+02:00"}},
		{"last Thursday until March", RuleSpec{From: date("2026-01-01"), Until: date("2026-03-26"), Start: "09:30", Weekdays: []time.Weekday{time.Thursday}, Ordinals: []int{-1}},
			"2026-01-01", []string{"2026-01-29T09:30:00+02:00", "2026-02-26T09:30:00+02:00", "2026-03-26T09:30:00+02:00"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, err := BuildRule(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			r := mustRule(t, text)
			occ, _ := r.Occurrences(date(tt.from).Start(), date("2027-01-01").Start())
			var got []string
			for _, o := range occ {
				got = append(got, o.Format(time.RFC3339))
			}
			if len(got) < len(tt.want) || strings.Join(got[:len(tt.want)], " ") != strings.Join(tt.want, " ") {
				t.Errorf("%s\ngot %v", text, got)
			}
			if tt.spec.Until.IsZero() == false && len(got) != len(tt.want) {
				t.Errorf("UNTIL not kept: %v", got)
			}
		})
	}
	for _, bad := range []RuleSpec{
		{Start: "14:00", Weekdays: []time.Weekday{time.Monday}},
		{From: date("2026-01-01"), Start: "2pm", Weekdays: []time.Weekday{time.Monday}},
		{From: date("2026-01-01"), Start: "14:00"},
		{From: date("2026-01-01"), Start: "14:00", Weekdays: []time.Weekday{time.Monday}, Ordinals: []int{5}},
		{From: date("2026-01-01"), Until: date("2025-01-01"), Start: "14:00", Weekdays: []time.Weekday{time.Monday}},
	} {
		if _, err := BuildRule(bad); err == nil {
			t.Errorf("accepted %+v", bad)
		}
	}
}

// A form with several faults hears of each at once, each naming its choice.
func TestBuildRuleNamesEveryFault(t *testing.T) {
	_, err := BuildRule(RuleSpec{Start: "2pm", Every: 9, Until: date("2025-01-01")})
	var fields []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var re *RuleError
		if !errors.As(e, &re) || re.BG == "" || re.EN == "" {
			t.Fatalf("not a bilingual RuleError: %v", e)
		}
		fields = append(fields, re.Field)
	}
	if got := strings.Join(fields, " "); got != "from start weekdays every" {
		t.Errorf("faults named %q, want from start weekdays every", got)
	}
	_, err = BuildRule(RuleSpec{From: date("2026-01-01"), Until: date("2025-01-01"), Start: "14:00", Weekdays: []time.Weekday{time.Monday}})
	if re := (*RuleError)(nil); !errors.As(err, &re) || re.Field != "until" {
		t.Errorf("an end before the start: %v", err)
	}
}
