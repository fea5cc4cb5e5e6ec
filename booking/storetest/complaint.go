package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// staffUser adds a staff member of the role, for the officials given, and
// returns them as signed in.
func (f *Fixture) staffUser(t testing.TB, email string, role booking.Role, officials ...int64) *booking.User {
	t.Helper()
	u := &booking.User{Email: email, Name: "Служител " + email, Role: role, PasswordHash: "x", OfficialIDs: officials, CreatedAt: f.Clock.Now()}
	if err := f.full(t).CreateUser(f.Ctx, u, nil); err != nil {
		t.Fatal(err)
	}
	return u
}

func testComplaintRegister(t *testing.T, f *Fixture) {
	f.With(func(st *booking.Stores) { st.Complaints = f.full(t) })
	b := f.Book(t, sofia(2026, 1, 12, 14, 0))

	_, err := f.Svc.FileComplaint(f.Ctx, booking.ComplaintRequest{Text: "кратко", Email: "не е имейл", BookingToken: "x"})
	WantCode(t, err, booking.EINVALID)
	if be := err.(*booking.Error); be.Fields["text"].In("en") == "" || be.Fields["email"].In("en") == "" || be.Fields["booking"].In("en") == "" {
		t.Fatalf("fields = %v", be.Fields)
	}
	loose, err := f.Svc.FileComplaint(f.Ctx, booking.ComplaintRequest{Text: "Чаках пред стаята 40 минути без обяснение.", Email: "Ivan@Example.bg"})
	if err != nil {
		t.Fatal(err)
	}
	if loose.Number != "2026-00001" || !loose.DueAt.Equal(f.Clock.Now().Add(30*24*time.Hour).UTC()) || loose.Email != "ivan@example.bg" {
		t.Fatalf("filed %+v", loose)
	}
	f.Clock.Set(f.Clock.Now().Add(24 * time.Hour))
	tied, err := f.Svc.FileComplaint(f.Ctx, booking.ComplaintRequest{Text: "Служителят на гишето беше груб с мен.", Email: "maria@example.bg",
		Language: "en", BookingToken: b.Token})
	if err != nil {
		t.Fatal(err)
	}
	if tied.Number != "2026-00002" || tied.Reference != b.Reference || tied.OfficialID != f.Official.ID {
		t.Fatalf("tied %+v", tied)
	}

	admin := f.staffUser(t, "admin@example.bg", booking.RoleAdmin)
	mine := f.staffUser(t, "mine@example.bg", booking.RoleAssistant, f.Official.ID)
	other := f.staffUser(t, "other@example.bg", booking.RoleAssistant)
	all, err := f.Svc.Register(f.Ctx, admin)
	if err != nil || len(all) != 2 || all[0].ID != loose.ID {
		t.Fatalf("admin register = %+v, %v (by due date)", all, err)
	}
	if list, _ := f.Svc.Register(f.Ctx, mine); len(list) != 1 || list[0].ID != tied.ID {
		t.Fatalf("assistant register = %+v, want only the complaint about her official", list)
	}
	if list, _ := f.Svc.Register(f.Ctx, other); len(list) != 0 {
		t.Fatalf("another assistant sees %+v", list)
	}
	if _, err := f.Svc.AnswerComplaint(f.Ctx, loose.ID, "Извиняваме се за забавянето.", mine); booking.ErrorCode(err) != booking.EFORBIDDEN {
		t.Fatalf("an assistant answered a complaint not about her officials: %v", err)
	}

	// Overdue after 30 days, answered late, then on time.
	f.Clock.Set(f.Clock.Now().Add(30 * 24 * time.Hour))
	if !loose.Overdue(f.Clock.Now()) || tied.Overdue(f.Clock.Now()) {
		t.Fatal("overdue marks wrong")
	}
	_, err = f.Svc.AnswerComplaint(f.Ctx, loose.ID, "кратко", admin)
	WantCode(t, err, booking.EINVALID)
	got, err := f.Svc.AnswerComplaint(f.Ctx, loose.ID, "Извиняваме се за забавянето; приемната вече има втори служител.", admin)
	if err != nil || got.AnsweredName != admin.Name || got.AnsweredBy != admin.ID {
		t.Fatalf("answer = %+v, %v", got, err)
	}
	_, err = f.Svc.AnswerComplaint(f.Ctx, loose.ID, "Втори отговор на същия сигнал.", admin)
	WantCode(t, err, booking.ECONFLICT)
	if _, err := f.Svc.AnswerComplaint(f.Ctx, tied.ID, "Говорихме със служителя; приемете извиненията ни.", mine); err != nil {
		t.Fatal(err)
	}
	months, err := f.Svc.ComplaintStats(f.Ctx, calendar.Date{Year: 2026, Month: 1, Day: 1}, calendar.Date{Year: 2026, Month: 2, Day: 28})
	if err != nil || len(months) != 1 || months[0] != (booking.ComplaintMonth{Month: "2026-01", Received: 2, InTime: 1}) {
		t.Fatalf("open data = %+v, %v", months, err)
	}

	// Retention erases the words and keeps the figures.
	if n, _ := f.Svc.ApplyComplaintRetention(f.Ctx, 24*time.Hour); n != 0 {
		t.Fatalf("erased %d before the retention period", n)
	}
	f.Clock.Set(f.Clock.Now().Add(25 * time.Hour))
	if n, err := f.Svc.ApplyComplaintRetention(f.Ctx, 24*time.Hour); err != nil || n != 2 {
		t.Fatalf("retention = %d, %v", n, err)
	}
	c, _ := f.full(t).Complaint(f.Ctx, loose.ID)
	if c.Text != "" || c.Email != "" || c.Answer != "" || c.Number != "2026-00001" || c.AnsweredName == "" {
		t.Fatalf("after retention %+v", c)
	}
	if again, _ := f.Svc.ComplaintStats(f.Ctx, calendar.Date{Year: 2026, Month: 1, Day: 1}, calendar.Date{Year: 2026, Month: 2, Day: 28}); len(again) != 1 || again[0] != months[0] {
		t.Fatalf("figures changed: %+v", again)
	}
}

