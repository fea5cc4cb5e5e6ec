package sqlite

import (
	"testing"

	"github.com/priemna/priemna/booking/bookingtest"
	"github.com/priemna/priemna/booking/storetest"
)

// fixture is the conformance suite's fixture on a SQLite file, with the
// store's own handle for what only SQLite has.
type fixture struct {
	*storetest.Fixture
	db *DB
}

// monday is the first Monday the fixture's schedule can be booked on.
var monday = sofia(2026, 1, 12, 14, 0)

// sofia returns a Sofia wall-clock instant.
var sofia = bookingtest.Sofia

// newFixture opens a fresh database file with storetest.NewFixture.
func newFixture(t testing.TB, capacity int) *fixture {
	t.Helper()
	f := storetest.NewFixture(t, harness, capacity)
	return &fixture{Fixture: f, db: f.DB.(*DB)}
}
