package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// "Lost my link": a citizen gives their email and gets one letter with
// the manage links of all their coming bookings. The page answers the same
// whether or not the address has bookings, so it reveals nothing.

type linksPage struct {
	formPage
	Email string
	Sent  bool
}

func (s *Server) linksForm(c echo.Context) error {
	lang := pageLang(c)
	return s.render(c, http.StatusOK, "links", &linksPage{formPage: s.formPage(c, lang, translate(lang, "links-title"), nil)})
}

func (s *Server) linksSubmit(c echo.Context) error {
	lang := pageLang(c)
	email := c.FormValue("email")
	err := s.cfg.Bookings.SendLinks(c.Request().Context(), email)
	if errs, ok := fieldErrors(err, lang); ok {
		p := linksPage{formPage: s.formPage(c, lang, translate(lang, "links-title"), errs), Email: email}
		return s.render(c, http.StatusUnprocessableEntity, "links", &p)
	} else if err != nil {
		return err
	}
	p := linksPage{formPage: s.formPage(c, lang, translate(lang, "links-sent-title"), nil), Email: email, Sent: true}
	return s.render(c, http.StatusOK, "links", &p)
}
