package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
)

// A citizen contests a no-show from the link in the letter about it; staff
// decide on the contests of their officials (staff_contests_page.go).

type contestPage struct {
	*bookingPage
	Reasons  []checkOption
	Contest  string // the reason given, once contested
	NoShow   bool
	Received bool // just sent
	// Until is the last day to contest (ContestDays after the meeting);
	// Late once it has passed: the page then offers the contact centre and
	// the complaint form instead of the form.
	Until, LateText string
	Late            bool
	ContactCentre   string
}

func (s *Server) contestForm(c echo.Context) error {
	return s.showContest(c, http.StatusOK, nil)
}

func (s *Server) showContest(c echo.Context, status int, errs map[string]string) error {
	p, err := s.bookingView(c, "contest-title")
	if err != nil {
		return err
	}
	lang := p.Lang
	if errs != nil {
		p.formPage = s.formPage(c, lang, translate(lang, "contest-title"), errs)
	}
	cp := &contestPage{bookingPage: p, NoShow: p.Booking.Status == booking.StatusNoShow, Received: c.QueryParam("done") == "sent",
		ContactCentre: s.cfg.Bookings.ContactCentre}
	until := i18n.FormatDate(booking.ContestUntil(p.Booking.Start).Start(), lang)
	cp.Until = i18n.T(lang, "contest-until", until)
	contest, err := s.cfg.Bookings.ContestOf(c.Request().Context(), p.Booking)
	if err != nil {
		return err
	}
	if contest != nil {
		cp.Contest = booking.ContestReasonText[contest.Reason].In(lang)
	} else if cp.NoShow && !s.cfg.Bookings.ContestOpen(p.Booking) {
		cp.Late, cp.LateText = true, i18n.T(lang, "contest-late", booking.ContestDays, until)
		cp.Title = translate(lang, "contest-late-title")
	}
	for _, r := range booking.ContestReasons {
		cp.Reasons = append(cp.Reasons, checkOption{string(r), booking.ContestReasonText[r].In(lang), c.FormValue("reason") == string(r)})
	}
	return s.render(c, status, "contest", cp)
}

func (s *Server) contestSubmit(c echo.Context) error {
	_, err := s.cfg.Bookings.ContestNoShow(c.Request().Context(), c.Param("token"), booking.ContestReason(c.FormValue("reason")))
	if errs, ok := fieldErrors(err, pageLang(c)); ok {
		return s.showContest(c, http.StatusUnprocessableEntity, errs)
	} else if booking.ErrorCode(err) == booking.ECONFLICT {
		// Contested already, not a no-show, or too late: the page says
		// which, with the way forward.
		return s.showContest(c, http.StatusConflict, nil)
	} else if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/bookings/"+c.Param("token")+"/contest?done=sent")
}
