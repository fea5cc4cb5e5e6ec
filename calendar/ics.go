package calendar

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"
)

// Method is an iTIP method (RFC 5546) of a calendar object.
type Method string

const (
	MethodPublish Method = "PUBLISH" // downloads and feeds
	MethodRequest Method = "REQUEST" // an invitation, or its update
	MethodCancel  Method = "CANCEL"  // withdraws an invitation with the same UID
)

// Person is an organizer or attendee.
type Person struct {
	Name, Email string
}

// Event is one appointment or reception day.
type Event struct {
	UID         string // stable for the event's life
	Sequence    int    // +1 on every change
	Start, End  time.Time
	Summary     string
	Description string
	Location    string
	URL         string
	Organizer   *Person
	Attendees   []Person
	Cancelled   bool          // STATUS:CANCELLED
	Tentative   bool          // STATUS:TENTATIVE, e.g. a hold not yet confirmed
	Alarm       time.Duration // a reminder this long before the start; 0 for none
}

const prodID = "-//Priemna//Priemna//BG"

// EncodeICS writes events as an iCalendar object with the method, a
// VTIMEZONE for Europe/Sofia, local times with TZID, DTSTAMP in UTC, and
// lines folded at 75 octets.
func EncodeICS(method Method, stamp time.Time, events ...Event) ([]byte, error) {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, prodID)
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	cal.Props.SetText(ical.PropMethod, string(method))
	cal.Children = append(cal.Children, sofiaTimezone())
	for _, ev := range events {
		cal.Children = append(cal.Children, ev.component(method, stamp))
	}
	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		return nil, fmt.Errorf("calendar: encode: %w", err)
	}
	return fold(buf.Bytes()), nil
}

// EncodeFeed is EncodeICS for a feed of many events: an event that cannot
// be encoded is left out rather than taking the whole feed down, and
// skipped counts those left out.
func EncodeFeed(method Method, stamp time.Time, events ...Event) (data []byte, skipped int, err error) {
	if data, err = EncodeICS(method, stamp, events...); err == nil {
		return data, 0, nil
	}
	good := make([]Event, 0, len(events))
	for _, ev := range events {
		if _, err := EncodeICS(method, stamp, ev); err == nil {
			good = append(good, ev)
		}
	}
	data, err = EncodeICS(method, stamp, good...)
	return data, len(events) - len(good), err
}

// icsText makes text safe for a TEXT value: line breaks of any kind
// become LF (which go-ical escapes as \n; a bare CR it refuses), and other
// control characters are dropped.
func icsText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case r < 0x20 || r == 0x7f:
			return -1
		}
		return r
	}, s)
}

func (ev Event) component(method Method, stamp time.Time) *ical.Component {
	c := ical.NewEvent()
	c.Props.SetText(ical.PropUID, ev.UID)
	seq := ical.NewProp(ical.PropSequence)
	seq.SetValueType(ical.ValueInt)
	seq.Value = strconv.Itoa(ev.Sequence)
	c.Props.Set(seq)
	c.Props.SetDateTime(ical.PropDateTimeStamp, stamp.UTC())
	c.Props.SetDateTime(ical.PropDateTimeStart, ev.Start.In(Sofia))
	c.Props.SetDateTime(ical.PropDateTimeEnd, ev.End.In(Sofia))
	c.Props.SetText(ical.PropSummary, icsText(ev.Summary))
	if ev.Description != "" {
		c.Props.SetText(ical.PropDescription, icsText(ev.Description))
	}
	if ev.Location != "" {
		c.Props.SetText(ical.PropLocation, icsText(ev.Location))
	}
	if ev.URL != "" {
		p := ical.NewProp(ical.PropURL)
		p.SetValueType(ical.ValueURI)
		p.Value = ev.URL
		c.Props.Set(p)
	}
	status := "CONFIRMED"
	switch {
	case ev.Cancelled || method == MethodCancel:
		status = "CANCELLED"
	case ev.Tentative:
		status = "TENTATIVE"
	}
	c.Props.SetText(ical.PropStatus, status)
	c.Props.SetText(ical.PropTransparency, "OPAQUE")
	if ev.Organizer != nil {
		c.Props.Set(person(ical.PropOrganizer, *ev.Organizer, ""))
	}
	for _, a := range ev.Attendees {
		partstat := "ACCEPTED"
		if method == MethodCancel {
			partstat = "DECLINED"
		}
		c.Props.Add(person(ical.PropAttendee, a, partstat))
	}
	if ev.Alarm > 0 && method != MethodCancel {
		alarm := ical.NewComponent(ical.CompAlarm)
		alarm.Props.SetText(ical.PropAction, "DISPLAY")
		alarm.Props.SetText(ical.PropDescription, ev.Summary)
		trigger := ical.NewProp(ical.PropTrigger)
		trigger.SetDuration(-ev.Alarm)
		alarm.Props.Set(trigger)
		c.Children = append(c.Children, alarm)
	}
	return c.Component
}