// Complaints filed at once get distinct, consecutive numbers.
func testComplaintNumbersUnderConcurrency(t *testing.T, f *Fixture) {
	f.With(func(st *booking.Stores) { st.Complaints = f.full(t) })
	var wg sync.WaitGroup
	numbers := make(chan string, 20)
	for range 20 {
		wg.Go(func() {
			c, err := f.Svc.FileComplaint(f.Ctx, booking.ComplaintRequest{Text: "Никой не вдигна телефона цял ден.", Email: "a@example.bg"})
			if err != nil {
				t.Error(err)
				return
			}
			numbers <- c.Number
		})
	}
	wg.Wait()
	close(numbers)
	seen := map[string]bool{}
	for n := range numbers {
		seen[n] = true
	}
	for i := 1; i <= 20; i++ {
		if n := fmt.Sprintf("2026-%05d", i); !seen[n] {
			t.Fatalf("missing %s in %v", n, seen)
		}
	}
}

// Erasure on request keeps the register's number and the figures.
func testEraseComplaint(t *testing.T, f *Fixture) {
	f.With(func(st *booking.Stores) { st.Complaints = f.full(t) })
	c, err := f.Svc.FileComplaint(f.Ctx, booking.ComplaintRequest{Text: "Чаках пред стаята 40 минути без обяснение.", Email: "ivan@example.bg"})
	if err != nil {
		t.Fatal(err)
	}
	other := f.staffUser(t, "other@example.bg", booking.RoleAssistant)
	if err := f.Svc.EraseComplaint(f.Ctx, other, c.ID); booking.ErrorCode(err) != booking.EFORBIDDEN {
		t.Fatalf("an assistant erased a complaint not about her officials: %v", err)
	}
	admin := f.staffUser(t, "admin@example.bg", booking.RoleAdmin)
	if err := f.Svc.EraseComplaint(f.Ctx, admin, c.ID); err != nil {
		t.Fatal(err)
	}
	got, _ := f.full(t).Complaint(f.Ctx, c.ID)
	if got.Text != "" || got.Email != "" || got.Number != c.Number {
		t.Fatalf("after erasure %+v", got)
	}
	months, _ := f.Svc.ComplaintStats(f.Ctx, calendar.Date{Year: 2026, Month: 1, Day: 1}, calendar.Date{Year: 2026, Month: 1, Day: 1})
	if len(months) != 1 || months[0].Received != 1 {
		t.Fatalf("figures = %+v", months)
	}
	if log, _ := f.full(t).AuditLog(f.Ctx, 1); len(log) != 1 || log[0].Action != "complaint.erase" || log[0].Object != c.Number {
		t.Fatalf("audit = %+v", log)
	}
}
