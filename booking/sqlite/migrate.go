package sqlite

import (
	"embed"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/priemna/priemna/booking/sqlstore"
)

// Migrations: embedded numbered .sql files, each applied once in its own
// transaction; only Priemna's own databases, never a newer schema.

//go:embed migration/*.sql
var migrations embed.FS

// applicationID marks a Priemna database in the SQLite header (PRAGMA
// application_id), so that another application's file is never mistaken
// for ours: "Prie" in ASCII.
const applicationID = 0x50726965

// ErrForeign is returned by Open for an SQLite file of another application.
var ErrForeign = sqlstore.ErrForeign

// ErrNewer is returned by Open for a database a newer Priemna has written.
var ErrNewer = sqlstore.ErrNewer

func (db *DB) migrate() error {
	marked, err := db.checkOwner()
	if err != nil {
		return err
	}
	if _, err := db.writer.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("sqlite: migrations table: %w", err)
	}
	if !marked {
		if _, err := db.writer.Exec(fmt.Sprintf(`PRAGMA application_id = %d`, applicationID)); err != nil {
			return fmt.Errorf("sqlite: application id: %w", err)
		}
	}
	set, err := sqlstore.Migrations(migrations, "sqlite")
	if err != nil {
		return err
	}
	rows, err := db.writer.Query(`SELECT version, name FROM schema_migrations`)
	if err != nil {
		return fmt.Errorf("sqlite: read migrations: %w", err)
	}
	pending, err := set.Pending(rows, "sqlite: "+db.Path)
	if err != nil {
		return err
	}
	for _, m := range pending {
		applied, err := db.runMigration(m)
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

// checkOwner refuses an SQLite file that belongs to another application:
// one marked with another application id, or one with tables but no
// record of Priemna's migrations. Priemna's tables are never added to it.
// It reports whether the file is already marked as Priemna's.
func (db *DB) checkOwner() (marked bool, err error) {
	var id int64
	if err := db.writer.QueryRow(`PRAGMA application_id`).Scan(&id); err != nil {
		if isNotADB(err) {
			return false, notSQLite(db.Path)
		}
		return false, fmt.Errorf("sqlite: %s: %w", db.Path, err)
	}
	if id != 0 && id != applicationID {
		return false, fmt.Errorf("sqlite: %s: %w (its application id is %#x); nothing was changed", db.Path, ErrForeign, id)
	}
	rows, err := db.writer.Query(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return false, fmt.Errorf("sqlite: %s: %w", db.Path, err)
	}
	if err := sqlstore.CheckTables(rows, "sqlite: "+db.Path); err != nil {
		return false, err
	}
	return id == applicationID, nil
}

func isNotADB(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrNotADB
}

func notSQLite(path string) error {
	return fmt.Errorf("sqlite: %s: %w: not an SQLite file at all; nothing was changed", path, ErrForeign)
}

// foreignKeysOff marks a migration that rebuilds a table other tables
// refer to; SQLite wants foreign keys off for that, and they can only be
// switched outside a transaction.
const foreignKeysOff = "-- foreign_keys: off\n"

// runMigration applies one migration in its own transaction and records
// it; false when another process opening the same file applied it first
// (the writer's transactions take the write lock at BEGIN, so the check
// and the apply are one step).
func (db *DB) runMigration(m sqlstore.Migration) (bool, error) {
	body, err := migrations.ReadFile(m.Path)
	if err != nil {
		return false, err
	}
	if strings.HasPrefix(string(body), foreignKeysOff) {
		// The writer is a single connection, so the pragma holds for the
		// migration's transaction.
		if _, err := db.writer.Exec(`PRAGMA foreign_keys = OFF`); err != nil {
			return false, fmt.Errorf("sqlite: migration %s: %w", m.Name, err)
		}
		defer db.writer.Exec(`PRAGMA foreign_keys = ON`)
	}
	fail := func(err error) (bool, error) { return false, fmt.Errorf("sqlite: migration %s: %w", m.Name, err) }
	tx, err := db.writer.Begin()
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	var done int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.Version).Scan(&done); err != nil {
		return fail(err)
	}
	if done > 0 {
		return false, nil
	}
	if _, err := tx.Exec(string(body)); err != nil {
		return fail(err)
	}
	if _, err := tx.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.Version, m.Name, time.Now().Unix()); err != nil {
		return fail(err)
	}
	var broken int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM pragma_foreign_key_check`).Scan(&broken); err != nil || broken > 0 {
		return false, fmt.Errorf("sqlite: migration %s: %d broken foreign keys (%v)", m.Name, broken, err)
	}
	return true, tx.Commit()
}
