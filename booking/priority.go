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

// PriorityPass is a priority rebooking pass issued to a citizen whose
// meeting the office cancelled: its link lets them book with the official
// before the window opens, once, until Expires. Only its hash is stored.
type PriorityPass struct {
	Hash       string
	OfficialID int64
	Expires    time.Time
}

// cancelledByOffice cancels b for the office (a day closed, a schedule
// ended) and returns its notice: the letter giving the reason, with a
// priority rebooking pass — none for a citizen without an email.
func (s *Service) cancelledByOffice(b *Booking, reason string) Notice {
	b.Status, b.Sequence, b.UpdatedAt = StatusCancelled, b.Sequence+1, s.now()
	if b.Email == "" {
		return Notice{}
	}
	m := s.message(b, MessageSessionCanceled, reason)
	m.Pass = NewToken()
	return Notice{Messages: []Message{m}, Pass: &PriorityPass{Hash: HashPass(m.Pass), OfficialID: b.OfficialID, Expires: s.now().Add(PriorityPassLifetime)}}
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
