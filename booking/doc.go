// Package booking is Priemna's domain: units, officials, their reception
// calendars, and citizens' bookings, with the rules that keep them honest —
// validation, booking windows, capacity, check-in, no-shows — and the
// notification intents each change records in the outbox.
//
// It imports calendar and the standard library only; storage lives behind
// the Store interface (implemented in booking/sqlite), and neither HTTP nor
// SQL types appear here.
package booking
