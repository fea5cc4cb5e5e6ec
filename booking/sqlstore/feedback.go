package sqlstore

import (
	"context"

	"github.com/priemna/priemna/booking"
)

const insertFeedback = `INSERT INTO feedback (booking_id, rating, comment, created_at) VALUES (?, ?, ?, ?)`

// SaveFeedback stores a booking's feedback, once.
func (s *Store) SaveFeedback(ctx context.Context, f *booking.Feedback) error {
	return s.write(ctx, func(tx Tx) error {
		_, err := tx.Exec(insertFeedback, f.BookingID, f.Rating, f.Comment, f.CreatedAt.Unix())
		return s.inserted(err, "save feedback", FeedbackBooking, booking.Errorf(booking.ECONFLICT, "err.you-have-already-rated-this"))
	})
}

// FeedbackFor returns a booking's feedback.
func (s *Store) FeedbackFor(ctx context.Context, bookingID int64) (*booking.Feedback, error) {
	return queryOne(ctx, s, "feedback", notFound(booking.T("text.no-feedback")), func(r Scanner) (f booking.Feedback, err error) {
		var created int64
		err = r.Scan(&f.BookingID, &f.Rating, &f.Comment, &created)
		f.CreatedAt = fromUnix(created)
		return f, err
	}, `SELECT booking_id, rating, comment, created_at FROM feedback WHERE booking_id = ?`, bookingID)
}
