package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
	"github.com/priemna/priemna/calendar"
)

const sessionCookie = "priemna_staff" // __Host-priemna_staff over https

// requireSession lets through only signed-in staff; anyone else is sent to
// sign in and brought back afterwards.
func (s *Server) requireSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		var u *booking.User
		ck, err := c.Cookie(s.cookieName(sessionCookie))
		if err == nil && s.cfg.Staff != nil {
			u, _ = s.cfg.Staff.Session(c.Request().Context(), ck.Value)
		}
		if u == nil {
			target := "/staff/login"
			if c.Request().Method == http.MethodGet {
				target += "?next=" + url.QueryEscape(c.Request().URL.RequestURI())
			}
			return c.Redirect(http.StatusSeeOther, target)
		}
		if err := s.staffCSRF(c, ck.Value); err != nil {
			return err
		}
		c.Set(userKey, u)
		c.Response().Header().Set("Cache-Control", "no-store")
		return next(c)
	}
}

func (s *Server) sessionCookie(token string, maxAge int) *http.Cookie {
	path := "/staff"
	if s.https() {
		path = "/" // the __Host- prefix asks for the whole site
	}
	return &http.Cookie{Name: s.cookieName(sessionCookie), Value: token, Path: path, MaxAge: maxAge, HttpOnly: true,
		Secure: s.https(), SameSite: http.SameSiteLaxMode}
}

type loginPage struct {
	formPage
	Next, Email string
}

// safeNext keeps a redirect after sign-in within the staff pages.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/staff/") && !strings.HasPrefix(next, "//") && !strings.Contains(next, "\\") {
		return next
	}
	return "/staff/"
}

func (s *Server) loginForm(c echo.Context) error {
	lang := pageLang(c)
	p := loginPage{formPage: s.formPage(c, lang, translate(lang, "staff-login"), nil), Next: safeNext(c.QueryParam("next"))}
	return s.render(c, http.StatusOK, "staff_login", &p)
}

func (s *Server) loginSubmit(c echo.Context) error {
	lang := pageLang(c)
	if s.cfg.Staff == nil {
		return echo.ErrNotFound
	}
	address := clientKey(c.RealIP())
	token, _, err := s.cfg.Staff.SignIn(c.Request().Context(), c.FormValue("email"), c.FormValue("password"), address)
	if booking.ErrorCode(err) == booking.EUNAUTHORIZED {
		// Counted and logged without the email given.
		s.metrics.signInFailed()
		s.cfg.Logger.Warn("staff sign-in failed")
		s.auditFailedSignIn(c, address)
		p := loginPage{formPage: s.formPage(c, lang, translate(lang, "staff-login"), nil), Next: safeNext(c.FormValue("next")),
			Email: c.FormValue("email")}
		p.Errors = map[string]string{"email": booking.ErrorMessage(err).In(lang)}
		p.ErrorList = []fieldError{{"email", p.Errors["email"]}}
		p.Title = translate(lang, "errors") + ": " + p.Title
		return s.render(c, http.StatusUnauthorized, "staff_login", &p)
	} else if booking.ErrorCode(err) == booking.EUNAVAILABLE {
		c.Response().Header().Set("Retry-After", "5") // too many sign-ins under way
		return err
	} else if err != nil {
		return err
	}
	c.SetCookie(s.sessionCookie(token, int(booking.SessionLifetime.Seconds())))
	// The forms of the session carry a token bound to it.
	c.SetCookie(s.csrfCookie(staffCSRF(token)))
	if u, err := s.cfg.Staff.Session(c.Request().Context(), token); err == nil {
		c.Set(userKey, u)
		s.audit(c, "sign-in", u.Email)
	}
	return c.Redirect(http.StatusSeeOther, safeNext(c.FormValue("next")))
}

func (s *Server) logout(c echo.Context) error {
	if ck, err := c.Cookie(s.cookieName(sessionCookie)); err == nil {
		if err := s.cfg.Staff.SignOut(c.Request().Context(), ck.Value); err != nil {
			return err
		}
	}
	c.SetCookie(s.sessionCookie("", -1))
	return c.Redirect(http.StatusSeeOther, "/staff/login")
}

type staffHomePage struct {
	formPage
	Units     []officialView
	Admin     bool
	User      string
	Officials []officialView
}

