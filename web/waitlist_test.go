package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
)

// fillJan12 books the free slots of Monday 12 January (14:00 is booked by
// newEnv), so that only the waiting list is left.
func (e *env) fillJan12(t *testing.T) []*booking.Booking {
	t.Helper()
	var out []*booking.Booking
	for i, at := range []string{"14:15", "14:30", "14:45"} {
		b, _, err := e.svc.Book(t.Context(), booking.BookRequest{Official: "kmet-sredets", Start: "2026-01-12T" + at + ":00+02:00",
			Name: "Друг Гражданин", Email: "other" + string(rune('a'+i)) + "@example.bg", Topic: "Друг въпрос", Language: "bg"})
		must(t, err)
		out = append(out, b)
	}
	return out
}

// offerCode returns the code of the open offer letter of the seat at start.
func (e *env) offerCode(t *testing.T, start string) string {
	t.Helper()
	at, _ := time.Parse(time.RFC3339, start)
	list, err := e.db.Bookings(t.Context(), booking.BookingFilter{From: at, To: at.Add(time.Second), Statuses: []booking.Status{booking.StatusPending}})
	must(t, err)
	if len(list) != 1 {
		t.Fatalf("%d held seats at %s, want 1", len(list), start)
	}
	msgs, err := e.db.Messages(t.Context(), list[0].ID)
	must(t, err)
	for _, m := range msgs {
		if m.Kind == booking.MessageOffer {
			return m.Pass
		}
	}
	t.Fatal("no offer letter")
	return ""
}

func TestWaitlistThroughThePages(t *testing.T) {
	e := newEnv(t, withWaitlist)
	e.noRedirects()
	e.fillJan12(t)

	_, body, _ := e.get(t, "/officials/kmet-sredets/days/2026-01-12")
	if !strings.Contains(body, `href="/officials/kmet-sredets/waitlist?date=2026-01-12"`) {
		t.Fatal("a full day does not lead to the waiting list")
	}
	status, body, _ := e.get(t, "/officials/kmet-sredets/waitlist?date=2026-01-12")
	if status != 200 || !strings.Contains(body, `value="2026-01-12"`) {
		t.Fatalf("join form: %d", status)
	}
	checkAccessible(t, body, "bg")
	form := hiddenFields(body)
	form.Set("name", "Иван Чакащ")
	form.Set("email", "ivan@example.bg")
	form.Set("topic", "Разрешение за строеж")
	form.Set("from", "2026-01-12")
	form.Set("to", "2026-01-12")
	form.Add("days", "1")
	status, body, _ = e.postForm(t, "/officials/kmet-sredets/waitlist", form) // no consent
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `class="error-summary"`) {
		t.Fatalf("without consent: %d", status)
	}
	checkAccessible(t, body, "bg")
	if list, _ := e.db.WaitingList(t.Context(), e.b.OfficialID); len(list) != 0 {
		t.Fatal("a refused form joined the list")
	}
	form.Set("consent", "yes")
	status, _, h := e.postForm(t, "/officials/kmet-sredets/waitlist", form)
	if status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/waitlist/") {
		t.Fatalf("join: %d %s", status, h.Get("Location"))
	}
	entry := h.Get("Location")
	status, body, _ = e.get(t, entry)
	if status != 200 || !strings.Contains(body, "под номер <strong>1</strong>") || !strings.Contains(body, "понеделник") {
		t.Fatalf("entry page: %d\n%s", status, body)
	}
	checkAccessible(t, body, "bg")
	status, body, _ = e.postForm(t, "/officials/kmet-sredets/waitlist", form)
	if status != http.StatusConflict || !strings.Contains(body, "Вече сте в списъка") {
		t.Fatalf("joining twice: %d", status)
	}

	// A cancellation: the seat is offered; the link's page changes nothing.
	_, err := e.svc.Cancel(t.Context(), e.b.Token)
	must(t, err)
	code := e.offerCode(t, "2026-01-12T14:00:00+02:00")
	for range 2 {
		status, body, _ = e.get(t, "/waitlist/offers/"+code+"?lang=en")
		if status != 200 || !strings.Contains(body, "Take the slot") {
			t.Fatalf("offer page: %d", status)
		}
	}
	checkAccessible(t, body, "en")
	status, body, _ = e.get(t, entry+"?lang=bg")
	if !strings.Contains(body, "Пазим за Вас час") {
		t.Fatalf("the entry page does not show the held slot: %d", status)
	}
	status, _, h = e.postForm(t, "/waitlist/offers/"+code+"/take", hiddenFields(body))
	if status != http.StatusSeeOther || !strings.HasSuffix(h.Get("Location"), "/confirmation") {
		t.Fatalf("take: %d %s", status, h.Get("Location"))
	}
	status, _, _ = e.postForm(t, "/waitlist/offers/"+code+"/take", hiddenFields(body))
	if status != http.StatusNotFound {
		t.Fatalf("taking twice: %d", status)
	}
	if status, _, _ = e.get(t, entry); status != http.StatusNotFound {
		t.Fatalf("entry page after booking: %d", status)
	}
}

