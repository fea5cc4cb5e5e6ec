package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
)

func testWaitlistOfferChain(t *testing.T, h Harness) {
	f, filled := waitingFixture(t, h)

	a, tokenA := f.join(t, "a@example.bg")
	b, _ := f.join(t, "b@example.bg")
	c, _ := f.join(t, "c@example.bg", time.Tuesday) // never matches a Monday
	if a.Place != 1 || b.Place != 2 || c.Place != 3 {
		t.Fatalf("places = %d, %d, %d; want 1, 2, 3", a.Place, b.Place, c.Place)
	}
	_, _, err := f.Svc.JoinWaitlist(f.Ctx, f.waitRequest("a@example.bg"))
	WantCode(t, err, booking.ECONFLICT) // one entry per citizen per official
	_, _, err = f.Svc.JoinWaitlist(f.Ctx, f.waitRequest("A+again@Example.bg"))
	WantCode(t, err, booking.ECONFLICT) // the same citizen, by the canonical email the caps use
	free := f.waitRequest("d@example.bg")
	free.To = "2026-01-19" // a Monday with free slots
	_, _, err = f.Svc.JoinWaitlist(f.Ctx, free)
	WantCode(t, err, booking.ECONFLICT)

	// A cancellation offers the seat to the first in line, and holds it.
	at14 := sofia(2026, 1, 12, 14, 0)
	if _, err := f.Svc.Cancel(f.Ctx, filled[0].Token); err != nil {
		t.Fatal(err)
	}
	codes := f.offerCodes(t)
	if len(codes) != 1 || codes["a@example.bg"] == "" {
		t.Fatalf("open offers = %v, want one to a@", codes)
	}
	held := f.activeAt(t, at14)
	if len(held) != 1 || held[0].Email != "a@example.bg" || held[0].Status != booking.StatusPending ||
		!held[0].HeldUntil.Equal(f.Clock.Now().Add(booking.DefaultOfferHold).UTC()) {
		t.Fatalf("seat at 14:00 = %+v, want held for a@ for two hours", held)
	}
	_, _, err = f.Svc.Book(f.Ctx, f.Request(at14))
	WantCode(t, err, booking.ESLOTFULL) // the offer holds the seat
	if e, _ := f.Svc.WaitEntry(f.Ctx, tokenA); e.OfferFrom.IsZero() || !e.OfferFrom.Equal(at14.UTC()) {
		t.Fatalf("a@'s entry shows offer %v, want %v", e.OfferFrom, at14)
	}

	// Declined: the next in line gets it; A stays on the list.
	if err := f.Svc.DeclineOffer(f.Ctx, codes["a@example.bg"]); err != nil {
		t.Fatal(err)
	}
	if err := f.Svc.DeclineOffer(f.Ctx, codes["a@example.bg"]); booking.ErrorCode(err) != booking.ENOTFOUND {
		t.Fatalf("second decline: %v, want not found (one-time link)", err)
	}
	codes = f.offerCodes(t)
	if len(codes) != 1 || codes["b@example.bg"] == "" {
		t.Fatalf("open offers after decline = %v, want one to b@", codes)
	}
	if e, _ := f.Svc.WaitEntry(f.Ctx, tokenA); e.Status != booking.WaitWaiting || e.Place != 1 {
		t.Fatalf("a@ after declining: %+v, want still first in line", e)
	}

	// Unanswered: it lapses, B leaves the list, and nobody else matches
	// (A declined this slot, C wants Tuesdays), so the seat reopens.
	f.Clock.Set(f.Clock.Now().Add(booking.DefaultOfferHold + time.Second))
	if n, err := f.Svc.ReleaseHolds(f.Ctx); err != nil || n != 1 {
		t.Fatalf("ReleaseHolds = %d, %v; want 1", n, err)
	}
	if got, _ := f.full(t).WaitEntryByID(f.Ctx, b.ID); got.Status != booking.WaitLapsed {
		t.Fatalf("b@ after the lapse: %s, want lapsed", got.Status)
	}
	if codes = f.offerCodes(t); len(codes) != 0 {
		t.Fatalf("open offers after the lapse = %v, want none", codes)
	}
	if len(f.activeAt(t, at14)) != 0 {
		t.Fatal("the seat nobody could take is still held")
	}

	// Another seat frees: A is offered it and takes it in one click.
	if _, err := f.Svc.Cancel(f.Ctx, filled[1].Token); err != nil {
		t.Fatal(err)
	}
	codes = f.offerCodes(t)
	if len(codes) != 1 || codes["a@example.bg"] == "" {
		t.Fatalf("open offers = %v, want one to a@", codes)
	}
	got, err := f.Svc.TakeOffer(f.Ctx, codes["a@example.bg"])
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != booking.StatusConfirmed || got.Email != "a@example.bg" || !got.Start.Equal(filled[1].Start) {
		t.Fatalf("taken = %+v", got)
	}
	if _, err := f.Svc.TakeOffer(f.Ctx, codes["a@example.bg"]); booking.ErrorCode(err) != booking.ENOTFOUND {
		t.Fatalf("second take: %v, want not found", err)
	}
	kinds := map[booking.MessageKind]int{}
	for _, m := range f.intents(t, got.ID) {
		kinds[m.Kind]++
	}
	if kinds[booking.MessageOffer] != 1 || kinds[booking.MessageConfirmation] != 1 {
		t.Fatalf("letters of the taken seat = %v, want the offer and the confirmation", kinds)
	}
	if _, err := f.Svc.WaitEntry(f.Ctx, tokenA); booking.ErrorCode(err) != booking.ENOTFOUND {
		t.Fatalf("a@'s link after booking: %v, want not found", err)
	}
	if e, _ := f.full(t).WaitEntryByID(f.Ctx, a.ID); e.Status != booking.WaitBooked || e.BookingID != got.ID {
		t.Fatalf("a@'s entry = %+v, want booked with %d", e, got.ID)
	}
	if e, _ := f.full(t).WaitEntryByID(f.Ctx, c.ID); e.Place != 1 {
		t.Fatalf("c@'s place = %d, want 1 now", e.Place)
	}
}

