package booking_test

import (
	"context"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/bookingtest"
	"github.com/priemna/priemna/calendar"
)

// The domain's own tests run the service on bookingtest's in-memory store,
// which the stores' conformance suite holds to the real stores' contracts:
// they are about the rules (windows, statuses, what is sent), fast, and
// leave the databases to booking/storetest.

var sofia = bookingtest.Sofia

// monday is the first Monday of the fixture's schedule open for booking
// (Mondays 14:00–17:00, 15-minute slots, from 30 days to 2 hours ahead).
var monday = sofia(2026, 1, 12, 14, 0)

type domain struct {
	ctx      context.Context // the test's: cancelled when it ends
	svc      *booking.Service
	store    *bookingtest.Store
	clock    *bookingtest.Clock
	official *booking.Official
}

// newDomain seeds bookingtest.Weekly(capacity) in a new store; the clock
// stands at Wednesday 7 January 2026, 09:00.
func newDomain(t *testing.T, capacity int) *domain {
	t.Helper()
	store := bookingtest.NewStore()
	clk := bookingtest.NewClock(sofia(2026, 1, 7, 9, 0))
	svc := booking.NewService(store.Stores(), clk.Now)
	o, _ := bookingtest.Seed(t, svc, bookingtest.Weekly(capacity))
	return &domain{ctx: t.Context(), svc: svc, store: store, clock: clk, official: o}
}

func (d *domain) request(start time.Time, email string) booking.BookRequest {
	return booking.BookRequest{Official: d.official.Slug, Start: start.Format(time.RFC3339), Name: "Мария Георгиева",
		Email: email, Topic: "Ремонт на тротоара пред блок 12", Language: "bg"}
}

func (d *domain) book(t *testing.T, start time.Time, email string) *booking.Booking {
	t.Helper()
	b, _, err := d.svc.Book(d.ctx, d.request(start, email))
	if err != nil {
		t.Fatalf("book %s: %v", start, err)
	}
	return b
}

// kinds lists the kinds of a booking's letters, in the order written.
func (d *domain) kinds(t *testing.T, b *booking.Booking) []booking.MessageKind {
	t.Helper()
	msgs, err := d.store.Messages(d.ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	var out []booking.MessageKind
	for _, m := range msgs {
		out = append(out, m.Kind)
	}
	return out
}

// free returns the free seats of the slot at start, as citizens see them.
func (d *domain) free(t *testing.T, start time.Time) int {
	t.Helper()
	day := calendar.DateOf(start)
	slots, err := d.svc.Slots(d.ctx, d.official.Slug, day, day)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range slots {
		if s.Start.Equal(start) {
			return s.Available
		}
	}
	return 0
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := booking.ErrorCode(err); got != code {
		t.Fatalf("error code %q (%v), want %q", got, err, code)
	}
}
