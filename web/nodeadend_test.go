package web

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// bookingForm is a filled booking form for a slot of 12 January.
func (e *env) bookingForm(t *testing.T, start, email string) url.Values {
	t.Helper()
	_, body, _ := e.get(t, "/officials/kmet-sredets/book?start="+url.QueryEscape(start))
	form := hiddenFields(body)
	form.Set("start", start)
	form.Set("name", "Мария Георгиева")
	form.Set("email", email)
	form.Set("topic", "Още един въпрос за тротоара")
	form.Set("consent", "yes")
	return form
}

// linksQueued delivers (as a worker would, without mail) every due
// message and returns the links letters among them, each counted once.
func (e *env) linksQueued(t *testing.T) []booking.Message {
	t.Helper()
	ctx := t.Context()
	now := e.clock.Now()
	var out []booking.Message
	for {
		msgs, err := e.db.ClaimMessages(ctx, now, now.Add(time.Minute), 100)
		must(t, err)
		if len(msgs) == 0 {
			return out
		}
		var done []booking.Finished
		for _, m := range msgs {
			if m.Kind == booking.MessageLinks {
				out = append(out, m)
			}
			done = append(done, booking.Finished{ID: m.ID, Status: booking.MessageSent, At: now})
		}
		must(t, e.db.FinishMessages(ctx, done))
	}
}

// A citizen who already has a meeting with the official learns it when
// they send the form, not after checking their answers: a page that says
// so, offers to mail their links again, keeps what they typed, and gives
// the office's phone and email.
func TestAlreadyBookedIsToldEarlyWithAWayForward(t *testing.T) {
	e := newEnv(t, withPolicies)
	form := e.bookingForm(t, "2026-01-12T14:15:00+02:00", "Maria@Example.bg")
	status, body, _ := e.postForm(t, "/officials/kmet-sredets/book", form)
	if status != 409 || !strings.Contains(body, "<h1>Вече имате записване при Петър Стоянов</h1>") {
		t.Fatalf("status %d:\n%s", status, body)
	}
	for _, want := range []string{`<form method="post" action="/lost-link"`, `name="email" value="Maria@Example.bg"`,
		`mailto:kmet@sredets.example.bg`, `id="kept-form"`, `name="topic" value="Още един въпрос за тротоара"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the refusal lacks %s", want)
		}
	}
	if len(e.linksQueued(t)) != 0 {
		t.Fatal("a letter before anyone asked for it")
	}
	// The way forward: the letter with the links.
	status, body, _ = e.postForm(t, "/lost-link", url.Values{"_csrf": {hiddenFields(body).Get("_csrf")}, "email": {"Maria@Example.bg"}})
	if status != 200 || !strings.Contains(body, "Проверете пощата си") {
		t.Fatalf("lost link: %d\n%s", status, body)
	}
	links := e.linksQueued(t)
	if len(links) != 1 || booking.LinkedBookings(links[0].Note)[0] != e.b.ID {
		t.Fatalf("links letters %+v, want one about booking %d", links, e.b.ID)
	}
	// Changing the details brings the form back, filled in.
	kept := regexp.MustCompile(`(?s)<form method="post" action="/officials/kmet-sredets/book" id="kept-form">(.*?)</form>`)
	_, body, _ = e.postForm(t, "/officials/kmet-sredets/book", form)
	k := hiddenFields(kept.FindString(body))
	k.Set("edit", "1")
	if status, body, _ = e.postForm(t, "/officials/kmet-sredets/book", k); status != 200 || !strings.Contains(body, `value="Maria@Example.bg"`) {
		t.Errorf("change my details: %d", status)
	}
}

// "Lost my link" answers the same for an address with bookings, one
// without, and a second request; only the first request for an address
// with bookings writes a letter, and parallel requests write one.
func TestLostLinkRevealsNothingAndIsRateLimited(t *testing.T) {
	e := newEnv(t, withPolicies)
	_, body, _ := e.get(t, "/lost-link")
	csrf := hiddenFields(body).Get("_csrf")
	answer := func(email string) string {
		status, body, _ := e.postForm(t, "/lost-link", url.Values{"_csrf": {csrf}, "email": {email}})
		if status != 200 {
			t.Fatalf("%s: status %d", email, status)
		}
		return strings.ReplaceAll(body, email, "ADDRESS")
	}
	nobody := answer("nobody@example.bg")
	done := make(chan string, 8)
	for range 8 {
		go func() {
			resp, err := e.http.PostForm(e.url+"/lost-link", url.Values{"_csrf": {csrf}, "email": {"maria@example.bg"}})
			if err != nil {
				done <- err.Error()
				return
			}
			resp.Body.Close()
			done <- resp.Status
		}()
	}
	for range 8 {
		if s := <-done; s != "200 OK" {
			t.Errorf("parallel request: %s", s)
		}
	}
	if maria := answer("maria@example.bg"); maria != nobody {
		t.Error("the page differs for an address with bookings")
	}
	if n := len(e.linksQueued(t)); n != 1 {
		t.Errorf("%d links letters, want 1", n)
	}
	// After LinksEvery another letter may go.
	e.clock.Set(e.clock.Now().Add(booking.LinksEvery + time.Minute))
	answer("maria@example.bg")
	if n := len(e.linksQueued(t)); n != 1 {
		t.Errorf("%d links letters after the wait, want 1", n)
	}
	if status, body, _ := e.postForm(t, "/lost-link", url.Values{"_csrf": {csrf}, "email": {"не-е-адрес"}}); status != 422 ||
		!strings.Contains(body, `href="#email"`) {
		t.Errorf("a malformed address: %d", status)
	}
}

// A citizen paused by the no-show policy learns until when, and the
// contact centre's number, as soon as they send the form.
func TestPausedCitizenIsToldUntilWhen(t *testing.T) {
	e := newEnv(t, withPolicies)
	ctx := t.Context()
	// Bookings staff made count as strikes (the citizen cannot have been
	// impersonated).
	assistant, err := e.staff.AddUser(ctx, booking.CommandLine, booking.UserInput{Email: "asst@sredets.example.bg", Name: "Пепа Помощникова",
		Role: booking.RoleAdmin, PasswordHash: "x"})
	must(t, err)
	var refs []string
	for _, start := range []string{"2026-01-12T14:15:00+02:00", "2026-01-12T14:30:00+02:00"} {
		b, _, err := e.svc.Book(ctx, booking.BookRequest{Official: "kmet-sredets", Start: start, Name: "Павел Петров",
			Email: "pavel@example.bg", Topic: "Паркиране в района", Language: "bg", ByStaff: assistant})
		must(t, err)
		refs = append(refs, b.Reference)
	}
	e.clock.Set(time.Date(2026, 1, 12, 16, 0, 0, 0, calendar.Sofia))
	for _, ref := range refs {
		_, err := e.svc.MarkNoShow(ctx, booking.CommandLine, ref)
		must(t, err)
	}
	form := e.bookingForm(t, "2026-01-19T14:00:00+02:00", "pavel@example.bg")
	status, body, _ := e.postForm(t, "/officials/kmet-sredets/book", form)
	if status != 403 || !strings.Contains(body, "<h1>Онлайн записването Ви е спряно до сряда, 11 февруари 2026 г.</h1>") ||
		!strings.Contains(body, `<a href="tel:070010700">0700 1 0700</a>`) || strings.Contains(body, `action="/lost-link"`) {
		t.Fatalf("status %d:\n%s", status, body)
	}
	// In English too, through the switch that sends the kept form.
	m := regexp.MustCompile(`form="kept-form" formaction="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no language switch on the refusal")
	}
	k := hiddenFields(regexp.MustCompile(`(?s)id="kept-form">(.*?)</form>`).FindString(body))
	if status, body, _ = e.postForm(t, unescape(m[1]), k); status != 403 || !strings.Contains(body, "Online booking is paused for you until Wednesday 11 February 2026") {
		t.Errorf("in English: %d\n%s", status, body)
	}
}

