package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/priemna/priemna/booking"
)

const insertFeedback = `INSERT INTO feedback (booking_id, rating, comment, created_at) VALUES (?, ?, ?, ?)`

// SaveFeedback stores a booking's feedback, once.
func (s *Store) SaveFeedback(ctx context.Context, f *booking.Feedback) error {
	return s.write(ctx, func(tx Tx) error {
		_, err := tx.Exec(insertFeedback, f.BookingID, f.Rating, f.Comment, f.CreatedAt.Unix())
		if s.unique(err, FeedbackBooking) {
			return booking.Errorf(booking.ECONFLICT, "err.you-have-already-rated-this")
		} else if err != nil {
			return s.fail("save feedback", err)
		}
		return nil
	})
}

// FeedbackFor returns a booking's feedback.
func (s *Store) FeedbackFor(ctx context.Context, bookingID int64) (*booking.Feedback, error) {
	var f booking.Feedback
	var created int64
	err := s.queryRow(ctx, `SELECT booking_id, rating, comment, created_at FROM feedback WHERE booking_id = ?`, bookingID).
		Scan(&f.BookingID, &f.Rating, &f.Comment, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(booking.T("text.no-feedback"))
	} else if err != nil {
		return nil, s.fail("feedback", err)
	}
	f.CreatedAt = fromUnix(created)
	return &f, nil
}
