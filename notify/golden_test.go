package notify

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// goldenInput is a booking with fixed secrets, so that rendering is
// reproducible.
func goldenInput(kind booking.MessageKind, lang string) Input {
	start := sofia(2026, 3, 24, 14, 0)
	return Input{
		Message: booking.Message{ID: 42, Kind: kind, Sequence: 1, SlotStart: start, Note: "Кметът е в командировка",
			Pass: map[bool]string{true: "h0ldC0deh0ldC0deh0ldC0"}[kind == booking.MessageHold || kind == booking.MessageOffer]},
		Booking: &booking.Booking{ID: 7, Reference: "SO-7K3Q-9PXD", Token: "q2Zr0Vx8TTn1mYcEw4uJbA", UID: "2c1b7a3e@priemna.example",
			Sequence: 1, Start: start, End: start.Add(20 * time.Minute), Name: "Мария Георгиева", Email: "maria@example.bg",
			HeldUntil: sofia(2026, 3, 1, 12, 30),
			Topic:     "Ремонт на тротоара пред блок 12", Language: lang, Status: booking.StatusConfirmed,
			Accessibility: booking.Accessibility{Needs: []booking.Need{"wheelchair", "sign_language"}, Note: "Идвам с придружител"}},
		Official: &booking.Official{ID: 3, Slug: "kmet-sredets", Name: "Петър Стоянов", NameEN: "Petar Stoyanov",
			Title: "Кмет на район „Средец“", TitleEN: "Mayor of Sredets District", Email: "kmet@sredets.example.bg", Phone: "02 8054 120"},
		Unit: &booking.Unit{Name: "Район „Средец“", NameEN: "Sredets District", Address: "ул. „Цар Шишман“ 32, 1000 София",
			AddressEN: "32 Tsar Shishman St, 1000 Sofia"},
		Schedule: &booking.Schedule{ID: 5, Location: "ет. 2, стая 21", StepFree: false},
	}
}

// noShowPaused names the golden file of a no-show letter that tells of a
// pause of online booking.
const noShowPaused booking.MessageKind = "no_show_paused"

// TestGoldenLetters renders every kind of message in both languages and
// compares it with testdata/; go test ./notify -update rewrites them.
func TestGoldenLetters(t *testing.T) {
	r := &Renderer{BaseURL: "https://priemna.example", From: "Приемна <priemna@sofia.example.bg>"}
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	kinds := []booking.MessageKind{booking.MessageHold, booking.MessageConfirmation, booking.MessageChange, booking.MessageHandOver, booking.MessageCancellation,
		booking.MessageSessionCanceled, booking.MessageReminder, booking.MessageNoShow, booking.MessageFeedback, booking.MessageOffer, booking.MessageLinks,
		noShowPaused}
	for _, kind := range kinds {
		for _, lang := range []string{"bg", "en"} {
			name := string(kind) + "." + lang
			t.Run(name, func(t *testing.T) {
				in := goldenInput(kind, lang)
				if kind == noShowPaused { // the no-show that paused online booking
					in = goldenInput(booking.MessageNoShow, lang)
					in.Message.Note = booking.NoShowNote{PausedUntil: calendar.Date{Year: 2026, Month: 4, Day: 23}, ContactCentre: "0700 1 0700"}.String()
				}
				if kind == booking.MessageLinks {
					other := *in.Booking
					other.Reference, other.Token, other.Start = "SO-3MNC-4R7T", "Zr0Vx8TTn1mYcEw4uJbAq2", other.Start.AddDate(0, 0, 7)
					in.Linked = []Linked{{in.Booking, in.Official}, {&other, in.Official}}
				}
				c, err := r.content(in, now)
				must(t, err)
				got := "Subject: " + c.letter.Subject + "\n\n" + c.text + "\n==== text/html ====\n" + c.html
				if c.ics != nil {
					got += "\n==== text/calendar; method=" + string(c.letter.Method) + " ====\n" + string(c.ics)
				}
				path := filepath.Join("testdata", name+".golden")
				if *update {
					must(t, os.MkdirAll("testdata", 0o755))
					must(t, os.WriteFile(path, []byte(got), 0o644))
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run with -update to create it)", err)
				}
				if got != string(want) {
					t.Errorf("%s differs from the golden file; review and run with -update:\n%s", name, got)
				}
			})
		}
	}
}

func TestCancelledDayNoticeCarriesThePriorityLink(t *testing.T) {
	r := &Renderer{BaseURL: "https://priemna.example", From: "Приемна <priemna@sofia.example.bg>"}
	in := goldenInput(booking.MessageSessionCanceled, "bg")
	in.Message.Pass = "q2Zr0Vx8TTn1mYcEw4uJbB"
	c, err := r.content(in, time.Now())
	must(t, err)
	link := "https://priemna.example/officials/kmet-sredets?priority=q2Zr0Vx8TTn1mYcEw4uJbB"
	if !strings.Contains(c.text, link) || !strings.Contains(c.html, link) || !strings.Contains(c.text, "с предимство") {
		t.Errorf("no priority link:\n%s", c.text)
	}
}
