package booking

import (
	"context"
	"time"

	"github.com/priemna/priemna/booking/i18n"
	"github.com/priemna/priemna/calendar"
)

// CheckInAtDesk records the arrival of a citizen whose reference was
// scanned or typed at the desk of official o on day: late when after the
// slot start plus the grace period.
//
// ENOTFOUND for an unknown reference; ECONFLICT, saying so in words the
// desk can act on, when the booking is another official's or another
// day's; otherwise what RecordArrival returns (which checks that by may
// act for the official, and audits the arrival).
func (s *Service) CheckInAtDesk(ctx context.Context, by *User, o *Official, day calendar.Date, ref string) (*Booking, error) {
	b, err := s.BookingByReference(ctx, ref)
	if err != nil {
		return nil, err
	}
	if b.OfficialID != o.ID {
		other := i18n.Given(map[string]string{i18n.Default: b.OfficialSlug})
		if oo, err := s.store.Catalog.Official(ctx, b.OfficialSlug); err == nil {
			other = i18n.Given(map[string]string{i18n.Default: oo.Name, "en": pickName(oo.NameEN, oo.Name)})
		}
		return nil, Errorf(ECONFLICT, "err.desk-other-official", b.Reference, other)
	}
	if d := calendar.DateOf(b.Start); d != day {
		return nil, Errorf(ECONFLICT, "err.desk-other-day", b.Reference, DateTimeText(b.Start))
	}
	return s.RecordArrival(ctx, by, b.Reference, time.Time{})
}

func pickName(preferred, fallback string) string {
	if preferred != "" {
		return preferred
	}
	return fallback
}
