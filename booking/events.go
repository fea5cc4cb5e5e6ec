package booking

import (
	"context"

	"github.com/priemna/priemna/calendar"
)

// BookingEvents returns the calendar events of bookings (see Booking.Event)
// for the download of one booking and for the staff feed, loading each
// official, unit and room once. manageURL gives a booking's manage link,
// "" for none. A room that is gone leaves only the unit's address.
func (s *Service) BookingEvents(ctx context.Context, list []Booking, forStaff bool, manageURL func(*Booking) string) ([]calendar.Event, error) {
	officials := map[string]*Official{}
	units := map[string]*Unit{}
	rooms := map[int64]*Schedule{}
	events := make([]calendar.Event, 0, len(list))
	for i := range list {
		b := &list[i]
		o, err := loadOnce(officials, b.OfficialSlug, func() (*Official, error) { return s.store.Catalog.Official(ctx, b.OfficialSlug) })
		if err != nil {
			return nil, err
		}
		u, err := loadOnce(units, o.UnitSlug, func() (*Unit, error) { return s.store.Catalog.Unit(ctx, o.UnitSlug) })
		if err != nil && ErrorCode(err) != ENOTFOUND {
			return nil, err
		}
		sch, err := loadOnce(rooms, b.ScheduleID, func() (*Schedule, error) { return s.store.Catalog.ScheduleByID(ctx, b.ScheduleID) })
		if err != nil && ErrorCode(err) != ENOTFOUND {
			return nil, err
		}
		d := EventDetails{Official: o, Unit: u, Schedule: sch, Organizer: s.Organizer, ForStaff: forStaff}
		if manageURL != nil {
			d.ManageURL = manageURL(b)
		}
		events = append(events, b.Event(d))
	}
	return events, nil
}

// loadOnce returns m[k], loading and keeping it on first use; a value not
// found is kept as nil.
func loadOnce[K comparable, V any](m map[K]*V, k K, load func() (*V, error)) (*V, error) {
	if v, ok := m[k]; ok {
		return v, nil
	}
	v, err := load()
	if err == nil || ErrorCode(err) == ENOTFOUND {
		m[k] = v
	}
	return v, err
}
