package web

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
)

func TestStaffSignInAndLockout(t *testing.T) {
	e := newEnv(t)
	e.noRedirects()
	e.addStaff(t, "asst@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")

	status, _, h := e.get(t, "/staff/officials/kmet-sredets/day")
	if status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/staff/login?next=") {
		t.Fatalf("signed out: %d %s", status, h.Get("Location"))
	}
	_, body, _ := e.get(t, "/staff/login")
	checkAccessible(t, body, "bg")

	for i := range booking.MaxFailedLogins {
		status, body, _ := e.signIn(t, "asst@sofia.example.bg", "wrong password")
		if status != http.StatusUnauthorized || !strings.Contains(body, `class="error-summary"`) {
			t.Fatalf("attempt %d: %d", i, status)
		}
	}
	// Locked: even the right password is refused, with the same message.
	if status, _, _ := e.signIn(t, "asst@sofia.example.bg", "correct horse battery"); status != http.StatusUnauthorized {
		t.Fatalf("locked account signed in: %d", status)
	}
	if status, _, _ := e.signIn(t, "nobody@sofia.example.bg", "correct horse battery"); status != http.StatusUnauthorized {
		t.Fatalf("unknown account: %d", status)
	}
	e.clock.Set(e.clock.Now().Add(booking.LockoutPeriod + time.Minute))
	status, _, h = e.signIn(t, "asst@sofia.example.bg", "correct horse battery")
	if status != http.StatusSeeOther || h.Get("Location") != "/staff/officials/kmet-sredets/day" {
		t.Fatalf("sign-in: %d %s", status, h.Get("Location"))
	}
	cookie := ""
	for _, c := range h.Values("Set-Cookie") {
		if strings.HasPrefix(c, "priemna_staff=") {
			cookie = c
		}
	}
	for _, want := range []string{"priemna_staff=", "HttpOnly", "SameSite=Lax", "Path=/staff"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("session cookie %q lacks %s", cookie, want)
		}
	}
	if status, _, _ := e.get(t, "/staff/"); status != 200 {
		t.Fatalf("signed in: %d", status)
	}
	// Signing out ends the session on the server.
	_, body, _ = e.get(t, "/staff/")
	if status, _, _ := e.postForm(t, "/staff/logout", url.Values{"_csrf": {hiddenFields(body).Get("_csrf")}}); status != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", status)
	}
	if status, _, _ := e.get(t, "/staff/"); status != http.StatusSeeOther {
		t.Errorf("after sign-out: %d", status)
	}
	// An open redirect is not possible through next.
	if got := safeNext("//evil.example/staff/"); got != "/staff/" {
		t.Errorf("safeNext: %q", got)
	}
}

