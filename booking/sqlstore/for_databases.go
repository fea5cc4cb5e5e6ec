package sqlstore

import (
	"slices"
	"time"

	"github.com/priemna/priemna/booking"
)

// What the database packages use of the shared pieces for their own
// statements (the outbox claim, the sweeps, checks, copy).

// HotWrites are the statements every booking runs, for a database that
// prepares them up front.
func HotWrites(s *Store) []string {
	return []string{s.q.insertBooking, insertMessage, s.q.moveBooking,
		updateStatusQuery(1), updateStatusQuery(2), finishMessage}
}

// SortMessages orders letters by when they are due, then as written.
func SortMessages(list []booking.Message) { sortMessages(list) }

// Placeholders is n comma-separated ? placeholders.
func Placeholders(n int) string { return placeholders(n) }

// SeatTaken is the SQL condition, on a bookings row, of a booking that
// takes a seat. The partial index bookings_seat of each database says the
// same.
var SeatTaken = seatTaken

// FreeingStatuses lists the statuses that give their seat back.
func FreeingStatuses() []booking.Status { return slices.Clone(freeingStatuses()) }

// EraseBookings erases, in tx, the personal data of the bookings where
// selects, as one batch of the retention sweep does, and says how many.
func EraseBookings(s *Store, tx Tx, where string, args []any, at time.Time) (int, error) {
	return s.anonymise(tx, where, args, at)
}
