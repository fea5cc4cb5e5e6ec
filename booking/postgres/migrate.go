package postgres

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/priemna/priemna/booking/sqlstore"
)

// Migrations: embedded numbered .sql files, numbered as SQLite's are, each
// applied once in its own transaction; replicas starting together take
// turns through an advisory lock, and a binary never touches a schema
// newer than it knows.

//go:embed migration/*.sql
var migrations embed.FS

// migrationLock is the advisory lock key the migrations are applied under
// ("Prie" in ASCII, as SQLite's application id).
const migrationLock = 0x50726965

// ErrForeign is returned by Open for a database of another application.
var ErrForeign = sqlstore.ErrForeign

// ErrNewer is returned by Open for a database a newer Priemna has written.
var ErrNewer = sqlstore.ErrNewer

func (db *DB) migrate(ctx context.Context) error {
	// The advisory lock belongs to a session: one connection holds it
	// while the migrations run.
	conn, err := db.pool.Conn(ctx)
	if err != nil {
		return fmt.Errorf("postgres: migrate: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return fmt.Errorf("postgres: migration lock: %w", err)
	}
	defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, migrationLock)
	if err := checkOwner(ctx, conn); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("postgres: migrations table: %w", err)
	}
	set, err := sqlstore.Migrations(migrations, "postgres")
	if err != nil {
		return err
	}
	if err := checkNotNewer(ctx, conn, set); err != nil {
		return err
	}
	for _, m := range set.List {
		applied, err := applyMigration(ctx, conn, m.Version, m.Name, m.Path)
		if err != nil {
			return err
		}
		if applied {
			db.Applied = append(db.Applied, m.Name)
		}
	}
	db.Version = set.Latest
	return nil
}

// checkOwner refuses a database whose schema has tables but no record of
// Priemna's migrations: Priemna's tables are never added to it.
func checkOwner(ctx context.Context, conn *sql.Conn) error {
	rows, err := conn.QueryContext(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() ORDER BY table_name`)
	if err != nil {
		return fmt.Errorf("postgres: list tables: %w", err)
	}
	defer rows.Close()
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		tables = append(tables, name)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(tables) > 0 && !slices.Contains(tables, "schema_migrations") {
		if len(tables) > 5 {
			tables = append(tables[:5], "…")
		}
		return fmt.Errorf("postgres: %w: the database has tables (%s) but no record of Priemna's migrations; nothing was changed",
			ErrForeign, strings.Join(tables, ", "))
	}
	return nil
}

// checkNotNewer refuses a database that records a migration this binary
// does not have: a newer Priemna wrote it, and an older one must not.
func checkNotNewer(ctx context.Context, conn *sql.Conn, set sqlstore.MigrationSet) error {
	rows, err := conn.QueryContext(ctx, `SELECT version, name FROM schema_migrations ORDER BY version`)
	if err != nil {
		return fmt.Errorf("postgres: read migrations: %w", err)
	}
	unknown, err := set.Unknown(rows)
	if err != nil {
		return err
	}
	if len(unknown) > 0 {
		return fmt.Errorf("postgres: %w: it has migrations %s that this binary (schema version %04d) does not know; "+
			"run the newer priemna, or restore the backup taken before the upgrade", ErrNewer, strings.Join(unknown, ", "), set.Latest)
	}
	return nil
}

// applyMigration applies one migration unless it was, and reports whether
// it did.
func applyMigration(ctx context.Context, conn *sql.Conn, version int, base, name string) (bool, error) {
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, version).Scan(&n); err != nil {
		return false, fmt.Errorf("postgres: migration %s: %w", base, err)
	}
	if n > 0 {
		return false, nil
	}
	body, err := migrations.ReadFile(name)
	if err != nil {
		return false, err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("postgres: migration %s: %w", base, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return false, fmt.Errorf("postgres: migration %s: %w", base, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
		version, base, time.Now().Unix()); err != nil {
		return false, fmt.Errorf("postgres: migration %s: %w", base, err)
	}
	return true, tx.Commit()
}