func TestDaySheetCheckInAndAccess(t *testing.T) {
	e := newEnv(t)
	e.noRedirects()
	ctx := t.Context()
	e.addOfficial(t, booking.OfficialInput{Slug: "kmet-lozenets", Name: "Николай Ангелов", Title: "Кмет",
		Unit: "sredets", Email: "kmet@lozenets.example.bg"})
	b2, _, err := e.svc.Book(ctx, booking.BookRequest{Official: "kmet-sredets", Start: "2026-01-12T14:15:00+02:00", Name: "Борис Христов",
		Email: "boris@example.bg", Topic: "Паркиране", Accessibility: booking.Accessibility{Needs: []booking.Need{"sign_language"}}})
	must(t, err)
	e.signedIn(t, "asst@sofia.example.bg", booking.RoleAssistant, "kmet-lozenets") // not kmet-sredets
	status, body, _ := e.get(t, "/staff/officials/kmet-sredets/day?date=2026-01-12")
	if status != http.StatusForbidden || strings.Contains(body, "Мария") {
		t.Fatalf("another official's day sheet: %d", status)
	}
	if status, _, _ := e.get(t, "/staff/officials/kmet-sredets/schedules"); status != http.StatusForbidden {
		t.Errorf("another official's schedules: %d", status)
	}
	if status, _, _ := e.get(t, "/staff/officials/kmet-sredets/export.csv"); status != http.StatusForbidden {
		t.Errorf("another official's CSV: %d", status)
	}
	if status, _, _ := e.get(t, "/staff/officials/kmet-sredets/stats"); status != http.StatusForbidden {
		t.Errorf("another official's statistics: %d", status)
	}
	_, home, _ := e.get(t, "/staff/")
	if status, _, _ := e.postForm(t, "/staff/officials/kmet-sredets/feed", url.Values{"_csrf": {hiddenFields(home).Get("_csrf")}}); status != http.StatusForbidden {
		t.Errorf("another official's feed: %d", status)
	}
	if status, _, _ := e.postForm(t, "/staff/bookings/"+e.b.Reference+"/arrival", url.Values{"_csrf": {hiddenFields(home).Get("_csrf")}}); status != http.StatusForbidden {
		t.Errorf("checking in another official's citizen: %d", status)
	}

	// The official's own assistant signs in on the morning of the day.
	e.clock.Set(e.b.Start.Add(-5 * time.Hour))
	e.http.Jar, _ = newJar()
	e.signedIn(t, "own@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")
	status, body, _ = e.get(t, "/staff/officials/kmet-sredets/day?date=2026-01-12")
	if status != 200 || !strings.Contains(body, "Мария Георгиева") || !strings.Contains(body, `<strong class="needs">Преводач на жестомимичен език</strong>`) {
		t.Fatalf("day sheet: %d\n%s", status, body)
	}
	checkAccessible(t, body, "bg")
	csrf := hiddenFields(body).Get("_csrf")
	if status, _, _ := e.postForm(t, "/staff/bookings/"+e.b.Reference+"/arrival", url.Values{}); status != http.StatusForbidden {
		t.Errorf("without CSRF: %d", status)
	}

	// 14:00 booking: arrives at 14:12, late (grace 10 minutes).
	e.clock.Set(e.b.Start.Add(12 * time.Minute))
	status, _, h := e.postForm(t, "/staff/bookings/"+e.b.Reference+"/arrival", url.Values{"_csrf": {csrf}})
	if status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/staff/officials/kmet-sredets/day") {
		t.Fatalf("arrival: %d %s", status, h.Get("Location"))
	}
	got, _ := e.svc.Booking(ctx, e.b.Token)
	if got.Status != booking.StatusLate {
		t.Errorf("status %s, want late", got.Status)
	}
	// Undo, then the arrival again.
	e.postForm(t, "/staff/bookings/"+e.b.Reference+"/undo", url.Values{"_csrf": {csrf}})
	if got, _ := e.svc.Booking(ctx, e.b.Token); got.Status != booking.StatusConfirmed || !got.ArrivedAt.IsZero() {
		t.Errorf("after undo: %s %s", got.Status, got.ArrivedAt)
	}
	// 14:15 booking: marked as a no-show.
	e.clock.Set(b2.Start.Add(20 * time.Minute))
	e.postForm(t, "/staff/bookings/"+b2.Reference+"/no-show", url.Values{"_csrf": {csrf}})
	if got, _ := e.svc.Booking(ctx, b2.Token); got.Status != booking.StatusNoShow {
		t.Errorf("no-show: %s", got.Status)
	}
	log, err := e.db.AuditLog(ctx, 10)
	must(t, err)
	var entries []string
	for _, a := range log {
		entries = append(entries, a.Action+" "+a.Object+" "+a.UserEmail)
	}
	want := []string{"no-show " + b2.Reference + " own@sofia.example.bg", "undo " + e.b.Reference + " own@sofia.example.bg",
		"arrival " + e.b.Reference + " own@sofia.example.bg"}
	if len(entries) < 3 || strings.Join(entries[:3], "|") != strings.Join(want, "|") {
		t.Errorf("audit log: %v", entries)
	}
	_, body, _ = e.get(t, "/staff/officials/kmet-sredets/day?date=2026-01-12&lang=en")
	if !strings.Contains(body, "no-show") || !strings.Contains(body, "Undo") {
		t.Errorf("English day sheet:\n%s", body)
	}
}

