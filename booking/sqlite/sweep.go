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

// sweepChunk is how many rows one step of a sweep handles, and so what a
// batch holds the writer for at the least: a batch ends after the step in
// which its time ran out. On a busy machine that is most batches. A step
// of 100 erased bookings needs 2–6 ms of CPU (100,000 bookings; no one
// statement stands out), yet took 20–64 ms at load 18 on 2 cores, of
// which 17–50 ms waiting for a CPU, and a booking's own commit as long
// (BenchmarkRetentionStall). Steps of 25 (one run, load 25–33) held it
// no less at p99 (327 vs 166 ms) and made the sweep twice as long.
const sweepChunk = 100

// sweepBudget is how long one batch keeps running steps on the writer
// before it commits and lets the bookings waiting meanwhile go first
// (DB.sweepBudget, which tests change).
const sweepBudget = 5 * time.Millisecond

// sweepRest is how long a sweep leaves the write lock free between its
// batches (DB.sweepRest, which tests change). Batches that follow one
// another at once leave it free for microseconds, and another process on
// the file (a command such as priemna user add) waits for it with
// SQLite's busy handler, which looks again every few milliseconds: during
// a first sweep over a million bookings it gave up after 10 s with
// "database is locked". With it and the log copied back between batches,
// a first sweep over a million bookings takes 64 s instead of 27 s.
const sweepRest = 5 * time.Millisecond

// sweep runs step, which handles up to limit rows and says how many it
// handled, until a step finds fewer than limit. Steps run in background
// writes (writeBackground), each batch running steps until db.sweepBudget has
// passed, and the batches db.sweepRest apart. It returns the rows handled.
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
		// The log starts over from its beginning only once all of it is
		// copied back, and the periodic checkpoints never catch up with
		// batches that follow one another: a first sweep over a million
		// bookings grew it to 2.7 GB, nearly three times the database (6 MB
		// with this).
		db.ckpt.copyBack(ctx)
		select { // a pause in the machine's time, as the budget is
		case <-ctx.Done():
			return total, ctx.Err()
		case <-time.After(db.sweepRest):
		}
	}
}
