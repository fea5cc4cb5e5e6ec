package storetest

import (
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
)

// Staff operations check in the domain that their actor manages the
// official, and write the audit entry in the transaction of the change: a
// refused or failed action changes nothing and audits nothing.
func testStaffOperationsAreCheckedAndAuditedTogether(t *testing.T, f *Fixture) {
	b := f.Book(t, monday)
	stranger := &booking.User{Role: booking.RoleAssistant, Email: "other@sofia.example.bg", OfficialIDs: []int64{f.Official.ID + 100}}
	own := &booking.User{Role: booking.RoleAssistant, Email: "own@sofia.example.bg", OfficialIDs: []int64{f.Official.ID}}
	staffBooking := f.Request(monday.Add(15 * time.Minute))
	staffBooking.Email = "walkin@example.bg"
	attempts := map[string]func(by *booking.User) error{
		"arrival": func(by *booking.User) error {
			_, err := f.Svc.RecordArrival(f.Ctx, by, b.Reference, time.Time{})
			return err
		},
		"no-show": func(by *booking.User) error { _, err := f.Svc.MarkNoShow(f.Ctx, by, b.Reference); return err },
		"undo":    func(by *booking.User) error { _, err := f.Svc.UndoStatus(f.Ctx, by, b.Reference); return err },
		"received": func(by *booking.User) error {
			_, err := f.Svc.RecordReceived(f.Ctx, by, b.Reference, time.Time{})
			return err
		},
		"closure.create": func(by *booking.User) error {
			_, _, err := f.Svc.CloseDay(f.Ctx, by, f.Official.ID, "2026-01-19", "Командировка")
			return err
		},
		"schedule.create": func(by *booking.User) error {
			return f.Svc.CreateSchedule(f.Ctx, by, &booking.Schedule{OfficialID: f.Official.ID, Rule: "DTSTART;TZID=Europe/Sofia:20260106T090000\nRRULE:FREQ=WEEKLY;BYDAY=TU",
				DurationMinutes: 60, Capacity: 1, Location: "Зала 2"})
		},
		"booking.create": func(by *booking.User) error {
			req := staffBooking
			req.ByStaff = by
			_, _, err := f.Svc.Book(f.Ctx, req)
			return err
		},
		"booking.erase": func(by *booking.User) error { return f.Svc.Erase(f.Ctx, by, b.Reference) },
		"schedule.end": func(by *booking.User) error {
			_, err := f.Svc.EndSchedule(f.Ctx, by, f.Official.ID, f.Schedule.ID, false, "")
			return err
		},
	}
	for _, action := range []string{"schedule.create", "booking.create", "closure.create", "arrival", "received", "undo", "no-show", "booking.erase", "schedule.end"} {
		if action == "arrival" {
			f.Clock.Set(monday.Add(5 * time.Minute))
		}
		if action == "no-show" { // undone back to arrived; begin again
			if _, err := f.Svc.UndoStatus(f.Ctx, own, b.Reference); err != nil {
				t.Fatal(err)
			}
		}
		before := f.audited(t)
		err := attempts[action](stranger)
		if booking.ErrorCode(err) != booking.EFORBIDDEN || f.audited(t) != before {
			t.Errorf("%s by a stranger: %v, %d audit entries added", action, err, f.audited(t)-before)
		}
		if err := attempts[action](own); err != nil {
			t.Fatalf("%s by the official's assistant: %v", action, err)
		}
		log, err := f.full(t).AuditLog(f.Ctx, 1)
		if err != nil || len(log) != 1 || log[0].Action != action || log[0].UserEmail != own.Email || f.audited(t) != before+1 {
			t.Errorf("%s: audit %+v, %v", action, log, err)
		}
	}
	// A refused change audits nothing either: the day is already closed.
	before := f.audited(t)
	_, _, err := f.Svc.CloseDay(f.Ctx, own, f.Official.ID, "2026-01-19", "Отново")
	WantCode(t, err, booking.ECONFLICT)
	if n := f.audited(t); n != before {
		t.Errorf("a refused closure was audited (%d → %d)", before, n)
	}
}

func (f *Fixture) audited(t *testing.T) int {
	t.Helper()
	log, err := f.full(t).AuditLog(f.Ctx, 10000)
	if err != nil {
		t.Fatal(err)
	}
	return len(log)
}