func testOfferLapsesByTheBookingCutOff(t *testing.T, h Harness) {
	f, filled := waitingFixture(t, h)
	f.join(t, "a@example.bg")
	f.join(t, "b@example.bg")

	// 11:00: booking for 14:30 closes at 12:30, before the two hours end.
	f.Clock.Set(sofia(2026, 1, 12, 11, 0))
	if _, err := f.Svc.Cancel(f.Ctx, filled[2].Token); err != nil {
		t.Fatal(err)
	}
	held := f.activeAt(t, filled[2].Start)
	if len(held) != 1 || !held[0].HeldUntil.Equal(sofia(2026, 1, 12, 12, 30).UTC()) {
		t.Fatalf("held = %+v, want until the cut-off 12:30", held)
	}
	// 12:00: the 14:00 slot has closed (12:00 cut-off) and the 14:15 one
	// closes in less than MinOfferWindow: no offers for them.
	f.Clock.Set(sofia(2026, 1, 12, 12, 5))
	for _, b := range filled[:2] {
		if _, err := f.Svc.Cancel(f.Ctx, b.Token); err != nil {
			t.Fatal(err)
		}
		if n := len(f.activeAt(t, b.Start)); n != 0 {
			t.Fatalf("slot %s offered although it cannot be answered in time", b.Start)
		}
	}
	if codes := f.offerCodes(t); len(codes) != 1 {
		t.Fatalf("open offers = %v, want only the first", codes)
	}
}

