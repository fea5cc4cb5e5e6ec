package postgres

import "github.com/priemna/priemna/booking"

// The roles the rest of the program gives the database, beyond those of
// Stores (sqlstore).
var (
	_ booking.StaffStore   = (*DB)(nil)
	_ booking.SessionStore = (*DB)(nil)
	_ booking.MailQueue    = (*DB)(nil)
	_ booking.LetterStore  = (*DB)(nil)
)
