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

// A citizen who arrives at the booking form (or sends it, or books through
// the API) for a slot on a day that holds no reception — a public holiday,
// a day given off for one, a day the schedule no longer has — is not told
// the slot is taken: the page says why, offers the next days with free
// times, the waiting list and the office, in both languages; the API says
// not_bookable with a reason. Nothing is booked. A day the office
// cancelled keeps its own notice on the day's page.
func TestNoReceptionDay(t *testing.T) {
	e := newEnv(t) // Mondays 14:00–15:00, one citizen a slot, open 30 days ahead
	e.noRedirects()
	e.clock.Set(time.Date(2026, 5, 20, 9, 0, 0, 0, calendar.Sofia)) // Wednesday
	const holiday = "2026-05-25T14:00:00+03:00"                     // the day off for 24 May (a Sunday)
	const tuesday = "2026-05-26T14:00:00+03:00"
	bookURL := func(start, lang string) string {
		return "/officials/kmet-sredets/book?lang=" + lang + "&start=" + url.QueryEscape(start)
	}
	next := []string{`href="/officials/kmet-sredets/days/2026-06-01"`, `href="/officials/kmet-sredets/days/2026-06-08"`,
		`href="/officials/kmet-sredets/days/2026-06-15"`, `href="/officials/kmet-sredets/waitlist"`,
		`href="mailto:kmet@sredets.example.bg"`, `<a href="/officials/kmet-sredets">`}
	for _, c := range []struct {
		start, lang string
		want        []string
	}{
		{holiday, "bg", []string{"<h1>В понеделник, 25 май 2026 г. не се провежда приемен ден — денят е неработен</h1>",
			"Неработен ден: Ден на светите братя Кирил и Методий, на българската азбука, просвета и култура и на славянската книжовност (почивен ден вместо празника в почивен ден).",
			"Следващите дни със свободни часове:", ">понеделник, 1 юни 2026 г.</a>"}},
		{holiday, "en", []string{"<h1>There is no reception day on Monday 25 May 2026 — it is a public holiday</h1>",
			"Public holiday: Day of Saints Cyril and Methodius, the Bulgarian Alphabet, Education and Culture (a day off in place of the holiday on a weekend).",
			"The next days with free times:", ">Monday 1 June 2026</a>"}},
		{tuesday, "bg", []string{"<h1>Във вторник, 26 май 2026 г. не се провежда приемен ден</h1>",
			"Графикът на приемните дни при Петър Стоянов не включва този ден"}},
		{tuesday, "en", []string{"<h1>There is no reception day on Tuesday 26 May 2026</h1>",
			"The reception schedule of Петър Стоянов does not include this day"}},
	} {
		status, body, _ := e.get(t, bookURL(c.start, c.lang))
		if status != http.StatusConflict || strings.Contains(body, `name="name"`) {
			t.Errorf("%s %s: %d, or the form is offered", c.start, c.lang, status)
		}
		for _, w := range append(c.want, next...) {
			if !strings.Contains(body, w) {
				t.Errorf("%s %s: lacks %q\n%s", c.start, c.lang, w, body)
			}
		}
		if strings.Contains(body, "зает") || strings.Contains(body, "taken") {
			t.Errorf("%s %s: still says taken", c.start, c.lang)
		}
		checkAccessible(t, body, c.lang)
	}

	// The holiday's own day page says the same, with the next days; a
	// day the schedule does not hold keeps its plain page.
	for _, c := range []struct{ lang, title, why string }{
		{"bg", "<h2>В понеделник, 25 май 2026 г. не се провежда приемен ден — денят е неработен</h2>", "<p>Неработен ден: Ден на светите братя Кирил и Методий"},
		{"en", "<h2>There is no reception day on Monday 25 May 2026 — it is a public holiday</h2>", "<p>Public holiday: Day of Saints Cyril and Methodius"},
	} {
		status, body, _ := e.get(t, "/officials/kmet-sredets/days/2026-05-25?lang="+c.lang)
		if status != http.StatusOK {
			t.Errorf("holiday day page %s: %d", c.lang, status)
		}
		for _, w := range []string{c.title, c.why, `href="/officials/kmet-sredets/days/2026-06-01"`, `<a href="/officials/kmet-sredets">`} {
			if !strings.Contains(body, w) {
				t.Errorf("holiday day page %s: lacks %q\n%s", c.lang, w, body)
			}
		}
		if strings.Contains(body, "/waitlist?date=2026-05-25") {
			t.Errorf("holiday day page %s offers the waiting list for the holiday", c.lang)
		}
		checkAccessible(t, body, c.lang)
	}
	if _, body, _ := e.get(t, "/officials/kmet-sredets/days/2026-05-26?lang=en"); strings.Contains(body, "public holiday") {
		t.Errorf("a Tuesday called a holiday:\n%s", body)
	}

	// A sent form hears the same, keeps what was typed for the switch, and
	// books nothing.
	_, page, _ := e.get(t, bookURL("2026-06-01T14:00:00+03:00", "bg"))
	sent := url.Values{"_csrf": {hiddenFields(page).Get("_csrf")}, "start": {holiday}, "name": {"Мария Георгиева"},
		"email": {"maria@example.bg"}, "topic": {"Тротоар"}, "consent": {"yes"}}
	for _, path := range []string{"/officials/kmet-sredets/book", "/officials/kmet-sredets/book/confirm"} {
		status, body, _ := e.postForm(t, path, sent)
		if status != http.StatusConflict || !strings.Contains(body, "не се провежда приемен ден — денят е неработен") ||
			!strings.Contains(body, `id="kept-form"`) || !strings.Contains(body, `name="topic" value="Тротоар"`) {
			t.Errorf("%s: %d\n%s", path, status, body)
		}
	}

	// The API: not_bookable with the reason, in the client's language.
	for _, c := range []struct{ start, lang, reason, want, holiday string }{
		{holiday, "bg", "holiday", "Няма приемен ден в понеделник, 25 май 2026 г. — денят е неработен: Ден на светите братя Кирил и Методий",
			"Ден на светите братя Кирил и Методий, на българската азбука, просвета и култура и на славянската книжовност (почивен ден вместо празника в почивен ден)"},
		{holiday, "en", "holiday", "There is no reception day on Monday 25 May 2026 — it is a public holiday: Day of Saints Cyril and Methodius",
			"Day of Saints Cyril and Methodius, the Bulgarian Alphabet, Education and Culture (a day off in place of the holiday on a weekend)"},
		{tuesday, "bg", "no_reception_day", "Няма приемен ден във вторник, 26 май 2026 г.: графикът на приемните дни вече не включва този ден.", ""},
		{tuesday, "en", "no_reception_day", "There is no reception day on Tuesday 26 May 2026: the schedule of reception days no longer includes this day.", ""},
	} {
		req, _ := http.NewRequest(http.MethodPost, e.url+"/api/v1/bookings", strings.NewReader(`{"official":"kmet-sredets","start":"`+c.start+
			`","name":"Иван Иванов","email":"ivan@example.bg","topic":"Тротоар"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept-Language", c.lang)
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		var got struct{ Error apiErrorBody }
		must(t, json.NewDecoder(resp.Body).Decode(&got))
		resp.Body.Close()
		if resp.StatusCode != http.StatusConflict || got.Error.Code != "not_bookable" || got.Error.Reason != c.reason ||
			got.Error.Holiday != c.holiday || !strings.HasPrefix(got.Error.Message, c.want) {
			t.Errorf("API %s in %s: %d %+v", c.start, c.lang, resp.StatusCode, got.Error)
		}
	}
	ctx := t.Context()
	if bs, err := e.svc.BookingsBetween(ctx, e.b.OfficialID, calendar.Date{Year: 2026, Month: 5, Day: 25}, calendar.Date{Year: 2026, Month: 5, Day: 26}); err != nil || len(bs) != 0 {
		t.Errorf("booked: %v %v", bs, err)
	}

	// A day the office cancelled keeps its own notice, with the reason.
	if _, _, err := e.svc.CloseDay(ctx, booking.CommandLine, e.b.OfficialID, "2026-06-01", "Командировка"); err != nil {
		t.Fatal(err)
	}
	if status, body, _ := e.get(t, bookURL("2026-06-01T14:00:00+03:00", "bg")); status != http.StatusConflict ||
		!strings.Contains(body, "Командировка") || strings.Contains(body, "не се провежда приемен ден") {
		t.Errorf("cancelled day: %d\n%s", status, body)
	}

	// A schedule that ended: its days hold no reception any more.
	sch, err := e.svc.BookingSchedule(ctx, e.b)
	must(t, err)
	if _, err := e.svc.EndSchedule(ctx, booking.CommandLine, e.b.OfficialID, sch.ID, false, ""); err != nil {
		t.Fatal(err)
	}
	if status, body, _ := e.get(t, bookURL("2026-06-08T14:00:00+03:00", "en")); status != http.StatusConflict ||
		!strings.Contains(body, "<h1>There is no reception day on Monday 8 June 2026</h1>") {
		t.Errorf("ended schedule: %d\n%s", status, body)
	}
}
