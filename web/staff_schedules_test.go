package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/priemna/priemna/booking"
)

// The schedule form reports every fault at once: the choices that make no
// rule, each at its own control, together with the number fields and the
// place — each named in the summary, linked to its control and marked
// aria-invalid — in both languages; and it saves nothing.
func TestScheduleFormReportsEveryError(t *testing.T) {
	e := newEnv(t)
	e.addStaff(t, "own@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")
	e.signIn(t, "own@sofia.example.bg", "correct horse battery")
	before, err := e.svc.Schedules(t.Context(), e.official.ID)
	must(t, err)

	// No weekday and a start time that is no time (the rule), a reception
	// day of "abc" minutes, nobody at a time, and no place.
	bad := url.Values{"every": {"1"}, "ordinal": {""}, "from": {"2026-01-08"}, "start": {"2pm"},
		"duration_minutes": {"abc"}, "slot_minutes": {"15"}, "capacity": {"0"}, "booking_opens_days": {"30"},
		"booking_closes_hours": {"24"}, "location": {""}}
	for _, tc := range []struct {
		lang string
		want map[string]string // control id → its message in the summary
	}{
		{"bg", map[string]string{
			"day-1":            "изберете поне един ден от седмицата",
			"start":            "часът на начало трябва да е във вида 14:00",
			"duration_minutes": "Приемният ден трябва да трае",
			"capacity":         "Гражданите",
			"location":         "Посочете къде",
		}},
		{"en", map[string]string{
			"day-1":            "choose at least one day of the week",
			"start":            "the start time must look like 14:00",
			"duration_minutes": "A reception day must last",
			"capacity":         "Citizens",
			"location":         "Say where",
		}},
	} {
		for _, do := range []string{"save", "preview"} {
			_, page, _ := e.get(t, "/staff/officials/kmet-sredets/schedules?lang="+tc.lang)
			form := url.Values{"_csrf": {hiddenFields(page).Get("_csrf")}, "do": {do}}
			for k, v := range bad {
				form[k] = v
			}
			status, body, _ := e.postForm(t, "/staff/officials/kmet-sredets/schedules", form)
			if status != http.StatusUnprocessableEntity {
				t.Fatalf("%s %s: %d", tc.lang, do, status)
			}
			summary := body[strings.Index(body, `id="error-summary"`):]
			summary = summary[:strings.Index(summary, "</div>")]
			for id, msg := range tc.want {
				link := regexp.MustCompile(`<a href="#` + id + `">([^<]*)</a>`).FindStringSubmatch(summary)
				if link == nil || !strings.Contains(strings.ToLower(link[1]), strings.ToLower(msg)) {
					t.Errorf("%s %s: the summary does not link #%s with %q:\n%s", tc.lang, do, id, msg, summary)
				}
				control := regexp.MustCompile(`<(input|select|textarea)[^>]* id="` + id + `"[^>]*>`).FindString(body)
				if !strings.Contains(control, `aria-invalid="true"`) {
					t.Errorf("%s %s: #%s is not marked invalid: %s", tc.lang, do, id, control)
				}
			}
			// In the form's order.
			if i, j, k := strings.Index(summary, "#day-1"), strings.Index(summary, "#start"), strings.Index(summary, "#duration_minutes"); !(i < j && j < k) {
				t.Errorf("%s %s: the summary is not in the form's order:\n%s", tc.lang, do, summary)
			}
			if n := strings.Count(summary, "<li>"); n != len(tc.want) {
				t.Errorf("%s %s: %d errors in the summary, want %d:\n%s", tc.lang, do, n, len(tc.want), summary)
			}
			// The weekdays' group is described by its error; what was typed stays.
			if !strings.Contains(body, `<fieldset id="weekdays" aria-describedby="weekdays-error">`) ||
				!strings.Contains(body, `id="start" name="start" value="2pm"`) || !strings.Contains(body, `value="abc"`) {
				t.Errorf("%s %s: the form lost its description or what was typed", tc.lang, do)
			}
			checkAccessible(t, body, tc.lang)
		}
	}

	// A typed rule that is no rule: its error is at the typed rule, with
	// the others.
	_, page, _ := e.get(t, "/staff/officials/kmet-sredets/schedules?lang=bg")
	form := url.Values{"_csrf": {hiddenFields(page).Get("_csrf")}, "do": {"save"}, "raw_rule": {"RRULE:FREQ=SOMETIMES"}}
	for k, v := range bad {
		form[k] = v
	}
	_, body, _ := e.postForm(t, "/staff/officials/kmet-sredets/schedules", form)
	for _, id := range []string{"raw_rule", "duration_minutes", "capacity", "location"} {
		if !strings.Contains(body, `<a href="#`+id+`">`) {
			t.Errorf("typed rule: no error linked to #%s", id)
		}
	}
	if strings.Contains(body, `<a href="#day-1">`) || strings.Contains(body, `<a href="#start">`) {
		t.Errorf("typed rule: the form's choices are blamed for it")
	}
	if !strings.Contains(body, `aria-describedby="raw-hint raw_rule-error" aria-invalid="true"`) {
		t.Errorf("typed rule: the textarea is not marked invalid")
	}

	after, err := e.svc.Schedules(t.Context(), e.official.ID)
	must(t, err)
	if len(after) != len(before) {
		t.Errorf("a refused form saved a schedule: %d → %d", len(before), len(after))
	}
}

