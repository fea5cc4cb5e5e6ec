package sqlstore

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/priemna/priemna/booking"
)

// What the database packages use of the shared pieces for their own
// statements (the outbox claim, the sweeps, checks, copy).

// HotWrites are the statements every booking runs, for a database that
// prepares them up front.
func HotWrites(s *Store) []string {
	return []string{s.q.insertBooking, insertMessage, s.q.moveBooking, comingBookings,
		updateStatusQuery(1), updateStatusQuery(2), finishMessage}
}

// ClaimQuery is a database's claim of due letters: it leases them (until
// its first parameter) and returns them (MessageColumns). due is the
// database's condition on an outbox row o that it is due (its parameters
// next); a letter also waits while an earlier one of the same booking that
// is due (at the parameter after) is still pending or being sent, so each
// citizen receives their letters in order; they are taken by due time,
// then as written, up to the limit that ends the database's tail.
func ClaimQuery(due, tail string) string {
	return `UPDATE outbox SET status = 'sending', claimed_until = ?
	WHERE id IN (
		SELECT o.id FROM outbox o
		WHERE (` + due + `)
		AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.booking_id = o.booking_id AND p.id < o.id
			AND p.due_at <= ? AND p.status IN ('pending', 'sending'))
		ORDER BY o.due_at, o.id ` + tail + `)
	RETURNING ` + MessageColumns
}

// Claim runs a database's claim of due letters in tx — an UPDATE that
// leases them, RETURNING MessageColumns — and returns them in the order
// they are due (RETURNING promises none); what names it in an error.
func Claim(tx interface {
	Query(query string, args ...any) (*sql.Rows, error)
}, what, claim string, args ...any) ([]booking.Message, error) {
	rows, err := tx.Query(claim, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	list, err := Collect(rows, what, ScanMessage)
	sortMessages(list)
	return list, err
}

// Placeholders is n comma-separated ? placeholders.
func Placeholders(n int) string { return placeholders(n) }

// SeatTaken is the SQL condition, on a bookings row, of a booking that
// takes a seat. The partial index bookings_seat of each database says the
// same.
var SeatTaken = seatTaken

// EraseBookings erases, in tx, the personal data of the bookings where
// selects, as one batch of the retention sweep does, and says how many.
func EraseBookings(s *Store, tx Tx, where string, args []any, at time.Time) (int, error) {
	return s.anonymise(tx, where, args, at)
}

// BookingsQuery is the query Store.Bookings runs for the filter, and its
// arguments: the databases' plan tests hold it to its indexes.
func BookingsQuery(f booking.BookingFilter) (string, []any) { return bookingsQuery(f) }

// NoShowsQuery is the query of the no-show check (Store.NoShowsSince), for
// the databases' plan tests: its parameters are the email key, the
// instant, the email key again.
const NoShowsQuery = noShowsSince
