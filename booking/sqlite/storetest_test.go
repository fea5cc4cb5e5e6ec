package sqlite

import (
	"path/filepath"
	"testing"

	"github.com/priemna/priemna/booking/storetest"
)

// TestStore runs the stores' conformance suite on a real SQLite file.
func TestStore(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		Open: func(t testing.TB) storetest.Core {
			return openTemp(t)
		},
		Reopen: func(t testing.TB, db storetest.Core) storetest.Core {
			again, err := Open(db.(*DB).Path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { again.Close() })
			return again
		},
	})
}

// openTemp opens a new database file in the test's directory.
func openTemp(t testing.TB) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "priemna.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
