package notify

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/priemna/priemna/booking"
)

// load gathers what a message is rendered from, and decides whether it is
// still worth sending: a reminder only while the booking stands at the
// slot it was written for, a feedback request only after a visit.
func (w *Worker) load(ctx context.Context, m booking.Message, lk *lookups) (in Input, skip bool, err error) {
	in.Message = m
	switch {
	case m.ComplaintID != 0:
		return w.loadComplaint(ctx, in)
	case m.UserID != 0:
		return w.loadStaffLetter(ctx, in)
	case m.BookingID == 0:
		return w.loadWaitEntry(ctx, in, lk)
	}
	if in.Booking, err = w.Store.BookingByID(ctx, m.BookingID); err != nil {
		return in, false, err
	}
	b := in.Booking
	switch m.Kind {
	case booking.MessageReminder:
		if !b.Status.Allows(booking.ActRemind) || !b.Start.Equal(m.SlotStart) {
			return in, true, nil
		}
	case booking.MessageHold, booking.MessageOffer:
		// Confirmed, taken or released meanwhile: the link would only disappoint.
		if !b.Status.Allows(booking.ActConfirm) || !w.Now().Before(b.HeldUntil) {
			return in, true, nil
		}
	case booking.MessageFeedback:
		if !b.Status.Attended() {
			return in, true, nil
		}
	}
	if w.PerRecipientDaily > 0 && slices.Contains(limitedKinds, m.Kind) {
		n, err := w.Store.LettersSent(ctx, b.Email, limitedKinds, w.Now().Add(-24*time.Hour))
		if err != nil {
			return in, false, err
		}
		if n >= w.PerRecipientDaily {
			w.Log.Warn("letter skipped: the address had its daily letters", "id", m.ID, "kind", m.Kind)
			return in, true, nil
		}
	}
	if in.Official, err = lk.official(ctx, b.OfficialID); err != nil {
		return in, false, err
	}
	if in.Unit, err = lk.unit(ctx, in.Official.UnitID); err != nil {
		return in, false, err
	}
	// The room is the schedule's the booking was made for, even after the
	// day was handed over to a deputy.
	if in.Schedule, err = lk.schedule(ctx, b.ScheduleID); err != nil && booking.ErrorCode(err) != booking.ENOTFOUND {
		return in, false, err
	}
	if m.Kind == booking.MessageLinks {
		if in.Linked, err = w.loadLinked(ctx, m, lk); err != nil {
			return in, false, err
		}
		if len(in.Linked) == 0 { // all of them cancelled or begun meanwhile
			return in, true, nil
		}
	}
	return in, false, nil
}

// loadLinked gathers the bookings a links letter carries that are still
// coming when it goes out.
func (w *Worker) loadLinked(ctx context.Context, m booking.Message, lk *lookups) ([]Linked, error) {
	var out []Linked
	for _, id := range booking.LinkedBookings(m.Note) {
		b, err := w.Store.BookingByID(ctx, id)
		if booking.ErrorCode(err) == booking.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		if !b.Status.HoldsSeat() || !b.Start.After(w.Now()) {
			continue
		}
		o, err := lk.official(ctx, b.OfficialID)
		if err != nil {
			return nil, err
		}
		out = append(out, Linked{Booking: b, Official: o})
	}
	return out, nil
}

// loadStaffLetter gathers a letter to a staff member about their account.
func (w *Worker) loadStaffLetter(ctx context.Context, in Input) (Input, bool, error) {
	u, err := w.Store.UserByID(ctx, in.Message.UserID)
	if err != nil {
		return in, false, err
	}
	// The letter goes to the staff member as to a citizen; staff read Bulgarian first.
	in.Booking = &booking.Booking{Name: u.Name, Email: u.Email, Language: "bg"}
	return in, false, nil
}

// loadWaitEntry gathers a letter about a waiting-list entry, worth
// sending only while the citizen still waits.
func (w *Worker) loadWaitEntry(ctx context.Context, in Input, lk *lookups) (Input, bool, error) {
	e, err := w.Store.WaitEntryByID(ctx, in.Message.WaitlistID)
	if err != nil {
		return in, false, err
	}
	in.Entry = e
	// The letter goes to the entry's citizen as to a booking's.
	in.Booking = &booking.Booking{OfficialID: e.OfficialID, Name: e.Name, Email: e.Email, Language: e.Language}
	if e.Status != booking.WaitWaiting || e.Email == "" {
		return in, true, nil
	}
	if in.Official, err = lk.official(ctx, e.OfficialID); err != nil {
		return in, false, err
	}
	in.Unit, err = lk.unit(ctx, in.Official.UnitID)
	return in, false, err
}

// loadComplaint gathers a letter about a complaint; one whose details were
// erased has nobody to go to.
func (w *Worker) loadComplaint(ctx context.Context, in Input) (Input, bool, error) {
	c, err := w.Store.Complaint(ctx, in.Message.ComplaintID)
	if err != nil {
		return in, false, err
	}
	in.Complaint = c
	in.Booking = &booking.Booking{Email: c.Email, Language: c.Language}
	return in, c.Email == "", nil
}

// Run delivers the outbox until ctx ends: a batch whenever wake fires or
// poll passes, and batch after batch while there is work. A batch's record
// is written while the next batch is claimed, so that the two writes share
// a group commit of the one writer instead of waiting for one each; at
// most one record is under way, and Run returns after it.
func (w *Worker) Run(ctx context.Context, poll time.Duration, wake <-chan struct{}) {
	w.defaults()
	var recording chan struct{} // the last batch's record, under way
	wait := func() {
		if recording != nil {
			<-recording
			recording = nil
		}
	}
	defer func() {
		wait()
		for _, m := range w.lanes() {
			m.Close()
		}
	}()
	for {
		// A claim made while the last batch's record is under way may
		// still see those letters as being sent, and so hold back a
		// booking's next letter (one letter per booking a batch); such a
		// claim is followed by another before Run sleeps.
		overlapped := recording != nil
		finished, err := w.sendBatch(ctx)
		wait()
		if len(finished) > 0 {
			done := make(chan struct{})
			go func() {
				defer close(done)
				w.record(ctx, finished) // a failure is logged; the letters go again after the lease
			}()
			recording = done
		}
		if errors.Is(err, context.Canceled) || ctx.Err() != nil {
			return
		}
		if err != nil {
			w.Log.Error("outbox", "err", err)
		}
		if len(finished) > 0 || overlapped {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-time.After(poll):
		}
	}
}
