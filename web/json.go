package web

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
	"github.com/priemna/priemna/calendar"
)

// decodeJSON reads a JSON body into v. Unlike encoding/json, it refuses
// invalid UTF-8 rather than silently replacing it. An empty body leaves v
// as it is when allowEmpty.
func decodeJSON(c echo.Context, v any, allowEmpty bool) error {
	req := c.Request()
	if ct := req.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return echo.NewHTTPError(http.StatusUnsupportedMediaType)
		}
	}
	body, err := io.ReadAll(req.Body)
	var tooLarge *echo.HTTPError
	if errors.As(err, &tooLarge) {
		return tooLarge
	} else if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest).SetInternal(err)
	}
	if len(body) == 0 && allowEmpty {
		return nil
	}
	if !utf8.Valid(body) {
		return badRequest("err.invalid-utf8")
	}
	if err := json.Unmarshal(body, v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			f := booking.FieldErrors{}
			f.Add(typeErr.Field, "err.the-value-has-the-wrong")
			return f.Err()
		}
		return badRequest("err.invalid-json")
	}
	return nil
}

// badRequest is a 400 with a bilingual message.
type badRequestError struct{ msg booking.Text }

func (e *badRequestError) Error() string { return e.msg.In("en") }

func badRequest(key i18n.Key) error { return &badRequestError{booking.T(key)} }

// listJSON renders each item of a list with one of the to… functions; an
// empty list is [] in JSON, never null.
func listJSON[T, J any](list []T, to func(T) J) []J {
	out := make([]J, len(list))
	for i, v := range list {
		out[i] = to(v)
	}
	return out
}

// localTime writes an instant as RFC 3339 in Sofia.
func localTime(t time.Time) string { return t.In(calendar.Sofia).Format(time.RFC3339) }

type unitJSON struct {
	Slug      string `json:"slug"`
	Name      string `json:"name"`
	NameEN    string `json:"name_en"`
	Kind      string `json:"kind"`
	Address   string `json:"address"`
	AddressEN string `json:"address_en"`
	Phone     string `json:"phone"`
	Email     string `json:"email"`
}

func toUnit(u booking.Unit) unitJSON {
	return unitJSON{u.Slug, u.Name, u.NameEN, u.Kind, u.Address, u.AddressEN, u.Phone, u.Email}
}

// officialInputJSON is an official as staff write it (POST
// /api/v1/officials) and as the API gives it back.
type officialInputJSON struct {
	Slug    string `json:"slug"`
	Name    string `json:"name"`
	NameEN  string `json:"name_en"`
	Title   string `json:"title"`
	TitleEN string `json:"title_en"`
	Unit    string `json:"unit"`
	Email   string `json:"email"`
	Phone   string `json:"phone"`
	// HoldMinutes > 0: a booking is pending that long, until the citizen
	// confirms it through the link sent by email.
	HoldMinutes int `json:"hold_minutes"`
}

type officialJSON struct {
	officialInputJSON
	Schedules []scheduleJSON `json:"schedules,omitempty"`
}

func toOfficial(o booking.Official) officialJSON {
	return officialJSON{officialInputJSON: officialInputJSON{Slug: o.Slug, Name: o.Name, NameEN: o.NameEN,
		Title: o.Title, TitleEN: o.TitleEN, Unit: o.UnitSlug, Email: o.Email, Phone: o.Phone, HoldMinutes: o.HoldMinutes}}
}

type scheduleJSON struct {
	ID                 int64  `json:"id"`
	Rule               string `json:"rule"`
	DurationMinutes    int    `json:"duration_minutes"`
	SlotMinutes        int    `json:"slot_minutes"`
	Capacity           int    `json:"capacity"`
	Location           string `json:"location"`
	LocationEN         string `json:"location_en"`
	AccessNote         string `json:"access_note"`
	AccessNoteEN       string `json:"access_note_en"`
	StepFree           bool   `json:"step_free"`
	BookingOpensDays   int    `json:"booking_opens_days"`
	BookingClosesHours int    `json:"booking_closes_hours"`
	ObserveHolidays    bool   `json:"observe_holidays"`
	Active             bool   `json:"active"`
}

func toSchedule(s booking.Schedule) scheduleJSON {
	return scheduleJSON{s.ID, s.Rule, s.DurationMinutes, s.SlotMinutes, s.Capacity, s.Location, s.LocationEN, s.Access, s.AccessEN, s.StepFree,
		s.BookingOpensDays, s.BookingClosesHours, s.ObserveHolidays, s.Active}
}

type accessibilityJSON struct {
	Needs []booking.Need `json:"needs"`
	Note  string         `json:"note"`
}

func (a accessibilityJSON) domain() booking.Accessibility {
	return booking.Accessibility{Needs: a.Needs, Note: a.Note}
}

// citizenJSON is who a booking or a place on the waiting list is for: the
// same fields in what the API takes (a booking, a place on the waiting
// list) and in the booking it gives back.
type citizenJSON struct {
	Name          string            `json:"name"`
	Email         string            `json:"email"`
	Phone         string            `json:"phone"`
	Topic         string            `json:"topic"`
	Accessibility accessibilityJSON `json:"accessibility"`
	Language      string            `json:"language"`
}

type bookingJSON struct {
	Reference string         `json:"reference"`
	Token     string         `json:"token,omitempty"`
	Status    booking.Status `json:"status"`
	Start     string         `json:"start"`
	End       string         `json:"end"`
	ManageURL string         `json:"manage_url,omitempty"`
	ICSURL    string         `json:"ics_url,omitempty"`
	Official  string         `json:"official"`
	citizenJSON
	Sequence  int    `json:"sequence"`
	ArrivedAt string `json:"arrived_at,omitempty"`
	HeldUntil string `json:"held_until,omitempty"`
}

// answerBooking answers an action on a citizen's booking with the booking,
// as its citizen sees it, or with the action's error.
func (s *Server) answerBooking(c echo.Context, b *booking.Booking, err error) error {
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.toBooking(b, true))
}

// toBooking renders a booking; withSecret adds the token and the links
// that carry it, for the citizen's own eyes only.
func (s *Server) toBooking(b *booking.Booking, withSecret bool) bookingJSON {
	out := bookingJSON{
		Reference: b.Reference, Status: b.Status, Start: localTime(b.Start), End: localTime(b.End),
		Official: b.OfficialSlug, Sequence: b.Sequence,
		citizenJSON: citizenJSON{Name: b.Name, Email: b.Email, Phone: b.Phone, Topic: b.Topic,
			Accessibility: accessibilityJSON{Needs: b.Accessibility.Needs, Note: b.Accessibility.Note},
			Language:      b.Language},
	}
	if out.Accessibility.Needs == nil {
		out.Accessibility.Needs = []booking.Need{}
	}
	if !b.ArrivedAt.IsZero() {
		out.ArrivedAt = localTime(b.ArrivedAt)
	}
	if b.Status == booking.StatusPending {
		out.HeldUntil = localTime(b.HeldUntil)
	}
	if withSecret {
		out.Token = b.Token
		out.ManageURL = s.manageURL(b)
		out.ICSURL = out.ManageURL + ".ics"
	}
	return out
}
