package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
)

// personalColumns lists every column that can hold a citizen's personal
// data; erasure and retention must empty each of them for the booking.
// staffColumns hold staff members' own data, kept while their account is.
// Every other column of every table holds none. A new column fails
// EveryColumnIsClassified until it is put in one list or the other.
var (
	personalColumns = []string{
		"bookings.name", "bookings.email", "bookings.phone", "bookings.topic", "bookings.needs", "bookings.needs_note",
		"bookings.email_key", "bookings.phone_key", "bookings.idempotency_key", "bookings.request_hash",
		"feedback.comment", "outbox.pass", "outbox.last_error", "policy_lifts.email",
		// Emptied by their own erasure and retention (waitlist.go, complaint.go).
		"waitlist.name", "waitlist.email", "waitlist.email_key", "waitlist.phone", "waitlist.topic", "waitlist.needs",
		"waitlist.needs_note", "complaints.text", "complaints.email", "complaints.answer",
	}
	staffColumns = []string{"users.email", "users.name", "users.password_hash", "audit.user_email", "audit.object",
		"sign_in_addresses.address", "complaints.answered_name"} // staff data and security records (addresses that tried to sign in)
)

// notPersonal are the columns checked to hold no personal data: ids,
// instants, codes, hashes, and the office's own public data.
var notPersonal = map[string]bool{}

func init() {
	for _, c := range strings.Fields(`
		units.id units.slug units.name units.name_en units.kind units.address units.address_en units.phone units.email units.active
		officials.id officials.slug officials.unit_id officials.name officials.name_en officials.title officials.title_en
		officials.email officials.phone officials.active officials.hold_minutes
		schedules.id schedules.official_id schedules.rule schedules.duration_minutes schedules.slot_minutes schedules.capacity
		schedules.location schedules.step_free schedules.booking_opens_days schedules.booking_closes_hours
		schedules.observe_holidays schedules.created_at schedules.active schedules.ended_at
		schedules.location_en schedules.access_note schedules.access_note_en
		closures.id closures.official_id closures.date closures.reason closures.created_at closures.told closures.deputy_id
		official_deputies.official_id official_deputies.deputy_id
		no_show_contests.booking_id no_show_contests.reason no_show_contests.created_at no_show_contests.decided_at
		no_show_contests.decided_by no_show_contests.strike_cancelled
		bookings.id bookings.reference bookings.token bookings.uid bookings.sequence bookings.official_id bookings.schedule_id
		bookings.starts_at bookings.ends_at bookings.seat bookings.language bookings.status bookings.arrived_at
		bookings.created_at bookings.updated_at bookings.received_at bookings.anonymised_at bookings.booked_by
		bookings.held_until bookings.hold_hash
		outbox.id outbox.booking_id outbox.kind outbox.sequence outbox.slot_start outbox.note outbox.status outbox.due_at
		outbox.retry_at outbox.claimed_until outbox.attempts outbox.created_at outbox.sent_at outbox.message_key
		users.id users.role users.created_at users.failed_logins users.locked_until
		user_officials.user_id user_officials.official_id
		api_tokens.id api_tokens.user_id api_tokens.hash api_tokens.created_at api_tokens.revoked_at
		feedback.booking_id feedback.rating feedback.created_at feedback.id
		sessions.hash sessions.user_id sessions.created_at sessions.expires_at
		policy_lifts.id policy_lifts.user_id policy_lifts.lifted_at
		audit.id audit.at audit.user_id audit.action
		staff_feeds.official_id staff_feeds.hash staff_feeds.created_at staff_feeds.id
		priority_passes.hash priority_passes.official_id priority_passes.booking_id priority_passes.expires_at
		priority_passes.used_at priority_passes.id
		sign_in_addresses.user_id sign_in_addresses.failures sign_in_addresses.locked_until sign_in_addresses.trusted_until
		health.id health.checked_at health.room
		proof_keys.id proof_keys.key proof_keys.created_at proof_spent.signature proof_spent.expires_at
		outbox.waitlist_id outbox.complaint_id outbox.user_id
		waitlist.id waitlist.official_id waitlist.token_hash waitlist.language waitlist.weekdays waitlist.from_date waitlist.to_date
		waitlist.status waitlist.booking_id waitlist.created_at waitlist.updated_at waitlist.anonymised_at
		waitlist_offers.id waitlist_offers.entry_id waitlist_offers.booking_id waitlist_offers.code_hash waitlist_offers.starts_at
		waitlist_offers.outcome waitlist_offers.created_at waitlist_offers.answered_at
		complaints.id complaints.number complaints.language complaints.booking_id complaints.official_id complaints.created_at
		complaints.due_at complaints.answered_at complaints.answered_by complaints.anonymised_at
		stat_months.official_id stat_months.month stat_months.bookings stat_months.cancelled stat_months.attended
		stat_months.no_shows stat_months.ratings stat_months.rating_sum stat_months.received stat_months.wait_sum
		stat_pending.id stat_pending.official_id stat_pending.month stat_pending.bookings stat_pending.cancelled stat_pending.attended
		stat_pending.no_shows stat_pending.ratings stat_pending.rating_sum stat_pending.received stat_pending.wait_sum
		stat_pending.late_minutes stat_pending.late_n
		stat_late.official_id stat_late.month stat_late.minutes stat_late.n`) {
		notPersonal[c] = true
	}
}

