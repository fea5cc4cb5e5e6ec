package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/sqlite"
	"github.com/priemna/priemna/calendar"
)

// bigdb builds, for benchmarks only, a database such as a city hall has
// after years of use: officials with reception days going back --years,
// and --bookings past bookings with the statuses, arrivals, outbox rows
// and feedback they end with. Units, officials and schedules go through the
// service, bookings through the store's ImportPast, so the data follows the
// schema as it changes. The same --seed builds the same data.
func (a *App) bigdb(ctx context.Context, args []string) error {
	fs, dbPath := a.flags("bigdb")
	officials := fs.Int("officials", 200, "number of officials")
	years := fs.Int("years", 5, "years of reception days before today")
	total := fs.Int("bookings", 1_000_000, "past bookings to make")
	seed := fs.Uint64("seed", 1, "seed of the generator")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *officials < 1 || *years < 1 || *total < 0 {
		return errors.New("bigdb: --officials and --years must be at least 1, --bookings at least 0")
	}
	if _, err := os.Stat(*dbPath); err == nil {
		return fmt.Errorf("bigdb: %s exists; give a new file", *dbPath)
	}
	db, err := a.open(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	g := &generator{db: db, svc: booking.NewService(db.Required(), a.Now), rng: rand.New(rand.NewPCG(*seed, 18)),
		now: a.Now(), refs: map[string]bool{}}
	g.first = calendar.DateOf(g.now.AddDate(-*years, 0, 0))
	if err := g.officials(ctx, *officials); err != nil {
		return err
	}
	seats, err := g.seats()
	if err != nil {
		return err
	}
	if seats < *total {
		return fmt.Errorf("bigdb: only %d past seats for %d bookings; give more --years or --officials", seats, *total)
	}
	start := time.Now()
	made, err := g.bookings(ctx, float64(*total)/float64(seats), *total)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "bigdb: %d officials, %d past bookings from %s in %s: %s\n",
		*officials, made, g.first, time.Since(start).Round(time.Second), *dbPath)
	return nil
}

type generator struct {
	db        *store
	svc       *booking.Service
	rng       *rand.Rand
	now       time.Time
	first     calendar.Date
	schedules []generated
	refs      map[string]bool
}

type generated struct {
	official booking.Official
	schedule booking.Schedule
	cal      calendar.Schedule
}

// rules are the kinds of reception days officials keep, all begun --years
// ago: weekly, twice a week, every other week, the 1st and 3rd of a month.
var bigRules = []string{
	"RRULE:FREQ=WEEKLY;BYDAY=MO,TH",
	"RRULE:FREQ=WEEKLY;BYDAY=TU,FR",
	"RRULE:FREQ=WEEKLY;BYDAY=WE",
	"RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU,WE",
	"RRULE:FREQ=MONTHLY;BYDAY=TU,TH;BYSETPOS=1,2,3,-1",
}

func (g *generator) officials(ctx context.Context, n int) error {
	units := (n + 9) / 10
	for u := range units {
		unit := booking.Unit{Slug: fmt.Sprintf("bench-unit-%02d", u), Name: fmt.Sprintf("Район %d", u+1), NameEN: fmt.Sprintf("District %d", u+1),
			Kind: "district", Address: fmt.Sprintf("ул. „Примерна“ %d, София", u+1), AddressEN: fmt.Sprintf("%d Primerna St, Sofia", u+1),
			Phone: "02 8054 000", Email: fmt.Sprintf("unit%d@example.bg", u)}
		if err := g.svc.CreateUnit(ctx, booking.CommandLine, &unit); err != nil {
			return fmt.Errorf("bigdb: unit: %w", err)
		}
	}
	dtstart := g.first.Start().Format("20060102")
	for i := range n {
		o, err := g.svc.CreateOfficial(ctx, booking.CommandLine, booking.OfficialInput{Slug: fmt.Sprintf("bench-%03d", i),
			Name: fmt.Sprintf("Длъжностно лице %d", i+1), NameEN: fmt.Sprintf("Official %d", i+1),
			Title: "Заместник-кмет", TitleEN: "Deputy Mayor", Unit: fmt.Sprintf("bench-unit-%02d", i/10),
			Email: fmt.Sprintf("official%d@example.bg", i)})
		if err != nil {
			return fmt.Errorf("bigdb: official: %w", err)
		}
		sch := booking.Schedule{OfficialID: o.ID,
			Rule:            "DTSTART;TZID=Europe/Sofia:" + dtstart + []string{"T090000", "T100000", "T140000"}[i%3] + "\n" + bigRules[i%len(bigRules)],
			DurationMinutes: 240, SlotMinutes: []int{15, 20, 30}[i%3], Capacity: 1 + i%2, Location: "Зала за приемни дни",
			BookingOpensDays: 30, BookingClosesHours: 24, ObserveHolidays: true}
		if err := g.svc.CreateSchedule(ctx, booking.CommandLine, &sch); err != nil {
			return fmt.Errorf("bigdb: schedule: %w", err)
		}
		r, err := calendar.ParseRule(sch.Rule)
		if err != nil {
			return err
		}
		g.schedules = append(g.schedules, generated{official: *o, schedule: sch, cal: calendar.Schedule{Rule: r,
			Duration: time.Duration(sch.DurationMinutes) * time.Minute, SlotLength: time.Duration(sch.SlotMinutes) * time.Minute,
			ObserveHolidays: true}})
	}
	return nil
}

