package storetest

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// statsFromRows counts the statistics from the bookings themselves: the
// reference the kept monthly totals must equal.
func statsFromRows(t *testing.T, f *Fixture, officialID int64, from, to calendar.Date) []booking.MonthStats {
	t.Helper()
	kept, err := f.Svc.MonthlyStats(f.Ctx, officialID, from, to)
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]string, len(kept))
	for i, m := range kept {
		keys[i] = m.Month
	}
	first := calendar.Date{Year: from.Year, Month: from.Month, Day: 1}
	end := calendar.Date{Year: to.Year, Month: to.Month, Day: 1}.Start().AddDate(0, 1, 0)
	rows, err := f.DB.StatRows(f.Ctx, officialID, first.Start(), end)
	if err != nil {
		t.Fatal(err)
	}
	return booking.MonthsOf(keys, booking.CountStatRows(rows, f.Svc.Grace))
}

func checkStats(t *testing.T, f *Fixture, from, to calendar.Date) {
	t.Helper()
	for _, id := range []int64{f.Official.ID, 0} {
		kept, err := f.Svc.MonthlyStats(f.Ctx, id, from, to)
		if err != nil {
			t.Fatal(err)
		}
		want := statsFromRows(t, f, id, from, to)
		if !reflect.DeepEqual(kept, want) {
			t.Fatalf("official %d: kept totals differ from the bookings:\nkept %+v\nrows %+v", id, kept, want)
		}
	}
}

// pastFixture is NewFixture on a store in every role whose harness can
// import past bookings and run SQL; the test skips on any other.
func pastFixture(t *testing.T, h Harness, capacity int) (*Fixture, DB) {
	t.Helper()
	if h.ImportPast == nil || h.SQL == nil {
		t.Skip("needs the harness's ImportPast and SQL hooks")
	}
	f := NewFixture(t, h, capacity)
	return f, f.full(t)
}

// randomPast makes past bookings with every status, arrivals on time and
// late by up to an hour, waits, ratings and holds, many of them in the
// hours around midnight at the turn of a month.
func randomPast(rng *rand.Rand, f *Fixture, n int, from, to time.Time) []PastBooking {
	var list []PastBooking
	for i := range n {
		start := from.Add(time.Duration(rng.Int64N(int64(to.Sub(from)))) / time.Minute * time.Minute)
		if rng.IntN(3) == 0 { // near a month's first midnight in Sofia
			d := calendar.DateOf(start)
			start = time.Date(d.Year, d.Month, 1, 0, 0, 0, 0, calendar.Sofia).Add(time.Duration(rng.IntN(240)-120) * time.Minute)
		}
		b := booking.Booking{Reference: fmt.Sprintf("SO-T%03d-%04d", i/10000, i%10000), Token: booking.NewToken(), UID: fmt.Sprintf("u%d", i),
			OfficialID: f.Official.ID, ScheduleID: f.Schedule.ID, Start: start.UTC(), End: start.Add(15 * time.Minute).UTC(),
			Name: "Име", Email: "x@example.bg", Topic: "Тема", Language: "bg", CreatedAt: start, UpdatedAt: start,
			Status: []booking.Status{booking.StatusConfirmed, booking.StatusCancelled, booking.StatusArrived, booking.StatusLate,
				booking.StatusNoShow, booking.StatusCompleted}[rng.IntN(6)]}
		switch b.Status {
		case booking.StatusArrived, booking.StatusLate, booking.StatusCompleted, booking.StatusNoShow:
			if b.Status != booking.StatusNoShow || rng.IntN(4) == 0 {
				b.ArrivedAt = b.Start.Add(time.Duration(rng.IntN(4200)-600) * time.Second)
				if rng.IntN(2) == 0 {
					b.ReceivedAt = b.ArrivedAt.Add(time.Duration(rng.IntN(1800)) * time.Second)
				}
			}
		}
		if rng.IntN(8) == 0 {
			b.HeldUntil = b.Start.Add(-time.Hour)
		}
		p := PastBooking{Booking: b}
		if rng.IntN(3) == 0 {
			p.Rating = 1 + rng.IntN(5)
		}
		list = append(list, p)
	}
	return list
}

