// Package sqlstore is the booking stores' one implementation in SQL, shared
// by booking/sqlite and booking/postgres: each store method and each query
// is written here once, with ? placeholders, over a Backend that the
// database's package supplies for what differs between them — how a write
// runs (SQLite's single writer with group commit, PostgreSQL's READ
// COMMITTED transactions with retries), the locks PostgreSQL takes before
// it checks anything (no-ops in SQLite), how an insert returns its id, the
// names of the unique constraints, and the few queries that need each
// database's own SQL (Dialect).
//
// Plan-stable statements (planStable): the statements every booking or
// letter runs bind "x = ?" only where the query planner does not look at
// the bound value. SQLite's planner looks at it, to guess how many rows
// such a term keeps, in a join or under ORDER BY (MIN and MAX are sorts to
// it, and it makes a one-table EXISTS without LIMIT a join), and a
// statement it did so for is compiled again whenever its bindings are
// cleared, which go-sqlite3 does before every run: a prepared statement is
// then prepared each time. So those statements read one table a level (a
// subquery for the rest, the parameters outside any join) and sort in Go
// where they must. booking/sqlite's TestABookingCompilesNoSQL holds them
// to it.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/priemna/priemna/booking"
)

// Store implements the booking roles (booking.Stores) over a Backend. The
// database packages embed it in their DB.
type Store struct {
	// Now is the clock of what the store stamps itself (the health row).
	Now func() time.Time

	b Backend
	d Dialect
	q queries
}

// New returns the store over b, with d's SQL where the databases differ.
func New(b Backend, d Dialect) *Store {
	s := &Store{Now: time.Now, b: b, d: d}
	s.q = buildQueries(d)
	return s
}

func (s *Store) write(ctx context.Context, fn func(tx Tx) error) error { return s.b.Write(ctx, fn) }

func (s *Store) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return s.b.Query(ctx, query, args...)
}

func (s *Store) queryRow(ctx context.Context, query string, args ...any) Scanner {
	return s.b.QueryRow(ctx, query, args...)
}

func (s *Store) unique(err error, c Constraint) bool { return err != nil && s.b.Unique(err, c) }

// inserted says what became of an INSERT: conflict when it broke the
// unique constraint c (such a row exists already), the store's error
// naming what when it failed otherwise.
func (s *Store) inserted(err error, what string, c Constraint, conflict error) error {
	if s.unique(err, c) {
		return conflict
	} else if err != nil {
		return s.fail(what, err)
	}
	return nil
}

// fail names the store and the operation in an error.
func (s *Store) fail(what string, err error) error {
	return fmt.Errorf("%s: %s: %w", s.d.Name, what, err)
}

// queryAll runs a read and scans every row; what names it in an error.
func queryAll[T any](ctx context.Context, s *Store, what string, scan func(Scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, s.fail(what, err)
	}
	return collect(s, rows, what, scan)
}

// queryOne reads the one row of a query with scan. No row is missing (an
// ENOTFOUND error, or nil for a look-up where none is an answer); what
// names the query in other errors.
func queryOne[T any](ctx context.Context, s *Store, what string, missing error, scan func(Scanner) (T, error), query string, args ...any) (*T, error) {
	v, err := scan(s.queryRow(ctx, query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, missing
	} else if err != nil {
		return nil, s.fail(what, err)
	}
	return &v, nil
}

// collect reads every row with scan and closes rows; what names the query
// in an error.
func collect[T any](s *Store, rows *sql.Rows, what string, scan func(Scanner) (T, error)) ([]T, error) {
	return Collect(rows, s.d.Name+": "+what, scan)
}

// Collect reads every row with scan and closes rows; what prefixes an
// error (the database packages' own queries use it too).
func Collect[T any](rows *sql.Rows, what string, scan func(Scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var list []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		list = append(list, v)
	}
	return list, rows.Err()
}

func notFound(what booking.Text) error {
	return &booking.Error{Code: booking.ENOTFOUND, Message: what}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func unixOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

func fromUnix(n int64) time.Time { return time.Unix(n, 0).UTC() }

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// scanID scans one id column.
func scanID(r Scanner) (id int64, err error) {
	err = r.Scan(&id)
	return id, err
}

// scanTime scans one column of Unix seconds.
func scanTime(r Scanner) (time.Time, error) {
	var t int64
	err := r.Scan(&t)
	return fromUnix(t), err
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
