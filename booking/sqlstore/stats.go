package sqlstore

import (
	"context"
	"time"

	"github.com/priemna/priemna/booking"
)

// StatRows returns bookings for the statistics, without personal data.
func (s *Store) StatRows(ctx context.Context, officialID int64, from, to time.Time) ([]booking.StatRow, error) {
	return queryAll(ctx, s, "statistics", func(row Scanner) (r booking.StatRow, err error) {
		var start, wait, late int64
		err = row.Scan(&r.OfficialID, &start, &r.Status, &r.Rating, &wait, &late)
		r.Start, r.Wait, r.Lateness = fromUnix(start), time.Duration(wait)*time.Second, time.Duration(max(late, 0))*time.Second
		return r, err
	}, `SELECT b.official_id, b.starts_at, b.status, COALESCE(f.rating, 0),
		COALESCE(b.received_at - b.arrived_at, 0), COALESCE(b.arrived_at - b.starts_at, 0)
		FROM bookings b LEFT JOIN feedback f ON f.booking_id = b.id
		WHERE (? = 0 OR b.official_id = ?) AND b.starts_at >= ? AND b.starts_at < ?
		AND b.held_until IS NULL`, officialID, officialID, from.Unix(), to.Unix())
}

// StatMonths returns the monthly totals the triggers of migration 0050
// keep (Backend.FoldStats brings them up to date first), without reading
// the bookings.
func (s *Store) StatMonths(ctx context.Context, officialID int64, first, last string, lateAfter time.Duration) ([]booking.StatMonth, error) {
	if err := s.b.FoldStats(ctx); err != nil {
		return nil, err
	}
	return queryAll(ctx, s, "statistics", func(row Scanner) (m booking.StatMonth, err error) {
		var wait int64
		err = row.Scan(&m.Month, &m.Bookings, &m.Cancelled, &m.Attended, &m.NoShows, &m.Ratings, &m.RatingSum, &m.Received, &wait, &m.Late)
		m.WaitSum = time.Duration(wait) * time.Second
		return m, err
	}, `SELECT month, bookings, cancelled, attended, no_shows, ratings, rating_sum, received, wait_sum,
		COALESCE((SELECT SUM(n) FROM stat_late l WHERE l.official_id = m.official_id AND l.month = m.month AND l.minutes > ?), 0)
		FROM stat_months m WHERE official_id = ? AND month BETWEEN ? AND ? ORDER BY month`,
		int64(lateAfter/time.Minute), officialID, first, last)
}