// last is the last day with past bookings: yesterday.
func (g *generator) last() calendar.Date { return calendar.DateOf(g.now).AddDays(-1) }

// seats counts the seats of every past slot.
func (g *generator) seats() (int, error) {
	n := 0
	for _, s := range g.schedules {
		slots, err := s.cal.Slots(g.first, g.last(), nil)
		if err != nil {
			return 0, err
		}
		n += len(slots) * s.schedule.Capacity
	}
	return n, nil
}

var bigTopics = []string{"Ремонт на улица", "Място в детска градина", "Разрешение за строеж", "Паркиране", "Социална помощ", "Шум от заведение"}

// bookings fills each past seat with probability p, day by day so that the
// rows lie in the order years of use would leave them, up to total.
func (g *generator) bookings(ctx context.Context, p float64, total int) (int, error) {
	const batch = 5000
	var pending []sqlite.PastBooking
	made := 0
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		err := g.db.ImportPast(ctx, pending)
		made += len(pending)
		pending = pending[:0]
		return err
	}
	for d := g.first; !g.last().Before(d) && made+len(pending) < total; d = d.AddDays(1) {
		for _, s := range g.schedules {
			slots, err := s.cal.Slots(d, d, nil)
			if err != nil {
				return made, err
			}
			for _, slot := range slots {
				for range s.schedule.Capacity {
					if g.rng.Float64() >= p || made+len(pending) >= total {
						continue
					}
					pending = append(pending, g.past(s, slot))
					if len(pending) == batch {
						if err := flush(); err != nil {
							return made, err
						}
					}
				}
			}
		}
	}
	return made, flush()
}

// past makes one past booking and what became of it: 12 % cancelled, 8 %
// not come, the rest received (some late, most after a wait), some rated.
func (g *generator) past(s generated, slot calendar.Slot) sqlite.PastBooking {
	r := g.rng
	n := len(g.refs)
	ref := booking.NewReference()
	for g.refs[ref] {
		ref = booking.NewReference() // 40 bits: a million of them do meet
	}
	g.refs[ref] = true
	created := slot.Start.Add(-time.Duration(1+r.IntN(30*24)) * time.Hour)
	b := booking.Booking{Reference: ref, Token: booking.NewToken(), UID: booking.NewUID("priemna.example.bg"),
		OfficialID: s.official.ID, OfficialSlug: s.official.Slug, ScheduleID: s.schedule.ID,
		Start: slot.Start.UTC(), End: slot.End.UTC(), Name: fmt.Sprintf("Гражданин %d", n), Email: fmt.Sprintf("c%d@example.bg", n%50000),
		Topic: bigTopics[r.IntN(len(bigTopics))], Language: "bg", Status: booking.StatusCompleted, CreatedAt: created, UpdatedAt: slot.End.UTC()}
	if r.IntN(10) == 0 {
		b.Language = "en"
	}
	if r.IntN(20) == 0 {
		b.Accessibility.Needs = []booking.Need{"wheelchair"}
	}
	sent := func(kind booking.MessageKind, at time.Time) booking.Message {
		return booking.Message{Kind: kind, Sequence: b.Sequence, SlotStart: b.Start, DueAt: at, CreatedAt: created,
			Status: booking.MessageSent, SentAt: at.Add(time.Second)}
	}
	msgs := []booking.Message{sent(booking.MessageConfirmation, created)}
	reminder := b.Start.Add(-24 * time.Hour)
	rating := 0
	switch x := r.IntN(100); {
	case x < 12:
		b.Status, b.Sequence = booking.StatusCancelled, 1
		cancelled := created.Add(b.Start.Sub(created) / 2)
		b.UpdatedAt = cancelled
		if reminder.Before(cancelled) && reminder.After(created) {
			msgs = append(msgs, sent(booking.MessageReminder, reminder))
		}
		msgs = append(msgs, sent(booking.MessageCancellation, cancelled))
	case x < 20:
		b.Status = booking.StatusNoShow
		msgs = append(msgs, sent(booking.MessageReminder, reminder), sent(booking.MessageNoShow, b.End.Add(10*time.Minute)))
	default:
		b.ArrivedAt = b.Start.Add(-time.Duration(r.IntN(600)) * time.Second)
		if r.IntN(100) < 7 {
			b.ArrivedAt = b.Start.Add(time.Duration(11+r.IntN(20)) * time.Minute)
		}
		if r.IntN(5) > 0 {
			b.ReceivedAt = b.ArrivedAt.Add(time.Duration(1+r.IntN(20)) * time.Minute)
		}
		msgs = append(msgs, sent(booking.MessageReminder, reminder), sent(booking.MessageFeedback, b.End.Add(2*time.Hour)))
		if r.IntN(100) < 15 {
			rating = 1 + r.IntN(5)
		}
	}
	for i := range msgs {
		if !msgs[i].DueAt.After(created) {
			msgs[i].DueAt = created
		}
	}
	return sqlite.PastBooking{Booking: b, Messages: msgs, Rating: rating}
}
