package notify

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/bookingtest"
	"github.com/priemna/priemna/booking/sqlite"
	"github.com/priemna/priemna/calendar"
)

func sofia(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, calendar.Sofia)
}

var monday = sofia(2026, 1, 12, 14, 0)

type fixture struct {
	db    *sqlite.DB
	svc   *booking.Service
	clock *bookingtest.Clock
	sink  *smtpSink

	official *booking.Official // kmet-sredets, as seeded
}

// newFixture serves the fixture; roles turn on the service's optional
// roles the test needs (the waiting lists, the complaint register).
func newFixture(t testing.TB, roles ...func(st *booking.Stores, db *sqlite.DB)) *fixture {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "priemna.db"))
	must(t, err)
	t.Cleanup(func() { db.Close() })
	clk := bookingtest.NewClock(sofia(2026, 1, 7, 9, 0))
	stores := db.Required()
	stores.Privacy = db
	for _, role := range roles {
		role(&stores, db)
	}
	svc := booking.NewService(stores, clk.Now)
	svc.UIDHost = "priemna.example"
	// The letters name the unit, the official and the room in both
	// languages: the golden letters hold these.
	fx := bookingtest.Weekly(1)
	fx.Unit.NameEN, fx.Unit.Address, fx.Unit.AddressEN = "Sredets District", "ул. „Цар Шишман“ 32", "32 Tsar Shishman St"
	fx.Official = booking.OfficialInput{Slug: "kmet-sredets", Name: "Петър Стоянов", NameEN: "Petar Stoyanov",
		Title: "Кмет на район „Средец“", TitleEN: "Mayor of Sredets District", Unit: "sredets",
		Email: "kmet@sredets.example.bg", Phone: "02 8054 120"}
	fx.Schedule.Location, fx.Schedule.BookingOpensDays, fx.Schedule.BookingClosesHours = "ет. 2, стая 21", 60, 1
	o, _ := bookingtest.Seed(t, svc, fx)
	return &fixture{db: db, svc: svc, clock: clk, sink: newSMTPSink(t), official: o}
}

// The optional roles of the service that tests turn on.
func withContests(st *booking.Stores, db *sqlite.DB)   { st.Policies, st.Contests = db, db } // a contest is of a no-show strike
func withComplaints(st *booking.Stores, db *sqlite.DB) { st.Complaints = db }
func withWaitlist(st *booking.Stores, db *sqlite.DB)   { st.Waitlist = db }
func withLinks(st *booking.Stores, db *sqlite.DB)      { st.Links = db }

// mailerTo is a mailer to the SMTP server at url, closed when the test
// ends.
func mailerTo(t testing.TB, url string) *SMTPMailer {
	t.Helper()
	m, err := NewSMTPMailer(url, 5*time.Second)
	must(t, err)
	t.Cleanup(func() { m.Close() })
	return m
}

func (f *fixture) worker(t testing.TB) *Worker {
	return &Worker{Store: f.db, Mailer: mailerTo(t, f.sink.URL()), Now: f.clock.Now,
		Renderer: &Renderer{BaseURL: "https://priemna.example", From: "Приемна <priemna@sofia.example.bg>"},
		Backoff:  func(n int) time.Duration { return time.Duration(n) * time.Minute }}
}

func (f *fixture) book(t testing.TB, start time.Time, name, lang string) *booking.Booking {
	t.Helper()
	b, _, err := f.svc.Book(t.Context(), booking.BookRequest{Official: "kmet-sredets", Start: start.Format(time.RFC3339),
		Name: name, Email: fmt.Sprintf("citizen%d@example.bg", start.Unix()%100000), Topic: "Ремонт на тротоара",
		Accessibility: booking.Accessibility{Needs: []booking.Need{"wheelchair"}}, Language: lang})
	must(t, err)
	return b
}

// cancel cancels b as its citizen does.
func (f *fixture) cancel(t testing.TB, b *booking.Booking) {
	t.Helper()
	_, err := f.svc.Cancel(t.Context(), b.Token)
	must(t, err)
}

// sent sends every letter due and returns those it sent.
func (f *fixture) sent(t testing.TB, w *Worker) []received {
	t.Helper()
	before := len(f.sink.Messages())
	drain(t, w)
	return f.sink.Messages()[before:]
}

