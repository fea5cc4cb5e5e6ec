package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
	"github.com/priemna/priemna/calendar"
)

// The waiting list's pages: joining, the citizen's place (from the link in
// the letter, where they can leave), and the offer of a freed seat (from
// its one-time link, taken or declined by a button: a GET changes nothing,
// so a mail scanner following the link takes nothing).

// waitForm is the joining form as submitted.
type waitForm struct {
	citizenForm
	From, To string
	Days     []string
}

func readWaitForm(c echo.Context) waitForm {
	form, _ := c.FormParams()
	return waitForm{citizenForm: readCitizenForm(form), From: form.Get("from"), To: form.Get("to"), Days: form["days"]}
}

// weekdays reads ISO weekday numbers (1 Monday … 7 Sunday); anything else
// becomes an out-of-range weekday, which the domain rejects.
func weekdays(list []string) []time.Weekday {
	var out []time.Weekday
	for _, v := range list {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 7 {
			out = append(out, -1)
			continue
		}
		out = append(out, time.Weekday(n%7))
	}
	return out
}

func (f waitForm) request(slug string) booking.WaitRequest {
	return booking.WaitRequest{Official: slug, Citizen: f.citizen(), Weekdays: weekdays(f.Days), From: f.From, To: f.To}
}

type dayChoice struct {
	Value, Label string
	Checked      bool
}

type waitJoinPage struct {
	formPage
	Slug, Who, Notice string
	Form              waitForm
	Needs             []needView
	Days              []dayChoice
}

func (s *Server) waitlistForm(c echo.Context) error {
	f := waitForm{Language: pageLang(c)}
	if d, err := calendar.ParseDate(c.QueryParam("date")); err == nil {
		f.From, f.To = d.String(), d.String()
	}
	return s.showWaitlistForm(c, http.StatusOK, f, nil, "")
}

func (s *Server) showWaitlistForm(c echo.Context, status int, f waitForm, errs map[string]string, notice string) error {
	lang := pageLang(c)
	o, err := s.cfg.Bookings.PublicOfficial(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	name, title := officialName(o, lang)
	p := waitJoinPage{formPage: s.formPage(c, lang, translate(lang, "wait-title"), errs), Slug: o.Slug, Who: name + ", " + title,
		Form: f, Notice: notice}
	for _, n := range booking.Needs {
		p.Needs = append(p.Needs, needView{string(n), needLabels[n].In(lang), slices.Contains(f.Needs, string(n))})
	}
	for i := 1; i <= 7; i++ { // ISO weekdays, Monday first
		v := strconv.Itoa(i)
		p.Days = append(p.Days, dayChoice{v, i18n.FormatWeekday(time.Weekday(i%7), lang), slices.Contains(f.Days, v)})
	}
	return s.render(c, status, "waitlist_join", &p)
}

func (s *Server) waitlistSubmit(c echo.Context) error {
	lang := pageLang(c)
	f := readWaitForm(c)
	// The citizen's details are checked as the booking form checks them.
	errs := validateForm(bookForm{Start: "-", citizenForm: f.citizenForm}, c.Param("slug"), lang)
	if len(errs) > 0 {
		return s.showWaitlistForm(c, http.StatusUnprocessableEntity, f, errs, "")
	}
	_, token, err := s.cfg.Bookings.JoinWaitlist(c.Request().Context(), f.request(c.Param("slug")))
	var be *booking.Error
	switch {
	case err == nil:
		return c.Redirect(http.StatusSeeOther, "/waitlist/"+token)
	case !errors.As(err, &be):
		return err
	case be.Code == booking.EINVALID:
		for field, msg := range be.Fields {
			errs[field] = msg.In(lang)
		}
		return s.showWaitlistForm(c, http.StatusUnprocessableEntity, f, errs, "")
	case be.Code == booking.ECONFLICT || be.Code == booking.EFORBIDDEN:
		return s.showWaitlistForm(c, httpStatus(be.Code), f, nil, be.Message.In(lang))
	}
	return err
}

type waitEntryPage struct {
	formPage
	Token, Slug, Who string
	Place            int
	Days, Matter     string
	Offer            string // the slot held for them, if any
}

func (s *Server) waitlistEntry(c echo.Context) error {
	lang := pageLang(c)
	ctx := c.Request().Context()
	e, err := s.cfg.Bookings.WaitEntry(ctx, c.Param("token"))
	if err != nil {
		return err
	}
	o, err := s.cfg.Bookings.Official(ctx, e.OfficialSlug)
	if err != nil {
		return err
	}
	name, title := officialName(o, lang)
	p := waitEntryPage{formPage: s.formPage(c, lang, translate(lang, "wait-entry-title"), nil), Token: c.Param("token"),
		Slug: o.Slug, Who: name + ", " + title, Place: e.Place, Days: waitDays(e, lang), Matter: e.Topic}
	if !e.OfferFrom.IsZero() {
		p.Offer = i18n.FormatDateTime(e.OfferFrom, lang)
	}
	return s.render(c, http.StatusOK, "waitlist_entry", &p)
}

// waitDays says which days an entry waits for.
func waitDays(e *booking.WaitEntry, lang string) string {
	s := translate(lang, "page.from") + i18n.FormatDate(e.From.Start(), lang) + translate(lang, "page.to") +
		i18n.FormatDate(e.To.Start(), lang)
	var names []string
	for i := 1; i <= 7; i++ { // Monday first
		if d := time.Weekday(i % 7); e.Weekdays&(1<<uint(d)) != 0 {
			names = append(names, i18n.FormatWeekday(d, lang))
		}
	}
	if len(names) > 0 {
		s += "; " + strings.Join(names, ", ")
	}
	return s
}

func (s *Server) waitlistLeave(c echo.Context) error {
	lang := pageLang(c)
	if err := s.cfg.Bookings.LeaveWaitlist(c.Request().Context(), c.Param("token")); err != nil {
		return err
	}
	return s.showMessage(c, http.StatusOK, lang, translate(lang, "wait-left-title"), translate(lang, "wait-left-text"))
}

func (s *Server) offerForm(c echo.Context) error {
	_, b, err := s.cfg.Bookings.OfferByCode(c.Request().Context(), c.Param("code"))
	return s.renderCoded(c, b, err, "offer-title", "waitlist_offer")
}

func (s *Server) offerTake(c echo.Context) error {
	b, err := s.cfg.Bookings.TakeOffer(c.Request().Context(), c.Param("code"))
	return toConfirmation(c, b, err)
}

func (s *Server) offerDecline(c echo.Context) error {
	lang := pageLang(c)
	if err := s.cfg.Bookings.DeclineOffer(c.Request().Context(), c.Param("code")); err != nil {
		return err
	}
	return s.showMessage(c, http.StatusOK, lang, translate(lang, "offer-declined-title"), translate(lang, "offer-declined-text"))
}
