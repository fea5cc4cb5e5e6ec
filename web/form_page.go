package web

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"
	"github.com/priemna/priemna/booking/i18n"
)

// formPage is a page with a form: its CSRF token and its errors, both as
// a map for the fields and as a list, in field order, for the summary.
type formPage struct {
	page
	CSRF      string
	Errors    map[string]string
	ErrorList []fieldError
}

type fieldError struct{ Field, Message string }

// fieldAnchors maps a field to the id of its control, where they differ.
// (A fault of the schedule form's rule is shown with its weekdays.)
var fieldAnchors = map[string]string{"accessibility.needs": "needs", "weekdays": "day-1", "rule": "day-1"}

// fieldOrder is the order of fields on the forms, for the error summary.
// (The schedule form's rule choices come before its start time.)
var fieldOrder = []string{"slug", "weekdays", "rule", "every", "ordinal", "from", "until", "start", "name", "name_en", "title", "title_en", "email", "phone", "topic",
	"accessibility.needs", "accessibility.note", "language", "consent", "unit", "rating", "comment",
	"duration_minutes", "slot_minutes", "capacity",
	"booking_opens_days", "booking_closes_hours", "location", "location_en", "access_note", "access_note_en", "raw_rule"}

func (s *Server) formPage(c echo.Context, lang, title string, errs map[string]string) formPage {
	csrf, _ := c.Get("csrf").(string)
	fp := formPage{page: page{Lang: lang, Title: title}, CSRF: csrf, Errors: errs}
	if fp.Errors == nil {
		fp.Errors = map[string]string{}
	}
	order := slices.Clone(fieldOrder)
	var rest []string
	for f := range errs {
		if !slices.Contains(order, f) {
			rest = append(rest, f)
		}
	}
	slices.Sort(rest)
	for _, f := range append(order, rest...) {
		if msg, ok := errs[f]; ok {
			anchor := f
			if a, ok := fieldAnchors[f]; ok {
				anchor = a
			}
			fp.ErrorList = append(fp.ErrorList, fieldError{anchor, msg})
		}
	}
	if len(errs) > 0 {
		fp.Title = translate(lang, "errors") + ": " + title
	}
	return fp
}

// field is what the "field" template draws: one labelled text input.
type field struct {
	Lang, ID, Label, Hint, Type, Value, Autocomplete, Error string
}

func newField(p any, id, label, hint, typ, value, autocomplete string) field {
	f := field{ID: id, Label: label, Hint: hint, Type: typ, Value: value, Autocomplete: autocomplete}
	if fp, ok := p.(interface{ form() *formPage }); ok {
		f.Lang, f.Error = fp.form().Lang, fp.form().Errors[id]
	}
	return f
}

func (p *formPage) form() *formPage { return p }

// pageLang is the language of a page: ?lang= (remembered in a cookie),
// else the cookie, else Accept-Language, else Bulgarian.
func pageLang(c echo.Context) string {
	if l := c.QueryParam("lang"); i18n.Supported(l) {
		c.SetCookie(&http.Cookie{Name: "lang", Value: l, Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode})
		return l
	}
	chosen := ""
	if ck, err := c.Cookie("lang"); err == nil {
		chosen = ck.Value
	}
	return i18n.Match(c.Request().Header.Get("Accept-Language"), chosen)
}