func drain(t testing.TB, w *Worker) int {
	t.Helper()
	total := 0
	for {
		n, err := w.RunOnce(t.Context())
		must(t, err)
		if n == 0 {
			return total
		}
		total += n
	}
}

// parsed is a received message taken apart.
type parsed struct {
	header   mail.Header
	subject  string
	parts    map[string]string // content type (without parameters) → body
	method   string            // method parameter of text/calendar
	attached []byte            // the application/ics attachment
	qr       []byte            // the image/png QR code of the reference
	cal      *ical.Calendar
}

func parse(t testing.TB, raw []byte) parsed {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	must(t, err)
	p := parsed{header: msg.Header, parts: map[string]string{}}
	dec := new(mime.WordDecoder)
	if p.subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	body := io.Reader(msg.Body)
	if err == nil && mt == "multipart/alternative" {
		// A letter without a calendar has nothing to attach.
		body = io.MultiReader(strings.NewReader("--x\r\nContent-Type: "+msg.Header.Get("Content-Type")+"\r\n\r\n"), msg.Body,
			strings.NewReader("\r\n--x--\r\n"))
		params["boundary"], mt = "x", "multipart/mixed"
	}
	if err != nil || mt != "multipart/mixed" {
		t.Fatalf("top-level type %q, want multipart/mixed", mt)
	}
	eachPart(t, multipart.NewReader(body, params["boundary"]), func(i int, part *multipart.Part, pt string, pp map[string]string) {
		switch {
		case i == 0 && pt == "multipart/alternative":
			eachPart(t, multipart.NewReader(part, pp["boundary"]), func(_ int, ap *multipart.Part, at string, aparams map[string]string) {
				body, _ := io.ReadAll(ap) // multipart decodes quoted-printable
				p.parts[at] = string(body)
				if at == "text/calendar" {
					p.method = aparams["method"]
					if aparams["charset"] != "UTF-8" {
						t.Errorf("text/calendar charset %q", aparams["charset"])
					}
				}
			})
		case pt == "image/png":
			p.qr = attachment(t, part)
		case pt == "application/ics":
			p.attached = attachment(t, part)
		default:
			t.Errorf("unexpected part %d: %s", i, pt)
		}
	})
	if ics := p.parts["text/calendar"]; ics != "" {
		if p.cal, err = ical.NewDecoder(strings.NewReader(ics)).Decode(); err != nil {
			t.Fatalf("calendar: %v", err)
		}
	}
	return p
}

// eachPart calls fn with each part of a multipart body, its number, its
// media type and the type's parameters.
func eachPart(t testing.TB, r *multipart.Reader, fn func(i int, part *multipart.Part, mt string, params map[string]string)) {
	t.Helper()
	for i := 0; ; i++ {
		part, err := r.NextPart()
		if err == io.EOF {
			return
		} else if err != nil {
			t.Fatal(err)
		}
		mt, params, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
		fn(i, part, mt, params)
	}
}

// attachment reads an attached part, decoding base64.
func attachment(t testing.TB, part *multipart.Part) []byte {
	body, _ := io.ReadAll(part)
	if part.Header.Get("Content-Transfer-Encoding") == "base64" {
		body = decodeBase64(t, body)
	}
	return body
}

func (p parsed) event(t testing.TB) *ical.Event {
	t.Helper()
	if p.cal == nil || len(p.cal.Events()) != 1 {
		t.Fatalf("no single event in %+v", p.cal)
	}
	return &p.cal.Events()[0]
}