func testEveryColumnIsClassified(t *testing.T, f *Fixture) {
	for _, c := range f.columns(t) {
		if !notPersonal[c] && !slices.Contains(personalColumns, c) && !slices.Contains(staffColumns, c) {
			t.Errorf("column %s is not classified: does it hold personal data? (storetest/personal.go)", c)
		}
	}
}

// ErasureReachesEveryCopy: after a citizen's data is erased, no text
// anywhere in the database holds any of it — the booking, its feedback,
// the outbox's secrets and SMTP errors, the no-show policy's lifts.
func testErasureReachesEveryCopy(t *testing.T, f *Fixture) {
	db := f.full(t)
	f.columns(t) // or skip before anything is written
	f.With(func(st *booking.Stores) { st.Policies = db })
	req := f.Request(monday)
	req.Email, req.Phone, req.Topic = "mariya.unique@example.bg", "0899 765 432", "Тайна тема за тротоара"
	req.Accessibility.Note = "бележка-уникална"
	req.Name = "Мариела Уникалова"
	b, _, err := f.Svc.Book(f.Ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	// A failed send quoting the address, a lifted block, feedback.
	msgs, err := db.ClaimMessages(f.Ctx, f.Clock.Now(), f.Clock.Now().Add(time.Minute), 10)
	if err != nil || len(msgs) == 0 {
		t.Fatalf("claim: %v %v", msgs, err)
	}
	if err := db.RetryMessage(f.Ctx, msgs[0].ID, 1, f.Clock.Now(), "550 5.1.1 <mariya.unique@example.bg>: no such user", false); err != nil {
		t.Fatal(err)
	}
	if err := f.Svc.LiftBlock(f.Ctx, "Mariya.Unique@example.bg", booking.CommandLine); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveFeedback(f.Ctx, &booking.Feedback{BookingID: b.ID, Rating: 4, Comment: "коментар-уникален", CreatedAt: f.Clock.Now()}); err != nil {
		t.Fatal(err)
	}
	secrets := []string{"mariya.unique", "0899 765 432", "0899765432", "Тайна тема", "бележка-уникална", "Уникалова", "коментар-уникален"}
	if found := f.findText(t, secrets); len(found) == 0 {
		t.Fatal("the test data is not in the database")
	} else if slices.Contains(found, "outbox.last_error: mariya.unique") {
		t.Errorf("an SMTP error keeps the address: %v", found)
	}
	if err := f.Svc.Erase(f.Ctx, booking.CommandLine, b.Reference); err != nil {
		t.Fatal(err)
	}
	if found := f.findText(t, secrets); len(found) > 0 {
		t.Errorf("after erasure, personal data is still in: %v", found)
	}
}

// findText returns "table.column: secret" for every text cell that holds
// one of the secrets.
func (f *Fixture) findText(t *testing.T, secrets []string) []string {
	t.Helper()
	var found []string
	for _, c := range f.columns(t) {
		table, column, _ := strings.Cut(c, ".")
		rows, err := f.h.SQL(f.DB).Query(fmt.Sprintf(`SELECT CAST(%q AS TEXT) FROM %q`, column, table))
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var v *string
			if err := rows.Scan(&v); err != nil {
				t.Fatal(err)
			}
			for _, s := range secrets {
				if v != nil && strings.Contains(strings.ToLower(*v), strings.ToLower(s)) {
					found = append(found, c+": "+s)
				}
			}
		}
		rows.Close()
	}
	return found
}

