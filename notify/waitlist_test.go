package notify

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"image/png"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	qr "github.com/piglig/go-qr"

	"github.com/priemna/priemna/booking"
)

// The waiting-list letters through the real SMTP server: the letter on
// joining carries the link to the citizen's place; the offer letter
// carries a one-time link whose code the database keeps only as a hash,
// and taking the seat through it sends the invitation.
func TestWaitlistLettersAndTheOneTimeOfferLink(t *testing.T) {
	f := newFixture(t, withWaitlist)
	ctx := t.Context()
	w := f.worker(t)
	var day []*booking.Booking
	for i := 0; i < 12; i++ {
		day = append(day, f.book(t, monday.Add(time.Duration(i)*15*time.Minute), "Гражданин", "bg"))
	}
	drain(t, w)

	_, token, err := f.svc.JoinWaitlist(ctx, booking.WaitRequest{Official: "kmet-sredets", Name: "Jane Doe", Email: "jane@example.org",
		Topic: "Street lighting on Shipka St", Language: "en", From: "2026-01-12", To: "2026-01-12"})
	must(t, err)
	joined := f.sent(t, w)
	if len(joined) != 1 || !slices.Equal(joined[0].to, []string{"jane@example.org"}) {
		t.Fatalf("letters on joining: %+v", joined)
	}
	p := parse(t, joined[0].data)
	if !strings.Contains(p.subject, "waiting list") || p.method != "" {
		t.Fatalf("joined letter: subject %q, calendar %q", p.subject, p.method)
	}
	if !strings.Contains(p.parts["text/plain"], "https://priemna.example/waitlist/"+token) ||
		!strings.Contains(p.parts["text/html"], "https://priemna.example/waitlist/"+token) {
		t.Fatalf("joined letter has no link to the place in the list:\n%s", p.parts["text/plain"])
	}

	f.cancel(t, day[3])
	var offer *parsed
	for _, m := range f.sent(t, w) {
		if slices.Equal(m.to, []string{"jane@example.org"}) {
			got := parse(t, m.data)
			offer = &got
		}
	}
	if offer == nil || !strings.Contains(offer.subject, "A slot is free") || offer.method != "" {
		t.Fatalf("offer letter = %+v", offer)
	}
	link := regexp.MustCompile(`https://priemna\.example/waitlist/offers/([A-Za-z0-9_-]+)`).FindStringSubmatch(offer.parts["text/plain"])
	if link == nil {
		t.Fatalf("no one-time link in:\n%s", offer.parts["text/plain"])
	}
	code := link[1]
	if !strings.Contains(offer.parts["text/plain"], "11:00") { // held two hours from 09:00
		t.Errorf("the offer letter does not say until when the seat is held:\n%s", offer.parts["text/plain"])
	}
	sum := sha256.Sum256([]byte(code))
	var stored, inOutbox int
	if err := readOne(f, `SELECT COUNT(*) FROM waitlist_offers WHERE code_hash = ?`, hex.EncodeToString(sum[:]), &stored); err != nil || stored != 1 {
		t.Fatalf("hash of the code stored %d times (%v), want once", stored, err)
	}
	if err := readOne(f, `SELECT COUNT(*) FROM outbox WHERE pass = ?`, code, &inOutbox); err != nil || inOutbox != 0 {
		t.Fatalf("the code itself is still stored (%d, %v)", inOutbox, err)
	}

	b, err := f.svc.TakeOffer(ctx, code)
	must(t, err)
	if _, err := f.svc.TakeOffer(ctx, code); booking.ErrorCode(err) != booking.ENOTFOUND {
		t.Fatalf("the link worked twice: %v", err)
	}
	drain(t, w)
	all := f.sink.Messages()
	last := parse(t, all[len(all)-1].data)
	if !slices.Equal(all[len(all)-1].to, []string{"jane@example.org"}) || last.method != "REQUEST" ||
		!strings.Contains(last.parts["text/plain"], b.Reference) {
		t.Fatalf("after taking the seat: %q to %v, method %q", last.subject, all[len(all)-1].to, last.method)
	}
	// The invitation carries the reference, and only it, as a QR code.
	img, err := png.Decode(bytes.NewReader(last.qr))
	if err != nil {
		t.Fatalf("QR attachment: %v", err)
	}
	if got, err := qr.Decode(img); err != nil || got != b.Reference {
		t.Fatalf("the QR code reads %q (%v), want %s", got, err, b.Reference)
	}
}

// readOne reads one number straight from the database file.
func readOne(f *fixture, query string, arg any, dst *int) error {
	conn, err := sql.Open("sqlite3", f.db.Path+"?mode=ro")
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.QueryRow(query, arg).Scan(dst)
}
