package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/calendar"
)

// renewFeed issues a new secret feed link for an official's staff and
// shows it once; the old link stops working.
func (s *Server) renewFeed(c echo.Context) error {
	lang := pageLang(c)
	o, err := s.managedOfficial(c, c.Param("slug"))
	if err != nil {
		return err
	}
	token, err := s.cfg.Bookings.RenewFeed(c.Request().Context(), currentUser(c), o.ID)
	if err != nil {
		return err
	}
	link := s.cfg.BaseURL + "/feeds/staff/" + token + ".ics"
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	return s.showMessage(c, http.StatusOK, lang, translate(lang, "feed-title"), translate(lang, "feed-text"), link)
}

// staffFeed serves the secret feed: the official's bookings with the
// citizens' names, matters and needs, for the staff's calendars.
func (s *Server) staffFeed(c echo.Context) error {
	token, ok := strings.CutSuffix(c.Param("file"), ".ics")
	if !ok {
		return echo.ErrNotFound
	}
	ctx := c.Request().Context()
	o, list, err := s.cfg.Bookings.FeedBookings(ctx, token)
	if err != nil {
		return err
	}
	events, err := s.cfg.Bookings.BookingEvents(ctx, list, true, nil)
	if err != nil {
		return err
	}
	data, skipped, err := calendar.EncodeFeed(calendar.MethodPublish, s.cfg.Bookings.Clock(), events...)
	if err != nil {
		return err
	}
	if skipped > 0 {
		s.cfg.Logger.Error("staff feed: events left out", "official", o.Slug, "skipped", skipped)
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Disposition", `inline; filename="`+o.Slug+`-staff.ics"`)
	return c.Blob(http.StatusOK, "text/calendar; charset=utf-8", data)
}
