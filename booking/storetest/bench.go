package storetest

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// BenchFixture is NewFixture with a daily schedule besides, of capacity
// high enough that benchmarks never run out of room, and its booking
// window wide open.
func BenchFixture(b testing.TB, h Harness) *Fixture {
	f := NewFixture(b, h, 1)
	sch := &booking.Schedule{OfficialID: f.Official.ID,
		Rule:            "DTSTART;TZID=Europe/Sofia:20260108T090000\nRRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
		DurationMinutes: 480, SlotMinutes: 15, Capacity: 100, Location: "Зала 1", BookingOpensDays: 366}
	if err := f.Svc.CreateSchedule(f.Ctx, booking.CommandLine, sch); err != nil {
		b.Fatal(err)
	}
	return f
}

// SlotStarts lists the next n working-day slot starts of BenchFixture's
// schedule.
func (f *Fixture) SlotStarts(n int) []string {
	slots, err := f.Svc.Slots(f.Ctx, f.Official.Slug, calendar.Date{Year: 2026, Month: 1, Day: 8}, calendar.Date{Year: 2026, Month: 12, Day: 31})
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

// BenchBookParallel books from 16 goroutines on the harness's store: each
// store runs it as its BenchmarkBookParallel, so that `make bench` shows
// them side by side.
func BenchBookParallel(b *testing.B, h Harness) {
	f := BenchFixture(b, h)
	starts := f.SlotStarts(2000)
	var n atomic.Int64
	b.SetParallelism(8) // × GOMAXPROCS (2 here) = 16 goroutines
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			req := f.Request(time.Time{})
			req.Start = starts[int(i)%len(starts)]
			req.Email = fmt.Sprintf("c%d@example.bg", i)
			if _, _, err := f.Svc.Book(f.Ctx, req); err != nil && booking.ErrorCode(err) != booking.ESLOTFULL {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "bookings/s")
}
