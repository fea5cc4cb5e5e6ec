package calendar

// Reading a rule's text: logical lines, a property's name, parameters and
// value, and the times DTSTART, RDATE and EXDATE carry.

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"
)

// unfold splits the text into logical lines, joining RFC 5545 continuation
// lines (starting with a space or tab) and dropping blank ones.
func unfold(text string) []string {
	var lines []string
	for _, raw := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if (strings.HasPrefix(raw, " ") || strings.HasPrefix(raw, "\t")) && len(lines) > 0 {
			lines[len(lines)-1] += raw[1:]
			continue
		}
		if raw = strings.TrimSpace(raw); raw != "" {
			lines = append(lines, raw)
		}
	}
	return lines
}

// splitLine splits "NAME;PARAM=V;…:VALUE" into its upper-cased name, its
// parameters and its value.
func splitLine(line string) (name string, params map[string]string, value string, err error) {
	colon := strings.IndexByte(line, ':')
	if colon <= 0 {
		return "", nil, "", ruleErrorf("редът %q няма вида ИМЕ:СТОЙНОСТ", "the line %q is not of the form NAME:VALUE", clip(line))
	}
	head, value := line[:colon], strings.TrimSpace(line[colon+1:])
	parts := strings.Split(head, ";")
	name = strings.ToUpper(strings.TrimSpace(parts[0]))
	params = map[string]string{}
	for _, p := range parts[1:] {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			return "", nil, "", ruleErrorf("параметърът %q в реда %s няма стойност", "the parameter %q of %s has no value", clip(p), name)
		}
		params[strings.ToUpper(strings.TrimSpace(k))] = strings.TrimSpace(v)
	}
	if value == "" {
		return "", nil, "", ruleErrorf("редът %s няма стойност", "the line %s has no value", name)
	}
	return name, params, value, nil
}

func clip(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		return string([]rune(s)[:40]) + "…"
	}
	return s
}

// checkZone accepts only Europe/Sofia: reception days follow Sofia's clock.
func checkZone(name string, params map[string]string) error {
	for k, v := range params {
		switch k {
		case "TZID":
			if v != "Europe/Sofia" {
				return ruleErrorf("%s: часовата зона трябва да е Europe/Sofia, а не %q", "%s: the time zone must be Europe/Sofia, not %q", name, clip(v))
			}
		case "VALUE":
			if v != "DATE" && v != "DATE-TIME" {
				return ruleErrorf("%s: неподдържан вид стойност %q", "%s: unsupported value type %q", name, clip(v))
			}
		default:
			return ruleErrorf("%s: неподдържан параметър %q", "%s: unsupported parameter %q", name, clip(k))
		}
	}
	return nil
}

// parseTime reads a DATE-TIME (local, or UTC with Z) or, when allowDate,
// a DATE, and returns it in Sofia.
func parseTime(name, value string, allowDate bool) (t time.Time, dateOnly bool, err error) {
	switch {
	case len(value) == 8 && allowDate:
		t, err = time.ParseInLocation("20060102", value, Sofia)
		dateOnly = true
	case len(value) == 15:
		t, err = time.ParseInLocation("20060102T150405", value, Sofia)
	case len(value) == 16 && strings.HasSuffix(value, "Z"):
		t, err = time.Parse("20060102T150405Z", value)
		if err == nil {
			return t, false, checkYear(name, t)
		}
	default:
		err = errors.New("bad length")
	}
	if err != nil {
		return time.Time{}, false, ruleErrorf("%s: %q не е дата и час във вида ГГГГММДДTЧЧММСС",
			"%s: %q is not a date-time of the form YYYYMMDDTHHMMSS", name, clip(value))
	}
	return firstOccurrence(t), dateOnly, checkYear(name, t)
}

func checkYear(name string, t time.Time) error {
	if t.Year() < earliestYear || t.Year() > latestYear {
		return ruleErrorf("%s: годината трябва да е между %d и %d", "%s: the year must be between %d and %d",
			name, earliestYear, latestYear)
	}
	return nil
}

func parseStart(params map[string]string, value string) (time.Time, error) {
	if err := checkZone("DTSTART", params); err != nil {
		return time.Time{}, err
	}
	if params["VALUE"] == "DATE" {
		return time.Time{}, ruleErrorf("DTSTART трябва да има и час: началото на приемния ден", "DTSTART needs a time: when the reception day begins")
	}
	t, _, err := parseTime("DTSTART", value, false)
	if err != nil {
		return time.Time{}, err
	}
	if t.Second() != 0 {
		return time.Time{}, ruleErrorf("DTSTART трябва да е на цяла минута", "DTSTART must be on a whole minute")
	}
	return t, nil
}

func parseDates(name string, params map[string]string, value string) (times []time.Time, dateOnly bool, err error) {
	if err := checkZone(name, params); err != nil {
		return nil, false, err
	}
	dateOnly = params["VALUE"] == "DATE"
	for _, v := range strings.Split(value, ",") {
		t, isDate, err := parseTime(name, strings.TrimSpace(v), true)
		if err != nil {
			return nil, false, err
		}
		if isDate != dateOnly {
			if !isDate {
				return nil, false, ruleErrorf("%s: при VALUE=DATE се дават само дати", "%s: VALUE=DATE takes dates only", name)
			}
			dateOnly = true // a bare date is read as VALUE=DATE
		}
		times = append(times, t)
	}
	return times, dateOnly, nil
}
