package postgres

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/priemna/priemna/booking/postgres/pgtest"
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
	const n = 4
	var wg sync.WaitGroup
	dbs := make([]*DB, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			dbs[i], errs[i] = Open(url)
		})
	}
	wg.Wait()
	applied := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("replica %d: %v", i, errs[i])
		}
		defer dbs[i].Close()
		if len(dbs[i].Applied) > 0 {
			applied++
		}
	}
	if applied != 1 {
		t.Fatalf("%d replicas applied migrations, want 1", applied)
	}
	var rows int
	if err := dbs[0].pool.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if want := len(dbs[0].Applied) + len(dbs[1].Applied) + len(dbs[2].Applied) + len(dbs[3].Applied); rows != want {
		t.Fatalf("%d migrations recorded, %d applied", rows, want)
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
