package sqlite

import (
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/priemna/priemna/booking"
)

// TestABookingCompilesNoSQL: the statements a booking runs are prepared
// once and then only run, as sqlstore's planStable rule asks (before it,
// the conditional insert, the no-show check, the booking read back and the
// letters-sent count were compiled anew for every booking: a third of a
// booking's CPU under load). The authorizer, which SQLite asks while it
// compiles, counts what is compiled.
func TestABookingCompilesNoSQL(t *testing.T) {
	f := newFixture(t, 40)
	f.With(func(st *booking.Stores) { st.Policies = f.db }) // the no-show check
	var (
		mu       sync.Mutex
		counting bool
		compiled = map[string]int{}
	)
	authorize := func(op int, arg1, arg2, _ string) int {
		mu.Lock()
		defer mu.Unlock()
		if counting && op == sqlite3.SQLITE_READ {
			compiled[arg1+"."+arg2]++
		}
		return sqlite3.SQLITE_OK
	}
	// One connection a pool, each told of what it compiles.
	for _, pool := range []*sql.DB{f.db.writer, f.db.reader} {
		pool.SetMaxOpenConns(1)
		conn, err := pool.Conn(f.Ctx)
		if err != nil {
			t.Fatal(err)
		}
		err = conn.Raw(func(c any) error {
			c.(*sqlite3.SQLiteConn).RegisterAuthorizer(authorize)
			return nil
		})
		conn.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	book := func(i int) {
		t.Helper()
		req := f.Request(monday.Add(time.Duration(i%12) * 15 * time.Minute))
		req.Email, req.Phone = fmt.Sprintf("citizen%d@example.bg", i), fmt.Sprintf("0888 100 %03d", i)
		b, _, err := f.Svc.Book(f.Ctx, req)
		if err != nil {
			t.Fatalf("booking %d: %v", i, err)
		}
		// What the pages and the mail worker read of a booking.
		if _, err := f.db.BookingByID(f.Ctx, b.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.db.LettersSent(f.Ctx, req.Email, []booking.MessageKind{booking.MessageConfirmation}, f.Clock.Now().Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	book(0) // prepares what a booking runs
	book(1)
	mu.Lock()
	counting = true
	mu.Unlock()
	for i := 2; i < 12; i++ {
		book(i)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(compiled) > 0 {
		t.Errorf("ten bookings compiled SQL reading these columns (times each): %v", compiled)
	}
}
