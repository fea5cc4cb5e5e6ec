package calendar

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// randomRule writes a rule of the kinds reception calendars use, and some
// they rarely do, with DTSTART between 2000 and 2035.
func randomRule(rng *rand.Rand) string {
	days := []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
	pick := func(k int) []string {
		var out []string
		for _, i := range rng.Perm(len(days))[:k] {
			out = append(out, days[i])
		}
		return out
	}
	start := time.Date(2000+rng.IntN(36), time.Month(1+rng.IntN(12)), 1+rng.IntN(28),
		[]int{0, 3, 8, 9, 14, 23}[rng.IntN(6)], []int{0, 15, 30}[rng.IntN(3)], 0, 0, Sofia)
	var parts []string
	switch rng.IntN(4) {
	case 0:
		parts = append(parts, "FREQ=DAILY")
		if rng.IntN(2) == 0 {
			parts = append(parts, "BYDAY="+strings.Join(pick(1+rng.IntN(5)), ","))
		}
	case 1:
		parts = append(parts, "FREQ=WEEKLY")
		if rng.IntN(4) > 0 {
			parts = append(parts, "BYDAY="+strings.Join(pick(1+rng.IntN(3)), ","))
		}
		if rng.IntN(3) == 0 {
			parts = append(parts, "WKST="+days[rng.IntN(7)])
		}
		if rng.IntN(5) == 0 {
			parts = append(parts, "BYSETPOS=-1")
		}
	case 2:
		parts = append(parts, "FREQ=MONTHLY")
		switch rng.IntN(4) {
		case 0:
			parts = append(parts, "BYDAY="+strings.Join(pick(1+rng.IntN(2)), ","), "BYSETPOS="+[]string{"1", "-1", "1,3", "2,-1"}[rng.IntN(4)])
		case 1:
			parts = append(parts, fmt.Sprintf("BYDAY=%d%s", []int{1, 2, 3, 4, -1}[rng.IntN(5)], days[rng.IntN(7)]))
		case 2:
			parts = append(parts, fmt.Sprintf("BYMONTHDAY=%d", []int{1, 15, 28, 31, -1}[rng.IntN(5)]))
		}
	case 3:
		parts = append(parts, "FREQ=YEARLY")
		switch rng.IntN(4) {
		case 0:
			parts = append(parts, fmt.Sprintf("BYMONTH=%d", 1+rng.IntN(12)), "BYDAY="+days[rng.IntN(7)], "BYSETPOS=1")
		case 1:
			parts = append(parts, fmt.Sprintf("BYWEEKNO=%d", []int{1, 20, 52, 53, -1}[rng.IntN(5)]), "BYDAY="+days[rng.IntN(7)])
		case 2:
			parts = append(parts, fmt.Sprintf("BYYEARDAY=%d", []int{1, 60, 200, 366, -1}[rng.IntN(5)]))
		}
	}
	if rng.IntN(2) == 0 {
		parts = append(parts, fmt.Sprintf("INTERVAL=%d", 2+rng.IntN(6)))
	}
	switch rng.IntN(6) {
	case 0:
		parts = append(parts, fmt.Sprintf("COUNT=%d", 1+rng.IntN(300)))
	case 1:
		parts = append(parts, "UNTIL="+start.AddDate(1+rng.IntN(15), rng.IntN(12), 0).UTC().Format("20060102T150405Z"))
	}
	text := "DTSTART;TZID=Europe/Sofia:" + start.Format("20060102T150405") + "\nRRULE:" + strings.Join(parts, ";")
	if rng.IntN(6) == 0 { // a rule given in UTC keeps its UTC time of day
		text = "DTSTART:" + start.UTC().Format("20060102T150405Z") + "\nRRULE:" + strings.Join(parts, ";")
	}
	if rng.IntN(4) == 0 {
		ex := start.AddDate(rng.IntN(12), 0, 7*rng.IntN(50))
		text += "\nEXDATE;TZID=Europe/Sofia:" + ex.Format("20060102T150405") + "\nRDATE;TZID=Europe/Sofia:" + ex.AddDate(0, 0, 1).Format("20060102T150405")
	}
	return text
}

