package web

import (
	"strings"

	"github.com/labstack/echo/v4"
)

// staffNav is the way back from any staff page, an error page included:
// the staff home and, when the page is about an official, their day sheet.
type staffNav struct {
	DaySheet string // empty when the page is about no official
}

// staffNavFor returns the navigation for a staff page, or nil for a
// public page and the sign-in page.
func staffNavFor(c echo.Context) *staffNav {
	path := c.Request().URL.Path
	if !strings.HasPrefix(path, "/staff/") || path == "/staff/login" {
		return nil
	}
	n := &staffNav{}
	if rest, ok := strings.CutPrefix(path, "/staff/officials/"); ok {
		if slug, _, _ := strings.Cut(rest, "/"); slug != "" && slug != "new" && !strings.HasSuffix(path, "/day") {
			n.DaySheet = "/staff/officials/" + slug + "/day"
			if d := c.QueryParam("date"); d != "" && len(d) <= 10 {
				n.DaySheet += "?date=" + d
			}
		}
	}
	return n
}
