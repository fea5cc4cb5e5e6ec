package booking

import (
	"context"
	"time"
)

// Feedback is a citizen's rating of a meeting, kept for the statistics.
type Feedback struct {
	BookingID int64
	Rating    int // 1 to 5
	Comment   string
	CreatedAt time.Time
}

// CanGiveFeedback reports whether the citizen came, so may rate the visit.
func (b *Booking) CanGiveFeedback() bool {
	return b.Status.Attended()
}

// GiveFeedback records the citizen's rating of a meeting they attended.
//
// ENOTFOUND for an unknown token; EINVALID for a rating outside 1–5 or a
// bad comment; ECONFLICT when they did not come or already rated it.
func (s *Service) GiveFeedback(ctx context.Context, token string, rating int, comment string) (*Feedback, error) {
	b, err := s.Booking(ctx, token)
	if err != nil {
		return nil, err
	}
	f := FieldErrors{}
	if rating < 1 || rating > 5 {
		f.Add("rating", "err.choose-a-rating-from-1")
	}
	comment = cleanText(comment)
	checkText(f, "comment", comment, 0, MaxTopic, true, Text{})
	if err := f.Err(); err != nil {
		return nil, err
	}
	if !b.CanGiveFeedback() {
		return nil, Errorf(ECONFLICT, "err.you-can-rate-the-meeting")
	}
	fb := &Feedback{BookingID: b.ID, Rating: rating, Comment: comment, CreatedAt: s.now()}
	if err := s.store.Feedback.SaveFeedback(ctx, fb); err != nil {
		return nil, err
	}
	return fb, nil
}

// FeedbackFor returns the feedback given for a booking, nil when none.
func (s *Service) FeedbackFor(ctx context.Context, b *Booking) (*Feedback, error) {
	f, err := s.store.Feedback.FeedbackFor(ctx, b.ID)
	if ErrorCode(err) == ENOTFOUND {
		return nil, nil
	}
	return f, err
}
