package booking

import (
	"context"
	"strings"
	"time"

	"github.com/priemna/priemna/calendar"
)

// The waiting list as staff and the sweeps see it.

// ExpireWaitlist ends the entries whose dates have all passed.
func (s *Service) ExpireWaitlist(ctx context.Context) (int, error) {
	if s.store.Waitlist == nil {
		return 0, nil
	}
	return s.store.Waitlist.LapseWaitEntries(ctx, s.Today(), s.now())
}

// WaitingList returns an official's waiting citizens, first come first,
// for staff who manage the official.
//
// EFORBIDDEN for staff who do not manage the official.
func (s *Service) WaitingList(ctx context.Context, o *Official, by *User) ([]WaitEntry, error) {
	if s.store.Waitlist == nil {
		return nil, nil
	}
	if by == nil || !by.CanManage(o.ID) {
		return nil, Errorf(EFORBIDDEN, "err.you-do-not-have-access-2")
	}
	return s.store.Waitlist.WaitingList(ctx, o.ID)
}

// BookWaiting books a waiting citizen into a slot on staff's behalf (after
// a phone call, say) and ends their entry. The entry must not hold an open
// offer.
//
// ENOTFOUND for an unknown entry; ECONFLICT when it is not waiting or has
// an open offer; EFORBIDDEN; and what Book returns.
func (s *Service) BookWaiting(ctx context.Context, entryID int64, start string, by *User) (*Booking, error) {
	if s.store.Waitlist == nil {
		return nil, errNoWaitlist()
	}
	e, err := s.store.Waitlist.WaitEntryByID(ctx, entryID)
	if err != nil {
		return nil, err
	}
	if by == nil || !by.CanManage(e.OfficialID) {
		return nil, Errorf(EFORBIDDEN, "err.you-do-not-have-access-2")
	}
	if e.Status != WaitWaiting || !e.OfferFrom.IsZero() {
		return nil, Errorf(ECONFLICT, "err.the-citizen-is-no-longer")
	}
	b, _, err := s.Book(ctx, BookRequest{Official: e.OfficialSlug, Start: start, Citizen: e.Citizen, ByStaff: by})
	if err != nil {
		return nil, err
	}
	if err := s.store.Waitlist.EndWaitEntry(ctx, e.ID, WaitBooked, b.ID, s.now()); err != nil {
		return b, err
	}
	return b, nil
}

// CountWaiting says how many citizens waiting for the official would take
// a slot on day d: for staff adding or cancelling a reception day.
func (s *Service) CountWaiting(ctx context.Context, officialID int64, d calendar.Date) (int, error) {
	if s.store.Waitlist == nil {
		return 0, nil
	}
	list, err := s.store.Waitlist.WaitingList(ctx, officialID)
	if err != nil {
		return 0, err
	}
	n := 0
	for i := range list {
		if list[i].Matches(d) {
			n++
		}
	}
	return n, nil
}

// ApplyWaitlistRetention erases the personal data of entries that ended
// more than the retention period ago.
func (s *Service) ApplyWaitlistRetention(ctx context.Context, retention time.Duration) (int, error) {
	if s.store.Waitlist == nil || retention <= 0 {
		return 0, nil
	}
	return s.store.Waitlist.AnonymiseWaitEntries(ctx, s.now().Add(-retention), s.now())
}

// EraseWaitingCitizen erases a citizen's waiting-list entries at their
// request (administrators): they leave every list, a seat held for them
// goes to the next, and their details are erased. It says how many
// entries it erased.
//
// EINVALID for a malformed email; EFORBIDDEN for an assistant.
func (s *Service) EraseWaitingCitizen(ctx context.Context, by *User, email string) (int, error) {
	if s.store.Waitlist == nil {
		return 0, errNoWaitlist()
	}
	if err := adminOnly(by); err != nil {
		return 0, err
	}
	email = strings.ToLower(strings.TrimSpace(email))
	if !ValidEmail(email) {
		return 0, invalidField("email", "err.invalid-email-address")
	}
	freed, n, err := s.store.Waitlist.EraseWaitEntries(ctx, email, s.now(), s.auditOf(by, "waitlist.erase", "waiting entries"))
	if err != nil {
		return 0, err
	}
	s.changed()
	for _, b := range freed {
		s.seatFreed(ctx, b.OfficialSlug, b.Start)
	}
	return n, nil
}
