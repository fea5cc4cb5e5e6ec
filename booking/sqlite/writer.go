package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/sqlstore"
)

// The one writer: writes that arrive together share a transaction and an
// fsync (group commit), each in its own savepoint.

// maxBatch bounds how many writes share one transaction.
const maxBatch = 64

type writeOp struct {
	ctx        context.Context
	fn         func(tx *sql.Tx) error
	result     chan error
	background bool // a sweep's batch (writeBackground)
}

// commitSeen is what DB.observe is told of a group commit: how many
// writes it carried, whether a sweep's batch was among them, how long the
// writes ran and how long the commit took. The writer is held for ran +
// commit.
type commitSeen struct {
	writes      int
	background  bool
	ran, commit time.Duration
}

// errFull is what a write meets when the disk (or max_page_count) is full:
// nothing was written, and the person is told to try later.
func errFull() error {
	return booking.Errorf(booking.EUNAVAILABLE, "err.the-system-cannot-save-anything")
}

// classify turns a full disk into errFull and a write lock another
// process (a command, another server) held for all of the busy timeout
// into sqlstore.ErrBusy, keeping other errors.
func classify(err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code {
	case sqlite3.ErrFull:
		return errFull()
	case sqlite3.ErrBusy, sqlite3.ErrLocked:
		return sqlstore.ErrBusy()
	}
	return err
}

// write runs fn in a write transaction and returns once it is durable.
// It may share the transaction with other writes, each in a savepoint.
func (db *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return db.enqueue(ctx, db.writes, fn)
}

// writeBackground is write for work that can wait: the sweeps' batches.
// The writer takes such a write when no other is waiting and commits it
// at once, alone; a booking that comes meanwhile waits for that commit (a
// batch is bounded by time, sweep.go) and then commits without it. Only
// when other writes keep coming does the background write join their
// group commit, after them, every joinAfter-th commit, so a sweep moves
// on under any load, and a booking carries at most one batch.
func (db *DB) writeBackground(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return db.enqueue(ctx, db.background, fn)
}

// joinAfter is how many group commits a background write lets go first.
const joinAfter = 2

func (db *DB) enqueue(ctx context.Context, queue chan *writeOp, fn func(tx *sql.Tx) error) error {
	op := &writeOp{ctx: ctx, fn: fn, result: make(chan error, 1), background: queue == db.background}
	db.mu.RLock()
	if db.closed {
		db.mu.RUnlock()
		return errors.New("sqlite: database is closed")
	}
	select {
	case queue <- op:
	case <-ctx.Done():
		db.mu.RUnlock()
		return ctx.Err()
	}
	db.mu.RUnlock()
	// Once queued, the write is waited for even if ctx ends: the caller must
	// learn whether it committed.
	return classify(<-op.result)
}

func (db *DB) writeLoop() {
	defer close(db.done)
	batch := make([]*writeOp, 0, maxBatch+1)
	var bg *writeOp // a background write taken, not yet committed
	passed := 0     // group commits that went before it
	for {
		var op *writeOp
		ok := true
		if bg == nil {
			select {
			case op, ok = <-db.writes:
			case bg = <-db.background:
				passed = 0
				continue
			}
		} else {
			select {
			case op, ok = <-db.writes:
			default: // nobody else is waiting
				db.commit([]*writeOp{bg})
				bg = nil
				continue
			}
		}
		if !ok { // closed: nothing more will come
			if bg != nil {
				db.commit([]*writeOp{bg})
			}
			return
		}
		batch = append(batch[:0], op)
	drain:
		for len(batch) < maxBatch {
			select {
			case op, ok := <-db.writes:
				if !ok {
					break drain
				}
				batch = append(batch, op)
			default:
				break drain
			}
		}
		if bg != nil {
			if passed++; passed > joinAfter {
				batch = append(batch, bg)
				bg = nil
			}
		}
		db.commit(batch)
	}
}

// commit runs a batch of writes in one transaction and reports each result
// after the commit.
func (db *DB) commit(batch []*writeOp) {
	results := make([]error, len(batch))
	defer func() {
		for i, op := range batch {
			op.result <- results[i]
		}
	}()
	fail := func(err error) {
		for i := range results {
			if results[i] == nil {
				results[i] = err
			}
		}
	}
	start := time.Now()
	var committing time.Time
	if observe := db.observe.Load(); observe != nil {
		defer func() {
			if !committing.IsZero() {
				seen := commitSeen{writes: len(batch), ran: committing.Sub(start), commit: time.Since(committing)}
				for _, op := range batch {
					seen.background = seen.background || op.background
				}
				(*observe)(seen)
			}
		}()
	}
	if err := db.syncFor(batch); err != nil {
		fail(fmt.Errorf("sqlite: synchronous: %w", err))
		return
	}
	tx, err := db.writer.Begin()
	if err != nil {
		fail(fmt.Errorf("sqlite: begin: %w", err))
		return
	}
	for i, op := range batch {
		if err := op.ctx.Err(); err != nil {
			results[i] = err
			continue
		}
		if _, err := db.exec(tx, `SAVEPOINT op`); err != nil {
			tx.Rollback()
			fail(fmt.Errorf("sqlite: savepoint: %w", err))
			return
		}
		if results[i] = run(op.fn, tx); results[i] != nil {
			// SQLite may have rolled back the whole transaction (a full
			// disk does): then nothing in this batch can commit.
			if _, err := db.exec(tx, `ROLLBACK TO op`); err != nil {
				tx.Rollback()
				fail(fmt.Errorf("sqlite: transaction aborted: %w", results[i]))
				return
			}
		}
		if _, err := db.exec(tx, `RELEASE op`); err != nil {
			tx.Rollback()
			fail(fmt.Errorf("sqlite: release: %w", err))
			return
		}
	}
	committing = time.Now()
	if err := tx.Commit(); err != nil {
		fail(fmt.Errorf("sqlite: commit: %w", err))
		return
	}
	if db.ckpt != nil {
		db.ckpt.committed()
	}
}

// syncFor sets whether the batch's commit waits for the disk (synchronous
// FULL) or not (NORMAL). A sweep's batch alone does not wait: its work is
// lost at most by a power cut before the next commit that waits (any but
// another sweep's batch alone), which syncs the log and so the batch with
// it, and the next sweep does it again; waiting held the writer up to 53
// ms on this machine's disk, for nothing anyone waits on. So a background
// write must be work a later sweep does again. Every other commit waits:
// what a person was told is saved stays saved. SQLite takes the setting
// only outside a transaction; a failure to set FULL again fails the batch
// rather than commit it unsynced, and a new connection starts with FULL
// (Open).
func (db *DB) syncFor(batch []*writeOp) error {
	unsynced := true
	for _, op := range batch {
		unsynced = unsynced && op.background
	}
	if unsynced == db.unsynced {
		return nil
	}
	level := "FULL"
	if unsynced {
		level = "NORMAL"
	}
	if _, err := db.writer.Exec(`PRAGMA synchronous = ` + level); err != nil {
		if unsynced {
			return nil // it commits synced
		}
		return err
	}
	db.unsynced = unsynced
	return nil
}

// run calls fn, turning a panic into an error so one bad write cannot take
// the writer down.
func run(fn func(*sql.Tx) error, tx *sql.Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("sqlite: panic in write: %v", p)
		}
	}()
	return fn(tx)
}
