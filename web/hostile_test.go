package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/priemna/priemna/booking"
)

// TestHostileInput books with script and SQL in every text field: pages
// show it escaped, the store keeps it as text.
func TestHostileInput(t *testing.T) {
	e := newEnv(t)
	e.noRedirects()
	const script = `<script>alert("x")</script>`
	const sqlText = `'; DROP TABLE bookings; --`
	_, body, _ := e.get(t, "/officials/kmet-sredets/book?start=2026-01-12T14:15:00%2B02:00")
	form := hiddenFields(body)
	form.Set("name", "Иван "+script)
	form.Set("email", "ivan@example.bg")
	form.Set("phone", "")
	form.Set("topic", sqlText+" "+script)
	form.Set("note", script)
	form["needs"] = []string{"other"}
	form.Set("consent", "yes")
	_, body, _ = e.postForm(t, "/officials/kmet-sredets/book", form)
	if strings.Contains(body, script) {
		t.Error("the check page shows the script unescaped")
	}
	confirm := hiddenFields(body[:strings.Index(body, "</form>")])
	status, _, h := e.postForm(t, "/officials/kmet-sredets/book/confirm", confirm)
	if status != http.StatusSeeOther {
		t.Fatalf("confirm: %d", status)
	}
	token := strings.TrimSuffix(strings.TrimPrefix(h.Get("Location"), "/bookings/"), "/confirmation")
	b, err := e.svc.Booking(t.Context(), token)
	must(t, err)
	if b.Name != "Иван "+script || b.Topic != sqlText+" "+script || b.Accessibility.Note != script {
		t.Errorf("not stored as text: %+v", b)
	}
	for _, path := range []string{"/bookings/" + token, "/bookings/" + token + "/confirmation"} {
		_, body, _ := e.get(t, path)
		if strings.Contains(body, script) || !strings.Contains(body, "&lt;script&gt;") {
			t.Errorf("%s does not escape the script", path)
		}
	}
	e.signedIn(t, "own@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")
	_, body, _ = e.get(t, "/staff/officials/kmet-sredets/day?date=2026-01-12")
	if strings.Contains(body, script) || !strings.Contains(body, "DROP TABLE") {
		t.Error("the day sheet does not show the hostile text escaped")
	}
	if n, _ := e.db.Stats(t.Context()); n["bookings"] != 2 {
		t.Errorf("bookings: %d", n["bookings"])
	}
}
