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

// answerBooking answers an action on a citizen's booking with the booking,
// as its citizen sees it, or with the action's error.
func (s *Server) answerBooking(c echo.Context, b *booking.Booking, err error) error {
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.toBooking(b, true))
}
