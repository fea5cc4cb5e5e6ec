package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/priemna/priemna/booking/sqlstore"
)

// Moving a deployment from SQLite: priemna copy reads a snapshot of the
// SQLite database table by table and writes it here in one transaction.

// RowSource reads a table's rows (booking/sqlite's DB is one).
type RowSource interface {
	Rows(ctx context.Context, table string, columns []string) (*sql.Rows, error)
}

// copyTables are the tables in the order their references allow. The
// statistics (stat_months, stat_late) are not copied: the triggers build
// them again from the bookings and feedback as these arrive, and Copy
// compares them with the source's.
var copyTables = []string{"units", "officials", "schedules", "closures", "users", "user_officials", "api_tokens", "sessions",
	"policy_lifts", "audit", "staff_feeds", "bookings", "feedback", "priority_passes", "sign_in_addresses", "waitlist",
	"waitlist_offers", "complaints", "outbox", "health", "proof_keys", "proof_spent"}

// derivedTables are kept by triggers and compared after the copy.
var derivedTables = []string{"stat_months", "stat_late"}

// CopyTables lists the tables Copy writes, then those it rebuilds.
func CopyTables() (copied, rebuilt []string) { return copyTables, derivedTables }

// Copy writes every row of src into this database, which must hold no
// data yet, in one transaction: all of it or nothing. It returns the rows
// written per table.
func (db *DB) Copy(ctx context.Context, src RowSource) (map[string]int, error) {
	counts := map[string]int{}
	err := db.write(ctx, func(tx *txn) error {
		for _, t := range append(append([]string{}, copyTables...), derivedTables...) {
			var n int
			if err := tx.QueryRow(`SELECT COUNT(*) FROM ` + t).Scan(&n); err != nil {
				return fmt.Errorf("postgres: copy: %w", err)
			}
			if n > 0 {
				return fmt.Errorf("postgres: copy: the database already holds data (%d rows in %s); copy goes into an empty one. Nothing was written", n, t)
			}
		}
		for _, t := range copyTables {
			n, cols, err := copyTable(ctx, tx, src, t)
			if err != nil {
				return err
			}
			counts[t] = n
			if !slices.Contains(cols, "id") {
				continue
			}
			// Rows keep their ids: the identity goes on after the largest.
			if _, err := tx.Exec(`SELECT setval(s, COALESCE((SELECT MAX(id) FROM ` + t + `), 0) + 1, false)
				FROM pg_get_serial_sequence('` + t + `', 'id') AS s WHERE s IS NOT NULL`); err != nil {
				return fmt.Errorf("postgres: copy %s: identity: %w", t, err)
			}
		}
		return foldStats(tx)
	})
	return counts, err
}

// copyTable copies one table's columns (those both databases have, which
// are all of them at the same schema version) in batches of rows.
func copyTable(ctx context.Context, tx *txn, src RowSource, table string) (int, []string, error) {
	cols, err := columnsOf(tx, table)
	if err != nil {
		return 0, nil, err
	}
	rows, err := src.Rows(ctx, table, cols)
	if err != nil {
		return 0, nil, err
	}
	defer rows.Close()
	const batch = 200
	var args []any
	n, pending := 0, 0
	flush := func() error {
		if pending == 0 {
			return nil
		}
		row := "(" + sqlstore.Placeholders(len(cols)) + ")"
		values := strings.TrimSuffix(strings.Repeat(row+", ", pending), ", ")
		if _, err := tx.Exec(`INSERT INTO `+table+` (`+strings.Join(cols, ", ")+`) OVERRIDING SYSTEM VALUE VALUES `+values, args...); err != nil {
			return fmt.Errorf("postgres: copy %s: %w", table, err)
		}
		args, pending = args[:0], 0
		return nil
	}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return n, nil, fmt.Errorf("postgres: copy %s: %w", table, err)
		}
		args = append(args, vals...)
		pending++
		n++
		if pending == batch {
			if err := flush(); err != nil {
				return n, nil, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return n, nil, fmt.Errorf("postgres: copy %s: %w", table, err)
	}
	return n, cols, flush()
}

func columnsOf(tx *txn, table string) ([]string, error) {
	rows, err := tx.Query(`SELECT column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`, table)
	if err != nil {
		return nil, fmt.Errorf("postgres: columns of %s: %w", table, err)
	}
	return sqlstore.Collect(rows, "postgres: columns", sqlstore.ScanString)
}

// Counts counts the rows of the tables, for comparing a copy with its source.
func (db *DB) Counts(ctx context.Context, tables []string) (map[string]int, error) {
	out := map[string]int{}
	for _, t := range tables {
		var n int
		if err := db.queryRow(ctx, `SELECT COUNT(*) FROM `+t).Scan(&n); err != nil {
			return nil, fmt.Errorf("postgres: count %s: %w", t, err)
		}
		out[t] = n
	}
	return out, nil
}

// StatTotals sums the kept statistics, to compare with the source's.
func (db *DB) StatTotals(ctx context.Context) (string, error) {
	if err := db.foldStats(ctx); err != nil {
		return "", err
	}
	var s string
	err := db.queryRow(ctx, `SELECT COALESCE(string_agg(official_id || ' ' || month || ' ' || bookings || ' ' || cancelled || ' ' || attended || ' ' ||
		no_shows || ' ' || ratings || ' ' || rating_sum || ' ' || received || ' ' || wait_sum, ';' ORDER BY official_id, month), '') FROM stat_months`).Scan(&s)
	return s, err
}