// person makes an ORGANIZER or ATTENDEE property. A double quote cannot
// appear in a parameter value, so names lose theirs.
func person(name string, p Person, partstat string) *ical.Prop {
	prop := ical.NewProp(name)
	prop.SetValueType(ical.ValueCalendarAddress)
	prop.Value = "mailto:" + p.Email
	if p.Name != "" {
		prop.Params.Set(ical.ParamCommonName, strings.Map(func(r rune) rune {
			if r == '"' || r < 0x20 || r == 0x7f {
				return '\''
			}
			return r
		}, p.Name))
	}
	if partstat != "" {
		prop.Params.Set(ical.ParamRole, "REQ-PARTICIPANT")
		prop.Params.Set(ical.ParamParticipationStatus, partstat)
	}
	return prop
}

// sofiaTimezone describes Europe/Sofia since the EU rules of 1996: EET
// (+02:00) from the last Sunday of October, EEST (+03:00) from the last
// Sunday of March. go-ical writes no VTIMEZONE of its own.
func sofiaTimezone() *ical.Component {
	tz := ical.NewComponent(ical.CompTimezone)
	tz.Props.SetText(ical.PropTimezoneID, "Europe/Sofia")
	for _, r := range []struct {
		comp, name, start, from, to, rule string
	}{
		{ical.CompTimezoneDaylight, "EEST", "19970330T030000", "+0200", "+0300", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"},
		{ical.CompTimezoneStandard, "EET", "19971026T040000", "+0300", "+0200", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"},
	} {
		c := ical.NewComponent(r.comp)
		c.Props.SetText(ical.PropTimezoneName, r.name)
		start := ical.NewProp(ical.PropDateTimeStart)
		start.Value = r.start
		c.Props.Set(start)
		for name, v := range map[string]string{ical.PropTimezoneOffsetFrom: r.from, ical.PropTimezoneOffsetTo: r.to} {
			p := ical.NewProp(name)
			p.SetValueType(ical.ValueUTCOffset)
			p.Value = v
			c.Props.Set(p)
		}
		rule := ical.NewProp(ical.PropRecurrenceRule)
		rule.SetValueType(ical.ValueRecurrence)
		rule.Value = r.rule
		c.Props.Set(rule)
		tz.Children = append(tz.Children, c)
	}
	return tz
}

// fold breaks lines longer than 75 octets (RFC 5545 3.1), never inside a
// UTF-8 sequence; a continuation line starts with a space.
func fold(b []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(b) + len(b)/64)
	for _, line := range bytes.SplitAfter(b, []byte("\r\n")) {
		content := bytes.TrimSuffix(line, []byte("\r\n"))
		limit := 75
		for len(content) > limit {
			cut := limit
			for cut > 0 && !utf8.RuneStart(content[cut]) {
				cut--
			}
			out.Write(content[:cut])
			out.WriteString("\r\n ")
			content = content[cut:]
			limit = 74 // the leading space counts
		}
		out.Write(content)
		if bytes.HasSuffix(line, []byte("\r\n")) {
			out.WriteString("\r\n")
		}
	}
	return out.Bytes()
}
