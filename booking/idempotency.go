package booking

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
)

// fingerprint identifies what a booking request asks for: the same key
// sent again with the same request is a replay, with another request a
// mistake (or a guess) that must not return someone else's booking.
func (r *BookRequest) fingerprint(start time.Time) string {
	needs := make([]string, len(r.Accessibility.Needs))
	for i, n := range r.Accessibility.Needs {
		needs[i] = string(n)
	}
	slices.Sort(needs)
	return hashToken(strings.Join([]string{r.Official, strconv.FormatInt(start.Unix(), 10), r.Name, r.Email, r.Phone, r.Topic,
		strings.Join(needs, ","), r.Accessibility.Note, r.Language, strconv.FormatInt(staffID(r.ByStaff), 10)}, "\x00"))
}

// replay returns the booking an earlier request with the same idempotency
// key made, nil when there is none. The key is scoped to its request:
// EMISMATCH when the earlier request asked for something else, so that a
// replay only ever returns what its own caller already had.
func (s *Service) replay(ctx context.Context, req *BookRequest) (*Booking, error) {
	b, err := s.store.Bookings.BookingByIdempotencyKey(ctx, req.IdempotencyKey)
	if ErrorCode(err) == ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	start, err := parseStart("start", req.Start)
	if err != nil {
		return nil, err
	}
	same := b.RequestHash == req.fingerprint(start)
	if b.RequestHash == "" { // booked before requests were fingerprinted
		same = b.OfficialSlug == req.Official && b.Start.Equal(start) && b.Email == req.Email && b.Name == req.Name
	}
	if !same {
		return nil, Errorf(EMISMATCH, "err.the-idempotency-key-was-already")
	}
	return b, nil
}
