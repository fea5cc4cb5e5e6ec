package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
)

// The dead letters: mail the worker gave up on, for administrators to see
// with its last error and send again once the cause is fixed.

// deadList lists the dead letters with their bookings' references.
func (s *Server) deadList(c echo.Context) ([]messageJSON, error) {
	out := []messageJSON{}
	ctx := c.Request().Context()
	list, err := s.cfg.Bookings.DeadMessages(ctx, currentUser(c))
	if err != nil {
		return nil, err
	}
	for _, m := range list {
		ref := ""
		if b, err := s.cfg.Bookings.BookingByID(ctx, m.BookingID); err == nil {
			ref = b.Reference
		}
		out = append(out, messageJSON{ID: m.ID, Kind: string(m.Kind), Booking: ref, Attempts: m.Attempts,
			LastError: m.LastError, DueAt: localTime(m.DueAt)})
	}
	return out, nil
}

// deadMessages lists the mail the worker gave up on (administrators).
func (s *Server) deadMessages(c echo.Context) error {
	out, err := s.deadList(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

// resend sends one dead letter (its id as written in the path or the
// form) or, with no id, all of them again, audited.
func (s *Server) resend(c echo.Context, idText string) (int, error) {
	var id int64
	if idText != "" {
		var err error
		if id, err = strconv.ParseInt(idText, 10, 64); err != nil || id <= 0 {
			return 0, booking.Errorf(booking.ENOTFOUND, "text.there-is-no-such-undelivered")
		}
	}
	n, err := s.cfg.Bookings.ResendDead(c.Request().Context(), currentUser(c), id)
	if err == nil && n > 0 && s.cfg.Bookings.Changed != nil {
		s.cfg.Bookings.Changed() // wake the mail worker
	}
	return n, err
}

// resendDeadJSON: POST /api/v1/staff/outbox/dead/{id}/resend, or …/dead/resend
// for all.
func (s *Server) resendDeadJSON(c echo.Context) error {
	n, err := s.resend(c, c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]int{"resent": n})
}

type outboxPage struct {
	formPage
	Messages []messageJSON
	Resent   string
}

// outboxPage: GET /staff/outbox, the dead letters with a button for each
// and one for all.
func (s *Server) outboxPage(c echo.Context) error {
	lang := pageLang(c)
	list, err := s.deadList(c)
	if err != nil {
		return err
	}
	p := outboxPage{formPage: s.formPage(c, lang, translate(lang, "dead-letters"), nil), Messages: list}
	if n, err := strconv.Atoi(c.QueryParam("resent")); err == nil {
		p.Resent = strconv.Itoa(n)
	}
	return s.render(c, http.StatusOK, "staff_outbox", &p)
}

// outboxResend: POST /staff/outbox/resend with id, or without it for all.
func (s *Server) outboxResend(c echo.Context) error {
	n, err := s.resend(c, c.FormValue("id"))
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/outbox?lang="+pageLang(c)+"&resent="+strconv.Itoa(n))
}
