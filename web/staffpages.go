package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
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
	Officials []homeOfficial
	Today     string
}

// homeOfficial is an official on the staff home, with today's bookings.
type homeOfficial struct {
	officialView
	Booked   string
	Contests int // open objections to no-shows
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
	today := s.cfg.Bookings.Today()
	p.Today = i18n.FormatDate(today.Start(), lang)
	for i := range list {
		if u.CanManage(list[i].ID) {
			name, title := officialName(&list[i], lang)
			sheet, err := s.cfg.Bookings.DaySheet(c.Request().Context(), list[i].ID, today)
			if err != nil {
				return err
			}
			contests, err := s.cfg.Bookings.OpenContests(c.Request().Context(), u, list[i].ID)
			if err != nil {
				return err
			}
			n := s.cfg.Bookings.Summarize(sheet).Booked
			p.Officials = append(p.Officials, homeOfficial{officialView{list[i].Slug, name, title},
				i18n.N(lang, "today", n), len(contests)})
		}
	}
	return s.render(c, http.StatusOK, "staff_home", &p)
}
