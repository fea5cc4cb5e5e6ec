package booking

import (
	"context"
	"time"
)

// PriorityPassLifetime is how long a priority rebooking link works.
const PriorityPassLifetime = 60 * 24 * time.Hour

// PriorityStore checks priority passes.
type PriorityStore interface {
	// PriorityPass returns the official of an unused, unexpired pass.
	PriorityPass(ctx context.Context, hash string, now time.Time) (officialID int64, err error)
}

// withPass adds a priority rebooking pass to a notice of a cancelled
// meeting: its link lets the citizen book before the window opens.
func (s *Service) withPass(b *Booking, m Message) Message {
	m.Pass = NewToken()
	m.PassExpires = s.now().Add(PriorityPassLifetime)
	m.PassOfficial = b.OfficialID
	return m
}

// HashPass returns the stored form of a pass token.
func HashPass(token string) string { return hashToken(token) }

// priorityFor reports whether the pass token is valid for the official.
func (s *Service) priorityFor(ctx context.Context, officialID int64, token string) bool {
	if token == "" || !ValidToken(token) || s.store.Priority == nil {
		return false
	}
	id, err := s.store.Priority.PriorityPass(ctx, hashToken(token), s.now())
	return err == nil && id == officialID
}
