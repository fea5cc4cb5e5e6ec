package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
)

// TestCapsHoldUnderConcurrency: the same citizen books every slot of a
// reception day at once, each request in its own goroutine. The cap of one
// coming meeting per official must let exactly one through.
func testCapsHoldUnderConcurrency(t *testing.T, h Harness) {
	f := policyFixture(t, h, 4, booking.Caps{PerOfficial: 1, Overall: 3})
	const n = 12
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			req := f.Request(monday.Add(time.Duration(i%12) * 15 * time.Minute))
			<-start
			_, _, errs[i] = f.Svc.Book(f.Ctx, req)
		})
	}
	close(start)
	wg.Wait()
	booked, _ := tally(t, errs, booking.ECONFLICT, "coming meeting")
	if stored := f.Count(t, "bookings"); booked != 1 || stored != 1 {
		t.Errorf("%d of %d parallel bookings accepted, %d stored; the cap is 1", booked, n, stored)
	}
}

// TestCapsKeyOnTheCanonicalAddress: the same mailbox and the same phone
// line written in other ways count as the same citizen.
func testCapsKeyOnTheCanonicalAddress(t *testing.T, f *Fixture) {
	f.With(func(st *booking.Stores) { st.Policies = f.full(t) })
	f.Book(t, monday) // maria@example.bg, 0888 123 456
	for _, c := range []struct{ email, phone string }{
		{"Maria+tickets@Example.BG", ""},
		{"other@example.bg", "+359 888 123 456"},
		{"other@example.bg", "00359 888 123456"},
		{"other@example.bg", "+359 (0) 888 123 456"},
	} {
		req := f.Request(monday.Add(15 * time.Minute))
		req.Email, req.Phone = c.email, c.phone
		_, _, err := f.Svc.Book(f.Ctx, req)
		if booking.ErrorCode(err) != booking.ECONFLICT {
			t.Errorf("%q %q: %v, want the cap to refuse it", c.email, c.phone, err)
		}
	}
}

// TestNoShowsKeyOnTheCanonicalAddress: no-shows under one spelling of an
// address count for every spelling of it.
func testNoShowsKeyOnTheCanonicalAddress(t *testing.T, h Harness) {
	f := noShowFixture(t, h)
	var refs []string
	for i, email := range []string{"Maria+a@Example.BG", "MARIA@example.bg"} {
		req := f.Request(monday.Add(time.Duration(i) * 15 * time.Minute))
		req.Email = email
		refs = append(refs, f.bookProven(t, req).Reference)
	}
	f.Clock.Set(monday.Add(time.Hour))
	for _, ref := range refs {
		if _, err := f.Svc.MarkNoShow(f.Ctx, booking.CommandLine, ref); err != nil {
			t.Fatal(err)
		}
	}
	req := f.Request(sofia(2026, 2, 2, 14, 0))
	req.Email = "maria+new@example.bg"
	_, _, err := f.Svc.Book(f.Ctx, req)
	WantCode(t, err, booking.EFORBIDDEN)
}

// TestNoShowsCountOnlyForProvenAddresses: a stranger who books twice with
// a victim's address and does not come cannot block the victim; no-shows
// of bookings staff made, or that were confirmed from the address, count.
func testNoShowsCountOnlyForProvenAddresses(t *testing.T, h Harness) {
	f := noShowFixture(t, h)
	victim := f.Request(sofia(2026, 2, 2, 14, 0))
	var refs []string
	for i := range 2 {
		refs = append(refs, f.Book(t, monday.Add(time.Duration(i)*15*time.Minute)).Reference)
	}
	f.Clock.Set(monday.Add(time.Hour))
	for _, ref := range refs {
		if _, err := f.Svc.MarkNoShow(f.Ctx, booking.CommandLine, ref); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := f.Svc.Book(f.Ctx, victim); err != nil {
		t.Fatalf("two no-shows of unproven bookings blocked the address: %v", err)
	}
	// Staff booked for her twice, she did not come: that counts.
	staff := f.staffUser(t, "asst@sredets.example.bg", booking.RoleAssistant, f.Official.ID)
	for i := range 2 {
		req := f.Request(sofia(2026, 1, 19, 14, 15*i))
		req.ByStaff = staff
		b, _, err := f.Svc.Book(f.Ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, b.Reference)
	}
	f.Clock.Set(sofia(2026, 1, 19, 16, 0))
	for _, ref := range refs[2:] {
		if _, err := f.Svc.MarkNoShow(f.Ctx, booking.CommandLine, ref); err != nil {
			t.Fatal(err)
		}
	}
	victim.Start = sofia(2026, 2, 9, 14, 0).Format(time.RFC3339)
	_, _, err := f.Svc.Book(f.Ctx, victim)
	WantCode(t, err, booking.EFORBIDDEN)
}
