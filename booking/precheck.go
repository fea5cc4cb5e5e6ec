package booking

import (
	"context"
	"strings"
	"time"
)

// Refusals a citizen can learn before filling the whole form, each with a
// way forward the page offers. The write that books checks them again.
const (
	RefusePaused        = "paused"         // the no-show policy paused online booking: Until, the contact centre
	RefuseBookedHere    = "booked_here"    // a coming meeting with this official: resend its letter
	RefuseBookedOverall = "booked_overall" // as many coming meetings as a citizen may hold: resend their letters
)

// Refusal is why a citizen cannot book online now, and what they can do.
type Refusal struct {
	Kind  string
	Until time.Time // RefusePaused: when online booking opens again for them
	Err   error     // the domain error the write would return, with its message
}

// Precheck tells early whether the citizen with this email can book the
// official online: nil when nothing stands in the way yet (the slot
// itself, and the caps counted by phone, are checked when booking).
func (s *Service) Precheck(ctx context.Context, o *Official, email string) (*Refusal, error) {
	email = strings.TrimSpace(email)
	if !ValidEmail(email) {
		return nil, nil // the form says what is wrong with it
	}
	if until, strikes, err := s.pausedUntil(ctx, email); err != nil {
		return nil, err
	} else if !until.IsZero() {
		return &Refusal{Kind: RefusePaused, Until: until, Err: s.pausedErr(strikes, until)}, nil
	}
	coming, err := s.comingBookings(ctx, email)
	if err != nil {
		return nil, err
	}
	here := 0
	for _, b := range coming {
		if b.OfficialID == o.ID {
			here++
		}
	}
	if check := s.capsCheck(); check != nil {
		if err := check(here, len(coming)); err != nil {
			kind := RefuseBookedOverall
			if s.Caps.PerOfficial > 0 && here >= s.Caps.PerOfficial {
				kind = RefuseBookedHere
			}
			return &Refusal{Kind: kind, Err: err}, nil
		}
	}
	return nil, nil
}

// comingBookings are the citizen's bookings that hold a seat and have not
// begun, by start.
func (s *Service) comingBookings(ctx context.Context, email string) ([]Booking, error) {
	return s.store.Bookings.Bookings(ctx, BookingFilter{EmailKey: EmailKey(email), From: s.now(), Statuses: SeatHolding()})
}
