package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/priemna/priemna/booking/sqlstore"
)

// Each replica caches what slots are made of — officials, units,
// schedules, closures — and clears the cache on its own changes at once.
// The changes of other replicas reach it through LISTEN/NOTIFY: the write
// that changes any of them notifies in its transaction, so the message
// goes out with the commit and never for a write rolled back; PostgreSQL
// delivers it to every listening session within milliseconds, with no
// table to poll and nothing to clean up. Bookings do not notify: a
// replica's slot counts are recomputed every second anyway, and a NOTIFY
// in every booking's commit would serialise the commits on the
// notification queue's lock.

// changedChannel is the channel of those notifications.
const changedChannel = "priemna_calendar"

// notifyChanged tells every replica, at commit, that its cached calendars
// are stale.
func notifyChanged(tx sqlstore.Tx) error {
	if _, err := tx.Exec(`SELECT pg_notify('` + changedChannel + `', '')`); err != nil {
		return fmt.Errorf("postgres: notify: %w", err)
	}
	return nil
}

// Listen calls listening once it listens (again, after a lost
// connection) and changed on every change made through any process —
// including once after each (re)connection, since changes made while it
// was not listening were missed. It returns when ctx ends.
func (db *DB) Listen(ctx context.Context, listening, changed func()) error {
	for {
		err := db.listen(ctx, listening, changed)
		if ctx.Err() != nil {
			return nil
		}
		_ = err // the connection was lost: listen again shortly
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Second):
		}
	}
}

func (db *DB) listen(ctx context.Context, listening, changed func()) error {
	conn, err := pgx.Connect(ctx, db.URL)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, `LISTEN `+changedChannel); err != nil {
		return err
	}
	listening()
	changed()
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		changed()
	}
}
