package booking

import (
	"context"
	"time"
)

// DefaultHold is how long a hold waits for its confirmation when the
// official takes bookings at once but this one must be confirmed by email
// (BookRequest.ConfirmByEmail).
const DefaultHold = 30 * time.Minute

// holdFor is how long a new booking is held before it must be confirmed;
// zero books it at once. Staff bookings are never held.
func (s *Service) holdFor(o *Official, req *BookRequest) time.Duration {
	switch {
	case req.ByStaff != nil:
		return 0
	case o.HoldMinutes > 0:
		return time.Duration(o.HoldMinutes) * time.Minute
	case req.ConfirmByEmail:
		return DefaultHold
	}
	return 0
}

// hold makes b a pending hold for d and returns the message carrying its
// confirmation link and the code's hash, which alone is kept with the
// booking, so that the manage token alone cannot confirm it.
func (s *Service) hold(b *Booking, d time.Duration) (m Message, codeHash string) {
	code := NewToken()
	b.Status, b.HeldUntil = StatusPending, s.now().Add(d)
	m = s.message(b, MessageHold, "")
	m.Pass = code
	return m, HashPass(code)
}

// confirmation is what a booking that stands sends: the invitation and
// the reminders.
func (s *Service) confirmation(b *Booking) []Message {
	return append([]Message{s.message(b, MessageConfirmation, "")}, s.reminders(b)...)
}

// HoldByCode returns the pending booking a confirmation code belongs to.
//
// ENOTFOUND when the code is unknown, used or released.
func (s *Service) HoldByCode(ctx context.Context, code string) (*Booking, error) {
	return bySecret(ctx, code, s.store.Bookings.BookingByHoldHash, errHoldNotFound)
}

func errHoldNotFound() error {
	return Errorf(ENOTFOUND, "err.this-confirmation-link-has-been")
}

// ConfirmHold turns a hold into a booking, by the code sent by email, and
// sends the invitation and reminders.
//
// ENOTFOUND for an unknown or used code; ECONFLICT when the hold lapsed.
func (s *Service) ConfirmHold(ctx context.Context, code string) (*Booking, error) {
	now := s.now()
	b, err := s.HoldByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	if !now.Before(b.HeldUntil) {
		// Release it now rather than at the next sweep.
		if err := s.releaseHold(ctx, b); err != nil && ErrorCode(err) != ECONFLICT {
			return nil, err
		}
		return nil, Errorf(ECONFLICT, "err.the-time-to-confirm-has")
	}
	b.Status, b.HeldUntil, b.UpdatedAt = StatusConfirmed, time.Time{}, now
	if err := s.store.Bookings.UpdateStatus(ctx, b, StatusesAllowing(ActConfirm), forCitizen(b, s.confirmation(b)...), nil); err != nil {
		return nil, err
	}
	s.changed()
	return b, nil
}

// ReleaseHolds cancels the holds not confirmed in time, and the offers
// from the waiting list not answered in time, so that their seats go to
// the next waiting citizen or reopen; it returns how many it released. A released hold keeps
// HeldUntil, which leaves it out of the statistics.
func (s *Service) ReleaseHolds(ctx context.Context) (int, error) {
	now := s.now()
	held, err := s.store.Bookings.Bookings(ctx, BookingFilter{Statuses: []Status{StatusPending}, HeldBefore: now.Add(time.Second)})
	if err != nil {
		return 0, err
	}
	n := 0
	for i := range held {
		switch err := s.releaseHold(ctx, &held[i]); {
		case err == nil:
			n++
		case ErrorCode(err) != ECONFLICT: // confirmed meanwhile: keep it
			return n, err
		}
	}
	return n, nil
}

// release cancels a pending hold; ECONFLICT when it is no longer pending.
func (s *Service) release(ctx context.Context, b *Booking) error {
	b.Status, b.UpdatedAt = StatusCancelled, s.now()
	if err := s.store.Bookings.UpdateStatus(ctx, b, StatusesAllowing(ActRelease), nil, nil); err != nil {
		return err
	}
	s.changed()
	return nil
}
