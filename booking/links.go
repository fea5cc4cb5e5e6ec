package booking

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// LinksEvery is how often a citizen can be mailed their manage links: a
// second request within it sends nothing, so the form cannot be used to
// flood someone's mailbox.
const LinksEvery = 15 * time.Minute

// SendLinks mails the citizen one letter with the manage links of all
// their coming bookings ("I lost my link"). It answers the same whether
// or not the address has bookings, and whether or not a letter went out
// within LinksEvery, so it reveals nothing; EINVALID for a malformed
// address.
func (s *Service) SendLinks(ctx context.Context, email string) error {
	email = strings.TrimSpace(email)
	if !ValidEmail(email) {
		return invalidField("email", "err.invalid-email-address")
	}
	if s.store.Links == nil {
		return nil
	}
	coming, err := s.comingBookings(ctx, email)
	if err != nil || len(coming) == 0 {
		return err
	}
	ids := make([]string, len(coming))
	for i, b := range coming {
		ids[i] = strconv.FormatInt(b.ID, 10)
	}
	now := s.now()
	first := coming[0]
	m := Message{Kind: MessageLinks, Sequence: first.Sequence, SlotStart: first.Start, Note: strings.Join(ids, ","), DueAt: now, CreatedAt: now}
	_, err = s.store.Links.QueueLinks(ctx, first.ID, EmailKey(email), m, now.Add(-LinksEvery))
	return err
}

// LinkedBookings reads the booking ids a links letter carries.
func LinkedBookings(note string) []int64 {
	var ids []int64
	for _, f := range strings.Split(note, ",") {
		if id, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}
