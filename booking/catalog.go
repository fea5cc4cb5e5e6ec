package booking

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"

	"github.com/priemna/priemna/calendar"
)

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Units lists the active administrative units.
func (s *Service) Units(ctx context.Context) ([]Unit, error) {
	all, err := s.store.Catalog.Units(ctx)
	return slices.DeleteFunc(all, func(u Unit) bool { return !u.Active }), err
}

// AllUnits lists every unit, closed ones included, for staff.
func (s *Service) AllUnits(ctx context.Context) ([]Unit, error) { return s.store.Catalog.Units(ctx) }

// Officials lists the active officials.
func (s *Service) Officials(ctx context.Context) ([]Official, error) {
	return s.store.Catalog.Officials(ctx)
}

// PublicOfficial returns an official who receives citizens: ENOTFOUND for
// an unknown, inactive, or closed-unit official, as the public sees it.
func (s *Service) PublicOfficial(ctx context.Context, slug string) (*Official, error) {
	o, err := s.store.Catalog.Official(ctx, slug)
	if err != nil {
		return nil, err
	}
	if !o.Receives() {
		return nil, Errorf(ENOTFOUND, "err.this-official-no-longer-receives")
	}
	return o, nil
}

// BookingSchedule returns the schedule a booking was made under, ended or
// not, for its room, even when the day was handed over to a deputy;
// ENOTFOUND if it is gone.
func (s *Service) BookingSchedule(ctx context.Context, b *Booking) (*Schedule, error) {
	return s.store.Catalog.ScheduleByID(ctx, b.ScheduleID)
}

// Official returns one official by slug. ENOTFOUND otherwise.
func (s *Service) Official(ctx context.Context, slug string) (*Official, error) {
	return s.store.Catalog.Official(ctx, slug)
}

// Schedules returns an official's reception calendars.
func (s *Service) Schedules(ctx context.Context, officialID int64) ([]Schedule, error) {
	return s.store.Catalog.Schedules(ctx, officialID)
}

// CreateUnit adds an administrative unit. EFORBIDDEN unless by is an
// administrator; EINVALID; ECONFLICT for a taken slug.
func (s *Service) CreateUnit(ctx context.Context, by *User, u *Unit) error {
	if err := adminOnly(by); err != nil {
		return err
	}
	f := FieldErrors{}
	checkSlug(f, u.Slug)
	u.Active = true
	if err := checkUnit(f, u); err != nil {
		return err
	}
	return s.store.Catalog.CreateUnit(ctx, u, s.auditOf(by, "unit.create", u.Slug))
}

// UpdateUnit changes a unit's details (not its slug), or closes it down:
// an inactive unit and its officials leave the public site. EFORBIDDEN
// unless by is an administrator; ENOTFOUND; EINVALID.
func (s *Service) UpdateUnit(ctx context.Context, by *User, slug string, u *Unit) error {
	if err := adminOnly(by); err != nil {
		return err
	}
	old, err := s.store.Catalog.Unit(ctx, slug)
	if err != nil {
		return err
	}
	u.ID, u.Slug = old.ID, old.Slug
	if err := checkUnit(FieldErrors{}, u); err != nil {
		return err
	}
	if err := s.store.Catalog.UpdateUnit(ctx, u, s.auditOf(by, "unit.update", u.Slug)); err != nil {
		return err
	}
	s.forget()
	return nil
}

func checkUnit(f FieldErrors, u *Unit) error {
	checkText(f, "name", u.Name, 2, 200, false, T("text.enter-a-name"))
	checkText(f, "name_en", u.NameEN, 0, 200, false, Text{})
	checkText(f, "address", u.Address, 0, 300, false, Text{})
	checkText(f, "address_en", u.AddressEN, 0, 300, false, Text{})
	if u.Kind != "municipality" && u.Kind != "district" && u.Kind != "mayoralty" {
		f.Add("kind", "err.choose-the-kind-of-unit")
	}
	if u.Email != "" && !ValidEmail(u.Email) {
		f.Add("email", "err.invalid-email-address")
	}
	if u.Phone != "" && !phonePattern.MatchString(u.Phone) {
		f.Add("phone", "err.invalid-telephone-number")
	}
	return f.Err()
}