// StatMonthsFollowEveryChange: the kept monthly totals equal a count of
// the bookings themselves after every kind of change.
func testStatMonthsFollowEveryChange(t *testing.T, h Harness) {
	f, db := pastFixture(t, h, 3)
	rng := rand.New(rand.NewPCG(18, 50))
	from, to := calendar.Date{Year: 2024, Month: 1, Day: 1}, calendar.Date{Year: 2026, Month: 12, Day: 31}

	// Years of past bookings, as an import leaves them.
	past := randomPast(rng, f, 3000, sofia(2024, 1, 1, 0, 0), sofia(2025, 12, 31, 23, 0))
	h.ImportPast(t, f.DB, past)
	checkStats(t, f, from, to)

	// Bookings made, moved across a month's end, cancelled, checked in on
	// time and late, received, marked as not come, undone and rated.
	var made []*booking.Booking
	for _, day := range []int{12, 19, 26} {
		for slot := range 4 {
			made = append(made, f.Book(t, sofia(2026, 1, day, 14, 15*slot)))
		}
	}
	checkStats(t, f, from, to)
	if _, err := f.Svc.Reschedule(f.Ctx, made[0].Token, sofia(2026, 2, 2, 14, 0).Format(time.RFC3339)); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.Cancel(f.Ctx, made[1].Token); err != nil {
		t.Fatal(err)
	}
	checkStats(t, f, from, to)
	f.Clock.Set(sofia(2026, 1, 26, 17, 30))
	for i, b := range made[4:] {
		at := b.Start.Add(time.Duration(i*5-5) * time.Minute) // up to 30 minutes late
		if _, err := f.Svc.RecordArrival(f.Ctx, booking.CommandLine, b.Reference, at); err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			if _, err := f.Svc.RecordReceived(f.Ctx, booking.CommandLine, b.Reference, at.Add(7*time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := f.Svc.MarkNoShow(f.Ctx, booking.CommandLine, made[2].Reference); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.UndoStatus(f.Ctx, booking.CommandLine, made[5].Reference); err != nil {
		t.Fatal(err)
	}
	checkStats(t, f, from, to)
	f.Clock.Set(sofia(2026, 1, 27, 9, 0))
	for _, b := range made[6:9] {
		if _, err := f.Svc.GiveFeedback(f.Ctx, b.Token, 1+int(b.ID%5), ""); err != nil {
			t.Fatal(err)
		}
	}
	checkStats(t, f, from, to)

	// Holds confirmed and released, a booking and feedback deleted, and
	// personal data erased: the last changes nothing counted.
	for _, q := range []string{
		`UPDATE bookings SET held_until = NULL WHERE held_until IS NOT NULL AND id % 2 = 0`,
		`UPDATE bookings SET held_until = starts_at WHERE held_until IS NULL AND id % 11 = 0`,
		`DELETE FROM feedback WHERE booking_id % 3 = 0`,
		`DELETE FROM outbox WHERE booking_id IN (SELECT id FROM bookings WHERE id % 13 = 0 AND id NOT IN (SELECT booking_id FROM feedback) AND id NOT IN (SELECT booking_id FROM priority_passes))`,
		`DELETE FROM bookings WHERE id % 13 = 0 AND id NOT IN (SELECT booking_id FROM feedback) AND id NOT IN (SELECT booking_id FROM outbox) AND id NOT IN (SELECT booking_id FROM priority_passes)`,
		`UPDATE feedback SET rating = 6 - rating WHERE booking_id % 5 = 0`,
	} {
		if _, err := h.SQL(f.DB).Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		checkStats(t, f, from, to)
	}
	if _, err := db.Anonymise(f.Ctx, "", sofia(2026, 1, 1, 0, 0), f.Clock.Now(), nil); err != nil {
		t.Fatal(err)
	}
	checkStats(t, f, from, to)
	// Late is later than the grace period the server is given.
	for _, grace := range []time.Duration{0, time.Minute, 25 * time.Minute, 90 * time.Second} {
		f.Svc.Grace = grace
		checkStats(t, f, from, to)
	}
	f.Svc.Grace = booking.DefaultGrace

	// The store counts the bookings it finds once (a migration, when the
	// totals were first kept): its count again on the emptied totals.
	if h.RecountStats != nil {
		h.RecountStats(t, f.DB)
		checkStats(t, f, from, to)
	}
}

// SofiaMonths checks that the month a slot counts in is its month in
// Sofia, to the second, across every month's first midnight from 2000 to
// 2100, in summer and in winter, as the store's own statements count it:
// in one transaction of db, rolled back, add (parameters: an official, a
// start) adds one booking of each start to the totals of an official of
// its own, fold (if not nil) settles what was added, and month (parameter:
// the official) reads the month the official's total was kept in.
func SofiaMonths(t *testing.T, db *sql.DB, add string, fold func(*sql.Tx) error, month string) {
	t.Helper()
	var starts []int64
	for y := 2000; y <= 2100; y++ {
		for m := time.January; m <= time.December; m++ {
			midnight := time.Date(y, m, 1, 0, 0, 0, 0, calendar.Sofia).Unix()
			for _, d := range []int64{-3601, -3600, -1, 0, 1, 3599, 3600, 86400 * 14} {
				starts = append(starts, midnight+d)
			}
		}
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for i, s := range starts {
		if _, err := tx.Exec(add, i+1, s); err != nil {
			t.Fatal(err)
		}
	}
	if fold != nil {
		if err := fold(tx); err != nil {
			t.Fatal(err)
		}
	}
	for i, s := range starts {
		var got string
		if err := tx.QueryRow(month, i+1).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := time.Unix(s, 0).In(calendar.Sofia).Format("2006-01"); got != want {
			t.Fatalf("%s: month %s, want %s", time.Unix(s, 0).UTC(), got, want)
		}
	}
}
