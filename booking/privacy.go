package booking

import (
	"context"
	"time"
)

// DefaultRetention is how long after a meeting its personal data is kept.
const DefaultRetention = 30 * 24 * time.Hour

// PrivacyStore erases personal data.
type PrivacyStore interface {
	// Anonymise erases the personal data of the booking with the reference
	// (ref not empty) or of every booking that ended before the instant,
	// keeping times, statuses and ratings; their unsent mail is dropped.
	// It returns how many bookings it erased, and records audit, when not
	// nil, in the same transaction.
	Anonymise(ctx context.Context, ref string, endedBefore, at time.Time, audit *AuditEntry) (int, error)
}

// Erase removes a citizen's personal data from one booking at their
// request: name, contacts, matter, needs, feedback comment. ENOTFOUND;
// EFORBIDDEN unless by manages the booking's official; ENOTFOUND without
// Stores.Privacy.
func (s *Service) Erase(ctx context.Context, by *User, ref string) error {
	if s.store.Privacy == nil {
		return Errorf(ENOTFOUND, "err.erasing-personal-data-is-not")
	}
	b, err := s.BookingByReference(ctx, ref)
	if err != nil {
		return err
	}
	if err := authorize(by, b.OfficialID); err != nil {
		return err
	}
	_, err = s.store.Privacy.Anonymise(ctx, b.Reference, time.Time{}, s.now(), s.auditOf(by, "booking.erase", b.Reference))
	s.changed()
	return err
}

// ApplyRetention erases the personal data of bookings whose meeting ended
// more than the retention period ago, and says how many (none without
// Stores.Privacy).
func (s *Service) ApplyRetention(ctx context.Context, retention time.Duration) (int, error) {
	if retention <= 0 || s.store.Privacy == nil {
		return 0, nil
	}
	return s.store.Privacy.Anonymise(ctx, "", s.now().Add(-retention), s.now(), nil)
}
