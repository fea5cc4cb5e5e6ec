package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// A citizen contests a no-show from the letter's link; staff see it and
// cancel the strike, audited. Each step is taken once however many
// requests race for it.
func TestContestNoShow(t *testing.T) {
	e := newEnv(t, withContests)
	e.noRedirects()
	ctx := t.Context()
	manage := "/bookings/" + e.b.Token + "/contest"
	// Not a no-show yet: nothing to contest.
	if _, body, _ := e.get(t, manage); !strings.Contains(body, "няма какво да се оспорва") || strings.Contains(body, `name="reason"`) {
		t.Errorf("contest page of a confirmed booking:\n%s", body)
	}
	e.clock.Set(e.b.Start.Add(40 * time.Minute))
	if n, err := e.svc.SweepNoShows(ctx); err != nil || n != 1 {
		t.Fatalf("sweep: %d %v", n, err)
	}
	_, body, _ := e.get(t, manage)
	checkAccessible(t, body, "bg")
	csrf := hiddenFields(body).Get("_csrf")
	if status, body, _ := e.postForm(t, manage, url.Values{"_csrf": {csrf}}); status != http.StatusUnprocessableEntity ||
		!strings.Contains(body, `href="#reason"`) || strings.Count(body, `aria-invalid="true"`) != len(booking.ContestReasons) {
		t.Fatalf("without a reason: %d", status)
	}
	codes := e.postFormAtOnce(t, manage, url.Values{"_csrf": {csrf}, "reason": {"came"}}, 5)
	if n := count(codes, http.StatusSeeOther); n != 1 || count(codes, http.StatusConflict) != len(codes)-1 {
		t.Fatalf("parallel contests: %v", codes)
	}
	_, body, _ = e.get(t, manage)
	if !strings.Contains(body, "Бях там, но не са ме отбелязали") || strings.Contains(body, `name="reason"`) {
		t.Errorf("contest page after contesting:\n%s", body)
	}

	e.signedIn(t, "own@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")
	_, home, _ := e.get(t, "/staff/")
	if !strings.Contains(home, `/staff/officials/kmet-sredets/contests">Оспорени неявявания<span class="visually-hidden">: Петър Стоянов</span></a> <strong>(1)</strong>`) {
		t.Errorf("staff home does not show the open contest:\n%s", home)
	}
	_, page, _ := e.get(t, "/staff/officials/kmet-sredets/contests")
	checkAccessible(t, page, "bg")
	if !strings.Contains(page, "Мария Георгиева") || !strings.Contains(page, "/staff/bookings/"+e.b.Reference+"/strike-cancel") {
		t.Fatalf("contests page:\n%s", page)
	}
	csrf = hiddenFields(page).Get("_csrf")
	codes = e.postFormAtOnce(t, "/staff/bookings/"+e.b.Reference+"/strike-cancel", url.Values{"_csrf": {csrf}}, 5)
	if n := count(codes, http.StatusSeeOther); n != 1 || count(codes, http.StatusConflict) != len(codes)-1 {
		t.Fatalf("parallel decisions: %v", codes)
	}
	log, err := e.db.AuditLog(ctx, 10)
	must(t, err)
	decisions := 0
	for _, a := range log {
		if a.Action == "no-show.strike-cancel" && a.Object == e.b.Reference && a.UserEmail == "own@sofia.example.bg" {
			decisions++
		}
	}
	if decisions != 1 {
		t.Errorf("%d audit entries of the decision", decisions)
	}
	_, page, _ = e.get(t, "/staff/officials/kmet-sredets/contests?done=strike-cancel")
	if !strings.Contains(page, "Неявяването няма да се брои.") || strings.Contains(page, "Мария Георгиева") {
		t.Errorf("contests page after the decision:\n%s", page)
	}
}

func count(codes []int, want int) int {
	n := 0
	for _, c := range codes {
		if c == want {
			n++
		}
	}
	return n
}

// A contest has a deadline: the page says until when, and after it says
// so politely, offering the contact centre and a complaint instead of the
// form; a POST then is refused and records nothing. Staff are told the rule.
func TestContestDeadline(t *testing.T) {
	e := newEnv(t, withContests)
	e.noRedirects()
	ctx := t.Context()
	page := "/bookings/" + e.b.Token + "/contest"
	e.clock.Set(e.b.Start.Add(40 * time.Minute))
	if n, err := e.svc.SweepNoShows(ctx); err != nil || n != 1 {
		t.Fatalf("sweep: %d %v", n, err)
	}
	// Monday 12 January: until Monday 26 January inclusive.
	e.clock.Set(time.Date(2026, 1, 26, 23, 59, 0, 0, calendar.Sofia))
	for lang, want := range map[string]string{"bg": "до понеделник, 26 януари 2026 г. включително", "en": "until Monday 26 January 2026 inclusive"} {
		_, body, _ := e.get(t, page+"?lang="+lang)
		if !strings.Contains(body, want) || !strings.Contains(body, `name="reason"`) {
			t.Errorf("%s, on the last day: no deadline or no form:\n%s", lang, body)
		}
	}
	_, body, _ := e.get(t, page+"?lang=bg")
	csrf := hiddenFields(body).Get("_csrf")

	e.clock.Set(time.Date(2026, 1, 27, 0, 0, 0, 0, calendar.Sofia))
	status, body, _ := e.postForm(t, page, url.Values{"_csrf": {csrf}, "reason": {"came"}})
	if status != http.StatusConflict || !strings.Contains(body, "Срокът за оспорване на неявяването изтече") {
		t.Errorf("a late contest: %d\n%s", status, body)
	}
	if c, err := e.svc.ContestOf(ctx, e.b); err != nil || c != nil {
		t.Errorf("a late contest was recorded: %+v %v", c, err)
	}

	for lang, want := range map[string][]string{
		"bg": {"<h1>Срокът за оспорване на неявяването изтече</h1>", "до 14 дни след срещата", "26 януари 2026 г. включително",
			`href="tel:`, `href="/complaints?booking=` + e.b.Token + `">Подайте сигнал</a>`},
		"en": {"<h1>The time to contest the no-show has passed</h1>", "up to 14 days after the meeting", "26 January 2026 inclusive",
			`href="tel:`, `href="/complaints?booking=` + e.b.Token + `">Make a complaint</a>`},
	} {
		status, body, _ := e.get(t, page+"?lang="+lang)
		if status != http.StatusOK || strings.Contains(body, `name="reason"`) {
			t.Errorf("%s, too late: %d, or the form is still offered", lang, status)
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s, too late: lacks %q", lang, w)
			}
		}
		checkAccessible(t, body, lang)
	}
	e.addStaff(t, "own@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")
	e.signIn(t, "own@sofia.example.bg", "correct horse battery")
	if _, staffPage, _ := e.get(t, "/staff/officials/kmet-sredets/contests?lang=bg"); !strings.Contains(staffPage, "до 14 дни след срещата") {
		t.Errorf("staff are not told the deadline:\n%s", staffPage)
	}
}
