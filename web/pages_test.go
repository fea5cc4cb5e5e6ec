package web

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/bookingtest"
	"github.com/priemna/priemna/booking/password"
	"github.com/priemna/priemna/booking/sqlite"
	"github.com/priemna/priemna/calendar"
)

type env struct {
	path  string // the database file
	url   string
	db    *sqlite.DB
	svc   *booking.Service
	clock *bookingtest.Clock
	b     *booking.Booking
	http  *http.Client

	handler  *Server
	staff    *booking.Staff
	official *booking.Official // kmet-sredets, as seeded
}

// newEnv serves a real server on 127.0.0.1:0 over a file database with one
// booking on Monday 12 January 2026, 14:00.
//
// roles turn on the service's optional roles the test needs (priority
// passes, the waiting lists, the complaint register).
func newEnv(t testing.TB, roles ...func(st *booking.Stores, db *sqlite.DB)) *env {
	t.Helper()
	path := filepath.Join(t.TempDir(), "p.db")
	db, err := sqlite.Open(path)
	must(t, err)
	t.Cleanup(func() { db.Close() })
	clk := bookingtest.NewClock(time.Date(2026, 1, 7, 9, 0, 0, 0, calendar.Sofia))
	stores := db.Required()
	stores.Feeds, stores.Privacy, stores.Audit, stores.DeadLetters = db, db, db, db
	for _, role := range roles {
		role(&stores, db)
	}
	svc := booking.NewService(stores, clk.Now)
	ctx := t.Context()
	// One hour on Mondays from 14:00, one citizen a slot, bookable up to
	// its start.
	fx := bookingtest.Weekly(1)
	fx.Official = booking.OfficialInput{Slug: "kmet-sredets", Name: "Петър Стоянов", Title: "Кмет", Unit: "sredets", Email: "kmet@sredets.example.bg"}
	fx.Schedule.DurationMinutes, fx.Schedule.Location, fx.Schedule.StepFree, fx.Schedule.BookingClosesHours = 60, "стая 21", false, 0
	o, _ := bookingtest.Seed(t, svc, fx)
	b, _, err := svc.Book(ctx, booking.BookRequest{Official: "kmet-sredets", Start: "2026-01-12T14:00:00+02:00", Name: "Мария Георгиева",
		Email: "maria@example.bg", Topic: "Ремонт на тротоара", Language: "bg"})
	must(t, err)
	staff := booking.NewStaff(db, db, db, clk.Now)
	staff.Verify = password.Verify
	handler := New(Config{Bookings: svc, Staff: staff, BaseURL: "http://127.0.0.1"})
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	return &env{path: path, url: srv.URL, db: db, svc: svc, clock: clk, b: b, http: &http.Client{Jar: jar}, handler: handler, staff: staff,
		official: o}
}

// addOfficial adds an official (to a unit that exists) for the test.
func (e *env) addOfficial(t testing.TB, in booking.OfficialInput) *booking.Official {
	t.Helper()
	o, err := e.svc.CreateOfficial(t.Context(), booking.CommandLine, in)
	must(t, err)
	return o
}

// The optional roles of the service that tests turn on.
func withPolicies(st *booking.Stores, db *sqlite.DB)   { st.Policies, st.Links = db, db }    // the caps, the no-show policy, the lost-link letters
func withContests(st *booking.Stores, db *sqlite.DB)   { st.Policies, st.Contests = db, db } // a contest is of a no-show strike
func withComplaints(st *booking.Stores, db *sqlite.DB) { st.Complaints = db }
func withWaitlist(st *booking.Stores, db *sqlite.DB)   { st.Waitlist = db }
func withPriority(st *booking.Stores, db *sqlite.DB)   { st.Priority = db }
func withDeputies(st *booking.Stores, db *sqlite.DB)   { st.Deputies = db }

func newJar() (http.CookieJar, error) { return cookiejar.New(nil) }

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func (e *env) get(t *testing.T, path string) (int, string, http.Header) {
	t.Helper()
	resp, err := e.http.Get(e.url + path)
	must(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), resp.Header
}

