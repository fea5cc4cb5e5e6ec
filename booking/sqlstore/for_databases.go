package sqlstore

import (
	"slices"

	"github.com/priemna/priemna/booking"
)

// What the database packages use of the shared pieces for their own
// statements (the outbox claim, retention, statistics, checks).

// HotWrites are the statements every booking runs, for a database that
// prepares them up front.
func HotWrites(s *Store) []string {
	return []string{s.q.insertBooking, insertMessage, s.q.moveBooking,
		updateStatusQuery(1), updateStatusQuery(2), finishMessage}
}

// InsertAudit appends e, when not nil, in the transaction of the change it
// records.
func InsertAudit(s *Store, tx Tx, e *booking.AuditEntry) error { return s.insertAudit(tx, e) }

// SortMessages orders letters by when they are due, then as written.
func SortMessages(list []booking.Message) { sortMessages(list) }

// Placeholders is n comma-separated ? placeholders.
func Placeholders(n int) string { return placeholders(n) }

// SeatTaken is the SQL condition, on a bookings row, of a booking that
// takes a seat; FreeingStatuses lists the statuses that give their seat
// back. The partial index bookings_seat of each database says the same.
var SeatTaken = seatTaken

// FreeingStatuses lists the statuses that give their seat back.
func FreeingStatuses() []booking.Status { return slices.Clone(freeingStatuses()) }
