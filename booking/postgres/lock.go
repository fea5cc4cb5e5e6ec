package postgres

import (
	"fmt"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/sqlstore"
	"github.com/priemna/priemna/calendar"
)

// Writes run at READ COMMITTED, where each statement sees what is
// committed when it starts. What SQLite's single writer made one step —
// a check and the write it decides — is made one step here by locks taken
// before the check, held to the commit; every later statement of the
// transaction then sees what the lock's previous holder committed:
//
//   - a slot's seat: the unique seat index (a clash is run again, and
//     takes the next seat or finds the slot full);
//   - a slot's day against a closure or hand-over: an advisory lock on
//     (official, day), shared by bookings, exclusive for the closure;
//   - a slot's schedule, official and unit against their ending or
//     closing: an advisory lock per official, shared by bookings,
//     exclusive for the change;
//   - a citizen's caps: an advisory lock per canonical email and phone;
//   - sign-in counts: the user's row, FOR UPDATE;
//   - complaint numbers and waiting-list offers: one advisory lock each.

// lockKey is an advisory lock key: a text hashed by PostgreSQL.
const lockKey = `hashtextextended(?, 0)`

func lockExclusive(tx sqlstore.Tx, key string) error {
	if _, err := tx.Exec(`SELECT pg_advisory_xact_lock(`+lockKey+`)`, key); err != nil {
		return fmt.Errorf("postgres: lock %s: %w", key, err)
	}
	return nil
}

func dayKey(officialID int64, day string) string { return fmt.Sprintf("day:%d:%s", officialID, day) }

// officialKey stands for the official's schedules, the official and their
// unit: what decides whether their slots stand.
func officialKey(officialID int64) string { return fmt.Sprintf("official:%d", officialID) }

// lockOfficials is taken by a change that may end slots of the officials:
// ending a schedule, closing an official or a unit. It waits for the
// bookings under way, and the bookings after it see the change.
func lockOfficials(tx sqlstore.Tx, where string, arg any) error {
	if _, err := tx.Exec(`SELECT pg_advisory_xact_lock(hashtextextended('official:' || id, 0)) FROM (SELECT id FROM officials WHERE `+where+` ORDER BY id) AS o`, arg); err != nil {
		return fmt.Errorf("postgres: lock officials: %w", err)
	}
	return nil
}

// lockSlot is taken by every write that puts a booking into a slot: the
// day may not be closed, nor the schedule, official or unit changed, until
// it commits; and it waits for those that are under way.
func lockSlot(tx sqlstore.Tx, b *booking.Booking) error {
	// One statement, both locks: a round trip costs more than a lock.
	if _, err := tx.Exec(`SELECT pg_advisory_xact_lock_shared(`+lockKey+`), pg_advisory_xact_lock_shared(`+lockKey+`)`,
		officialKey(b.OfficialID), dayKey(b.OfficialID, calendar.DateOf(b.Start).String())); err != nil {
		return fmt.Errorf("postgres: lock slot: %w", err)
	}
	return nil
}

// lockDay is taken by a closure or hand-over of an official's day, before
// it reads the day's bookings, which it then locks.
func lockDay(tx sqlstore.Tx, officialID int64, dayStart, dayEnd time.Time, day string) error {
	if err := lockExclusive(tx, dayKey(officialID, day)); err != nil {
		return err
	}
	return lockBookings(tx, `official_id = ? AND starts_at >= ? AND starts_at < ?`, officialID, dayStart.Unix(), dayEnd.Unix())
}

// lockBookings locks the bookings rows where selects against changes.
func lockBookings(tx sqlstore.Tx, where string, args ...any) error {
	if _, err := tx.Exec(`SELECT id FROM bookings WHERE `+where+` FOR UPDATE`, args...); err != nil {
		return fmt.Errorf("postgres: lock bookings: %w", err)
	}
	return nil
}

// lockCitizen is taken before a citizen's coming bookings are counted.
func lockCitizen(tx sqlstore.Tx, emailKey, phoneKey string) error {
	// Email first, then phone (Append runs its parts in order), in every
	// transaction: no two wait on each other. An empty key locks nothing.
	if _, err := tx.Exec(`SELECT pg_advisory_xact_lock(hashtextextended('email:' || ?1::text, 0)) WHERE ?1::text <> ''
		UNION ALL SELECT pg_advisory_xact_lock(hashtextextended('phone:' || ?2::text, 0)) WHERE ?2::text <> ''`, emailKey, phoneKey); err != nil {
		return fmt.Errorf("postgres: lock citizen: %w", err)
	}
	return nil
}
