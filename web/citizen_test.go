package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/priemna/priemna/booking"
)

var (
	hrefPattern   = regexp.MustCompile(`href="(/[^"]+)"`)
	hiddenPattern = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)
)

func (e *env) noRedirects() {
	e.http.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
}

func (e *env) postForm(t *testing.T, path string, form url.Values) (int, string, http.Header) {
	t.Helper()
	resp, err := e.http.PostForm(e.url+path, form)
	must(t, err)
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp.StatusCode, b.String(), resp.Header
}

// postFormAtOnce posts the form n times at once and returns the statuses.
func (e *env) postFormAtOnce(t *testing.T, path string, form url.Values, n int) []int {
	t.Helper()
	var wg sync.WaitGroup
	codes := make([]int, n)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], _, _ = e.postForm(t, path, form)
		}()
	}
	wg.Wait()
	return codes
}

func links(body, prefix string) []string {
	var out []string
	for _, m := range hrefPattern.FindAllStringSubmatch(body, -1) {
		if strings.HasPrefix(m[1], prefix) {
			out = append(out, strings.ReplaceAll(m[1], "&amp;", "&"))
		}
	}
	return out
}

func hiddenFields(body string) url.Values {
	v := url.Values{}
	for _, m := range hiddenPattern.FindAllStringSubmatch(body, -1) {
		v.Add(m[1], unescape(m[2]))
	}
	return v
}