func TestLeaveWaitlistAndStaffBooking(t *testing.T) {
	e := newEnv(t, withWaitlist)
	e.noRedirects()
	e.fillJan12(t)
	ctx := t.Context()
	req := booking.WaitRequest{Official: "kmet-sredets", Name: "Петя Чакаща", Email: "petya@example.bg", Topic: "Паркиране в зона",
		Language: "bg", From: "2026-01-12", To: "2026-01-12"}
	_, token, err := e.svc.JoinWaitlist(ctx, req)
	must(t, err)
	_, body, _ := e.get(t, "/waitlist/"+token)
	status, body, _ := e.postForm(t, "/waitlist/"+token+"/leave", hiddenFields(body))
	if status != 200 || !strings.Contains(body, "Излязохте от списъка") {
		t.Fatalf("leave: %d", status)
	}
	if status, _, _ = e.get(t, "/waitlist/"+token); status != http.StatusNotFound {
		t.Fatalf("entry after leaving: %d", status)
	}

	req.Email = "georgi@example.bg"
	_, _, err = e.svc.JoinWaitlist(ctx, req)
	must(t, err)
	e.signedIn(t, "asst@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")
	// Cancelling the day would matter to the citizen waiting for it.
	if _, body, _ = e.get(t, "/staff/officials/kmet-sredets/day?date=2026-01-12"); !strings.Contains(body, "1 гражданин от списъка с чакащи") {
		t.Fatal("the day sheet does not say how many waiting citizens the day matters to")
	}
	if _, body, _ = e.get(t, "/staff/officials/kmet-sredets/day?date=2026-01-19"); strings.Contains(body, "от списъка с чакащи") {
		t.Fatal("a day nobody waits for counts waiting citizens")
	}
	// So would adding one: the preview of a new calendar says so per day.
	_, body, _ = e.get(t, "/staff/officials/kmet-sredets/schedules")
	preview := hiddenFields(body)
	preview.Set("do", "preview")
	preview.Set("raw_rule", "DTSTART;TZID=Europe/Sofia:20260112T170000\nRRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=2")
	preview.Set("duration_minutes", "30")
	if _, body, _ = e.postForm(t, "/staff/officials/kmet-sredets/schedules", preview); !strings.Contains(body, "12 януари 2026 г., 17:00 ч. — 1 гражданин от списъка") ||
		strings.Contains(body, "19 януари 2026 г., 17:00 ч. — ") {
		t.Fatalf("the preview does not count the waiting citizens:\n%s", body)
	}
	status, body, _ = e.get(t, "/staff/officials/kmet-sredets/waitlist")
	if status != 200 || !strings.Contains(body, "georgi@example.bg") || strings.Contains(body, "petya@example.bg") {
		t.Fatalf("staff list: %d\n%s", status, body)
	}
	checkAccessible(t, body, "bg")
	form := hiddenFields(body)
	form.Set("start", "2026-01-19T14:00:00+02:00")
	id := regexpFind(t, body, `action="/staff/officials/kmet-sredets/waitlist/(\d+)/book"`)
	status, body, _ = e.postForm(t, "/staff/officials/kmet-sredets/waitlist/"+id+"/book", form)
	if status != 200 || !strings.Contains(body, "Записване с номер") || strings.Contains(body, "georgi@example.bg") {
		t.Fatalf("staff booking: %d\n%s", status, body)
	}
}

