package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

func (s *Server) listUnits(c echo.Context) error {
	units, err := s.cfg.Bookings.Units(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listJSON(units, toUnit))
}

func (s *Server) listOfficials(c echo.Context) error {
	list, err := s.cfg.Bookings.Officials(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listJSON(list, toOfficial))
}

func (s *Server) getOfficial(c echo.Context) error {
	ctx := c.Request().Context()
	o, err := s.cfg.Bookings.PublicOfficial(ctx, c.Param("slug"))
	if err != nil {
		return err
	}
	schedules, err := s.cfg.Bookings.Schedules(ctx, o.ID)
	if err != nil {
		return err
	}
	out := toOfficial(*o)
	out.Schedules = listJSON(schedules, toSchedule)
	return c.JSON(http.StatusOK, out)
}

func latest(a, b calendar.Date) calendar.Date {
	if a.Before(b) {
		return b
	}
	return a
}

// dateParam reads a YYYY-MM-DD query parameter, def when absent.
func dateParam(c echo.Context, name string, def calendar.Date) (calendar.Date, error) {
	v := c.QueryParam(name)
	if v == "" {
		return def, nil
	}
	d, err := calendar.ParseDate(v)
	if err != nil {
		f := booking.FieldErrors{}
		f.Add(name, "err.the-date-must-look-like")
		return d, f.Err()
	}
	return d, nil
}

func (s *Server) listSlots(c echo.Context) error {
	from, err := dateParam(c, "from", s.cfg.Bookings.Today())
	if err != nil {
		return err
	}
	horizon, err := s.cfg.Bookings.Horizon(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	to, err := dateParam(c, "to", latest(from, horizon))
	if err != nil {
		return err
	}
	slots, err := s.cfg.Bookings.Slots(c.Request().Context(), c.Param("slug"), from, to)
	if err != nil {
		return err
	}
	if page, next, ok := slotPage(slots); ok {
		slots = page
		c.Response().Header().Set("Link", "</api/v1/officials/"+url.PathEscape(c.Param("slug"))+"/slots?from="+next.String()+
			"&to="+to.String()+`>; rel="next"`)
	}
	buf := slotBuffers.Get().(*[]byte)
	*buf = appendSlotsJSON((*buf)[:0], slots)
	err = c.JSONBlob(http.StatusOK, *buf)
	slotBuffers.Put(buf)
	return err
}

// MaxSlotsPerPage bounds one answer of the slots API: a schedule of
// 5-minute slots all day, every day, would otherwise answer megabytes.
const MaxSlotsPerPage = 1000

// slotPage cuts slots after the last whole day that fits in a page, and
// returns the date the next page begins with; ok is false when all fit. A
// day longer than a page is not cut.
func slotPage(slots []booking.Slot) (page []booking.Slot, next calendar.Date, ok bool) {
	if len(slots) <= MaxSlotsPerPage {
		return slots, calendar.Date{}, false
	}
	next = calendar.DateOf(slots[MaxSlotsPerPage].Start)
	cut := MaxSlotsPerPage
	for cut > 0 && calendar.DateOf(slots[cut-1].Start) == next {
		cut--
	}
	if cut == 0 { // the first day alone is longer than a page
		for cut < len(slots) && calendar.DateOf(slots[cut].Start) == next {
			cut++
		}
		if cut == len(slots) {
			return slots, calendar.Date{}, false
		}
		next = calendar.DateOf(slots[cut].Start)
	}
	return slots[:cut], next, true
}

// slotBuffers recycles the buffers of the hottest response.
var slotBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// appendSlotsJSON writes the slot list by hand: it is the hottest response,
// and encoding/json with time formatting was most of its cost.
func appendSlotsJSON(b []byte, slots []booking.Slot) []byte {
	b = append(b, '[')
	var lastLoc string
	var lastEnc []byte
	for i, sl := range slots {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"start":"`...)
		b = sl.Start.In(calendar.Sofia).AppendFormat(b, time.RFC3339)
		b = append(b, `","end":"`...)
		b = sl.End.In(calendar.Sofia).AppendFormat(b, time.RFC3339)
		b = append(b, `","capacity":`...)
		b = strconv.AppendInt(b, int64(sl.Capacity), 10)
		b = append(b, `,"available":`...)
		b = strconv.AppendInt(b, int64(sl.Available), 10)
		b = append(b, `,"location":`...)
		if lastEnc == nil || sl.Location != lastLoc {
			lastLoc = sl.Location
			lastEnc, _ = json.Marshal(sl.Location) // escapes as encoding/json does
		}
		b = append(b, lastEnc...)
		b = append(b, `,"step_free":`...)
		b = strconv.AppendBool(b, sl.StepFree)
		b = append(b, '}')
	}
	return append(b, ']')
}

type bookRequestJSON struct {
	Official string `json:"official"`
	Start    string `json:"start"`
	citizenJSON
	// Altcha is the solved challenge of GET /api/v1/challenge (base64
	// JSON); without it, when the challenge is on, the booking is held.
	Altcha string `json:"altcha"`
}

func (s *Server) createBooking(c echo.Context) error {
	var in bookRequestJSON
	if err := decodeJSON(c, &in, false); err != nil {
		return err
	}
	b, replayed, err := s.cfg.Bookings.Book(c.Request().Context(), booking.BookRequest{
		Official: in.Official, Start: in.Start, Citizen: in.citizenJSON.domain(), IdempotencyKey: c.Request().Header.Get("Idempotency-Key"),
		ConfirmByEmail: s.unverified(c.Request().Context(), in.Altcha),
	})
	if err != nil {
		return err
	}
	if replayed {
		c.Response().Header().Set("Idempotent-Replayed", "true")
	}
	c.Response().Header().Set("Location", s.cfg.BaseURL+"/api/v1/bookings/"+b.Token)
	return c.JSON(http.StatusCreated, s.toBooking(b, true))
}

func (s *Server) getBooking(c echo.Context) error {
	b, err := s.cfg.Bookings.Booking(c.Request().Context(), c.Param("token"))
	return s.answerBooking(c, b, err)
}

func (s *Server) cancelBooking(c echo.Context) error {
	b, err := s.cfg.Bookings.Cancel(c.Request().Context(), c.Param("token"))
	return s.answerBooking(c, b, err)
}

func (s *Server) rescheduleBooking(c echo.Context) error {
	var in struct {
		Start string `json:"start"`
	}
	if err := decodeJSON(c, &in, false); err != nil {
		return err
	}
	b, err := s.cfg.Bookings.Reschedule(c.Request().Context(), c.Param("token"), in.Start)
	return s.answerBooking(c, b, err)
}

// parseInstant reads an optional RFC 3339 field.
func parseInstant(field, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		f := booking.FieldErrors{}
		f.Add(field, "err.the-time-must-look-like-2")
		return t, f.Err()
	}
	return t, nil
}
