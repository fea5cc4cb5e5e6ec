package postgres

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/postgres/pgtest"
	"github.com/priemna/priemna/calendar"
)

// clock is a test clock that only moves when told to.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

type fixture struct {
	path     string // the database file
	db       *DB
	svc      *booking.Service
	stores   booking.Stores // the service's
	clock    *clock
	official *booking.Official
	schedule *booking.Schedule
}

// sofia returns a Sofia wall-clock instant.
func sofia(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, calendar.Sofia)
}

// newFixture opens a fresh database file with one unit, one official and a
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
	clk := &clock{t: sofia(2026, 1, 7, 9, 0)}
	stores := db.Required()
	stores.Feeds, stores.Privacy, stores.Audit, stores.DeadLetters = db, db, db, db
	svc := booking.NewService(stores, clk.Now)
	ctx := context.Background()
	if err := svc.CreateUnit(ctx, booking.CommandLine, &booking.Unit{Slug: "sredets", Name: "Район „Средец“", Kind: "district"}); err != nil {
		t.Fatal(err)
	}
	o, err := svc.CreateOfficial(ctx, booking.CommandLine, booking.OfficialInput{Slug: "kmet-sredets", Name: "Иван Петров", Title: "Кмет на район „Средец“",
		Unit: "sredets", Email: "priemna@sredets.example.bg", Phone: "02 123 4567"})
	if err != nil {
		t.Fatal(err)
	}
	sch := &booking.Schedule{
		OfficialID: o.ID, Rule: "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=WEEKLY;BYDAY=MO",
		DurationMinutes: 180, SlotMinutes: 15, Capacity: capacity, Location: "ул. „Съборна“ 1, ет. 2, стая 204", StepFree: true,
		BookingOpensDays: 30, BookingClosesHours: 2, ObserveHolidays: true,
	}
	if err := svc.CreateSchedule(ctx, booking.CommandLine, sch); err != nil {
		t.Fatal(err)
	}
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

func (f *fixture) count(t testing.TB, table string) int {
	t.Helper()
	stats, err := f.db.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return stats[table]
}

func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	if got := booking.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

// intents returns a booking's outbox messages other than reminders, which
// most tests do not care about.
func (f *fixture) intents(t testing.TB, bookingID int64) []booking.Message {
	t.Helper()
	msgs, err := f.db.Messages(context.Background(), bookingID)
	if err != nil {
		t.Fatal(err)
	}
	var out []booking.Message
	for _, m := range msgs {
		if m.Kind != booking.MessageReminder {
			out = append(out, m)
		}
	}
	return out
}

// bookProven books as a citizen who proves the address: the booking is
// held, and confirmed through the code in the letter sent to it.
func (f *fixture) bookProven(t testing.TB, req booking.BookRequest) *booking.Booking {
	t.Helper()
	ctx := context.Background()
	req.ConfirmByEmail = true
	b, _, err := f.svc.Book(ctx, req)
	if err != nil {
		t.Fatalf("book %s: %v", req.Start, err)
	}
	msgs, err := f.db.Messages(ctx, b.ID)
	if err != nil || len(msgs) != 1 || msgs[0].Pass == "" {
		t.Fatalf("hold letter: %+v %v", msgs, err)
	}
	if b, err = f.svc.ConfirmHold(ctx, msgs[0].Pass); err != nil {
		t.Fatal(err)
	}
	return b
}