func unescape(s string) string {
	return strings.NewReplacer("&#43;", "+", "&amp;", "&", "&#34;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">").Replace(s)
}

func icsStart(t *testing.T, e *env, token string) (time.Time, string, int) {
	t.Helper()
	status, body, _ := e.get(t, "/bookings/"+token+".ics")
	if status != 200 {
		t.Fatalf(".ics: %d", status)
	}
	cal, err := ical.NewDecoder(strings.NewReader(body)).Decode()
	must(t, err)
	ev := cal.Events()[0]
	start, err := ev.DateTimeStart(nil)
	must(t, err)
	uid, _ := ev.Props.Text(ical.PropUID)
	seq, _ := ev.Props.Get(ical.PropSequence).Int()
	return start, uid, seq
}

// TestCitizenJourneyThroughThePages books, moves and cancels through the
// HTML forms, as a citizen's browser would, without JavaScript.
func TestCitizenJourneyThroughThePages(t *testing.T) {
	e := newEnv(t)
	e.noRedirects()

	status, body, _ := e.get(t, "/")
	if status != 200 || !strings.Contains(body, "Петър Стоянов") {
		t.Fatalf("start page: %d", status)
	}
	checkAccessible(t, body, "bg")
	if _, body, _ = e.get(t, "/?q=стоянов"); !strings.Contains(body, "Петър Стоянов") {
		t.Error("search by name finds nothing")
	}
	if _, body, _ = e.get(t, "/?q=нищо"); strings.Contains(body, "Петър Стоянов") {
		t.Error("search does not filter")
	}

	status, body, _ = e.get(t, "/officials/kmet-sredets")
	checkAccessible(t, body, "bg")
	days := links(body, "/officials/kmet-sredets/days/")
	if status != 200 || len(days) == 0 || days[0] != "/officials/kmet-sredets/days/2026-01-12" {
		t.Fatalf("official page: %d %v", status, days)
	}
	if !strings.Contains(body, "/feeds/officials/kmet-sredets.ics") {
		t.Error("no feed link")
	}
	status, body, _ = e.get(t, days[0])
	checkAccessible(t, body, "bg")
	slotLinks := links(body, "/officials/kmet-sredets/book?start=")
	// 14:00 is booked by newEnv; 14:15, 14:30 and 14:45 are free.
	if status != 200 || len(slotLinks) != 3 {
		t.Fatalf("day page: %d %v", status, slotLinks)
	}
	status, body, _ = e.get(t, slotLinks[0])
	checkAccessible(t, body, "bg")
	if status != 200 {
		t.Fatalf("booking form: %d", status)
	}
	form := hiddenFields(body)
	start := form.Get("start")
	if start != "2026-01-12T14:15:00+02:00" {
		t.Fatalf("start %q", start)
	}

	// Errors: the summary links to each field, the input is kept.
	form.Set("name", "")
	form.Set("email", "maria@")
	form.Set("topic", "Ремонт на <b>тротоара</b>")
	status, body, _ = e.postForm(t, "/officials/kmet-sredets/book", form)
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid form: %d", status)
	}
	checkAccessible(t, body, "bg")
	for _, anchor := range []string{"#name", "#email", "#consent"} {
		if !strings.Contains(body, `href="`+anchor+`"`) {
			t.Errorf("error summary lacks a link to %s", anchor)
		}
	}
	if !strings.Contains(body, `<title>Има проблем: `) || !strings.Contains(body, `value="maria@"`) ||
		!strings.Contains(body, "Ремонт на &lt;b&gt;тротоара&lt;/b&gt;") {
		t.Error("the form with errors does not keep the input, escaped, or does not say so in its title")
	}

	form = hiddenFields(body)
	form.Set("name", "Мария Георгиева")
	form.Set("email", "maria.g@example.bg")
	form.Set("phone", "0888 123 456")
	form.Set("topic", "Ремонт на тротоара пред блок 12")
	form["needs"] = []string{"wheelchair", "sign_language"}
	form.Set("language", "bg")
	form.Set("consent", "yes")
	status, body, _ = e.postForm(t, "/officials/kmet-sredets/book", form)
	if status != 200 || !strings.Contains(body, "Проверете отговорите си") || !strings.Contains(body, "понеделник, 12 януари 2026 г., 14:15 ч.") {
		t.Fatalf("check your answers: %d\n%s", status, body)
	}
	checkAccessible(t, body, "bg")
	confirm := hiddenFields(body[:strings.Index(body, "</form>")])
	status, _, h := e.postForm(t, "/officials/kmet-sredets/book/confirm", confirm)
	if status != http.StatusSeeOther || !strings.HasSuffix(h.Get("Location"), "/confirmation") {
		t.Fatalf("confirm: %d %s", status, h.Get("Location"))
	}
	// Pressing the button twice books once.
	_, _, h2 := e.postForm(t, "/officials/kmet-sredets/book/confirm", confirm)
	if h2.Get("Location") != h.Get("Location") {
		t.Errorf("a second press made another booking: %s", h2.Get("Location"))
	}
	token := strings.TrimSuffix(strings.TrimPrefix(h.Get("Location"), "/bookings/"), "/confirmation")

	status, body, hdr := e.get(t, h.Get("Location"))
	checkAccessible(t, body, "bg")
	b, err := e.svc.Booking(t.Context(), token)
	must(t, err)
	if status != 200 || !strings.Contains(body, b.Reference) || !strings.Contains(body, "calendar.google.com") ||
		!strings.Contains(body, "outlook.live.com") || !strings.Contains(body, "/bookings/"+token+".ics") {
		t.Fatalf("confirmation: %d\n%s", status, body)
	}
	if hdr.Get("Referrer-Policy") != "no-referrer" {
		t.Error("the confirmation page leaks the token in referrers")
	}
	if len(b.Accessibility.Needs) != 2 || b.Phone != "0888 123 456" {
		t.Errorf("stored: %+v", b)
	}
	icsAt, uid, seq := icsStart(t, e, token)
	if !icsAt.Equal(b.Start) || seq != 0 {
		t.Errorf(".ics DTSTART %s seq %d", icsAt, seq)
	}

	// Move to 14:45.
	status, body, _ = e.get(t, "/bookings/"+token+"/move")
	checkAccessible(t, body, "bg")
	if status != 200 || !strings.Contains(body, `value="2026-01-12T14:45:00&#43;02:00"`) {
		t.Fatalf("move page: %d\n%s", status, body)
	}
	csrf := hiddenFields(body).Get("_csrf")
	status, body, _ = e.postForm(t, "/bookings/"+token+"/move", url.Values{"_csrf": {csrf}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#start"`) {
		t.Errorf("move without a choice: %d", status)
	}
	status, _, h = e.postForm(t, "/bookings/"+token+"/move", url.Values{"_csrf": {csrf}, "start": {"2026-01-12T14:45:00+02:00"}})
	if status != http.StatusSeeOther {
		t.Fatalf("move: %d", status)
	}
	_, body, _ = e.get(t, h.Get("Location"))
	if !strings.Contains(body, "14:45") || !strings.Contains(body, "преместена") {
		t.Errorf("manage page after the move:\n%s", body)
	}
	movedAt, movedUID, seq := icsStart(t, e, token)
	if movedUID != uid || seq != 1 || !movedAt.Equal(time.Date(2026, 1, 12, 12, 45, 0, 0, time.UTC)) {
		t.Errorf("after the move: UID %s (was %s), SEQUENCE %d, DTSTART %s", movedUID, uid, seq, movedAt)
	}

	// Cancel, with a confirming step.
	status, body, _ = e.get(t, "/bookings/"+token+"/cancel")
	checkAccessible(t, body, "bg")
	if status != 200 {
		t.Fatalf("cancel page: %d", status)
	}
	if status, _, _ := e.postForm(t, "/bookings/"+token+"/cancel", url.Values{}); status != http.StatusForbidden {
		t.Errorf("cancel without CSRF: %d", status)
	}
	status, _, _ = e.postForm(t, "/bookings/"+token+"/cancel", url.Values{"_csrf": {hiddenFields(body).Get("_csrf")}})
	if status != http.StatusSeeOther {
		t.Fatalf("cancel: %d", status)
	}
	if b, _ := e.svc.Booking(t.Context(), token); b.Status != booking.StatusCancelled {
		t.Errorf("status %s", b.Status)
	}
	_, body, _ = e.get(t, "/officials/kmet-sredets/days/2026-01-12")
	if len(links(body, "/officials/kmet-sredets/book?start=")) != 3 {
		t.Error("the cancelled slot is not free again")
	}
}

// checkAnswers fills Мария Георгиева's answers, with the email given, into
// the booking form, sends them and returns the form of the "check your
// answers" page, which confirms the booking.
func (e *env) checkAnswers(t *testing.T, form url.Values, email string) url.Values {
	t.Helper()
	form.Set("name", "Мария Георгиева")
	form.Set("email", email)
	form.Set("topic", "Ремонт на тротоара")
	form.Set("consent", "yes")
	_, body, _ := e.postForm(t, "/officials/kmet-sredets/book", form)
	end := strings.Index(body, "</form>")
	if end < 0 {
		t.Fatalf("no check-your-answers form:\n%s", body)
	}
	return hiddenFields(body[:end])
}

func TestSlotTakenMeanwhile(t *testing.T) {
	e := newEnv(t)
	_, body, _ := e.get(t, "/officials/kmet-sredets/book?start=2026-01-12T14:30:00%2B02:00")
	form := hiddenFields(body)
	confirm := e.checkAnswers(t, form, "maria.g@example.bg")
	// Someone else takes 14:30 first.
	if _, _, err := e.svc.Book(t.Context(), booking.BookRequest{Official: "kmet-sredets", Start: "2026-01-12T14:30:00+02:00",
		Name: "Борис Христов", Email: "boris@example.bg", Topic: "Паркиране"}); err != nil {
		t.Fatal(err)
	}
	status, body, _ := e.postForm(t, "/officials/kmet-sredets/book/confirm", confirm)
	// The other free slots are buttons that bring back what was typed.
	if status != http.StatusConflict || !strings.Contains(body, "междувременно беше зает") ||
		strings.Count(body, `<button type="submit" class="secondary" name="start" value="2026-01-12T14:`) != 2 ||
		hiddenFields(body).Get("email") != "maria.g@example.bg" {
		t.Fatalf("slot taken: %d\n%s", status, body)
	}
	checkAccessible(t, body, "bg")
}

func TestPagesInEnglish(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/?lang=en", "/officials/kmet-sredets", "/officials/kmet-sredets/days/2026-01-12", "/privacy", "/accessibility",
		"/officials/kmet-sredets/book?start=2026-01-12T14:15:00%2B02:00", "/bookings/" + e.b.Token, "/bookings/" + e.b.Token + "/confirmation"} {
		status, body, _ := e.get(t, path)
		if status != 200 {
			t.Errorf("%s: %d", path, status)
			continue
		}
		checkAccessible(t, body, "en") // the lang cookie set by ?lang=en holds
	}
	_, body, _ := e.get(t, "/officials/kmet-sredets/days/2026-01-12")
	if !strings.Contains(body, "Monday 12 January 2026") {
		t.Error("English date")
	}
	_, body, _ = e.get(t, "/officials/kmet-sredets/book?start=2026-01-12T14:15:00%2B02:00")
	for _, bg := range []string{"Име", "Имейл", "Телефон", "Прочетох"} {
		if strings.Contains(body, ">"+bg) {
			t.Errorf("Bulgarian %q on the English form", bg)
		}
	}
	_, body, _ = e.get(t, "/privacy?lang=bg")
	checkAccessible(t, body, "bg")
	// Accept-Language on a first visit.
	req, _ := http.NewRequest("GET", e.url+"/", nil)
	req.Header.Set("Accept-Language", "en-GB,en;q=0.9")
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	resp.Body.Close()
	if resp.Header.Get("Content-Language") != "en" && !strings.Contains(resp.Header.Get("Content-Type"), "html") {
		t.Error("no HTML")
	}
}

