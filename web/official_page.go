package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
	"github.com/priemna/priemna/calendar"
)

type dayView struct {
	Date  string
	Label string
	Free  int
}

type roomView struct {
	Location string
	Access   string // how to reach the room, when given
	StepFree bool
	Opens    string // when booking opens for a reception day there
}

// openingText says when booking opens for the official's next reception
// day not yet open; "" when none is coming.
func (s *Server) openingText(c echo.Context, o *booking.Official, lang string) (string, error) {
	day, opens, err := s.cfg.Bookings.NextOpening(c.Request().Context(), o)
	if err != nil || day.IsZero() {
		return "", err
	}
	return i18n.T(lang, "next-opening", i18n.FormatDate(day.Start(), lang), i18n.FormatOnDateTime(opens, lang)), nil
}

// opensText says when booking opens for a reception day of a schedule
// that opens n days ahead.
func opensText(n int, lang string) string {
	at := i18n.FormatTime(booking.OpensAt(calendar.Date{Year: 2026, Month: 1, Day: 1}, 0), lang)
	return i18n.N(lang, "page.opens-days-ahead", n, at)
}

type officialPage struct {
	page
	Query                                   string // ?priority=… carried along
	Slug, Name, Role, Address, Phone, Email string
	Rooms                                   []roomView
	Days                                    []dayView
	Opening                                 string // when booking opens for the next day not yet open
	AnyFree                                 bool
}

// slotsByDay returns the official's open slots up to the booking horizon
// (the slots API offers the same), or a year ahead with a priority pass,
// grouped by day in order.
func (s *Server) slotsByDay(c echo.Context, slug string) ([]calendar.Date, map[calendar.Date][]booking.Slot, error) {
	ctx := c.Request().Context()
	today := s.cfg.Bookings.Today()
	last := today.AddDays(booking.MaxRangeDays)
	if priorityParam(c) == "" {
		var err error
		if last, err = s.cfg.Bookings.Horizon(ctx, slug); err != nil {
			return nil, nil, err
		}
	}
	slots, err := s.cfg.Bookings.PrioritySlots(ctx, slug, today, last, priorityParam(c))
	if err != nil {
		return nil, nil, err
	}
	var days []calendar.Date
	byDay := map[calendar.Date][]booking.Slot{}
	for _, sl := range slots {
		d := calendar.DateOf(sl.Start)
		if _, ok := byDay[d]; !ok {
			days = append(days, d)
		}
		byDay[d] = append(byDay[d], sl)
	}
	return days, byDay, nil
}

func freeCount(slots []booking.Slot) int {
	n := 0
	for _, sl := range slots {
		n += sl.Available
	}
	return n
}

func (s *Server) officialPage(c echo.Context) error {
	lang := pageLang(c)
	return s.drawOnce(c, lang, func() (string, any, error) { return s.officialPageData(c, lang) })
}

func (s *Server) officialPageData(c echo.Context, lang string) (string, any, error) {
	ctx := c.Request().Context()
	o, err := s.cfg.Bookings.PublicOfficial(ctx, c.Param("slug"))
	if err != nil {
		return "", nil, err
	}
	u, err := s.cfg.Bookings.Unit(ctx, o.UnitSlug)
	if err != nil {
		return "", nil, err
	}
	schedules, err := s.cfg.Bookings.Schedules(ctx, o.ID)
	if err != nil {
		return "", nil, err
	}
	name, title := officialName(o, lang)
	p := officialPage{page: page{Lang: lang, Title: name}, Query: priorityQuery(c, "?"), Slug: o.Slug, Name: name, Role: title + ", " + i18n.Pick(lang, u.Name, u.NameEN),
		Address: i18n.Pick(lang, u.Address, u.AddressEN), Phone: o.Phone, Email: o.Email}
	for _, sch := range schedules {
		r := roomView{i18n.Pick(lang, sch.Location, sch.LocationEN), booking.AccessNote(&sch, lang), sch.StepFree, opensText(sch.BookingOpensDays, lang)}
		if sch.Active && !slices.Contains(p.Rooms, r) {
			p.Rooms = append(p.Rooms, r)
		}
	}
	days, byDay, err := s.slotsByDay(c, o.Slug)
	if err != nil {
		return "", nil, err
	}
	for _, d := range days {
		p.Days = append(p.Days, dayView{d.String(), i18n.FormatDate(d.Start(), lang), freeCount(byDay[d])})
		p.AnyFree = p.AnyFree || freeCount(byDay[d]) > 0
	}
	if p.Opening, err = s.openingText(c, o, lang); err != nil {
		return "", nil, err
	}
	return "official", &p, nil
}

// officialFeed serves /feeds/officials/{slug}.ics: the official's public
// reception days, with no personal data.
func (s *Server) officialFeed(c echo.Context) error {
	slug, ok := strings.CutSuffix(c.Param("file"), ".ics")
	if !ok {
		return echo.ErrNotFound
	}
	ctx := c.Request().Context()
	o, err := s.cfg.Bookings.Official(ctx, slug)
	if err != nil {
		return err
	}
	today := s.cfg.Bookings.Today()
	sessions, err := s.cfg.Bookings.Sessions(ctx, slug, today.AddDays(-30), today.AddDays(180))
	if err != nil {
		return err
	}
	host := "priemna.local"
	if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	events := make([]calendar.Event, len(sessions))
	for i, ses := range sessions {
		events[i] = calendar.Event{
			UID:   "session-" + strconv.FormatInt(ses.ScheduleID, 10) + "-" + ses.Start.UTC().Format("20060102T150405Z") + "@" + host,
			Start: ses.Start, End: ses.End, Location: ses.Location,
			Summary: i18n.T(i18n.Default, "page.feed-session-summary", o.Name, o.Title),
			URL:     s.cfg.BaseURL + "/officials/" + o.Slug + "/days/" + ses.Date.String(),
		}
	}
	data, err := calendar.EncodeICS(calendar.MethodPublish, s.cfg.Bookings.Clock(), events...)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=900")
	return c.Blob(http.StatusOK, "text/calendar; charset=utf-8", data)
}

// timeRange writes a slot as "09:00–09:15 ч." or "09:00–09:15".
func timeRange(sl booking.Slot, lang string) string {
	return sl.Start.In(calendar.Sofia).Format("15:04") + "–" + i18n.FormatTime(sl.End, lang)
}

// priorityParam is the priority rebooking pass a citizen's link carries.
func priorityParam(c echo.Context) string {
	p := c.FormValue("priority")
	if booking.ValidToken(p) {
		return p
	}
	return ""
}

// priorityQuery carries the pass on to the next page's link.
func priorityQuery(c echo.Context, sep string) string {
	if p := priorityParam(c); p != "" {
		return sep + "priority=" + p
	}
	return ""
}
