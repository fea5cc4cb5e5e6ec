package booking

import (
	"context"
	"errors"
	"slices"
	"time"
)

// Offers: a freed seat held for the first matching waiting citizen.

// OfferByCode returns the open offer of a one-time code and its booking.
//
// ENOTFOUND when the code is unknown, answered or lapsed.
func (s *Service) OfferByCode(ctx context.Context, code string) (*Offer, *Booking, error) {
	if s.store.Waitlist == nil {
		return nil, nil, errNoWaitlist()
	}
	o, err := bySecret(ctx, code, s.store.Waitlist.OfferByCode, errOfferNotFound)
	if err != nil {
		return nil, nil, err
	}
	b, err := s.store.Bookings.BookingByID(ctx, o.BookingID)
	if err != nil {
		return nil, nil, err
	}
	return o, b, nil
}

func errOfferNotFound() error {
	return Errorf(ENOTFOUND, "err.this-link-has-been-used")
}

func errOfferLapsed() error {
	return Errorf(ECONFLICT, "err.the-time-to-answer-has")
}

// TakeOffer books the offered seat for the citizen: the hold becomes a
// confirmed booking with its invitation and reminders, and the entry ends.
//
// ENOTFOUND for an unknown or used code; ECONFLICT when the offer lapsed.
func (s *Service) TakeOffer(ctx context.Context, code string) (*Booking, error) {
	o, b, err := s.OfferByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	if !s.now().Before(b.HeldUntil) {
		if err := s.lapseOffer(ctx, o, b); err != nil && ErrorCode(err) != ECONFLICT {
			return nil, err
		}
		return nil, errOfferLapsed()
	}
	b.Status, b.HeldUntil, b.UpdatedAt = StatusConfirmed, time.Time{}, s.now()
	if err := s.store.Waitlist.AnswerOffer(ctx, o, b, OfferTaken, WaitBooked, forCitizen(b, s.confirmation(b)...)); err != nil {
		return nil, err
	}
	s.changed()
	return b, nil
}

// DeclineOffer gives the seat back: the citizen stays on the list (not to
// be offered that slot again) and the seat goes to the next.
//
// ENOTFOUND for an unknown or used code.
func (s *Service) DeclineOffer(ctx context.Context, code string) error {
	o, b, err := s.OfferByCode(ctx, code)
	if err != nil {
		return err
	}
	b.Status, b.UpdatedAt = StatusCancelled, s.now()
	if err := s.store.Waitlist.AnswerOffer(ctx, o, b, OfferDeclined, "", nil); err != nil {
		return err
	}
	s.changed()
	s.seatFreed(ctx, b.OfficialSlug, b.Start)
	return nil
}

// lapseOffer ends an unanswered offer: the held booking is released and
// the entry ends, since its citizen did not answer.
func (s *Service) lapseOffer(ctx context.Context, o *Offer, b *Booking) error {
	b.Status, b.UpdatedAt = StatusCancelled, s.now()
	if err := s.store.Waitlist.AnswerOffer(ctx, o, b, OfferLapsed, WaitLapsed, nil); err != nil {
		return err
	}
	s.changed()
	s.seatFreed(ctx, b.OfficialSlug, b.Start)
	return nil
}

// releaseHold releases a lapsed hold, or lapses the offer it is; either
// way its seat goes to the waiting list.
func (s *Service) releaseHold(ctx context.Context, b *Booking) error {
	if s.store.Waitlist != nil {
		o, err := s.store.Waitlist.OfferForBooking(ctx, b.ID)
		switch ErrorCode(err) {
		case "":
			return s.lapseOffer(ctx, o, b)
		case ENOTFOUND:
		default:
			return err
		}
	}
	if err := s.release(ctx, b); err != nil {
		return err
	}
	s.seatFreed(ctx, b.OfficialSlug, b.Start)
	return nil
}

// seatFreed offers a seat that just freed at start to the waiting list.
// The change that freed it has already been made and stands: should the
// offer fail, the periodic OfferSeats offers the seat.
func (s *Service) seatFreed(ctx context.Context, slug string, start time.Time) {
	if s.store.Waitlist == nil {
		return
	}
	if o, err := s.store.Catalog.Official(ctx, slug); err == nil {
		s.offerSlot(ctx, o, start)
	}
}

