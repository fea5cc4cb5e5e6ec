package booking

import (
	"time"

	"github.com/priemna/priemna/calendar"
)

// Unit is an administrative unit: the municipality, a district
// administration or a mayoralty.
type Unit struct {
	ID        int64
	Slug      string
	Name      string // Bulgarian
	NameEN    string
	Kind      string // municipality | district | mayoralty
	Address   string
	AddressEN string
	Phone     string
	Email     string
	Active    bool // an inactive unit and its officials leave the public site
}

// Official is a person who receives citizens.
type Official struct {
	ID       int64
	Slug     string
	Name     string
	NameEN   string
	Title    string
	TitleEN  string
	UnitID   int64
	UnitSlug string
	Email    string // the office mailbox used in letters
	Phone    string
	Active   bool
	// HoldMinutes > 0 takes online bookings as pending holds, released
	// unless the citizen confirms through the emailed link within that time.
	HoldMinutes int
	// UnitActive is false when the official's unit was closed down.
	UnitActive bool
}

// Receives reports whether the official receives citizens: active, in an
// active unit.
func (o *Official) Receives() bool { return o.Active && o.UnitActive }

// Schedule is an official's reception calendar: a rule and how its days are
// cut into slots and opened for booking.
type Schedule struct {
	ID                 int64
	OfficialID         int64
	Rule               string // normalised RFC 5545 text
	DurationMinutes    int
	SlotMinutes        int
	Capacity           int // citizens per slot
	Location           string
	LocationEN         string // the room in English; "" reads the Bulgarian
	Access, AccessEN   string // how to reach the room (entrance, lift, help at the door), optional
	StepFree           bool   // the room can be reached without steps
	BookingOpensDays   int    // booking opens this many days before a slot
	BookingClosesHours int    // and closes this many hours before it
	ObserveHolidays    bool
	Active             bool // an ended schedule offers no more slots
	CreatedAt          time.Time
}

// Closure is a reception day cancelled by the office.
type Closure struct {
	ID         int64
	OfficialID int64
	Date       calendar.Date
	Reason     string
	CreatedAt  time.Time
	Told       int   // citizens sent a letter about it
	DeputyID   int64 // the official the day was handed to, if it was
}

// Status is the state of a booking.
type Status string

const (
	StatusPending   Status = "pending" // a hold awaiting the citizen's confirmation by email
	StatusConfirmed Status = "confirmed"
	StatusCancelled Status = "cancelled"
	StatusArrived   Status = "arrived"
	StatusLate      Status = "late"
	StatusNoShow    Status = "no_show"
	StatusCompleted Status = "completed"
)

// Need is an accessibility need a citizen declares.
type Need string

// Needs lists the accessibility needs in the order forms show them.
var Needs = []Need{"wheelchair", "step_free", "sign_language", "hearing_loop", "companion", "large_print", "other"}

// Accessibility is what the office should prepare for the citizen.
type Accessibility struct {
	Needs []Need
	Note  string
}

// Booking is a citizen's reservation of a slot.
type Booking struct {
	ID           int64
	Reference    string // short code printed on everything
	Token        string // 128-bit secret of the manage link
	UID          string // iCalendar UID, stable for the booking's life
	Sequence     int    // iCalendar SEQUENCE, +1 on every change
	OfficialID   int64
	OfficialSlug string
	ScheduleID   int64
	Start, End   time.Time
	Citizen
	Status         Status
	ArrivedAt      time.Time // zero until checked in
	ReceivedAt     time.Time // when the meeting began; zero until then
	IdempotencyKey string
	RequestHash    string    // what the request asked for, hashed: a replay of the key must ask the same
	BookedBy       int64     // the staff member who booked for the citizen; 0 online
	HeldUntil      time.Time // while pending: released unless confirmed by then
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Slot is a bookable slot with its capacity and what is left of it.
type Slot struct {
	Start, End time.Time
	Capacity   int
	Available  int
	ScheduleID int64
	Location   string
	LocationEN string // "" reads the Bulgarian
	StepFree   bool
}