// Every error in a summary links to a control marked aria-invalid (for a
// group, each of its choices), on the citizens' forms and the staff's alike.
func TestErrorsMarkTheirFieldsInvalid(t *testing.T) {
	e := newEnv(t, withComplaints, withPolicies, withWaitlist)
	e.addStaff(t, "admin@sofia.example.bg", booking.RoleAdmin)
	list, err := e.svc.Schedules(t.Context(), e.official.ID)
	must(t, err)
	end := "/staff/officials/kmet-sredets/schedules/" + strconv.FormatInt(list[0].ID, 10) + "/end"
	for _, form := range []struct{ page, action string }{
		{"/officials/kmet-sredets/book?start=" + url.QueryEscape("2026-01-12T14:15:00+02:00"), "/officials/kmet-sredets/book"},
		{"/complaints", "/complaints"},
		{"/lost-link", "/lost-link"},
		{"/officials/kmet-sredets/waitlist", "/officials/kmet-sredets/waitlist"},
		{"staff", ""}, // sign in
		{"/staff/officials/kmet-sredets/schedules", "/staff/officials/kmet-sredets/schedules"},
		{"/staff/officials/new", "/staff/officials/new"},
		{"/staff/units/new", "/staff/units/new"},
		{end, end},
	} {
		if form.page == "staff" {
			e.signIn(t, "admin@sofia.example.bg", "correct horse battery")
			continue
		}
		_, page, _ := e.get(t, form.page)
		sent := url.Values{"_csrf": {hiddenFields(page).Get("_csrf")}, "do": {"save"}, "bookings": {"cancel"}}
		if strings.Contains(form.page, "start=") {
			sent.Set("start", "2026-01-12T14:15:00+02:00")
		}
		status, body, _ := e.postForm(t, form.action, sent)
		i := strings.Index(body, `id="error-summary"`)
		if status != http.StatusUnprocessableEntity || i < 0 {
			t.Errorf("%s: %d, no error summary", form.action, status)
			continue
		}
		summary := body[i : i+strings.Index(body[i:], "</div>")]
		for _, m := range regexp.MustCompile(`<a href="#([^"]+)">`).FindAllStringSubmatch(summary, -1) {
			el := regexp.MustCompile(`<(input|select|textarea|fieldset)[^>]* id="` + regexp.QuoteMeta(m[1]) + `"[^>]*>`).FindStringSubmatch(body)
			switch {
			case el == nil:
				t.Errorf("%s: the summary links #%s, which is no control", form.action, m[1])
			case el[1] == "fieldset":
				group := body[strings.Index(body, el[0]):]
				group = group[:strings.Index(group, "</fieldset>")]
				for _, in := range regexp.MustCompile(`<input[^>]*>`).FindAllString(group, -1) {
					if !strings.Contains(in, `aria-invalid="true"`) {
						t.Errorf("%s: a choice of #%s is not marked invalid: %s", form.action, m[1], in)
					}
				}
			case !strings.Contains(el[0], `aria-invalid="true"`):
				t.Errorf("%s: #%s is not marked invalid: %s", form.action, m[1], el[0])
			}
		}
	}
}
