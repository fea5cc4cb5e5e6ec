package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
)

const userKey = "staff-user"

// requireToken lets through only requests with a valid staff API token.
func (s *Server) requireToken(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		auth := c.Request().Header.Get("Authorization")
		token, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok || s.cfg.Staff == nil {
			return booking.Errorf(booking.EUNAUTHORIZED, "err.a-staff-access-token-is")
		}
		u, err := s.cfg.Staff.Authenticate(c.Request().Context(), strings.TrimSpace(token))
		if err != nil {
			return err
		}
		c.Set(userKey, u)
		return next(c)
	}
}

func currentUser(c echo.Context) *booking.User {
	u, _ := c.Get(userKey).(*booking.User)
	return u
}

func errForbidden() error {
	return booking.Errorf(booking.EFORBIDDEN, "err.you-have-no-access-to")
}

// managedOfficial returns the official with the slug if the signed-in user
// may act for them: EFORBIDDEN otherwise, so that an assistant cannot even
// learn which other slugs exist through this API.
func (s *Server) managedOfficial(c echo.Context, slug string) (*booking.Official, error) {
	o, err := s.cfg.Bookings.Official(c.Request().Context(), slug)
	u := currentUser(c)
	if booking.ErrorCode(err) == booking.ENOTFOUND && u.Role != booking.RoleAdmin {
		return nil, errForbidden()
	} else if err != nil {
		return nil, err
	}
	if !u.CanManage(o.ID) {
		return nil, errForbidden()
	}
	return o, nil
}

// managedSchedules returns the official of the path's slug, if the
// signed-in user may act for them, and all their schedules (ended ones
// too): the schedules API and page list the same.
func (s *Server) managedSchedules(c echo.Context) (*booking.Official, []booking.Schedule, error) {
	o, err := s.managedOfficial(c, c.Param("slug"))
	if err != nil {
		return nil, nil, err
	}
	list, err := s.cfg.Bookings.Schedules(c.Request().Context(), o.ID)
	return o, list, err
}

func (s *Server) createOfficial(c echo.Context) error {
	if currentUser(c).Role != booking.RoleAdmin {
		return booking.Errorf(booking.EFORBIDDEN, "err.only-an-administrator-can-add")
	}
	var in officialInputJSON
	if err := decodeJSON(c, &in, false); err != nil {
		return err
	}
	o, err := s.cfg.Bookings.CreateOfficial(c.Request().Context(), currentUser(c), booking.OfficialInput(in))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toOfficial(*o))
}

func (s *Server) listSchedules(c echo.Context) error {
	_, list, err := s.managedSchedules(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listJSON(list, toSchedule))
}

type scheduleInputJSON struct {
	Rule               string `json:"rule"`
	DurationMinutes    int    `json:"duration_minutes"`
	SlotMinutes        int    `json:"slot_minutes"`
	Capacity           *int   `json:"capacity"`
	Location           string `json:"location"`
	LocationEN         string `json:"location_en"`
	AccessNote         string `json:"access_note"`
	AccessNoteEN       string `json:"access_note_en"`
	StepFree           bool   `json:"step_free"`
	BookingOpensDays   *int   `json:"booking_opens_days"`
	BookingClosesHours *int   `json:"booking_closes_hours"`
	ObserveHolidays    *bool  `json:"observe_holidays"`
}

// Defaults for fields a schedule request leaves out.
const (
	defaultCapacity           = 1
	defaultBookingOpensDays   = 30
	defaultBookingClosesHours = 24
)

func (s *Server) createSchedule(c echo.Context) error {
	o, err := s.managedOfficial(c, c.Param("slug"))
	if err != nil {
		return err
	}
	var in scheduleInputJSON
	if err := decodeJSON(c, &in, false); err != nil {
		return err
	}
	sch := &booking.Schedule{
		OfficialID: o.ID, Rule: in.Rule, DurationMinutes: in.DurationMinutes, SlotMinutes: in.SlotMinutes,
		Capacity: valueOr(in.Capacity, defaultCapacity), Location: in.Location, StepFree: in.StepFree,
		LocationEN: in.LocationEN, Access: in.AccessNote, AccessEN: in.AccessNoteEN,
		BookingOpensDays:   valueOr(in.BookingOpensDays, defaultBookingOpensDays),
		BookingClosesHours: valueOr(in.BookingClosesHours, defaultBookingClosesHours),
		ObserveHolidays:    valueOr(in.ObserveHolidays, true),
	}
	ctx := c.Request().Context()
	if err := s.cfg.Bookings.CreateSchedule(ctx, currentUser(c), sch); err != nil {
		return err
	}
	warnings, err := s.cfg.Bookings.ScheduleWarnings(ctx, sch)
	if err != nil {
		return err
	}
	out := newScheduleJSON{scheduleJSON: toSchedule(*sch)}
	for _, w := range warnings {
		out.Warnings = append(out.Warnings, w.In(pageLang(c)))
	}
	return c.JSON(http.StatusCreated, out)
}

