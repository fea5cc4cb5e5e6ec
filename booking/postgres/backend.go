package postgres

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/sqlstore"
)

// The store's methods are booking/sqlstore's; this is what PostgreSQL
// gives them: READ COMMITTED transactions run again on a serialisation
// failure, a deadlock or a seat clash (write), ? placeholders rebound to
// $n (txn), and the locks of lock.go taken before each check.

// outboxState is OutboxState's query, whose plan a test holds.
const outboxState = sqlstore.OutboxStateQuery

// PastBooking is a booking of the past with what happened to it and to its
// messages (ImportPast).
type PastBooking = sqlstore.PastBooking

type backend struct{ db *DB }

func (b backend) Write(ctx context.Context, fn func(tx sqlstore.Tx) error) error {
	return b.db.write(ctx, func(tx *txn) error { return fn(tx) })
}

// eraseBatch bounds how many rows one write of a sweep handles, so that
// bookings made meanwhile commit between the batches.
const eraseBatch = 500

// Sweep runs each step in a write of its own; first runs in the first,
// again should that write be run again.
func (b backend) Sweep(ctx context.Context, first func(tx sqlstore.Tx) error, step func(tx sqlstore.Tx, limit int) (int, error)) (int, error) {
	total := 0
	for {
		var n int
		err := b.db.write(ctx, func(tx *txn) (err error) {
			if first != nil {
				if err := first(tx); err != nil {
					return err
				}
			}
			n, err = step(tx, eraseBatch)
			return err
		})
		if err != nil {
			return total, err
		}
		first = nil
		total += n
		if n < eraseBatch {
			return total, nil
		}
	}
}

func (b backend) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return b.db.query(ctx, query, args...)
}

func (b backend) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Scanner {
	return b.db.queryRow(ctx, query, args...)
}

// SeatClash marks a violation of the seat index for write to run again: a
// seat taken by a write this one could not see; run again, it sees it.
func (backend) SeatClash(err error) error { return &seatClash{err} }

func (backend) Unique(err error, c sqlstore.Constraint) bool { return isUnique(err, constraints[c]) }

// constraints name each unique constraint as the schema does.
var constraints = map[sqlstore.Constraint]string{
	sqlstore.BookingIdempotencyKey: "bookings_idempotency_key",
	sqlstore.BookingReference:      "bookings_reference",
	sqlstore.BookingToken:          "bookings_token",
	sqlstore.BookingSeat:           "bookings_seat",
	sqlstore.ClosureDay:            "closures_official_id_date_key",
	sqlstore.FeedbackBooking:       "feedback_pkey",
	sqlstore.ContestBooking:        "no_show_contests_pkey",
	sqlstore.OfficialSlug:          "officials_slug_key",
	sqlstore.UnitSlug:              "units_slug_key",
	sqlstore.UserEmail:             "users_email_key",
	sqlstore.WaitlistOne:           "waitlist_one",
}

func (b backend) FoldStats(ctx context.Context) error { return b.db.foldStats(ctx) }

func (backend) Lock(tx sqlstore.Tx, key string) error { return lockExclusive(tx, key) }

func (backend) LockSlot(tx sqlstore.Tx, b *booking.Booking) error { return lockSlot(tx, b) }

func (backend) LockDay(tx sqlstore.Tx, officialID int64, dayStart, dayEnd time.Time, day string) error {
	return lockDay(tx, officialID, dayStart, dayEnd, day)
}

func (backend) LockOfficials(tx sqlstore.Tx, where string, arg any) error {
	return lockOfficials(tx, where, arg)
}

func (backend) LockCitizen(tx sqlstore.Tx, emailKey, phoneKey string) error {
	return lockCitizen(tx, emailKey, phoneKey)
}

func (backend) LockBookings(tx sqlstore.Tx, where string, args ...any) error {
	return lockBookings(tx, where, args...)
}

func (backend) CatalogChanged(tx sqlstore.Tx) error { return notifyChanged(tx) }

var dialect = sqlstore.Dialect{
	Name:        "postgres",
	FreeSeat:    `(SELECT MIN(n) FROM generate_series(1, (SELECT capacity FROM schedules WHERE id = ?)) AS seats (n) WHERE n NOT IN (`,
	Param:       func(t string) string { return "?::" + t },
	ForUpdateOf: func(alias string) string { return " FOR UPDATE OF " + alias },
	LettersSent: lettersSent,
	Zeros:       func(n int) string { return `decode(repeat('00', ` + strconv.Itoa(n) + `), 'hex')` },
	EraseTable:  `CREATE TEMP TABLE IF NOT EXISTS erase (id BIGINT PRIMARY KEY) ON COMMIT DROP`,
}
