package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/password"
	"github.com/priemna/priemna/calendar"
)

// Demo data: Sofia's municipality, a few district administrations and a
// mayoralty, with fictional officials and reception rules of every kind.
var demoUnits = []booking.Unit{
	{Slug: "stolichna-obshtina", Name: "Столична община", NameEN: "Sofia Municipality", Kind: "municipality",
		Address: "ул. „Московска“ 33, 1000 София", AddressEN: "33 Moskovska St, 1000 Sofia", Phone: "02 9377 591", Email: "priemna@sofia.example.org"},
	{Slug: "rayon-sredets", Name: "Район „Средец“", NameEN: "Sredets District", Kind: "district",
		Address: "ул. „Цар Шишман“ 32, 1000 София", AddressEN: "32 Tsar Shishman St, 1000 Sofia", Phone: "02 8054 111", Email: "sredets@sofia.example.org"},
	{Slug: "rayon-triaditsa", Name: "Район „Триадица“", NameEN: "Triaditsa District", Kind: "district",
		Address: "бул. „Витоша“ 64, 1463 София", AddressEN: "64 Vitosha Blvd, 1463 Sofia", Phone: "02 8054 222", Email: "triaditsa@sofia.example.org"},
	{Slug: "rayon-lozenets", Name: "Район „Лозенец“", NameEN: "Lozenets District", Kind: "district",
		Address: "ул. „Кричим“ 1, 1407 София", AddressEN: "1 Krichim St, 1407 Sofia", Phone: "02 8054 333", Email: "lozenets@sofia.example.org"},
	{Slug: "rayon-mladost", Name: "Район „Младост“", NameEN: "Mladost District", Kind: "district",
		Address: "бул. „Андрей Ляпчев“ 64, 1797 София", AddressEN: "64 Andrey Lyapchev Blvd, 1797 Sofia", Phone: "02 8054 444", Email: "mladost@sofia.example.org"},
	{Slug: "kmetstvo-bistritsa", Name: "Кметство Бистрица", NameEN: "Bistritsa Mayoralty", Kind: "mayoralty",
		Address: "ул. „Цар Борис III“ 8, с. Бистрица", AddressEN: "8 Tsar Boris III St, Bistritsa", Phone: "02 8054 555", Email: "bistritsa@sofia.example.org"},
}

type demoOfficial struct {
	booking.OfficialInput
	schedule booking.Schedule
}

// demoStart is the first Monday of September 2026: DTSTART of every demo
// rule, which ParseRule moves to each rule's first real occurrence.
const demoStart = "20260907"

// demoRule is a reception rule whose days begin at hhmmss, Sofia time.
func demoRule(hhmmss, rrule string) string {
	return "DTSTART;TZID=Europe/Sofia:" + demoStart + "T" + hhmmss + "\nRRULE:" + rrule
}

