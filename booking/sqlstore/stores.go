package sqlstore

import "github.com/priemna/priemna/booking"

// Stores returns the database in every role the booking service has: it
// keeps all of them, in one database, so that a change and its letters, its
// audit entry and its statistics commit together.
func (s *Store) Stores() booking.Stores {
	return booking.Stores{
		Catalog: s, Closures: s, Bookings: s, Feedback: s, Stats: s,
		Policies: s, Priority: s, Waitlist: s, Complaints: s,
		Feeds: s, Privacy: s, Audit: s, DeadLetters: s, Links: s, Deputies: s, Contests: s,
		Proofs: s,
	}
}

// Required returns the database in the roles the service cannot do
// without, every optional feature (caps and no-show policy, priority
// passes, waiting lists, complaints, feeds, erasure, audit log, dead
// letters) off; a caller adds the ones it wants.
func (s *Store) Required() booking.Stores {
	return booking.Stores{Catalog: s, Closures: s, Bookings: s, Feedback: s, Stats: s}
}
