package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
	"github.com/priemna/priemna/calendar"
)

// "Сигнали и жалби": the public complaint form (tied to a booking when
// reached from its manage page), the register for staff with its answer
// form, and the open data of the register.

type complaintForm struct {
	Text, Email, Language, Booking string
}

type complaintMonthView struct {
	Month            string
	Received, InTime int
	Share            string
}

type complaintPage struct {
	formPage
	Form      complaintForm
	Reference string // of the booking it is about
	Months    []complaintMonthView
}

func (s *Server) complaintForm(c echo.Context) error {
	return s.showComplaintForm(c, http.StatusOK, complaintForm{Language: pageLang(c), Booking: c.QueryParam("booking")}, nil)
}

func (s *Server) showComplaintForm(c echo.Context, status int, f complaintForm, errs map[string]string) error {
	lang := pageLang(c)
	ctx := c.Request().Context()
	p := complaintPage{formPage: s.formPage(c, lang, translate(lang, "complaints-title"), errs), Form: f}
	if f.Booking != "" {
		if b, err := s.cfg.Bookings.Booking(ctx, f.Booking); err == nil {
			p.Reference = b.Reference
		} else {
			p.Form.Booking = ""
		}
	}
	months, err := s.complaintMonths(c)
	if err != nil {
		return err
	}
	for _, m := range months {
		p.Months = append(p.Months, complaintMonthView{m.Month, m.Received, m.InTime, share(m.InTime, m.Received)})
	}
	return s.render(c, status, "complaint_form", &p)
}

// complaintMonths is the open data of the last twelve months.
func (s *Server) complaintMonths(c echo.Context) ([]booking.ComplaintMonth, error) {
	today := s.cfg.Bookings.Today()
	from := calendar.DateOf(today.Start().AddDate(0, -11, 0))
	return s.cfg.Bookings.ComplaintStats(c.Request().Context(), from, today)
}

func share(part, whole int) string {
	if whole == 0 {
		return "—"
	}
	return fmt.Sprintf("%d %%", (part*100+whole/2)/whole)
}

type complaintFiledPage struct {
	page
	Number, Due string
}

func (s *Server) complaintSubmit(c echo.Context) error {
	lang := pageLang(c)
	f := complaintForm{Text: c.FormValue("text"), Email: c.FormValue("email"), Language: c.FormValue("language"), Booking: c.FormValue("booking")}
	cp, err := s.cfg.Bookings.FileComplaint(c.Request().Context(), booking.ComplaintRequest{Text: f.Text, Email: f.Email,
		Language: f.Language, BookingToken: f.Booking})
	var be *booking.Error
	if errors.As(err, &be) && be.Code == booking.EINVALID {
		errs := map[string]string{}
		for field, msg := range be.Fields {
			errs[field] = msg.In(lang)
		}
		return s.showComplaintForm(c, http.StatusUnprocessableEntity, f, errs)
	} else if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "complaint_filed", &complaintFiledPage{page{Lang: lang, Title: translate(lang, "complaint-filed-title")},
		cp.Number, i18n.FormatDate(cp.DueAt, lang)})
}

type complaintRow struct {
	ID                                int64
	Number, Filed, Due, Text, Email   string
	Reference, Answer, Answered, Whom string
	Overdue, Open                     bool
}

type staffComplaintsPage struct {
	formPage
	Rows   []complaintRow
	Row    *complaintRow // the complaint being answered
	Notice string
	Answer string
}

func (s *Server) complaintRowOf(c *booking.Complaint, lang string) complaintRow {
	r := complaintRow{ID: c.ID, Number: c.Number, Filed: i18n.FormatDate(c.CreatedAt, lang), Due: i18n.FormatDate(c.DueAt, lang),
		Text: c.Text, Email: c.Email, Reference: c.Reference, Answer: c.Answer, Whom: c.AnsweredName,
		Overdue: c.Overdue(s.cfg.Bookings.Clock()), Open: c.AnsweredAt.IsZero()}
	if !r.Open {
		r.Answered = i18n.FormatDateTime(c.AnsweredAt, lang)
	}
	return r
}

// staffComplaints is the register, by due date, overdue ones marked.
func (s *Server) staffComplaints(c echo.Context) error {
	lang := pageLang(c)
	list, err := s.cfg.Bookings.Register(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	p := staffComplaintsPage{formPage: s.formPage(c, lang, translate(lang, "register-title"), nil)}
	for i := range list {
		p.Rows = append(p.Rows, s.complaintRowOf(&list[i], lang))
	}
	return s.render(c, http.StatusOK, "staff_complaints", &p)
}

func (s *Server) staffComplaint(c echo.Context) error {
	return s.showStaffComplaint(c, http.StatusOK, "", nil, "")
}

func (s *Server) showStaffComplaint(c echo.Context, status int, answer string, errs map[string]string, notice string) error {
	lang := pageLang(c)
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return echo.ErrNotFound
	}
	cp, err := s.cfg.Bookings.ComplaintFor(c.Request().Context(), id, currentUser(c))
	if err != nil {
		return err
	}
	row := s.complaintRowOf(cp, lang)
	p := staffComplaintsPage{formPage: s.formPage(c, lang, translate(lang, "complaint-title")+" "+cp.Number, errs), Row: &row,
		Notice: notice, Answer: answer}
	return s.render(c, status, "staff_complaint", &p)
}

func (s *Server) staffAnswerComplaint(c echo.Context) error {
	lang := pageLang(c)
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return echo.ErrNotFound
	}
	answer := c.FormValue("answer")
	_, err = s.cfg.Bookings.AnswerComplaint(c.Request().Context(), id, answer, currentUser(c)) // audited in its transaction
	var be *booking.Error
	if errors.As(err, &be) && (be.Code == booking.EINVALID || be.Code == booking.ECONFLICT) {
		errs := map[string]string{"answer": be.Message.In(lang)}
		if f, ok := be.Fields["answer"]; ok {
			errs["answer"] = f.In(lang)
		}
		return s.showStaffComplaint(c, httpStatus(be.Code), answer, errs, "")
	} else if err != nil {
		return err
	}
	return s.showStaffComplaint(c, http.StatusOK, "", nil, translate(lang, "complaint-answered"))
}

func (s *Server) fileComplaintJSON(c echo.Context) error {
	var in struct {
		Text         string `json:"text"`
		Email        string `json:"email"`
		Language     string `json:"language"`
		BookingToken string `json:"booking_token"`
	}
	if err := decodeJSON(c, &in, false); err != nil {
		return err
	}
	cp, err := s.cfg.Bookings.FileComplaint(c.Request().Context(), booking.ComplaintRequest{Text: in.Text, Email: in.Email,
		Language: in.Language, BookingToken: in.BookingToken})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, s.toComplaint(cp, false))
}

func (s *Server) staffComplaintsJSON(c echo.Context) error {
	list, err := s.cfg.Bookings.Register(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listJSON(list, func(cp booking.Complaint) complaintJSON { return s.toComplaint(&cp, true) }))
}

func (s *Server) complaintStatsJSON(c echo.Context) error {
	months, err := s.complaintMonths(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listJSON(months, toComplaintMonth))
}

// eraseComplaintJSON erases a complaint's personal data at the citizen's
// request; its number and dates stay.
func (s *Server) eraseComplaintJSON(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return echo.ErrNotFound
	}
	if err := s.cfg.Bookings.EraseComplaint(c.Request().Context(), currentUser(c), id); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "erased"})
}
