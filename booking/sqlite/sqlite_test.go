package sqlite

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/storetest"
)

// TestCheckFindsDamage corrupts a database file and expects Check, run at
// start-up, to say so rather than serve from it.
func TestCheckFindsDamage(t *testing.T) {
	db := openTemp(t)
	if err := db.Check(t.Context()); err != nil {
		t.Fatalf("a fresh database: %v", err)
	}
	// Overwrite the second page, part of the schema's b-trees.
	overwrite(t, db, 4096, 4096)
	db, err := Open(db.Path)
	if err == nil {
		err = db.Check(t.Context())
		db.Close()
	}
	if err == nil {
		t.Fatal("a damaged database passed the check")
	}
}

// TestFullDiskGivesAClearErrorAndKeepsTheData fills the database up to
// PRAGMA max_page_count: a booking then fails with EUNAVAILABLE, nothing
// half-written remains, and the database passes its check.
func TestFullDiskGivesAClearErrorAndKeepsTheData(t *testing.T) {
	f := newFixture(t, 100)
	first := f.Book(t, monday)
	var pages int
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.db.write(f.Ctx, func(tx *sql.Tx) error { return tx.QueryRow(`PRAGMA page_count`).Scan(&pages) }))
	must(f.db.write(f.Ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages))
		return err
	}))
	before := f.Count(t, "bookings")
	var err error
	for i := 0; i < 200 && err == nil; i++ { // fill what room is left
		req := f.Request(monday.Add(15 * time.Minute))
		req.Email = fmt.Sprintf("c%d@example.bg", i)
		req.Topic = strings.Repeat("дълъг текст ", 80)
		_, _, err = f.Svc.Book(f.Ctx, req)
	}
	storetest.WantCode(t, err, booking.EUNAVAILABLE)
	if msg := booking.ErrorMessage(err); !strings.Contains(msg.In("en"), "Nothing was changed") {
		t.Errorf("message: %+v", msg)
	}
	if got, err := f.Svc.Booking(f.Ctx, first.Token); err != nil || got.Name == "" {
		t.Fatalf("the earlier booking: %+v %v", got, err)
	}
	after := f.Count(t, "bookings")
	msgs := f.Count(t, "outbox")
	if msgs != after*3 || after < before {
		t.Errorf("%d bookings and %d outbox rows: each booking must have its three messages", after, msgs)
	}
	if err := f.db.Check(f.Ctx); err != nil {
		t.Fatal(err)
	}
}

// TestALockHeldElsewhereGivesAClearError: while another process holds the
// write lock for longer than the busy timeout, a booking is refused with
// EUNAVAILABLE and a message saying nothing changed; once the lock is
// free, the same booking goes through.
func TestALockHeldElsewhereGivesAClearError(t *testing.T) {
	f := newFixture(t, 1)
	// The server waits 10 s; the test, 50 ms.
	if _, err := f.db.writer.Exec(`PRAGMA busy_timeout = 50`); err != nil {
		t.Fatal(err)
	}
	other, err := sql.Open("sqlite3", f.db.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(f.Ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(f.Ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	_, _, err = f.Svc.Book(f.Ctx, f.Request(monday))
	storetest.WantCode(t, err, booking.EUNAVAILABLE)
	if msg := booking.ErrorMessage(err); !strings.Contains(msg.In("en"), "Nothing was changed") || !strings.Contains(msg.In("bg"), "Нищо не е променено") {
		t.Errorf("message: %+v", msg)
	}
	if _, err := conn.ExecContext(f.Ctx, `ROLLBACK`); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Svc.Book(f.Ctx, f.Request(monday)); err != nil {
		t.Fatalf("once the lock is free: %v", err)
	}
}
