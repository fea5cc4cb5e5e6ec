package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
	"github.com/priemna/priemna/calendar"
)

//go:embed templates/*.html templates/partials/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pageCSP allows the site's own stylesheet and nothing inline.
const pageCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// pages maps a page name to its template, each parsed once with the layout.
var pages = func() map[string]*template.Template {
	funcs := template.FuncMap{"t": translate, "n": i18n.N, "languages": i18n.Languages, "norm": i18n.Norm, "tel": telURI, "field": newField, "qr": qrSVG}
	m := map[string]*template.Template{}
	for _, name := range []string{"feedback", "message", "home", "official", "day", "book", "check", "confirmation",
		"manage", "hold", "cancel", "move", "privacy", "accessibility", "staff_login", "staff_home", "staff_day", "staff_close", "staff_contests", "contest", "stats", "staff_official", "staff_schedules", "staff_end", "staff_unit",
		"waitlist_join", "waitlist_entry", "refusal", "links", "charter", "waitlist_offer", "staff_waitlist", "staff_desk",
		"complaint_form", "complaint_filed", "staff_complaints", "staff_complaint", "staff_outbox"} {
		m[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(templateFS,
			"templates/layout.html", "templates/partials/*.html", "templates/"+name+".html"))
	}
	return m
}()

// telURI is a phone number as a tel: link dials it: digits and a leading
// + only, so the URL is safe (html/template would refuse the scheme).
func telURI(phone string) template.URL {
	return template.URL("tel:" + strings.Map(func(r rune) rune {
		if r == '+' || (r >= '0' && r <= '9') {
			return r
		}
		return -1
	}, phone))
}

// translate is the template function t: the catalogue's message key in the
// page's language.
func translate(lang, key string) string { return i18n.T(lang, key) }

// ratingWords names the ratings 1 to 5 (index 0 is unused).
func ratingWords(lang string) [6]string {
	return [6]string{"", i18n.T(lang, "page.rating-1"), i18n.T(lang, "page.rating-2"), i18n.T(lang, "page.rating-3"),
		i18n.T(lang, "page.rating-4"), i18n.T(lang, "page.rating-5")}
}

// page is what every page template gets.
type page struct {
	Lang   string
	Title  string
	Switch []langLink // the same page in each other language
	// Staff, on the staff pages (error pages included), links back to the
	// staff home and the day sheet; those pages use the full width.
	Staff *staffNav
	// SwitchForm, when set, is the id of the page's form the language
	// switch sends to SwitchAction (with ?lang=), so that what was typed
	// is kept; SwitchEdit asks for the form back rather than its check.
	SwitchForm, SwitchAction string
	SwitchEdit               bool
}

func (p *page) setStaff(n *staffNav) { p.Staff = n }

// langLink is the current page in another language, named in that
// language: a link, or a button that sends the page's form (Form).
type langLink struct {
	Lang, Name, URL, Form string
	Edit                  bool
}

func (p *page) setSwitch(l []langLink) {
	if p.SwitchForm != "" {
		for i := range l {
			l[i].Form, l[i].Edit, l[i].URL = p.SwitchForm, p.SwitchEdit, p.SwitchAction+"?lang="+l[i].Lang
		}
	}
	p.Switch = l
}
func (p *page) language() string { return p.Lang }

// switchLinks is the current page in every other language of the catalogue.
func switchLinks(c echo.Context, lang string) []langLink {
	var links []langLink
	for _, other := range i18n.Languages() {
		if other != lang {
			links = append(links, langLink{Lang: other, Name: i18n.T(other, "language-name"), URL: switchURL(c, other)})
		}
	}
	return links
}

// switchURL is the current page in the language other. A form that was
// posted is offered as the page that shows it.
func switchURL(c echo.Context, other string) string {
	req := c.Request()
	q := url.Values{}
	path := req.URL.Path
	if req.Method == http.MethodGet {
		q = req.URL.Query()
	} else {
		path = strings.TrimSuffix(path, "/confirm")
		if start := c.FormValue("start"); start != "" && strings.HasSuffix(path, "/book") {
			q.Set("start", start)
		}
	}
	q.Set("lang", other)
	return path + "?" + q.Encode()
}

// render writes a page with the security headers pages need.
func (s *Server) render(c echo.Context, status int, name string, data any) error {
	body, err := draw(c, name, data)
	if err != nil {
		return err
	}
	return writePage(c, status, body)
}

// draw renders a page for the request, with its language switch.
func draw(c echo.Context, name string, data any) ([]byte, error) {
	if p, ok := data.(interface{ setSwitch([]langLink) }); ok {
		lang := i18n.Default
		if l, ok := data.(interface{ language() string }); ok {
			lang = l.language()
		}
		p.setSwitch(switchLinks(c, lang))
	}
	if p, ok := data.(interface{ setStaff(*staffNav) }); ok {
		p.setStaff(staffNavFor(c))
	}
	page, ok := pages[name]
	if !ok {
		return nil, fmt.Errorf("web: no page %q", name)
	}
	var buf bytes.Buffer
	if err := page.ExecuteTemplate(&buf, "layout", data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writePage(c echo.Context, status int, body []byte) error {
	c.Response().Header().Set("Content-Security-Policy", pageCSP)
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, body)
}

// csrf protects the forms: a token in a SameSite=Strict, HttpOnly cookie
// that each form must send back.
func (s *Server) csrf() echo.MiddlewareFunc {
	return middleware.CSRFWithConfig(middleware.CSRFConfig{
		TokenLookup:    "form:_csrf",
		CookieName:     s.cookieName("priemna_csrf"),
		CookiePath:     "/",
		CookieMaxAge:   86400,
		CookieHTTPOnly: true,
		CookieSecure:   s.https(),
		CookieSameSite: http.SameSiteStrictMode,
		ErrorHandler:   func(err error, c echo.Context) error { return errFormExpired() },
	})
}

func errFormExpired() error {
	return booking.Errorf(booking.EFORBIDDEN, "err.the-form-has-expired-or")
}

func (s *Server) staticFiles() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	return http.StripPrefix("/static/", http.FileServer(http.FS(sub)))
}

