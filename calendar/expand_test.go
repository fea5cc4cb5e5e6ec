package calendar

import (
	"strings"
	"testing"
	"time"
)

func mustRule(t testing.TB, text string) *Rule {
	t.Helper()
	r, err := ParseRule(text)
	if err != nil {
		t.Fatalf("ParseRule(%q): %v", text, err)
	}
	return r
}

func date(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestSessions(t *testing.T) {
	tests := []struct {
		name     string
		rule     string
		holidays bool
		closed   []string
		from, to string
		want     []string // session starts, RFC 3339 with offset
	}{
		{
			name: "weekly",
			rule: "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=WEEKLY;BYDAY=MO",
			from: "2026-01-01", to: "2026-01-31",
			want: []string{"2026-01-05T14:00:00+02:00", "2026-01-12T14:00:00+02:00", "2026-01-19T14:00:00+02:00", "2026-01-26T14:00:00+02:00"},
		},
		{
			name: "every other week",
			rule: "DTSTART;TZID=Europe/Sofia:20260106T100000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
			from: "2026-01-01", to: "2026-02-28",
			want: []string{"2026-01-06T10:00:00+02:00", "2026-01-20T10:00:00+02:00", "2026-02-03T10:00:00+02:00", "2026-02-17T10:00:00+02:00"},
		},
		{
			name: "first and third Tuesday",
			rule: "DTSTART;TZID=Europe/Sofia:20260101T093000\nRRULE:FREQ=MONTHLY;BYDAY=TU;BYSETPOS=1,3",
			from: "2026-01-01", to: "2026-03-31",
			want: []string{"2026-01-06T09:30:00+02:00", "2026-01-20T09:30:00+02:00", "2026-02-03T09:30:00+02:00",
				"2026-02-17T09:30:00+02:00", "2026-03-03T09:30:00+02:00", "2026-03-17T09:30:00+02:00"},
		},
		{
			name: "last Friday",
			rule: "DTSTART;TZID=Europe/Sofia:20260101T110000\nRRULE:FREQ=MONTHLY;BYDAY=-1FR",
			from: "2026-01-01", to: "2026-04-30",
			want: []string{"2026-01-30T11:00:00+02:00", "2026-02-27T11:00:00+02:00", "2026-03-27T11:00:00+02:00", "2026-04-24T11:00:00+03:00"},
		},
		{
			name: "EXDATE removes one day",
			rule: "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=WEEKLY;BYDAY=MO\nEXDATE;TZID=Europe/Sofia:20260112T140000",
			from: "2026-01-01", to: "2026-01-20",
			want: []string{"2026-01-05T14:00:00+02:00", "2026-01-19T14:00:00+02:00"},
		},
		{
			name: "EXDATE as a date",
			rule: "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=WEEKLY;BYDAY=MO\nEXDATE;VALUE=DATE:20260119",
			from: "2026-01-01", to: "2026-01-20",
			want: []string{"2026-01-05T14:00:00+02:00", "2026-01-12T14:00:00+02:00"},
		},
		{
			name: "RDATE adds a day at its own time",
			rule: "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=WEEKLY;BYDAY=MO\nRDATE;TZID=Europe/Sofia:20260115T090000",
			from: "2026-01-01", to: "2026-01-20",
			want: []string{"2026-01-05T14:00:00+02:00", "2026-01-12T14:00:00+02:00", "2026-01-15T09:00:00+02:00", "2026-01-19T14:00:00+02:00"},
		},
		{
			name: "spring clock change keeps 14:00",
			rule: "DTSTART;TZID=Europe/Sofia:20260302T140000\nRRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
			from: "2026-03-26", to: "2026-03-31",
			want: []string{"2026-03-26T14:00:00+02:00", "2026-03-27T14:00:00+02:00", "2026-03-30T14:00:00+03:00", "2026-03-31T14:00:00+03:00"},
		},
		{
			name: "autumn clock change keeps 14:00",
			rule: "DTSTART;TZID=Europe/Sofia:20260302T140000\nRRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
			from: "2026-10-22", to: "2026-10-27",
			want: []string{"2026-10-22T14:00:00+03:00", "2026-10-23T14:00:00+03:00", "2026-10-26T14:00:00+02:00", "2026-10-27T14:00:00+02:00"},
		},
		{
			name: "UTC DTSTART is read as Sofia time",
			rule: "DTSTART:20260105T120000Z\nRRULE:FREQ=WEEKLY;COUNT=2",
			from: "2026-01-01", to: "2026-12-31",
			want: []string{"2026-01-05T14:00:00+02:00", "2026-01-12T14:00:00+02:00"},
		},
		{
			name:     "3 March and Orthodox Easter Monday removed",
			rule:     "DTSTART;TZID=Europe/Sofia:20260302T140000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU",
			holidays: true,
			from:     "2026-03-02", to: "2026-04-14",
			want: []string{"2026-03-02T14:00:00+02:00", "2026-03-09T14:00:00+02:00", "2026-03-10T14:00:00+02:00",
				"2026-03-16T14:00:00+02:00", "2026-03-17T14:00:00+02:00", "2026-03-23T14:00:00+02:00", "2026-03-24T14:00:00+02:00",
				"2026-03-30T14:00:00+03:00", "2026-03-31T14:00:00+03:00", "2026-04-06T14:00:00+03:00", "2026-04-07T14:00:00+03:00",
				"2026-04-14T14:00:00+03:00"},
		},
		{
			name: "holidays kept when not observed",
			rule: "DTSTART;TZID=Europe/Sofia:20260303T140000\nRRULE:FREQ=WEEKLY;COUNT=1",
			from: "2026-03-01", to: "2026-03-31",
			want: []string{"2026-03-03T14:00:00+02:00"},
		},
		{
			name:   "a closure removes one session",
			rule:   "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=WEEKLY;BYDAY=MO",
			closed: []string{"2026-01-12"},
			from:   "2026-01-01", to: "2026-01-20",
			want: []string{"2026-01-05T14:00:00+02:00", "2026-01-19T14:00:00+02:00"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			closed := map[Date]bool{}
			for _, c := range tt.closed {
				closed[date(c)] = true
			}
			s := Schedule{Rule: mustRule(t, tt.rule), Duration: 3 * time.Hour, SlotLength: 15 * time.Minute, ObserveHolidays: tt.holidays}
			sessions, err := s.Sessions(date(tt.from), date(tt.to), closed)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, ses := range sessions {
				got = append(got, ses.Start.Format(time.RFC3339))
				if ses.End.Sub(ses.Start) != 3*time.Hour {
					t.Errorf("session %s lasts %s", ses.Start, ses.End.Sub(ses.Start))
				}
				if ses.Date != DateOf(ses.Start) {
					t.Errorf("session date %s != date of start %s", ses.Date, ses.Start)
				}
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("sessions\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestSlotsLeaveRemainderUnbooked(t *testing.T) {
	start := time.Date(2026, 3, 2, 14, 0, 0, 0, Sofia)
	ses := Session{Date: DateOf(start), Start: start, End: start.Add(100 * time.Minute)}
	slots := ses.Slots(30 * time.Minute)
	if len(slots) != 3 {
		t.Fatalf("got %d slots, want 3 (the last 10 minutes stay unbooked)", len(slots))
	}
	for i, s := range slots {
		if s.End.Sub(s.Start) != 30*time.Minute {
			t.Errorf("slot %d lasts %s", i, s.End.Sub(s.Start))
		}
	}
	if last := slots[2].End; !last.Equal(start.Add(90 * time.Minute)) {
		t.Errorf("last slot ends %s", last)
	}
}

func TestHoliday(t *testing.T) {
	for _, tt := range []struct {
		date string
		want bool
	}{
		{"2026-03-03", true},  // Liberation Day
		{"2026-04-10", true},  // Orthodox Good Friday
		{"2026-04-13", true},  // Orthodox Easter Monday
		{"2026-05-25", true},  // 24 May falls on Sunday, observed Monday
		{"2026-12-24", true},  // Christmas Eve
		{"2026-03-04", false}, // an ordinary Wednesday
		{"2026-04-14", false},
	} {
		if _, got := Holiday(date(tt.date)); got != tt.want {
			t.Errorf("Holiday(%s) = %v, want %v", tt.date, got, tt.want)
		}
	}
}

func BenchmarkExpandYearWeekly(b *testing.B) {
	s := Schedule{
		Rule:       mustRule(b, "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=WEEKLY;BYDAY=MO"),
		Duration:   3 * time.Hour,
		SlotLength: 15 * time.Minute, ObserveHolidays: true,
	}
	from, to := date("2026-01-01"), date("2026-12-31")
	b.ReportAllocs()
	for b.Loop() {
		slots, err := s.Slots(from, to, nil)
		if err != nil || len(slots) < 12*45 {
			b.Fatalf("%d slots, %v", len(slots), err)
		}
	}
}

// TestSlotAtFindsWhatSlotsCut: every slot Slots cuts from a day is found by
// SlotAt at its start, read in Sofia or in UTC, and nothing else is: not a
// time between two slots' starts, not the unbooked remainder, not a
// session's end, not a closed day or a holiday the schedule observes.
func TestSlotAtFindsWhatSlotsCut(t *testing.T) {
	for _, c := range []struct {
		name   string
		sch    Schedule
		days   []string
		closed []string
	}{
		{"weekly, a remainder left unbooked", Schedule{Rule: mustRule(t, "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=WEEKLY;BYDAY=MO"),
			Duration: 100 * time.Minute, SlotLength: 30 * time.Minute}, []string{"2026-01-05", "2026-01-12", "2026-01-13"}, nil},
		{"daily, across the change to summer time", Schedule{Rule: mustRule(t, "DTSTART;TZID=Europe/Sofia:20260320T013000\nRRULE:FREQ=DAILY"),
			Duration: 3 * time.Hour, SlotLength: 20 * time.Minute}, []string{"2026-03-28", "2026-03-29", "2026-03-30"}, nil},
		{"holidays and a closed day", Schedule{Rule: mustRule(t, "DTSTART;TZID=Europe/Sofia:20251201T090000\nRRULE:FREQ=DAILY"),
			Duration: 12 * time.Hour, SlotLength: 10 * time.Minute, ObserveHolidays: true}, []string{"2025-12-23", "2025-12-24", "2025-12-25", "2025-12-29"}, []string{"2025-12-29"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			closed := map[Date]bool{}
			for _, d := range c.closed {
				closed[date(d)] = true
			}
			found := 0
			for _, d := range c.days {
				day := date(d)
				slots, err := c.sch.Slots(day, day, closed)
				if err != nil {
					t.Fatal(err)
				}
				cut := map[int64]Slot{}
				for _, sl := range slots {
					cut[sl.Start.Unix()] = sl
				}
				for at := day.Start(); at.Before(day.AddDays(1).Start()); at = at.Add(time.Minute) {
					for _, at := range []time.Time{at, at.UTC()} {
						got, ok, err := c.sch.SlotAt(at, closed)
						if err != nil {
							t.Fatal(err)
						}
						want, cutHere := cut[at.Unix()]
						if ok != cutHere || ok && (got != want || !got.Start.Equal(at)) {
							t.Fatalf("%s: SlotAt = %v, %v; Slots cut %v, %v", at, got, ok, want, cutHere)
						}
						if ok {
							found++
						}
					}
				}
			}
			if found == 0 {
				t.Error("no slot found on any day")
			}
		})
	}
}
