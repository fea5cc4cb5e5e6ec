package postgres

import "github.com/priemna/priemna/booking/sqlstore"

// seatTaken is the SQL condition, on a bookings row, of a booking that takes
// a seat, generated from the domain's status table. The partial index
// bookings_seat must say the same (TestSeatIndexMatchesStatusTable).
var seatTaken = sqlstore.SeatTaken

var freeingStatuses = sqlstore.FreeingStatuses
