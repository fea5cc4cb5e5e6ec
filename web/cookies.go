package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// https reports whether the site is served over https (its base URL says so).
func (s *Server) https() bool { return strings.HasPrefix(s.cfg.BaseURL, "https://") }

// cookieName gives a cookie the __Host- prefix over https: the browser then
// takes it only from this host, secure and for the whole path, so that a
// sibling subdomain or a plain-http answer cannot plant one.
func (s *Server) cookieName(name string) string {
	if s.https() {
		return "__Host-" + name
	}
	return name
}

// csrfCookie is the cookie the CSRF middleware keeps its token in, with the
// same attributes.
func (s *Server) csrfCookie(token string) *http.Cookie {
	return &http.Cookie{Name: s.cookieName("priemna_csrf"), Value: token, Path: "/", MaxAge: 86400, HttpOnly: true,
		Secure: s.https(), SameSite: http.SameSiteStrictMode}
}

// staffCSRF is the CSRF token of a staff session, derived from the session's
// secret: a token planted in the browser, or taken from another session,
// does not match it.
func staffCSRF(session string) string {
	m := hmac.New(sha256.New, []byte(session))
	m.Write([]byte("priemna staff csrf"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// staffCSRF refuses a staff form whose token is not its session's, and
// gives the session's pages its token (replacing any other in the cookie).
func (s *Server) staffCSRF(c echo.Context, session string) error {
	want := staffCSRF(session)
	if m := c.Request().Method; m != http.MethodGet && m != http.MethodHead &&
		subtle.ConstantTimeCompare([]byte(c.FormValue("_csrf")), []byte(want)) != 1 {
		return errFormExpired()
	}
	if got, _ := c.Get("csrf").(string); got != want {
		c.Set("csrf", want)
		c.SetCookie(s.csrfCookie(want))
	}
	return nil
}
