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

// BenchDaySheet reads one day's bookings of an official (the day sheet and
// the CSV of a day are drawn from them), the same 32 bookings with no
// other bookings and with 1,000,000 past ones of the same official, which
// fill writes the store's own quick way: the goal is within 1.5×. The two
// are read in three interleaved rounds, so that the load of a shared
// machine falls on both: compare the medians. Each store runs it as its
// BenchmarkDaySheet.
func BenchDaySheet(b *testing.B, h Harness, fill func(b *testing.B, f *Fixture, past int)) {
	type sheet struct {
		f    *Fixture
		past int
		day  calendar.Date
	}
	var sheets []sheet
	for _, past := range []int{0, 1_000_000} {
		f := BenchFixture(b, h)
		fill(b, f, past)
		starts := f.SlotStarts(32)
		for _, start := range starts {
			req := f.Request(time.Time{})
			req.Start = start
			if _, _, err := f.Svc.Book(f.Ctx, req); err != nil {
				b.Fatal(err)
			}
		}
		first, _ := time.Parse(time.RFC3339, starts[0])
		sheets = append(sheets, sheet{f, past, calendar.DateOf(first)})
	}
	for range 3 {
		for _, s := range sheets {
			b.Run(fmt.Sprintf("past=%d", s.past), func(b *testing.B) {
				for b.Loop() {
					if list, err := s.f.Svc.BookingsBetween(s.f.Ctx, s.f.Official.ID, s.day, s.day); err != nil || len(list) != 32 {
						b.Fatal(len(list), err)
					}
				}
			})
		}
	}
}
