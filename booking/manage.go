package booking

import (
	"context"
)

// What a citizen does with a booking: look it up, cancel it, move it.

// Booking returns the booking with the manage token. ENOTFOUND otherwise,
// saying what may have happened to the link and how to book again.
func (s *Service) Booking(ctx context.Context, token string) (*Booking, error) {
	if !ValidToken(token) {
		return nil, s.errNoBookingHasThisLink()
	}
	b, err := s.store.Bookings.BookingByToken(ctx, token)
	if ErrorCode(err) == ENOTFOUND {
		return nil, s.errNoBookingHasThisLink()
	}
	return b, err
}

// errNoBookingHasThisLink answers a manage link that leads nowhere: cut
// short when copied, or retired when the booking's personal data was
// erased after its meeting (sqlstore's anonymise).
func (s *Service) errNoBookingHasThisLink() error {
	return Errorf(ENOTFOUND, "err.no-booking-has-this-link", s.ContactCentre)
}

// BookingByID returns a booking by its internal id. ENOTFOUND otherwise.
func (s *Service) BookingByID(ctx context.Context, id int64) (*Booking, error) {
	return s.store.Bookings.BookingByID(ctx, id)
}

// BookingByReference returns the booking with the reference. ENOTFOUND otherwise.
func (s *Service) BookingByReference(ctx context.Context, ref string) (*Booking, error) {
	ref, ok := NormalizeReference(ref)
	if !ok {
		return nil, errBookingNotFound()
	}
	return s.store.Bookings.BookingByReference(ctx, ref)
}

// managedBooking returns the booking with the reference for a staff
// member who manages its official: ENOTFOUND, or EFORBIDDEN.
func (s *Service) managedBooking(ctx context.Context, by *User, ref string) (*Booking, error) {
	b, err := s.BookingByReference(ctx, ref)
	if err != nil {
		return nil, err
	}
	if err := authorize(by, b.OfficialID); err != nil {
		return nil, err
	}
	return b, nil
}

func errBookingNotFound() error {
	return Errorf(ENOTFOUND, "err.there-is-no-such-booking")
}

// Cancel cancels a confirmed booking before its start, by its manage token.
//
// ENOTFOUND for an unknown token; ECONFLICT when it is no longer confirmed
// or has already begun.
func (s *Service) Cancel(ctx context.Context, token string) (*Booking, error) {
	now := s.now()
	b, err := s.Booking(ctx, token)
	if err != nil {
		return nil, err
	}
	if !b.Status.Allows(ActCancel) {
		return nil, statusConflict(b, T("text.the-booking-cannot-be-cancelled"))
	}
	if !b.Start.After(now) {
		return nil, Errorf(ECONFLICT, "err.the-meeting-has-already-begun")
	}
	// A hold was never sent an invitation, so there is nothing to withdraw.
	var msgs []Message
	if b.Status != StatusPending {
		b.Sequence++
		msgs = forCitizen(b, s.message(b, MessageCancellation, ""))
	}
	b.Status, b.UpdatedAt = StatusCancelled, now
	if err := s.store.Bookings.UpdateStatus(ctx, b, StatusesAllowing(ActCancel), msgs, nil); err != nil {
		return nil, err
	}
	s.changed()
	s.seatFreed(ctx, b.OfficialSlug, b.Start)
	return b, nil
}

// Reschedule moves a confirmed booking to another open slot of the same
// official; the booking keeps its reference, token and UID, and its
// sequence goes up by one.
//
// EINVALID for a malformed start; ENOTFOUND for an unknown token; ECONFLICT
// when the booking can no longer be moved; ENOTBOOKABLE or ESLOTFULL for
// the new slot.
func (s *Service) Reschedule(ctx context.Context, token, startText string) (*Booking, error) {
	start, err := parseStart("start", startText)
	if err != nil {
		return nil, err
	}
	b, err := s.Booking(ctx, token)
	if err != nil {
		return nil, err
	}
	if b.Status.Allows(ActConfirm) {
		return nil, Errorf(ECONFLICT, "err.first-confirm-the-booking-through")
	}
	if !b.Status.Allows(ActMove) || !b.Start.After(s.now()) {
		return nil, Errorf(ECONFLICT, "err.the-booking-can-no-longer")
	}
	if b.Start.Equal(start) {
		return nil, Errorf(ECONFLICT, "err.the-booking-is-already-for")
	}
	o, err := s.store.Catalog.Official(ctx, b.OfficialSlug)
	if err != nil {
		return nil, err
	}
	slot, err := s.findSlot(ctx, o, start)
	if err != nil {
		return nil, err
	}
	if err := s.bookable(slot); err != nil {
		return nil, err
	}
	old := b.Start
	b.Start, b.End, b.ScheduleID = slot.Start.UTC(), slot.End.UTC(), slot.ScheduleID
	b.Sequence++
	b.UpdatedAt = s.now()
	msgs := append([]Message{s.message(b, MessageChange, "")}, s.reminders(b)...)
	if err := s.store.Bookings.MoveBooking(ctx, b, forCitizen(b, msgs...)); err != nil {
		return nil, err
	}
	s.changed()
	s.seatFreed(ctx, b.OfficialSlug, old)
	return b, nil
}
