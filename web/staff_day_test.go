package web

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// The day sheet offers only what the desk can do at the moment, names each
// button with the time and the citizen, and after an action comes back to
// the row acted on with a status message.
func TestDaySheetActionsAndFeedback(t *testing.T) {
	e := newEnv(t)
	e.noRedirects()
	ctx := t.Context()
	b2, _, err := e.svc.Book(ctx, booking.BookRequest{Official: "kmet-sredets", Start: "2026-01-12T14:15:00+02:00", Name: "John Smith",
		Email: "john@example.com", Topic: "Residence permit", Language: "en"})
	must(t, err)
	e.signedIn(t, "own@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")
	arrive := `action="/staff/bookings/` + e.b.Reference + `/arrival"`
	noShow := `action="/staff/bookings/` + e.b.Reference + `/no-show"`

	// Five days ahead: nothing to press yet, and the sheet says why.
	_, body, _ := e.get(t, "/staff/officials/kmet-sredets/day?date=2026-01-12")
	if strings.Contains(body, arrive) || strings.Contains(body, noShow) || !strings.Contains(body, "Този ден предстои") {
		t.Errorf("a future day offers actions:\n%s", body)
	}
	for _, want := range []string{"Записани</dt><dd>2</dd>", "Предстоят</dt><dd>2</dd>", "Език: английски", "Място: стая 21",
		`<span class="printonly"> · Отпечатано: сряда, 7 януари 2026 г., 09:00 ч.</span>`, `<th scope="col" class="printonly">Отметка</th>`,
		`<a href="/staff/">Приемни дни</a>`} {
		if !strings.Contains(body, want) {
			t.Errorf("day sheet lacks %q\n%s", want, body)
		}
	}
	checkAccessible(t, body, "bg")

	// On the morning of the day: arrival, but no no-show before the slot begins.
	e.clock.Set(time.Date(2026, 1, 12, 13, 0, 0, 0, calendar.Sofia))
	e.signIn(t, "own@sofia.example.bg", "correct horse battery") // the session of the 7th has lapsed
	_, body, _ = e.get(t, "/staff/officials/kmet-sredets/day?date=2026-01-12")
	if !strings.Contains(body, arrive) || strings.Contains(body, noShow) {
		t.Errorf("before the slot: want arrival only\n%s", body)
	}
	if !strings.Contains(body, `aria-label="Пристигна — 14:00 ч., Мария Георгиева">Пристигна</button>`) {
		t.Errorf("the arrival button is not named with the time and the citizen:\n%s", body)
	}
	e.clock.Set(time.Date(2026, 1, 12, 14, 5, 0, 0, calendar.Sofia))
	_, body, _ = e.get(t, "/staff/officials/kmet-sredets/day?date=2026-01-12")
	if !strings.Contains(body, noShow) || !strings.Contains(body, `class="small no-show" aria-label="Неявяване — 14:00 ч., Мария Георгиева"`) {
		t.Errorf("once the slot has begun: no no-show button, or not set apart\n%s", body)
	}
	csrf := hiddenFields(body).Get("_csrf")
	status, _, h := e.postForm(t, "/staff/bookings/"+e.b.Reference+"/arrival", url.Values{"_csrf": {csrf}})
	loc := h.Get("Location")
	if status != http.StatusSeeOther || !strings.HasSuffix(loc, "#b-"+e.b.Reference) || !strings.Contains(loc, "done=arrival") {
		t.Fatalf("arrival: %d %s", status, loc)
	}
	_, body, _ = e.get(t, strings.Split(loc, "#")[0])
	if !strings.Contains(body, `<tr id="b-`+e.b.Reference+`" tabindex="-1" data-focus>`) {
		t.Errorf("the row acted on is not marked for focus:\n%s", body)
	}
	if !strings.Contains(body, `<div id="sheet-status" role="status" class="notice"><p>14:00 ч., Мария Георгиева: пристигането е отбелязано. Състояние: на място.</p></div>`) {
		t.Errorf("no status message:\n%s", body)
	}
	if !strings.Contains(body, `aria-label="Връщане назад — 14:00 ч., Мария Георгиева">Връщане назад</button>`) {
		t.Errorf("undo is not called undo")
	}
	if !strings.Contains(body, "Пристигнали</dt><dd>1</dd>") {
		t.Errorf("summary after the arrival:\n%s", body)
	}
	// The action in the English interface says the same in English.
	_, body, _ = e.get(t, strings.Split(loc, "#")[0]+"&lang=en")
	if !strings.Contains(body, "<p>14:00, Мария Георгиева: the arrival is recorded. Status: arrived.</p>") {
		t.Errorf("English status message:\n%s", body)
	}
	e.get(t, "/staff/officials/kmet-sredets/day?lang=bg")

	// After the day's last slot has begun, the citizens still unmarked are
	// listed before the sweep marks them (14:15 + 15 minutes + 10 grace).
	e.clock.Set(time.Date(2026, 1, 12, 14, 20, 0, 0, calendar.Sofia))
	_, body, _ = e.get(t, "/staff/officials/kmet-sredets/day?date=2026-01-12")
	if !strings.Contains(body, `<a href="#b-`+b2.Reference+`">14:15 ч. — John Smith</a>`) || !strings.Contains(body, "(последният — в 14:40 ч.)") {
		t.Errorf("no end-of-day review:\n%s", body)
	}
	// The sweep still runs when nobody acts.
	e.clock.Set(time.Date(2026, 1, 12, 14, 41, 0, 0, calendar.Sofia))
	if n, err := e.svc.SweepNoShows(ctx); err != nil || n != 1 {
		t.Fatalf("sweep: %d %v", n, err)
	}
	_, body, _ = e.get(t, "/staff/officials/kmet-sredets/day?date=2026-01-12")
	if strings.Contains(body, "review-title") || !strings.Contains(body, "Неявявания</dt><dd>1</dd>") {
		t.Errorf("after the sweep:\n%s", body)
	}
}

