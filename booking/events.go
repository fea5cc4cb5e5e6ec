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
		o, ok := officials[b.OfficialSlug]
		if !ok {
			var err error
			if o, err = s.Store.Official(ctx, b.OfficialSlug); err != nil {
				return nil, err
			}
			officials[b.OfficialSlug] = o
		}
		u, ok := units[o.UnitSlug]
		if !ok {
			var err error
			if u, err = s.Store.Unit(ctx, o.UnitSlug); err != nil && ErrorCode(err) != ENOTFOUND {
				return nil, err
			}
			units[o.UnitSlug] = u
		}
		sch, ok := rooms[b.ScheduleID]
		if !ok {
			var err error
			if sch, err = s.Store.ScheduleByID(ctx, b.ScheduleID); err != nil && ErrorCode(err) != ENOTFOUND {
				return nil, err
			}
			rooms[b.ScheduleID] = sch
		}
		d := EventDetails{Official: o, Unit: u, Schedule: sch, Organizer: s.Organizer, ForStaff: forStaff}
		if manageURL != nil {
			d.ManageURL = manageURL(b)
		}
		events = append(events, b.Event(d))
	}
	return events, nil
}
