package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/priemna/priemna/booking"
)

// Rooms and how to reach them get English fields on the schedule form and
// in the staff API; English pages use them, Bulgarian ones keep the
// Bulgarian, and an English page without them shows the Bulgarian.
func TestRoomsInEnglish(t *testing.T) {
	e := newEnv(t)
	e.noRedirects()
	ctx := t.Context()
	e.signedIn(t, "admin@sofia.example.bg", booking.RoleAdmin)
	_, page, _ := e.get(t, "/staff/officials/kmet-sredets/schedules")
	for _, id := range []string{`id="location_en"`, `id="access_note"`, `id="access_note_en"`} {
		if !strings.Contains(page, id) {
			t.Errorf("the schedule form lacks %s", id)
		}
	}
	form := url.Values{"_csrf": {hiddenFields(page).Get("_csrf")}, "weekday": {"3"}, "every": {"1"}, "from": {"2026-01-07"}, "start": {"10:00"},
		"duration_minutes": {"60"}, "slot_minutes": {"15"}, "capacity": {"1"}, "booking_opens_days": {"30"}, "booking_closes_hours": {"1"},
		"location": {"ет. 3, зала 5"}, "location_en": {"Floor 3, hall 5"}, "access_note": {"Вход откъм двора."},
		"access_note_en": {"Entrance from the yard."}, "observe_holidays": {"yes"}, "do": {"save"}}
	if status, body, _ := e.postForm(t, "/staff/officials/kmet-sredets/schedules", form); status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", status, body)
	}
	_, en, _ := e.get(t, "/officials/kmet-sredets?lang=en")
	if !strings.Contains(en, "Floor 3, hall 5") || !strings.Contains(en, "(Entrance from the yard.)") || strings.Contains(en, "зала 5") {
		t.Errorf("English official page:\n%s", en)
	}
	if !strings.Contains(en, "стая 21") { // the first schedule has no English room: the Bulgarian shows
		t.Errorf("English official page without the Bulgarian room:\n%s", en)
	}
	_, bg, _ := e.get(t, "/officials/kmet-sredets?lang=bg")
	if !strings.Contains(bg, "ет. 3, зала 5") || !strings.Contains(bg, "(Вход откъм двора.)") || strings.Contains(bg, "Floor 3") {
		t.Errorf("Bulgarian official page:\n%s", bg)
	}

	// The staff API takes and gives the same fields.
	token, err := e.staff.CreateAPIToken(ctx, booking.CommandLine, "admin@sofia.example.bg")
	must(t, err)
	status, out := e.postAPI(t, token, "/api/v1/officials/kmet-sredets/schedules", `{"rule":
		"DTSTART;TZID=Europe/Sofia:20260108T100000\nRRULE:FREQ=WEEKLY;BYDAY=TH","duration_minutes":60,"slot_minutes":15,
		"location":"ет. 1, стая 4","location_en":"Floor 1, room 4","access_note":"До асансьора.","access_note_en":"Next to the lift."}`)
	if status != http.StatusCreated || out["location_en"] != "Floor 1, room 4" || out["access_note_en"] != "Next to the lift." ||
		out["access_note"] != "До асансьора." {
		t.Fatalf("API: %d %v", status, out)
	}
}
