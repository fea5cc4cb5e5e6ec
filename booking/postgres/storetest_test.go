package postgres

import (
	"sync"
	"testing"

	"github.com/priemna/priemna/booking/postgres/pgtest"
	"github.com/priemna/priemna/booking/storetest"
)

// TestStore runs the stores' conformance suite on a real PostgreSQL
// server, a database of its own for each case.
func TestStore(t *testing.T) {
	var mu sync.Mutex
	urls := map[storetest.Core]string{}
	open := func(t testing.TB, url string) *DB {
		t.Helper()
		db, err := Open(url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	storetest.Run(t, storetest.Harness{
		Open: func(t testing.TB) storetest.Core {
			url := pgtest.URL(t)
			db := open(t, url)
			mu.Lock()
			defer mu.Unlock()
			urls[db] = url
			return db
		},
		Reopen: func(t testing.TB, db storetest.Core) storetest.Core {
			mu.Lock()
			url := urls[db]
			mu.Unlock()
			return open(t, url)
		},
	})
}
