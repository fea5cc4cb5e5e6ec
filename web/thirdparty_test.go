package web

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var calendarLinks = regexp.MustCompile(`href="(https://(?:calendar\.google\.com|outlook\.live\.com)[^"]+)"`)

// TestAddToCalendarLinksCarryNoSecrets: the Google and Outlook.com links
// hand those services the time, the place and the official only — not the
// matter, the reference or the manage link.
func TestAddToCalendarLinksCarryNoSecrets(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/bookings/" + e.b.Token + "/confirmation"} {
		_, body, _ := e.get(t, path)
		links := calendarLinks.FindAllStringSubmatch(body, -1)
		if len(links) != 2 {
			t.Fatalf("%s: %d calendar links", path, len(links))
		}
		for _, l := range links {
			link, err := url.QueryUnescape(html.UnescapeString(l[1]))
			must(t, err)
			for _, secret := range []string{e.b.Token, e.b.Reference, e.b.Topic, e.b.Name, e.b.Email} {
				if strings.Contains(link, secret) {
					t.Errorf("%s: a calendar link carries %q: %s", path, secret, link)
				}
			}
			for _, want := range []string{"Петър Стоянов", "стая 21"} {
				if !strings.Contains(link, want) {
					t.Errorf("%s: a calendar link lacks %q: %s", path, want, link)
				}
			}
		}
	}
}
