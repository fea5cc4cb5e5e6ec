package booking

import (
	"context"
	"time"
)

// The reception day at the desk: arrivals, no-shows, the meeting begun,
// and undoing a mark.

// RecordArrival checks a citizen in at the given instant (now when zero):
// late when after the slot start plus the grace period. A booking swept to
// no-show can still be checked in.
//
// ENOTFOUND; EFORBIDDEN unless by manages the official; EINVALID for an
// arrival in the future or long before the slot; ECONFLICT when cancelled
// or already checked in.
func (s *Service) RecordArrival(ctx context.Context, by *User, ref string, at time.Time) (*Booking, error) {
	b, err := s.managedBooking(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	now, at := s.instant(at)
	switch {
	case at.After(now.Add(time.Minute)):
		return nil, invalidField("at", "err.the-arrival-time-is-in")
	case at.Before(b.Start.Add(-12 * time.Hour)):
		return nil, invalidField("at", "err.the-arrival-time-is-too")
	case !b.Status.Allows(ActArrive):
		return nil, statusConflict(b, T("text.cannot-record-the-arrival"))
	}
	from := b.Status
	b.ArrivedAt, b.UpdatedAt = at, now
	b.Status = s.arrivalStatus(b)
	feedback := s.message(b, MessageFeedback, "")
	feedback.DueAt = maxTime(b.End.Add(s.FeedbackAfter), now)
	if err := s.store.Bookings.UpdateStatus(ctx, b, []Status{from}, forCitizen(b, feedback), s.auditOf(by, "arrival", b.Reference)); err != nil {
		return nil, err
	}
	return b, nil
}

// MarkNoShow records that the citizen of a confirmed booking did not come.
//
// ENOTFOUND; EFORBIDDEN unless by manages the official; ECONFLICT before
// the slot starts or when not confirmed.
func (s *Service) MarkNoShow(ctx context.Context, by *User, ref string) (*Booking, error) {
	b, err := s.managedBooking(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	if !b.Status.Allows(ActNoShow) {
		return nil, statusConflict(b, T("text.only-a-confirmed-booking-can"))
	}
	if s.now().Before(b.Start) {
		return nil, Errorf(ECONFLICT, "err.the-meeting-has-not-begun")
	}
	if err := s.noShow(ctx, b, s.auditOf(by, "no-show", b.Reference)); err != nil {
		return nil, err
	}
	return b, nil
}

// noShow marks b a no-show; audit is nil for the sweep.
func (s *Service) noShow(ctx context.Context, b *Booking, audit *AuditEntry) error {
	b.Status, b.UpdatedAt = StatusNoShow, s.now()
	if err := s.store.Bookings.UpdateStatus(ctx, b, StatusesAllowing(ActNoShow), forCitizen(b, s.message(b, MessageNoShow, "")), audit); err != nil {
		return err
	}
	s.changed()
	return nil
}

// SweepNoShows marks as no-shows the confirmed bookings whose slot ended
// more than the grace period ago, and returns how many it marked.
func (s *Service) SweepNoShows(ctx context.Context) (int, error) {
	n := 0
	for {
		due, err := s.store.Bookings.Bookings(ctx, BookingFilter{
			EndBefore: s.now().Add(-s.Grace), Statuses: []Status{StatusConfirmed}, Limit: 500,
		})
		if err != nil {
			return n, err
		}
		for i := range due {
			err := s.noShow(ctx, &due[i], nil)
			if ErrorCode(err) == ECONFLICT {
				continue // checked in or cancelled meanwhile
			} else if err != nil {
				return n, err
			}
			n++
		}
		if len(due) < 500 {
			return n, nil
		}
	}
}

// statusConflict explains that an action is not possible in the booking's status.
func statusConflict(b *Booking, action Text) error {
	st := StatusText(b.Status)
	return Errorf(ECONFLICT, "err.status-conflict", action, st)
}

// UndoStatus puts a booking marked as arrived, late or no-show back to
// confirmed, for a mark made by mistake.
//
// ENOTFOUND; EFORBIDDEN unless by manages the official; ECONFLICT when
// there is nothing to undo.
func (s *Service) UndoStatus(ctx context.Context, by *User, ref string) (*Booking, error) {
	b, err := s.managedBooking(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	from := b.Status
	switch {
	case !from.Allows(ActUndo):
		return nil, statusConflict(b, T("text.there-is-nothing-to-undo"))
	case from == StatusCompleted: // back to arrived, or late
		b.Status, b.ReceivedAt = s.arrivalStatus(b), time.Time{}
	default:
		b.Status, b.ArrivedAt = StatusConfirmed, time.Time{}
	}
	b.UpdatedAt = s.now()
	if err := s.store.Bookings.UpdateStatus(ctx, b, []Status{from}, nil, s.auditOf(by, "undo", b.Reference)); err != nil {
		return nil, err
	}
	s.changed()
	return b, nil
}

// arrivalStatus is arrived, or late when the citizen came after the slot
// start plus the grace period.
func (s *Service) arrivalStatus(b *Booking) Status {
	if s.WasLate(b) {
		return StatusLate
	}
	return StatusArrived
}

// WasLate reports whether the citizen checked in after the slot start plus
// the grace period, whatever happened afterwards.
func (s *Service) WasLate(b *Booking) bool {
	return !b.ArrivedAt.IsZero() && b.ArrivedAt.After(b.Start.Add(s.Grace))
}

// RecordReceived notes when the official began a checked-in citizen's
// meeting (now when at is zero): the booking is completed, and the wait
// since arrival goes into the statistics.
//
// ENOTFOUND; EFORBIDDEN unless by manages the official; ECONFLICT when the
// citizen is not checked in; EINVALID for a time in the future or before
// the arrival.
func (s *Service) RecordReceived(ctx context.Context, by *User, ref string, at time.Time) (*Booking, error) {
	b, err := s.managedBooking(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	now, at := s.instant(at)
	switch {
	case !b.Status.Allows(ActReceive):
		return nil, statusConflict(b, T("text.the-meeting-can-begin-once"))
	case at.After(now.Add(time.Minute)):
		return nil, invalidField("at", "err.the-time-is-in-the")
	case at.Before(b.ArrivedAt):
		return nil, invalidField("at", "err.the-meeting-cannot-begin-before")
	}
	from := b.Status
	b.Status, b.ReceivedAt, b.UpdatedAt = StatusCompleted, at, now
	if err := s.store.Bookings.UpdateStatus(ctx, b, []Status{from}, nil, s.auditOf(by, "received", b.Reference)); err != nil {
		return nil, err
	}
	s.changed()
	return b, nil
}
