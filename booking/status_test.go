package booking

import (
	"slices"
	"testing"
)

// TestStatusTable spells out, independently of status.go, what each status
// allows; a change to the table must change this test too.
func TestStatusTable(t *testing.T) {
	want := map[Status][]Action{
		StatusPending:   {ActCancel, ActConfirm, ActRelease, ActCloseDay},
		StatusConfirmed: {ActCancel, ActMove, ActCloseDay, ActArrive, ActNoShow, ActRemind},
		StatusArrived:   {ActReceive, ActUndo},
		StatusLate:      {ActReceive, ActUndo},
		StatusCompleted: {ActUndo},
		StatusNoShow:    {ActArrive, ActUndo},
		StatusCancelled: {},
	}
	seat := map[Status]bool{StatusPending: true, StatusConfirmed: true, StatusArrived: true, StatusLate: true,
		StatusCompleted: true, StatusNoShow: true}
	came := map[Status]bool{StatusArrived: true, StatusLate: true, StatusCompleted: true}
	if len(want) != len(Statuses) {
		t.Fatalf("the test knows %d statuses, the table %d", len(want), len(Statuses))
	}
	for _, st := range Statuses {
		if !st.Known() {
			t.Errorf("%s is not in the table", st)
		}
		for _, a := range Actions {
			if got, exp := st.Allows(a), slices.Contains(want[st], a); got != exp {
				t.Errorf("%s allows %s = %v, want %v", st, a, got, exp)
			}
		}
		if st.HoldsSeat() != seat[st] {
			t.Errorf("%s holds a seat = %v", st, st.HoldsSeat())
		}
		if st.Attended() != came[st] {
			t.Errorf("%s attended = %v", st, st.Attended())
		}
	}
	if Status("lost").Known() || Status("lost").Allows(ActCancel) || Status("lost").HoldsSeat() {
		t.Error("an unknown status allows something")
	}
	if got := StatusesAllowing(ActCloseDay); !slices.Equal(got, []Status{StatusPending, StatusConfirmed}) {
		t.Errorf("close-day applies to %v", got)
	}
	if got := AttendedStatuses(); !slices.Equal(got, []Status{StatusArrived, StatusLate, StatusCompleted}) {
		t.Errorf("attended: %v", got)
	}
	if got := SeatHolding(); len(got) != 6 || slices.Contains(got, StatusCancelled) {
		t.Errorf("seat holding: %v", got)
	}
}
