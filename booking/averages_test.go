package booking

import (
	"testing"
	"time"
)

// The averages are worked out from the month's counts the same way
// whether they come from the kept totals or from the bookings themselves.
func TestMonthAverages(t *testing.T) {
	for _, tt := range []struct {
		name                      string
		in                        MonthStats
		noShows, rating, waitMins float64
	}{
		{"nothing counted", MonthStats{Bookings: 3, Cancelled: 3}, 0, 0, 0},
		{"no-shows of the meetings due, not of the bookings", MonthStats{Bookings: 9, Cancelled: 5, Attended: 3, NoShows: 1}, 25, 0, 0},
		{"every meeting missed", MonthStats{Bookings: 2, NoShows: 2}, 100, 0, 0},
		{"ratings", MonthStats{Attended: 3, Ratings: 3, RatingSum: 13}, 0, 13.0 / 3, 0},
		{"waits in minutes", MonthStats{Attended: 2, Received: 2, waitSum: 25*time.Minute + 30*time.Second}, 0, 0, 12.75},
	} {
		m := tt.in
		m.SetAverages()
		if m.NoShowPercent != tt.noShows || m.AverageRating != tt.rating || m.AverageWait != tt.waitMins {
			t.Errorf("%s: no-shows %v%%, rating %v, wait %v min; want %v%%, %v, %v", tt.name, m.NoShowPercent, m.AverageRating, m.AverageWait, tt.noShows, tt.rating, tt.waitMins)
		}
	}
}