func (e *env) post(t *testing.T, path string, form url.Values) (int, string) {
	t.Helper()
	resp, err := e.http.PostForm(e.url+path, form)
	must(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestBookingICSDownload(t *testing.T) {
	e := newEnv(t)
	status, body, h := e.get(t, "/bookings/"+e.b.Token+".ics")
	if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/calendar") {
		t.Fatalf("%d %s", status, h.Get("Content-Type"))
	}
	cal, err := ical.NewDecoder(strings.NewReader(body)).Decode()
	must(t, err)
	if m, _ := cal.Props.Text(ical.PropMethod); m != "PUBLISH" {
		t.Errorf("METHOD %s", m)
	}
	ev := cal.Events()[0]
	start, err := ev.DateTimeStart(nil)
	if err != nil || !start.Equal(e.b.Start) {
		t.Errorf("DTSTART %s, want %s", start, e.b.Start)
	}
	if uid, _ := ev.Props.Text(ical.PropUID); uid != e.b.UID {
		t.Errorf("UID %s", uid)
	}
	if status, _, _ := e.get(t, "/bookings/"+booking.NewToken()+".ics"); status != 404 {
		t.Errorf("unknown token: %d", status)
	}
	if status, _, _ := e.get(t, "/bookings/"+e.b.Token+".txt"); status != 404 {
		t.Errorf("other suffix: %d", status)
	}
}

var (
	csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)
	inputs    = regexp.MustCompile(`<(input|textarea|select)[^>]*>`)
	idAttr    = regexp.MustCompile(`id="([^"]+)"`)
)

// checkAccessible checks what every page must have: a language, one h1,
// and a label for each form control.
func checkAccessible(t *testing.T, body, lang string) {
	t.Helper()
	if !strings.Contains(body, `<html lang="`+lang+`">`) {
		t.Errorf("no lang=%s", lang)
	}
	if n := strings.Count(body, "<h1"); n != 1 {
		t.Errorf("%d h1 elements", n)
	}
	for _, in := range inputs.FindAllString(body, -1) {
		if strings.Contains(in, `type="hidden"`) {
			continue
		}
		id := idAttr.FindStringSubmatch(in)
		if id == nil || !strings.Contains(body, `for="`+id[1]+`"`) {
			t.Errorf("control without a label: %s", in)
		}
	}
}

