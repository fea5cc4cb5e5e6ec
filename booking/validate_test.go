package booking_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/priemna/priemna/booking"
)

func TestValidateBookRequest(t *testing.T) {
	good := func() booking.BookRequest {
		return booking.BookRequest{Official: "kmet-sredets", Start: "2026-01-12T14:00:00+02:00", Name: "Мария Георгиева",
			Email: "maria@example.bg", Phone: "0888 123 456", Topic: "Ремонт на тротоара", Language: "bg"}
	}
	staff := &booking.User{Role: booking.RoleAssistant}
	tests := []struct {
		name  string
		edit  func(r *booking.BookRequest)
		field string // the field named wrong; "" for a valid request
	}{
		{"valid", func(*booking.BookRequest) {}, ""},
		{"no official", func(r *booking.BookRequest) { r.Official = "" }, "official"},
		{"no slot", func(r *booking.BookRequest) { r.Start = "" }, "start"},
		{"no name", func(r *booking.BookRequest) { r.Name = "" }, "name"},
		{"one-letter name", func(r *booking.BookRequest) { r.Name = "М" }, "name"},
		{"name too long", func(r *booking.BookRequest) { r.Name = strings.Repeat("а", booking.MaxName+1) }, "name"},
		{"name with a control character", func(r *booking.BookRequest) { r.Name = "Мария\x07" }, "name"},
		{"name of broken bytes", func(r *booking.BookRequest) { r.Name = "Мари\xff" }, "name"},
		{"no email", func(r *booking.BookRequest) { r.Email = "" }, "email"},
		{"no email, booked by staff", func(r *booking.BookRequest) { r.Email, r.ByStaff = "", staff }, ""},
		{"email without a domain", func(r *booking.BookRequest) { r.Email = "maria@localhost" }, "email"},
		{"email with a display name", func(r *booking.BookRequest) { r.Email = "Мария <maria@example.bg>" }, "email"},
		{"letters for a phone", func(r *booking.BookRequest) { r.Phone = "call me" }, "phone"},
		{"phone left out", func(r *booking.BookRequest) { r.Phone = "" }, ""},
		{"topic too short", func(r *booking.BookRequest) { r.Topic = "abc" }, "topic"},
		{"topic on two lines", func(r *booking.BookRequest) { r.Topic = "Ремонт\nна тротоара" }, ""},
		{"topic too long", func(r *booking.BookRequest) { r.Topic = strings.Repeat("а", booking.MaxTopic+1) }, "topic"},
		{"unknown need", func(r *booking.BookRequest) { r.Accessibility.Needs = []booking.Need{"jetpack"} }, "accessibility.needs"},
		{"need given twice", func(r *booking.BookRequest) { r.Accessibility.Needs = []booking.Need{"wheelchair", "wheelchair"} }, "accessibility.needs"},
		{"other need, not described", func(r *booking.BookRequest) { r.Accessibility.Needs = []booking.Need{"other"} }, "accessibility.note"},
		{"other need, described", func(r *booking.BookRequest) {
			r.Accessibility = booking.Accessibility{Needs: []booking.Need{"other"}, Note: "Идвам с придружител"}
		}, ""},
		{"unsupported language", func(r *booking.BookRequest) { r.Language = "de" }, "language"},
		{"idempotency key with a space", func(r *booking.BookRequest) { r.IdempotencyKey = "a b" }, "idempotency_key"},
		{"idempotency key too long", func(r *booking.BookRequest) { r.IdempotencyKey = strings.Repeat("k", 201) }, "idempotency_key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := good()
			tt.edit(&r)
			err := r.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var e *booking.Error
			if !errors.As(err, &e) || e.Code != booking.EINVALID {
				t.Fatalf("error %v, want EINVALID", err)
			}
			msg, ok := e.Fields[tt.field]
			if !ok || msg.In("bg") == "" || msg.In("en") == "" || msg.In("bg") == msg.In("en") {
				t.Errorf("fields %v: %q is not named in Bulgarian and English", e.Fields, tt.field)
			}
			if len(e.Fields) != 1 {
				t.Errorf("fields %v: only %q is wrong", e.Fields, tt.field)
			}
		})
	}
}

func TestValidEmail(t *testing.T) {
	for email, want := range map[string]bool{
		"maria@example.bg":                      true,
		"maria.georgieva+priemna@sofia.bg":      true,
		"maria@example":                         false,
		"maria@example.":                        false,
		"@example.bg":                           false,
		"maria example@example.bg":              false,
		"<maria@example.bg>":                    false,
		"maria@example.bg\r\nBcc: x@example.bg": false,
		strings.Repeat("m", 250) + "@ex.bg":     false,
	} {
		if got := booking.ValidEmail(email); got != want {
			t.Errorf("ValidEmail(%q) = %v, want %v", email, got, want)
		}
	}
}