func valueOr[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

func (s *Server) createClosure(c echo.Context) error {
	o, err := s.managedOfficial(c, c.Param("slug"))
	if err != nil {
		return err
	}
	var in struct {
		Date   string `json:"date"`
		Reason string `json:"reason"`
	}
	if err := decodeJSON(c, &in, false); err != nil {
		return err
	}
	closure, cancelled, err := s.cfg.Bookings.CloseDay(c.Request().Context(), currentUser(c), o.ID, in.Date, in.Reason)
	if err != nil {
		return err
	}
	refs := make([]string, len(cancelled))
	for i, b := range cancelled {
		refs[i] = b.Reference
	}
	return c.JSON(http.StatusCreated, map[string]any{
		"official": o.Slug, "date": closure.Date.String(), "reason": closure.Reason, "cancelled": refs,
	})
}

func (s *Server) daySheet(c echo.Context) error {
	o, err := s.managedOfficial(c, c.QueryParam("official"))
	if err != nil {
		return err
	}
	d, err := dateParam(c, "date", s.cfg.Bookings.Today())
	if err != nil {
		return err
	}
	list, err := s.cfg.Bookings.DaySheet(c.Request().Context(), o.ID, d)
	if err != nil {
		return err
	}
	out := listJSON(list, func(b booking.Booking) bookingJSON { return s.toBooking(&b, false) })
	return c.JSON(http.StatusOK, map[string]any{"official": o.Slug, "date": d.String(), "bookings": out})
}

// staffBooking returns the booking with the reference when the user may
// act for its official; an assistant gets EFORBIDDEN for another's.
func (s *Server) staffBooking(c echo.Context) (*booking.Booking, error) {
	b, err := s.cfg.Bookings.BookingByReference(c.Request().Context(), c.Param("reference"))
	if err != nil {
		return nil, err
	}
	if !currentUser(c).CanManage(b.OfficialID) {
		return nil, errForbidden()
	}
	return b, nil
}

func (s *Server) recordArrival(c echo.Context) error {
	b, err := s.staffBooking(c)
	if err != nil {
		return err
	}
	var in struct {
		At string `json:"at"`
	}
	if err := decodeJSON(c, &in, true); err != nil {
		return err
	}
	at, err := parseInstant("at", in.At)
	if err != nil {
		return err
	}
	b, err = s.cfg.Bookings.RecordArrival(c.Request().Context(), currentUser(c), b.Reference, at)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.toBooking(b, false))
}

func (s *Server) markNoShow(c echo.Context) error {
	b, err := s.staffBooking(c)
	if err != nil {
		return err
	}
	b, err = s.cfg.Bookings.MarkNoShow(c.Request().Context(), currentUser(c), b.Reference)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.toBooking(b, false))
}

// liftBlock lets a citizen blocked by the no-show policy book online again.
func (s *Server) liftBlock(c echo.Context) error {
	var in struct {
		Email string `json:"email"`
	}
	if err := decodeJSON(c, &in, false); err != nil {
		return err
	}
	if err := s.cfg.Bookings.LiftBlock(c.Request().Context(), in.Email, currentUser(c)); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]string{"email": in.Email, "status": "lifted"})
}

// audit records a staff action; a failure to record is logged, not shown:
// the action itself is done.
func (s *Server) audit(c echo.Context, action, object string) {
	u := currentUser(c)
	if u == nil {
		return
	}
	e := booking.AuditEntry{At: s.cfg.Bookings.Clock(), UserID: u.ID, UserEmail: u.Email, Action: action, Object: object}
	if err := s.cfg.Bookings.RecordAudit(c.Request().Context(), e); err != nil {
		s.cfg.Logger.Error("audit", "action", action, "err", err)
	}
}

// auditFailedSignIn records a refused sign-in: the address it came from
// (IPv6 by /64), never the email typed, which may be nobody's account.
func (s *Server) auditFailedSignIn(c echo.Context, address string) {
	e := booking.AuditEntry{At: s.cfg.Bookings.Clock(), UserEmail: "(sign-in refused)", Action: "sign-in.failed", Object: address}
	if err := s.cfg.Bookings.RecordAudit(c.Request().Context(), e); err != nil {
		s.cfg.Logger.Error("audit", "action", e.Action, "err", err)
	}
}

// auditLog lists the newest staff actions (administrators).
func (s *Server) auditLog(c echo.Context) error {
	list, err := s.cfg.Bookings.AuditLog(c.Request().Context(), currentUser(c), 500)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listJSON(list, toAuditEntry))
}

// eraseBooking removes a citizen's personal data from a booking at their
// request.
func (s *Server) eraseBooking(c echo.Context) error {
	b, err := s.staffBooking(c)
	if err != nil {
		return err
	}
	if err := s.cfg.Bookings.Erase(c.Request().Context(), currentUser(c), b.Reference); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]string{"reference": b.Reference, "status": "erased"})
}
