package notify

import (
	"bytes"
	"mime"
	netmail "net/mail"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/priemna/priemna/booking"
)

// FuzzMailHeaders renders a confirmation with hostile names and matters
// and parses the message back: whatever the text, the headers are exactly
// the ones we set, the citizen is the one recipient with her name intact,
// and the subject decodes to what we wrote.
func FuzzMailHeaders(f *testing.F) {
	f.Add("Мария Георгиева", "Петър Стоянов", "Ремонт на тротоара")
	f.Add("Eve\r\nBcc: victim@example.org", "X\nSubject: spam", "a\r\n.\r\nMAIL FROM:<x@y>")
	f.Add(`"Quoted" <evil@example.org>, other@example.org`, "=?UTF-8?B?QmNjOg==?=", strings.Repeat("дълъг ред ", 40))
	f.Add("Иван\x00Иванов", "Тест\u2028ред", "")
	r := &Renderer{BaseURL: "https://priemna.example", From: "Приемна <priemna@sofia.example.bg>"}
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	wantHeaders := []string{"Auto-Submitted", "Content-Language", "Content-Type", "Date", "From", "Message-Id",
		"Mime-Version", "Reply-To", "Subject", "To"}
	f.Fuzz(func(t *testing.T, citizen, official, topic string) {
		in := goldenInput(booking.MessageConfirmation, "bg")
		in.Booking.Name, in.Official.Name, in.Booking.Topic = citizen, official, topic
		rendered, err := r.Render(in, now)
		if err != nil {
			return // refused to build: nothing is sent
		}
		var buf bytes.Buffer
		if _, err := rendered.Msg.WriteTo(&buf); err != nil {
			return
		}
		msg, err := netmail.ReadMessage(&buf)
		if err != nil {
			t.Fatalf("unreadable message: %v\n%.2000s", err, buf.String())
		}
		var keys []string
		for k := range msg.Header {
			if k != "User-Agent" && k != "X-Mailer" {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		if got := strings.Join(keys, ","); got != strings.Join(wantHeaders, ",") {
			t.Fatalf("headers %s, want %s", got, strings.Join(wantHeaders, ","))
		}
		to, err := msg.Header.AddressList("To")
		if err != nil || len(to) != 1 || to[0].Address != in.Booking.Email {
			t.Fatalf("To %q: %v %v", msg.Header.Get("To"), to, err)
		}
		if utf8.ValidString(citizen) && !strings.ContainsAny(citizen, "\r\n\x00") && to[0].Name != strings.TrimSpace(citizen) && to[0].Name != citizen {
			t.Errorf("name %q came back as %q", citizen, to[0].Name)
		}
		subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		if err != nil {
			t.Fatalf("subject %q: %v", msg.Header.Get("Subject"), err)
		}
		if utf8.ValidString(official) && !strings.ContainsAny(official, "\r\n") && !strings.Contains(subject, strings.TrimSpace(official)) {
			t.Errorf("subject %q lacks the official's name %q", subject, official)
		}
	})
}
