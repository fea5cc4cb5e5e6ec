package postgres

import (
	"strings"
	"testing"

	"github.com/priemna/priemna/booking/sqlstore"
)

// TestSeatIndexMatchesStatusTable: the partial unique index that backs the
// seat check says what the status table says of a seat (sqlstore.SeatTaken).
func TestSeatIndexMatchesStatusTable(t *testing.T) {
	db := harness.Open(t).(*DB)
	var sqlText string
	if err := db.pool.QueryRow(`SELECT indexdef FROM pg_indexes WHERE indexname = 'bookings_seat'`).Scan(&sqlText); err != nil {
		t.Fatal(err)
	}
	// PostgreSQL spells the predicate out: (status <> 'cancelled'::text).
	sqlText = strings.NewReplacer("(", "", ")", "", "::text", "").Replace(sqlText)
	_, where, ok := strings.Cut(sqlText, " WHERE ")
	if !ok || strings.TrimSpace(where) != sqlstore.SeatTaken {
		t.Fatalf("index predicate %q, status table says %q", where, sqlstore.SeatTaken)
	}
}
