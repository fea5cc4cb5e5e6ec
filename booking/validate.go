package booking

import (
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Field limits, in characters.
const (
	MaxName  = 100
	MaxEmail = 254
	MaxPhone = 30
	MaxTopic = 1000
	MaxNote  = 500
)

// phonePattern: 6 to MaxPhone characters, digits at both ends.
var phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 ()./-]{4,` + strconv.Itoa(MaxPhone-2) + `}[0-9]$`)

// BookRequest is what a citizen (or staff on their behalf) submits.
type BookRequest struct {
	Official string // slug
	Start    string // RFC 3339
	Citizen
	IdempotencyKey string
	// ByStaff is the staff member booking for a citizen who phoned or came
	// in: the email may be left out and the no-show policy does not apply.
	ByStaff *User
	// PriorityPass is the token of a priority rebooking link, if any.
	PriorityPass string
	// ConfirmByEmail takes the booking as a hold the citizen confirms
	// through the emailed link, whatever the official's setting: for a
	// booking made without the anti-bot proof.
	ConfirmByEmail bool
}

// Normalize trims the text fields and fills in defaults.
func (r *BookRequest) Normalize() {
	r.Official, r.Start = strings.TrimSpace(r.Official), strings.TrimSpace(r.Start)
	r.Citizen.normalize()
}

// Validate checks every field and returns an EINVALID *Error naming each
// field that is wrong, or nil.
func (r *BookRequest) Validate() error {
	f := FieldErrors{}
	for field, v := range map[string]string{"official": r.Official, "start": r.Start} {
		if !utf8.ValidString(v) {
			f.Add(field, "err.contains-invalid-characters")
		}
	}
	if r.Official == "" {
		f.Add("official", "err.choose-an-official")
	}
	if r.Start == "" {
		f.Add("start", "choose-slot")
	}
	r.Citizen.check(f, r.ByStaff != nil)
	if len(r.IdempotencyKey) > 200 || strings.ContainsFunc(r.IdempotencyKey, func(c rune) bool { return c < 0x21 || c > 0x7e }) {
		f.Add("idempotency_key", "err.the-idempotency-key-must-be")
	}
	return f.Err()
}

// checkText checks a free-text field: required (when min > 0), length in
// characters, and no control characters (line breaks allowed when multiline).
func checkText(f FieldErrors, field, v string, min, max int, multiline bool, missing Text) {
	n := utf8.RuneCountInString(v)
	switch {
	case n == 0 && min > 0:
		f.AddText(field, missing)
	case n < min:
		f.Add(field, "err.the-text-is-too-short")
	case n > max:
		f.Add(field, "err.text-too-long", max)
	case strings.ContainsFunc(v, func(c rune) bool {
		return unicode.IsControl(c) && !(multiline && (c == '\n' || c == '\r' || c == '\t'))
	}):
		f.Add(field, "err.the-text-contains-control-characters")
	}
}

// ValidEmail reports whether s is a plain address (no display name) that
// mail can be sent to.
func ValidEmail(s string) bool {
	if len(s) > MaxEmail || strings.ContainsAny(s, " \r\n<>\"") {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && strings.Contains(domain, ".") && !strings.HasSuffix(domain, ".")
}

func clip(s string) string {
	// What the sender typed is echoed back, so broken bytes are replaced
	// and control characters dropped.
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	if utf8.RuneCountInString(s) > 30 {
		return string([]rune(s)[:30]) + "…"
	}
	return s
}