var demoOfficials = []demoOfficial{
	{booking.OfficialInput{Slug: "kmet-na-sofia", Name: "Елена Димитрова", NameEN: "Elena Dimitrova",
		Title: "Кмет на Столична община", TitleEN: "Mayor of Sofia", Unit: "stolichna-obshtina",
		Email: "kmet@sofia.example.org", Phone: "02 9377 201"},
		booking.Schedule{Rule: demoRule("140000", "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=1,3"),
			DurationMinutes: 180, SlotMinutes: 20, Capacity: 1, Location: "ул. „Московска“ 33, ет. 1, зала „Изток“", StepFree: true,
			BookingOpensDays: 45, BookingClosesHours: 48, ObserveHolidays: true}},
	{booking.OfficialInput{Slug: "zam-kmet-transport", Name: "Георги Николов", NameEN: "Georgi Nikolov",
		Title: "Заместник-кмет по транспорт и градска мобилност", TitleEN: "Deputy Mayor for Transport and Urban Mobility",
		Unit: "stolichna-obshtina", Email: "transport@sofia.example.org", Phone: "02 9377 305"},
		booking.Schedule{Rule: demoRule("100000", "FREQ=WEEKLY;BYDAY=WE"),
			DurationMinutes: 120, SlotMinutes: 15, Capacity: 1, Location: "ул. „Московска“ 33, ет. 3, стая 312", StepFree: true,
			BookingOpensDays: 30, BookingClosesHours: 24, ObserveHolidays: true}},
	{booking.OfficialInput{Slug: "zam-kmet-socialni", Name: "Мария Иванова", NameEN: "Maria Ivanova",
		Title: "Заместник-кмет по социални дейности", TitleEN: "Deputy Mayor for Social Affairs",
		Unit: "stolichna-obshtina", Email: "socialni@sofia.example.org", Phone: "02 9377 410"},
		booking.Schedule{Rule: demoRule("093000", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"),
			DurationMinutes: 180, SlotMinutes: 30, Capacity: 2, Location: "ул. „Московска“ 33, партер, зала 4", StepFree: true,
			BookingOpensDays: 30, BookingClosesHours: 24, ObserveHolidays: true}},
	{booking.OfficialInput{Slug: "kmet-sredets", Name: "Петър Стоянов", NameEN: "Petar Stoyanov",
		Title: "Кмет на район „Средец“", TitleEN: "Mayor of Sredets District", Unit: "rayon-sredets",
		Email: "kmet@sredets.example.org", Phone: "02 8054 120"},
		booking.Schedule{Rule: demoRule("140000", "FREQ=MONTHLY;BYDAY=-1TH"),
			DurationMinutes: 240, SlotMinutes: 20, Capacity: 1, Location: "ул. „Цар Шишман“ 32, ет. 2, стая 21 (няма асансьор)",
			BookingOpensDays: 60, BookingClosesHours: 24, ObserveHolidays: true}},
	{booking.OfficialInput{Slug: "kmet-triaditsa", Name: "Даниела Костова", NameEN: "Daniela Kostova",
		Title: "Кмет на район „Триадица“", TitleEN: "Mayor of Triaditsa District", Unit: "rayon-triaditsa",
		Email: "kmet@triaditsa.example.org", Phone: "02 8054 230"},
		booking.Schedule{Rule: demoRule("090000", "FREQ=WEEKLY;BYDAY=MO"),
			DurationMinutes: 180, SlotMinutes: 15, Capacity: 2, Location: "бул. „Витоша“ 64, партер, приемна", StepFree: true,
			BookingOpensDays: 21, BookingClosesHours: 12, ObserveHolidays: true}},
	{booking.OfficialInput{Slug: "kmet-lozenets", Name: "Николай Ангелов", NameEN: "Nikolay Angelov",
		Title: "Кмет на район „Лозенец“", TitleEN: "Mayor of Lozenets District", Unit: "rayon-lozenets",
		Email: "kmet@lozenets.example.org", Phone: "02 8054 340"},
		booking.Schedule{Rule: demoRule("150000", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
			DurationMinutes: 120, SlotMinutes: 20, Capacity: 1, Location: "ул. „Кричим“ 1, ет. 1, стая 105 (стъпала на входа)",
			BookingOpensDays: 30, BookingClosesHours: 24, ObserveHolidays: true}},
	{booking.OfficialInput{Slug: "kmet-mladost", Name: "Светлана Петрова", NameEN: "Svetlana Petrova",
		Title: "Кмет на район „Младост“", TitleEN: "Mayor of Mladost District", Unit: "rayon-mladost",
		Email: "kmet@mladost.example.org", Phone: "02 8054 450"},
		booking.Schedule{Rule: demoRule("100000", "FREQ=WEEKLY;BYDAY=FR"),
			DurationMinutes: 180, SlotMinutes: 15, Capacity: 1, Location: "бул. „Андрей Ляпчев“ 64, ет. 1, зала 2", StepFree: true,
			BookingOpensDays: 30, BookingClosesHours: 24, ObserveHolidays: true}},
	{booking.OfficialInput{Slug: "kmet-bistritsa", Name: "Иван Василев", NameEN: "Ivan Vasilev",
		Title: "Кмет на с. Бистрица", TitleEN: "Mayor of Bistritsa", Unit: "kmetstvo-bistritsa",
		Email: "kmet@bistritsa.example.org", Phone: "02 8054 560",
		HoldMinutes: 30}, // bookings are held until confirmed by email
		booking.Schedule{Rule: demoRule("083000", "FREQ=MONTHLY;BYDAY=1MO,3MO"),
			DurationMinutes: 150, SlotMinutes: 30, Capacity: 1, Location: "ул. „Цар Борис III“ 8, кметство, партер", StepFree: true,
			BookingOpensDays: 45, BookingClosesHours: 24, ObserveHolidays: true}},
}

// demoCitizens book the demo's slots. Their mail goes to reserved domains
// only (RFC 2606), and each stays within the default caps: at most one
// coming meeting per official and three in all.
var demoCitizens = []struct{ name, email, topic string }{
	{"Стефка Маринова", "stefka@example.org", "Ремонт на тротоара пред блок 12"},
	{"Йордан Илиев", "yordan@example.org", "Разрешение за търговия на открито"},
	{"Ана Тодорова", "ana@example.org", "Място в детска градина"},
	{"Борис Христов", "boris@example.org", "Паркиране в междублоковото пространство"},
	{"Десислава Петкова", "desislava@demo.invalid", "Улично осветление"},
	{"Георги Николов", "georgi@demo.invalid", "Шум от заведение през нощта"},
	{"Румяна Костова", "rumyana@example.org", "Достъпен вход на поликлиниката"},
	{"Никола Димов", "nikola@demo.invalid", "Окастряне на дървета"},
	{"Веселина Янева", "veselina@example.org", "Спирка на градския транспорт"},
	{"Пламен Стоев", "plamen@demo.invalid", "Детска площадка"},
	{"Милена Атанасова", "milena@example.org", "Социално подпомагане"},
	{"Калин Радев", "kalin@demo.invalid", "Ремонт на училищен двор"},
}

// demoStaff sign in to /staff/ with a password made for each demo and
// shown once.
var demoStaff = []struct {
	email, name string
	role        booking.Role
	officials   []string
}{
	{"admin@demo.invalid", "Демо администратор", booking.RoleAdmin, nil},
	{"asistent@demo.invalid", "Демо асистент", booking.RoleAssistant, []string{"kmet-na-sofia", "kmet-mladost"}},
}

// seedDemo fills an empty database with the demo units, officials and
// schedules, and books a few slots so that availability varies.
func seedDemo(ctx context.Context, db database, now func() time.Time) error {
	stores := db.Required()
	stores.Policies = db // the demo's citizens keep to the caps like anyone
	svc := booking.NewService(stores, now)
	for i := range demoUnits {
		if err := svc.CreateUnit(ctx, booking.CommandLine, &demoUnits[i]); err != nil {
			return err
		}
	}
	for _, d := range demoOfficials {
		in := d.OfficialInput
		in.HoldMinutes = 0 // after the demo bookings, which stand at once
		o, err := svc.CreateOfficial(ctx, booking.CommandLine, in)
		if err != nil {
			return fmt.Errorf("%s: %w", d.Slug, err)
		}
		sch := d.schedule
		sch.OfficialID = o.ID
		if err := svc.CreateSchedule(ctx, booking.CommandLine, &sch); err != nil {
			return fmt.Errorf("%s: %w", d.Slug, err)
		}
	}
	today := calendar.DateOf(now())
	for i, d := range demoOfficials {
		slots, err := svc.Slots(ctx, d.Slug, today, today.AddDays(30))
		if err != nil {
			return err
		}
		for k, j := 0, i%2; j < len(slots) && j < 6; k, j = k+1, j+2 {
			// Official i's k-th booking: three officials per citizen at most.
			c := demoCitizens[(3*i+k)%len(demoCitizens)]
			_, _, err := svc.Book(ctx, booking.BookRequest{Official: d.Slug, Start: slots[j].Start.Format(time.RFC3339),
				Name: c.name, Email: c.email, Topic: c.topic, Language: "bg"})
			if err != nil {
				return fmt.Errorf("demo booking: %w", err)
			}
		}
		if d.HoldMinutes > 0 {
			if _, err := svc.UpdateOfficial(ctx, booking.CommandLine, d.Slug, d.OfficialInput, true); err != nil {
				return err
			}
		}
	}
	return nil
}

// seedDemoStaff adds the demo's administrator and assistant with new
// random passwords and returns their sign-in, to be shown once.
func seedDemoStaff(ctx context.Context, db database, now func() time.Time) (string, error) {
	staff := booking.NewStaff(db, nil, db, now)
	var out strings.Builder
	out.WriteString("demo sign-in at /staff/login (shown only now; priemna user password --email E sets another):\n")
	for _, u := range demoStaff {
		raw := make([]byte, 12)
		if _, err := rand.Read(raw); err != nil {
			return "", err
		}
		pw := base64.RawURLEncoding.EncodeToString(raw)
		hash, err := password.Hash(pw)
		if err != nil {
			return "", err
		}
		if _, err := staff.AddUser(ctx, booking.CommandLine, booking.UserInput{Email: u.email, Name: u.name, Role: u.role,
			Officials: u.officials, PasswordHash: hash}); err != nil {
			return "", fmt.Errorf("demo staff: %w", cliError(err))
		}
		fmt.Fprintf(&out, "  %-9s %s  password %s\n", u.role, u.email, pw)
	}
	return out.String(), nil
}

// hostOf returns the host name of a URL, for iCalendar UIDs.
func hostOf(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return "", fmt.Errorf("no host in %q", raw)
	}
	return u.Hostname(), nil
}