func TestExportCSV(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	_, _, err := e.svc.Book(ctx, booking.BookRequest{Official: "kmet-sredets", Start: "2026-01-12T14:15:00+02:00", Name: "=HYPERLINK(\"http://x\")",
		Email: "eve@example.bg", Topic: "@SUM(1+1)", Accessibility: booking.Accessibility{Needs: []booking.Need{"wheelchair"}}})
	must(t, err)
	e.signedIn(t, "own@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")
	status, body, h := e.get(t, "/staff/officials/kmet-sredets/export.csv?from=2026-01-12&to=2026-01-12&format=codes")
	if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") {
		t.Fatalf("%d %s", status, h.Get("Content-Type"))
	}
	if !strings.HasPrefix(body, "\ufeff\"reference\",\"date\",\"start\"") {
		t.Errorf("header: %q", body[:40])
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	must(t, err)
	if len(rows) != 3 || rows[1][0] != e.b.Reference || rows[1][5] != "Мария Георгиева" || rows[1][2] != "2026-01-12T14:00:00+02:00" {
		t.Fatalf("rows: %v", rows)
	}
	if rows[2][5] != `'=HYPERLINK("http://x")` || rows[2][8] != "'@SUM(1+1)" || rows[2][9] != "wheelchair" {
		t.Errorf("formulas not defused: %v", rows[2])
	}
	// A spreadsheet in the Bulgarian locale splits on ";", one in another
	// on tabs: no piece of any line may start a formula, however it is cut.
	_, _, err = e.svc.Book(ctx, booking.BookRequest{Official: "kmet-sredets", Start: "2026-01-12T14:30:00+02:00", Name: "Ева Иванова",
		Email: "eve2@example.bg", Topic: "въпрос;=HYPERLINK(\"http://x\");  +1\t-2,@3\"=4", Language: "bg"})
	must(t, err)
	_, body, _ = e.get(t, "/staff/officials/kmet-sredets/export.csv?from=2026-01-12&to=2026-01-12&format=codes")
	for _, line := range strings.Split(strings.TrimPrefix(body, "\ufeff"), "\r\n") {
		for _, piece := range strings.FieldsFunc(line, func(r rune) bool { return strings.ContainsRune(",;\t\"", r) }) {
			if p := strings.TrimLeft(piece, " "); p != "" && strings.ContainsRune("=+-@", rune(p[0])) {
				t.Errorf("a piece starts a formula: %q in %q", p, line)
			}
		}
	}
	rows, err = csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	must(t, err)
	if got := rows[3][8]; got != `въпрос;'=HYPERLINK("http://x");  '+1`+"\t'-2,'@3\"'=4" {
		t.Errorf("topic as exported: %q", got)
	}
	if status, _, _ := e.get(t, "/staff/officials/kmet-sredets/export.csv?from=2026-01-12&to=2028-01-12"); status != http.StatusUnprocessableEntity {
		t.Errorf("too long a range: %d", status)
	}
}

func TestStaffFeed(t *testing.T) {
	e := assistantEnv(t)
	_, body, _ := e.get(t, "/staff/officials/kmet-sredets/day?date=2026-01-12")
	csrf := hiddenFields(body).Get("_csrf")
	renew := func() string {
		status, body, _ := e.postForm(t, "/staff/officials/kmet-sredets/feed", url.Values{"_csrf": {csrf}})
		i := strings.Index(body, "/feeds/staff/")
		if status != 200 || i < 0 {
			t.Fatalf("renew: %d", status)
		}
		return body[i : i+len("/feeds/staff/")+22+4]
	}
	link := renew()
	status, ics, _ := e.get(t, link)
	if status != 200 || !strings.Contains(ics, "Мария Георгиева") || !strings.Contains(ics, e.b.UID) {
		t.Fatalf("feed: %d\n%s", status, ics)
	}
	newLink := renew()
	if status, _, _ := e.get(t, link); status != 404 {
		t.Errorf("the old link still works: %d", status)
	}
	if status, _, _ := e.get(t, newLink); status != 200 {
		t.Errorf("the new link: %d", status)
	}
	if status, _, _ := e.get(t, "/feeds/officials/kmet-sredets.ics"); status != 200 {
		t.Errorf("public feed: %d", status)
	}
	_, public, _ := e.get(t, "/feeds/officials/kmet-sredets.ics")
	if strings.Contains(public, "Мария") {
		t.Error("the public feed names a citizen")
	}
}

