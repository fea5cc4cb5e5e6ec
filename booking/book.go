package booking

import (
	"context"
	"errors"
	"time"

	"github.com/priemna/priemna/calendar"
)

// parseStart reads an RFC 3339 slot start.
func parseStart(field, v string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		f := FieldErrors{}
		f.Add(field, "err.the-time-must-look-like")
		return time.Time{}, f.Err()
	}
	return t, nil
}

// Book reserves a slot for a citizen. With an idempotency key, a repeated
// request returns the booking the first one made, and replayed is true.
//
// EINVALID for bad fields (an unknown official included); ENOTBOOKABLE when
// the start is not an open slot; ESLOTFULL when it has no room; EMISMATCH
// when the idempotency key was used for a different request.
func (s *Service) Book(ctx context.Context, req BookRequest) (b *Booking, replayed bool, err error) {
	capped := false
	if s.Outcome != nil {
		defer func() {
			if o := outcomeOf(b, replayed, capped, err); o != "" {
				s.Outcome(o)
			}
		}()
	}
	req.Normalize()
	if err := req.Validate(); err != nil {
		return nil, false, err
	}
	if req.IdempotencyKey != "" {
		if b, err := s.replay(ctx, &req); b != nil || err != nil {
			return b, b != nil, err
		}
	}
	start, err := parseStart("start", req.Start)
	if err != nil {
		return nil, false, err
	}
	if err := s.inHorizon("start", calendar.DateOf(start)); err != nil {
		return nil, false, err
	}
	// The official comes from the calendar cache the slots use, which every
	// change made here clears: no query for it on each booking.
	data, err := s.calendarFor(ctx, req.Official)
	if ErrorCode(err) == ENOTFOUND {
		f := FieldErrors{}
		f.Add("official", "err.there-is-no-such-official")
		return nil, false, f.Err()
	} else if err != nil {
		return nil, false, err
	}
	o := data.official
	if req.ByStaff != nil {
		if err := authorize(req.ByStaff, o.ID); err != nil {
			return nil, false, err
		}
	}
	slot, err := s.findSlot(ctx, o, start)
	if err != nil {
		return nil, false, err
	}
	w := s.citizenWindow(ctx, o.ID, req.PriorityPass)
	priority := w == forPriority
	if req.ByStaff != nil {
		w = forStaff
	}
	if err := s.bookableFor(slot, w); err != nil {
		return nil, false, err
	}
	if req.ByStaff == nil {
		if err := s.checkPolicy(ctx, req.Email); err != nil {
			return nil, false, err
		}
	}
	b = &Booking{
		UID:            NewUID(s.UIDHost),
		OfficialID:     o.ID,
		OfficialSlug:   o.Slug,
		ScheduleID:     slot.ScheduleID,
		Start:          slot.Start.UTC(),
		End:            slot.End.UTC(),
		Citizen:        req.Citizen,
		Status:         StatusConfirmed,
		IdempotencyKey: req.IdempotencyKey,
		RequestHash:    req.fingerprint(start),
		BookedBy:       staffID(req.ByStaff),
		CreatedAt:      s.now(),
		UpdatedAt:      s.now(),
	}
	n := NewBooking{UsePass: passHash(priority, req.PriorityPass)}
	if check := s.capsCheck(); req.ByStaff == nil && check != nil {
		// The store runs the check inside its write; a refusal is "capped"
		// for the metrics.
		n.CheckCaps = func(perOfficial, overall int) error {
			err := check(perOfficial, overall)
			if err != nil {
				capped = true
			}
			return err
		}
	}
	hold := s.holdFor(o, &req)
	// A reference is short, so it may collide; the token never will.
	for attempt := 0; ; attempt++ {
		b.Reference, b.Token = NewReference(), NewToken()
		var msgs []Message
		if hold > 0 {
			var m Message
			m, n.HoldHash = s.hold(b, hold)
			msgs = []Message{m}
		} else {
			msgs = s.confirmation(b)
		}
		n.Messages, n.Audit = forCitizen(b, msgs...), nil
		if req.ByStaff != nil {
			n.Audit = s.auditOf(req.ByStaff, "booking.create", b.Reference)
		}
		err = s.store.Bookings.CreateBooking(ctx, b, n)
		var dup *DuplicateError
		if !errors.As(err, &dup) {
			break
		}
		if dup.Field == "idempotency_key" {
			// Another request with the same key won the race.
			b, err := s.replay(ctx, &req)
			return b, b != nil, err
		}
		if attempt == 5 {
			return nil, false, err
		}
	}
	if err != nil {
		return nil, false, err
	}
	s.changed()
	return b, false, nil
}

// DuplicateError is returned by a Store when a unique field of a new
// booking is taken.
type DuplicateError struct{ Field string }

func (e *DuplicateError) Error() string { return "booking: duplicate " + e.Field }

func passHash(priority bool, token string) string {
	if !priority {
		return ""
	}
	return hashToken(token)
}
