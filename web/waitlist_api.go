package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
)

type waitRequestJSON struct {
	citizenJSON
	Days []int  `json:"days"` // ISO weekdays, 1 Monday … 7 Sunday; empty: any
	From string `json:"from"`
	To   string `json:"to"`
}

func (s *Server) joinWaitlistJSON(c echo.Context) error {
	var in waitRequestJSON
	if err := decodeJSON(c, &in, false); err != nil {
		return err
	}
	days := make([]string, len(in.Days))
	for i, d := range in.Days {
		days[i] = strconv.Itoa(d)
	}
	e, token, err := s.cfg.Bookings.JoinWaitlist(c.Request().Context(), booking.WaitRequest{Official: c.Param("slug"),
		Citizen: in.citizenJSON.domain(), Weekdays: weekdays(days), From: in.From, To: in.To})
	if err != nil {
		return err
	}
	j := toWaitEntry(e, false)
	j.Token, j.ManageURL = token, s.cfg.BaseURL+"/waitlist/"+token
	return c.JSON(http.StatusCreated, j)
}

func (s *Server) waitEntryJSON(c echo.Context) error {
	e, err := s.cfg.Bookings.WaitEntry(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toWaitEntry(e, false))
}

func (s *Server) leaveWaitlistJSON(c echo.Context) error {
	if err := s.cfg.Bookings.LeaveWaitlist(c.Request().Context(), c.Param("token")); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]string{"status": string(booking.WaitLeft)})
}

func (s *Server) offerJSON(c echo.Context) error {
	_, b, err := s.cfg.Bookings.OfferByCode(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, offerJSON{b.OfficialSlug, localTime(b.Start), localTime(b.End), localTime(b.HeldUntil)})
}

func (s *Server) takeOfferJSON(c echo.Context) error {
	b, err := s.cfg.Bookings.TakeOffer(c.Request().Context(), c.Param("code"))
	return s.answerBooking(c, b, err)
}

func (s *Server) declineOfferJSON(c echo.Context) error {
	if err := s.cfg.Bookings.DeclineOffer(c.Request().Context(), c.Param("code")); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]string{"status": string(booking.OfferDeclined)})
}
