package postgres

import (
	"database/sql"
	"testing"

	"github.com/priemna/priemna/booking/storetest"
)

// The month a slot counts in is its month in Sofia (storetest.SofiaMonths),
// as stat_delta and the fold of the pending totals count it.
func TestStatMonthIsSofiasMonth(t *testing.T) {
	storetest.SofiaMonths(t, harness.Open(t).(*DB).pool, `SELECT stat_delta($1, $2, 1, 'completed', 0, 0, 0)`,
		func(tx *sql.Tx) error { return foldStats(&txn{tx}) }, `SELECT month FROM stat_months WHERE official_id = $1`)
}
