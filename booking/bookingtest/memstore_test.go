package bookingtest_test

import (
	"testing"

	"github.com/priemna/priemna/booking/bookingtest"
	"github.com/priemna/priemna/booking/storetest"
)

// TestStoreIsHonest holds the in-memory store to the real stores'
// contracts: the conformance suite's cases that need only the roles it
// keeps run on it; the others skip.
func TestStoreIsHonest(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		Open:   func(testing.TB) storetest.Core { return bookingtest.NewStore() },
		Reopen: func(_ testing.TB, db storetest.Core) storetest.Core { return db }, // one process's memory: the same store
	})
}
