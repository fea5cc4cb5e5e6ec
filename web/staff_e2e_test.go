package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// TestStaffJourney: an admin signs in, adds an official and a schedule
// through the forms; a citizen books twice through the API; the assistant
// checks one in late; the other becomes a no-show; the statistics and the
// CSV show both.
func TestStaffJourney(t *testing.T) {
	e := newEnv(t)
	e.noRedirects()
	e.signedIn(t, "admin@sofia.example.bg", booking.RoleAdmin)
	// A new unit first.
	unit := e.formOf(t, "/staff/units/new",
		map[string]string{"slug": "rayon-vitosha", "name": "Район „Витоша“", "kind": "district", "address": "бул. „Цар Борис III“ 130"})
	if status, _, _ := e.postForm(t, "/staff/units/new", unit); status != http.StatusSeeOther {
		t.Fatalf("add unit: %d", status)
	}
	form := e.formOf(t, "/staff/officials/new", nil)
	status, body, _ := e.postForm(t, "/staff/officials/new", form) // empty: errors
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#slug"`) {
		t.Fatalf("empty official form: %d", status)
	}
	form = hiddenFields(body)
	for k, v := range map[string]string{"slug": "kmet-vitosha", "name": "Камен Иванов", "title": "Кмет на район „Витоша“",
		"unit": "rayon-vitosha", "email": "kmet@vitosha.example.bg", "phone": "02 8054 600"} {
		form.Set(k, v)
	}
	status, _, h := e.postForm(t, "/staff/officials/new", form)
	if status != http.StatusSeeOther || h.Get("Location") != "/staff/officials/kmet-vitosha/schedules" {
		t.Fatalf("add official: %d %s", status, h.Get("Location"))
	}

	_, body, _ = e.get(t, "/staff/officials/kmet-vitosha/schedules")
	checkAccessible(t, body, "bg")
	form = url.Values{"_csrf": {hiddenFields(body).Get("_csrf")}, "weekday": {"1"}, "every": {"1"}, "ordinal": {""},
		"from": {"2026-01-08"}, "start": {"10:00"}, "duration_minutes": {"60"}, "slot_minutes": {"30"}, "capacity": {"1"},
		"booking_opens_days": {"30"}, "booking_closes_hours": {"0"}, "location": {"Зала 5"}, "observe_holidays": {"yes"}, "do": {"preview"}}
	status, body, _ = e.postForm(t, "/staff/officials/kmet-vitosha/schedules", form)
	if status != 200 || !strings.Contains(body, "понеделник, 12 януари 2026 г., 10:00 ч.") {
		t.Fatalf("preview: %d\n%s", status, body)
	}
	form.Set("do", "save")
	if status, _, _ := e.postForm(t, "/staff/officials/kmet-vitosha/schedules", form); status != http.StatusSeeOther {
		t.Fatalf("save schedule: %d", status)
	}

	// A citizen books 10:00 and 10:30 on Monday 12 January through the API.
	var refs []string
	for _, start := range []string{"2026-01-12T10:00:00+02:00", "2026-01-12T10:30:00+02:00"} {
		resp, err := http.Post(e.url+"/api/v1/bookings", "application/json", strings.NewReader(`{"official":"kmet-vitosha","start":"`+start+
			`","name":"Стефка Маринова","email":"stefka@example.bg","topic":"Ремонт на улица"}`))
		must(t, err)
		var b struct{ Reference string }
		err = json.NewDecoder(resp.Body).Decode(&b)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusCreated {
			t.Fatalf("booking %s: %d %v", start, resp.StatusCode, err)
		}
		refs = append(refs, b.Reference)
	}

	// The official's assistant, on the day.
	e.clock.Set(time.Date(2026, 1, 12, 9, 0, 0, 0, calendar.Sofia))
	e.addStaff(t, "asst@sofia.example.bg", booking.RoleAssistant, "kmet-vitosha")
	e.http.Jar, _ = newJar()
	e.signIn(t, "asst@sofia.example.bg", "correct horse battery")
	e.clock.Set(time.Date(2026, 1, 12, 10, 13, 0, 0, calendar.Sofia))
	_, body, _ = e.get(t, "/staff/officials/kmet-vitosha/day?date=2026-01-12")
	csrf := hiddenFields(body).Get("_csrf")
	if status, _, _ := e.postForm(t, "/staff/bookings/"+refs[0]+"/arrival", url.Values{"_csrf": {csrf}}); status != http.StatusSeeOther {
		t.Fatalf("arrival: %d", status)
	}
	// The mayor receives her at 10:20: seven minutes' wait.
	e.clock.Set(time.Date(2026, 1, 12, 10, 20, 0, 0, calendar.Sofia))
	if status, _, _ := e.postForm(t, "/staff/bookings/"+refs[0]+"/received", url.Values{"_csrf": {csrf}}); status != http.StatusSeeOther {
		t.Fatalf("received: %d", status)
	}
	e.clock.Set(time.Date(2026, 1, 12, 11, 11, 0, 0, calendar.Sofia))
	if n, err := e.svc.SweepNoShows(t.Context()); err != nil || n != 1 {
		t.Fatalf("sweep: %d %v", n, err)
	}

	_, body, _ = e.get(t, "/staff/officials/kmet-vitosha/stats")
	if !strings.Contains(body, `<th scope="row">2026-01</th><td>2</td><td>0</td><td>1</td><td>1</td><td>1</td><td>50 %</td><td>—</td><td>7 min</td>`) {
		t.Errorf("statistics:\n%s", body)
	}
	_, body, _ = e.get(t, "/staff/officials/kmet-vitosha/export.csv?from=2026-01-12&to=2026-01-12&format=codes")
	// Every cell is quoted (see writeCSVRow).
	if !strings.Contains(body, `"`+refs[0]+`","2026-01-12","2026-01-12T10:00:00+02:00","2026-01-12T10:30:00+02:00","completed",`) ||
		!strings.Contains(body, `,"2026-01-12T10:13:00+02:00","yes","2026-01-12T10:20:00+02:00"`) ||
		!strings.Contains(body, `"`+refs[1]+`","2026-01-12","2026-01-12T10:30:00+02:00","2026-01-12T11:00:00+02:00","no_show",`) {
		t.Errorf("CSV:\n%s", body)
	}
}

