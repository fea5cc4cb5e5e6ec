package calendar

import (
	"strings"
	"testing"
	"time"
)

// RFC 5545 3.3.5: a local time that occurs twice (the hour repeated when
// the clocks go back) means its first occurrence, in summer time.
func TestAmbiguousLocalTimeTakesTheFirstOccurrence(t *testing.T) {
	// Every last Sunday of October: the day the clocks go back.
	r := mustRule(t, "DTSTART;TZID=Europe/Sofia:20261025T033000\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;COUNT=3")
	want := time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC) // 03:30 EEST (+03:00)
	if !r.Start().Equal(want) {
		t.Errorf("DTSTART is %s, want %s", r.Start().UTC(), want)
	}
	occ, err := r.Occurrences(want.AddDate(0, 0, -1), want.AddDate(3, 0, 0))
	if err != nil || len(occ) != 3 {
		t.Fatalf("%v %v", occ, err)
	}
	// 25 October 2026, 31 October 2027 and 29 October 2028.
	for i, o := range occ {
		if _, off := o.Zone(); off != 3*3600 || o.Hour() != 3 || o.Minute() != 30 {
			t.Errorf("occurrence %d: %s, want 03:30 +03:00", i, o)
		}
	}
}

// A DTSTART in UTC is honoured as UTC: every occurrence keeps its UTC time
// of day, so the local time moves with the clocks, and the normalised rule
// still says UTC.
func TestUTCStartIsHonouredAsUTC(t *testing.T) {
	r := mustRule(t, "DTSTART:20260323T120000Z\nRRULE:FREQ=WEEKLY;COUNT=2")
	occ, err := r.Occurrences(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC))
	if err != nil || len(occ) != 2 {
		t.Fatalf("%v %v", occ, err)
	}
	if occ[0].Hour() != 14 || occ[1].Hour() != 15 || occ[1].UTC().Hour() != 12 {
		t.Errorf("occurrences %s, %s: want 14:00 EET then 15:00 EEST, both 12:00 UTC", occ[0], occ[1])
	}
	if s := r.String(); !strings.HasPrefix(s, "DTSTART:20260323T120000Z\n") {
		t.Errorf("normalised as %q", s)
	}
	again := mustRule(t, r.String())
	if a, _ := again.Occurrences(occ[0], occ[1].Add(time.Minute)); len(a) != 2 || !a[1].Equal(occ[1]) {
		t.Errorf("the normalised rule reads back as %v", a)
	}
}

// A date-only UNTIL includes its own day.
func TestDateOnlyUntilIncludesItsDay(t *testing.T) {
	r := mustRule(t, "DTSTART;TZID=Europe/Sofia:20260302T140000\nRRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20260330")
	occ, err := r.Occurrences(time.Date(2026, 3, 1, 0, 0, 0, 0, Sofia), time.Date(2026, 5, 1, 0, 0, 0, 0, Sofia))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(occ); n != 5 || occ[n-1].Day() != 30 || occ[n-1].Hour() != 14 {
		t.Errorf("occurrences %v: want five Mondays, the last 30 March at 14:00", occ)
	}
}
