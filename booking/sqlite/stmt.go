package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"github.com/priemna/priemna/booking/sqlstore"
)

// stmtCache prepares each query once per pool: the hot statements (the
// conditional insert above all) cost more to prepare than to run.
type stmtCache struct {
	db *sql.DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

func (c *stmtCache) get(ctx context.Context, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.m[query]; ok {
		return s, nil
	}
	s, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[query] = s
	return s, nil
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.m {
		s.Close()
	}
	c.m = nil
}

// prepare prepares the queries up front. The writer has one connection,
// held by every transaction, so its statements cannot be prepared lazily.
func (c *stmtCache) prepare(queries []string) error {
	for _, q := range queries {
		if _, err := c.get(context.Background(), q); err != nil {
			return fmt.Errorf("sqlite: prepare: %w", err)
		}
	}
	return nil
}

// hotWrites are the statements every booking runs.
// (The store's own are in sqlstore.HotWrites.)
var hotWrites = []string{`SAVEPOINT op`, `RELEASE op`, `ROLLBACK TO op`}

// exec runs a write statement inside tx, through the writer's prepared
// statement when there is one.
func (db *DB) exec(tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	if s := db.writeStmt(tx, query); s != nil {
		return s.Exec(args...)
	}
	return tx.Exec(query, args...)
}

// queryRowTx reads a row inside tx, as exec writes.
func (db *DB) queryRowTx(tx *sql.Tx, query string, args ...any) *sql.Row {
	if s := db.writeStmt(tx, query); s != nil {
		return s.QueryRow(args...)
	}
	return tx.QueryRow(query, args...)
}

// writeStmt is the writer's prepared statement of the query, for tx; nil
// when the query has none.
func (db *DB) writeStmt(tx *sql.Tx, query string) *sql.Stmt {
	db.writeStmts.mu.Lock()
	s := db.writeStmts.m[query]
	db.writeStmts.mu.Unlock()
	if s == nil {
		return nil
	}
	return tx.Stmt(s)
}

// query runs a read statement on the read pool through its cache.
func (db *DB) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s, err := db.readStmts.get(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

// queryRow is query for a single row.
func (db *DB) queryRow(ctx context.Context, query string, args ...any) scanner {
	s, err := db.readStmts.get(ctx, query)
	if err != nil {
		return errRow{err}
	}
	return s.QueryRowContext(ctx, args...)
}

type scanner = sqlstore.Scanner

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }
