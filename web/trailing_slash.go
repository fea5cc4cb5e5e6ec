package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// withoutTrailingSlash sends a GET that found nothing because its address
// ends in a slash (/officials/kmet-triaditsa/, typed or pasted so) to the
// same path without it, the query kept. A route that ends in a slash
// (/staff/) keeps it, and a path that would send the browser off the site
// (//host/) stays not found.
func withoutTrailingSlash(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		err := next(c)
		r := c.Request()
		path := strings.TrimRight(r.URL.Path, "/")
		if !errors.Is(err, echo.ErrNotFound) || r.Method != http.MethodGet || c.Response().Committed ||
			path == r.URL.Path || path == "" || strings.HasPrefix(path, "//") || strings.HasSuffix(c.Path(), "/") {
			return err
		}
		if r.URL.RawQuery != "" {
			path += "?" + r.URL.RawQuery
		}
		return c.Redirect(http.StatusMovedPermanently, path)
	}
}
