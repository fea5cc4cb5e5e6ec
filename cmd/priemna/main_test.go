package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/bookingtest"
	"github.com/priemna/priemna/booking/sqlite"
	"github.com/priemna/priemna/calendar"
)

// server runs "priemna serve --demo" in-process on 127.0.0.1:0 with a file
// database, the way make run does, and stops it when the test ends.
type server struct {
	t       *testing.T
	url     string
	db      string
	mailDir string // where the server writes its letters
	clock   *bookingtest.Clock

	mu     sync.Mutex
	tokens []string // every manage token the server handed out
	stop   func()   // stops the server and waits for it
	log    *logTap  // what the server writes to stderr
}

// logTap keeps what the server logs and tells a test when a line appears,
// so that it waits on the event, never on a clock.
type logTap struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	waiters []logWaiter
}

type logWaiter struct {
	text string
	n    int // times the text must appear
	ch   chan struct{}
}

func (l *logTap) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	l.waiters = slices.DeleteFunc(l.waiters, func(w logWaiter) bool {
		if strings.Count(l.buf.String(), w.text) >= w.n {
			close(w.ch)
			return true
		}
		return false
	})
	return len(p), nil
}

// count says how often the log holds text so far.
func (l *logTap) count(text string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Count(l.buf.String(), text)
}

func (l *logTap) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// await waits until the log holds text n times (30 s at most, for a
// broken server).
func (s *server) await(text string, n int) {
	s.t.Helper()
	l := s.log
	l.mu.Lock()
	ch := make(chan struct{})
	if strings.Count(l.buf.String(), text) >= n {
		close(ch)
	} else {
		l.waiters = append(l.waiters, logWaiter{text, n, ch})
	}
	l.mu.Unlock()
	select {
	case <-ch:
	case <-time.After(30 * time.Second):
		s.t.Fatalf("the server never logged %q:\n%s", text, l.String())
	}
}

var tokenPattern = regexp.MustCompile(`"token":"([A-Za-z0-9_-]{22})"`)

func startServer(t *testing.T, extra ...string) *server {
	t.Helper()
	return startServerOn(t, filepath.Join(t.TempDir(), "priemna.db"), extra...)
}

