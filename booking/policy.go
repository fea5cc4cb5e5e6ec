package booking

import (
	"context"
	"slices"
	"strings"
	"time"
)

// NoShowPolicy blocks online booking for citizens who repeatedly do not
// come: Strikes no-shows within Window block booking for Block after the
// latest one. Strikes expire with the window; staff can lift a block.
type NoShowPolicy struct {
	Strikes int // 0 disables the policy
	Window  time.Duration
	Block   time.Duration
}

// DefaultNoShowPolicy: two no-shows within 180 days block for 30 days.
var DefaultNoShowPolicy = NoShowPolicy{Strikes: 2, Window: 180 * 24 * time.Hour, Block: 30 * 24 * time.Hour}

// Caps limit how many future bookings one citizen (by email, and by phone
// when given) may hold at once, so that nobody hoards the slots; 0 means
// no cap. Staff booking for a citizen are not capped.
type Caps struct {
	PerOfficial int
	Overall     int
}

// DefaultCaps: one future meeting with each official, three in all.
var DefaultCaps = Caps{PerOfficial: 1, Overall: 3}

// PolicyStore is what the policy needs of the store.
type PolicyStore interface {
	// NoShowsSince returns the slot starts of the citizen's no-shows since
	// the instant, leaving out those before the last lift, newest first.
	NoShowsSince(ctx context.Context, email string, since time.Time) ([]time.Time, error)
	// LiftBlock records that staff lifted the citizen's block, with audit
	// in the same transaction.
	LiftBlock(ctx context.Context, email string, userID int64, at time.Time, audit *AuditEntry) error
	// CountsAsStrike reports whether the booking's no-show would count
	// (the same rule as NoShowsSince: booked by staff, or confirmed
	// through a link mailed to the address; not a strike staff cancelled).
	CountsAsStrike(ctx context.Context, bookingID int64) (bool, error)
}

// checkPolicy returns EFORBIDDEN, with the contact centre's number, when
// the citizen is blocked from booking online.
func (s *Service) checkPolicy(ctx context.Context, email string) error {
	until, strikes, err := s.pausedUntil(ctx, email)
	if err != nil || until.IsZero() {
		return err
	}
	return s.pausedErr(strikes, until)
}

// pausedErr says the citizen's online booking is paused after strikes
// no-shows until the date, and where to turn meanwhile.
func (s *Service) pausedErr(strikes int, until time.Time) error {
	return Errorf(EFORBIDDEN, "err.paused-by-no-shows", countText(strikes), DateText(until), s.ContactCentre)
}

// pausedUntil is when the citizen may book online again, and after how
// many no-shows; zero when they may now.
func (s *Service) pausedUntil(ctx context.Context, email string) (time.Time, int, error) {
	now := s.now()
	strikes, err := s.strikes(ctx, email, now)
	if err != nil {
		return time.Time{}, 0, err
	}
	until := s.Policy.pauseEnd(strikes, now)
	if until.IsZero() {
		return time.Time{}, 0, nil
	}
	return until, len(strikes), nil
}

// strikes returns the slot starts of the citizen's no-shows within the
// policy's window before now; none while the policy is off.
func (s *Service) strikes(ctx context.Context, email string, now time.Time) ([]time.Time, error) {
	if s.Policy.Strikes <= 0 || s.store.Policies == nil {
		return nil, nil
	}
	return s.store.Policies.NoShowsSince(ctx, email, now.Add(-s.Policy.Window))
}

// pauseEnd is the one pause rule: once there are Strikes no-shows within
// the window (slot starts, in any order), online booking is paused for
// Block after the latest of them. Zero when that has passed at now, or
// there are too few.
func (p NoShowPolicy) pauseEnd(strikes []time.Time, now time.Time) time.Time {
	if p.Strikes <= 0 || len(strikes) < p.Strikes {
		return time.Time{}
	}
	until := slices.MaxFunc(strikes, time.Time.Compare).Add(p.Block)
	if !now.Before(until) {
		return time.Time{}
	}
	return until
}

// LiftBlock lets a blocked citizen book online again; the no-shows before
// now stop counting. EFORBIDDEN without a staff member; EINVALID for a
// malformed email.
func (s *Service) LiftBlock(ctx context.Context, email string, by *User) error {
	if by == nil {
		return Errorf(EFORBIDDEN, "err.only-a-staff-member-can")
	}
	email = strings.ToLower(strings.TrimSpace(email))
	if !ValidEmail(email) {
		return invalidField("email", "err.invalid-email-address")
	}
	if s.store.Policies == nil {
		return nil
	}
	// The audit names no citizen: the email is personal data.
	return s.store.Policies.LiftBlock(ctx, email, by.ID, s.now(), s.auditOf(by, "policy.lift", "(citizen)"))
}

// capsCheck returns the check the store runs on a new booking's coming
// meetings inside the write that inserts it, so parallel requests cannot
// all pass a count read before any of them was stored; nil for no caps.
func (s *Service) capsCheck() func(perOfficial, overall int) error {
	caps := s.Caps
	if s.store.Policies == nil || (caps.PerOfficial == 0 && caps.Overall == 0) {
		return nil
	}
	return func(per, all int) error {
		switch {
		case caps.PerOfficial > 0 && per >= caps.PerOfficial:
			return Errorf(ECONFLICT, "err.you-already-have-a-coming")
		case caps.Overall > 0 && all >= caps.Overall:
			return Errorf(ECONFLICT, "err.you-have-coming-meetings-as", all)
		}
		return nil
	}
}