// offerSlot offers the free seats of the official's slot at start to the
// waiting list, one citizen per seat, and says how many it offered.
func (s *Service) offerSlot(ctx context.Context, o *Official, start time.Time) (int, error) {
	slot, err := s.findSlot(ctx, o, start)
	if err != nil {
		return 0, nil // no longer a reception time
	}
	return s.offerExpanded(ctx, o, slot)
}

func (s *Service) offerExpanded(ctx context.Context, o *Official, slot *expandedSlot) (int, error) {
	if !o.Receives() || s.bookable(slot) != nil {
		return 0, nil
	}
	now := s.now()
	closes := slot.Start.Add(-time.Duration(slot.sch.BookingClosesHours) * time.Hour)
	if closes.Sub(now) < MinOfferWindow {
		return 0, nil
	}
	hold := s.OfferHold
	if hold <= 0 {
		hold = DefaultOfferHold
	}
	until := now.Add(hold)
	if closes.Before(until) {
		until = closes
	}
	n := 0
	for attempt := 0; attempt < 100; attempt++ {
		b := &Booking{UID: NewUID(s.UIDHost), OfficialID: o.ID, OfficialSlug: o.Slug, ScheduleID: slot.ScheduleID,
			Start: slot.Start.UTC(), End: slot.End.UTC(), Status: StatusPending, HeldUntil: until,
			Reference: NewReference(), Token: NewToken(), CreatedAt: now, UpdatedAt: now}
		code := NewToken()
		msg := s.message(b, MessageOffer, "")
		msg.Pass = code
		_, err := s.store.Waitlist.OfferSeat(ctx, b, HashPass(code), msg, now)
		var dup *DuplicateError
		switch {
		case errors.As(err, &dup):
			continue // a reference collided; draw again
		case ErrorCode(err) == ENOTFOUND || ErrorCode(err) == ESLOTFULL:
			return n, nil
		case err != nil:
			return n, err
		}
		n++
		s.changed()
	}
	return n, nil
}

// OfferSeats offers every free seat open for booking to the waiting lists,
// for seats that freed while an offer could not be made (a schedule that
// gained capacity, a new reception day, a crash between a cancellation and
// its offer). It returns how many offers it made.
func (s *Service) OfferSeats(ctx context.Context) (int, error) {
	return s.offerWaiting(ctx, func(int64) bool { return true })
}

// offerNewSeats offers the seats of a new schedule to the official's
// waiting list; a failure leaves them to the periodic OfferSeats.
func (s *Service) offerNewSeats(ctx context.Context, officialID int64) {
	s.offerWaiting(ctx, func(id int64) bool { return id == officialID })
}

// offerWaiting offers the free seats of the officials that pass and have
// somebody waiting: an official nobody waits for costs no look at its
// slots.
func (s *Service) offerWaiting(ctx context.Context, pass func(officialID int64) bool) (int, error) {
	if s.store.Waitlist == nil {
		return 0, nil
	}
	ids, err := s.store.Waitlist.WaitingOfficials(ctx)
	if err != nil {
		return 0, err
	}
	officials, err := s.store.Catalog.Officials(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for i := range officials {
		o := &officials[i]
		if !pass(o.ID) || !slices.Contains(ids, o.ID) {
			continue
		}
		k, err := s.offerOfficial(ctx, o)
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// offerOfficial offers the official's free seats in the booking window.
func (s *Service) offerOfficial(ctx context.Context, o *Official) (int, error) {
	today := s.Today()
	horizon, err := s.bookingHorizon(ctx, o)
	if err != nil {
		return 0, err
	}
	slots, err := s.Slots(ctx, o.Slug, today, minDate(horizon, today.AddDays(MaxRangeDays)))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, sl := range slots {
		if sl.Available == 0 {
			continue
		}
		k, err := s.offerSlot(ctx, o, sl.Start)
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
