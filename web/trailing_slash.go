package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// withoutTrailingSlash answers a GET for a path no route has because it
// ends in a slash (/officials/kmet-sredets/, typed or pasted so) by
// sending the browser to the same path without it, the query kept; any
// other path no route has is not found. Only paths that matched nothing
// come here, so a route ending in a slash (/staff/) stays as it is.
func withoutTrailingSlash(c echo.Context) error {
	r := c.Request()
	path := strings.TrimRight(r.URL.Path, "/")
	// "//host" in Location would leave the site.
	if r.Method != http.MethodGet || path == r.URL.Path || path == "" || strings.HasPrefix(path, "//") {
		return echo.ErrNotFound
	}
	if r.URL.RawQuery != "" {
		path += "?" + r.URL.RawQuery
	}
	return c.Redirect(http.StatusMovedPermanently, path)
}
