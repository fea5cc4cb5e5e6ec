package web

import (
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

// noReceptionPage refuses a slot on a day that holds no reception at all
// (err is the domain's booking.NoReceptionDay refusal) — a public holiday
// or a day given off for one (reason booking.RHOLIDAY), or a day the
// official's schedules no longer hold (booking.RNORECEPTION) — rather than
// calling it "taken": why, and the next days with free times. A day the
// office cancelled is not one of these: its own page says so, with the
// reason.
func (s *Server) noReceptionPage(c echo.Context, o *booking.Official, start time.Time, err error) (refusalPage, error) {
	lang := pageLang(c)
	title, why := noReceptionText(o, start, err, lang)
	p := s.dayRefusalPage(c, o, title, "refuse-all-days", why)
	days, byDay, err := s.slotsByDay(c, o.Slug)
	if err != nil {
		return p, err
	}
	for _, d := range days {
		if freeCount(byDay[d]) > 0 && len(p.Days) < nextDaysShown {
			p.Days = append(p.Days, linkView{"/officials/" + o.Slug + "/days/" + d.String() + priorityQuery(c, "?"), i18n.FormatDate(d.Start(), lang)})
		}
	}
	return p, nil
}

// noReceptionText is the heading and the why of a day that holds no
// reception (err is the domain's booking.NoReceptionDay refusal), for the
// refusal of its slots and for the day's own page alike.
func noReceptionText(o *booking.Official, start time.Time, err error, lang string) (title, why string) {
	reason, holiday := booking.NoReceptionDay(err)
	on := i18n.FormatOnDate(start, lang)
	if reason == booking.RHOLIDAY {
		title = i18n.T(lang, "refuse-no-reception-holiday-title", on)
		why = i18n.T(lang, "refuse-no-reception-holiday-why", holiday.In(lang))
	} else {
		name, _ := officialName(o, lang)
		title = i18n.T(lang, "refuse-no-reception-title", on)
		why = i18n.T(lang, "refuse-no-reception-why", name)
	}
	return upperFirst(title), why
}

// upperFirst capitalises a sentence that begins with a date after "on"
// ("в понеделник, …" → "В понеделник, …").
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
