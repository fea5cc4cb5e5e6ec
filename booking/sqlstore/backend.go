package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/priemna/priemna/booking"
)

// What each database supplies: its transactions, its write path and reads,
// its locks, the names of its constraints, and its own SQL where the two
// differ.

// Tx is a write transaction; its statements use ? placeholders.
type Tx interface {
	Exec(query string, args ...any) (sql.Result, error)
	Query(query string, args ...any) (*sql.Rows, error)
	QueryRow(query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	Prepare(query string) (*sql.Stmt, error)
	// InsertID runs an INSERT and returns the new row's id; ok is false
	// when a conditional insert inserted nothing.
	InsertID(query string, args ...any) (id int64, ok bool, err error)
}

// Scanner is a row to scan: *sql.Row, *sql.Rows.
type Scanner interface{ Scan(dest ...any) error }

// Backend is what a database supplies: its write path, its reads, and the
// locks that keep a check true until the write it decides commits.
type Backend interface {
	// Write runs fn in a write transaction and returns once it is durable.
	Write(ctx context.Context, fn func(tx Tx) error) error
	// Query and QueryRow read outside any write.
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) Scanner
	// Unique reports whether err violates the unique constraint c.
	Unique(err error, c Constraint) bool
	// SeatClash wraps the error of a seat taken under the write by one it
	// could not see; a backend that retries such writes marks it so.
	SeatClash(err error) error
	// Sweep runs step, which handles up to limit rows and says how many,
	// in writes of their own until a step finds fewer than limit; first,
	// when not nil, runs once, in the first of those writes. It returns the
	// rows handled. Sweeps (retention, the lapse of waiting entries) go
	// over rows by the thousand: a database with one writer bounds each
	// write so that bookings do not wait behind it.
	Sweep(ctx context.Context, first func(tx Tx) error, step func(tx Tx, limit int) (int, error)) (int, error)
	// FoldStats brings the monthly statistics up to date before they are
	// read, where the triggers leave changes pending (PostgreSQL).
	FoldStats(ctx context.Context) error
	Locks
}

// Locks are taken by a write before it checks what they guard, and held to
// its commit. A database whose writes run one after another needs none
// (NoLocks).
type Locks interface {
	// Lock takes the named exclusive lock.
	Lock(tx Tx, key string) error
	// LockSlot is taken by every write that puts a booking into a slot.
	LockSlot(tx Tx, b *booking.Booking) error
	// LockDay is taken by a closure or hand-over of an official's day,
	// before it reads the day's bookings, which it then locks.
	LockDay(tx Tx, officialID int64, dayStart, dayEnd time.Time, day string) error
	// LockOfficials is taken by a change that may end the slots of the
	// officials where selects (one argument).
	LockOfficials(tx Tx, where string, arg any) error
	// LockCitizen is taken before a citizen's coming bookings are counted.
	LockCitizen(tx Tx, emailKey, phoneKey string) error
	// LockBookings locks the bookings rows where selects against changes.
	LockBookings(tx Tx, where string, args ...any) error
	// CatalogChanged is called by every write to units, officials,
	// schedules or closures: other processes' cached calendars are stale.
	CatalogChanged(tx Tx) error
}

// NoLocks are the Locks of a database with one writer.
type NoLocks struct{}

func (NoLocks) Lock(Tx, string) error                                 { return nil }
func (NoLocks) LockSlot(Tx, *booking.Booking) error                   { return nil }
func (NoLocks) LockDay(Tx, int64, time.Time, time.Time, string) error { return nil }
func (NoLocks) LockOfficials(Tx, string, any) error                   { return nil }
func (NoLocks) LockCitizen(Tx, string, string) error                  { return nil }
func (NoLocks) LockBookings(Tx, string, ...any) error                 { return nil }
func (NoLocks) CatalogChanged(Tx) error                               { return nil }

// Constraint names a unique constraint; each Backend knows its name there.
type Constraint int

const (
	BookingIdempotencyKey Constraint = iota
	BookingReference
	BookingToken
	BookingSeat // the unique seat index
	ClosureDay
	FeedbackBooking
	ContestBooking
	OfficialSlug
	UnitSlug
	UserEmail
	WaitlistOne // one waiting entry per citizen and official
)

// Dialect is the SQL that differs between the databases.
type Dialect struct {
	// Name prefixes the store's errors: "sqlite", "postgres".
	Name string
	// FreeSeat is a subquery giving the lowest seat in 1..capacity of the
	// schedule that no other seat-taking booking of the slot holds; NULL
	// when the slot is full. It ends in "WHERE n NOT IN (" (the taken
	// seats follow). Parameter: schedule id.
	FreeSeat string
	// Param is a parameter of the SQL type in a SELECT list, typed where
	// the database cannot infer it.
	Param func(sqlType string) string
	// ForUpdateOf locks, at the end of a SELECT, the rows of the alias
	// read; "" where writes run one after another.
	ForUpdateOf func(alias string) string
	// LettersSent counts an address's letters of n kinds sent since an
	// instant. Parameters: the canonical email, the instant, the n kinds.
	LettersSent func(n int) string
	// EraseTable creates, if need be, the temporary table erase (id) that
	// names the bookings a retention batch erases; it is emptied after.
	EraseTable string
	// Zeros is an expression for n zero bytes (the health row's room).
	Zeros func(n int) string
}
