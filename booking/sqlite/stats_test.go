package sqlite

import (
	"testing"

	"github.com/priemna/priemna/booking/storetest"
)

// The month a slot counts in is its month in Sofia (storetest.SofiaMonths),
// as the statistics triggers count it through stat_delta.
func TestStatMonthIsSofiasMonth(t *testing.T) {
	db := openTemp(t)
	storetest.SofiaMonths(t, func(starts []int64) []string {
		tx, err := db.writer.Begin()
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		for i, s := range starts {
			// One official a start, so each total holds one booking.
			if _, err := tx.Exec(`INSERT INTO stat_delta VALUES (?, ?, 1, 'completed', 0, 0, 0)`, i+1, s); err != nil {
				t.Fatal(err)
			}
		}
		months := make([]string, len(starts))
		for i := range starts {
			if err := tx.QueryRow(`SELECT month FROM stat_months WHERE official_id = ?`, i+1).Scan(&months[i]); err != nil {
				t.Fatal(err)
			}
		}
		return months
	})
}
