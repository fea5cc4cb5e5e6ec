package postgres

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/bookingtest"
	"github.com/priemna/priemna/booking/postgres/pgtest"
)

// TestOutboxAcrossReplicas: four replicas' workers (four pools on one
// database) claim at the same instant. Each due message is claimed by
// one of them; a booking's later letter waits while its earlier one is
// being sent, whoever sends it; and a claim whose replica died (its
// lease ran out) is taken by another.
func TestOutboxAcrossReplicas(t *testing.T) {
	url := pgtest.URL(t)
	ctx := context.Background()
	var dbs []*DB
	for range 4 {
		db, err := Open(url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs = append(dbs, db)
	}
	clock := bookingtest.NewClock(bookingtest.Sofia(2026, 1, 7, 9, 0))
	svc := booking.NewService(dbs[0].Required(), clock.Now)
	o, _ := bookingtest.Seed(t, svc, bookingtest.Weekly(20))
	const n = 20
	var tokens []string
	for i := range n {
		b, _, err := svc.Book(ctx, booking.BookRequest{Official: o.Slug, Start: bookingtest.Sofia(2026, 1, 12, 14, 0).Format(time.RFC3339),
			Name: "Мария Георгиева", Email: "m" + string(rune('a'+i)) + "@example.bg", Topic: "Ремонт на тротоара", Language: "bg"})
		if err != nil {
			t.Fatal(err)
		}
		tokens = append(tokens, b.Token)
	}
	// Each booking is cancelled too: its cancellation is due at once,
	// behind its confirmation.
	for _, tok := range tokens {
		if _, err := svc.Cancel(ctx, tok); err != nil {
			t.Fatal(err)
		}
	}
	claimAll := func(now time.Time) [][]booking.Message {
		got := make([][]booking.Message, len(dbs))
		var wg sync.WaitGroup
		for i, db := range dbs {
			wg.Go(func() {
				list, err := db.ClaimMessages(ctx, now, now.Add(time.Minute), n/4)
				if err != nil {
					t.Error(err)
				}
				got[i] = list
			})
		}
		wg.Wait()
		return got
	}
	now := clock.Now()
	first := claimAll(now)
	seen := map[int64]int{}
	byBooking := map[int64]int{}
	for _, list := range first {
		for _, m := range list {
			seen[m.ID]++
			byBooking[m.BookingID]++
			if m.Kind != booking.MessageConfirmation {
				t.Errorf("claimed %s of booking %d before its confirmation was sent", m.Kind, m.BookingID)
			}
		}
	}
	if len(seen) != n || len(byBooking) != n {
		t.Fatalf("%d messages of %d bookings claimed, want %d confirmations", len(seen), len(byBooking), n)
	}
	for i, list := range first {
		if len(list) != n/4 {
			t.Fatalf("replica %d claimed %d, want %d (each claims up to %d)", i, len(list), n/4, n/4)
		}
	}
	for id, k := range seen {
		if k > 1 {
			t.Errorf("message %d claimed by %d replicas", id, k)
		}
	}
	// Nothing more while the confirmations are out.
	for _, list := range claimAll(now) {
		if len(list) > 0 {
			t.Fatalf("claimed %d more while the first letters were being sent", len(list))
		}
	}
	// Replica 0 sends its share; replica 1 dies holding its claims.
	var done []booking.Finished
	for _, m := range first[0] {
		done = append(done, booking.Finished{ID: m.ID, Status: booking.MessageSent, At: now})
	}
	if err := dbs[0].FinishMessages(ctx, done); err != nil {
		t.Fatal(err)
	}
	for i := 2; i < len(first); i++ {
		for _, m := range first[i] {
			if err := dbs[i].FinishMessages(ctx, []booking.Finished{{ID: m.ID, Status: booking.MessageSent, At: now}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Now the cancellations of the sent ones are due; those behind the
	// dead replica's claims wait for the lease.
	next := claimAll(now.Add(time.Second))
	dead := map[int64]bool{}
	for _, m := range first[1] {
		dead[m.BookingID] = true
	}
	for _, list := range next {
		for _, m := range list {
			if m.Kind != booking.MessageCancellation || dead[m.BookingID] {
				t.Errorf("claimed %s of booking %d (dead replica's: %v)", m.Kind, m.BookingID, dead[m.BookingID])
			}
		}
	}
	// After the lease, another replica takes the dead one's letters.
	later := claimAll(now.Add(2 * time.Minute))
	retaken := 0
	for _, list := range later {
		for _, m := range list {
			if dead[m.BookingID] && m.Kind == booking.MessageConfirmation {
				retaken++
			}
		}
	}
	if retaken != len(first[1]) {
		t.Errorf("%d of the dead replica's %d letters taken again after the lease", retaken, len(first[1]))
	}
}
