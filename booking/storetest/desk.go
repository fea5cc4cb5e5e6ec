package storetest

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// What the day sheet keeps of a closed day, the deputies an administrator
// chose, and contested no-shows: the store's part of each.

// testClosedDayRemembersWhoWasTold: a closure records how many citizens
// were sent a letter (a walk-in without an email is not one) and, for a
// hand-over, to whom.
func testClosedDayRemembersWhoWasTold(t *testing.T, f *Fixture) {
	admin := &booking.User{Role: booking.RoleAdmin}
	f.Book(t, monday)
	walkIn := f.Request(monday.Add(15 * time.Minute))
	walkIn.Email, walkIn.ByStaff = "", admin
	if _, _, err := f.Svc.Book(f.Ctx, walkIn); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Svc.CloseDay(f.Ctx, admin, f.Official.ID, "2026-01-12", "Болест"); err != nil {
		t.Fatal(err)
	}
	c, err := f.Svc.ClosureOn(f.Ctx, f.Official.ID, calendar.DateOf(monday))
	if err != nil || c == nil || c.Told != 1 || c.DeputyID != 0 || c.Reason != "Болест" {
		t.Fatalf("closure: %+v %v", c, err)
	}
	if c, err := f.Svc.ClosureOn(f.Ctx, f.Official.ID, calendar.DateOf(monday).AddDays(7)); err != nil || c != nil {
		t.Fatalf("an open day reads as closed: %+v %v", c, err)
	}
	deputy, err := f.Svc.CreateOfficial(f.Ctx, booking.CommandLine, booking.OfficialInput{Slug: "zam-kmet", Name: "Анна Заместникова",
		Title: "Заместник-кмет", Unit: "sredets", Email: "zam@sredets.example.bg"})
	if err != nil {
		t.Fatal(err)
	}
	f.Book(t, monday.AddDate(0, 0, 7))
	if _, err := f.Svc.HandOverDay(f.Ctx, admin, f.Official.ID, "zam-kmet", "2026-01-19", "Командировка"); err != nil {
		t.Fatal(err)
	}
	c, err = f.Svc.ClosureOn(f.Ctx, f.Official.ID, calendar.DateOf(monday).AddDays(7))
	if err != nil || c == nil || c.Told != 1 || c.DeputyID != deputy.ID {
		t.Fatalf("handed-over day: %+v %v", c, err)
	}
}

