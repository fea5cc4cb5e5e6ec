package web

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
	"github.com/priemna/priemna/calendar"
)

// Cancelling a reception day, or handing it to a deputy, goes through a
// page that lists the citizens who will be told and asks for the reason;
// only its button changes anything.

type closeCitizen struct{ Time, Name, Reference, Contact string }

type closePage struct {
	formPage
	Slug, Date, Action string
	Handover           bool
	Citizens           []closeCitizen
	Deputies           []officialView
	Deputy, Reason     string
}

func (s *Server) closeDayCheck(c echo.Context) error {
	return s.showCloseCheck(c, http.StatusOK, false, nil)
}

func (s *Server) handOverCheck(c echo.Context) error {
	return s.showCloseCheck(c, http.StatusOK, true, nil)
}

func (s *Server) showCloseCheck(c echo.Context, status int, handover bool, errs map[string]string) error {
	lang := pageLang(c)
	ctx := c.Request().Context()
	o, err := s.managedOfficial(c, c.Param("slug"))
	if err != nil {
		return err
	}
	date := c.QueryParam("date")
	if c.Request().Method == http.MethodPost {
		date = c.FormValue("date")
	}
	d, err := calendar.ParseDate(date)
	if err != nil {
		return booking.Errorf(booking.EINVALID, "err.the-date-must-look-like-2")
	}
	title, action := "close-check-title", "/staff/officials/"+o.Slug+"/closures"
	if handover {
		title, action = "handover-check-title", "/staff/officials/"+o.Slug+"/handover"
	}
	name, _ := officialName(o, lang)
	p := closePage{formPage: s.formPage(c, lang, translate(lang, title)+": "+name+", "+i18n.FormatDate(d.Start(), lang), errs),
		Slug: o.Slug, Date: d.String(), Action: action, Handover: handover, Deputy: c.FormValue("deputy"), Reason: c.FormValue("reason")}
	list, err := s.cfg.Bookings.DaySheet(ctx, o.ID, d)
	if err != nil {
		return err
	}
	for _, b := range list {
		if !b.Status.Allows(booking.ActCloseDay) {
			continue
		}
		contact := b.Email
		if contact == "" {
			contact = translate(lang, "no-email")
			if b.Phone != "" {
				contact += ": " + b.Phone
			}
		}
		p.Citizens = append(p.Citizens, closeCitizen{i18n.FormatTime(b.Start, lang), b.Name, b.Reference, contact})
	}
	if handover {
		deputies, err := s.cfg.Bookings.Deputies(ctx, currentUser(c), o)
		if err != nil {
			return err
		}
		for i := range deputies {
			n, t := officialName(&deputies[i], lang)
			p.Deputies = append(p.Deputies, officialView{deputies[i].Slug, n, t})
		}
	}
	return s.render(c, status, "staff_close", &p)
}

// closeDaySubmit cancels a reception day from its check page.
func (s *Server) closeDaySubmit(c echo.Context) error {
	o, err := s.managedOfficial(c, c.Param("slug"))
	if err != nil {
		return err
	}
	_, _, err = s.cfg.Bookings.CloseDay(c.Request().Context(), currentUser(c), o.ID, c.FormValue("date"), c.FormValue("reason"))
	if errs, ok := fieldErrors(err, pageLang(c)); ok {
		return s.showCloseCheck(c, http.StatusUnprocessableEntity, false, errs)
	} else if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/officials/"+o.Slug+"/day?date="+url.QueryEscape(c.FormValue("date")))
}

// handOver gives the day to a deputy: the bookings move, the citizens get
// updated invitations.
func (s *Server) handOver(c echo.Context) error {
	o, err := s.managedOfficial(c, c.Param("slug"))
	if err != nil {
		return err
	}
	_, err = s.cfg.Bookings.HandOverDay(c.Request().Context(), currentUser(c), o.ID, c.FormValue("deputy"), c.FormValue("date"), c.FormValue("reason"))
	if errs, ok := fieldErrors(err, pageLang(c)); ok {
		return s.showCloseCheck(c, http.StatusUnprocessableEntity, true, errs)
	} else if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/officials/"+o.Slug+"/day?date="+url.QueryEscape(c.FormValue("date")))
}
