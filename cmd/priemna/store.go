package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/postgres"
	"github.com/priemna/priemna/booking/sqlite"
	"github.com/priemna/priemna/booking/sqlstore"
	"github.com/priemna/priemna/notify"
)

// --db names an SQLite file (the default, nothing to install) or, as a
// postgres:// URL, a PostgreSQL database that several serve replicas may
// share. Every command works with both through the store below.

// database is what the commands need of either store.
type database interface {
	// Stores and Required are the store's roles, for booking.NewService.
	Stores() booking.Stores
	Required() booking.Stores
	booking.CatalogStore
	booking.ClosureStore
	booking.BookingStore
	booking.FeedbackStore
	booking.StatsStore
	booking.SessionStore
	booking.StaffStore
	booking.PolicyStore
	booking.PriorityStore
	booking.WaitStore
	booking.ComplaintStore
	booking.AuditStore
	booking.FeedStore
	booking.PrivacyStore
	booking.DeadLetters
	notify.Store
	Close() error
	Stats(ctx context.Context) (map[string]int, error)
	CheckWrite(ctx context.Context) error
	QuickCheck(ctx context.Context) error
	ErasedMessages(ctx context.Context, keys []string) ([]string, error)
	// Both stores are a booking/sqlstore underneath: the outbox as an
	// operator watches it, the claims serve gives back, the import of
	// past bookings (bigdb) are the same calls.
	OutboxState(ctx context.Context, now time.Time) (sqlstore.OutboxState, error)
	ReleaseClaims(ctx context.Context) (int, error)
	ImportPast(ctx context.Context, list []sqlstore.PastBooking) error
}

// store is an open database with what differs between the two kinds.
type store struct {
	database
	name    string   // the path, or the URL without its password
	applied []string // migrations applied on opening
	version int      // schema version
	// shared is true for PostgreSQL: other serve processes may use the
	// database at the same time (so serve gives back the outbox's claims
	// only when it is not: they may be live ones of another replica, which
	// their lease ends).
	shared bool
	// listen calls changed whenever another process changes officials,
	// units, schedules or closures, until ctx ends; nil for SQLite.
	listen func(ctx context.Context, listening, changed func()) error
	// check reads the whole database (PostgreSQL; SQLite's file is
	// checked by sqlite.CheckFile).
	check func(ctx context.Context) error
}

func isPostgres(db string) bool { return postgres.IsURL(db) }

func (a *App) open(path string) (*store, error) {
	if isPostgres(path) {
		db, err := postgres.Open(path)
		if err != nil {
			return nil, err
		}
		db.Now = a.Now
		return &store{database: db, name: postgres.Redact(path), applied: db.Applied, version: db.Version, shared: true,
			listen: db.Listen,
			check:  db.Check,
		}, nil
	}
	db, err := sqlite.Open(path)
	if err != nil {
		return nil, err
	}
	db.Now = a.Now
	return &store{database: db, name: path, applied: db.Applied, version: db.Version}, nil
}

// openExisting opens a database that must already exist: a mistyped --db
// is said, not created empty. (A PostgreSQL database exists or the
// connection says so.)
func (a *App) openExisting(path string) (*store, error) {
	if !isPostgres(path) {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("database %s does not exist (check --db or PRIEMNA_DB; priemna migrate creates one)", path)
		}
	}
	return a.open(path)
}
