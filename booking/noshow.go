package booking

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/priemna/priemna/calendar"
)

// The no-show policy, told honestly: the letter about a missed meeting
// says whether it paused online booking and until when, gives the contact
// centre, and links to a page where the citizen can contest the no-show;
// staff see the contested ones and can cancel the strike.

// NoShowNote is what the letter about a no-show needs to know, carried in
// the message's Note: whether online booking is now paused, until when,
// and the contact centre's number.
type NoShowNote struct {
	PausedUntil   calendar.Date // zero when this no-show paused nothing
	ContactCentre string
}

// String encodes the note as "2026-02-11;0700 1 0700" (";0700 1 0700"
// when nothing is paused).
func (n NoShowNote) String() string {
	d := ""
	if !n.PausedUntil.IsZero() {
		d = n.PausedUntil.String()
	}
	return d + ";" + n.ContactCentre
}

// ParseNoShowNote reads a note written by String; a note from before
// (empty) reads as nothing paused.
func ParseNoShowNote(s string) NoShowNote {
	d, centre, _ := strings.Cut(s, ";")
	n := NoShowNote{ContactCentre: centre}
	if date, err := calendar.ParseDate(d); err == nil {
		n.PausedUntil = date
	}
	return n
}

// noShowNote works out, before b is marked, whether marking it pauses the
// citizen's online booking: it counts as a strike (see PolicyStore), and
// with the strikes already in the window it reaches the policy's number.
func (s *Service) noShowNote(ctx context.Context, b *Booking) (NoShowNote, error) {
	n := NoShowNote{ContactCentre: s.ContactCentre}
	if s.Policy.Strikes <= 0 || s.store.Policies == nil || b.Email == "" {
		return n, nil
	}
	counts, err := s.store.Policies.CountsAsStrike(ctx, b.ID)
	if err != nil || !counts {
		return n, err
	}
	now := s.now()
	strikes, err := s.strikes(ctx, b.Email, now)
	if err != nil {
		return n, err
	}
	if until := s.Policy.pauseEnd(append(strikes, b.Start), now); !until.IsZero() {
		n.PausedUntil = calendar.DateOf(until)
	}
	return n, nil
}

// ContestDays is how long a citizen has to contest a no-show: until the
// end of the 14th day after the missed meeting (Sofia time). Two weeks
// cover a letter read late or a citizen away for a week, while the desk
// still remembers the day; after it the contact centre and the complaint
// register remain.
const ContestDays = 14

// ContestUntil is the last day on which the no-show of a meeting that
// began at start may be contested.
func ContestUntil(start time.Time) calendar.Date {
	return calendar.DateOf(start).AddDays(ContestDays)
}

// ContestOpen reports whether the no-show of b may still be contested now.
func (s *Service) ContestOpen(b *Booking) bool {
	return s.now().Before(ContestUntil(b.Start).AddDays(1).Start())
}

// ContestReason is why a citizen says a no-show is wrong. Codes, not free
// text: the register keeps no words of the citizen's.
type ContestReason string

const (
	ContestCame      ContestReason = "came"      // I was there
	ContestCancelled ContestReason = "cancelled" // I had cancelled or told the office
	ContestEmergency ContestReason = "emergency" // something I could not help
)

// ContestReasons lists the reasons in the order the form offers them.
var ContestReasons = []ContestReason{ContestCame, ContestCancelled, ContestEmergency}

// ContestReasonText names a reason.
var ContestReasonText = map[ContestReason]Text{
	ContestCame:      T("text.contest-came"),
	ContestCancelled: T("text.contest-cancelled"),
	ContestEmergency: T("text.contest-emergency"),
}

// Contest is a citizen's objection to a no-show, while staff have not
// decided it.
type Contest struct {
	Booking   Booking
	Reason    ContestReason
	CreatedAt time.Time
}

// ContestStore keeps the contested no-shows.
type ContestStore interface {
	// CreateContest records the objection to the no-show of bookingID;
	// ECONFLICT when it was contested already.
	CreateContest(ctx context.Context, bookingID int64, reason ContestReason, at time.Time) error
	// Contested returns the bookingID's contest, or nil.
	Contested(ctx context.Context, bookingID int64) (*Contest, error)
	// OpenContests returns an official's undecided contests, oldest first.
	OpenContests(ctx context.Context, officialID int64) ([]Contest, error)
	// DecideContest records staff's decision on an undecided contest, with
	// audit in the same transaction: cancelStrike stops the no-show from
	// counting towards a pause. ECONFLICT when decided already.
	DecideContest(ctx context.Context, bookingID int64, cancelStrike bool, by int64, at time.Time, audit *AuditEntry) error
}

// ContestNoShow records a citizen's objection to their no-show, from the
// link in the letter (the booking's secret token).
//
// ENOTFOUND for an unknown token; ECONFLICT when the booking is not a
// no-show or was contested already, and when the time to contest it has
// passed (ContestDays); EINVALID for an unknown reason.
func (s *Service) ContestNoShow(ctx context.Context, token string, reason ContestReason) (*Booking, error) {
	b, err := s.Booking(ctx, token)
	if err != nil {
		return nil, err
	}
	if b.Status != StatusNoShow {
		return nil, Errorf(ECONFLICT, "err.only-a-missed-meeting-can-be-contested")
	}
	if !s.ContestOpen(b) {
		return nil, Errorf(ECONFLICT, "err.contest-too-late", ContestDays, DateText(ContestUntil(b.Start).Start()), s.ContactCentre)
	}
	if !slices.Contains(ContestReasons, reason) {
		return nil, invalidField("reason", "err.choose-why-the-no-show-is-wrong")
	}
	if s.store.Contests == nil {
		return nil, Errorf(EUNAVAILABLE, "err.contests-are-not-enabled")
	}
	if err := s.store.Contests.CreateContest(ctx, b.ID, reason, s.now()); err != nil {
		return nil, err
	}
	return b, nil
}

// ContestOf returns the contest of the booking with the token, or nil.
func (s *Service) ContestOf(ctx context.Context, b *Booking) (*Contest, error) {
	if s.store.Contests == nil {
		return nil, nil
	}
	return s.store.Contests.Contested(ctx, b.ID)
}

// OpenContests returns the undecided contests of an official's no-shows.
// EFORBIDDEN unless by manages the official.
func (s *Service) OpenContests(ctx context.Context, by *User, officialID int64) ([]Contest, error) {
	if err := authorize(by, officialID); err != nil {
		return nil, err
	}
	if s.store.Contests == nil {
		return nil, nil
	}
	return s.store.Contests.OpenContests(ctx, officialID)
}

// DecideContest cancels the strike of a contested no-show (cancelStrike)
// or keeps it; either way the contest is closed, and the decision is
// audited in the same transaction.
//
// ENOTFOUND; EFORBIDDEN unless by manages the official; ECONFLICT when
// there is no open contest.
func (s *Service) DecideContest(ctx context.Context, by *User, ref string, cancelStrike bool) (*Booking, error) {
	b, err := s.managedBooking(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	action := "no-show.keep"
	if cancelStrike {
		action = "no-show.strike-cancel"
	}
	if s.store.Contests == nil {
		return nil, Errorf(EUNAVAILABLE, "err.contests-are-not-enabled")
	}
	if err := s.store.Contests.DecideContest(ctx, b.ID, cancelStrike, staffID(by), s.now(), s.auditOf(by, action, b.Reference)); err != nil {
		return nil, err
	}
	return b, nil
}
