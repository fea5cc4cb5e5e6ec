package booking

import "github.com/priemna/priemna/booking/i18n"

// The life of a booking, in one table. The service, the store's SQL
// filters, the buttons on citizen and staff pages and the mail worker all
// ask this file; none of them lists statuses of its own.
//
//	pending ──confirm──▶ confirmed ──arrive──▶ arrived/late ──receive──▶ completed
//	   │                   │  │                    ▲    │                    │
//	   └─cancel/release─┐  │  └──no-show──▶ no_show ┘   └───────undo─────────┘
//	                    ▼  ▼
//	                  cancelled

// Action is something that can happen to a booking.
type Action string

const (
	ActCancel   Action = "cancel"    // the citizen cancels
	ActMove     Action = "move"      // the citizen moves it to another slot
	ActConfirm  Action = "confirm"   // the citizen confirms a hold
	ActRelease  Action = "release"   // an unconfirmed hold lapses
	ActCloseDay Action = "close-day" // the office cancels the day, ends the schedule or hands the day over
	ActArrive   Action = "arrive"    // staff check the citizen in
	ActNoShow   Action = "no-show"   // staff or the sweep mark an absence
	ActReceive  Action = "receive"   // the official begins the meeting
	ActUndo     Action = "undo"      // staff take back a mark made by mistake
	ActRemind   Action = "remind"    // the mail worker sends a reminder or the invitation
)

// Actions lists every action, for tables and tests.
var Actions = []Action{ActCancel, ActMove, ActConfirm, ActRelease, ActCloseDay, ActArrive, ActNoShow, ActReceive, ActUndo, ActRemind}

// Statuses lists every status in the order of a booking's life.
var Statuses = []Status{StatusPending, StatusConfirmed, StatusArrived, StatusLate, StatusCompleted, StatusNoShow, StatusCancelled}

// statusRule is what one status allows.
type statusRule struct {
	name      Text // for people
	holdsSeat bool // counts against the slot's capacity and the citizen's caps
	attended  bool // the citizen came: feedback is asked, statistics count a visit
	allows    map[Action]bool
}

func allow(actions ...Action) map[Action]bool {
	m := make(map[Action]bool, len(actions))
	for _, a := range actions {
		m[a] = true
	}
	return m
}

var statusRules = map[Status]statusRule{
	StatusPending: {name: T("text.awaiting-confirmation-by-email"),
		holdsSeat: true, allows: allow(ActCancel, ActConfirm, ActRelease, ActCloseDay)},
	StatusConfirmed: {name: T("text.confirmed"),
		holdsSeat: true, allows: allow(ActCancel, ActMove, ActCloseDay, ActArrive, ActNoShow, ActRemind)},
	StatusArrived: {name: T("text.arrived"),
		holdsSeat: true, attended: true, allows: allow(ActReceive, ActUndo)},
	StatusLate: {name: T("text.late"),
		holdsSeat: true, attended: true, allows: allow(ActReceive, ActUndo)},
	StatusCompleted: {name: T("text.completed"),
		holdsSeat: true, attended: true, allows: allow(ActUndo)},
	StatusNoShow: {name: T("text.no-show"),
		holdsSeat: true, allows: allow(ActArrive, ActUndo)},
	StatusCancelled: {name: T("text.cancelled")},
}

// StatusText names a status for people; an unknown one by its code.
func StatusText(st Status) Text {
	if r, ok := statusRules[st]; ok {
		return r.name
	}
	return i18n.Given(map[string]string{i18n.Default: string(st)})
}

// Known reports whether st is a status of the table.
func (st Status) Known() bool {
	_, ok := statusRules[st]
	return ok
}

// HoldsSeat reports whether a booking in this status takes a seat of its
// slot (and counts towards the citizen's caps).
func (st Status) HoldsSeat() bool { return statusRules[st].holdsSeat }

// Attended reports whether the citizen came.
func (st Status) Attended() bool { return statusRules[st].attended }

// Allows reports whether the action is possible in this status; the time
// of day (a meeting already begun) is the caller's to check.
func (st Status) Allows(a Action) bool { return statusRules[st].allows[a] }

// StatusesAllowing lists the statuses in which the action is possible, in
// the order of Statuses: the "from" set of a conditional update.
func StatusesAllowing(a Action) []Status {
	return statusesWhere(func(st Status) bool { return st.Allows(a) })
}

// SeatHolding lists the statuses that take a seat.
func SeatHolding() []Status { return statusesWhere(Status.HoldsSeat) }

// AttendedStatuses lists the statuses of a citizen who came.
func AttendedStatuses() []Status { return statusesWhere(Status.Attended) }

func statusesWhere(keep func(Status) bool) []Status {
	var out []Status
	for _, st := range Statuses {
		if keep(st) {
			out = append(out, st)
		}
	}
	return out
}
