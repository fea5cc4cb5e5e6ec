// Package postgres implements the booking store on PostgreSQL (jackc/pgx
// v5 through database/sql), for several replicas of Priemna sharing one
// database.
//
// Every write is one transaction at READ COMMITTED that takes, before it
// checks anything, the locks that keep the check true until it commits
// (lock.go): the database decides seats, caps and every check-then-act as
// if the writes that touch the same things ran one after another, which is
// what SQLite's single writer gives, while writes to different slots run
// side by side. The unique seat index is the backstop; serialisation
// failures and deadlocks are retried. The outbox is claimed with FOR
// UPDATE SKIP LOCKED and a lease. The store's methods and their SQL are booking/sqlstore's,
// shared with SQLite; this package keeps what is PostgreSQL's own:
// connecting, migrations, the locks and retries, LISTEN/NOTIFY, the
// outbox claim, copy and checks.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/priemna/priemna/booking/sqlstore"
)

// DB is the PostgreSQL database behind the store.
type DB struct {
	*sqlstore.Store // the store's methods, in SQL shared with SQLite
	URL             string
	// Applied names the migrations Open applied; Version is the schema
	// version the database is now at.
	Applied []string
	Version int

	pool *sql.DB
}

// IsURL reports whether a --db value names a PostgreSQL database.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open connects to the database at the postgres:// URL and applies pending
// migrations.
func Open(url string) (*DB, error) {
	if _, err := pgconn.ParseConfig(url); err != nil {
		return nil, fmt.Errorf("postgres: %s: %w", Redact(url), err)
	}
	pool, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(20)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect to %s: %w", Redact(url), err)
	}
	db := &DB{URL: url, pool: pool}
	db.Store = sqlstore.New(backend{db}, dialect)
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

// Redact hides the password of a URL, for messages and logs.
func Redact(url string) string {
	cfg, err := pgconn.ParseConfig(url)
	if err != nil || cfg.Password == "" {
		return url
	}
	return strings.Replace(url, ":"+cfg.Password+"@", ":***@", 1)
}

var _ = stdlib.GetDefaultDriver // registers "pgx" with database/sql

// Close closes the connections.
func (db *DB) Close() error { return db.pool.Close() }

// txn is a transaction whose statements use SQLite-style ? placeholders,
// rewritten to PostgreSQL's $n (rebind).
type txn struct{ *sql.Tx }

func (tx *txn) Exec(query string, args ...any) (sql.Result, error) {
	return tx.Tx.Exec(rebind(query), args...)
}

func (tx *txn) Query(query string, args ...any) (*sql.Rows, error) {
	return tx.Tx.Query(rebind(query), args...)
}

func (tx *txn) QueryRow(query string, args ...any) *sql.Row {
	return tx.Tx.QueryRow(rebind(query), args...)
}

// insertID runs an INSERT with RETURNING id and returns the id; ok is false
// when a conditional insert inserted nothing.
func (tx *txn) InsertID(query string, args ...any) (id int64, ok bool, err error) {
	err = tx.QueryRow(query+` RETURNING id`, args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return id, err == nil, err
}

// maxAttempts bounds how often a write is retried after a serialisation
// failure before the person is asked to try again.
const maxAttempts = 30

// write runs fn in a READ COMMITTED transaction (lock.go says how its
// checks stay true until the commit), again from the start when PostgreSQL
// reports a serialisation failure or a deadlock, or the seat index meets a
// seat taken by a write it could not see: fn must compute everything it
// writes inside the transaction.
func (db *DB) write(ctx context.Context, fn func(tx *txn) error) error {
	return db.writeIso(ctx, sql.LevelReadCommitted, fn)
}

func (db *DB) writeIso(ctx context.Context, iso sql.IsolationLevel, fn func(tx *txn) error) error {
	for attempt := 1; ; attempt++ {
		err := db.try(ctx, iso, fn)
		if err == nil || !retryable(err) {
			return err
		}
		if attempt == maxAttempts {
			var se *seatClash
			if errors.As(err, &se) {
				return se.err
			}
			return sqlstore.ErrBusy()
		}
		// A short random pause spreads the writers that collided.
		select {
		case <-time.After(time.Duration(rand.IntN(1000*min(attempt, 10))) * time.Microsecond):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (db *DB) try(ctx context.Context, iso sql.IsolationLevel, fn func(tx *txn) error) (err error) {
	tx, err := db.pool.BeginTx(ctx, &sql.TxOptions{Isolation: iso})
	if err != nil {
		return fmt.Errorf("postgres: begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			err = fmt.Errorf("postgres: panic in write: %v", p)
		}
	}()
	if err := fn(&txn{tx}); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// retryable is a serialisation failure, a deadlock, or a seat taken under
// the write by one it could not see: the write is run again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		var se *seatClash
		return errors.As(err, &se)
	}
	return pe.Code == "40001" || pe.Code == "40P01"
}

// seatClash wraps a violation of the seat index, which a retry resolves.
type seatClash struct{ err error }

func (e *seatClash) Error() string { return e.err.Error() }
func (e *seatClash) Unwrap() error { return e.err }

// isUnique reports whether err violates the named unique constraint or
// index.
func isUnique(err error, constraint string) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505" && pe.ConstraintName == constraint
}

// rebind rewrites ? and ?N placeholders outside quotes to $n.
func rebind(q string) string {
	if v, ok := rebound.Load(q); ok {
		return v.(string)
	}
	var b strings.Builder
	n := 0
	inQuote := false
	for i := 0; i < len(q); i++ {
		c := q[i]
		if c == '\'' {
			inQuote = !inQuote
		}
		if c != '?' || inQuote {
			b.WriteByte(c)
			continue
		}
		j := i + 1
		for j < len(q) && q[j] >= '0' && q[j] <= '9' {
			j++
		}
		if j > i+1 {
			b.WriteString("$" + q[i+1:j])
			i = j - 1
			continue
		}
		n++
		b.WriteString("$" + strconv.Itoa(n))
	}
	s := b.String()
	rebound.Store(q, s)
	return s
}

var rebound sync.Map

// query runs a read statement on the pool.
func (db *DB) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return db.pool.QueryContext(ctx, rebind(query), args...)
}

// queryRow is query for a single row.
func (db *DB) queryRow(ctx context.Context, query string, args ...any) scanner {
	return db.pool.QueryRowContext(ctx, rebind(query), args...)
}

type scanner = sqlstore.Scanner

func (tx *txn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return tx.Tx.QueryContext(ctx, rebind(query), args...)
}

func (tx *txn) Prepare(query string) (*sql.Stmt, error) { return tx.Tx.Prepare(rebind(query)) }
