package sqlstore

import (
	"slices"
	"testing"

	"github.com/priemna/priemna/booking"
)

// Only a cancelled booking gives its seat back: each database's seat index
// is written with that predicate (TestSeatIndexMatchesStatusTable beside
// each holds the index to SeatTaken).
func TestOnlyACancelledBookingFreesItsSeat(t *testing.T) {
	if got := freeingStatuses(); !slices.Equal(got, []booking.Status{booking.StatusCancelled}) {
		t.Errorf("statuses that free a seat: %v", got)
	}
	if SeatTaken != "status <> 'cancelled'" {
		t.Errorf("SeatTaken = %q", SeatTaken)
	}
}
