package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
)

// Staff see the contested no-shows of an official and cancel the strike
// (the no-show then no longer counts towards a pause) or keep it.

type contestRow struct {
	Reference, Time, Name, Reason, Contested string
}

type contestsPage struct {
	formPage
	Slug     string
	Rows     []contestRow
	Notice   string
	Deadline string // how long citizens have to contest
}

func (s *Server) staffContests(c echo.Context) error {
	lang := pageLang(c)
	o, err := s.managedOfficial(c, c.Param("slug"))
	if err != nil {
		return err
	}
	list, err := s.cfg.Bookings.OpenContests(c.Request().Context(), currentUser(c), o.ID)
	if err != nil {
		return err
	}
	name, _ := officialName(o, lang)
	p := contestsPage{formPage: s.formPage(c, lang, translate(lang, "contests-title")+": "+name, nil), Slug: o.Slug,
		Deadline: i18n.T(lang, "contests-deadline", booking.ContestDays)}
	switch c.QueryParam("done") {
	case "strike-cancel":
		p.Notice = translate(lang, "strike-cancelled")
	case "strike-keep":
		p.Notice = translate(lang, "strike-kept")
	}
	for _, ct := range list {
		p.Rows = append(p.Rows, contestRow{Reference: ct.Booking.Reference, Time: i18n.FormatDateTime(ct.Booking.Start, lang),
			Name: ct.Booking.Name, Reason: booking.ContestReasonText[ct.Reason].In(lang), Contested: i18n.FormatDateTime(ct.CreatedAt, lang)})
	}
	return s.render(c, http.StatusOK, "staff_contests", &p)
}

// decideContest answers the contest of a no-show from the contests page.
func (s *Server) decideContest(c echo.Context, b *booking.Booking, cancelStrike bool) error {
	if _, err := s.cfg.Bookings.DecideContest(c.Request().Context(), currentUser(c), b.Reference, cancelStrike); err != nil {
		return err
	}
	done := "strike-keep"
	if cancelStrike {
		done = "strike-cancel"
	}
	return c.Redirect(http.StatusSeeOther, "/staff/officials/"+b.OfficialSlug+"/contests?done="+done)
}
