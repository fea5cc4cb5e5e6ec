// Package booking is Priemna's domain: units, officials, their reception
// calendars, and citizens' bookings, with the rules that keep them honest —
// validation, booking windows, capacity, check-in, no-shows — and the
// notification intents each change records in the outbox.
//
// Of this module it imports only calendar (of others only small, pure
// libraries, never a driver or a web framework); storage lives behind
// small store interfaces by role (store.go, implemented in booking/sqlite), and neither HTTP nor SQL
// types appear here. The life of a booking is one table, status.go.
package booking
