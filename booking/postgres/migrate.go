package postgres

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
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
	rows, err := conn.QueryContext(ctx, `SELECT version, name FROM schema_migrations`)
	if err != nil {
		return fmt.Errorf("postgres: read migrations: %w", err)
	}
	pending, err := set.Pending(rows, "postgres")
	if err != nil {
		return err
	}
	for _, m := range pending {
		if err := applyMigration(ctx, conn, m); err != nil {
			return err
		}
		db.Applied = append(db.Applied, m.Name)
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
	return sqlstore.CheckTables(rows, "postgres")
}

// applyMigration applies one migration in its own transaction and records
// it.
func applyMigration(ctx context.Context, conn *sql.Conn, m sqlstore.Migration) error {
	body, err := migrations.ReadFile(m.Path)
	if err != nil {
		return err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("postgres: migration %s: %w", m.Name, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("postgres: migration %s: %w", m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
		m.Version, m.Name, time.Now().Unix()); err != nil {
		return fmt.Errorf("postgres: migration %s: %w", m.Name, err)
	}
	return tx.Commit()
}