// startServerOn serves the database file at path.
func startServerOn(t *testing.T, path string, extra ...string) *server {
	t.Helper()
	dir := t.TempDir()
	s := &server{t: t, db: path, mailDir: filepath.Join(dir, "mail"),
		clock: bookingtest.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, calendar.Sofia))}
	ready := make(chan string, 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	s.stop = func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		s.stop = func() {}
	}
	stderr := &logTap{}
	s.log = stderr
	app := &App{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: stderr, Now: s.clock.Now,
		Ready: func(addr string) { ready <- addr }}
	args := append([]string{"serve", "--demo", "--addr", "127.0.0.1:0", "--db", s.db, "--mail-dir", s.mailDir}, extra...)
	go func() { done <- app.Run(ctx, args) }()
	select {
	case addr := <-ready:
		s.url = "http://" + addr
	case err := <-done:
		t.Fatalf("serve stopped: %v\n%s", err, stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	t.Cleanup(func() {
		s.stop()
		for _, token := range s.tokens {
			if strings.Contains(stderr.String(), token) {
				t.Errorf("the log holds a manage token:\n%s", stderr.String())
			}
		}
	})
	return s
}

// cli runs another subcommand against the server's database.
func (s *server) cli(stdin string, args ...string) (string, error) {
	var out, errOut bytes.Buffer
	app := &App{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut, Now: s.clock.Now}
	err := app.Run(context.Background(), append(args, "--db", s.db))
	if err != nil {
		return out.String(), fmt.Errorf("%w\n%s", err, errOut.String())
	}
	return out.String(), nil
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

type apiErr struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func (s *server) do(method, path, body string, header ...string) response {
	s.t.Helper()
	req, err := http.NewRequest(method, s.url+path, strings.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, m := range tokenPattern.FindAllSubmatch(b, -1) {
		s.mu.Lock()
		s.tokens = append(s.tokens, string(m[1]))
		s.mu.Unlock()
	}
	return response{resp.StatusCode, resp.Header, b}
}

func (s *server) expect(r response, status int) response {
	s.t.Helper()
	if r.status != status {
		s.t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	return r
}

type slot struct {
	Start     string `json:"start"`
	End       string `json:"end"`
	Capacity  int    `json:"capacity"`
	Available int    `json:"available"`
}

type bookingOut struct {
	Reference string `json:"reference"`
	Token     string `json:"token"`
	Status    string `json:"status"`
	Start     string `json:"start"`
	End       string `json:"end"`
	ManageURL string `json:"manage_url"`
	ICSURL    string `json:"ics_url"`
	Sequence  int    `json:"sequence"`
	ArrivedAt string `json:"arrived_at"`
}

func (s *server) freeSlots(slug string) []slot { return s.freeSlotsAtLeast(slug, 3) }

func (s *server) freeSlotsAtLeast(slug string, n int) []slot {
	s.t.Helper()
	var slots []slot
	s.expect(s.do("GET", "/api/v1/officials/"+slug+"/slots", ""), 200).json(s.t, &slots)
	var free []slot
	for _, sl := range slots {
		if sl.Available > 0 {
			free = append(free, sl)
		}
	}
	if len(free) < n {
		s.t.Fatalf("%s has %d free slots", slug, len(free))
	}
	return free
}

var citizens atomic.Int64

// bookingBody is a booking request by a new citizen each time: one citizen
// may hold only one coming meeting with an official.
func bookingBody(official, start string) string {
	n := citizens.Add(1)
	return fmt.Sprintf(`{"official":%q,"start":%q,"name":"Мария Георгиева","email":"maria%d@example.bg",
		"phone":"0888 123 %03d","topic":"Ремонт на улица „Опълченска“","accessibility":{"needs":["wheelchair","other"],"note":"Придружител с куче водач"},
		"language":"bg"}`, official, start, n, n)
}

func TestDemoServerCitizenJourney(t *testing.T) {
	s := startServer(t)

	var officials []struct{ Slug, Name, Unit string }
	s.expect(s.do("GET", "/api/v1/officials", ""), 200).json(t, &officials)
	if len(officials) != len(demoOfficials) || officials[0].Slug != "kmet-na-sofia" {
		t.Fatalf("officials: %+v", officials)
	}
	var units []struct{ Slug, Address string }
	s.expect(s.do("GET", "/api/v1/units", ""), 200).json(t, &units)
	if len(units) != len(demoUnits) || units[0].Address == "" {
		t.Fatalf("units: %+v", units)
	}
	var official struct {
		Slug      string
		Schedules []struct{ Rule string }
	}
	s.expect(s.do("GET", "/api/v1/officials/kmet-triaditsa", ""), 200).json(t, &official)
	if len(official.Schedules) != 1 || !strings.HasPrefix(official.Schedules[0].Rule, "DTSTART;TZID=Europe/Sofia:20260907T090000") {
		t.Fatalf("official: %+v", official)
	}

	// Book the first free slot of a district mayor (capacity 2).
	free := s.freeSlots("kmet-triaditsa")
	body := bookingBody("kmet-triaditsa", free[0].Start)
	r := s.expect(s.do("POST", "/api/v1/bookings", body, "Idempotency-Key", "k-1"), 201)
	var b bookingOut
	r.json(t, &b)
	if b.Status != "confirmed" || b.Start != free[0].Start || b.End != free[0].End || !strings.HasSuffix(b.ManageURL, "/bookings/"+b.Token) ||
		b.ICSURL != b.ManageURL+".ics" || !strings.HasPrefix(b.Reference, "SO-") || len(b.Token) != 22 {
		t.Fatalf("booking: %+v", b)
	}
	// An idempotent retry returns the same booking.
	var again bookingOut
	r = s.expect(s.do("POST", "/api/v1/bookings", body, "Idempotency-Key", "k-1"), 201)
	r.json(t, &again)
	if again.Token != b.Token || r.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retry made another booking: %+v", again)
	}
	// The same key with another body is refused, and reveals nothing.
	other := strings.Replace(body, `"name":"`, `"name":"Друг `, 1)
	r = s.expect(s.do("POST", "/api/v1/bookings", other, "Idempotency-Key", "k-1"), 422)
	if !strings.Contains(string(r.body), `"code":"idempotency_mismatch"`) || strings.Contains(string(r.body), b.Token) ||
		strings.Contains(string(r.body), b.Reference) {
		t.Errorf("a mismatched replay: %s", r.body)
	}
	// The slot now shows one place left.
	for _, sl := range s.freeSlots("kmet-triaditsa") {
		if sl.Start == free[0].Start && sl.Available != sl.Capacity-1 {
			t.Errorf("slot %s: available %d of %d", sl.Start, sl.Available, sl.Capacity)
		}
	}

	var got struct {
		bookingOut
		Name          string
		Accessibility struct {
			Needs []string
			Note  string
		}
	}
	s.expect(s.do("GET", "/api/v1/bookings/"+b.Token, ""), 200).json(t, &got)
	if got.Name != "Мария Георгиева" || len(got.Accessibility.Needs) != 2 || got.Accessibility.Note == "" {
		t.Fatalf("read back: %+v", got)
	}

	// Move it, then cancel it.
	var moved bookingOut
	s.expect(s.do("POST", "/api/v1/bookings/"+b.Token+"/reschedule", fmt.Sprintf(`{"start":%q}`, free[2].Start)), 200).json(t, &moved)
	if moved.Start != free[2].Start || moved.Sequence != 1 || moved.Reference != b.Reference {
		t.Fatalf("moved: %+v", moved)
	}
	var cancelled bookingOut
	s.expect(s.do("POST", "/api/v1/bookings/"+b.Token+"/cancel", ""), 200).json(t, &cancelled)
	if cancelled.Status != "cancelled" || cancelled.Sequence != 2 {
		t.Fatalf("cancelled: %+v", cancelled)
	}
	// The slot it held is whole again.
	for _, sl := range s.freeSlots("kmet-triaditsa") {
		if sl.Start == free[2].Start && sl.Available != free[2].Available {
			t.Errorf("slot %s after the cancellation: %d free, %d before the booking moved in", sl.Start, sl.Available, free[2].Available)
		}
	}
	var e apiErr
	s.expect(s.do("POST", "/api/v1/bookings/"+b.Token+"/cancel", "", "Accept-Language", "en-GB,en;q=0.9"), 409).json(t, &e)
	if e.Error.Code != "conflict" || !strings.Contains(e.Error.Message, "cancelled") {
		t.Errorf("second cancel: %+v", e)
	}
}

func TestDemoServerRejectsBadRequests(t *testing.T) {
	s := startServer(t)
	free := s.freeSlots("kmet-mladost") // capacity 1
	s.expect(s.do("POST", "/api/v1/bookings", bookingBody("kmet-mladost", free[0].Start)), 201)

	tests := []struct {
		name, body string
		header     []string
		status     int
		code       string
		field      string
	}{
		{"slot full", bookingBody("kmet-mladost", free[0].Start), nil, 409, "slot_full", ""},
		{"not a slot", bookingBody("kmet-mladost", "2026-12-04T10:07:00+02:00"), nil, 409, "not_bookable", ""},
		{"past slot", bookingBody("kmet-mladost", "2026-11-20T10:00:00+02:00"), nil, 409, "not_bookable", ""},
		{"unknown official", bookingBody("nobody", free[1].Start), nil, 422, "invalid", "official"},
		{"bad email", regexp.MustCompile(`maria\d+@example.bg`).ReplaceAllString(bookingBody("kmet-mladost", free[1].Start), "maria@"), nil, 422, "invalid", "email"},
		{"unknown need", strings.Replace(bookingBody("kmet-mladost", free[1].Start), `"wheelchair"`, `"teleport"`, 1), nil, 422, "invalid", "accessibility.needs"},
		{"wrong type", `{"official":1}`, nil, 422, "invalid", "official"},
		{"not JSON", `{"official":`, nil, 400, "bad_request", ""},
		{"invalid UTF-8", strings.Replace(bookingBody("kmet-mladost", free[1].Start), "Мария", "\xff\xfe", 1), nil, 400, "bad_request", ""},
		{"too large", `{"topic":"` + strings.Repeat("а", 70<<10) + `"}`, nil, 413, "too_large", ""},
		{"form post", `official=x`, []string{"Content-Type", "application/x-www-form-urlencoded"}, 415, "unsupported_media_type", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e apiErr
			s.expect(s.do("POST", "/api/v1/bookings", tt.body, tt.header...), tt.status).json(t, &e)
			if e.Error.Code != tt.code || e.Error.Message == "" {
				t.Errorf("error %+v, want code %s", e, tt.code)
			}
			if tt.field != "" && e.Error.Fields[tt.field] == "" {
				t.Errorf("no message for field %s: %+v", tt.field, e.Error.Fields)
			}
		})
	}
	var e apiErr
	s.expect(s.do("GET", "/api/v1/officials/nobody/slots?lang=en", ""), 404).json(t, &e)
	if e.Error.Message != "There is no such official." {
		t.Errorf("English message: %q", e.Error.Message)
	}
	s.expect(s.do("GET", "/api/v1/officials/kmet-mladost/slots?from=tomorrow", ""), 422)
	s.expect(s.do("GET", "/api/v1/bookings/not-a-token", ""), 404)
	s.expect(s.do("GET", "/api/v1/bookings", ""), 405)

	db, err := sqlite.Open(s.db)
	must(t, err)
	defer db.Close()
	// Every booking made, by the demo or above, has its confirmation in the
	// outbox; the bad requests added nothing.
	all, err := db.Bookings(t.Context(), booking.BookingFilter{})
	must(t, err)
	for _, b := range all {
		msgs, err := db.Messages(t.Context(), b.ID)
		if err != nil || len(msgs) == 0 || msgs[0].Kind != booking.MessageConfirmation {
			t.Errorf("booking %s: outbox %+v (%v)", b.Reference, msgs, err)
		}
	}
	if len(all) != 1+demoBookings(t, db) {
		t.Errorf("%d bookings", len(all))
	}
}

// demoBookings counts the bookings the demo made: those of its citizens.
func demoBookings(t *testing.T, db *sqlite.DB) int {
	all, err := db.Bookings(t.Context(), booking.BookingFilter{})
	must(t, err)
	n := 0
	for _, b := range all {
		for _, c := range demoCitizens {
			if b.Email == c.email {
				n++
			}
		}
	}
	return n
}

func TestRateLimit(t *testing.T) {
	s := startServer(t, "--write-rate", "3")
	for i := range 3 {
		s.expect(s.do("POST", "/api/v1/bookings/"+strings.Repeat("A", 22)+"/cancel", ""), 404)
		_ = i
	}
	var e apiErr
	r := s.expect(s.do("POST", "/api/v1/bookings/"+strings.Repeat("A", 22)+"/cancel", ""), 429)
	r.json(t, &e)
	if e.Error.Code != "rate_limited" || r.header.Get("Retry-After") == "" {
		t.Errorf("429: %+v %v", e, r.header)
	}
	s.expect(s.do("GET", "/api/v1/officials", ""), 200) // writes and reads are counted apart
}

func TestSlotQueryRateLimit(t *testing.T) {
	s := startServer(t, "--read-rate", "4")
	slots := "/api/v1/officials/kmet-triaditsa/slots"
	for _, path := range []string{slots, "/officials/kmet-triaditsa", "/officials/kmet-triaditsa/days/2026-11-30", slots} {
		if r := s.do("GET", path, ""); r.status == 429 {
			t.Fatalf("GET %s: 429 within the burst of 4", path)
		}
	}
	var e apiErr
	r := s.expect(s.do("GET", slots, ""), 429)
	r.json(t, &e)
	if e.Error.Code != "rate_limited" || r.header.Get("Retry-After") == "" || !strings.Contains(e.Error.Message, "минута") {
		t.Errorf("429: %+v %v", e, r.header)
	}
	if r := s.do("GET", "/officials/kmet-triaditsa/days/2026-11-30", ""); r.status != 429 || !strings.Contains(string(r.body), "Твърде много заявки") {
		t.Errorf("day page over the limit: %d %.200s", r.status, r.body)
	}
	// Other pages and the list of officials are not slot queries.
	s.expect(s.do("GET", "/api/v1/officials", ""), 200)
	s.expect(s.do("GET", "/", ""), 200)
}

func TestStaffAPI(t *testing.T) {
	s := startServer(t)
	if _, err := s.cli("correct horse battery\n", "user", "add", "--email", "admin@sofia.example.bg", "--name", "Анна Админова", "--role", "admin"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.cli("another long secret\n", "user", "add", "--email", "asst@sofia.example.bg", "--name", "Пепа Помощникова",
		"--role", "assistant", "--official", "kmet-mladost"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.cli("short\n", "user", "add", "--email", "x@sofia.example.bg", "--name", "Х", "--role", "admin"); err == nil {
		t.Error("a short password was accepted")
	}
	token := func(email string) string {
		out, err := s.cli("", "token", "create", "--email", email)
		must(t, err)
		return strings.TrimSpace(out)
	}
	admin, asst := "Bearer "+token("admin@sofia.example.bg"), "Bearer "+token("asst@sofia.example.bg")

	// Without or with a wrong token: 401.
	r := s.expect(s.do("POST", "/api/v1/officials", `{}`), 401)
	if r.header.Get("WWW-Authenticate") == "" {
		t.Error("401 without WWW-Authenticate")
	}
	s.expect(s.do("POST", "/api/v1/officials", `{}`, "Authorization", "Bearer pri_AAAAAAAAAAAAAAAAAAAAAA"), 401)

	// An admin adds an official; an assistant may not.
	official := `{"slug":"kmet-vitosha","name":"Камен Иванов","title":"Кмет на район „Витоша“","unit":"rayon-lozenets","email":"kmet@vitosha.example.bg"}`
	s.expect(s.do("POST", "/api/v1/officials", official, "Authorization", asst), 403)
	s.expect(s.do("POST", "/api/v1/officials", official, "Authorization", admin), 201)
	s.expect(s.do("POST", "/api/v1/officials", official, "Authorization", admin), 409)
	var e apiErr
	s.expect(s.do("POST", "/api/v1/officials", strings.Replace(official, "rayon-lozenets", "rayon-nowhere", 1), "Authorization", admin), 422).json(t, &e)
	if e.Error.Fields["unit"] == "" {
		t.Errorf("unknown unit: %+v", e)
	}

	// A schedule whose booking window reaches past 28 March 2027: the
	// offset changes from +02:00 to +03:00, the local time stays.
	schedule := `{"rule":"DTSTART;TZID=Europe/Sofia:20270301T140000\nRRULE:FREQ=WEEKLY;BYDAY=SA,SU","duration_minutes":60,
		"slot_minutes":30,"capacity":1,"location":"Зала 1","booking_opens_days":200,"booking_closes_hours":0}`
	if r := s.expect(s.do("POST", "/api/v1/officials/kmet-vitosha/schedules", schedule, "Authorization", admin), 201); strings.Contains(string(r.body), "warnings") {
		t.Errorf("an ordinary schedule is warned about: %s", r.body)
	}
	// Christmas Day and Boxing Day only: accepted, with a warning.
	holidays := `{"rule":"DTSTART;TZID=Europe/Sofia:20261225T100000\nRRULE:FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25,26","duration_minutes":60,
		"location":"Зала 1"}`
	if r := s.expect(s.do("POST", "/api/v1/officials/kmet-vitosha/schedules", holidays, "Authorization", admin, "Accept-Language", "en"), 201); !strings.Contains(string(r.body), `"warnings":["The rule yields no reception day`) {
		t.Errorf("no warning for a rule of holidays only: %s", r.body)
	}
	var slots []slot
	s.expect(s.do("GET", "/api/v1/officials/kmet-vitosha/slots?from=2027-03-27&to=2027-03-28", ""), 200).json(t, &slots)
	var starts []string
	for _, sl := range slots {
		starts = append(starts, sl.Start)
	}
	want := "2027-03-27T14:00:00+02:00 2027-03-27T14:30:00+02:00 2027-03-28T14:00:00+03:00 2027-03-28T14:30:00+03:00"
	if strings.Join(starts, " ") != want {
		t.Errorf("slots across the clock change:\n got %v\nwant %s", starts, want)
	}
	s.expect(s.do("POST", "/api/v1/officials/kmet-vitosha/schedules",
		`{"rule":"DTSTART;TZID=Europe/Sofia:20270301T140000\nRRULE:FREQ=MONTHLY;BYDAY=10WE","duration_minutes":60,"location":"Зала 1"}`,
		"Authorization", admin, "Accept-Language", "en"), 422).json(t, &e)
	if !strings.Contains(e.Error.Fields["rule"], "at most 5") {
		t.Errorf("invalid rule: %+v", e)
	}

	// The assistant of kmet-mladost works that official's day, not others'.
	s.expect(s.do("GET", "/api/v1/staff/day?official=kmet-vitosha", "", "Authorization", asst), 403)
	s.expect(s.do("POST", "/api/v1/officials/kmet-vitosha/schedules", schedule, "Authorization", asst), 403)
	s.expect(s.do("POST", "/api/v1/officials/kmet-vitosha/closures", `{"date":"2027-03-27","reason":"Болест"}`, "Authorization", asst), 403)

	free := s.freeSlots("kmet-mladost")
	var late, absent bookingOut
	s.expect(s.do("POST", "/api/v1/bookings", bookingBody("kmet-mladost", free[0].Start)), 201).json(t, &late)
	s.expect(s.do("POST", "/api/v1/bookings", bookingBody("kmet-mladost", free[1].Start)), 201).json(t, &absent)

	start, _ := time.Parse(time.RFC3339, late.Start)
	absentStart, _ := time.Parse(time.RFC3339, absent.Start)
	s.clock.Set(absentStart.Add(20 * time.Minute))
	var sheet struct {
		Date     string
		Bookings []bookingOut
	}
	s.expect(s.do("GET", "/api/v1/staff/day?official=kmet-mladost&date="+calendar.DateOf(start).String(), "", "Authorization", asst), 200).json(t, &sheet)
	if len(sheet.Bookings) < 2 || sheet.Bookings[0].Token != "" {
		t.Fatalf("day sheet: %+v", sheet)
	}
	var arrived bookingOut
	at := start.Add(12 * time.Minute).Format(time.RFC3339)
	s.expect(s.do("POST", "/api/v1/staff/bookings/"+late.Reference+"/arrival", fmt.Sprintf(`{"at":%q}`, at), "Authorization", asst), 200).json(t, &arrived)
	if arrived.Status != "late" || arrived.ArrivedAt == "" {
		t.Errorf("arrival: %+v", arrived)
	}
	var noShow bookingOut
	s.expect(s.do("POST", "/api/v1/staff/bookings/"+absent.Reference+"/no-show", "", "Authorization", asst), 200).json(t, &noShow)
	if noShow.Status != "no_show" {
		t.Errorf("no-show: %+v", noShow)
	}
	s.expect(s.do("POST", "/api/v1/staff/bookings/SO-2222-2222/no-show", "", "Authorization", asst), 404)

	// A closure cancels the day's bookings.
	next := s.freeSlots("kmet-mladost")[0]
	var victim bookingOut
	s.expect(s.do("POST", "/api/v1/bookings", bookingBody("kmet-mladost", next.Start)), 201).json(t, &victim)
	day := next.Start[:10]
	var closure struct{ Cancelled []string }
	s.expect(s.do("POST", "/api/v1/officials/kmet-mladost/closures", fmt.Sprintf(`{"date":%q,"reason":"Командировка"}`, day), "Authorization", asst), 201).json(t, &closure)
	if len(closure.Cancelled) == 0 || !contains(closure.Cancelled, victim.Reference) {
		t.Errorf("closure cancelled %v, want %s among them", closure.Cancelled, victim.Reference)
	}
	var after bookingOut
	s.expect(s.do("GET", "/api/v1/bookings/"+victim.Token, ""), 200).json(t, &after)
	if after.Status != "cancelled" {
		t.Errorf("booking on a closed day: %s", after.Status)
	}

	// Staff can lift a no-show block.
	s.expect(s.do("POST", "/api/v1/staff/policy/lift", `{"email":"maria1@example.bg"}`, "Authorization", asst), 200)
	s.expect(s.do("POST", "/api/v1/staff/policy/lift", `{"email":"maria@"}`, "Authorization", asst), 422)

	// Every staff action above is in the audit log, for administrators.
	s.expect(s.do("GET", "/api/v1/staff/audit", "", "Authorization", asst), 403)
	var audit []struct{ User, Action, Object string }
	s.expect(s.do("GET", "/api/v1/staff/audit", "", "Authorization", admin), 200).json(t, &audit)
	actions := map[string]string{}
	for _, a := range audit { // newest first; the demo's own entries are older
		if _, seen := actions[a.Action]; !seen {
			actions[a.Action] = a.User
		}
	}
	for action, user := range map[string]string{"official.create": "admin@sofia.example.bg", "schedule.create": "admin@sofia.example.bg",
		"arrival": "asst@sofia.example.bg", "no-show": "asst@sofia.example.bg", "closure.create": "asst@sofia.example.bg",
		"policy.lift": "asst@sofia.example.bg", "user.add": "(command line)", "token.create": "(command line)"} {
		if actions[action] != user {
			t.Errorf("audit: %s by %q, want %s", action, actions[action], user)
		}
	}

	// Undelivered mail is for administrators' eyes.
	s.expect(s.do("GET", "/api/v1/staff/outbox/dead", "", "Authorization", asst), 403)
	var dead []struct{ Booking string }
	s.expect(s.do("GET", "/api/v1/staff/outbox/dead", "", "Authorization", admin), 200).json(t, &dead)
	if len(dead) != 0 {
		t.Errorf("dead mail with a working mail directory: %+v", dead)
	}

	// A citizen's data erased at their request, by staff and by the CLI.
	s.expect(s.do("POST", "/api/v1/staff/bookings/"+victim.Reference+"/erase", "", "Authorization", asst), 200)
	var erased struct{ Name, Email string }
	s.expect(s.do("GET", "/api/v1/bookings/"+victim.Token, ""), 200).json(t, &erased)
	if erased.Name != "" || erased.Email != "" {
		t.Errorf("after erasure: %+v", erased)
	}
	if out, err := s.cli("", "erase", "--reference", late.Reference); err != nil || !strings.Contains(out, "erased") {
		t.Errorf("erase: %q %v", out, err)
	}
	// The shell's erasure is audited like the API's.
	var log []struct{ User, Action, Object string }
	s.expect(s.do("GET", "/api/v1/staff/audit", "", "Authorization", admin), 200).json(t, &log)
	if len(log) == 0 || log[0].Action != "booking.erase" || log[0].User != "(command line)" || log[0].Object != late.Reference {
		t.Errorf("the command line's erasure in the audit log: %+v", log[:min(len(log), 1)])
	}

	// A revoked token no longer opens the staff API.
	if out, err := s.cli("", "token", "revoke", "--email", "asst@sofia.example.bg"); err != nil || !strings.HasPrefix(out, "1 token") {
		t.Fatalf("revoke: %q %v", out, err)
	}
	s.expect(s.do("GET", "/api/v1/staff/day?official=kmet-mladost", "", "Authorization", asst), 401)
	if _, err := s.cli("a brand new secret\n", "user", "password", "--email", "asst@sofia.example.bg"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.cli("short\n", "user", "password", "--email", "asst@sofia.example.bg"); err == nil {
		t.Error("a short password was accepted")
	}

	// A backup taken while serving holds what was booked.
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if out, err := s.cli("", "backup", "--to", copyPath); err != nil || !strings.Contains(out, "checked") {
		t.Fatalf("backup: %q %v", out, err)
	}
	// The full integrity check, which start-up leaves out, on demand.
	if out, err := s.cli("", "check"); err != nil || !strings.Contains(out, "passes its integrity check") {
		t.Fatalf("check: %q %v", out, err)
	}
	if _, err := s.cli("", "backup", "--to", copyPath); err == nil {
		t.Error("backup overwrote an existing file")
	}
	backup, err := sqlite.Open(copyPath)
	must(t, err)
	defer backup.Close()
	must(t, backup.Check(t.Context()))
	if _, err := backup.BookingByReference(t.Context(), victim.Reference); err != nil {
		t.Errorf("backup lacks a booking: %v", err)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// must ends the test on an error it cannot go on from.
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// runApp runs a command line in-process with nothing on standard input,
// and returns what it printed: standard output, then standard error.
func runApp(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	app := &App{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut}
	err := app.Run(t.Context(), args)
	return out.String() + errOut.String(), err
}

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	if out, err := runApp(t, "version"); err != nil || !strings.HasPrefix(out, "priemna ") {
		t.Errorf("version: %q %v", out, err)
	}
	if _, err := runApp(t, "migrate", "--db", db); err != nil {
		t.Fatal(err)
	}
	if _, err := runApp(t, "demo", "--db", db); err != nil {
		t.Fatal(err)
	}
	if _, err := runApp(t, "demo", "--db", db); err == nil {
		t.Error("demo filled a database that has data")
	}
	if _, err := runApp(t, "token", "create", "--db", db, "--email", "nobody@example.bg"); err == nil {
		t.Error("token for an unknown user")
	}
	if _, err := runApp(t, "backup", "--db", db); err == nil {
		t.Error("backup without --to")
	}
	if _, err := runApp(t, "frobnicate"); err == nil {
		t.Error("unknown command accepted")
	}
	if _, err := runApp(t, "serve", "--mail-dir", filepath.Join(dir, "mail"), "--db", filepath.Join(dir, "no", "such", "dir", "x.db")); err == nil {
		t.Error("serve on an impossible database path")
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatal(err)
	}
}

// TestRestoreFromBackup restores a backup taken while serving, the way the
// README says, and serves from it: the bookings are there and booking goes on.
func TestRestoreFromBackup(t *testing.T) {
	a := startServer(t)
	free := a.freeSlots("kmet-mladost")
	var b bookingOut
	a.expect(a.do("POST", "/api/v1/bookings", bookingBody("kmet-mladost", free[0].Start)), 201).json(t, &b)
	copyPath := filepath.Join(t.TempDir(), "backup.db")
	if _, err := a.cli("", "backup", "--to", copyPath); err != nil {
		t.Fatal(err)
	}
	a.stop()

	// Restore: the copy takes the place of the database file.
	restored := filepath.Join(t.TempDir(), "priemna.db")
	data, err := os.ReadFile(copyPath)
	must(t, err)
	must(t, os.WriteFile(restored, data, 0o600))
	r := startServerOn(t, restored)
	var got bookingOut
	r.expect(r.do("GET", "/api/v1/bookings/"+b.Token, ""), 200).json(t, &got)
	if got.Reference != b.Reference || got.Start != b.Start {
		t.Errorf("restored booking: %+v", got)
	}
	r.expect(r.do("POST", "/api/v1/bookings", bookingBody("kmet-mladost", free[0].Start)), 409) // still taken
	r.expect(r.do("POST", "/api/v1/bookings", bookingBody("kmet-mladost", free[1].Start)), 201)
}

// TestRushThroughHTTP: 500 clients (PRIEMNA_RUSH_CLIENTS) at once on three slots of capacity 2.
// Exactly six are booked; every other client is told the slot is full.
func TestRushThroughHTTP(t *testing.T) {
	s := startServer(t, "--write-rate", "100000")
	targets := threeEmptySlots(t, s)
	clients := envInt("PRIEMNA_RUSH_CLIENTS", 500) // make soak sends more
	statuses, codes := rush(t, clients, func(i int) (*server, string) { return s, targets[i%3].Start })
	booked, full := 0, 0
	for i, st := range statuses {
		switch {
		case st == http.StatusCreated:
			booked++
		case st == http.StatusConflict && codes[i] == "slot_full":
			full++
		default:
			t.Errorf("client %d: %d %s", i, st, codes[i])
		}
	}
	if booked != 6 || full != clients-6 {
		t.Errorf("%d booked, %d told the slot is full; want 6 and %d", booked, full, clients-6)
	}
	for _, sl := range s.freeSlots("kmet-triaditsa") {
		for _, tg := range targets {
			if sl.Start == tg.Start {
				t.Errorf("slot %s still shows %d free", sl.Start, sl.Available)
			}
		}
	}
}
