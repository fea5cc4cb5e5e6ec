package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/priemna/priemna/booking"
)

const insertFeedback = `INSERT INTO feedback (booking_id, rating, comment, created_at) VALUES (?, ?, ?, ?)`

// SaveFeedback stores a booking's feedback, once.
func (db *DB) SaveFeedback(ctx context.Context, f *booking.Feedback) error {
	return db.write(ctx, func(tx *txn) error {
		_, err := tx.Exec(insertFeedback, f.BookingID, f.Rating, f.Comment, f.CreatedAt.Unix())
		if isUnique(err, "feedback_pkey") {
			return booking.Errorf(booking.ECONFLICT, "err.you-have-already-rated-this")
		} else if err != nil {
			return fmt.Errorf("postgres: save feedback: %w", err)
		}
		return nil
	})
}

// FeedbackFor returns a booking's feedback.
func (db *DB) FeedbackFor(ctx context.Context, bookingID int64) (*booking.Feedback, error) {
	var f booking.Feedback
	var created int64
	err := db.queryRow(ctx, `SELECT booking_id, rating, comment, created_at FROM feedback WHERE booking_id = ?`, bookingID).
		Scan(&f.BookingID, &f.Rating, &f.Comment, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(booking.T("text.no-feedback"))
	} else if err != nil {
		return nil, fmt.Errorf("postgres: feedback: %w", err)
	}
	f.CreatedAt = fromUnix(created)
	return &f, nil
}
