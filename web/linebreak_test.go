package web

import (
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/emersion/go-ical"

	"github.com/priemna/priemna/booking"
)

// A matter with a line break — CRLF from a browser's textarea, or a bare CR
// stored before line breaks were normalised — never breaks the booking's
// .ics nor the official's staff feed.
func TestLineBreaksNeverBreakCalendars(t *testing.T) {
	e := newEnv(t)
	e.noRedirects()
	// A row as an older version could have stored it.
	raw, err := sql.Open("sqlite3", e.path)
	must(t, err)
	defer raw.Close()
	_, err = raw.Exec(`UPDATE bookings SET topic = ?, needs_note = ? WHERE id = ?`, "Първи ред\r\nВтори ред\rТрети", "бележка\r\nвтора", e.b.ID)
	must(t, err)

	status, body, _ := e.get(t, "/bookings/"+e.b.Token+".ics")
	if status != http.StatusOK {
		t.Fatalf(".ics: %d %s", status, body)
	}
	cal, err := ical.NewDecoder(strings.NewReader(body)).Decode()
	must(t, err)
	if d, _ := cal.Events()[0].Props.Text(ical.PropDescription); !strings.Contains(d, "Първи ред\nВтори ред\nТрети") {
		t.Errorf("DESCRIPTION %q", d)
	}

	e.signedIn(t, "own@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")
	_, page, _ := e.get(t, "/staff/officials/kmet-sredets/day?date=2026-01-12")
	status, page, _ = e.postForm(t, "/staff/officials/kmet-sredets/feed", url.Values{"_csrf": {hiddenFields(page).Get("_csrf")}})
	i := strings.Index(page, "/feeds/staff/")
	if status != http.StatusOK || i < 0 {
		t.Fatalf("renew: %d", status)
	}
	status, feed, _ := e.get(t, page[i:i+len("/feeds/staff/")+22+4])
	if status != http.StatusOK || !strings.Contains(feed, e.b.UID) {
		t.Fatalf("staff feed: %d\n%s", status, feed)
	}
	if _, err := ical.NewDecoder(strings.NewReader(feed)).Decode(); err != nil {
		t.Errorf("staff feed does not parse: %v", err)
	}
}
