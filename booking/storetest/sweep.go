package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
)

// The hold and no-show sweeps run in three processes on one database at
// the same instant, as every serve replica runs them once a minute: each
// lapsed hold is released once, each booking past its end marked a
// no-show once, with one letter, and no sweep fails.
func testSweepsRunInEveryProcessAtOnce(t *testing.T, h Harness) {
	f := holdFixture(t, h)
	var holds, confirmed []*booking.Booking
	for i := range 12 {
		req := f.Request(monday.Add(time.Duration(i) * 15 * time.Minute))
		req.Email, req.Phone = fmt.Sprintf("c%d@example.bg", i), ""
		if i%2 == 1 {
			confirmed = append(confirmed, f.bookProven(t, req))
			continue
		}
		b, _, err := f.Svc.Book(f.Ctx, req) // held until confirmed by email
		if err != nil {
			t.Fatal(err)
		}
		holds = append(holds, b)
	}
	replicas := []*booking.Service{f.Svc, f.secondProcess(t), f.secondProcess(t)}
	sweep := func(name string, run func(*booking.Service) (int, error), want int) {
		t.Helper()
		var wg sync.WaitGroup
		counts := make([]int, len(replicas))
		for i, svc := range replicas {
			wg.Go(func() {
				n, err := run(svc)
				if err != nil {
					t.Errorf("%s on replica %d: %v", name, i, err)
				}
				counts[i] = n
			})
		}
		wg.Wait()
		total := 0
		for _, n := range counts {
			total += n
		}
		if total != want {
			t.Errorf("%s: %v between the replicas, want %d in all", name, counts, want)
		}
	}
	f.Clock.Set(f.Clock.Now().Add(21 * time.Minute))
	sweep("holds", func(s *booking.Service) (int, error) { return s.ReleaseHolds(f.Ctx) }, len(holds))
	f.Clock.Set(monday.Add(24 * time.Hour))
	sweep("no-shows", func(s *booking.Service) (int, error) { return s.SweepNoShows(f.Ctx) }, len(confirmed))
	for _, b := range confirmed {
		got, err := f.DB.BookingByID(f.Ctx, b.ID)
		if err != nil || got.Status != booking.StatusNoShow {
			t.Fatalf("booking %s: %v %v", b.Reference, got, err)
		}
		notices := 0
		for _, m := range f.intents(t, b.ID) {
			if m.Kind == booking.MessageNoShow {
				notices++
			}
		}
		if notices > 1 {
			t.Errorf("booking %s has %d no-show letters", b.Reference, notices)
		}
	}
	for _, b := range holds {
		if got, _ := f.DB.BookingByID(f.Ctx, b.ID); got.Status != booking.StatusCancelled {
			t.Errorf("hold %s is %s", b.Reference, got.Status)
		}
	}
}
