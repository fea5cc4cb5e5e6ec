package booking_test

import (
	"context"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// Both statistics cover whole months, at most three years of them (37
// months counting both ends), and refuse a reversed or longer range.
func TestStatisticsCoverWholeMonths(t *testing.T) {
	d := newDomain(t, 1)
	ctx := context.Background()
	months := func(from, to calendar.Date) ([]string, error) {
		stats, err := d.svc.MonthlyStats(ctx, d.official.ID, from, to)
		wait, werr := d.svc.WaitlistStats(ctx, d.official.ID, from, to)
		if booking.ErrorCode(err) != booking.ErrorCode(werr) || len(stats) != len(wait) {
			t.Fatalf("%s..%s: the statistics disagree: %d months (%v), waiting list %d months (%v)", from, to, len(stats), err, len(wait), werr)
		}
		var out []string
		for i := range stats {
			if stats[i].Month != wait[i].Month {
				t.Fatalf("%s..%s: month %d is %s, waiting list %s", from, to, i, stats[i].Month, wait[i].Month)
			}
			out = append(out, stats[i].Month)
		}
		return out, err
	}
	date := func(y int, m time.Month, d int) calendar.Date { return calendar.DateOf(sofia(y, m, d, 12, 0)) }
	got, err := months(date(2024, 1, 15), date(2027, 1, 3))
	if err != nil || len(got) != 37 || got[0] != "2024-01" || got[36] != "2027-01" {
		t.Errorf("three years: %v %v", got, err)
	}
	got, err = months(date(2026, 1, 31), date(2026, 1, 1))
	if err != nil || len(got) != 1 || got[0] != "2026-01" {
		t.Errorf("one month, the days reversed within it: %v %v", got, err)
	}
	_, err = months(date(2024, 1, 15), date(2027, 2, 1))
	wantCode(t, err, booking.EINVALID)
	_, err = months(date(2026, 2, 1), date(2026, 1, 31))
	wantCode(t, err, booking.EINVALID)
}