func regexpFind(t *testing.T, body, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no %s", pattern)
	}
	return m[1]
}

func TestWaitlistAPI(t *testing.T) {
	e := newEnv(t, withWaitlist)
	e.fillJan12(t)
	post := func(path, body string) (int, map[string]any) {
		resp, err := http.Post(e.url+path, "application/json", strings.NewReader(body))
		must(t, err)
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	status, out := post("/api/v1/officials/kmet-sredets/waitlist", `{"name":"Ана","email":"bad","topic":"x","days":[9]}`)
	fields, _ := out["error"].(map[string]any)["fields"].(map[string]any)
	if status != 422 || fields["email"] == nil || fields["days"] == nil {
		t.Fatalf("invalid join: %d %v", status, out)
	}
	status, out = post("/api/v1/officials/kmet-sredets/waitlist",
		`{"name":"Ана Иванова","email":"ana@example.bg","topic":"Улично осветление","language":"en","days":[1],"from":"2026-01-12","to":"2026-01-12"}`)
	if status != 201 || out["place"] != 1.0 || out["token"] == "" || !strings.HasSuffix(out["manage_url"].(string), out["token"].(string)) {
		t.Fatalf("join: %d %v", status, out)
	}
	token := out["token"].(string)
	_, err := e.svc.Cancel(t.Context(), e.b.Token)
	must(t, err)
	resp, err := http.Get(e.url + "/api/v1/waitlist/" + token)
	must(t, err)
	var entry map[string]any
	json.NewDecoder(resp.Body).Decode(&entry)
	resp.Body.Close()
	if entry["offer_start"] != "2026-01-12T14:00:00+02:00" || entry["name"] != nil {
		t.Fatalf("entry: %v", entry)
	}
	code := e.offerCode(t, "2026-01-12T14:00:00+02:00")
	if status, _ := post("/api/v1/waitlist/offers/"+code+"/decline", ``); status != 200 {
		t.Fatalf("decline: %d", status)
	}
	if status, _ := post("/api/v1/waitlist/offers/"+code+"/take", ``); status != 404 {
		t.Fatalf("take after decline: %d", status)
	}
	if status, out := post("/api/v1/waitlist/"+url.PathEscape(token)+"/leave", ``); status != 200 || out["status"] != "left" {
		t.Fatalf("leave: %d %v", status, out)
	}

	// The unmet demand in the open data and on the statistics page.
	resp, err = http.Get(e.url + "/api/v1/statistics?official=kmet-sredets")
	must(t, err)
	var months []map[string]any
	must(t, json.NewDecoder(resp.Body).Decode(&months))
	resp.Body.Close()
	jan := months[len(months)-1]
	if jan["month"] != "2026-01" || jan["waitlist_joined"] != 1.0 || jan["waitlist_offers_made"] != 1.0 || jan["waitlist_offers_taken"] != 0.0 {
		t.Fatalf("open data: %v", jan)
	}
	_, body, _ := e.get(t, "/statistics?official=kmet-sredets")
	if !strings.Contains(body, `aria-labelledby="wait-chart-title"`) || !strings.Contains(body, "Записали се в списъка") {
		t.Fatal("the statistics page does not show the waiting list")
	}
}
