package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
)

// A domain error code the status table does not know yet answers 500, on
// the API and on pages alike, rather than reaching WriteHeader(0) (which
// net/http refuses with a panic).
func TestAnUnknownErrorCodeIsAnInternalError(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/api/v1/officials", "/officials/kmet-sredets"} {
		rec := httptest.NewRecorder()
		c := e.handler.echo.NewContext(httptest.NewRequest(http.MethodGet, path, nil), rec)
		e.handler.handleError(&booking.Error{Code: "code_from_the_future", Message: i18n.Given(map[string]string{"bg": "непознат код", "en": "unknown code"})}, c)
		if rec.Code != http.StatusInternalServerError {
			t.Errorf("%s: status %d, want 500", path, rec.Code)
		}
		if body := rec.Body.String(); !strings.Contains(body, "непознат код") {
			t.Errorf("%s: the message is not said: %.200s", path, body)
		}
	}
}