func TestInvitationThroughChangeAndCancellation(t *testing.T) {
	f := newFixture(t)
	w := f.worker(t)
	ctx := t.Context()
	start := monday.Add(15 * time.Minute)
	b := f.book(t, start, "Мария Георгиева", "bg")
	if n := drain(t, w); n != 1 {
		t.Fatalf("sent %d, want the confirmation only (reminders are not due)", n)
	}
	moved, err := f.svc.Reschedule(ctx, b.Token, sofia(2026, 1, 19, 15, 0).Format(time.RFC3339))
	must(t, err)
	f.cancel(t, b)
	if n := drain(t, w); n != 2 {
		t.Fatalf("sent %d, want the change and the cancellation", n)
	}
	got := f.sink.Messages()
	if len(got) != 3 {
		t.Fatalf("received %d messages", len(got))
	}
	var uid string
	for i, want := range []struct {
		method string
		seq    int
		start  time.Time
	}{{"REQUEST", 0, start}, {"REQUEST", 1, moved.Start}, {"CANCEL", 2, moved.Start}} {
		if got[i].to[0] != b.Email || len(got[i].to) != 1 {
			t.Errorf("message %d to %v", i, got[i].to)
		}
		p := parse(t, got[i].data)
		if p.parts["text/plain"] == "" || p.parts["text/html"] == "" {
			t.Errorf("message %d lacks a text or HTML part: %v", i, keys(p.parts))
		}
		if p.method != want.method {
			t.Errorf("message %d: method parameter %q, want %s", i, p.method, want.method)
		}
		if m, _ := p.cal.Props.Text(ical.PropMethod); m != p.method {
			t.Errorf("message %d: METHOD %s differs from the method parameter %s", i, m, p.method)
		}
		if !bytes.Equal(bytes.ReplaceAll(p.attached, []byte("\r\n"), []byte("\n")), []byte(strings.ReplaceAll(p.parts["text/calendar"], "\r\n", "\n"))) {
			t.Errorf("message %d: the attachment differs from the inline calendar", i)
		}
		var tz bool
		for _, c := range p.cal.Children {
			tz = tz || (c.Name == ical.CompTimezone && c.Props.Get(ical.PropTimezoneID).Value == "Europe/Sofia")
		}
		if !tz {
			t.Errorf("message %d: no VTIMEZONE", i)
		}
		ev := p.event(t)
		u, _ := ev.Props.Text(ical.PropUID)
		if i == 0 {
			uid = u
		} else if u != uid {
			t.Errorf("message %d: UID %s, want %s", i, u, uid)
		}
		if seq, _ := ev.Props.Get(ical.PropSequence).Int(); seq != want.seq {
			t.Errorf("message %d: SEQUENCE %d, want %d", i, seq, want.seq)
		}
		if dt, err := ev.DateTimeStart(nil); err != nil || !dt.Equal(want.start) {
			t.Errorf("message %d: DTSTART %s, want the instant %s", i, dt, want.start)
		}
		// One organizer for the booking's whole life: the address letters come from.
		if org := ev.Props.Get(ical.PropOrganizer); org == nil || org.Value != "mailto:priemna@sofia.example.bg" {
			t.Errorf("message %d: ORGANIZER %+v", i, org)
		}
		// The message's own key, never its row number.
		if id := p.header.Get("Message-Id"); !messageIDPattern.MatchString(id) || strings.Contains(id, "outbox-") {
			t.Errorf("message %d: Message-ID %q", i, id)
		}
		if rt := p.header.Get("Reply-To"); !strings.Contains(rt, "kmet@sredets.example.bg") {
			t.Errorf("message %d: Reply-To %q", i, rt)
		}
	}
	p := parse(t, got[0].data)
	if !strings.HasPrefix(p.subject, "Потвърждение: среща при Петър Стоянов в понеделник, 12 януари 2026 г.") {
		t.Errorf("subject %q", p.subject)
	}
	for _, want := range []string{b.Reference, "понеделник, 12 януари 2026 г., 14:15 ч.", "ет. 2, стая 21", "достъпно без стъпала",
		"инвалидна количка", "02 8054 120", "https://priemna.example/bookings/" + b.Token} {
		if !strings.Contains(p.parts["text/plain"], want) || !strings.Contains(p.parts["text/html"], want) {
			t.Errorf("confirmation lacks %q", want)
		}
	}
	if p := parse(t, got[2].data); !strings.HasPrefix(p.subject, "Отменено") {
		t.Errorf("cancellation subject %q", p.subject)
	}
}

func keys(m map[string]string) []string {
	var k []string
	for key := range m {
		k = append(k, key)
	}
	return k
}

