package web

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// The desk: a reference typed (as a USB scanner types it) and Enter
// records the arrival, late computed; another day's or official's booking
// is refused in words; the page is ready for the next scan.
func TestDeskCheckIn(t *testing.T) {
	e := newEnv(t)
	e.noRedirects()
	ctx := t.Context()
	must(t, e.svc.CreateUnit(ctx, booking.CommandLine, &booking.Unit{Slug: "lozenets", Name: "Район „Лозенец“", Kind: "district"}))
	other := e.addOfficial(t, booking.OfficialInput{Slug: "kmet-lozenets", Name: "Анна Петрова", Title: "Кмет",
		Unit: "lozenets", Email: "kmet@lozenets.example.bg"})
	must(t, e.svc.CreateSchedule(ctx, booking.CommandLine, &booking.Schedule{OfficialID: other.ID, Rule: "DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=WEEKLY;BYDAY=MO",
		DurationMinutes: 60, SlotMinutes: 15, Capacity: 1, Location: "стая 1", BookingOpensDays: 30}))
	elsewhere, _, err := e.svc.Book(ctx, booking.BookRequest{Official: "kmet-lozenets", Start: "2026-01-12T14:00:00+02:00", Name: "Друг",
		Email: "drug@example.bg", Topic: "Друг въпрос", Language: "bg"})
	must(t, err)
	nextWeek, _, err := e.svc.Book(ctx, booking.BookRequest{Official: "kmet-sredets", Start: "2026-01-19T14:00:00+02:00", Name: "Следващ",
		Email: "sledvasht@example.bg", Topic: "Следващ въпрос", Language: "bg"})
	must(t, err)

	e.clock.Set(time.Date(2026, 1, 12, 14, 12, 0, 0, calendar.Sofia).In(time.UTC)) // 14:12 Sofia, after 14:00 + 10 min grace
	e.signedIn(t, "asst@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")
	status, body, _ := e.get(t, "/staff/officials/kmet-sredets/desk")
	if status != 200 || !strings.Contains(body, `autofocus aria-describedby="desk-result reference-hint"`) || !strings.Contains(body, "0 / 1") {
		t.Fatalf("desk: %d\n%s", status, body)
	}
	checkAccessible(t, body, "bg")
	form := hiddenFields(body)

	for _, c := range []struct {
		ref, want string
		status    int
	}{
		{"", "Сканирайте или напишете", http.StatusUnprocessableEntity},
		{elsewhere.Reference, "при друго длъжностно лице: Анна Петрова", http.StatusConflict},
		{nextWeek.Reference, "е за друг ден", http.StatusConflict},
		{"SO-XXXX-XXXX", "Няма такова записване", http.StatusNotFound},
	} {
		form.Set("reference", c.ref)
		status, body, _ = e.postForm(t, "/staff/officials/kmet-sredets/desk", form)
		if status != c.status || !strings.Contains(body, c.want) || !strings.Contains(body, `role="alert" id="desk-result"`) {
			t.Fatalf("%q: %d, want %d and %q\n%s", c.ref, status, c.status, c.want, body)
		}
	}
	// Typed in lower case with the dashes left out, as people do.
	form.Set("reference", strings.ToLower(strings.ReplaceAll(e.b.Reference, "-", " ")))
	status, body, _ = e.postForm(t, "/staff/officials/kmet-sredets/desk", form)
	if status != 200 || !strings.Contains(body, `role="status" id="desk-result"`) || !strings.Contains(body, "Мария Георгиева") ||
		!strings.Contains(body, "със закъснение") || !strings.Contains(body, "Ремонт на тротоара") || !strings.Contains(body, "1 / 1") {
		t.Fatalf("check-in: %d\n%s", status, body)
	}
	if !strings.Contains(body, `<input type="text" id="reference" name="reference" autocomplete="off"`) || strings.Contains(body, `name="reference" value=`) {
		t.Fatal("the desk is not ready for the next scan")
	}
	got, err := e.svc.BookingByReference(ctx, e.b.Reference)
	must(t, err)
	if got.Status != booking.StatusLate {
		t.Fatalf("status %s, want late", got.Status)
	}
	status, body, _ = e.postForm(t, "/staff/officials/kmet-sredets/desk", form)
	if status != http.StatusConflict || !strings.Contains(body, "със закъснение") {
		t.Fatalf("second scan: %d", status)
	}
	// Another official's desk is not this assistant's.
	if status, _, _ = e.get(t, "/staff/officials/kmet-lozenets/desk"); status != http.StatusForbidden {
		t.Fatalf("another official's desk: %d", status)
	}
}

// The confirmation and manage pages carry the reference as a QR code,
// and nothing else.
func TestQRCodeOfTheReference(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/bookings/" + e.b.Token + "/confirmation", "/bookings/" + e.b.Token} {
		_, body, _ := e.get(t, path)
		i := strings.Index(body, `<svg class="qr"`)
		if i < 0 {
			t.Fatalf("%s: no QR code", path)
		}
		svg := body[i : i+strings.Index(body[i:], "</svg>")+6]
		ref, err := decodeQRSVG(svg)
		must(t, err)
		if ref != e.b.Reference {
			t.Fatalf("%s: QR code reads %q, want %q", path, ref, e.b.Reference)
		}
	}
}
