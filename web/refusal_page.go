package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
)

// A refusal a citizen meets before filling the whole form (paused by the
// no-show policy, or already booked) is a page with a purposeful heading,
// the office's phone and email, and a way forward — never a dead end.

type contactView struct{ Phone, Email string }

type refusalPage struct {
	formPage
	Slug, Official string
	Paragraphs     []string
	Email          string // the address the letter with the links goes to
	Resend         bool   // offer to mail the links of the coming bookings again
	ContactCentre  string
	Contact        contactView
	Hidden         []hiddenField // what was typed, kept for "change my details" and the language switch
}

// showRefusal draws the refusal of a booking form: 403 when paused, 409
// when the citizen already has as many coming meetings as they may.
func (s *Server) showRefusal(c echo.Context, o *booking.Official, f bookForm, r *booking.Refusal) error {
	lang := pageLang(c)
	name, _ := officialName(o, lang)
	var title string
	status := http.StatusConflict
	switch r.Kind {
	case booking.RefusePaused:
		title, status = i18n.T(lang, "refuse-paused-title", i18n.FormatDate(r.Until, lang)), http.StatusForbidden
	case booking.RefuseBookedHere:
		title = i18n.T(lang, "refuse-booked-here-title", name)
	default:
		title = i18n.T(lang, "refuse-booked-overall-title")
	}
	p := refusalPage{formPage: s.formPage(c, lang, title, nil), Slug: o.Slug, Official: name,
		Paragraphs: []string{booking.ErrorMessage(r.Err).In(lang)}, Email: f.Email, Resend: r.Kind != booking.RefusePaused,
		Contact: contactView{o.Phone, o.Email}, Hidden: f.hidden()}
	if r.Kind == booking.RefusePaused {
		p.ContactCentre = s.cfg.Bookings.ContactCentre
	} else {
		p.Paragraphs = append(p.Paragraphs, i18n.T(lang, "refuse-booked-how"))
	}
	p.SwitchForm, p.SwitchAction = "kept-form", "/officials/"+o.Slug+"/book"
	return s.render(c, status, "refusal", &p)
}
