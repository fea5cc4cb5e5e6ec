package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestATrailingSlashFindsThePage: a page's address typed with a slash at
// its end leads to the page (the query kept), a route that ends in a
// slash keeps it, a path that is nowhere still says not found, also one
// that would send the browser to another site, and another method still
// meets 405.
func TestATrailingSlashFindsThePage(t *testing.T) {
	e := newEnv(t)
	e.noRedirects()
	for _, c := range []struct {
		path, location string
		status         int
	}{
		{"/officials/kmet-sredets/", "/officials/kmet-sredets", http.StatusMovedPermanently},
		{"/officials/kmet-sredets//?lang=en", "/officials/kmet-sredets?lang=en", http.StatusMovedPermanently},
		{"/statistics/", "/statistics", http.StatusMovedPermanently},
		{"/api/v1/officials/kmet-sredets/slots/?from=2026-01-12&to=2026-01-12", "/api/v1/officials/kmet-sredets/slots?from=2026-01-12&to=2026-01-12", http.StatusMovedPermanently},
		{"/staff/", "/staff/login?next=%2Fstaff%2F", http.StatusSeeOther},
		{"/nowhere", "", http.StatusNotFound},
		{"//evil.example/", "", http.StatusNotFound},
	} {
		status, _, h := e.get(t, c.path)
		if status != c.status || h.Get("Location") != c.location {
			t.Errorf("GET %s: %d to %q, want %d to %q", c.path, status, h.Get("Location"), c.status, c.location)
		}
	}
	// Another method on a page's address is still not allowed.
	req, err := http.NewRequest(http.MethodPut, e.url+"/statistics", nil)
	must(t, err)
	resp, err := e.http.Do(req)
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("PUT /statistics: %d, want 405", resp.StatusCode)
	}
	// Followed, the slashed address shows the official's page.
	e.http.CheckRedirect = nil
	if status, body, _ := e.get(t, "/officials/kmet-sredets/"); status != http.StatusOK || !strings.Contains(body, "Петър Стоянов") {
		t.Errorf("followed: %d", status)
	}
}
