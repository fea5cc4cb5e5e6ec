package web

import (
	"html/template"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

type statsPage struct {
	page
	Intro, Back string
	Officials   []officialView
	Chart       template.HTML
	Months      []booking.MonthStats
	Wait        []booking.WaitMonth // unmet demand: the waiting list
	WaitChart   template.HTML
}

// statsRange is the last twelve months, this one included.
func (s *Server) statsRange() (calendar.Date, calendar.Date) {
	today := s.cfg.Bookings.Today()
	from := calendar.DateOf(time.Date(today.Year, today.Month-11, 1, 12, 0, 0, 0, calendar.Sofia))
	return from, today
}

// staffStats shows one official's monthly figures to their staff.
func (s *Server) staffStats(c echo.Context) error {
	lang := pageLang(c)
	o, err := s.managedOfficial(c, c.Param("slug"))
	if err != nil {
		return err
	}
	from, to := s.statsRange()
	months, err := s.cfg.Bookings.MonthlyStats(c.Request().Context(), o.ID, from, to)
	if err != nil {
		return err
	}
	name, _ := officialName(o, lang)
	p := statsPage{page: page{Lang: lang, Title: translate(lang, "statistics") + ": " + name}, Intro: translate(lang, "stats-intro"),
		Back: "/staff/", Months: months, Chart: barChart(months, lang)}
	if err := s.addWaitStats(c, &p, o.ID); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "stats", &p)
}

// publicStats is the open-data page: the same figures, no personal data.
func (s *Server) publicStats(c echo.Context) error {
	lang := pageLang(c)
	ctx := c.Request().Context()
	officials, err := s.cfg.Bookings.Officials(ctx)
	if err != nil {
		return err
	}
	var id int64
	title := translate(lang, "statistics") + ": " + translate(lang, "all-officials")
	if slug := c.QueryParam("official"); slug != "" {
		o, err := s.cfg.Bookings.Official(ctx, slug)
		if err != nil {
			return err
		}
		name, _ := officialName(o, lang)
		id, title = o.ID, translate(lang, "statistics")+": "+name
	}
	from, to := s.statsRange()
	months, err := s.cfg.Bookings.MonthlyStats(ctx, id, from, to)
	if err != nil {
		return err
	}
	p := statsPage{page: page{Lang: lang, Title: title}, Intro: translate(lang, "stats-public"), Months: months, Chart: barChart(months, lang)}
	if err := s.addWaitStats(c, &p, id); err != nil {
		return err
	}
	for i := range officials {
		name, title := officialName(&officials[i], lang)
		p.Officials = append(p.Officials, officialView{officials[i].Slug, name, title})
	}
	return s.render(c, http.StatusOK, "stats", &p)
}

// barChart draws bookings and no-shows per month as an SVG, on the server;
// the table beside it carries the same figures for screen readers.
func barChart(months []booking.MonthStats, lang string) template.HTML {
	maxV := 1
	bars := make([]monthBars, len(months))
	for i, m := range months {
		maxV = max(maxV, m.Bookings)
		bars[i] = monthBars{m.Month, m.Bookings, m.NoShows}
	}
	return pairChart(lang, "chart-title", chartSeries{"st-bookings", "#1d70b8"}, chartSeries{"st-noshows", "#d4351c"}, 200, maxV, bars)
}

// statsJSON is the open data: monthly figures, of one official or all.
func (s *Server) statsJSON(c echo.Context) error {
	ctx := c.Request().Context()
	var id int64
	if slug := c.QueryParam("official"); slug != "" {
		o, err := s.cfg.Bookings.Official(ctx, slug)
		if err != nil {
			return err
		}
		id = o.ID
	}
	from, to := s.statsRange()
	months, err := s.cfg.Bookings.MonthlyStats(ctx, id, from, to)
	if err != nil {
		return err
	}
	wait, err := s.cfg.Bookings.WaitlistStats(ctx, id, from, to)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listJSON(months, func(m booking.MonthStats) monthStatsJSON { return toMonthStats(m, wait) }))
}
