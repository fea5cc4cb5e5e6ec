package web

import (
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
	"github.com/priemna/priemna/calendar"
)

type slotView struct {
	ID, Start, Label string
	Href             string // the booking form for the slot
}

type dayPage struct {
	page
	DayQuery   string // ?priority=… carried along
	Slug, Name string
	Date       string // YYYY-MM-DD
	Notice     string
	Cancelled  string // the office cancelled this day, and why
	// A public holiday holds no reception: said as the booking form's
	// refusal says it.
	Holiday, HolidayWhy string
	Slots               []slotView
	// Kept is what the citizen typed before their slot was taken: the
	// slots are then buttons that bring the form back filled in.
	Kept []hiddenField
	CSRF string
	// With no free slot: when booking opens next, and the office's phone.
	Opening, Phone string
	OtherDays      []dayView
}

func (s *Server) dayPage(c echo.Context) error {
	lang := pageLang(c)
	return s.drawOnce(c, lang, func() (string, any, error) { return s.dayPageData(c, lang, "") })
}

// showDay draws the free slots of one day, with a notice when the citizen
// was sent back because their slot was taken.
func (s *Server) showDay(c echo.Context, status int, notice string, kept []hiddenField) error {
	name, data, err := s.dayPageData(c, pageLang(c), notice)
	if err != nil {
		return err
	}
	if p, ok := data.(*dayPage); ok && len(kept) > 0 {
		p.Kept = kept
		p.CSRF, _ = c.Get("csrf").(string)
	}
	return s.render(c, status, name, data)
}

func (s *Server) dayPageData(c echo.Context, lang, notice string) (string, any, error) {
	o, err := s.cfg.Bookings.Official(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return "", nil, err
	}
	d, err := calendar.ParseDate(c.Param("date"))
	if err != nil {
		return "", nil, echo.ErrNotFound
	}
	days, byDay, err := s.slotsByDay(c, o.Slug)
	if err != nil {
		return "", nil, err
	}
	name, _ := officialName(o, lang)
	p := dayPage{page: page{Lang: lang, Title: i18n.FormatDate(d.Start(), lang)}, DayQuery: priorityQuery(c, "?"),
		Slug: o.Slug, Name: name, Date: d.String(), Notice: notice}
	if closure, err := s.cfg.Bookings.ClosureOn(c.Request().Context(), o.ID, d); err != nil {
		return "", nil, err
	} else if closure != nil {
		p.Cancelled = translate(lang, "day-cancelled-public") + ": " + closure.Reason
	}
	for _, sl := range byDay[d] {
		if sl.Available > 0 {
			p.Slots = append(p.Slots, slotView{Start: localTime(sl.Start), Label: timeRange(sl, lang),
				Href: "/officials/" + o.Slug + "/book?start=" + url.QueryEscape(localTime(sl.Start)) + priorityQuery(c, "&")})
		}
	}
	for _, other := range days {
		if other != d && freeCount(byDay[other]) > 0 && len(p.OtherDays) < 5 {
			p.OtherDays = append(p.OtherDays, dayView{other.String(), i18n.FormatDate(other.Start(), lang), freeCount(byDay[other])})
		}
	}
	if len(p.Slots) == 0 && p.Cancelled == "" {
		err := s.cfg.Bookings.NoReceptionOn(c.Request().Context(), o.Slug, d)
		switch reason, _ := booking.NoReceptionDay(err); {
		case reason == booking.RHOLIDAY:
			p.Holiday, p.HolidayWhy = noReceptionText(o, d.Start(), err, lang)
		case reason == "" && err != nil:
			return "", nil, err
		}
	}
	if len(p.Slots) == 0 {
		p.Phone = o.Phone
		if p.Opening, err = s.openingText(c, o, lang); err != nil {
			return "", nil, err
		}
	}
	return "day", &p, nil
}
