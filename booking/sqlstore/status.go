package sqlstore

import (
	"strings"

	"github.com/priemna/priemna/booking"
)

// seatTaken is the SQL condition, on a bookings row, of a booking that takes
// a seat, generated from the domain's status table. The partial index
// bookings_seat must say the same (TestSeatIndexMatchesStatusTable).
var seatTaken = statusNotIn(freeingStatuses())

// freeingStatuses lists the statuses that give their seat back.
func freeingStatuses() []booking.Status {
	var out []booking.Status
	for _, st := range booking.Statuses {
		if !st.HoldsSeat() {
			out = append(out, st)
		}
	}
	return out
}

// statusNotIn is "status <> 'x'" for one status, the form SQLite needs to
// use a partial index with that predicate, and NOT IN for more.
func statusNotIn(list []booking.Status) string {
	if len(list) == 1 {
		return "status <> '" + string(list[0]) + "'"
	}
	return "status NOT IN (" + quoted(list) + ")"
}

// statusIn is "status IN ('x', 'y')".
func statusIn(list []booking.Status) string {
	return "status IN (" + quoted(list) + ")"
}

func quoted(list []booking.Status) string {
	q := make([]string, len(list))
	for i, st := range list {
		q[i] = "'" + string(st) + "'"
	}
	return strings.Join(q, ", ")
}
