package sqlite

import (
	"strings"
	"testing"

	"github.com/priemna/priemna/booking/sqlstore"
)

// TestSeatIndexMatchesStatusTable: the partial unique index that backs the
// seat check says what the status table says of a seat (sqlstore.SeatTaken).
func TestSeatIndexMatchesStatusTable(t *testing.T) {
	db := openTemp(t)
	var sqlText string
	if err := db.reader.QueryRow(`SELECT sql FROM sqlite_master WHERE name = 'bookings_seat'`).Scan(&sqlText); err != nil {
		t.Fatal(err)
	}
	_, where, ok := strings.Cut(sqlText, " WHERE ")
	if !ok || strings.TrimSpace(where) != sqlstore.SeatTaken {
		t.Fatalf("index predicate %q, status table says %q", where, sqlstore.SeatTaken)
	}
}
