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
		Contact: contactView{o.Phone, o.Email}, Change: true}
	if r.Kind == booking.RefusePaused {
		p.ContactCentre = s.cfg.Bookings.ContactCentre
	} else {
		p.Paragraphs = append(p.Paragraphs, i18n.T(lang, "refuse-booked-how"))
	}
	p.keep(f, o.Slug)
	return s.render(c, status, "refusal", &p)
}

// keep carries what was typed, for "change my details" and the language
// switch, which sends it back in the other language.
func (p *refusalPage) keep(f bookForm, slug string) {
	p.Hidden = f.hidden()
	p.SwitchForm, p.SwitchAction = "kept-form", "/officials/"+slug+"/book"
}

// slotRefused answers a form whose slot cannot be booked: the day's other
// slots when it is full; when its day is not open yet or holds no
// reception (a holiday, a day off the schedule), a page that says so, with
// the official's days, the waiting list and the office — and what was
// typed kept for the language switch. 409, as the API answers.
func (s *Server) slotRefused(c echo.Context, f bookForm, err error) error {
	if !dayRefusal(err) {
		return s.slotGone(c, f)
	}
	o, oerr := s.cfg.Bookings.Official(c.Request().Context(), c.Param("slug"))
	if oerr != nil {
		return oerr
	}
	start, _ := time.Parse(time.RFC3339, f.Start)
	var p refusalPage
	if opens, ok := booking.NotOpenYet(err); ok {
		p = s.notOpenPage(c, o, start, opens)
	} else if p, err = s.noReceptionPage(c, o, start, err); err != nil {
		return err
	}
	if c.Request().Method == http.MethodPost {
		p.keep(f, o.Slug)
	}
	return s.render(c, http.StatusConflict, "refusal", &p)
}

// dayRefusalPage begins the refusal of a slot for its day: the title and
// why, a link to the official's days (labelled daysLabel), the waiting
// list and the office.
func (s *Server) dayRefusalPage(c echo.Context, o *booking.Official, title, daysLabel string, why ...string) refusalPage {
	lang := pageLang(c)
	name, _ := officialName(o, lang)
	return refusalPage{formPage: s.formPage(c, lang, title, nil), Slug: o.Slug, Official: name,
		Paragraphs: why, Contact: contactView{o.Phone, o.Email},
		Links: []linkView{
			{"/officials/" + o.Slug + priorityQuery(c, "?"), translate(lang, daysLabel)},
			{"/officials/" + o.Slug + "/waitlist", translate(lang, "wait-link")},
		}}
}

// notOpenPage refuses a slot whose day is not open for booking yet (an old
// link, a bookmark, a day that opens tomorrow): when booking opens, and the
// days open now.
func (s *Server) notOpenPage(c echo.Context, o *booking.Official, start, opens time.Time) refusalPage {
	lang := pageLang(c)
	return s.dayRefusalPage(c, o, translate(lang, "refuse-not-open-title"), "refuse-days-open",
		i18n.T(lang, "refuse-not-open-when", i18n.FormatOnDate(start, lang), i18n.FormatOnDate(opens, lang), i18n.FormatTime(opens, lang)),
		translate(lang, "refuse-not-open-together"))
}

// dayRefusal tells whether err refuses a slot for its day: not open for
// booking yet (booking.NotOpenYet), or holding no reception at all
// (booking.NoReceptionDay).
func dayRefusal(err error) bool {
	_, notOpen := booking.NotOpenYet(err)
	reason, _ := booking.NoReceptionDay(err)
	return notOpen || reason != ""
}

// slotRefusal tells whether err is a refusal of the slot itself (full, or
// refused for its day), which slotRefused answers.
func slotRefusal(err error) bool {
	return dayRefusal(err) || booking.ErrorCode(err) == booking.ESLOTFULL
}
