package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/priemna/priemna/booking"
)

// Holds: an official may take online bookings as holds, and a booking made
// without the anti-bot proof is always one. The citizen confirms a hold
// through the link in the email (/holds/{code}); the code is a secret of
// its own, so the manage token alone — which the booking page shows to
// whoever made the booking — cannot confirm it.

// codedPage is a booking held under the secret code of its link — a hold
// to confirm, a waiting-list offer to take — with the form that posts the
// code back.
type codedPage struct {
	*bookingPage
	Code string
}

// renderCoded shows the booking held under the path's code on the page
// name, titled title, or answers the error of looking it up.
func (s *Server) renderCoded(c echo.Context, b *booking.Booking, err error, title, name string) error {
	if err != nil {
		return err
	}
	p, err := s.bookingViewOf(c, b, title)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, name, &codedPage{bookingPage: p, Code: c.Param("code")})
}

// holdForm shows the held booking with the button that confirms it; a GET
// changes nothing, so a mail scanner following the link confirms nothing.
func (s *Server) holdForm(c echo.Context) error {
	b, err := s.cfg.Bookings.HoldByCode(c.Request().Context(), c.Param("code"))
	return s.renderCoded(c, b, err, "hold-confirm-title", "hold")
}

func (s *Server) holdSubmit(c echo.Context) error {
	b, err := s.cfg.Bookings.ConfirmHold(c.Request().Context(), c.Param("code"))
	return toConfirmation(c, b, err)
}

func (s *Server) confirmHold(c echo.Context) error {
	b, err := s.cfg.Bookings.ConfirmHold(c.Request().Context(), c.Param("code"))
	return s.answerBooking(c, b, err)
}