func (s *Server) staffHome(c echo.Context) error {
	lang := pageLang(c)
	u := currentUser(c)
	list, err := s.cfg.Bookings.Officials(c.Request().Context())
	if err != nil {
		return err
	}
	p := staffHomePage{formPage: s.formPage(c, lang, translate(lang, "staff-home"), nil), User: u.Name + " · " + u.Email,
		Admin: u.Role == booking.RoleAdmin}
	if p.Admin {
		units, err := s.cfg.Bookings.AllUnits(c.Request().Context())
		if err != nil {
			return err
		}
		for _, un := range units {
			state := ""
			if !un.Active {
				state = "(" + translate(lang, "closed") + ")"
			}
			p.Units = append(p.Units, officialView{un.Slug, i18n.Pick(lang, un.Name, un.NameEN), state})
		}
	}
	for i := range list {
		if u.CanManage(list[i].ID) {
			name, title := officialName(&list[i], lang)
			p.Officials = append(p.Officials, officialView{list[i].Slug, name, title})
		}
	}
	return s.render(c, http.StatusOK, "staff_home", &p)
}

type sheetAction struct{ URL, Label, For string }

type sheetRow struct {
	Time, Name, Reference, Phone, Topic, Needs, Status, Arrived string
	Cancelled                                                   bool
	Actions                                                     []sheetAction
}

type dayPageStaff struct {
	formPage
	Slug, Date string
	Rows       []sheetRow
	Free       []slotView // for booking on a citizen's behalf
	Form       staffBookForm
	Notice     string
	Deputies   []officialView
	Waiting    string // how many waiting citizens the day matters to
}

// staffBookForm is the form for booking on behalf of a citizen.
type staffBookForm struct {
	Start, Name, Email, Phone, Topic, Note string
	Consent                                bool
}

// staffDay is the printable day sheet of an official: each booking with the
// citizen, the matter, the help to prepare, and the check-in actions.
func (s *Server) staffDay(c echo.Context) error {
	notice := ""
	if ref := c.QueryParam("booked"); ref != "" {
		notice = translate(pageLang(c), "booked-for") + " " + ref
	}
	return s.showStaffDay(c, http.StatusOK, staffBookForm{}, nil, notice)
}

func (s *Server) showStaffDay(c echo.Context, status int, form staffBookForm, errs map[string]string, notice string) error {
	lang := pageLang(c)
	o, err := s.managedOfficial(c, c.Param("slug"))
	if err != nil {
		return err
	}
	d, err := dateParam(c, "date", s.cfg.Bookings.Today())
	if c.Request().Method == http.MethodPost {
		d, err = calendar.ParseDate(c.FormValue("date"))
	}
	if err != nil {
		return err
	}
	list, err := s.cfg.Bookings.DaySheet(c.Request().Context(), o.ID, d)
	if err != nil {
		return err
	}
	name, _ := officialName(o, lang)
	p := dayPageStaff{formPage: s.formPage(c, lang, name+" — "+i18n.FormatDate(d.Start(), lang), errs), Slug: o.Slug, Date: d.String(),
		Form: form, Notice: notice}
	slots, err := s.cfg.Bookings.StaffSlots(c.Request().Context(), o.Slug, d)
	if err != nil {
		return err
	}
	if n, err := s.cfg.Bookings.CountWaiting(c.Request().Context(), o.ID, d); err != nil {
		return err
	} else if n > 0 {
		p.Waiting = waitingText(lang, n)
	}
	officials, err := s.cfg.Bookings.Officials(c.Request().Context())
	if err != nil {
		return err
	}
	for i := range officials {
		if officials[i].ID != o.ID && currentUser(c).CanManage(officials[i].ID) {
			name, title := officialName(&officials[i], lang)
			p.Deputies = append(p.Deputies, officialView{officials[i].Slug, name, title})
		}
	}
	for _, sl := range slots {
		if sl.Available > 0 {
			p.Free = append(p.Free, slotView{Start: localTime(sl.Start), Label: timeRange(sl, lang)})
		}
	}
	for _, b := range list {
		row := sheetRow{Time: i18n.FormatTime(b.Start, lang), Name: b.Name, Reference: b.Reference, Phone: b.Phone, Topic: b.Topic,
			Status: booking.StatusText(b.Status).In(lang), Cancelled: b.Status == booking.StatusCancelled}
		var needs []string
		for _, n := range b.Accessibility.Needs {
			needs = append(needs, needLabels[n].In(lang))
		}
		if b.Accessibility.Note != "" {
			needs = append(needs, b.Accessibility.Note)
		}
		row.Needs = strings.Join(needs, "; ")
		if !b.ArrivedAt.IsZero() {
			row.Arrived = i18n.FormatTime(b.ArrivedAt, lang)
		}
		if !b.ReceivedAt.IsZero() {
			row.Arrived += " → " + i18n.FormatTime(b.ReceivedAt, lang)
		}
		for _, a := range sheetActions {
			if b.Status.Allows(a.action) {
				row.Actions = append(row.Actions, sheetAction{"/staff/bookings/" + b.Reference + "/" + a.path, translate(lang, a.label), b.Name})
			}
		}
		p.Rows = append(p.Rows, row)
	}
	return s.render(c, status, "staff_day", &p)
}