func TestNamesCannotInjectHeaders(t *testing.T) {
	f := newFixture(t)
	w := f.worker(t)
	// Validation refuses control characters in names; quotes, commas and
	// angle brackets are allowed and must stay inside the display name.
	b := f.book(t, monday, `Ivan "Bcc: evil@example.com" <x>, Петров`, "en")
	if _, err := w.RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	if dead, _ := f.db.Messages(t.Context(), b.ID); dead[0].LastError != "" {
		t.Fatalf("not sent: %s", dead[0].LastError)
	}
	got := f.sink.Messages()
	if len(got) != 1 || len(got[0].to) != 1 || got[0].to[0] != b.Email {
		t.Fatalf("recipients: %+v", got)
	}
	p := parse(t, got[0].data)
	to, err := mail.ParseAddress(p.header.Get("To"))
	if err != nil || to.Address != b.Email || to.Name != b.Name {
		t.Errorf("To header %q parses to %+v (%v)", p.header.Get("To"), to, err)
	}
	if p.header.Get("Bcc") != "" {
		t.Error("a Bcc header appeared")
	}
	if !strings.HasPrefix(p.subject, "Confirmed: meeting with Petar Stoyanov") && !strings.HasPrefix(p.subject, "Confirmed: meeting with Петър") {
		t.Errorf("English subject %q", p.subject)
	}
}

func TestOutageLosesNothingAndKeepsOrder(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	f.sink.Stop() // the mail server is down while citizens book
	var bookings []*booking.Booking
	for i := range 6 {
		bookings = append(bookings, f.book(t, monday.Add(time.Duration(i)*15*time.Minute), fmt.Sprintf("Гражданин %d", i), "bg"))
	}
	for _, b := range bookings[:3] {
		if _, err := f.svc.Reschedule(ctx, b.Token, b.Start.AddDate(0, 0, 7).Format(time.RFC3339)); err != nil {
			t.Fatal(err)
		}
	}
	f.cancel(t, bookings[0])
	w := f.worker(t)
	if n, err := w.RunOnce(ctx); err != nil || n != 0 {
		t.Fatalf("sent %d while down (%v)", n, err)
	}
	f.clock.Add(10 * time.Minute)
	w.RunOnce(ctx) // still down: a second failed attempt

	f.sink.Start()
	// A worker sends part of the outbox, then "crashes" holding a claim it
	// never finishes.
	f.clock.Add(10 * time.Minute)
	w.Batch = 3
	if n, err := w.RunOnce(ctx); err != nil || n == 0 {
		t.Fatalf("after the outage: sent %d (%v)", n, err)
	}
	claimed, err := f.db.ClaimMessages(ctx, f.clock.Now(), f.clock.Now().Add(2*time.Minute), 2)
	if err != nil || len(claimed) == 0 {
		t.Fatalf("claim: %v %v", claimed, err)
	}
	// A new worker takes over; the dead worker's claim is taken once its
	// lease runs out.
	w2 := f.worker(t)
	drain(t, w2)
	f.clock.Add(3 * time.Minute)
	drain(t, w2)

	got := f.sink.Messages()
	// 6 confirmations, 3 changes, 1 cancellation; no reminder is due yet.
	if len(got) != 10 {
		t.Fatalf("received %d messages, want 10", len(got))
	}
	seen := map[string]bool{}
	lastSeq := map[string]int{}
	for _, r := range got {
		p := parse(t, r.data)
		id := p.header.Get("Message-Id")
		if seen[id] {
			t.Errorf("%s received twice", id)
		}
		seen[id] = true
		ev := p.event(t)
		uid, _ := ev.Props.Text(ical.PropUID)
		seq, _ := ev.Props.Get(ical.PropSequence).Int()
		if last, ok := lastSeq[uid]; ok && seq <= last {
			t.Errorf("booking %s: SEQUENCE %d arrived after %d", uid, seq, last)
		}
		lastSeq[uid] = seq
	}
	if len(lastSeq) != 6 {
		t.Errorf("%d bookings heard from, want 6", len(lastSeq))
	}
}

