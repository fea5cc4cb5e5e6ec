package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/calendar"
)

// A citizen who arrives at the booking form for a day not open for booking
// yet (an old link, a bookmark, a typed address) is told so at once, on a
// page that says when booking opens, offers the days open now, the waiting
// list and the office — in both languages; the API answers the same with
// a reason a client can act on. At the opening minute the form opens.
func TestDayNotOpenYet(t *testing.T) {
	e := newEnv(t) // Wednesday 7 January 2026, 09:00; Mondays open 30 days ahead at 9:00
	e.noRedirects()
	const start = "2026-02-09T14:00:00+02:00" // opens Saturday 10 January, 9:00
	form := "/officials/kmet-sredets/book?start=" + url.QueryEscape(start)
	for lang, want := range map[string][]string{
		"bg": {"<h1>Записването за този ден още не е отворено</h1>",
			"Записването за приемния ден в понеделник, 9 февруари 2026 г. се отваря в събота, 10 януари 2026 г. в 09:00 ч.",
			`<a href="/officials/kmet-sredets">Вижте дните, за които записването е отворено сега</a>`,
			`<a href="/officials/kmet-sredets/waitlist">`, `href="mailto:kmet@sredets.example.bg"`},
		"en": {"<h1>Booking for this day is not open yet</h1>",
			"Booking for the reception day on Monday 9 February 2026 opens on Saturday 10 January 2026 at 09:00.",
			`<a href="/officials/kmet-sredets">See the days open for booking now</a>`,
			`<a href="/officials/kmet-sredets/waitlist">`, `href="mailto:kmet@sredets.example.bg"`},
	} {
		status, body, _ := e.get(t, form+"&lang="+lang)
		if status != http.StatusConflict || strings.Contains(body, `name="name"`) {
			t.Errorf("%s: %d, or the form is offered", lang, status)
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: lacks %q\n%s", lang, w, body)
			}
		}
		checkAccessible(t, body, lang)
	}

	// A form sent for that day (typed before the link went stale) hears the
	// same before its answers are checked, and the switch keeps what was typed.
	_, page, _ := e.get(t, "/officials/kmet-sredets/book?lang=bg&start="+url.QueryEscape("2026-01-12T14:15:00+02:00"))
	sent := url.Values{"_csrf": {hiddenFields(page).Get("_csrf")}, "start": {start}, "name": {"Мария Георгиева"},
		"email": {"maria@example.bg"}, "topic": {"Тротоар"}, "consent": {"yes"}}
	status, body, _ := e.postForm(t, "/officials/kmet-sredets/book", sent)
	if status != http.StatusConflict || !strings.Contains(body, "Записването за този ден още не е отворено") ||
		!strings.Contains(body, `id="kept-form"`) || !strings.Contains(body, `name="topic" value="Тротоар"`) {
		t.Errorf("the sent form: %d\n%s", status, body)
	}

	// The API: not_bookable, refined by reason and when it opens, in the
	// client's language.
	for lang, want := range map[string]string{"bg": "Записването за този приемен ден още не е отворено", "en": "Booking for this reception day is not open yet"} {
		req, _ := http.NewRequest(http.MethodPost, e.url+"/api/v1/bookings", strings.NewReader(`{"official":"kmet-sredets","start":"`+start+
			`","name":"Иван Иванов","email":"ivan@example.bg","topic":"Тротоар"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept-Language", lang)
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		var got struct{ Error apiErrorBody }
		must(t, json.NewDecoder(resp.Body).Decode(&got))
		resp.Body.Close()
		if resp.StatusCode != http.StatusConflict || got.Error.Code != "not_bookable" || got.Error.Reason != "not_open_yet" ||
			got.Error.OpensAt != "2026-01-10T09:00:00+02:00" || !strings.HasPrefix(got.Error.Message, want) {
			t.Errorf("API in %s: %d %+v", lang, resp.StatusCode, got.Error)
		}
	}

	// A second before the opening it is still closed; at 9:00 the form opens.
	e.clock.Set(time.Date(2026, 1, 10, 8, 59, 59, 0, calendar.Sofia))
	if status, _, _ := e.get(t, form+"&lang=bg"); status != http.StatusConflict {
		t.Errorf("a second early: %d", status)
	}
	e.clock.Set(time.Date(2026, 1, 10, 9, 0, 0, 0, calendar.Sofia))
	if status, body, _ := e.get(t, form+"&lang=bg"); status != http.StatusOK || !strings.Contains(body, `name="name"`) {
		t.Errorf("at the opening: %d", status)
	}
}
