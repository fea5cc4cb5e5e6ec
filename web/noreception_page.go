package web

import (
	"net/http"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
)

// nextDaysShown is how many of the next days with free times the refusal
// of a day without reception offers as links.
const nextDaysShown = 3

// showNoReception refuses a slot on a day that holds no reception at all —
// a public holiday or a day given off for one (reason booking.RHOLIDAY), or
// a day the official's schedules no longer hold (booking.RNORECEPTION) —
// rather than calling it "taken": why, the next days with free times, the
// waiting list and the office, with what was typed kept for the language
// switch. 409, as the API answers. A day the office cancelled is not one
// of these: its own page says so, with the reason.
func (s *Server) showNoReception(c echo.Context, f bookForm, start time.Time, reason string, holiday booking.Text) error {
	lang := pageLang(c)
	o, err := s.cfg.Bookings.Official(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	name, _ := officialName(o, lang)
	on := i18n.FormatOnDate(start, lang)
	var title, why string
	if reason == booking.RHOLIDAY {
		title = i18n.T(lang, "refuse-no-reception-holiday-title", on)
		why = i18n.T(lang, "refuse-no-reception-holiday-why", holiday.In(lang))
	} else {
		title = i18n.T(lang, "refuse-no-reception-title", on)
		why = i18n.T(lang, "refuse-no-reception-why", name)
	}
	p := refusalPage{formPage: s.formPage(c, lang, upperFirst(title), nil), Slug: o.Slug, Official: name,
		Paragraphs: []string{why}, Contact: contactView{o.Phone, o.Email},
		Links: []linkView{
			{"/officials/" + o.Slug + priorityQuery(c, "?"), translate(lang, "refuse-all-days")},
			{"/officials/" + o.Slug + "/waitlist", translate(lang, "wait-link")},
		}}
	days, byDay, err := s.slotsByDay(c, o.Slug)
	if err != nil {
		return err
	}
	for _, d := range days {
		if freeCount(byDay[d]) > 0 && len(p.Days) < nextDaysShown {
			p.Days = append(p.Days, linkView{"/officials/" + o.Slug + "/days/" + d.String() + priorityQuery(c, "?"), i18n.FormatDate(d.Start(), lang)})
		}
	}
	if c.Request().Method == http.MethodPost {
		// The switch sends what was typed back in the other language.
		p.Hidden = f.hidden()
		p.SwitchForm, p.SwitchAction = "kept-form", "/officials/"+o.Slug+"/book"
	}
	return s.render(c, http.StatusConflict, "refusal", &p)
}

// upperFirst capitalises a sentence that begins with a date after "on"
// ("в понеделник, …" → "В понеделник, …").
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
