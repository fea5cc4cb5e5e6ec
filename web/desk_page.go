package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
	"github.com/priemna/priemna/calendar"
)

// The desk: one focused input per official and day that takes a reference
// typed or scanned (a USB scanner types it and presses Enter), records the
// arrival and shows who came in large type, ready for the next scan. It
// works without JavaScript; /static/desk.js adds a camera scan through the
// browser's own BarcodeDetector where there is one.

type deskArrival struct {
	Reference, Name, Time, Topic, Needs, Status string
	Late                                        bool
}

type deskPage struct {
	formPage
	Slug, Date, DateLabel string
	Arrival               *deskArrival
	Problem               string
	Arrived, Expected     int
}

func (s *Server) deskPage(c echo.Context) error {
	return s.showDesk(c, http.StatusOK, nil, "")
}

func (s *Server) showDesk(c echo.Context, status int, arrival *deskArrival, problem string) error {
	lang := pageLang(c)
	o, day, err := s.desk(c)
	if err != nil {
		return err
	}
	sheet, err := s.cfg.Bookings.DaySheet(c.Request().Context(), o.ID, day)
	if err != nil {
		return err
	}
	name, _ := officialName(o, lang)
	p := deskPage{formPage: s.formPage(c, lang, translate(lang, "desk-title")+": "+name, nil), Slug: o.Slug, Date: day.String(),
		DateLabel: i18n.FormatDate(day.Start(), lang), Arrival: arrival, Problem: problem}
	for _, b := range sheet {
		switch b.Status {
		case booking.StatusCancelled, booking.StatusPending:
		case booking.StatusArrived, booking.StatusLate, booking.StatusCompleted:
			p.Arrived++
			p.Expected++
		default:
			p.Expected++
		}
	}
	return s.render(c, status, "staff_desk", &p)
}

// desk is the official and the day the desk works on, if the signed-in
// user may act for the official.
func (s *Server) desk(c echo.Context) (*booking.Official, calendar.Date, error) {
	o, err := s.managedOfficial(c, c.Param("slug"))
	if err != nil {
		return nil, calendar.Date{}, err
	}
	day, err := deskDay(c, s.cfg.Bookings.Today())
	return o, day, err
}

// deskDay is the day the desk works on: ?date= or the form's date, else today.
func deskDay(c echo.Context, today calendar.Date) (calendar.Date, error) {
	v := c.QueryParam("date")
	if c.Request().Method == http.MethodPost {
		v = c.FormValue("date")
	}
	if v == "" {
		return today, nil
	}
	d, err := calendar.ParseDate(v)
	if err != nil {
		return today, booking.Errorf(booking.EINVALID, "err.the-date-must-look-like-2")
	}
	return d, nil
}

// deskCheckIn records the arrival of the scanned or typed reference.
func (s *Server) deskCheckIn(c echo.Context) error {
	lang := pageLang(c)
	o, day, err := s.desk(c)
	if err != nil {
		return err
	}
	ref := strings.TrimSpace(c.FormValue("reference"))
	if ref == "" {
		return s.showDesk(c, http.StatusUnprocessableEntity, nil, translate(lang, "desk-empty"))
	}
	b, err := s.cfg.Bookings.CheckInAtDesk(c.Request().Context(), currentUser(c), o, day, ref)
	if err != nil {
		if code := booking.ErrorCode(err); code == booking.EINTERNAL || code == booking.EUNAVAILABLE {
			return err
		}
		return s.showDesk(c, httpStatus(booking.ErrorCode(err)), nil, booking.ErrorMessage(err).In(lang))
	}
	a := &deskArrival{Reference: b.Reference, Name: b.Name, Time: i18n.FormatTime(b.Start, lang), Topic: b.Topic,
		Needs: needsText(lang, b.Accessibility.Needs, b.Accessibility.Note), Status: booking.StatusText(b.Status).In(lang),
		Late: b.Status == booking.StatusLate}
	return s.showDesk(c, http.StatusOK, a, "")
}
