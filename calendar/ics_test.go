package calendar

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"
)

func TestEncodeICSParsesBack(t *testing.T) {
	start := time.Date(2026, 3, 30, 14, 0, 0, 0, Sofia) // the day after the clock change
	ev := Event{
		UID: "3f2a@priemna.example", Sequence: 2, Start: start, End: start.Add(20 * time.Minute),
		Summary:     "Приемна: Кмет на район „Средец“ — среща по въпроса за ремонта на тротоара пред блок 12",
		Description: "Номер: SO-7K3Q-9PXD\nВъпрос: ремонт; тротоар, блок 12",
		Location:    "ул. „Цар Шишман“ 32, ет. 2, стая 21", URL: "https://priemna.example/bookings/abc",
		Organizer: &Person{Name: `Район "Средец"`, Email: "kmet@sredets.example.bg"},
		Attendees: []Person{{Name: "Мария Георгиева", Email: "maria@example.bg"}},
		Alarm:     time.Hour,
	}
	stamp := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, method := range []Method{MethodRequest, MethodCancel, MethodPublish} {
		t.Run(string(method), func(t *testing.T) {
			data, err := EncodeICS(method, stamp, ev)
			if err != nil {
				t.Fatal(err)
			}
			for _, line := range strings.Split(string(data), "\r\n") {
				if len(line) > 75 {
					t.Errorf("line of %d octets: %q", len(line), line)
				}
			}
			cal, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
			if err != nil {
				t.Fatalf("decode: %v\n%s", err, data)
			}
			if m, _ := cal.Props.Text(ical.PropMethod); m != string(method) {
				t.Errorf("METHOD %q", m)
			}
			var tz *ical.Component
			for _, c := range cal.Children {
				if c.Name == ical.CompTimezone {
					tz = c
				}
			}
			if tz == nil || tz.Props.Get(ical.PropTimezoneID).Value != "Europe/Sofia" || len(tz.Children) != 2 {
				t.Fatalf("VTIMEZONE missing or incomplete: %+v", tz)
			}
			events := cal.Events()
			if len(events) != 1 {
				t.Fatalf("%d events", len(events))
			}
			e := events[0]
			got, err := e.DateTimeStart(nil)
			if err != nil || !got.Equal(start) {
				t.Errorf("DTSTART %s (%v), want the instant %s", got, err, start)
			}
			if p := e.Props.Get(ical.PropDateTimeStart); p.Params.Get(ical.PropTimezoneID) != "Europe/Sofia" || p.Value != "20260330T140000" {
				t.Errorf("DTSTART written as %+v", p)
			}
			if p := e.Props.Get(ical.PropDateTimeStamp); p.Value != "20260301T100000Z" {
				t.Errorf("DTSTAMP %q", p.Value)
			}
			if uid, _ := e.Props.Text(ical.PropUID); uid != ev.UID {
				t.Errorf("UID %q", uid)
			}
			if seq, _ := e.Props.Get(ical.PropSequence).Int(); seq != 2 {
				t.Errorf("SEQUENCE %d", seq)
			}
			if s, _ := e.Props.Text(ical.PropSummary); s != ev.Summary {
				t.Errorf("SUMMARY after folding: %q", s)
			}
			if d, _ := e.Props.Text(ical.PropDescription); d != ev.Description {
				t.Errorf("DESCRIPTION: %q", d)
			}
			status, _ := e.Props.Text(ical.PropStatus)
			if (method == MethodCancel) != (status == "CANCELLED") {
				t.Errorf("STATUS %s for %s", status, method)
			}
			org := e.Props.Get(ical.PropOrganizer)
			if org.Value != "mailto:kmet@sredets.example.bg" || strings.Contains(org.Params.Get(ical.ParamCommonName), `"`) {
				t.Errorf("ORGANIZER %+v", org)
			}
			if a := e.Props.Get(ical.PropAttendee); a == nil || a.Value != "mailto:maria@example.bg" {
				t.Errorf("ATTENDEE %+v", a)
			}
			hasAlarm := len(e.Children) == 1 && e.Children[0].Name == ical.CompAlarm
			if hasAlarm == (method == MethodCancel) {
				t.Errorf("VALARM present=%v for %s", hasAlarm, method)
			}
		})
	}
}

