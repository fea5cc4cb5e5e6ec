package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/priemna/priemna/booking"
)

// StatRows returns bookings for the statistics, without personal data.
func (db *DB) StatRows(ctx context.Context, officialID int64, from, to time.Time) ([]booking.StatRow, error) {
	rows, err := db.query(ctx, `SELECT b.official_id, b.starts_at, b.status, COALESCE(f.rating, 0),
		COALESCE(b.received_at - b.arrived_at, 0), COALESCE(b.arrived_at - b.starts_at, 0)
		FROM bookings b LEFT JOIN feedback f ON f.booking_id = b.id
		WHERE (? = 0 OR b.official_id = ?) AND b.starts_at >= ? AND b.starts_at < ?
		AND b.held_until IS NULL`, officialID, officialID, from.Unix(), to.Unix())
	if err != nil {
		return nil, fmt.Errorf("postgres: statistics: %w", err)
	}
	defer rows.Close()
	var list []booking.StatRow
	for rows.Next() {
		var r booking.StatRow
		var start, wait, late int64
		if err := rows.Scan(&r.OfficialID, &start, &r.Status, &r.Rating, &wait, &late); err != nil {
			return nil, err
		}
		r.Start, r.Wait, r.Lateness = fromUnix(start), time.Duration(wait)*time.Second, time.Duration(max(late, 0))*time.Second
		list = append(list, r)
	}
	return list, rows.Err()
}

// foldStats adds the changes the triggers appended to stat_pending
// (migration 0111) to the totals. Replicas folding at once each take
// rows the others have not: DELETE locks them, and skips those deleted.
func (db *DB) foldStats(ctx context.Context) error {
	return db.write(ctx, foldStats)
}

func foldStats(tx *txn) error {
	_, err := tx.Exec(`WITH moved AS (DELETE FROM stat_pending RETURNING *),
			months AS (INSERT INTO stat_months AS s (official_id, month, bookings, cancelled, attended, no_shows, ratings, rating_sum, received, wait_sum)
				SELECT official_id, month, SUM(bookings), SUM(cancelled), SUM(attended), SUM(no_shows), SUM(ratings), SUM(rating_sum), SUM(received), SUM(wait_sum)
				FROM moved GROUP BY official_id, month
				ON CONFLICT (official_id, month) DO UPDATE SET
					bookings = s.bookings + excluded.bookings, cancelled = s.cancelled + excluded.cancelled,
					attended = s.attended + excluded.attended, no_shows = s.no_shows + excluded.no_shows,
					ratings = s.ratings + excluded.ratings, rating_sum = s.rating_sum + excluded.rating_sum,
					received = s.received + excluded.received, wait_sum = s.wait_sum + excluded.wait_sum)
			INSERT INTO stat_late AS l (official_id, month, minutes, n)
			SELECT official_id, month, late_minutes, SUM(late_n) FROM moved WHERE late_minutes > 0 GROUP BY official_id, month, late_minutes
			ON CONFLICT (official_id, month, minutes) DO UPDATE SET n = l.n + excluded.n`)
	if err != nil {
		return fmt.Errorf("postgres: fold statistics: %w", err)
	}
	return nil
}

// StatMonths returns the monthly totals the triggers keep (folding in
// what is pending first), without reading the bookings.
func (db *DB) StatMonths(ctx context.Context, officialID int64, first, last string, lateAfter time.Duration) ([]booking.StatMonth, error) {
	if err := db.foldStats(ctx); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT month, bookings, cancelled, attended, no_shows, ratings, rating_sum, received, wait_sum,
		COALESCE((SELECT SUM(n) FROM stat_late l WHERE l.official_id = m.official_id AND l.month = m.month AND l.minutes > ?), 0)
		FROM stat_months m WHERE official_id = ? AND month BETWEEN ? AND ? ORDER BY month`,
		int64(lateAfter/time.Minute), officialID, first, last)
	if err != nil {
		return nil, fmt.Errorf("postgres: statistics: %w", err)
	}
	defer rows.Close()
	var list []booking.StatMonth
	for rows.Next() {
		var m booking.StatMonth
		var wait int64
		if err := rows.Scan(&m.Month, &m.Bookings, &m.Cancelled, &m.Attended, &m.NoShows, &m.Ratings, &m.RatingSum, &m.Received, &wait, &m.Late); err != nil {
			return nil, err
		}
		m.WaitSum = time.Duration(wait) * time.Second
		list = append(list, m)
	}
	return list, rows.Err()
}