func TestFeedbackPage(t *testing.T) {
	e := newEnv(t)
	path := "/bookings/" + e.b.Token + "/feedback"

	// Before the meeting there is nothing to rate.
	status, body, _ := e.get(t, path)
	if status != 200 || strings.Contains(body, "<form") {
		t.Fatalf("before the visit: %d\n%s", status, body)
	}
	e.clock.Set(e.b.Start.Add(5 * time.Minute))
	_, err := e.svc.RecordArrival(t.Context(), booking.CommandLine, e.b.Reference, time.Time{})
	must(t, err)

	status, body, h := e.get(t, path)
	if status != 200 || !strings.Contains(body, "Как премина срещата?") {
		t.Fatalf("%d\n%s", status, body)
	}
	checkAccessible(t, body, "bg")
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q", csp)
	}
	if h.Get("Referrer-Policy") != "no-referrer" {
		t.Error("a page with the token in its URL sends referrers")
	}
	token := csrfField.FindStringSubmatch(body)
	if token == nil {
		t.Fatal("no CSRF token in the form")
	}

	// Without the token: refused, nothing stored.
	if status, _ := e.post(t, path, url.Values{"rating": {"5"}}); status != http.StatusForbidden {
		t.Errorf("without CSRF: %d", status)
	}
	// A rating outside 1–5: the form again, with an error summary linking to the field.
	status, body = e.post(t, path, url.Values{"_csrf": {token[1]}, "rating": {"9"}, "comment": {"<script>alert(1)</script>"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `class="error-summary"`) || !strings.Contains(body, `href="#rating"`) {
		t.Fatalf("bad rating: %d\n%s", status, body)
	}
	if strings.Contains(body, "<script>alert(1)") || !strings.Contains(body, "&lt;script&gt;") {
		t.Error("the comment is not kept, escaped, in the form")
	}
	if f, _ := e.svc.FeedbackFor(t.Context(), e.b); f != nil {
		t.Fatal("feedback stored from a bad form")
	}
	status, body = e.post(t, path, url.Values{"_csrf": {token[1]}, "rating": {"4"}, "comment": {"Бързо и любезно"}})
	if status != 200 || !strings.Contains(body, "Благодарим") {
		t.Fatalf("%d\n%s", status, body)
	}
	f, err := e.svc.FeedbackFor(t.Context(), e.b)
	if err != nil || f == nil || f.Rating != 4 || f.Comment != "Бързо и любезно" {
		t.Fatalf("stored %+v %v", f, err)
	}
	status, body = e.post(t, path, url.Values{"_csrf": {token[1]}, "rating": {"1"}})
	if status != http.StatusConflict {
		t.Errorf("second rating: %d %s", status, body)
	}
	// In English.
	status, body, _ = e.get(t, path+"?lang=en")
	if status != 200 || !strings.Contains(body, `lang="en"`) || !strings.Contains(body, "already rated") {
		t.Errorf("English: %d\n%s", status, body)
	}
}

func TestErrorPages(t *testing.T) {
	e := newEnv(t)
	status, body, _ := e.get(t, "/bookings/"+booking.NewToken()+"/feedback")
	if status != 404 || !strings.Contains(body, "<h1>Страницата не е намерена</h1>") {
		t.Errorf("%d\n%s", status, body)
	}
	checkAccessible(t, body, "bg")
	status, body, _ = e.get(t, "/no/such/page?lang=en")
	if status != 404 || !strings.Contains(body, "Page not found") {
		t.Errorf("%d\n%s", status, body)
	}
	status, body, _ = e.get(t, "/api/v1/nothing")
	if status != 404 || !strings.HasPrefix(body, `{"error"`) {
		t.Errorf("API 404 is not JSON: %s", body)
	}
	status, _, _ = e.get(t, "/static/site.css")
	if status != 200 {
		t.Errorf("stylesheet: %d", status)
	}
}

func TestMyDataDownload(t *testing.T) {
	e := newEnv(t)
	status, body, h := e.get(t, "/bookings/"+e.b.Token+"/data.json")
	if status != 200 || !strings.Contains(h.Get("Content-Disposition"), e.b.Reference) {
		t.Fatalf("%d %v", status, h)
	}
	for _, want := range []string{"Мария Георгиева", "maria@example.bg", "Ремонт на тротоара", `"kind": "confirmation"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the download lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, e.b.Token) {
		t.Error("the download repeats the secret token")
	}
	_, manage, _ := e.get(t, "/bookings/"+e.b.Token)
	if !strings.Contains(manage, "/bookings/"+e.b.Token+"/data.json") {
		t.Error("the manage page does not offer the download")
	}
}

// The download agrees with the booking: an English booking's event is in
// English, a hold is TENTATIVE until confirmed, and it carries the room.
func TestBookingICSSpeaksTheBookingsLanguageAndStatus(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	o := e.official
	_, err := e.svc.UpdateOfficial(ctx, booking.CommandLine, o.Slug, booking.OfficialInput{Name: o.Name, NameEN: "Petar Stoyanov", Title: o.Title,
		TitleEN: "Mayor", Unit: "sredets", Email: o.Email, HoldMinutes: 30}, true)
	must(t, err)
	b, _, err := e.svc.Book(ctx, booking.BookRequest{Official: "kmet-sredets", Start: "2026-01-12T14:15:00+02:00", Name: "Mary George",
		Email: "mary@example.org", Topic: "Pavement", Language: "en"})
	must(t, err)
	if b.Status != booking.StatusPending {
		t.Fatalf("status %s", b.Status)
	}
	status, body, _ := e.get(t, "/bookings/"+b.Token+".ics")
	if status != http.StatusOK {
		t.Fatalf("%d", status)
	}
	cal, err := ical.NewDecoder(strings.NewReader(body)).Decode()
	must(t, err)
	ev := cal.Events()[0]
	summary, _ := ev.Props.Text(ical.PropSummary)
	st, _ := ev.Props.Text(ical.PropStatus)
	loc, _ := ev.Props.Text(ical.PropLocation)
	if summary != "Reception: Petar Stoyanov, Mayor" || st != "TENTATIVE" || loc != "стая 21" {
		t.Errorf("SUMMARY %q STATUS %q LOCATION %q", summary, st, loc)
	}
}
