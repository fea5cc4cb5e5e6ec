package postgres

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/priemna/priemna/booking/postgres/pgtest"
	"github.com/priemna/priemna/booking/storetest"
)

// Every SQLite migration has its PostgreSQL twin under the same number, and
// no PostgreSQL migration is without one.
func TestMigrationNumbersMatch(t *testing.T) {
	numbers := func(dir string) []string {
		names, err := filepath.Glob(filepath.Join(dir, "*.sql"))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, n := range names {
			num, _, _ := strings.Cut(filepath.Base(n), "_")
			out = append(out, num)
		}
		return out
	}
	lite, pg := numbers("../sqlite/migration"), numbers("migration")
	if len(lite) == 0 || !slices.Equal(lite, pg) {
		t.Fatalf("migration numbers differ:\nsqlite   %v\npostgres %v", lite, pg)
	}
	embedded, err := fs.Glob(migrations, "migration/*.sql")
	if err != nil || len(embedded) != len(pg) {
		t.Fatalf("embedded %d migrations of %d (%v)", len(embedded), len(pg), err)
	}
}

// Replicas starting together on an empty database apply the migrations
// once between them, under the advisory lock.
func TestReplicasMigrateTogether(t *testing.T) {
	url := pgtest.Empty(t)
	dbs := storetest.OpenTogether(t, 4, func() (*DB, error) { return Open(url) },
		func(db *DB) []string { return db.Applied },
		func(db *DB) (n int, err error) {
			err = db.pool.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n)
			return n, err
		})
	// Under the advisory lock one replica applies them all.
	applied := 0
	for _, db := range dbs {
		if len(db.Applied) > 0 {
			applied++
		}
	}
	if applied != 1 {
		t.Fatalf("%d replicas applied migrations, want 1", applied)
	}
}

// A binary refuses a schema a newer one wrote, and a database of another
// application, changing neither.
func TestRefusesNewerAndForeignSchemas(t *testing.T) {
	url := pgtest.URL(t)
	db, err := Open(url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.pool.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', 0)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(url); !errors.Is(err, ErrNewer) || !strings.Contains(err.Error(), "9999_future.sql") {
		t.Fatalf("newer schema: %v", err)
	}

	foreign := pgtest.Empty(t)
	ctx := context.Background()
	raw, err := sql.Open("pgx", foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.ExecContext(ctx, `CREATE TABLE invoices (id int)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if _, err := Open(foreign); !errors.Is(err, ErrForeign) || !strings.Contains(err.Error(), "invoices") {
		t.Fatalf("foreign database: %v", err)
	}
}
