package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/bookingtest"
	"github.com/priemna/priemna/booking/postgres/pgtest"
)

type fixture struct {
	path     string // the database file
	db       *DB
	svc      *booking.Service
	stores   booking.Stores // the service's
	clock    *bookingtest.Clock
	official *booking.Official
	schedule *booking.Schedule
}

// monday is the first Monday the fixture's schedule can be booked on.
var monday = sofia(2026, 1, 12, 14, 0)

// sofia returns a Sofia wall-clock instant.
var sofia = bookingtest.Sofia

// newFixture opens a fresh database with one unit, one official and a
// weekly Monday 14:00–17:00 schedule of 15-minute slots of the given
// capacity; the clock stands at Wednesday 7 January 2026, 09:00.
func newFixture(t testing.TB, capacity int) *fixture {
	t.Helper()
	path := pgtest.URL(t)
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clk := bookingtest.NewClock(sofia(2026, 1, 7, 9, 0))
	stores := db.Required()
	stores.Feeds, stores.Privacy, stores.Audit, stores.DeadLetters = db, db, db, db
	svc := booking.NewService(stores, clk.Now)
	o, sch := bookingtest.Seed(t, svc, bookingtest.Weekly(capacity))
	return &fixture{path: path, db: db, svc: svc, stores: stores, clock: clk, official: o, schedule: sch}
}

// with gives the service the optional roles set turns on (caps and the
// no-show policy, priority passes, waiting lists, complaints): a new
// service on the same database and clock, with the roles given so far.
func (f *fixture) with(set func(st *booking.Stores)) {
	set(&f.stores)
	f.svc = booking.NewService(f.stores, f.clock.Now)
}

func (f *fixture) request(start time.Time) booking.BookRequest {
	return booking.BookRequest{
		Official: f.official.Slug, Start: start.Format(time.RFC3339), Name: "Мария Георгиева",
		Email: "maria@example.bg", Phone: "0888 123 456", Topic: "Ремонт на тротоара пред блок 12",
		Accessibility: booking.Accessibility{Needs: []booking.Need{"wheelchair"}}, Language: "bg",
	}
}

func (f *fixture) book(t testing.TB, start time.Time) *booking.Booking {
	t.Helper()
	b, _, err := f.svc.Book(context.Background(), f.request(start))
	if err != nil {
		t.Fatalf("book %s: %v", start, err)
	}
	return b
}
