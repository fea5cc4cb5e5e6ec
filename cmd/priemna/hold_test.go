package main

import (
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/altcha-org/altcha-lib-go"
)

// TestHoldThroughHTTP: an official who takes bookings as 15-minute holds.
// The citizen's booking is pending and takes its seat; only the code in the
// email (read here from the outbox) confirms it, on the page or the API; a
// hold not confirmed in time is refused and its seat reopens.
func TestHoldThroughHTTP(t *testing.T) {
	s := startServer(t)
	if _, err := s.cli("correct horse battery\n", "user", "add", "--email", "admin@sofia.example.bg", "--name", "Анна Админова", "--role", "admin"); err != nil {
		t.Fatal(err)
	}
	out, err := s.cli("", "token", "create", "--email", "admin@sofia.example.bg")
	must(t, err)
	admin := "Bearer " + strings.TrimSpace(out[strings.LastIndex(strings.TrimSpace(out), "\n")+1:])
	s.expect(s.do("POST", "/api/v1/officials", `{"slug":"kmet-vitosha","name":"Камен Иванов","title":"Кмет на район „Витоша“",
		"unit":"rayon-lozenets","email":"kmet@vitosha.example.bg","hold_minutes":15}`, "Authorization", admin), 201)
	s.expect(s.do("POST", "/api/v1/officials/kmet-vitosha/schedules", `{"rule":"DTSTART;TZID=Europe/Sofia:20261201T100000\nRRULE:FREQ=WEEKLY;BYDAY=TU",
		"duration_minutes":60,"slot_minutes":30,"capacity":1,"location":"Зала 1","booking_opens_days":30,"booking_closes_hours":0}`, "Authorization", admin), 201)
	var official struct {
		HoldMinutes int `json:"hold_minutes"`
	}
	s.expect(s.do("GET", "/api/v1/officials/kmet-vitosha", ""), 200).json(t, &official)
	if official.HoldMinutes != 15 {
		t.Errorf("hold_minutes %d", official.HoldMinutes)
	}
	free := s.freeSlotsAtLeast("kmet-vitosha", 2)

	var held struct {
		bookingOut
		HeldUntil string `json:"held_until"`
	}
	s.expect(s.do("POST", "/api/v1/bookings", bookingBody("kmet-vitosha", free[0].Start)), 201).json(t, &held)
	s.tokens = append(s.tokens, held.Token)
	if want := s.clock.Now().Add(15 * time.Minute).Format(time.RFC3339); held.Status != "pending" || held.HeldUntil != want {
		t.Fatalf("booking: %s until %s, want pending until %s", held.Status, held.HeldUntil, want)
	}
	if s.available("kmet-vitosha", free[0].Start) != 0 {
		t.Error("the held seat is offered")
	}
	code := s.holdCode(held.Reference)
	// The manage token cannot confirm; moving waits for the confirmation.
	s.expect(s.do("POST", "/api/v1/holds/"+held.Token+"/confirm", ""), 404)
	s.expect(s.do("POST", "/api/v1/bookings/"+held.Token+"/reschedule", `{"start":"`+free[1].Start+`"}`), 409)
	page := s.expect(s.do("GET", "/holds/"+code, ""), 200)
	if body := string(page.body); !strings.Contains(body, "Потвърдете записването") || !strings.Contains(body, `action="/holds/`+code+`"`) ||
		!strings.Contains(body, "Потвърдете с бутона по-долу до") || strings.Contains(body, "Отворете я") {
		t.Errorf("hold page: %.400s", body)
	}
	var confirmed bookingOut
	s.expect(s.do("POST", "/api/v1/holds/"+code+"/confirm", ""), 200).json(t, &confirmed)
	if confirmed.Status != "confirmed" || confirmed.Reference != held.Reference {
		t.Errorf("confirmed: %+v", confirmed)
	}
	s.expect(s.do("POST", "/api/v1/holds/"+code+"/confirm", ""), 404)

	// A second hold, never confirmed.
	var late bookingOut
	s.expect(s.do("POST", "/api/v1/bookings", bookingBody("kmet-vitosha", free[1].Start)), 201).json(t, &late)
	s.tokens = append(s.tokens, late.Token)
	lateCode := s.holdCode(late.Reference)
	s.clock.Set(s.clock.Now().Add(15 * time.Minute))
	var e apiErr
	s.expect(s.do("POST", "/api/v1/holds/"+lateCode+"/confirm", "", "Accept-Language", "en"), 409).json(t, &e)
	if !strings.Contains(e.Error.Message, "released") {
		t.Errorf("lapsed hold: %+v", e)
	}
	if s.available("kmet-vitosha", free[1].Start) != 1 {
		t.Error("the lapsed hold's seat did not reopen")
	}
	var got bookingOut
	s.expect(s.do("GET", "/api/v1/bookings/"+late.Token, ""), 200).json(t, &got)
	if got.Status != "cancelled" {
		t.Errorf("lapsed hold is %s", got.Status)
	}
}

