package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/mattn/go-sqlite3"

	"github.com/priemna/priemna/booking/sqlstore"
)

// The store's methods are booking/sqlstore's; this is what SQLite gives
// them: writes through the one writer (writer.go), reads through the read
// pool's prepared statements (stmt.go), and no locks — the writer runs the
// writes one after another, so a check stays true until its write commits.

// outboxState is OutboxState's query, whose plan a test holds.
const outboxState = sqlstore.OutboxStateQuery

// PastBooking is a booking of the past with what happened to it and to its
// messages (ImportPast).
type PastBooking = sqlstore.PastBooking

type backend struct {
	sqlstore.NoLocks
	db *DB
}

func (b backend) Write(ctx context.Context, fn func(tx sqlstore.Tx) error) error {
	return b.db.write(ctx, func(tx *sql.Tx) error { return fn(b.db.tx(tx)) })
}

// Sweep runs the steps in background writes, each running steps for a
// time budget (sweep.go). A failed batch ends the sweep, so first, run in
// the first step, is not run twice.
func (b backend) Sweep(ctx context.Context, first func(tx sqlstore.Tx) error, step func(tx sqlstore.Tx, limit int) (int, error)) (int, error) {
	return b.db.sweep(ctx, func(tx *sql.Tx, limit int) (int, error) {
		if first != nil {
			if err := first(b.db.tx(tx)); err != nil {
				return 0, err
			}
			first = nil
		}
		return step(b.db.tx(tx), limit)
	})
}

func (b backend) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return b.db.query(ctx, query, args...)
}

func (b backend) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Scanner {
	return b.db.queryRow(ctx, query, args...)
}

// The writer runs one write at a time: a seat never clashes under a write.
func (backend) SeatClash(err error) error { return err }

func (backend) Unique(err error, c sqlstore.Constraint) bool { return isUnique(err, uniqueColumns[c]) }

// uniqueColumns name each unique constraint as SQLite's error message does.
var uniqueColumns = map[sqlstore.Constraint]string{
	sqlstore.BookingIdempotencyKey: "bookings.idempotency_key",
	sqlstore.BookingReference:      "bookings.reference",
	sqlstore.BookingToken:          "bookings.token",
	sqlstore.BookingSeat:           "bookings.official_id",
	sqlstore.ClosureDay:            "closures",
	sqlstore.FeedbackBooking:       "feedback.booking_id",
	sqlstore.ContestBooking:        "no_show_contests",
	sqlstore.OfficialSlug:          "officials.slug",
	sqlstore.UnitSlug:              "units.slug",
	sqlstore.UserEmail:             "users.email",
	sqlstore.WaitlistOne:           "waitlist.official_id",
}

// isUnique reports whether err is a UNIQUE violation mentioning column.
func isUnique(err error, column string) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey) &&
		strings.Contains(se.Error(), column)
}

var dialect = sqlstore.Dialect{
	Name: "sqlite",
	FreeSeat: `(WITH RECURSIVE seats(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seats
		WHERE n < (SELECT capacity FROM schedules WHERE id = ?))
	SELECT MIN(n) FROM seats WHERE n NOT IN (`,
	Param:       func(string) string { return "?" },
	ForUpdateOf: func(string) string { return "" },
	LettersSent: lettersSent,
	Zeros:       func(n int) string { return `zeroblob(` + strconv.Itoa(n) + `)` },
	EraseTable:  `CREATE TEMP TABLE IF NOT EXISTS erase (id INTEGER PRIMARY KEY)`,
}

// tx is a write transaction whose statements go through the writer's
// prepared statements when there are some.
type writeTx struct {
	*sql.Tx
	db *DB
}

func (db *DB) tx(t *sql.Tx) writeTx { return writeTx{t, db} }

func (t writeTx) Exec(query string, args ...any) (sql.Result, error) {
	return t.db.exec(t.Tx, query, args...)
}

func (t writeTx) QueryRow(query string, args ...any) *sql.Row {
	return t.db.queryRowTx(t.Tx, query, args...)
}

func (t writeTx) InsertID(query string, args ...any) (id int64, ok bool, err error) {
	res, err := t.Exec(query, args...)
	if err != nil {
		return 0, false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return 0, false, err
	}
	id, err = res.LastInsertId()
	return id, err == nil, err
}

// The triggers keep the monthly statistics current.
func (backend) FoldStats(context.Context) error { return nil }
