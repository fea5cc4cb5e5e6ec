package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
)

// apiError is the JSON body of every error.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields"`
	// Reason refines Code (not_open_yet, holiday, no_reception_day);
	// OpensAt is when booking opens, Holiday the holiday's name.
	Reason  string `json:"reason,omitempty"`
	OpensAt string `json:"opens_at,omitempty"`
	Holiday string `json:"holiday,omitempty"`
}

var statusOf = map[string]int{
	booking.EINVALID:      http.StatusUnprocessableEntity,
	booking.EMISMATCH:     http.StatusUnprocessableEntity,
	booking.ENOTFOUND:     http.StatusNotFound,
	booking.ESLOTFULL:     http.StatusConflict,
	booking.ENOTBOOKABLE:  http.StatusConflict,
	booking.ECONFLICT:     http.StatusConflict,
	booking.EUNAUTHORIZED: http.StatusUnauthorized,
	booking.EFORBIDDEN:    http.StatusForbidden,
	booking.ERATELIMIT:    http.StatusTooManyRequests,
	booking.EUNAVAILABLE:  http.StatusServiceUnavailable,
	booking.EINTERNAL:     http.StatusInternalServerError,
}

// httpStatus is the HTTP status of a domain error code; 500 for a code the
// table does not know yet.
func httpStatus(code string) int {
	if status, ok := statusOf[code]; ok {
		return status
	}
	return http.StatusInternalServerError
}

// httpErrors gives Echo's own errors (no route, body too large, …) a code
// and a bilingual message.
var httpErrors = map[int]struct {
	code string
	msg  booking.Text
}{
	http.StatusBadRequest:            {"bad_request", booking.T("page.the-request-is-malformed")},
	http.StatusNotFound:              {booking.ENOTFOUND, booking.T("page.there-is-no-such-page")},
	http.StatusMethodNotAllowed:      {"method_not_allowed", booking.T("page.the-method-is-not-allowed")},
	http.StatusRequestEntityTooLarge: {"too_large", booking.T("page.the-request-is-too-large")},
	http.StatusUnsupportedMediaType:  {"unsupported_media_type", booking.T("page.send-the-data-as-application")},
	http.StatusTooManyRequests:       {booking.ERATELIMIT, booking.T("page.too-many-requests")},
}

// handleError maps domain error codes and Echo's errors to one JSON shape
// in the client's language; only internal errors are logged.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	lang := language(c)
	status := http.StatusInternalServerError
	body := apiErrorBody{Code: booking.EINTERNAL, Message: booking.ErrorMessage(err).In(lang), Fields: map[string]string{}}
	var he *echo.HTTPError
	var be *booking.Error
	var br *badRequestError
	if isPage(c) {
		s.errorPage(err, c)
		return
	}
	switch {
	case errors.As(err, &br):
		status, body.Code, body.Message = http.StatusBadRequest, "bad_request", br.msg.In(lang)
	case errors.As(err, &be):
		status = httpStatus(be.Code)
		body.Code, body.Reason = be.Code, be.Reason
		if !be.Opens.IsZero() {
			body.OpensAt = be.Opens.Format(time.RFC3339)
		}
		if !be.Holiday.IsZero() {
			body.Holiday = be.Holiday.In(lang)
		}
		for field, msg := range be.Fields {
			body.Fields[field] = msg.In(lang)
		}
	case errors.As(err, &he):
		status = he.Code
		if known, ok := httpErrors[he.Code]; ok {
			body.Code, body.Message = known.code, known.msg.In(lang)
		} else if he.Code < 500 {
			body.Code, body.Message = "error", http.StatusText(he.Code)
		}
	}
	if status >= 500 {
		s.cfg.Logger.Error("internal error", "route", c.Path(), "err", err)
	}
	if status == http.StatusUnauthorized {
		c.Response().Header().Set("WWW-Authenticate", `Bearer realm="priemna"`)
	}
	if c.Request().Method == http.MethodHead {
		c.NoContent(status)
		return
	}
	c.JSON(status, apiError{Error: body})
}

// isPage reports whether the request is for an HTML page rather than the API.
func isPage(c echo.Context) bool {
	p := c.Request().URL.Path
	return !strings.HasPrefix(p, "/api/") && p != "/healthz" && p != "/readyz" && !strings.HasSuffix(p, ".ics") && !strings.HasPrefix(p, "/static/")
}

// errorPage answers a page request that failed with a page, not JSON.
func (s *Server) errorPage(err error, c echo.Context) {
	lang := pageLang(c)
	status, msg := http.StatusInternalServerError, booking.ErrorMessage(err)
	var he *echo.HTTPError
	var be *booking.Error
	switch {
	case errors.As(err, &be):
		status = httpStatus(be.Code)
	case errors.As(err, &he):
		status = he.Code
		if known, ok := httpErrors[he.Code]; ok {
			msg = known.msg
		}
	}
	if status >= 500 {
		s.cfg.Logger.Error("internal error", "route", c.Path(), "err", err)
	}
	title := booking.T("page.page-not-found")
	if status != http.StatusNotFound {
		title = booking.T("page.something-went-wrong")
	}
	if rerr := s.showMessage(c, status, lang, title.In(lang), msg.In(lang)); rerr != nil {
		s.cfg.Logger.Error("error page", "err", rerr)
	}
}
