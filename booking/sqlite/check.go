package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/priemna/priemna/booking/sqlstore"
)

// A full integrity check reads every page: half a minute for a million
// bookings. Start-up checks only what is small and read on every request
// — the schema, and the tables of units, officials, schedules, closures
// and staff — so a server starts in well under a second; the whole file is
// checked on demand (priemna check) and with every backup.

// QuickCheck checks the schema and the small tables (with their indexes), in milliseconds
// whatever the number of bookings.
func (db *DB) QuickCheck(ctx context.Context) error {
	for _, t := range sqlstore.SmallTables {
		if err := integrity(ctx, db.reader, `PRAGMA quick_check(`+t+`)`); err != nil {
			return err
		}
	}
	return nil
}

// Check runs SQLite's full integrity check and returns an error describing
// any problem it finds.
func (db *DB) Check(ctx context.Context) error {
	return integrity(ctx, db.reader, `PRAGMA integrity_check`)
}

// CheckFile runs the full integrity check on the database file at path,
// such as a backup just written, without migrating it.
func CheckFile(ctx context.Context, path string) error {
	conn, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=10000")
	if err != nil {
		return fmt.Errorf("sqlite: check %s: %w", path, err)
	}
	defer conn.Close()
	return integrity(ctx, conn, `PRAGMA integrity_check`)
}

func integrity(ctx context.Context, conn *sql.DB, pragma string) error {
	rows, err := conn.QueryContext(ctx, pragma)
	if err != nil {
		return fmt.Errorf("sqlite: integrity check: %w", err)
	}
	lines, err := sqlstore.Collect(rows, "sqlite: integrity check", sqlstore.ScanString)
	if err != nil {
		return err
	}
	var problems []string
	for _, line := range lines {
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("sqlite: integrity check failed: %s", strings.Join(problems, "; "))
	}
	return nil
}