func TestStaffBooksForACitizen(t *testing.T) {
	e := assistantEnv(t)
	_, body, _ := e.get(t, "/staff/officials/kmet-sredets/day?date=2026-01-12")
	checkAccessible(t, body, "bg")
	if !strings.Contains(body, `<option value="2026-01-12T14:15:00&#43;02:00">`) {
		t.Fatalf("no free slots offered:\n%s", body)
	}
	form := url.Values{"_csrf": {hiddenFields(body).Get("_csrf")}, "date": {"2026-01-12"}, "start": {"2026-01-12T14:15:00+02:00"},
		"name": {"Иван Петров"}, "phone": {"0888 111 222"}, "topic": {"Обади се по телефона за ремонт"}}
	status, body, _ := e.postForm(t, "/staff/officials/kmet-sredets/book", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#consent"`) {
		t.Fatalf("without consent: %d", status)
	}
	form.Set("consent", "yes")
	status, _, h := e.postForm(t, "/staff/officials/kmet-sredets/book", form)
	if status != http.StatusSeeOther || !strings.Contains(h.Get("Location"), "booked=SO-") {
		t.Fatalf("book for a citizen: %d %s", status, h.Get("Location"))
	}
	ref := h.Get("Location")[strings.Index(h.Get("Location"), "booked=")+7:]
	b, err := e.svc.BookingByReference(t.Context(), ref)
	must(t, err)
	if b.Email != "" || b.BookedBy == 0 || b.Phone != "0888 111 222" {
		t.Errorf("stored: %+v", b)
	}
	_, body, _ = e.get(t, h.Get("Location"))
	if !strings.Contains(body, ref) || !strings.Contains(body, "Иван Петров") {
		t.Error("the day sheet does not show the new booking")
	}
}

