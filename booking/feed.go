package booking

import (
	"context"
	"time"
)

// FeedStore keeps the secret staff feed of each official.
type FeedStore interface {
	// SetFeed replaces the official's feed token hash.
	SetFeed(ctx context.Context, officialID int64, hash string, at time.Time, audit *AuditEntry) error
	// FeedOfficial returns the official whose feed has the hash.
	FeedOfficial(ctx context.Context, hash string) (*Official, error)
}

// RenewFeed issues a new secret feed token for the official's bookings;
// the previous link stops working. The token is returned once and stored
// hashed. EFORBIDDEN unless by manages the official.
//
// ENOTFOUND without Stores.Feeds.
func (s *Service) RenewFeed(ctx context.Context, by *User, officialID int64) (string, error) {
	if err := authorize(by, officialID); err != nil {
		return "", err
	}
	if s.store.Feeds == nil {
		return "", errNoFeeds()
	}
	token := NewToken()
	if err := s.store.Feeds.SetFeed(ctx, officialID, hashToken(token), s.now(), s.auditOf(by, "feed.renew", officialObject(officialID, ""))); err != nil {
		return "", err
	}
	return token, nil
}

// FeedBookings returns the official whose feed token this is and their
// bookings from 30 days ago to 90 days ahead. ENOTFOUND for a wrong token.
// ENOTFOUND too without Stores.Feeds.
func (s *Service) FeedBookings(ctx context.Context, token string) (*Official, []Booking, error) {
	if s.store.Feeds == nil {
		return nil, nil, errNoFeeds()
	}
	if !ValidToken(token) {
		return nil, nil, errBookingNotFound()
	}
	o, err := s.store.Feeds.FeedOfficial(ctx, hashToken(token))
	if err != nil {
		return nil, nil, err
	}
	today := s.Today()
	list, err := s.store.Bookings.Bookings(ctx, BookingFilter{OfficialID: o.ID, From: today.AddDays(-30).Start(), To: today.AddDays(90).Start()})
	return o, list, err
}

func errNoFeeds() error {
	return Errorf(ENOTFOUND, "err.staff-feeds-are-not-enabled")
}