// fullOccurrences is Occurrences expanded from DTSTART, as it was before
// anchoring: the reference the anchored expansion must equal.
func fullOccurrences(r *Rule, from, to time.Time) []time.Time {
	var occ []time.Time
	if r.rule != nil {
		occ = r.rule.Between(from, to, true)
		if n := len(occ); n > 0 && !occ[n-1].Before(to) {
			occ = occ[:n-1]
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
	slices.SortFunc(occ, time.Time.Compare)
	return slices.DeleteFunc(occ, func(t time.Time) bool { return r.exdates[t.UTC()] || r.exdays[DateOf(t)] })
}

func TestAnchoredExpansionEqualsFullExpansion(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 2026))
	rules, windows, anchored, nonEmpty := 0, 0, 0, 0
	for rules < 600 {
		text := randomRule(rng)
		r, err := ParseRule(text)
		if err != nil {
			continue // a random rule may produce no day at all
		}
		rules++
		for range 12 {
			// Windows at any instant, from before DTSTART to decades after,
			// a day to over a year long.
			from := r.Start().Add(time.Duration(rng.Int64N(int64(25*365*24*time.Hour))) - 400*24*time.Hour)
			if rng.IntN(2) == 0 {
				from = DateOf(from).Start()
			}
			to := from.Add(time.Duration(1+rng.IntN(400)) * 24 * time.Hour)
			got, err := r.Occurrences(from, to)
			if err != nil {
				t.Fatalf("%s\n%v", text, err)
			}
			want := fullOccurrences(r, from, to)
			if !slices.EqualFunc(got, want, time.Time.Equal) {
				t.Fatalf("%s\nwindow %v – %v\nanchored %v\nfull     %v", text, from, to, got, want)
			}
			windows++
			if r.rule != nil && r.anchored(from) != nil {
				anchored++
			}
			if len(want) > 0 {
				nonEmpty++
			}
		}
	}
	// The comparison means something only if most windows were anchored
	// and found reception days.
	if anchored < windows/2 || nonEmpty < windows/3 {
		t.Fatalf("%d windows: %d anchored, %d with reception days", windows, anchored, nonEmpty)
	}
	t.Logf("%d rules, %d windows: %d anchored, %d with reception days", rules, windows, anchored, nonEmpty)
}

// Hand-picked cases where an anchor in the wrong place would show.
func TestAnchoredExpansionKeepsThePattern(t *testing.T) {
	for _, c := range []struct {
		name, rule string
		from, to   string
		want       []string
	}{
		{"every other week keeps its phase after ten years",
			"DTSTART;TZID=Europe/Sofia:20160105T140000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
			"2026-03-01", "2026-03-31", []string{"2026-03-03T14:00", "2026-03-17T14:00", "2026-03-31T14:00"}},
		{"every third month from a July start",
			"DTSTART;TZID=Europe/Sofia:20160705T100000\nRRULE:FREQ=MONTHLY;INTERVAL=3;BYDAY=1TU",
			"2026-01-01", "2026-12-31", []string{"2026-01-06T10:00", "2026-04-07T10:00", "2026-07-07T10:00", "2026-10-06T10:00"}},
		{"last weekday of the month by BYSETPOS",
			"DTSTART;TZID=Europe/Sofia:20150130T090000\nRRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
			"2026-05-01", "2026-06-30", []string{"2026-05-29T09:00", "2026-06-30T09:00"}},
		{"14:00 stays 14:00 across the change to summer time",
			"DTSTART;TZID=Europe/Sofia:20160101T140000\nRRULE:FREQ=DAILY;INTERVAL=3",
			"2026-03-27", "2026-04-01", []string{"2026-03-27T14:00", "2026-03-30T14:00"}},
		{"EXDATE and RDATE of an old rule",
			"DTSTART;TZID=Europe/Sofia:20160104T080000\nRRULE:FREQ=WEEKLY;BYDAY=MO\nEXDATE;TZID=Europe/Sofia:20260608T080000\nRDATE;TZID=Europe/Sofia:20260610T080000",
			"2026-06-01", "2026-06-15", []string{"2026-06-01T08:00", "2026-06-10T08:00", "2026-06-15T08:00"}},
		{"UNTIL ends an old rule",
			"DTSTART;TZID=Europe/Sofia:20160104T080000\nRRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20260608T060000Z",
			"2026-06-01", "2026-06-30", []string{"2026-06-01T08:00", "2026-06-08T08:00"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := mustRule(t, c.rule)
			occ, err := r.Occurrences(date(c.from).Start(), date(c.to).AddDays(1).Start())
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, o := range occ {
				got = append(got, o.In(Sofia).Format("2006-01-02T15:04"))
			}
			if !slices.Equal(got, c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
			if r.anchored(date(c.from).Start()) == nil {
				t.Fatal("the rule was expanded from DTSTART, not from an anchor")
			}
		})
	}
}

// BenchmarkRuleAge expands one day (what a booking checks) and 60 days (a
// slot query) of a rule that began a month, five years or ten years before:
// the goal is that age costs at most 1.2×.
func BenchmarkRuleAge(b *testing.B) {
	day := date("2026-12-08")
	for _, freq := range []string{"WEEKLY;BYDAY=TU", "DAILY"} {
		for _, age := range []struct {
			name  string
			start string
		}{{"1month", "20261103"}, {"5years", "20211102"}, {"10years", "20161101"}} {
			s := Schedule{
				Rule:     mustRule(b, "DTSTART;TZID=Europe/Sofia:"+age.start+"T090000\nRRULE:FREQ="+freq),
				Duration: 3 * time.Hour, SlotLength: 15 * time.Minute, ObserveHolidays: true,
			}
			name := strings.Split(freq, ";")[0]
			b.Run(name+"/day/"+age.name, func(b *testing.B) {
				for b.Loop() {
					if slots, err := s.Slots(day, day, nil); err != nil || len(slots) != 12 {
						b.Fatal(len(slots), err)
					}
				}
			})
			b.Run(name+"/60days/"+age.name, func(b *testing.B) {
				for b.Loop() {
					if slots, err := s.Slots(day, day.AddDays(60), nil); err != nil || len(slots) == 0 {
						b.Fatal(len(slots), err)
					}
				}
			})
		}
	}
}
