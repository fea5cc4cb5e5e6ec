package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/priemna/priemna/booking/sqlstore"
)

// QuickCheck reads the small tables once each: the schema is there and
// answers. PostgreSQL checks its own pages (and its standby keeps a copy);
// there is no file to check as SQLite's is.
func (db *DB) QuickCheck(ctx context.Context) error {
	for _, t := range sqlstore.SmallTables {
		var n int
		if err := db.queryRow(ctx, `SELECT COUNT(*) FROM `+t).Scan(&n); err != nil {
			return fmt.Errorf("postgres: check %s: %w", t, err)
		}
	}
	return nil
}

// Check reads every row of every table of Priemna's: PostgreSQL verifies
// each page it reads (and its checksums, when the cluster has them on).
func (db *DB) Check(ctx context.Context) error {
	rows, err := db.query(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`)
	if err != nil {
		return fmt.Errorf("postgres: check: %w", err)
	}
	tables, err := sqlstore.Collect(rows, "postgres: check", sqlstore.ScanString)
	if err != nil {
		return err
	}
	for _, t := range tables {
		if _, err := db.pool.ExecContext(ctx, `SELECT COUNT(*) FROM `+pgQuote(t)); err != nil {
			return fmt.Errorf("postgres: check %s: %w", t, err)
		}
	}
	return nil
}

func pgQuote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }
