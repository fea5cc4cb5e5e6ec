package calendar

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseRuleRejects(t *testing.T) {
	tests := []struct {
		name, rule, want string
	}{
		{"empty", "", "empty"},
		{"no DTSTART", "RRULE:FREQ=WEEKLY", "DTSTART is missing"},
		{"ordinal that panics rrule-go", "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=MONTHLY;BYDAY=10WE", "at most 5"},
		{"negative ordinal out of range", "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=MONTHLY;BYDAY=-6WE", "at most 5"},
		{"ordinal with weekly", "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=WEEKLY;BYDAY=2WE", "only with MONTHLY"},
		{"yearly ordinal too big", "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=YEARLY;BYDAY=60MO", "53 weeks"},
		{"BYSETPOS zero", "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=MONTHLY;BYDAY=TU;BYSETPOS=0", "BYSETPOS must be"},
		{"BYSETPOS huge", "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=MONTHLY;BYDAY=TU;BYSETPOS=9999", "BYSETPOS must be"},
		{"BYMONTHDAY 32", "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY must be"},
		{"BYMONTH 13", "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=YEARLY;BYMONTH=13", "BYMONTH must be"},
		{"hourly", "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=HOURLY", "FREQ must be"},
		{"secondly", "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=SECONDLY", "FREQ must be"},
		{"unknown freq", "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=SOMETIMES", "cannot be read"},
		{"BYHOUR", "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=DAILY;BYHOUR=9,10", "BYHOUR is not allowed"},
		{"zero interval", "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=WEEKLY;INTERVAL=0", "INTERVAL must be"},
		{"negative count", "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=WEEKLY;COUNT=-1", "COUNT must be"},
		{"count and until", "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=WEEKLY;COUNT=3;UNTIL=20270101T000000Z", "cannot both"},
		{"until before start", "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=WEEKLY;UNTIL=20250101T000000Z", "UNTIL is before"},
		{"other zone", "DTSTART;TZID=America/New_York:20260105T140000\nRRULE:FREQ=WEEKLY", "must be Europe/Sofia"},
		{"bad zone", "DTSTART;TZID=../../etc/passwd:20260105T140000", "must be Europe/Sofia"},
		{"date-only start", "DTSTART;VALUE=DATE:20260105\nRRULE:FREQ=WEEKLY", "needs a time"},
		{"garbage start", "DTSTART:tomorrow", "is not a date-time"},
		{"year 1066", "DTSTART:10660105T140000\nRRULE:FREQ=WEEKLY", "year must be"},
		{"two rules", "DTSTART:20260105T140000\nRRULE:FREQ=WEEKLY\nRRULE:FREQ=DAILY", "only one RRULE"},
		{"unknown line", "DTSTART:20260105T140000\nSUMMARY:x", "unknown property"},
		{"no colon", "DTSTART 20260105T140000", "NAME:VALUE"},
		{"duplicate part", "DTSTART:20260105T140000\nRRULE:FREQ=WEEKLY;FREQ=DAILY", "more than once"},
		{"DTSTART inside RRULE", "DTSTART:20260105T140000\nRRULE:FREQ=WEEKLY;DTSTART=20260105T140000", "separate DTSTART"},
		{"rule with no days", "DTSTART:20260105T140000\nRRULE:FREQ=WEEKLY;COUNT=1\nEXDATE:20260105T140000", "no reception days"},
		{"invalid UTF-8", "DTSTART:20260105T140000\nRRULE:FREQ=WEEKLY\xff", "UTF-8"},
		{"huge", "DTSTART:20260105T140000\nRRULE:FREQ=WEEKLY\n" + strings.Repeat("EXDATE:20260112T140000\n", 300), "longer than"},
		{"bad exdate", "DTSTART:20260105T140000\nRRULE:FREQ=WEEKLY\nEXDATE:2026-01-12", "is not a date-time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseRule(tt.rule)
			if err == nil {
				t.Fatalf("accepted: %s", r)
			}
			var re *RuleError
			if !errors.As(err, &re) || re.BG == "" || re.EN == "" {
				t.Fatalf("error %v is not a bilingual RuleError", err)
			}
			if !strings.Contains(re.EN, tt.want) {
				t.Errorf("error %q does not mention %q", re.EN, tt.want)
			}
		})
	}
}

func TestParseRuleMovesDTSTARTToFirstOccurrence(t *testing.T) {
	// 1 January 2026 is a Thursday; the first Tuesday is the 6th.
	r := mustRule(t, "dtstart;tzid=Europe/Sofia:20260101T093000\r\nrrule:freq=monthly;byday=tu;bysetpos=1,3\r\n")
	want := time.Date(2026, 1, 6, 9, 30, 0, 0, Sofia)
	if !r.Start().Equal(want) {
		t.Fatalf("DTSTART = %s, want %s", r.Start(), want)
	}
	text := r.String()
	if !strings.HasPrefix(text, "DTSTART;TZID=Europe/Sofia:20260106T093000\nRRULE:FREQ=MONTHLY;") {
		t.Errorf("normalised text:\n%s", text)
	}
	// The normalised text parses to the same rule.
	again := mustRule(t, text)
	if again.String() != text {
		t.Errorf("round trip changed the rule:\n%s\n%s", text, again.String())
	}
	a, _ := r.Occurrences(want, date("2027-01-01").Start())
	b, _ := again.Occurrences(want, date("2027-01-01").Start())
	if len(a) != 24 || len(a) != len(b) {
		t.Errorf("occurrences: %d and %d, want 24", len(a), len(b))
	}
}

func TestParseRuleFoldedAndRDATEOnly(t *testing.T) {
	r := mustRule(t, "DTSTART;TZID=Europe/Sofia:20260301T100000\nRDATE;VALUE=DATE:20260310,\n 20260305")
	occ, err := r.Occurrences(date("2026-03-01").Start(), date("2026-04-01").Start())
	if err != nil {
		t.Fatal(err)
	}
	// DTSTART alone is an occurrence too, RDATE dates take its time.
	var got []string
	for _, o := range occ {
		got = append(got, o.Format(time.RFC3339))
	}
	want := "2026-03-01T10:00:00+02:00 2026-03-05T10:00:00+02:00 2026-03-10T10:00:00+02:00"
	if strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

func FuzzParseRule(f *testing.F) {
	for _, s := range []string{
		"DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=WEEKLY;BYDAY=MO",
		"DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=MONTHLY;BYDAY=10WE",
		"DTSTART:20260105T140000\nRRULE:FREQ=YEARLY;BYWEEKNO=-1;BYDAY=MO\nEXDATE:20270105T140000",
		"DTSTART:20260105T140000\nRRULE:FREQ=MONTHLY;BYDAY=TU;BYSETPOS=-1,3\nRDATE:20260107T080000",
	} {
		f.Add(s)
	}
	from := date("2026-01-01").Start()
	f.Fuzz(func(t *testing.T, text string) {
		r, err := ParseRule(text)
		if err != nil {
			return
		}
		if _, err := r.Occurrences(from, from.AddDate(0, 3, 0)); err != nil {
			t.Fatalf("accepted rule fails to expand: %v\n%s", err, text)
		}
		if _, err := ParseRule(r.String()); err != nil {
			t.Fatalf("normalised rule rejected: %v\n%s", err, r.String())
		}
	})
}
