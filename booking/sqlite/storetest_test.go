package sqlite

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/priemna/priemna/booking/storetest"
)

// harness opens the conformance suite's databases as real SQLite files;
// the store's own tests start from it too (fixture_test.go).
var harness = storetest.Harness{
	Open: func(t testing.TB) storetest.Core { return openTemp(t) },
	Reopen: func(t testing.TB, db storetest.Core) storetest.Core {
		again, err := Open(db.(*DB).Path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { again.Close() })
		return again
	},
	SQL: func(db storetest.Core) *sql.DB { return db.(*DB).writer },
	Columns: `SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'schema_migrations' ORDER BY 1`,
	ImportPast: storetest.ImportPast((*DB).ImportPast),
	// The migration that began the monthly totals counted the bookings it
	// found: its count again.
	RecountStats: func(t testing.TB, db storetest.Core) {
		body, err := migrations.ReadFile("migration/0050_stat_months.sql")
		if err != nil {
			t.Fatal(err)
		}
		_, backfill, ok := strings.Cut(string(body), "-- The bookings made before this migration")
		if !ok {
			t.Fatal("no backfill in migration 0050")
		}
		if _, err := db.(*DB).writer.Exec("DELETE FROM stat_months; DELETE FROM stat_late;\n--" + backfill); err != nil {
			t.Fatal(err)
		}
	},
	EraseBatch: sweepChunk, // a step of a sweep; a write runs steps for sweepBudget
}

// TestStore runs the stores' conformance suite on a real SQLite file.
func TestStore(t *testing.T) { storetest.Run(t, harness) }

// openTemp opens a new database file in the test's directory.
func openTemp(t testing.TB) *DB {
	t.Helper()
	return storetest.Open(t, Open, filepath.Join(t.TempDir(), "priemna.db"))
}
