package web

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
)

// TestStatistics counts a late arrival, a no-show, a cancellation and a
// rating, and finds them on the staff page, the open-data page and JSON.
func TestStatistics(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	book := func(start, email string) *booking.Booking {
		b, _, err := e.svc.Book(ctx, booking.BookRequest{Official: "kmet-sredets", Start: start, Name: "Гражданин Петров",
			Email: email, Topic: "Ремонт на улица"})
		must(t, err)
		return b
	}
	absent := book("2026-01-12T14:15:00+02:00", "absent@example.bg")
	cancelled := book("2026-01-12T14:30:00+02:00", "c@example.bg")
	_, err := e.svc.Cancel(ctx, cancelled.Token)
	must(t, err)
	e.clock.Set(e.b.Start.Add(15 * time.Minute))
	_, err = e.svc.RecordArrival(ctx, booking.CommandLine, e.b.Reference, e.b.Start.Add(12*time.Minute)) // late
	must(t, err)
	e.clock.Set(absent.End.Add(11 * time.Minute))
	if n, err := e.svc.SweepNoShows(ctx); err != nil || n != 1 {
		t.Fatalf("sweep: %d %v", n, err)
	}
	_, err = e.svc.GiveFeedback(ctx, e.b.Token, 4, "")
	must(t, err)

	status, body, _ := e.get(t, "/api/v1/statistics?official=kmet-sredets")
	if status != 200 {
		t.Fatal(status)
	}
	var months []struct {
		Month                               string
		Bookings, Cancelled, Attended, Late int
		NoShows                             int     `json:"no_shows"`
		NoShowPercent                       float64 `json:"no_show_percent"`
		AverageRating                       float64 `json:"average_rating"`
	}
	must(t, json.Unmarshal([]byte(body), &months))
	if len(months) != 12 || months[11].Month != "2026-01" {
		t.Fatalf("months: %+v", months)
	}
	jan := months[11]
	if jan.Bookings != 3 || jan.Cancelled != 1 || jan.Attended != 1 || jan.Late != 1 || jan.NoShows != 1 || jan.NoShowPercent != 50 || jan.AverageRating != 4 {
		t.Errorf("January: %+v", jan)
	}

	status, body, _ = e.get(t, "/statistics")
	if status != 200 || strings.Contains(body, "Петров") || strings.Contains(body, "absent@") || !strings.Contains(body, "<svg") {
		t.Errorf("open-data page: %d", status)
	}
	checkAccessible(t, body, "bg")

	e.signedIn(t, "own@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")
	status, body, _ = e.get(t, "/staff/officials/kmet-sredets/stats")
	if status != 200 || !strings.Contains(body, "<th scope=\"row\">2026-01</th><td>3</td><td>1</td><td>1</td><td>1</td><td>1</td><td>50 %</td><td>4.0 (1)</td>") {
		t.Errorf("staff statistics: %d\n%s", status, body)
	}
}
