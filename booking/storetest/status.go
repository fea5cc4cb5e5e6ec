package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
)

// EveryStatusAndAction puts a booking in each status and tries each
// action through the service on the real store: it succeeds exactly where
// the status table allows it. (Reminders are the mail worker's, tested in
// notify.)
func testEveryStatusAndAction(t *testing.T, h Harness) {
	start := monday.Add(30 * time.Minute)
	for _, st := range booking.Statuses {
		for _, a := range booking.Actions {
			if a == booking.ActRemind {
				continue
			}
			t.Run(string(st)+"/"+string(a), func(t *testing.T) {
				f := holdFixture(t, h)
				b := f.Book(t, start)
				code := f.intents(t, b.ID)[0].Pass
				f.force(t, b, st)

				if slices.Contains([]booking.Action{booking.ActArrive, booking.ActNoShow, booking.ActReceive, booking.ActUndo}, a) {
					f.Clock.Set(start.Add(5 * time.Minute)) // at the desk, five minutes into the meeting
				}
				var err error
				switch a {
				case booking.ActCancel:
					_, err = f.Svc.Cancel(f.Ctx, b.Token)
				case booking.ActMove:
					_, err = f.Svc.Reschedule(f.Ctx, b.Token, start.Add(time.Hour).Format(time.RFC3339))
				case booking.ActConfirm:
					_, err = f.Svc.ConfirmHold(f.Ctx, code)
				case booking.ActRelease:
					f.Clock.Set(b.HeldUntil.Add(time.Minute))
					var n int
					n, err = f.Svc.ReleaseHolds(f.Ctx)
					if err == nil && n == 0 {
						err = &booking.Error{Code: booking.ECONFLICT} // nothing released
					}
				case booking.ActCloseDay:
					var cancelled []booking.Booking
					_, cancelled, err = f.Svc.CloseDay(f.Ctx, booking.CommandLine, f.Official.ID, "2026-01-12", "Болест")
					if err == nil && len(cancelled) == 0 {
						err = &booking.Error{Code: booking.ECONFLICT} // nothing cancelled
					}
				case booking.ActArrive:
					_, err = f.Svc.RecordArrival(f.Ctx, booking.CommandLine, b.Reference, time.Time{})
				case booking.ActNoShow:
					_, err = f.Svc.MarkNoShow(f.Ctx, booking.CommandLine, b.Reference)
				case booking.ActReceive:
					_, err = f.Svc.RecordReceived(f.Ctx, booking.CommandLine, b.Reference, time.Time{})
				case booking.ActUndo:
					_, err = f.Svc.UndoStatus(f.Ctx, booking.CommandLine, b.Reference)
				default:
					t.Fatalf("no test for %s", a)
				}
				if allowed := st.Allows(a); allowed != (err == nil) {
					t.Fatalf("%s on a %s booking: err = %v, the table allows it: %v", a, st, err, allowed)
				}
				if err != nil && booking.ErrorCode(err) != booking.ECONFLICT && booking.ErrorCode(err) != booking.ENOTFOUND {
					t.Errorf("refused with %q: %v", booking.ErrorCode(err), err)
				}
			})
		}
	}
}

// force stores st as the booking's status, as its life would have left it.
func (f *Fixture) force(t *testing.T, b *booking.Booking, st booking.Status) {
	t.Helper()
	from := b.Status
	b.Status = st
	if st.Attended() {
		b.ArrivedAt = b.Start
	}
	if st == booking.StatusCompleted {
		b.ReceivedAt = b.Start.Add(time.Minute)
	}
	if st != booking.StatusPending {
		b.HeldUntil = time.Time{}
	}
	if err := f.DB.UpdateStatus(f.Ctx, b, []booking.Status{from}, nil, nil); err != nil {
		t.Fatal(err)
	}
}