func TestRemindersFollowTheBooking(t *testing.T) {
	f := newFixture(t)
	w := f.worker(t)
	ctx := t.Context()
	b := f.book(t, monday, "Мария Георгиева", "bg")
	if _, err := f.svc.Reschedule(ctx, b.Token, monday.AddDate(0, 0, 7).Format(time.RFC3339)); err != nil {
		t.Fatal(err)
	}
	drain(t, w)                           // confirmation and change
	f.clock.Set(sofia(2026, 1, 12, 9, 0)) // past both reminders of the old slot
	if n := drain(t, w); n != 2 {
		t.Fatalf("finished %d, want the two old reminders skipped", n)
	}
	if len(f.sink.Messages()) != 2 {
		t.Fatalf("a reminder of the old slot was sent")
	}
	f.clock.Set(sofia(2026, 1, 19, 8, 30)) // past both reminders of the new slot
	drain(t, w)
	got := f.sink.Messages()
	if len(got) != 4 {
		t.Fatalf("received %d, want 2 reminders more", len(got))
	}
	for _, r := range got[2:] {
		p := parse(t, r.data)
		if !strings.HasPrefix(p.subject, "Напомняне") || !strings.Contains(p.parts["text/plain"], "19 януари 2026 г., 14:00 ч.") {
			t.Errorf("reminder: %q\n%s", p.subject, p.parts["text/plain"])
		}
		if p.cal != nil {
			t.Error("a reminder carries a calendar")
		}
	}
	// A cancelled booking is not reminded.
	c := f.book(t, sofia(2026, 1, 26, 14, 0), "Борис Христов", "bg")
	drain(t, w)
	f.cancel(t, c)
	f.clock.Set(sofia(2026, 1, 26, 9, 0))
	for _, r := range f.sent(t, w) {
		if p := parse(t, r.data); strings.HasPrefix(p.subject, "Напомняне") {
			t.Error("a cancelled booking was reminded")
		}
	}
}

func TestGivesUpAfterMaxAttempts(t *testing.T) {
	f := newFixture(t)
	f.sink.Stop()
	w := f.worker(t)
	w.MaxAttempts = 3
	f.book(t, monday, "Мария Георгиева", "bg")
	for range 3 {
		if _, err := w.RunOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		f.clock.Add(time.Hour)
	}
	dead, err := f.db.DeadMessages(t.Context())
	if err != nil || len(dead) != 1 || dead[0].Attempts != 3 || dead[0].LastError == "" || dead[0].Kind != booking.MessageConfirmation {
		t.Fatalf("dead: %+v %v", dead, err)
	}
}

func TestDirMailerWritesEML(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	w := f.worker(t)
	w.Mailer = &DirMailer{Dir: dir}
	f.book(t, monday, "Мария Георгиева", "en")
	drain(t, w)
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != 1 {
		t.Fatalf("files: %v", files)
	}
	raw, _ := readFile(files[0])
	if p := parse(t, raw); p.method != "REQUEST" {
		t.Errorf("method %q", p.method)
	}
}

// cancelOnSend cancels the worker's context while the first message is
// being sent, as a shutdown signal arriving mid-batch would.
type cancelOnSend struct {
	Mailer
	cancel context.CancelFunc
}

func (c *cancelOnSend) Send(ctx context.Context, r *Rendered) error {
	c.cancel()
	return c.Mailer.Send(ctx, r)
}

func TestShutdownFinishesTheSendUnderWayAndReleasesTheRest(t *testing.T) {
	f := newFixture(t)
	for i := range 3 {
		f.book(t, monday.Add(time.Duration(i)*15*time.Minute), fmt.Sprintf("Гражданин %d", i), "bg")
	}
	w := f.worker(t)
	ctx, cancel := context.WithCancel(context.Background())
	w.Mailer = &cancelOnSend{Mailer: w.Mailer, cancel: cancel}
	n, err := w.RunOnce(ctx)
	if err == nil || n != 1 {
		t.Fatalf("finished %d (%v), want the one under way", n, err)
	}
	if got := len(f.sink.Messages()); got != 1 {
		t.Fatalf("received %d", got)
	}
	// The other two are pending again, no attempt counted, and a new
	// worker sends them at once.
	for id := int64(2); id <= 3; id++ {
		b, _ := f.db.BookingByID(t.Context(), id)
		msgs, _ := f.db.Messages(t.Context(), b.ID)
		if msgs[0].Status != booking.MessagePending || msgs[0].Attempts != 0 {
			t.Errorf("booking %d: %s after %d attempts", id, msgs[0].Status, msgs[0].Attempts)
		}
	}
	if n := drain(t, f.worker(t)); n != 2 {
		t.Errorf("the next worker sent %d, want 2", n)
	}
}
