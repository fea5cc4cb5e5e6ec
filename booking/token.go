package booking

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"strings"
	"time"

	"github.com/google/uuid"
)

// referenceAlphabet leaves out 0, O, 1 and I, which people confuse when
// reading a reference over the phone.
const referenceAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// NewReference returns a short reference such as "SO-7K3Q-9PXD": 40 random
// bits, enough to tell bookings apart, never enough to act on one.
func NewReference() string {
	var b [8]byte
	rand.Read(b[:])
	out := []byte("SO-0000-0000")
	for i, c := range b {
		pos := 3 + i
		if i >= 4 {
			pos++
		}
		out[pos] = referenceAlphabet[int(c)%len(referenceAlphabet)]
	}
	return string(out)
}

// NormalizeReference upper-cases a reference typed by a person and puts
// the dashes back; ok is false when it cannot be one.
func NormalizeReference(s string) (string, bool) {
	s = strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(s))
	if len(s) != 10 || !strings.HasPrefix(s, "SO") {
		return "", false
	}
	for _, c := range s[2:] {
		if !strings.ContainsRune(referenceAlphabet, c) {
			return "", false
		}
	}
	return "SO-" + s[2:6] + "-" + s[6:], true
}

// NewToken returns a manage token: 128 random bits, URL-safe.
func NewToken() string {
	var b [16]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// NewMessageKey returns a 128-bit identity for an outbox message made at
// the instant, in hex: it becomes the Message-ID and the name of a written
// mail file. The first 48 bits are the instant in milliseconds, the other
// 80 random: keys made one after another then sit side by side in the
// outbox's unique index, where wholly random ones each wrote a page of
// their own once years of letters had spread the index over the file
// (issue #18).
func NewMessageKey(at time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(max(at.UnixMilli(), 0))<<16)
	rand.Read(b[6:])
	return hex.EncodeToString(b[:])
}

// ValidToken reports whether s has the form of a manage token.
func ValidToken(s string) bool {
	b, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil && len(b) == 16 && len(s) == 22
}

// bySecret finds what the secret of a link opens, through find on the
// secret's hash. A secret of the wrong form does not reach the store, and
// it and an unknown one both give notFound: a guess learns nothing.
func bySecret[T any](ctx context.Context, secret string, find func(context.Context, string) (T, error), notFound func() error) (T, error) {
	var none T
	if !ValidToken(secret) {
		return none, notFound()
	}
	v, err := find(ctx, hashToken(secret))
	if ErrorCode(err) == ENOTFOUND {
		return none, notFound()
	}
	return v, err
}

// NewUID returns an iCalendar UID "<uuid>@<host>".
func NewUID(host string) string {
	return uuid.NewString() + "@" + host
}