func TestOfficialFeed(t *testing.T) {
	e := newEnv(t)
	status, body, _ := e.get(t, "/feeds/officials/kmet-sredets.ics")
	if status != 200 {
		t.Fatal(status)
	}
	cal, err := ical.NewDecoder(strings.NewReader(body)).Decode()
	must(t, err)
	events := cal.Events()
	if len(events) < 10 {
		t.Fatalf("%d reception days", len(events))
	}
	for _, ev := range events {
		start, err := ev.DateTimeStart(nil)
		must(t, err)
		if local := start.In(time.FixedZone("", 0)); start.Weekday() != time.Monday {
			t.Errorf("a reception day on %s (%s)", start.Weekday(), local)
		}
		if ev.Props.Get(ical.PropAttendee) != nil {
			t.Error("the public feed carries an attendee")
		}
	}
	if strings.Contains(body, "Мария") || strings.Contains(body, "maria@") {
		t.Error("the public feed carries personal data")
	}
	if status, _, _ := e.get(t, "/feeds/officials/nobody.ics"); status != 404 {
		t.Errorf("unknown official: %d", status)
	}
}

// On the booking form the language switch is a button that sends the
// form (no script needed), so what was typed comes back in English.
func TestLanguageSwitchKeepsThePage(t *testing.T) {
	e := newEnv(t)
	_, body, _ := e.get(t, "/officials/kmet-sredets/book?start=2026-01-12T14:15:00%2B02:00")
	m := regexp.MustCompile(`<button type="submit" class="link" form="citizen-form" formaction="([^"]+)" formnovalidate name="edit" value="1" lang="en">`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no language switch that sends the form")
	}
	form := hiddenFields(body)
	form.Set("name", "Иван Иванов")
	form.Set("topic", "Улично осветление")
	form.Set("edit", "1")
	status, body, _ := e.postForm(t, unescape(m[1]), form)
	if status != 200 || !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, "Monday 12 January 2026, 14:15") ||
		!strings.Contains(body, `value="Иван Иванов"`) || !strings.Contains(body, ">Улично осветление</textarea>") {
		t.Errorf("switching language lost the page or what was typed: %d %s\n%s", status, m[1], body)
	}
}

