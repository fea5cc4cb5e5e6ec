package booking

import (
	"context"
	"slices"
	"strconv"

	"github.com/priemna/priemna/calendar"
)

// CloseDay cancels one reception day of an official: every active booking
// on it is cancelled and its citizen notified, in one transaction.
//
// EFORBIDDEN unless by manages the official; EINVALID for a bad or past
// date or a missing reason; ECONFLICT when the day is already closed.
func (s *Service) CloseDay(ctx context.Context, by *User, officialID int64, dateText, reason string) (*Closure, []Booking, error) {
	if err := authorize(by, officialID); err != nil {
		return nil, nil, err
	}
	f := FieldErrors{}
	d, err := calendar.ParseDate(dateText)
	if err != nil {
		f.Add("date", "err.the-date-must-look-like")
	} else if d.Before(calendar.DateOf(s.now())) {
		f.Add("date", "err.the-date-is-in-the")
	}
	reason = cleanText(reason)
	checkText(f, "reason", reason, 3, 300, false, T("text.give-the-reason-citizens-are"))
	if err := f.Err(); err != nil {
		return nil, nil, err
	}
	c := &Closure{OfficialID: officialID, Date: d, Reason: reason, CreatedAt: s.now()}
	cancelled, err := s.store.Closures.CreateClosure(ctx, c, d.Start(), d.AddDays(1).Start(), func(b *Booking) Notice {
		return s.cancelledByOffice(b, reason)
	}, s.auditOf(by, "closure.create", officialObject(officialID, d.String())))
	s.forget()
	if err != nil {
		return nil, nil, err
	}
	s.changed()
	return c, cancelled, nil
}

// ScheduleBookings returns the coming bookings made from a schedule that
// ending it would leave without a reception day: holds and confirmed ones.
func (s *Service) ScheduleBookings(ctx context.Context, officialID, scheduleID int64) ([]Booking, error) {
	return s.store.Bookings.Bookings(ctx, BookingFilter{OfficialID: officialID, ScheduleID: scheduleID, From: s.now(),
		Statuses: StatusesAllowing(ActCloseDay)})
}

// EndSchedule ends an official's schedule: it offers no more slots. Its
// future bookings are kept, or, when cancel is true, cancelled with a
// notice giving the reason — never dropped silently.
//
// EFORBIDDEN unless by manages the official; ENOTFOUND for a schedule not
// of this official; ECONFLICT when already ended; EINVALID for a missing
// reason when cancelling.
func (s *Service) EndSchedule(ctx context.Context, by *User, officialID, scheduleID int64, cancel bool, reason string) ([]Booking, error) {
	if err := authorize(by, officialID); err != nil {
		return nil, err
	}
	schedules, err := s.store.Catalog.Schedules(ctx, officialID)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(schedules, func(x Schedule) bool { return x.ID == scheduleID }) {
		return nil, Errorf(ENOTFOUND, "err.there-is-no-such-schedule")
	}
	if cancel {
		reason = cleanText(reason)
		f := FieldErrors{}
		checkText(f, "reason", reason, 3, 300, false, T("text.give-the-reason-citizens-are"))
		if err := f.Err(); err != nil {
			return nil, err
		}
	}
	affected, err := s.store.Closures.EndSchedule(ctx, scheduleID, cancel, s.now(), func(b *Booking) Notice {
		return s.cancelledByOffice(b, reason)
	}, s.auditOf(by, "schedule.end", officialObject(officialID, "schedule "+strconv.FormatInt(scheduleID, 10))))
	s.forget()
	if err != nil {
		return nil, err
	}
	s.changed()
	return affected, nil
}

// HandOverDay gives one reception day of an official to a deputy: the day
// is closed for the official, and every booking on it moves to the deputy
// at the same time and place, its citizen told who receives them now and
// why (an updated invitation, from the same organizer, for a confirmed
// booking). The staff member by must manage both officials.
//
// EINVALID for a bad or past date, a missing reason or an unknown,
// inactive or not managed deputy; ECONFLICT when the deputy is busy at one
// of the times or the day is already closed.
func (s *Service) HandOverDay(ctx context.Context, by *User, officialID int64, deputySlug, dateText, reason string) ([]Booking, error) {
	if err := authorize(by, officialID); err != nil {
		return nil, err
	}
	f := FieldErrors{}
	d, err := calendar.ParseDate(dateText)
	if err != nil || d.Before(calendar.DateOf(s.now())) {
		f.Add("date", "err.choose-a-coming-day")
	}
	reason = cleanText(reason)
	checkText(f, "reason", reason, 3, 300, false, T("text.give-the-reason"))
	deputy, err := s.store.Catalog.Official(ctx, deputySlug)
	switch {
	case ErrorCode(err) == ENOTFOUND || (err == nil && (!deputy.Active || deputy.ID == officialID)):
		f.Add("deputy", "err.choose-another-active-official")
	case err != nil:
		return nil, err
	case !by.CanManage(deputy.ID):
		f.Add("deputy", "err.you-can-hand-the-day")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	c := &Closure{OfficialID: officialID, Date: d, Reason: reason, CreatedAt: s.now()}
	moved, err := s.store.Closures.HandOverDay(ctx, c, deputy.ID, d.Start(), d.AddDays(1).Start(), func(b *Booking) Notice {
		b.OfficialID, b.OfficialSlug, b.Sequence, b.UpdatedAt = deputy.ID, deputy.Slug, b.Sequence+1, s.now()
		return Notice{Messages: forCitizen(b, s.message(b, MessageHandOver, reason))}
	}, s.auditOf(by, "day.handover", officialObject(officialID, d.String()+" → "+deputy.Slug)))
	s.forget()
	if err != nil {
		return nil, err
	}
	s.changed()
	return moved, nil
}
