package storetest

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
)

// RetentionSweepsInBatchesWhileBooking: a retention sweep over more
// bookings than one batch erases them all, in several writes, while
// bookings made meanwhile commit and keep their data.
func testRetentionSweepsInBatchesWhileBooking(t *testing.T, h Harness) {
	if h.EraseBatch == 0 {
		t.Skip("needs the harness's EraseBatch")
	}
	f, _ := pastFixture(t, h, 100)
	past := randomPast(rand.New(rand.NewPCG(1, 2)), f, 3*h.EraseBatch+17, sofia(2025, 1, 1, 0, 0), sofia(2025, 11, 1, 0, 0))
	for i := range past {
		past[i].Booking.HeldUntil = time.Time{}
	}
	h.ImportPast(t, f.DB, past)
	var wg sync.WaitGroup
	made := make(chan *booking.Booking, 40)
	for g := range 4 {
		wg.Go(func() {
			for i := range 10 {
				req := f.Request(monday.Add(time.Duration(i%12) * 15 * time.Minute))
				req.Email = fmt.Sprintf("g%d-%d@example.bg", g, i)
				b, _, err := f.Svc.Book(f.Ctx, req)
				if err != nil {
					t.Error(err)
					return
				}
				made <- b
			}
		})
	}
	n, err := f.Svc.ApplyRetention(f.Ctx, booking.DefaultRetention)
	wg.Wait()
	close(made)
	if err != nil || n != len(past) {
		t.Fatalf("erased %d of %d: %v", n, len(past), err)
	}
	var left int
	if err := h.SQL(f.DB).QueryRow(fmt.Sprintf(`SELECT COUNT(*) FROM bookings WHERE starts_at < %d AND (anonymised_at IS NULL OR name <> '')`,
		sofia(2025, 11, 2, 0, 0).Unix())).Scan(&left); err != nil || left != 0 {
		t.Fatalf("%d past bookings keep personal data (%v)", left, err)
	}
	for b := range made {
		got, err := f.DB.BookingByReference(f.Ctx, b.Reference)
		if err != nil || got.Name == "" {
			t.Fatalf("a booking made during the sweep: %+v %v", got, err)
		}
	}
}
