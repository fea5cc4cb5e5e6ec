package booking

import "strings"

// EmailKey is the form in which caps and the no-show policy compare email
// addresses, so that one mailbox written several ways counts once: case is
// ignored, and a "+tag" after the local part is dropped (most providers
// deliver user+anything to user). Dots are kept: only some providers
// ignore them.
func EmailKey(email string) string {
	email = strings.ToLower(strings.TrimSpace(email))
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return email
	}
	local, domain := email[:at], email[at+1:]
	if plus := strings.IndexByte(local, '+'); plus > 0 {
		local = local[:plus]
	}
	return local + "@" + domain
}

// PhoneKey is the form in which caps compare phone numbers: digits only,
// a Bulgarian number in its national form (+359, 00359 or 359 and an
// optional "(0)" become one leading 0), any other international number
// with a leading +. Empty when the phone has no digits.
func PhoneKey(phone string) string {
	phone = strings.TrimSpace(phone)
	plus := strings.HasPrefix(phone, "+")
	var b strings.Builder
	for _, r := range phone {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	digits := b.String()
	if strings.HasPrefix(digits, "00") {
		digits, plus = digits[2:], true
	}
	switch {
	case digits == "":
		return ""
	case strings.HasPrefix(digits, "359") && (plus || len(digits) >= 11):
		return "0" + strings.TrimPrefix(digits[3:], "0")
	case plus:
		return "+" + digits
	}
	return digits
}
