package booking

import (
	"errors"
	"fmt"
	"time"

	"github.com/priemna/priemna/booking/i18n"
)

// Error codes. The web layer maps each to one HTTP status.
const (
	EINVALID      = "invalid"              // input failed validation (422)
	EMISMATCH     = "idempotency_mismatch" // an idempotency key sent again with another request (422)
	ENOTFOUND     = "not_found"            // no such object (404)
	ESLOTFULL     = "slot_full"            // the slot has no free capacity (409)
	ENOTBOOKABLE  = "not_bookable"         // not a slot, closed, past, or outside the booking window (409)
	ECONFLICT     = "conflict"             // the object is not in a state that allows the action (409)
	EUNAUTHORIZED = "unauthorized"         // not signed in (401)
	EFORBIDDEN    = "forbidden"            // signed in but not allowed (403)
	ERATELIMIT    = "rate_limited"         // too many requests (429)
	EUNAVAILABLE  = "unavailable"          // the store cannot write now, e.g. the disk is full (503)
	EINTERNAL     = "internal"             // anything else (500)
)

// Text is a message a person reads, not yet put into a language: a key of
// the one catalogue (booking/i18n) and its arguments.
type Text = i18n.Msg

// T is the catalogue's message key with its arguments.
func T(key i18n.Key, args ...any) Text { return i18n.M(key, args...) }

// Reasons refine a code for clients that act on them.
const (
	// RNOTOPEN: ENOTBOOKABLE because booking for the slot's day has not
	// opened yet; Error.Opens says when it does.
	RNOTOPEN = "not_open_yet"
	// RHOLIDAY: ENOTBOOKABLE because the slot's day is a public holiday or
	// a day given off for one; Error.Holiday names it.
	RHOLIDAY = "holiday"
	// RNORECEPTION: ENOTBOOKABLE because the official's schedules hold no
	// reception on the slot's day (a schedule ended or changed).
	RNORECEPTION = "no_reception_day"
)

// Error is the domain's one error type: a code, a bilingual message, and for
// EINVALID, a bilingual message per field.
type Error struct {
	Code    string
	Message Text
	Fields  map[string]Text
	Reason  string    // refines Code ("" for none)
	Opens   time.Time // RNOTOPEN: when booking opens
	Holiday Text      // RHOLIDAY: the holiday's name
}

// NoReceptionDay gives the reason (RHOLIDAY or RNORECEPTION) when err says
// that the slot's day holds no reception at all, and the holiday's name
// for RHOLIDAY; "" for any other error.
func NoReceptionDay(err error) (reason string, holiday Text) {
	var e *Error
	if errors.As(err, &e) && (e.Reason == RHOLIDAY || e.Reason == RNORECEPTION) {
		return e.Reason, e.Holiday
	}
	return "", Text{}
}

// NotOpenYet returns when booking opens if err says that booking for the
// slot's day has not opened yet (RNOTOPEN).
func NotOpenYet(err error) (time.Time, bool) {
	var e *Error
	if errors.As(err, &e) && e.Reason == RNOTOPEN {
		return e.Opens, true
	}
	return time.Time{}, false
}

func (e *Error) Error() string {
	return fmt.Sprintf("booking: %s: %s", e.Code, e.Message.In("en"))
}

// Errorf returns an *Error with the code and the catalogue's message key,
// formatted with args in whichever language it is read.
func Errorf(code string, key i18n.Key, args ...any) *Error {
	return &Error{Code: code, Message: T(key, args...)}
}

// NewError returns an *Error with the code and message.
func NewError(code string, msg Text) *Error {
	return &Error{Code: code, Message: msg}
}

// ErrorCode returns the code of err, EINTERNAL when it is not an *Error, and
// "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the bilingual message of err; internal errors get a
// generic message so that no detail leaks to the user.
func ErrorMessage(err error) Text {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return T("text.an-internal-error-occurred-please")
}

// FieldErrors collects per-field problems while validating.
type FieldErrors map[string]Text

// Add records a problem with a field (a catalogue key and its arguments),
// keeping the first one reported.
func (f FieldErrors) Add(field string, key i18n.Key, args ...any) {
	f.AddText(field, T(key, args...))
}

// AddText records a problem with a field as a message already made.
func (f FieldErrors) AddText(field string, msg Text) {
	if _, ok := f[field]; !ok {
		f[field] = msg
	}
}

// Err returns an EINVALID *Error listing the fields, or nil when there are none.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{
		Code:    EINVALID,
		Message: T("text.please-correct-the-fields-marked"),
		Fields:  f,
	}
}
