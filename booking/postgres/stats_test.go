package postgres

import (
	"testing"

	"github.com/priemna/priemna/booking/storetest"
)

// The month a slot counts in is its month in Sofia (storetest.SofiaMonths),
// as stat_delta and the fold of the pending totals count it.
func TestStatMonthIsSofiasMonth(t *testing.T) {
	db := harness.Open(t).(*DB)
	storetest.SofiaMonths(t, func(starts []int64) []string {
		tx, err := db.pool.Begin()
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		for i, s := range starts {
			// One official a start, so each total holds one booking.
			if _, err := tx.Exec(`SELECT stat_delta($1, $2, 1, 'completed', 0, 0, 0)`, i+1, s); err != nil {
				t.Fatal(err)
			}
		}
		if err := foldStats(&txn{tx}); err != nil {
			t.Fatal(err)
		}
		months := make([]string, len(starts))
		for i := range starts {
			if err := tx.QueryRow(`SELECT month FROM stat_months WHERE official_id = $1`, i+1).Scan(&months[i]); err != nil {
				t.Fatal(err)
			}
		}
		return months
	})
}