func TestDeactivateOfficial(t *testing.T) {
	e := newEnv(t)
	e.noRedirects()
	e.addStaff(t, "admin@sofia.example.bg", booking.RoleAdmin)
	e.signedIn(t, "asst@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")
	if status, _, _ := e.get(t, "/staff/officials/kmet-sredets/edit"); status != http.StatusForbidden {
		t.Errorf("an assistant edits an official: %d", status)
	}
	e.http.Jar, _ = newJar()
	if status, _, _ := e.signIn(t, "admin@sofia.example.bg", "correct horse battery"); status != http.StatusSeeOther {
		t.Fatalf("admin sign-in: %d", status)
	}
	form := e.formOf(t, "/staff/officials/kmet-sredets/edit",
		map[string]string{"name": "Петър Стоянов", "title": "Кмет", "unit": "sredets", "email": "kmet@sredets.example.bg"})
	// Unticked "active": deactivated.
	if status, _, _ := e.postForm(t, "/staff/officials/kmet-sredets/edit", form); status != http.StatusSeeOther {
		t.Fatalf("deactivate: %d", status)
	}
	if status, _, _ := e.get(t, "/officials/kmet-sredets"); status != 404 {
		t.Errorf("official page of an inactive official: %d", status)
	}
	if status, _, _ := e.get(t, "/api/v1/officials/kmet-sredets/slots"); status != 404 {
		t.Errorf("slots of an inactive official: %d", status)
	}
	if b, _ := e.svc.Booking(t.Context(), e.b.Token); b.Status != booking.StatusConfirmed {
		t.Errorf("an existing booking was touched: %s", b.Status)
	}
	form.Set("active", "yes")
	e.postForm(t, "/staff/officials/kmet-sredets/edit", form)
	if status, _, _ := e.get(t, "/officials/kmet-sredets"); status != 200 {
		t.Errorf("reactivated: %d", status)
	}
}

func TestCloseAUnit(t *testing.T) {
	e := newEnv(t)
	e.noRedirects()
	e.signedIn(t, "admin@sofia.example.bg", booking.RoleAdmin)
	form := e.formOf(t, "/staff/units/sredets/edit", map[string]string{"name": "Район „Средец“", "kind": "district"})
	if status, _, _ := e.postForm(t, "/staff/units/sredets/edit", form); status != http.StatusSeeOther {
		t.Fatalf("close unit: %d", status)
	}
	_, body, _ := e.get(t, "/")
	if strings.Contains(body, "Петър Стоянов") {
		t.Error("an official of a closed unit is on the start page")
	}
	if status, _, _ := e.get(t, "/officials/kmet-sredets"); status != 404 {
		t.Errorf("official page in a closed unit: %d", status)
	}
	_, body, _ = e.get(t, "/staff/")
	if !strings.Contains(body, "(закрита)") {
		t.Error("staff do not see the closed unit")
	}
	form.Set("active", "yes")
	e.postForm(t, "/staff/units/sredets/edit", form)
	if _, body, _ = e.get(t, "/"); !strings.Contains(body, "Петър Стоянов") {
		t.Error("reopened unit's official missing")
	}
}