// Two seats freeing at the same moment go to two different citizens, and
// nobody ever holds two offers.
func testTwoSeatsFreeingAtOnceGoToTwoCitizens(t *testing.T, h Harness) {
	for round := 0; round < 5; round++ {
		f, filled := waitingFixture(t, h)
		f.join(t, "a@example.bg")
		f.join(t, "b@example.bg")
		f.join(t, "c@example.bg")
		var wg sync.WaitGroup
		start := make(chan struct{})
		for _, b := range filled[:2] {
			wg.Go(func() {
				<-start
				if _, err := f.Svc.Cancel(f.Ctx, b.Token); err != nil {
					t.Error(err)
				}
			})
		}
		close(start)
		wg.Wait()
		codes := f.offerCodes(t)
		if len(codes) != 2 || codes["a@example.bg"] == "" || codes["b@example.bg"] == "" {
			t.Fatalf("round %d: open offers = %v, want one each to a@ and b@ (first come, first offered)", round, codes)
		}
	}
}

// An offer and a public booking racing for one freed seat never both win.
func testOfferAndPublicBookingRaceForOneSeat(t *testing.T, h Harness) {
	f, filled := waitingFixture(t, h)
	for i := 0; i < 12; i++ {
		f.join(t, fmt.Sprintf("w%d@example.bg", i))
	}
	publicWins, offers := 0, 0
	for _, b := range filled {
		var wg sync.WaitGroup
		start := make(chan struct{})
		var bookErr error
		wg.Go(func() {
			<-start
			if _, err := f.Svc.Cancel(f.Ctx, b.Token); err != nil {
				t.Error(err)
			}
		})
		wg.Go(func() {
			<-start
			req := f.Request(b.Start)
			req.Email = "public@example.bg"
			// Keep trying until the seat has been freed: then either this
			// booking or an offer takes it.
			for {
				freed := f.cancelled(t, b.ID)
				_, _, bookErr = f.Svc.Book(f.Ctx, req)
				if bookErr == nil || (booking.ErrorCode(bookErr) == booking.ESLOTFULL && freed) {
					return
				}
				if booking.ErrorCode(bookErr) != booking.ESLOTFULL {
					t.Error(bookErr)
					return
				}
			}
		})
		close(start)
		wg.Wait()
		active := f.activeAt(t, b.Start)
		if len(active) != 1 {
			t.Fatalf("slot %s has %d active bookings, want exactly 1: %+v", b.Start, len(active), active)
		}
		switch {
		case bookErr == nil && active[0].Email == "public@example.bg":
			publicWins++
		case booking.ErrorCode(bookErr) == booking.ESLOTFULL && active[0].Status == booking.StatusPending:
			offers++
		default:
			t.Fatalf("slot %s: booking error %v with %+v holding the seat", b.Start, bookErr, active[0])
		}
	}
	t.Logf("of 12 races, %d went to the public booking and %d to offers", publicWins, offers)
}

// A reception day closed while a seat on it is offered withdraws the
// offer; the citizen keeps waiting and can be offered another seat.
func testClosedDayWithdrawsItsOffers(t *testing.T, h Harness) {
	f, filled := waitingFixture(t, h)
	a, _ := f.join(t, "a@example.bg")
	if _, err := f.Svc.Cancel(f.Ctx, filled[0].Token); err != nil {
		t.Fatal(err)
	}
	code := f.offerCodes(t)["a@example.bg"]
	if code == "" {
		t.Fatal("no offer")
	}
	if _, _, err := f.Svc.CloseDay(f.Ctx, booking.CommandLine, f.Official.ID, "2026-01-12", "Кметът е в командировка"); err != nil {
		t.Fatal(err)
	}
	if codes := f.offerCodes(t); len(codes) != 0 {
		t.Fatalf("open offers after the day closed: %v", codes)
	}
	if _, err := f.Svc.TakeOffer(f.Ctx, code); booking.ErrorCode(err) != booking.ENOTFOUND {
		t.Fatalf("took a seat on a closed day: %v", err)
	}
	e, err := f.full(t).WaitEntryByID(f.Ctx, a.ID)
	if err != nil || e.Status != booking.WaitWaiting || !e.OfferFrom.IsZero() {
		t.Fatalf("entry after the closure = %+v, %v; want waiting without an offer", e, err)
	}
}