// sheetActions are the day sheet's buttons, in the order shown; the status
// table decides which a row offers.
var sheetActions = []struct {
	action      booking.Action
	path, label string
}{
	{booking.ActArrive, "arrival", "arrived"},
	{booking.ActNoShow, "no-show", "no-show"},
	{booking.ActReceive, "received", "received"},
	{booking.ActUndo, "undo", "undo"},
}

// staffBook books for a citizen who phoned or came in: the email may be
// left out, and staff confirm the citizen agreed to the data processing.
func (s *Server) staffBook(c echo.Context) error {
	lang := pageLang(c)
	o, err := s.managedOfficial(c, c.Param("slug"))
	if err != nil {
		return err
	}
	f := staffBookForm{Start: c.FormValue("start"), Name: c.FormValue("name"), Email: c.FormValue("email"), Phone: c.FormValue("phone"),
		Topic: c.FormValue("topic"), Note: c.FormValue("note"), Consent: c.FormValue("consent") == "yes"}
	if !f.Consent {
		return s.showStaffDay(c, http.StatusUnprocessableEntity, f, map[string]string{"consent": translate(lang, "consent-needed")}, "")
	}
	req := booking.BookRequest{Official: o.Slug, Start: f.Start, Name: f.Name, Email: f.Email, Phone: f.Phone, Topic: f.Topic,
		Accessibility: booking.Accessibility{Note: f.Note}, Language: "bg", ByStaff: currentUser(c)}
	if f.Note != "" {
		req.Accessibility.Needs = []booking.Need{"other"}
	}
	b, _, err := s.cfg.Bookings.Book(c.Request().Context(), req)
	if errs, ok := fieldErrors(err, lang); ok {
		return s.showStaffDay(c, http.StatusUnprocessableEntity, f, errs, "")
	} else if code := booking.ErrorCode(err); code == booking.ESLOTFULL || code == booking.ENOTBOOKABLE {
		return s.showStaffDay(c, http.StatusConflict, f, map[string]string{"start": booking.ErrorMessage(err).In(lang)}, "")
	} else if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/officials/"+o.Slug+"/day?date="+c.FormValue("date")+"&booked="+b.Reference)
}

// staffAction records arrival, no-show or undo from the day sheet and
// returns to it.
func (s *Server) staffAction(c echo.Context) error {
	b, err := s.staffBooking(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	by := currentUser(c)
	switch c.Param("action") {
	case "arrival":
		_, err = s.cfg.Bookings.RecordArrival(ctx, by, b.Reference, s.cfg.Bookings.Clock())
	case "no-show":
		_, err = s.cfg.Bookings.MarkNoShow(ctx, by, b.Reference)
	case "received":
		_, err = s.cfg.Bookings.RecordReceived(ctx, by, b.Reference, time.Time{})
	case "undo":
		_, err = s.cfg.Bookings.UndoStatus(ctx, by, b.Reference)
	default:
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/officials/"+b.OfficialSlug+"/day?date="+calendar.DateOf(b.Start).String())
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
		return s.showStaffDay(c, http.StatusUnprocessableEntity, staffBookForm{}, errs, "")
	} else if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/officials/"+o.Slug+"/day?date="+c.FormValue("date"))
}