// When the slot is taken between the form and the check, the day's other
// slots bring the form back with what was typed.
func TestSlotTakenKeepsWhatWasTyped(t *testing.T) {
	e := newEnv(t)
	form := e.bookingForm(t, "2026-01-12T14:15:00+02:00", "ivan@example.bg")
	_, _, err := e.svc.Book(t.Context(), booking.BookRequest{Official: "kmet-sredets", Start: "2026-01-12T14:15:00+02:00",
		Name: "Друг Гражданин", Email: "drug@example.bg", Topic: "Друг въпрос", Language: "bg"})
	must(t, err)
	status, body, _ := e.postForm(t, "/officials/kmet-sredets/book", form)
	if status != 409 || !strings.Contains(body, `<form method="post" action="/officials/kmet-sredets/book" id="slots-form">`) {
		t.Fatalf("status %d:\n%s", status, body)
	}
	m := regexp.MustCompile(`name="start" value="([^"]+)">14:30`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no button for 14:30")
	}
	k := hiddenFields(body)
	k.Set("start", unescape(m[1]))
	status, body, _ = e.postForm(t, "/officials/kmet-sredets/book", k)
	if status != 200 || !strings.Contains(body, "14:30") || !strings.Contains(body, `value="ivan@example.bg"`) ||
		!strings.Contains(body, ">Още един въпрос за тротоара</textarea>") {
		t.Errorf("the form did not come back filled in: %d\n%s", status, body)
	}
}

// With no free slot on any coming day, the move page says so for the whole
// range and offers the waiting list, keeping the booking, and the office.
func TestNothingToMoveToOffersTheWayForward(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	slots, err := e.svc.Slots(ctx, "kmet-sredets", e.svc.Today(), e.svc.Today().AddDays(60))
	must(t, err)
	for i, sl := range slots {
		for k := 0; k < sl.Available; k++ {
			_, _, err := e.svc.Book(ctx, booking.BookRequest{Official: "kmet-sredets", Start: sl.Start.Format(time.RFC3339),
				Name: "Зает Час", Email: fmt.Sprintf("full%d-%d@example.bg", i, k), Topic: "Друг въпрос", Language: "bg"})
			must(t, err)
		}
	}
	status, body, _ := e.get(t, "/bookings/"+e.b.Token+"/move")
	if status != 200 || !strings.Contains(body, "В нито един от следващите приемни дни няма свободен час") ||
		!strings.Contains(body, `href="/officials/kmet-sredets/waitlist"`) || !strings.Contains(body, "Запазете сегашния си час") ||
		!strings.Contains(body, "mailto:kmet@sredets.example.bg") || !strings.Contains(body, "се отваря за записване") {
		t.Errorf("status %d:\n%s", status, body)
	}
}
