package booking_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// Both statistics cover whole months, at most three years of them (37
// months counting both ends), and refuse a reversed or longer range.
func TestStatisticsCoverWholeMonths(t *testing.T) {
	d := newDomain(t, 1)
	months := func(from, to calendar.Date) ([]string, error) {
		stats, err := d.svc.MonthlyStats(d.ctx, d.official.ID, from, to)
		wait, werr := d.svc.WaitlistStats(d.ctx, d.official.ID, from, to)
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

// A month's figures: no-shows as a share of the meetings that were due
// (not of the bookings), the average rating, and the average wait from
// arrival to being received, in minutes.
func TestMonthlyAverages(t *testing.T) {
	d := newDomain(t, 4)
	var b [4]*booking.Booking
	for i := range b {
		b[i] = d.book(t, monday, fmt.Sprintf("c%d@example.bg", i))
	}
	if _, err := d.svc.Cancel(d.ctx, b[3].Token); err != nil {
		t.Fatal(err)
	}
	d.clock.Set(monday.Add(time.Hour))
	for i, times := range [][2]time.Duration{{0, 10 * time.Minute}, {time.Minute, 21*time.Minute + 30*time.Second}} {
		if _, err := d.svc.RecordArrival(d.ctx, booking.CommandLine, b[i].Reference, monday.Add(times[0])); err != nil {
			t.Fatal(err)
		}
		if _, err := d.svc.RecordReceived(d.ctx, booking.CommandLine, b[i].Reference, monday.Add(times[1])); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := d.svc.SweepNoShows(d.ctx); err != nil || n != 1 {
		t.Fatalf("no-show sweep: %d %v", n, err)
	}
	for i, rating := range []int{5, 2} {
		if _, err := d.svc.GiveFeedback(d.ctx, b[i].Token, rating, ""); err != nil {
			t.Fatal(err)
		}
	}
	jan := calendar.DateOf(monday)
	months, err := d.svc.MonthlyStats(d.ctx, d.official.ID, jan, jan)
	if err != nil || len(months) != 1 {
		t.Fatalf("%+v %v", months, err)
	}
	m := months[0]
	if m.Bookings != 4 || m.Cancelled != 1 || m.Attended != 2 || m.NoShows != 1 || m.Ratings != 2 || m.Received != 2 {
		t.Errorf("counts: %+v", m)
	}
	if m.NoShowPercent != 100.0/3 || m.AverageRating != 3.5 || m.AverageWait != 15.25 {
		t.Errorf("no-shows %v%% (want a third of the 3 due), rating %v (want 3.5), wait %v min (want 15.25)", m.NoShowPercent, m.AverageRating, m.AverageWait)
	}
}