// Cancelling a day goes through a check page listing who will be told;
// afterwards the sheet and the public page say so.
func TestCloseDayThroughCheckPage(t *testing.T) {
	e := newEnv(t)
	e.noRedirects()
	ctx := t.Context()
	walkIn, _, err := e.svc.Book(ctx, booking.BookRequest{Official: "kmet-sredets", Start: "2026-01-12T14:30:00+02:00", Name: "Иван Петров",
		Phone: "0888 123 456", Topic: "Разрешение", Language: "bg", ByStaff: booking.CommandLine})
	must(t, err)
	e.signedIn(t, "own@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")
	_, sheet, _ := e.get(t, "/staff/officials/kmet-sredets/day?date=2026-01-12")
	if strings.Contains(sheet, `action="/staff/officials/kmet-sredets/closures"`) ||
		!strings.Contains(sheet, `<form method="get" action="/staff/officials/kmet-sredets/close">`) {
		t.Fatalf("the day sheet cancels the day in one step:\n%s", sheet)
	}
	status, check, _ := e.get(t, "/staff/officials/kmet-sredets/close?date=2026-01-12")
	if status != http.StatusOK || !strings.Contains(check, "Мария Георгиева") || !strings.Contains(check, "maria@example.bg") ||
		!strings.Contains(check, "Иван Петров") || !strings.Contains(check, "без имейл — обадете се по телефона: 0888 123 456") {
		t.Fatalf("check page: %d\n%s", status, check)
	}
	checkAccessible(t, check, "bg")
	if b, _ := e.svc.Booking(ctx, e.b.Token); b.Status != booking.StatusConfirmed {
		t.Fatal("the check page changed the booking")
	}
	csrf := hiddenFields(check).Get("_csrf")
	status, body, _ := e.postForm(t, "/staff/officials/kmet-sredets/closures", url.Values{"_csrf": {csrf}, "date": {"2026-01-12"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#reason"`) || !strings.Contains(body, `aria-invalid="true"`) ||
		!strings.Contains(body, "Мария Георгиева") {
		t.Fatalf("without a reason: %d\n%s", status, body)
	}
	if b, _ := e.svc.Booking(ctx, e.b.Token); b.Status != booking.StatusConfirmed {
		t.Fatal("a refused cancellation changed the booking")
	}

	// Two assistants confirm at once: the day is cancelled once, and each
	// citizen with an email gets one letter.
	codes := e.postFormAtOnce(t, "/staff/officials/kmet-sredets/closures", url.Values{"_csrf": {csrf}, "date": {"2026-01-12"}, "reason": {"Болест"}}, 6)
	won := 0
	for _, c := range codes {
		switch c {
		case http.StatusSeeOther:
			won++
		case http.StatusConflict:
		default:
			t.Errorf("parallel cancellation answered %d", c)
		}
	}
	if won != 1 {
		t.Fatalf("%d cancellations succeeded: %v", won, codes)
	}
	msgs, err := e.db.Messages(ctx, e.b.ID)
	must(t, err)
	letters := 0
	for _, m := range msgs {
		if m.Kind == booking.MessageSessionCanceled {
			letters++
		}
	}
	if letters != 1 {
		t.Errorf("%d cancellation letters", letters)
	}
	if b, _ := e.svc.Booking(ctx, walkIn.Token); b.Status != booking.StatusCancelled {
		t.Errorf("walk-in: %s", b.Status)
	}
	_, sheet, _ = e.get(t, "/staff/officials/kmet-sredets/day?date=2026-01-12")
	if !strings.Contains(sheet, "Приемният ден е отменен: Болест. Уведомен е 1 гражданин.") ||
		strings.Contains(sheet, `action="/staff/officials/kmet-sredets/close"`) {
		t.Errorf("day sheet after the cancellation:\n%s", sheet)
	}
	_, public, _ := e.get(t, "/officials/kmet-sredets/days/2026-01-12")
	if !strings.Contains(public, "Този приемен ден е отменен: Болест") || strings.Contains(public, "няма свободни") {
		t.Errorf("public day page:\n%s", public)
	}
	_, public, _ = e.get(t, "/officials/kmet-sredets/days/2026-01-12?lang=en")
	if !strings.Contains(public, "This reception day has been cancelled: Болест") {
		t.Errorf("public day page in English:\n%s", public)
	}
}

// Only officials of the same unit, or chosen by an administrator, may
// take over a day.
func TestHandOverOnlyToDeputies(t *testing.T) {
	e := newEnv(t, withDeputies)
	e.noRedirects()
	ctx := t.Context()
	must(t, e.svc.CreateUnit(ctx, booking.CommandLine, &booking.Unit{Slug: "vitosha", Name: "Район „Витоша“", Kind: "district"}))
	other := e.addOfficial(t, booking.OfficialInput{Slug: "kmet-vitosha", Name: "Даниела Костова", Title: "Кмет",
		Unit: "vitosha", Email: "kmet@vitosha.example.bg"})
	e.signedIn(t, "both@sofia.example.bg", booking.RoleAssistant, "kmet-sredets", "kmet-vitosha")
	_, sheet, _ := e.get(t, "/staff/officials/kmet-sredets/day?date=2026-01-12")
	if strings.Contains(sheet, `action="/staff/officials/kmet-sredets/handover"`) || !strings.Contains(sheet, "Няма кой да замести") {
		t.Errorf("an official of another unit is offered as a deputy:\n%s", sheet)
	}
	form := url.Values{"_csrf": {hiddenFields(sheet).Get("_csrf")}, "date": {"2026-01-12"}, "deputy": {"kmet-vitosha"}, "reason": {"Отпуск"}}
	if status, body, _ := e.postForm(t, "/staff/officials/kmet-sredets/handover", form); status != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "от същата структура или посочено от администратор") {
		t.Fatalf("to another unit's official: %d\n%s", status, body)
	}
	assistant := &booking.User{ID: 99, Role: booking.RoleAssistant, OfficialIDs: []int64{e.official.ID, other.ID}}
	if err := e.svc.SetDeputies(ctx, assistant, e.official, []int64{other.ID}); booking.ErrorCode(err) != booking.EFORBIDDEN {
		t.Fatalf("an assistant chose deputies: %v", err)
	}
	// An administrator chooses the deputy on the official's page.
	e.signedIn(t, "admin@sofia.example.bg", booking.RoleAdmin)
	_, edit, _ := e.get(t, "/staff/officials/kmet-sredets/edit")
	if !strings.Contains(edit, `name="deputy" value="kmet-vitosha">`) {
		t.Fatalf("the edit page offers no unchecked deputy of another unit:\n%s", edit)
	}
	details := url.Values{"_csrf": {hiddenFields(edit).Get("_csrf")}, "name": {"Петър Стоянов"}, "title": {"Кмет"}, "unit": {"sredets"},
		"email": {"kmet@sredets.example.bg"}, "active": {"yes"}, "deputy": {"kmet-vitosha", "nobody-such"}}
	if status, body, _ := e.postForm(t, "/staff/officials/kmet-sredets/edit", details); status != http.StatusUnprocessableEntity ||
		!strings.Contains(body, `href="#deputies"`) {
		t.Fatalf("an unknown deputy: %d\n%s", status, body)
	}
	if ids, _ := e.svc.ChosenDeputies(ctx, e.official.ID); len(ids) != 0 {
		t.Fatalf("a refused form chose deputies: %v", ids)
	}
	details["deputy"] = []string{"kmet-vitosha"}
	if status, body, _ := e.postForm(t, "/staff/officials/kmet-sredets/edit", details); status != http.StatusSeeOther {
		t.Fatalf("choosing a deputy: %d\n%s", status, body)
	}
	if _, edit, _ = e.get(t, "/staff/officials/kmet-sredets/edit"); !strings.Contains(edit, `name="deputy" value="kmet-vitosha" checked>`) {
		t.Errorf("the chosen deputy is not checked:\n%s", edit)
	}
	e.signIn(t, "both@sofia.example.bg", "correct horse battery")
	_, check, _ := e.get(t, "/staff/officials/kmet-sredets/handover?date=2026-01-12")
	if !strings.Contains(check, `value="kmet-vitosha"`) {
		t.Fatalf("a chosen deputy is not offered:\n%s", check)
	}
	form.Set("_csrf", hiddenFields(check).Get("_csrf")) // signed in anew
	if status, _, _ := e.postForm(t, "/staff/officials/kmet-sredets/handover", form); status != http.StatusSeeOther {
		t.Fatalf("to a chosen deputy: %d", status)
	}
	if b, _ := e.svc.Booking(ctx, e.b.Token); b.OfficialSlug != "kmet-vitosha" {
		t.Errorf("booking after the hand-over: %s", b.OfficialSlug)
	}
}

// The Bulgarian interface exports a sheet a Bulgarian spreadsheet opens as
// it is; format=codes keeps the export for programs.
func TestExportCSVInBulgarian(t *testing.T) {
	e := newEnv(t)
	e.signedIn(t, "own@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")
	_, body, _ := e.get(t, "/staff/officials/kmet-sredets/export.csv?from=2026-01-12&to=2026-01-12")
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	must(t, err)
	if len(rows) != 2 || strings.Join(rows[0][:5], "|") != "Номер|Дата|Начало|Край|Състояние" {
		t.Fatalf("rows: %v", rows)
	}
	if got := strings.Join(rows[1][:6], "|"); got != e.b.Reference+"|12.01.2026|14:00|14:15|потвърдено|Мария Георгиева" || rows[1][10] != "български" {
		t.Errorf("row: %v", rows[1])
	}
	_, body, _ = e.get(t, "/staff/officials/kmet-sredets/export.csv?from=2026-01-12&to=2026-01-12&lang=en")
	if !strings.HasPrefix(body, "\ufeff\"reference\",\"date\",\"start\"") {
		t.Errorf("English interface: %q", body[:40])
	}
}

// Staff pages, error pages included, lead back to the staff home and the
// day sheet.
func TestStaffNavigation(t *testing.T) {
	e := newEnv(t)
	e.signedIn(t, "own@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")
	status, body, _ := e.get(t, "/staff/officials/kmet-sredets/schedules/999/end")
	if status != http.StatusNotFound || !strings.Contains(body, `<a href="/staff/">Приемни дни</a> · <a href="/staff/officials/kmet-sredets/day">Дневен лист</a>`) {
		t.Errorf("error page: %d\n%s", status, body)
	}
	_, body, _ = e.get(t, "/staff/")
	if !strings.Contains(body, "Петър Стоянов</a> — Кмет · <strong>0 записани граждани</strong>") {
		t.Errorf("staff home:\n%s", body)
	}
	e.clock.Set(time.Date(2026, 1, 12, 9, 0, 0, 0, calendar.Sofia))
	e.signIn(t, "own@sofia.example.bg", "correct horse battery")
	_, body, _ = e.get(t, "/staff/")
	if !strings.Contains(body, "<strong>1 записан гражданин</strong>") {
		t.Errorf("staff home on the day:\n%s", body)
	}
	_, body, _ = e.get(t, "/")
	if strings.Contains(body, "staff-nav") {
		t.Error("a public page has the staff navigation")
	}
}

// Booking for a citizen reports every problem at once, addressed to staff.
func TestStaffBookReportsEveryError(t *testing.T) {
	e := assistantEnv(t)
	_, sheet, _ := e.get(t, "/staff/officials/kmet-sredets/day?date=2026-01-12")
	status, body, _ := e.postForm(t, "/staff/officials/kmet-sredets/book", url.Values{"_csrf": {hiddenFields(sheet).Get("_csrf")},
		"date": {"2026-01-12"}, "start": {"2026-01-12T14:15:00+02:00"}, "email": {"not an address"}})
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("%d", status)
	}
	for _, want := range []string{`<a href="#name">Въведете името и фамилията на гражданина.</a>`, `<a href="#email">`,
		`<a href="#topic">Въведете накратко въпроса на гражданина.</a>`, `<a href="#consent">Отбележете, че гражданинът е съгласен`,
		`id="name" name="name" value="" aria-invalid="true" aria-describedby="name-error"`} {
		if !strings.Contains(body, want) {
			t.Errorf("lacks %q", want)
		}
	}
	checkAccessible(t, body, "bg")
}

// The schedules page says each schedule in words, in both languages.
func TestSchedulesInWords(t *testing.T) {
	e := newEnv(t)
	e.signedIn(t, "own@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")
	_, body, _ := e.get(t, "/staff/officials/kmet-sredets/schedules")
	if !strings.Contains(body, "<strong>всеки понеделник, 14:00–15:00, по 15 минути</strong> · по 1 гражданин · стая 21") {
		t.Errorf("schedules page:\n%s", body)
	}
	checkAccessible(t, body, "bg")
	_, body, _ = e.get(t, "/staff/officials/kmet-sredets/schedules?lang=en")
	if !strings.Contains(body, "<strong>every Monday, 14:00–15:00, 15 minutes each</strong> · 1 citizen at a time · стая 21") {
		t.Errorf("schedules page in English:\n%s", body)
	}
}
