package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
)

// A refusal a citizen meets before filling the whole form (paused by the
// no-show policy, already booked, or the day not open for booking yet) is
// a page with a purposeful heading, the office's phone and email, and a
// way forward — never a dead end.

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
	Change         bool          // offer to change what was typed
	Links          []linkView    // other ways forward
	Days           []linkView    // the next days with free times
}

type linkView struct{ Href, Label string }

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
		Contact: contactView{o.Phone, o.Email}, Hidden: f.hidden(), Change: true}
	if r.Kind == booking.RefusePaused {
		p.ContactCentre = s.cfg.Bookings.ContactCentre
	} else {
		p.Paragraphs = append(p.Paragraphs, i18n.T(lang, "refuse-booked-how"))
	}
	p.SwitchForm, p.SwitchAction = "kept-form", "/officials/"+o.Slug+"/book"
	return s.render(c, status, "refusal", &p)
}

// showNotOpen refuses a slot whose day is not open for booking yet (an old
// link, a bookmark, a day that opens tomorrow): when booking opens, the
// days open now, the waiting list and the office — with what was typed
// kept for the language switch. 409, as the API answers.
func (s *Server) showNotOpen(c echo.Context, f bookForm, start, opens time.Time) error {
	lang := pageLang(c)
	o, err := s.cfg.Bookings.Official(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	name, _ := officialName(o, lang)
	p := refusalPage{formPage: s.formPage(c, lang, translate(lang, "refuse-not-open-title"), nil), Slug: o.Slug, Official: name,
		Paragraphs: []string{
			i18n.T(lang, "refuse-not-open-when", i18n.FormatOnDate(start, lang), i18n.FormatOnDate(opens, lang), i18n.FormatTime(opens, lang)),
			translate(lang, "refuse-not-open-together"),
		},
		Contact: contactView{o.Phone, o.Email},
		Links: []linkView{
			{"/officials/" + o.Slug + priorityQuery(c, "?"), translate(lang, "refuse-days-open")},
			{"/officials/" + o.Slug + "/waitlist", translate(lang, "wait-link")},
		}}
	if c.Request().Method == http.MethodPost {
		// The switch sends what was typed back in the other language.
		p.Hidden = f.hidden()
		p.SwitchForm, p.SwitchAction = "kept-form", "/officials/"+o.Slug+"/book"
	}
	return s.render(c, http.StatusConflict, "refusal", &p)
}

// slotRefused answers a form whose slot cannot be booked: the not-open-yet
// page when its day is not open yet, the no-reception page when its day
// holds no reception (a holiday, a day off the schedule), the day's other
// slots otherwise.
func (s *Server) slotRefused(c echo.Context, f bookForm, err error) error {
	start, _ := time.Parse(time.RFC3339, f.Start)
	if opens, ok := booking.NotOpenYet(err); ok {
		return s.showNotOpen(c, f, start, opens)
	}
	if reason, holiday := booking.NoReceptionDay(err); reason != "" {
		return s.showNoReception(c, f, start, reason, holiday)
	}
	return s.slotGone(c, f)
}

// slotRefusal tells whether err is a refusal of the slot itself (full,
// not open yet, no reception on its day), which slotRefused answers.
func slotRefusal(err error) bool {
	_, notOpen := booking.NotOpenYet(err)
	reason, _ := booking.NoReceptionDay(err)
	return notOpen || reason != "" || booking.ErrorCode(err) == booking.ESLOTFULL
}