// OfficialInput is what staff give to create an official.
type OfficialInput struct {
	Slug, Name, NameEN, Title, TitleEN, Unit, Email, Phone string
	// HoldMinutes > 0: online bookings wait that long for the citizen's
	// confirmation by email (see Official.HoldMinutes).
	HoldMinutes int
}

// MaxHoldMinutes bounds how long a hold may wait for its confirmation.
const MaxHoldMinutes = 1440

// CreateOfficial adds an official to a unit.
//
// EFORBIDDEN unless by is an administrator; EINVALID (an unknown unit
// included); ECONFLICT when the slug is taken.
func (s *Service) CreateOfficial(ctx context.Context, by *User, in OfficialInput) (*Official, error) {
	if err := adminOnly(by); err != nil {
		return nil, err
	}
	f := FieldErrors{}
	checkSlug(f, in.Slug)
	o, err := s.officialFrom(ctx, f, in)
	if err != nil {
		return nil, err
	}
	o.Slug, o.Active, o.UnitActive = in.Slug, true, true
	if err := s.store.Catalog.CreateOfficial(ctx, o, s.auditOf(by, "official.create", o.Slug)); err != nil {
		return nil, err
	}
	s.forget()
	return o, nil
}

// UpdateOfficial changes an official's details (not the slug) and whether
// they receive citizens: an inactive official disappears from the site and
// takes no bookings. EFORBIDDEN unless by is an administrator; ENOTFOUND;
// EINVALID.
func (s *Service) UpdateOfficial(ctx context.Context, by *User, slug string, in OfficialInput, active bool) (*Official, error) {
	if err := adminOnly(by); err != nil {
		return nil, err
	}
	old, err := s.store.Catalog.Official(ctx, slug)
	if err != nil {
		return nil, err
	}
	o, err := s.officialFrom(ctx, FieldErrors{}, in)
	if err != nil {
		return nil, err
	}
	o.ID, o.Slug, o.Active = old.ID, old.Slug, active
	action := "official.update"
	if !active {
		action = "official.deactivate"
	}
	if err := s.store.Catalog.UpdateOfficial(ctx, o, s.auditOf(by, action, o.Slug)); err != nil {
		return nil, err
	}
	s.forget()
	return o, nil
}

