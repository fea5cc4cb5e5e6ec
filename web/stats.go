package web

import (
	"context"
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

// yearStats returns the monthly figures of the last twelve months, this
// one included, and their waiting lists', of one official or, with
// officialID 0, of all.
func (s *Server) yearStats(ctx context.Context, officialID int64) ([]booking.MonthStats, []booking.WaitMonth, error) {
	to := s.cfg.Bookings.Today()
	from := calendar.DateOf(time.Date(to.Year, to.Month-11, 1, 12, 0, 0, 0, calendar.Sofia))
	months, err := s.cfg.Bookings.MonthlyStats(ctx, officialID, from, to)
	if err != nil {
		return nil, nil, err
	}
	wait, err := s.cfg.Bookings.WaitlistStats(ctx, officialID, from, to)
	return months, wait, err
}

// addFigures puts the year's figures of an official (0: of all) on the
// page, with their charts.
func (s *Server) addFigures(c echo.Context, p *statsPage, officialID int64) error {
	months, wait, err := s.yearStats(c.Request().Context(), officialID)
	if err != nil {
		return err
	}
	p.Months, p.Chart, p.Wait, p.WaitChart = months, barChart(months, p.Lang), wait, waitChart(wait, p.Lang)
	return nil
}

// openDataOfficial is whose figures the open data shows: the official of
// ?official=, or all (0 and nil) without it.
func (s *Server) openDataOfficial(c echo.Context) (int64, *booking.Official, error) {
	slug := c.QueryParam("official")
	if slug == "" {
		return 0, nil, nil
	}
	o, err := s.cfg.Bookings.Official(c.Request().Context(), slug)
	if err != nil {
		return 0, nil, err
	}
	return o.ID, o, nil
}

// staffStats shows one official's monthly figures to their staff.
func (s *Server) staffStats(c echo.Context) error {
	lang := pageLang(c)
	o, err := s.managedOfficial(c, c.Param("slug"))
	if err != nil {
		return err
	}
	name, _ := officialName(o, lang)
	p := statsPage{page: page{Lang: lang, Title: translate(lang, "statistics") + ": " + name}, Intro: translate(lang, "stats-intro"),
		Back: "/staff/"}
	if err := s.addFigures(c, &p, o.ID); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "stats", &p)
}

// publicStats is the open-data page: the same figures, no personal data.
func (s *Server) publicStats(c echo.Context) error {
	lang := pageLang(c)
	officials, err := s.cfg.Bookings.Officials(c.Request().Context())
	if err != nil {
		return err
	}
	id, o, err := s.openDataOfficial(c)
	if err != nil {
		return err
	}
	whose := translate(lang, "all-officials")
	if o != nil {
		whose, _ = officialName(o, lang)
	}
	p := statsPage{page: page{Lang: lang, Title: translate(lang, "statistics") + ": " + whose}, Intro: translate(lang, "stats-public")}
	if err := s.addFigures(c, &p, id); err != nil {
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
	id, _, err := s.openDataOfficial(c)
	if err != nil {
		return err
	}
	months, wait, err := s.yearStats(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listJSON(months, func(m booking.MonthStats) monthStatsJSON { return toMonthStats(m, wait) }))
}
