package postgres

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// The same benchmark as booking/sqlite's BenchmarkBookParallel, so that
// `make bench` shows the two stores side by side.

func benchFixture(b *testing.B) *fixture {
	f := newFixture(b, 1)
	sch := &booking.Schedule{OfficialID: f.official.ID,
		Rule:            "DTSTART;TZID=Europe/Sofia:20260108T090000\nRRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
		DurationMinutes: 480, SlotMinutes: 15, Capacity: 100, Location: "Зала 1", BookingOpensDays: 366}
	if err := f.svc.CreateSchedule(context.Background(), booking.CommandLine, sch); err != nil {
		b.Fatal(err)
	}
	return f
}

// slotStarts lists the next n working-day slot starts of benchFixture's schedule.
func slotStarts(f *fixture, n int) []string {
	slots, err := f.svc.Slots(context.Background(), f.official.Slug, calendar.Date{Year: 2026, Month: 1, Day: 8}, calendar.Date{Year: 2026, Month: 12, Day: 31})
	if err != nil {
		panic(err)
	}
	var starts []string
	for _, s := range slots {
		if s.Capacity == 100 {
			starts = append(starts, s.Start.Format(time.RFC3339))
		}
		if len(starts) == n {
			break
		}
	}
	return starts
}

// BenchmarkBookParallel books from 16 goroutines through one pool of
// connections on the test cluster (which runs without fsync: the figure
// is the store's, not the disk's).
func BenchmarkBookParallel(b *testing.B) {
	f := benchFixture(b)
	starts := slotStarts(f, 2000)
	var n atomic.Int64
	b.SetParallelism(8) // × GOMAXPROCS (2 here) = 16 goroutines
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			req := f.request(time.Time{})
			req.Start = starts[int(i)%len(starts)]
			req.Email = fmt.Sprintf("c%d@example.bg", i)
			if _, _, err := f.svc.Book(context.Background(), req); err != nil && booking.ErrorCode(err) != booking.ESLOTFULL {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "bookings/s")
}
