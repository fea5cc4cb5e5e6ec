package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// noStore makes "Cache-Control: no-store" the default of every response:
// pages, API answers, errors and downloads may carry personal data or a
// secret token, and a shared computer's cache or a proxy must not keep
// them. A handler whose answer is public and may be kept (the public
// reception-day feed, static files) says so itself.
//
// Pages reached only through a secret link — the manage link, a hold's
// code, staff pages and feeds — also carry "X-Robots-Tag: noindex", should
// a link ever leak into a crawler's reach.
func noStore(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		p := c.Request().URL.Path
		if !strings.HasPrefix(p, "/static/") {
			h.Set("Cache-Control", "no-store")
		}
		if secretPath(p) {
			h.Set("X-Robots-Tag", "noindex, nofollow")
		}
		return next(c)
	}
}

// secretPrefixes are the paths whose links carry a secret or lead to staff.
var secretPrefixes = []string{"/bookings/", "/holds/", "/staff", "/feeds/staff/", "/api/v1/bookings/", "/api/v1/holds/"}

func secretPath(p string) bool {
	for _, prefix := range secretPrefixes {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return false
}

// robotsTxt keeps crawlers to the public pages.
func robotsTxt(c echo.Context) error {
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	for _, p := range secretPrefixes {
		b.WriteString("Disallow: " + p + "\n")
	}
	b.WriteString("Disallow: /api/\n")
	c.Response().Header().Set("Cache-Control", "public, max-age=86400")
	return c.Blob(http.StatusOK, "text/plain; charset=utf-8", []byte(b.String()))
}
