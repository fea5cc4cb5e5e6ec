package postgres

import (
	"context"
	"fmt"
)

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
