package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/priemna/priemna/booking"
)

// TestFarDatesAreRefused: slot queries, the booking form and the booking
// API refuse dates beyond the booking horizon with a clear 422 in both
// languages, instead of expanding a rule for the year 9999.
func TestFarDatesAreRefused(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{
		"/api/v1/officials/kmet-sredets/slots?from=9999-01-01&to=9999-12-31",
		"/api/v1/officials/kmet-sredets/slots?from=2026-01-12&to=2027-01-12",
	} {
		status, body, _ := e.get(t, path)
		var out apiError
		json.Unmarshal([]byte(body), &out)
		if status != http.StatusUnprocessableEntity || out.Error.Code != booking.EINVALID || out.Error.Fields["to"] == "" {
			t.Errorf("%s: %d %s", path, status, body)
		}
		_, body, _ = e.get(t, path+"&lang=en")
		if !strings.Contains(body, "up to") {
			t.Errorf("%s in English: %s", path, body)
		}
	}
	status, body, _ := e.get(t, "/officials/kmet-sredets/book?start="+url.QueryEscape("9999-03-01T14:00:00+02:00"))
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "до") {
		t.Errorf("booking form for 9999: %d\n%s", status, body)
	}
	resp, err := e.http.Post(e.url+"/api/v1/bookings", "application/json", strings.NewReader(
		`{"official":"kmet-sredets","start":"9999-03-01T14:00:00+02:00","name":"Иван Иванов","email":"ivan@example.bg","topic":"Въпрос"}`))
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("booking in 9999: %d", resp.StatusCode)
	}
}

// TestSlotsAnswerIsPaged: a schedule of 5-minute slots all day, every day,
// answers at most MaxSlotsPerPage slots, whole days, with a Link to the
// next page; following the links gives every slot once.
func TestSlotsAnswerIsPaged(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	o := e.addOfficial(t, booking.OfficialInput{Slug: "gishe", Name: "Гише", Title: "Гише", Unit: "sredets", Email: "g@example.bg"})
	must(t, e.svc.CreateSchedule(ctx, booking.CommandLine, &booking.Schedule{OfficialID: o.ID, Rule: "DTSTART;TZID=Europe/Sofia:20260105T080000\nRRULE:FREQ=DAILY",
		DurationMinutes: 600, SlotMinutes: 5, Capacity: 100, Location: "гише 1", BookingOpensDays: 60, ObserveHolidays: false}))
	next := "/api/v1/officials/gishe/slots?from=2026-01-08&to=2026-03-01"
	link := regexp.MustCompile(`^<([^>]+)>; rel="next"$`)
	seen := map[string]bool{}
	pages := 0
	for next != "" {
		resp, err := e.http.Get(e.url + next)
		must(t, err)
		var slots []struct{ Start string }
		must(t, json.NewDecoder(resp.Body).Decode(&slots))
		resp.Body.Close()
		if resp.StatusCode != 200 || len(slots) > MaxSlotsPerPage {
			t.Fatalf("%s: %d, %d slots", next, resp.StatusCode, len(slots))
		}
		for _, sl := range slots {
			if seen[sl.Start] {
				t.Fatalf("slot %s on two pages", sl.Start)
			}
			seen[sl.Start] = true
		}
		next = ""
		if m := link.FindStringSubmatch(resp.Header.Get("Link")); m != nil {
			next = m[1]
		}
		pages++
	}
	// 7 January 09:00: from the 8th, booking open 60 days ahead, to 1 March:
	// 53 days of 120 slots.
	if want := 53 * 120; len(seen) != want || pages < want/MaxSlotsPerPage {
		t.Errorf("%d slots on %d pages, want %d", len(seen), pages, want)
	}
}

// TestEverySlotComputingRouteIsLimited: the booking form's POST computes
// the day's slots too, so it counts against the read rate.
func TestEverySlotComputingRouteIsLimited(t *testing.T) {
	e := newEnv(t)
	srv := httptest.NewServer(New(Config{Bookings: e.svc, BaseURL: "http://127.0.0.1", ReadRate: 2}))
	t.Cleanup(srv.Close)
	jar, _ := newJar()
	c := &http.Client{Jar: jar}
	resp, err := c.Get(srv.URL + "/staff/login") // a form outside the read rate, for the CSRF cookie
	must(t, err)
	resp.Body.Close()
	var token string
	for _, ck := range jar.Cookies(resp.Request.URL) {
		if ck.Name == "priemna_csrf" {
			token = ck.Value
		}
	}
	form := url.Values{"_csrf": {token}, "start": {"2026-01-12T14:15:00+02:00"}, "name": {"Иван Иванов"}, "email": {"ivan@example.bg"}, "topic": {"Въпрос"}}
	var last int
	for range 3 {
		resp, err := c.PostForm(srv.URL+"/officials/kmet-sredets/book", form)
		must(t, err)
		resp.Body.Close()
		last = resp.StatusCode
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("third POST of the booking form with a read rate of 2: %d", last)
	}
}

// The staff day sheet computes the day's free slots for walk-ins: it counts
// against the read rate too, for a signed-in assistant as for anyone.
func TestTheDaySheetIsLimited(t *testing.T) {
	e := newEnv(t)
	e.noRedirects()
	srv := httptest.NewServer(New(Config{Bookings: e.svc, Staff: e.staff, BaseURL: "http://127.0.0.1", ReadRate: 2}))
	t.Cleanup(srv.Close)
	e.url = srv.URL
	e.signedIn(t, "asst@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")
	var last int
	for range 3 {
		last, _, _ = e.get(t, "/staff/officials/kmet-sredets/day?date=2026-01-12")
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("third day sheet with a read rate of 2: %d", last)
	}
}
