package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// Pages and the slots API offer the same days: as far as the booking
// window reaches, not a fixed 60 days.
func TestPagesAndAPIShareTheBookingHorizon(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	o := e.addOfficial(t, booking.OfficialInput{Slug: "kmet-daleche", Name: "Димитър Далечев", Title: "Кмет",
		Unit: "sredets", Email: "kmet@daleche.example.bg"})
	must(t, e.svc.CreateSchedule(ctx, booking.CommandLine, &booking.Schedule{OfficialID: o.ID, Rule: "DTSTART;TZID=Europe/Sofia:20260105T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO",
		DurationMinutes: 60, SlotMinutes: 30, Capacity: 1, Location: "стая 3", BookingOpensDays: 200}))
	far := calendar.Date{Year: 2026, Month: 5, Day: 11} // 124 days after 7 January, a Monday

	status, body, _ := e.get(t, "/api/v1/officials/kmet-daleche/slots")
	if status != http.StatusOK {
		t.Fatalf("slots: %d %s", status, body)
	}
	var slots []struct{ Start string }
	must(t, json.Unmarshal([]byte(body), &slots))
	last := slots[len(slots)-1].Start
	if !strings.HasPrefix(last, "2026-07-20") { // the last Monday within 200 days
		t.Errorf("the API's last slot by default: %s", last)
	}
	_, page, _ := e.get(t, "/officials/kmet-daleche")
	if !strings.Contains(page, "/officials/kmet-daleche/days/"+far.String()) || !strings.Contains(page, "/days/2026-07-20") ||
		!strings.Contains(page, "записването за всеки ден започва в 09:00 ч. 200 дни по-рано") {
		t.Error("the official's page stops short of the booking window")
	}
	status, day, _ := e.get(t, "/officials/kmet-daleche/days/"+far.String())
	if status != http.StatusOK || !strings.Contains(day, "book?start=2026-05-11T10%3A00%3A00%2B03%3A00") {
		t.Errorf("day page %s: %d, no slot offered", far, status)
	}
}
