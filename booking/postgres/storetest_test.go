package postgres

import (
	"database/sql"
	"sync"
	"testing"

	"github.com/priemna/priemna/booking/postgres/pgtest"
	"github.com/priemna/priemna/booking/storetest"
)

// harness opens the conformance suite's databases on the test cluster, a
// database of its own for each; the store's own tests start from it too
// (fixture_test.go).
var harness = storetest.Harness{
	Open: func(t testing.TB) storetest.Core {
		url := pgtest.URL(t)
		db := storetest.Open(t, Open, url)
		urls.Store(db, url)
		return db
	},
	Reopen: func(t testing.TB, db storetest.Core) storetest.Core {
		url, _ := urls.Load(db)
		return storetest.Open(t, Open, url.(string))
	},
	SQL: func(db storetest.Core) *sql.DB { return db.(*DB).pool },
	Columns: `SELECT table_name || '.' || column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name <> 'schema_migrations' ORDER BY 1`,
	ImportPast: storetest.ImportPast((*DB).ImportPast),
	EraseBatch: eraseBatch,
}

// urls remembers each opened database's address, for Reopen.
var urls sync.Map // *DB → string

// TestStore runs the stores' conformance suite on a real PostgreSQL
// server, a database of its own for each case.
func TestStore(t *testing.T) { storetest.Run(t, harness) }