func TestFoldKeepsUTF8Whole(t *testing.T) {
	line := "SUMMARY:" + strings.Repeat("ж", 100) + "\r\n"
	folded := fold([]byte(line))
	for _, l := range strings.Split(strings.TrimSuffix(string(folded), "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets", len(l))
		}
		if !strings.HasPrefix(l, "SUMMARY") && !strings.HasPrefix(l, " ") {
			t.Errorf("continuation without a space: %q", l)
		}
	}
	unfolded := strings.ReplaceAll(string(folded), "\r\n ", "")
	if unfolded != line {
		t.Errorf("unfolding does not give the line back")
	}
}

// FuzzEncodeICSRoundTrip: whatever text a booking carries, the calendar
// encodes, folds and parses back to the same text.
func FuzzEncodeICSRoundTrip(f *testing.F) {
	f.Add("Приемна: Кмет", "Ремонт; тротоар, блок 12\nвтори ред", `Зала "Изток"`, "Мария")
	f.Add("", "\\", ",;:", "\"")
	start := time.Date(2026, 3, 29, 14, 0, 0, 0, Sofia)
	f.Fuzz(func(t *testing.T, summary, description, location, name string) {
		for _, s := range []string{summary, description, location, name} {
			if !utf8.ValidString(s) || strings.ContainsRune(s, '\r') {
				return // never reaches here: validation refuses invalid UTF-8 and control characters but line breaks
			}
		}
		ev := Event{UID: "x@y", Start: start, End: start.Add(time.Hour), Summary: summary, Description: description, Location: location,
			Attendees: []Person{{Name: name, Email: "a@b.bg"}}}
		data, err := EncodeICS(MethodRequest, start, ev)
		if err != nil {
			return // go-ical refuses some parameter values; never a panic
		}
		cal, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
		if err != nil {
			t.Fatalf("encoded calendar does not parse: %v\n%s", err, data)
		}
		got := cal.Events()[0]
		if s, _ := got.Props.Text(ical.PropSummary); s != summary {
			t.Errorf("SUMMARY %q, want %q", s, summary)
		}
		if d, _ := got.Props.Text(ical.PropDescription); description != "" && d != description {
			t.Errorf("DESCRIPTION %q, want %q", d, description)
		}
		if dt, err := got.DateTimeStart(nil); err != nil || !dt.Equal(start) {
			t.Errorf("DTSTART %v %v", dt, err)
		}
	})
}

// One event that cannot be encoded is left out of a feed; the others stay.
func TestEncodeFeedLeavesOutABadEvent(t *testing.T) {
	start := time.Date(2026, 3, 24, 14, 0, 0, 0, Sofia)
	good := Event{UID: "good@x", Start: start, End: start.Add(time.Hour), Summary: "Ред 1\r\nред 2\rред 3\x00"}
	bad := Event{UID: "bad@x", Start: start, End: start.Add(time.Hour), Summary: "x", URL: "https://x/\r\nX-INJECTED:1"}
	if _, err := EncodeICS(MethodPublish, start, good, bad); err == nil {
		t.Fatal("the bad event encodes: the test proves nothing")
	}
	data, skipped, err := EncodeFeed(MethodPublish, start, good, bad)
	if err != nil || skipped != 1 {
		t.Fatalf("skipped %d, err %v", skipped, err)
	}
	cal, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		t.Fatal(err)
	}
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("%d events", len(events))
	}
	if s, _ := events[0].Props.Text(ical.PropSummary); s != "Ред 1\nред 2\nред 3" {
		t.Errorf("SUMMARY %q", s)
	}
}