// SentSecretsLeaveTheOutbox: a hold's code (and a priority pass) is
// kept in the outbox only until its letter is sent or given up on.
func testSentSecretsLeaveTheOutbox(t *testing.T, f *Fixture) {
	db := f.full(t)
	for i, dead := range []bool{false, true} {
		req := f.Request(monday.Add(time.Duration(i) * 15 * time.Minute))
		req.Email, req.ConfirmByEmail = fmt.Sprintf("c%d@example.bg", i), true
		b, _, err := f.Svc.Book(f.Ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		msgs, err := db.ClaimMessages(f.Ctx, f.Clock.Now(), f.Clock.Now().Add(time.Minute), 10)
		if err != nil || len(msgs) != 1 || msgs[0].Pass == "" {
			t.Fatalf("claimed: %+v %v", msgs, err)
		}
		if dead {
			err = db.RetryMessage(f.Ctx, msgs[0].ID, 10, f.Clock.Now(), "gave up", true)
		} else {
			err = db.FinishMessages(f.Ctx, []booking.Finished{{ID: msgs[0].ID, Status: booking.MessageSent, At: f.Clock.Now()}})
		}
		if err != nil {
			t.Fatal(err)
		}
		stored, err := db.Messages(f.Ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range stored {
			if m.Pass != "" {
				t.Errorf("dead=%v: the hold's code is still in the outbox after sending", dead)
			}
		}
	}
}

// columns lists every column of the store's tables but the migrations'
// record, as "table.column"; it skips the test for a store without the
// harness's SQL hooks.
func (f *Fixture) columns(t *testing.T) []string {
	t.Helper()
	if f.h.Columns == "" || f.h.SQL == nil {
		t.Skip("needs the harness's SQL hooks")
	}
	rows, err := f.h.SQL(f.DB).Query(f.h.Columns)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// ErasureRetiresTheLinkOfAMeetingPast: once a booking's meeting is over and
// its personal data erased (by retention, or by staff), its manage link
// leads nowhere and says so; staff still find it by reference. Erased
// before its meeting, a booking keeps its link, to be cancelled or moved.
func testErasureRetiresTheLinkOfAMeetingPast(t *testing.T, f *Fixture) {
	f.full(t)
	var made []*booking.Booking
	for i := range 3 {
		req := f.Request(monday.Add(time.Duration(i) * 15 * time.Minute))
		req.Email = fmt.Sprintf("link%d@example.bg", i)
		b, _, err := f.Svc.Book(f.Ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, b)
	}
	early, byStaff, byRetention := made[0], made[1], made[2]
	if err := f.Svc.Erase(f.Ctx, booking.CommandLine, early.Reference); err != nil {
		t.Fatal(err)
	}
	if b, err := f.Svc.Booking(f.Ctx, early.Token); err != nil || b.Name != "" {
		t.Fatalf("a booking erased before its meeting, by its link: %+v %v", b, err)
	}
	f.Clock.Set(monday.Add(2 * time.Hour))
	if err := f.Svc.Erase(f.Ctx, booking.CommandLine, byStaff.Reference); err != nil {
		t.Fatal(err)
	}
	f.Clock.Set(monday.Add(booking.DefaultRetention + 24*time.Hour))
	if n, err := f.Svc.ApplyRetention(f.Ctx, booking.DefaultRetention); err != nil || n != 1 {
		t.Fatalf("retention erased %d: %v", n, err)
	}
	for _, b := range []*booking.Booking{byStaff, byRetention} {
		_, err := f.Svc.Booking(f.Ctx, b.Token)
		WantCode(t, err, booking.ENOTFOUND)
		if msg := booking.ErrorMessage(err).In("en"); !strings.Contains(msg, "erased") || !strings.Contains(msg, f.Svc.ContactCentre) {
			t.Errorf("a retired link says %q", msg)
		}
		kept, err := f.Svc.BookingByReference(f.Ctx, b.Reference)
		if err != nil || booking.ValidToken(kept.Token) || kept.Name != "" {
			t.Errorf("the erased booking by reference: %+v %v", kept, err)
		}
	}
}
