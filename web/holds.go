package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// Holds: an official may take online bookings as holds, and a booking made
// without the anti-bot proof is always one. The citizen confirms a hold
// through the link in the email (/holds/{code}); the code is a secret of
// its own, so the manage token alone — which the booking page shows to
// whoever made the booking — cannot confirm it.

type holdPage struct {
	*bookingPage
	Code string
}

// holdForm shows the held booking with the button that confirms it; a GET
// changes nothing, so a mail scanner following the link confirms nothing.
func (s *Server) holdForm(c echo.Context) error {
	b, err := s.cfg.Bookings.HoldByCode(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	p, err := s.bookingViewOf(c, b, "hold-confirm-title")
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "hold", &holdPage{bookingPage: p, Code: c.Param("code")})
}

func (s *Server) holdSubmit(c echo.Context) error {
	b, err := s.cfg.Bookings.ConfirmHold(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/bookings/"+b.Token+"/confirmation")
}

func (s *Server) confirmHold(c echo.Context) error {
	b, err := s.cfg.Bookings.ConfirmHold(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.toBooking(b, true))
}