// bookingFile serves /bookings/{token}.ics: the booking as a calendar
// event (METHOD:PUBLISH) with the same UID and SEQUENCE as the invitations.
func (s *Server) bookingFile(c echo.Context) error {
	token, ok := strings.CutSuffix(c.Param("file"), ".ics")
	if !ok {
		// Not a download: the manage page of the booking.
		file := c.Param("file")
		c.SetParamNames("token")
		c.SetParamValues(file)
		return s.managePage(c)
	}
	ctx := c.Request().Context()
	b, err := s.cfg.Bookings.Booking(ctx, token)
	if err != nil {
		return err
	}
	events, err := s.cfg.Bookings.BookingEvents(ctx, []booking.Booking{*b}, false, s.manageURL)
	if err != nil {
		return err
	}
	data, err := calendar.EncodeICS(calendar.MethodPublish, s.cfg.Bookings.Clock(), events...)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", `attachment; filename="`+b.Reference+`.ics"`)
	h.Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "text/calendar; charset=utf-8; method=PUBLISH", data)
}

// manageURL is the citizen's secret manage link of a booking.
func (s *Server) manageURL(b *booking.Booking) string { return s.cfg.BaseURL + "/bookings/" + b.Token }

type feedbackPage struct {
	formPage
	Intro       string
	Action      string
	Ratings     []int
	RatingWords [6]string
	Rating      int
	Comment     string
}

func (s *Server) feedbackForm(c echo.Context) error {
	return s.showFeedback(c, http.StatusOK, 0, "", nil)
}

func (s *Server) showFeedback(c echo.Context, status, rating int, comment string, errs map[string]string) error {
	b, err := s.cfg.Bookings.Booking(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	lang := pageLanguage(c, b.Language)
	if given, err := s.cfg.Bookings.FeedbackFor(c.Request().Context(), b); err != nil {
		return err
	} else if given != nil || !b.CanGiveFeedback() {
		text := booking.T("err.you-can-rate-the-meeting")
		if given != nil {
			text = booking.T("err.you-have-already-rated-this")
		}
		return s.showMessage(c, http.StatusOK, lang, translate(lang, "page.rate-the-meeting"), text.In(lang))
	}
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	return s.render(c, status, "feedback", &feedbackPage{
		formPage: s.formPage(c, lang, translate(lang, "page.how-was-your-meeting"), errs),
		Intro:    i18n.T(lang, "page.feedback-intro", i18n.FormatOnDateTime(b.Start, lang), b.Reference),
		Action:   "/bookings/" + b.Token + "/feedback",
		Ratings:  []int{5, 4, 3, 2, 1}, RatingWords: ratingWords(lang), Rating: rating, Comment: comment,
	})
}

type messagePage struct {
	page
	Paragraphs []string
}

// showMessage draws a page that only tells something: a title and its
// paragraphs.
func (s *Server) showMessage(c echo.Context, status int, lang, title string, paragraphs ...string) error {
	return s.render(c, status, "message", &messagePage{page{Lang: lang, Title: title}, paragraphs})
}

func (s *Server) submitFeedback(c echo.Context) error {
	rating, _ := strconv.Atoi(c.FormValue("rating"))
	comment := c.FormValue("comment")
	_, err := s.cfg.Bookings.GiveFeedback(c.Request().Context(), c.Param("token"), rating, comment)
	var be *booking.Error
	if booking.ErrorCode(err) == booking.EINVALID && asError(err, &be) {
		b, _ := s.cfg.Bookings.Booking(c.Request().Context(), c.Param("token"))
		lang := pageLanguage(c, b.Language)
		errs := map[string]string{}
		for field, msg := range be.Fields {
			errs[field] = msg.In(lang)
		}
		return s.showFeedback(c, http.StatusUnprocessableEntity, rating, comment, errs)
	} else if err != nil {
		return err
	}
	b, _ := s.cfg.Bookings.Booking(c.Request().Context(), c.Param("token"))
	lang := pageLanguage(c, b.Language)
	return s.showMessage(c, http.StatusOK, lang, translate(lang, "page.thank-you"), translate(lang, "page.your-rating-is-recorded-it"))
}

func asError(err error, target **booking.Error) bool { return errors.As(err, target) }

// pageLanguage is the language chosen on the site (?lang= or its cookie),
// else the booking's own: the language its letters were written in.
func pageLanguage(c echo.Context, def string) string {
	if _, err := c.Cookie("lang"); err == nil || c.QueryParam("lang") != "" {
		return pageLang(c) // chosen on the site
	}
	return i18n.Norm(def)
}
