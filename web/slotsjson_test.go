package web

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// TestSlotsJSONMatchesEncodingJSON holds the hand-written encoder to what
// encoding/json makes of the same data.
func TestSlotsJSONMatchesEncodingJSON(t *testing.T) {
	start := time.Date(2027, 3, 28, 12, 0, 0, 0, time.UTC)
	slots := []booking.Slot{
		{Start: start, End: start.Add(15 * time.Minute), Capacity: 2, Available: 1, Location: `Зала "Изток" <1> & \ ет. 2`, StepFree: true},
		{Start: start.Add(-48 * time.Hour), End: start.Add(-47 * time.Hour), Capacity: 1, Location: "стая 21"},
	}
	type slotJSON struct {
		Start     string `json:"start"`
		End       string `json:"end"`
		Capacity  int    `json:"capacity"`
		Available int    `json:"available"`
		Location  string `json:"location"`
		StepFree  bool   `json:"step_free"`
	}
	var want []slotJSON
	for _, sl := range slots {
		want = append(want, slotJSON{sl.Start.In(calendar.Sofia).Format(time.RFC3339), sl.End.In(calendar.Sofia).Format(time.RFC3339),
			sl.Capacity, sl.Available, sl.Location, sl.StepFree})
	}
	wantJSON, _ := json.Marshal(want)
	if got := appendSlotsJSON(nil, slots); string(got) != string(wantJSON) {
		t.Errorf("got  %s\nwant %s", got, wantJSON)
	}
	if got := appendSlotsJSON(nil, nil); string(got) != "[]" {
		t.Errorf("empty: %s", got)
	}
}
