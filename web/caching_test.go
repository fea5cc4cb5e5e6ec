package web

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/priemna/priemna/booking"
)

// TestPersonalDataIsNeverCached: every answer that carries personal data
// or a token says no-store, secret-link pages say noindex, and robots.txt
// keeps crawlers away from them.
func TestPersonalDataIsNeverCached(t *testing.T) {
	e := newEnv(t)
	e.noRedirects()
	e.signedIn(t, "asst@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")
	tok := e.b.Token
	do := func(method, path, body string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(method, e.url+path, strings.NewReader(body))
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := e.http.Do(req)
		must(t, err)
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	created := do("POST", "/api/v1/bookings", `{"official":"kmet-sredets","start":"2026-01-12T14:15:00+02:00","name":"Иван Иванов",
		"email":"ivan@example.bg","topic":"Въпрос","language":"bg"}`)
	if created.StatusCode != http.StatusCreated {
		t.Fatalf("booking through the API: %d", created.StatusCode)
	}
	for _, c := range []struct {
		method, path string
		secret       bool
	}{
		{"POST", "/api/v1/bookings", false}, // the 201 above carries a token
		{"GET", "/api/v1/bookings/" + tok, true},
		{"GET", "/api/v1/bookings/" + booking.NewToken(), true}, // a 404 too
		{"GET", "/bookings/" + tok, true},
		{"GET", "/bookings/" + tok + "/confirmation", true},
		{"GET", "/bookings/" + tok + "/data.json", true},
		{"GET", "/bookings/" + tok + ".ics", true},
		{"GET", "/bookings/" + tok + "/cancel", true},
		{"GET", "/staff/", true},
		{"GET", "/staff/officials/kmet-sredets/day?date=2026-01-12", true},
		{"GET", "/staff/officials/kmet-sredets/export.csv?from=2026-01-12&to=2026-01-12", true},
		{"GET", "/officials/kmet-sredets", false},
	} {
		resp := created
		if c.method == "GET" {
			resp = do(c.method, c.path, "")
		}
		if got := resp.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s %s (%d): Cache-Control %q, want no-store", c.method, c.path, resp.StatusCode, got)
		}
		if got := resp.Header.Get("X-Robots-Tag"); strings.Contains(got, "noindex") != c.secret {
			t.Errorf("%s %s: X-Robots-Tag %q", c.method, c.path, got)
		}
	}
	status, body, h := e.get(t, "/robots.txt")
	if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/plain") {
		t.Fatalf("robots.txt: %d %s", status, h.Get("Content-Type"))
	}
	for _, p := range []string{"Disallow: /bookings/", "Disallow: /holds/", "Disallow: /staff", "Disallow: /api/"} {
		if !strings.Contains(body, p+"\n") {
			t.Errorf("robots.txt lacks %q:\n%s", p, body)
		}
	}
	if _, _, h := e.get(t, "/static/site.css"); h.Get("Cache-Control") == "no-store" {
		t.Error("static files are not kept")
	}
}
