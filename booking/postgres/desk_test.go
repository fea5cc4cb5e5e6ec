package postgres

import (
	"testing"

	"github.com/priemna/priemna/booking/postgres/pgtest"
	"github.com/priemna/priemna/booking/storetest"
)

// TestDeskStore runs the conformance cases of the day sheet's store parts
// (closures that remember who was told, chosen deputies, contested
// no-shows) on a real PostgreSQL.
func TestDeskStore(t *testing.T) {
	open := func(t testing.TB) storetest.Core {
		db, err := Open(pgtest.URL(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	storetest.RunCases(t, storetest.Harness{Open: open}, "ClosedDayRemembersWhoWasTold", "ChosenDeputies", "ContestedNoShows")
}