func TestEndScheduleThroughThePages(t *testing.T) {
	e := assistantEnv(t)
	_, body, _ := e.get(t, "/staff/officials/kmet-sredets/schedules")
	link := links(body, "/staff/officials/kmet-sredets/schedules/")
	if len(link) != 1 {
		t.Fatalf("end links: %v", link)
	}
	status, body, _ := e.get(t, link[0])
	checkAccessible(t, body, "bg")
	if status != 200 || !strings.Contains(body, e.b.Reference) {
		t.Fatalf("end page does not list the booking: %d", status)
	}
	csrf := hiddenFields(body).Get("_csrf")
	status, body, _ = e.postForm(t, link[0], url.Values{"_csrf": {csrf}, "bookings": {"cancel"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#reason"`) {
		t.Fatalf("cancel without a reason: %d", status)
	}
	status, _, _ = e.postForm(t, link[0], url.Values{"_csrf": {csrf}, "bookings": {"cancel"}, "reason": {"Нов график от февруари"}})
	if status != http.StatusSeeOther {
		t.Fatalf("end: %d", status)
	}
	if b, _ := e.svc.Booking(t.Context(), e.b.Token); b.Status != booking.StatusCancelled {
		t.Errorf("booking: %s", b.Status)
	}
	_, body, _ = e.get(t, "/officials/kmet-sredets")
	if strings.Contains(body, "/officials/kmet-sredets/days/") {
		t.Error("an ended schedule still offers days")
	}
}

func TestHandOverThroughTheDaySheet(t *testing.T) {
	e := newEnv(t)
	e.noRedirects()
	ctx := t.Context()
	e.addOfficial(t, booking.OfficialInput{Slug: "zam-kmet", Name: "Анна Заместникова", Title: "Заместник-кмет",
		Unit: "sredets", Email: "zam@sredets.example.bg"})
	e.signedIn(t, "own@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")
	_, body, _ := e.get(t, "/staff/officials/kmet-sredets/day?date=2026-01-12")
	checkAccessible(t, body, "bg")
	// An official the assistant does not manage is neither offered nor taken.
	if strings.Contains(body, `/staff/officials/kmet-sredets/handover`) {
		t.Error("the day sheet offers a hand-over with no deputy the assistant manages")
	}
	_, check, _ := e.get(t, "/staff/officials/kmet-sredets/handover?date=2026-01-12")
	if strings.Contains(check, `value="zam-kmet"`) {
		t.Error("the check page offers a deputy the assistant does not manage")
	}
	form := url.Values{"_csrf": {hiddenFields(body).Get("_csrf")}, "date": {"2026-01-12"}, "deputy": {"zam-kmet"}, "reason": {"Командировка"}}
	if status, body, _ := e.postForm(t, "/staff/officials/kmet-sredets/handover", form); status != http.StatusUnprocessableEntity ||
		!strings.Contains(body, `href="#deputy"`) {
		t.Fatalf("to an official not managed: %d", status)
	}
	e.signedIn(t, "both@sofia.example.bg", booking.RoleAssistant, "kmet-sredets", "zam-kmet")
	_, body, _ = e.get(t, "/staff/officials/kmet-sredets/day?date=2026-01-12")
	if !strings.Contains(body, `action="/staff/officials/kmet-sredets/handover"`) {
		t.Error("the day sheet does not lead to the hand-over")
	}
	// The check page lists the citizen who will be moved and told, and
	// offers the deputy; it changes nothing by itself.
	status, check, _ := e.get(t, "/staff/officials/kmet-sredets/handover?date=2026-01-12")
	if status != http.StatusOK || !strings.Contains(check, `value="zam-kmet"`) || !strings.Contains(check, "Мария Георгиева") ||
		!strings.Contains(check, e.b.Email) {
		t.Fatalf("check page: %d\n%s", status, check)
	}
	checkAccessible(t, check, "bg")
	if b, _ := e.svc.Booking(ctx, e.b.Token); b.OfficialSlug != "kmet-sredets" {
		t.Fatal("the check page moved the booking")
	}
	form = url.Values{"_csrf": {hiddenFields(body).Get("_csrf")}, "date": {"2026-01-12"}, "deputy": {"zam-kmet"}}
	if status, body, _ := e.postForm(t, "/staff/officials/kmet-sredets/handover", form); status != http.StatusUnprocessableEntity ||
		!strings.Contains(body, `href="#reason"`) || !strings.Contains(body, `aria-invalid="true"`) || !strings.Contains(body, "Мария Георгиева") {
		t.Fatalf("without a reason: %d", status)
	}
	form.Set("reason", "Командировка")
	if status, _, _ := e.postForm(t, "/staff/officials/kmet-sredets/handover", form); status != http.StatusSeeOther {
		t.Fatalf("hand over: %d", status)
	}
	// The sheet keeps saying what happened, to whom and how many were told.
	_, body, _ = e.get(t, "/staff/officials/kmet-sredets/day?date=2026-01-12")
	if !strings.Contains(body, "Приемният ден е предаден на заместник (Анна Заместникова): Командировка. Уведомен е 1 гражданин.") {
		t.Errorf("day sheet after the hand-over:\n%s", body)
	}
	b, _ := e.svc.Booking(ctx, e.b.Token)
	if b.OfficialSlug != "zam-kmet" || b.Sequence != 1 {
		t.Errorf("booking after the hand-over: %s seq %d", b.OfficialSlug, b.Sequence)
	}
	// The citizen's links still work, with the room of the day.
	if status, body, _ := e.get(t, "/bookings/"+b.Token); status != http.StatusOK || !strings.Contains(body, "Анна Заместникова") {
		t.Errorf("manage page after the hand-over: %d", status)
	}
	status, ics, _ := e.get(t, "/bookings/"+b.Token+".ics")
	if status != http.StatusOK || !strings.Contains(ics, "LOCATION:") || !strings.Contains(ics, "SEQUENCE:1") {
		t.Errorf(".ics after the hand-over: %d\n%s", status, ics)
	}
}
