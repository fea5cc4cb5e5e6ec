package sqlite

import (
	"testing"

	"github.com/priemna/priemna/booking/storetest"
)

// The month a slot counts in is its month in Sofia (storetest.SofiaMonths),
// as the statistics triggers count it through stat_delta.
func TestStatMonthIsSofiasMonth(t *testing.T) {
	storetest.SofiaMonths(t, openTemp(t).writer, `INSERT INTO stat_delta VALUES (?, ?, 1, 'completed', 0, 0, 0)`, nil,
		`SELECT month FROM stat_months WHERE official_id = ?`)
}