// officialFrom validates the fields of an official and resolves its unit.
func (s *Service) officialFrom(ctx context.Context, f FieldErrors, in OfficialInput) (*Official, error) {
	checkText(f, "name", strings.TrimSpace(in.Name), 2, MaxName, false, T("text.enter-a-name"))
	checkText(f, "name_en", strings.TrimSpace(in.NameEN), 0, MaxName, false, Text{})
	checkText(f, "title", strings.TrimSpace(in.Title), 2, 200, false, T("text.enter-a-title"))
	checkText(f, "title_en", strings.TrimSpace(in.TitleEN), 0, 200, false, Text{})
	if !ValidEmail(strings.ToLower(strings.TrimSpace(in.Email))) {
		f.Add("email", "err.enter-the-offices-email-address")
	}
	if p := strings.TrimSpace(in.Phone); p != "" && !phonePattern.MatchString(p) {
		f.Add("phone", "err.invalid-telephone-number")
	}
	if in.HoldMinutes < 0 || in.HoldMinutes > MaxHoldMinutes {
		f.Add("hold_minutes", "err.enter-0-to-1440-minutes")
	}
	var unit *Unit
	if in.Unit == "" {
		f.Add("unit", "err.choose-a-unit")
	} else if u, err := s.store.Catalog.Unit(ctx, in.Unit); ErrorCode(err) == ENOTFOUND {
		f.Add("unit", "err.there-is-no-such-unit")
	} else if err != nil {
		return nil, err
	} else {
		unit = u
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	return &Official{
		Name: strings.TrimSpace(in.Name), NameEN: strings.TrimSpace(in.NameEN),
		Title: strings.TrimSpace(in.Title), TitleEN: strings.TrimSpace(in.TitleEN),
		UnitID: unit.ID, UnitSlug: unit.Slug, Email: strings.ToLower(strings.TrimSpace(in.Email)),
		Phone: strings.TrimSpace(in.Phone), HoldMinutes: in.HoldMinutes,
	}, nil
}

func checkSlug(f FieldErrors, slug string) {
	if len(slug) < 2 || len(slug) > 60 || !slugPattern.MatchString(slug) {
		f.Add("slug", "err.use-2-to-60-lower")
	}
}

// Schedule defaults applied by CreateSchedule to zero fields.
const (
	DefaultBookingOpensDays = 30
	DefaultSlotMinutes      = 15
)

// CreateSchedule validates and adds a reception calendar for an official;
// the rule is stored in normalised form.
//
// EFORBIDDEN unless by manages the official; EINVALID with the reason for
// an invalid rule or field.
func (s *Service) CreateSchedule(ctx context.Context, by *User, sch *Schedule) error {
	if err := authorize(by, sch.OfficialID); err != nil {
		return err
	}
	r, err := checkSchedule(sch)
	if err != nil {
		return err
	}
	sch.Rule = r.String()
	sch.CreatedAt = s.now()
	sch.Active = true
	err = s.store.Catalog.CreateSchedule(ctx, sch, s.auditOf(by, "schedule.create", officialObject(sch.OfficialID, "")))
	s.forget()
	if err == nil {
		s.offerNewSeats(ctx, sch.OfficialID)
	}
	return err
}

// ValidateSchedule checks a new schedule as CreateSchedule does, without
// saving it, so that a form can report every fault at once: EINVALID with
// each field at fault ("rule" for the rule's text). Like CreateSchedule it
// fills in the defaults and trims the texts of sch.
func ValidateSchedule(sch *Schedule) error {
	_, err := checkSchedule(sch)
	return err
}

// checkSchedule is the one check of a new schedule's fields.
func checkSchedule(sch *Schedule) (*calendar.Rule, error) {
	f := FieldErrors{}
	r, err := calendar.ParseRule(sch.Rule)
	var re *calendar.RuleError
	if errors.As(err, &re) {
		f.AddText("rule", RuleErrorText(re))
	} else if err != nil {
		return r, err
	}
	if sch.SlotMinutes == 0 {
		sch.SlotMinutes = DefaultSlotMinutes
	}
	if sch.BookingOpensDays == 0 {
		sch.BookingOpensDays = DefaultBookingOpensDays
	}
	if sch.DurationMinutes < 15 || sch.DurationMinutes > 12*60 {
		f.Add("duration_minutes", "err.a-reception-day-must-last")
	}
	if sch.SlotMinutes < 5 || sch.SlotMinutes > 240 {
		f.Add("slot_minutes", "err.a-meeting-must-last-from")
	} else if sch.SlotMinutes > sch.DurationMinutes && sch.DurationMinutes > 0 {
		f.Add("slot_minutes", "err.one-meeting-is-longer-than")
	}
	if sch.Capacity < 1 || sch.Capacity > 100 {
		f.Add("capacity", "err.citizens-at-once-from-1")
	}
	sch.Location = strings.TrimSpace(sch.Location)
	checkText(f, "location", sch.Location, 2, 300, false, T("text.say-where-the-reception-takes"))
	sch.LocationEN, sch.Access, sch.AccessEN = strings.TrimSpace(sch.LocationEN), cleanText(sch.Access), cleanText(sch.AccessEN)
	checkText(f, "location_en", sch.LocationEN, 0, 300, false, Text{})
	checkText(f, "access_note", sch.Access, 0, 500, true, Text{})
	checkText(f, "access_note_en", sch.AccessEN, 0, 500, true, Text{})
	if sch.BookingOpensDays < 1 || sch.BookingOpensDays > 366 {
		f.Add("booking_opens_days", "err.booking-opens-1-to-366")
	}
	if sch.BookingClosesHours < 0 || sch.BookingClosesHours > 30*24 {
		f.Add("booking_closes_hours", "err.booking-closes-0-to-720")
	}
	return r, f.Err()
}

// Unit returns a unit by slug. ENOTFOUND otherwise.
func (s *Service) Unit(ctx context.Context, slug string) (*Unit, error) {
	return s.store.Catalog.Unit(ctx, slug)
}
