package sqlite

import "github.com/priemna/priemna/booking"

// Stores returns the database in every role the booking service has: it
// keeps all of them, in one file, so that a change and its letters, its
// audit entry and its statistics commit together.
func (db *DB) Stores() booking.Stores {
	return booking.Stores{
		Catalog: db, Closures: db, Bookings: db, Feedback: db, Stats: db,
		Policies: db, Priority: db, Waitlist: db, Complaints: db,
		Feeds: db, Privacy: db, Audit: db, DeadLetters: db, Links: db, Deputies: db, Contests: db,
	}
}

// The roles the rest of the program gives the database.
var (
	_ booking.StaffStore   = (*DB)(nil)
	_ booking.SessionStore = (*DB)(nil)
	_ booking.MailQueue    = (*DB)(nil)
	_ booking.LetterStore  = (*DB)(nil)
)

// Required returns the database in the roles the service cannot do
// without, every optional feature (caps and no-show policy, priority
// passes, waiting lists, complaints, feeds, erasure, audit log, dead
// letters) off; a caller adds the ones it wants.
func (db *DB) Required() booking.Stores {
	return booking.Stores{Catalog: db, Closures: db, Bookings: db, Feedback: db, Stats: db}
}
