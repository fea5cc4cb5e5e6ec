package sqlite

import (
	"context"
	"database/sql"
	"time"
)

// Sweeps (retention of bookings, complaints and waiting entries, the lapse
// of entries) go over rows by the thousand after an upgrade or a long
// pause. They share the one writer with bookings, so they work in batches
// bounded by time, not by rows: a batch of a fixed number of rows took 3
// ms on a small database and 45 ms with a million bookings (their index
// entries lie all over a large file), and a booking waiting behind it
// pays that.

// sweepChunk is how many rows one step of a sweep handles.
const sweepChunk = 100

// sweepBudget is how long one batch keeps running steps on the writer
// before it commits and lets the bookings waiting meanwhile go first
// (DB.sweepBudget, which tests change).
const sweepBudget = 5 * time.Millisecond

// sweep runs step, which handles up to limit rows and says how many it
// handled, until a step finds fewer than limit. Steps run in background
// writes (writeBackground), each batch running steps until db.sweepBudget has
// passed. It returns the rows handled.
func (db *DB) sweep(ctx context.Context, step func(tx *sql.Tx, limit int) (int, error)) (int, error) {
	total := 0
	for {
		var n int
		more := false
		err := db.writeBackground(ctx, func(tx *sql.Tx) error {
			n, more = 0, false
			start := time.Now() // a bound on a batch's length, not logic
			for {
				k, err := step(tx, sweepChunk)
				if err != nil {
					return err
				}
				n += k
				if k < sweepChunk {
					return nil
				}
				if time.Since(start) >= db.sweepBudget {
					more = true
					return nil
				}
			}
		})
		if err != nil {
			return total, err
		}
		total += n
		if !more {
			return total, nil
		}
	}
}