// testChosenDeputies: an administrator's choice of deputies is kept,
// replaced as a whole, and audited; an assistant cannot make it.
func testChosenDeputies(t *testing.T, f *Fixture) {
	f.With(func(st *booking.Stores) { st.Deputies = f.full(t) })
	var ids []int64
	for _, slug := range []string{"zam-a", "zam-b"} {
		o, err := f.Svc.CreateOfficial(f.Ctx, booking.CommandLine, booking.OfficialInput{Slug: slug, Name: "Заместник " + slug,
			Title: "Заместник-кмет", Unit: "sredets", Email: slug + "@sredets.example.bg"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, o.ID)
	}
	admin := f.staffUser(t, "admin@sredets.example.bg", booking.RoleAdmin)
	WantCode(t, f.Svc.SetDeputies(f.Ctx, &booking.User{Role: booking.RoleAssistant, OfficialIDs: []int64{f.Official.ID}}, f.Official, ids), booking.EFORBIDDEN)
	WantCode(t, f.Svc.SetDeputies(f.Ctx, admin, f.Official, []int64{f.Official.ID}), booking.EINVALID)
	for _, set := range [][]int64{ids, ids[1:], nil} {
		if err := f.Svc.SetDeputies(f.Ctx, admin, f.Official, set); err != nil {
			t.Fatal(err)
		}
		got, err := f.Svc.ChosenDeputies(f.Ctx, f.Official.ID)
		if err != nil || !slices.Equal(got, set) {
			t.Fatalf("chosen %v, want %v (%v)", got, set, err)
		}
	}
}

// contestFixture is one seat with the real policy and contest stores and
// no caps, and an assistant of its official who records the no-shows.
func contestFixture(t *testing.T, h Harness) (*Fixture, *booking.User) {
	t.Helper()
	f := NewFixture(t, h, 1)
	f.With(func(st *booking.Stores) { st.Policies, st.Contests = f.full(t), f.full(t) })
	f.Svc.Caps = booking.Caps{}
	return f, f.staffUser(t, "asst@sredets.example.bg", booking.RoleAssistant, f.Official.ID)
}

// testContestedNoShows: a citizen contests a no-show once, however many
// requests race; staff decide it once; a cancelled strike no longer counts
// towards a pause.
func testContestedNoShows(t *testing.T, h Harness) {
	f, staff := contestFixture(t, h)
	var missed []*booking.Booking
	for _, start := range []time.Time{monday, monday.AddDate(0, 0, 7)} {
		req := f.Request(start)
		req.ByStaff = staff // a no-show of a booking staff made counts
		b, _, err := f.Svc.Book(f.Ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		missed = append(missed, b)
	}
	for _, b := range missed {
		f.Clock.Set(b.End.Add(time.Hour))
		if _, err := f.Svc.MarkNoShow(f.Ctx, staff, b.Reference); err != nil {
			t.Fatal(err)
		}
	}
	// The second no-show paused online booking, and its letter says until when.
	msgs := f.intents(t, missed[1].ID)
	note := booking.ParseNoShowNote(msgs[len(msgs)-1].Note)
	if want := calendar.DateOf(missed[1].Start.Add(booking.DefaultNoShowPolicy.Block)); note.PausedUntil != want || note.ContactCentre == "" {
		t.Fatalf("the pausing no-show's note %+v, want paused until %s", note, want)
	}
	first := f.intents(t, missed[0].ID)
	if note := booking.ParseNoShowNote(first[len(first)-1].Note); !note.PausedUntil.IsZero() {
		t.Fatalf("the first no-show's note speaks of a pause: %+v", note)
	}
	later := f.Request(sofia(2026, 2, 2, 14, 0))
	_, _, err := f.Svc.Book(f.Ctx, later)
	WantCode(t, err, booking.EFORBIDDEN)

	race := func(do func() error) (won, conflicts int) {
		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range errs {
			wg.Go(func() { errs[i] = do() })
		}
		wg.Wait()
		return tally(t, errs, booking.ECONFLICT, "")
	}
	if won, conflicts := race(func() error { _, err := f.Svc.ContestNoShow(f.Ctx, missed[1].Token, booking.ContestCame); return err }); won != 1 || conflicts != 5 {
		t.Fatalf("contests: %d won, %d conflicts", won, conflicts)
	}
	open, err := f.Svc.OpenContests(f.Ctx, staff, f.Official.ID)
	if err != nil || len(open) != 1 || open[0].Booking.Reference != missed[1].Reference || open[0].Reason != booking.ContestCame {
		t.Fatalf("open contests: %+v %v", open, err)
	}
	before := f.audited(t)
	if won, conflicts := race(func() error { _, err := f.Svc.DecideContest(f.Ctx, staff, missed[1].Reference, true); return err }); won != 1 || conflicts != 5 {
		t.Fatalf("decisions: %d won, %d conflicts", won, conflicts)
	}
	if got := f.audited(t); got != before+1 {
		t.Errorf("audit entries %d, want %d", got, before+1)
	}
	if open, _ := f.Svc.OpenContests(f.Ctx, staff, f.Official.ID); len(open) != 0 {
		t.Errorf("a decided contest is still open: %+v", open)
	}
	if _, _, err := f.Svc.Book(f.Ctx, later); err != nil {
		t.Fatalf("the pause stayed after the strike was cancelled: %v", err)
	}
	_, err = f.Svc.ContestNoShow(f.Ctx, f.Book(t, sofia(2026, 2, 9, 14, 0)).Token, booking.ContestCame)
	WantCode(t, err, booking.ECONFLICT) // not a no-show
}

// testContestDeadline: a no-show can be contested until the end of the
// ContestDays-th day after the meeting, Sofia time, and not a moment
// later; a late contest is refused in both languages, with the contact
// centre, and records nothing.
func testContestDeadline(t *testing.T, h Harness) {
	f, staff := contestFixture(t, h)
	var missed []*booking.Booking
	for _, start := range []time.Time{monday, monday.Add(15 * time.Minute)} {
		missed = append(missed, f.Book(t, start))
	}
	for _, b := range missed {
		f.Clock.Set(b.End.Add(time.Hour))
		if _, err := f.Svc.MarkNoShow(f.Ctx, staff, b.Reference); err != nil {
			t.Fatal(err)
		}
	}
	// Monday 12 January 2026: contests until Monday 26 January inclusive.
	if got := booking.ContestUntil(monday); got != (calendar.Date{Year: 2026, Month: time.January, Day: 26}) {
		t.Fatalf("ContestUntil(%s) = %s, want 2026-01-26", monday, got)
	}
	closes := sofia(2026, 1, 27, 0, 0)
	f.Clock.Set(closes.Add(-time.Second)) // 23:59:59 on the last day
	if !f.Svc.ContestOpen(missed[0]) {
		t.Fatal("closed a second before the end of the last day")
	}
	if _, err := f.Svc.ContestNoShow(f.Ctx, missed[0].Token, booking.ContestEmergency); err != nil {
		t.Fatalf("on the last day: %v", err)
	}
	f.Clock.Set(closes) // midnight: too late
	if f.Svc.ContestOpen(missed[1]) {
		t.Fatal("still open after the last day")
	}
	_, err := f.Svc.ContestNoShow(f.Ctx, missed[1].Token, booking.ContestCame)
	WantCode(t, err, booking.ECONFLICT)
	msg := booking.ErrorMessage(err)
	for lang, want := range map[string][]string{
		"bg": {"до 14 дни след срещата", "26 януари 2026 г. включително", f.Svc.ContactCentre},
		"en": {"up to 14 days after the meeting", "26 January 2026 inclusive", f.Svc.ContactCentre},
	} {
		for _, w := range want {
			if !strings.Contains(msg.In(lang), w) {
				t.Errorf("the refusal in %s lacks %q: %s", lang, w, msg.In(lang))
			}
		}
	}
	if c, err := f.Svc.ContestOf(f.Ctx, missed[1]); err != nil || c != nil {
		t.Errorf("a late contest was recorded: %+v %v", c, err)
	}
	open, err := f.Svc.OpenContests(f.Ctx, staff, f.Official.ID)
	if err != nil || len(open) != 1 || open[0].Booking.Reference != missed[0].Reference {
		t.Errorf("open contests: %+v %v", open, err)
	}
}