// holdCode reads the confirmation code from the hold's email, as the
// citizen would. The outbox forgets the code once the letter is sent, so
// the written letter is the only place that keeps it.
func (s *server) holdCode(reference string) string {
	s.t.Helper()
	for n := 1; ; n++ {
		s.await("message sent", n)
		for _, letter := range lettersWith(s.mailDir, reference) {
			if m := holdLink.FindStringSubmatch(letter); m != nil {
				return m[1]
			}
		}
	}
}

var holdLink = regexp.MustCompile(`/holds/([A-Za-z0-9_-]{16,})`)

func (s *server) available(slug, start string) int {
	s.t.Helper()
	var slots []slot
	s.expect(s.do("GET", "/api/v1/officials/"+slug+"/slots", ""), 200).json(s.t, &slots)
	for _, sl := range slots {
		if sl.Start == start {
			return sl.Available
		}
	}
	s.t.Fatalf("no slot %s", start)
	return 0
}

// solvedChallenge asks s for a proof-of-work challenge, solves it, and
// returns a function that adds the solution to a booking's JSON body.
func (s *server) solvedChallenge(t *testing.T) func(body string) string {
	t.Helper()
	var ch altcha.Challenge
	s.expect(s.do("GET", "/api/v1/challenge", ""), 200).json(t, &ch)
	sol, err := altcha.SolveChallenge(ch.Challenge, ch.Salt, altcha.Algorithm(ch.Algorithm), int(ch.MaxNumber), 0, nil)
	if err != nil || sol == nil {
		t.Fatalf("solve: %v", err)
	}
	raw, _ := json.Marshal(altcha.Payload{Algorithm: ch.Algorithm, Challenge: ch.Challenge, Number: int64(sol.Number), Salt: ch.Salt, Signature: ch.Signature})
	solution := base64.StdEncoding.EncodeToString(raw)
	return func(body string) string {
		return strings.Replace(body, `"topic":`, `"altcha":"`+solution+`","topic":`, 1)
	}
}

// TestProofOfWorkThroughHTTP: with the challenge on, a booking with a
// solved challenge stands at once; one without, or with a solution used
// before, is held until confirmed by email — never refused.
func TestProofOfWorkThroughHTTP(t *testing.T) {
	s := startServer(t, "--pow", "3000")
	free := s.freeSlots("kmet-mladost")
	withSolution := s.solvedChallenge(t)
	for _, c := range []struct {
		name, body, status string
	}{
		{"solved", withSolution(bookingBody("kmet-mladost", free[0].Start)), "confirmed"},
		{"the same solution again", withSolution(bookingBody("kmet-mladost", free[1].Start)), "pending"},
		{"no solution", bookingBody("kmet-mladost", free[2].Start), "pending"},
	} {
		var b bookingOut
		s.expect(s.do("POST", "/api/v1/bookings", c.body), 201).json(t, &b)
		s.tokens = append(s.tokens, b.Token)
		if b.Status != c.status {
			t.Errorf("%s: %s, want %s", c.name, b.Status, c.status)
		}
	}
	// Without --pow there is no challenge to fetch.
	plain := startServer(t)
	plain.expect(plain.do("GET", "/api/v1/challenge", ""), 404)
}
