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
	"github.com/priemna/priemna/notify"
	"github.com/priemna/priemna/web"
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
	web.ProofStore
}

// outboxState is what an operator watches of the outbox (both stores'
// OutboxState have these fields).
type outboxState struct {
	Waiting int
	Oldest  time.Time
	Dead    int
}

// store is an open database with what differs between the two kinds.
type store struct {
	database
	name    string   // the path, or the URL without its password
	applied []string // migrations applied on opening
	version int      // schema version
	// shared is true for PostgreSQL: other serve processes may use the
	// database at the same time.
	shared bool
	outbox func(ctx context.Context, now time.Time) (outboxState, error)
	// releaseClaims gives back every claimed message; only for a database
	// one process serves (nil when shared: the claims may be live ones of
	// another replica, which their lease ends).
	releaseClaims func(ctx context.Context) (int, error)
	importPast    func(ctx context.Context, list []sqlite.PastBooking) error
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
			outbox: func(ctx context.Context, now time.Time) (outboxState, error) {
				st, err := db.OutboxState(ctx, now)
				return outboxState(st), err
			},
			importPast: func(ctx context.Context, list []sqlite.PastBooking) error {
				conv := make([]postgres.PastBooking, len(list))
				for i, p := range list {
					conv[i] = postgres.PastBooking(p)
				}
				return db.ImportPast(ctx, conv)
			},
			listen: db.Listen,
			check:  db.Check,
		}, nil
	}
	db, err := sqlite.Open(path)
	if err != nil {
		return nil, err
	}
	db.Now = a.Now
	return &store{database: db, name: path, applied: db.Applied, version: db.Version,
		outbox: func(ctx context.Context, now time.Time) (outboxState, error) {
			st, err := db.OutboxState(ctx, now)
			return outboxState(st), err
		},
		releaseClaims: db.ReleaseClaims,
		importPast:    db.ImportPast,
	}, nil
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
