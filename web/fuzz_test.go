package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// knownFields are the fields an error of the booking form may point to:
// each has a control the error summary links to.
var knownFields = map[string]bool{"start": true, "name": true, "email": true, "phone": true, "topic": true,
	"accessibility.needs": true, "accessibility.note": true, "language": true, "consent": true}

// FuzzBookFormDecode sends any url-encoded body through the booking form's
// decoder and validation: it never panics, every error names a field the
// page can link to and reads as text, and a form it accepts is complete.
func FuzzBookFormDecode(f *testing.F) {
	f.Add("start=2026-12-07T09%3A00%3A00%2B02%3A00&name=%D0%9C%D0%B0%D1%80%D0%B8%D1%8F+%D0%9F&email=m%40example.bg&topic=%D0%A0%D0%B5%D0%BC%D0%BE%D0%BD%D1%82+%D0%BD%D0%B0+%D1%82%D1%80%D0%BE%D1%82%D0%BE%D0%B0%D1%80%D0%B0&consent=yes&needs=wheelchair&language=bg")
	f.Add("name=%ff%fe&email=&needs=jetpack&needs=&language=xx&consent=no")
	f.Add("%zz=1&&&=&name=a%00b&topic=" + strings.Repeat("x", 3000))
	e := echo.New()
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, "/officials/kmet/book", strings.NewReader(body))
		req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationForm)
		c := e.NewContext(req, httptest.NewRecorder())
		form := readBookForm(c)
		errs := validateForm(form, "kmet", "bg")
		for field, msg := range errs {
			if !knownFields[field] {
				t.Errorf("error for unknown field %q: %s", field, msg)
			}
			if msg == "" || !utf8.ValidString(msg) {
				t.Errorf("empty or broken message for %s: %q", field, msg)
			}
		}
		if len(errs) == 0 && (!form.Consent || form.Start == "" || form.Email == "") {
			t.Errorf("accepted an incomplete form: %+v", form)
		}
	})
}