func TestInternalErrorPage(t *testing.T) {
	e := newEnv(t)
	e.db.Close() // the database goes away
	status, body, _ := e.get(t, "/officials/kmet-sredets/days/2026-01-19")
	if status != 500 || !strings.Contains(body, "<h1>Нещо се обърка</h1>") || strings.Contains(body, "sqlite") {
		t.Errorf("%d\n%s", status, body)
	}
	checkAccessible(t, body, "bg")
}

func TestPriorityRebookingThroughThePages(t *testing.T) {
	e := newEnv(t, withPriority)
	e.noRedirects()
	ctx := t.Context()
	if _, _, err := e.svc.CloseDay(ctx, booking.CommandLine, e.b.OfficialID, "2026-01-12", "Командировка"); err != nil {
		t.Fatal(err)
	}
	msgs, err := e.db.Messages(ctx, e.b.ID)
	must(t, err)
	pass := msgs[len(msgs)-1].Pass
	_, plain, _ := e.get(t, "/officials/kmet-sredets")
	_, prio, _ := e.get(t, "/officials/kmet-sredets?priority="+pass)
	if strings.Contains(plain, "/days/2026-02-16") || !strings.Contains(prio, "/days/2026-02-16?priority="+pass) {
		t.Fatalf("the priority page does not offer the days not yet open")
	}
	_, body, _ := e.get(t, "/officials/kmet-sredets/days/2026-02-16?priority="+pass)
	slotLinks := links(body, "/officials/kmet-sredets/book?start=")
	if len(slotLinks) == 0 || !strings.Contains(slotLinks[0], "priority="+pass) {
		t.Fatalf("day page: %v", slotLinks)
	}
	_, body, _ = e.get(t, slotLinks[0])
	form := hiddenFields(body)
	if form.Get("priority") != pass {
		t.Fatal("the form does not carry the pass")
	}
	confirm := e.checkAnswers(t, form, "maria@example.bg")
	status, _, h := e.postForm(t, "/officials/kmet-sredets/book/confirm", confirm)
	if status != http.StatusSeeOther || !strings.HasSuffix(h.Get("Location"), "/confirmation") {
		t.Fatalf("priority booking: %d %s", status, h.Get("Location"))
	}
}
