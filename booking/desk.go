package booking

import (
	"context"
	"time"

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
		other := Text{BG: b.OfficialSlug, EN: b.OfficialSlug}
		if oo, err := s.store.Catalog.Official(ctx, b.OfficialSlug); err == nil {
			other = Text{BG: oo.Name, EN: pickName(oo.NameEN, oo.Name)}
		}
		return nil, NewError(ECONFLICT, Text{
			BG: "Записване " + b.Reference + " е при друго длъжностно лице: " + other.BG + ". Насочете гражданина натам.",
			EN: "Booking " + b.Reference + " is with another official: " + other.EN + ". Please direct the citizen there."})
	}
	if d := calendar.DateOf(b.Start); d != day {
		return nil, NewError(ECONFLICT, Text{
			BG: "Записване " + b.Reference + " е за друг ден: " + calendar.FormatDateTime(b.Start, "bg") + ".",
			EN: "Booking " + b.Reference + " is for another day: " + calendar.FormatDateTime(b.Start, "en") + "."})
	}
	return s.RecordArrival(ctx, by, b.Reference, time.Time{})
}

func pickName(preferred, fallback string) string {
	if preferred != "" {
		return preferred
	}
	return fallback
}
