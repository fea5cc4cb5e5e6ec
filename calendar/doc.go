// Package calendar holds Priemna's pure time logic: reception-day rules
// (RFC 5545 RRULE text, parsed with rrule-go), their expansion into sessions
// and slots in Europe/Sofia, and Bulgarian public holidays.
//
// It imports nothing of Priemna's and never reads the clock: every function
// takes the instants it needs.
package calendar
