package booking

// Outcomes of a citizen's or an assistant's attempt to book, for the
// operator's metrics.
const (
	OutcomeBooked  = "booked"  // confirmed
	OutcomeHeld    = "held"    // pending until confirmed by email
	OutcomeFull    = "full"    // the slot had no room
	OutcomeCapped  = "capped"  // the citizen holds as many coming bookings as allowed
	OutcomeRefused = "refused" // invalid, not bookable, or blocked after no-shows
	OutcomeFailed  = "failed"  // the system could not record it
)

// Outcomes lists every outcome, so that a metric can start each at zero.
var Outcomes = []string{OutcomeBooked, OutcomeHeld, OutcomeFull, OutcomeCapped, OutcomeRefused, OutcomeFailed}

// outcomeOf names the outcome of Book; a replayed request is no new
// attempt and has none.
func outcomeOf(b *Booking, replayed, capped bool, err error) string {
	switch {
	case replayed:
		return ""
	case err == nil && b != nil && b.Status == StatusPending:
		return OutcomeHeld
	case err == nil:
		return OutcomeBooked
	case capped:
		return OutcomeCapped
	}
	switch ErrorCode(err) {
	case ESLOTFULL:
		return OutcomeFull
	case EINTERNAL, EUNAVAILABLE:
		return OutcomeFailed
	}
	return OutcomeRefused
}
