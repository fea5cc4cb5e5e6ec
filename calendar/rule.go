package calendar

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/teambition/rrule-go"
)

// Limits that keep a rule cheap to expand and meaningful as reception days.
const (
	maxRuleBytes = 4096
	maxRuleLines = 64
	maxInterval  = 99
	maxCount     = 1000
	earliestYear = 2000
	latestYear   = 2100
)

// RuleError explains, in Bulgarian and English, why a rule was rejected.
type RuleError struct {
	BG, EN string
}

func (e *RuleError) Error() string { return "calendar: invalid rule: " + e.EN }

func ruleErrorf(bg, en string, args ...any) *RuleError {
	return &RuleError{BG: fmt.Sprintf(bg, args...), EN: fmt.Sprintf(en, args...)}
}

// Rule is a validated reception-day rule: a DTSTART in Europe/Sofia whose
// time of day is when each reception day begins, an optional RRULE, and
// optional RDATE and EXDATE lists. Its DTSTART is its first real occurrence.
type Rule struct {
	dtstart time.Time    // in Sofia, or in UTC when the rule was given in UTC
	utc     bool         // DTSTART was given in UTC: occurrences keep its UTC time of day (RFC 5545 3.3.5)
	rule    *rrule.RRule // nil when the rule is DTSTART and RDATEs only
	rdates  []time.Time
	exdates map[time.Time]bool // instants, in UTC
	exdays  map[Date]bool      // EXDATE;VALUE=DATE: the whole day
}

// ParseRule parses and validates RFC 5545 text: DTSTART (TZID=Europe/Sofia,
// floating local time, or UTC), at most one RRULE, and any EXDATE and RDATE
// lines, separated by newlines. It never panics, whatever the input.
func ParseRule(text string) (r *Rule, err error) {
	defer func() {
		if p := recover(); p != nil {
			r, err = nil, ruleErrorf("правилото не може да бъде разчетено", "the rule cannot be interpreted")
		}
	}()
	if len(text) > maxRuleBytes {
		return nil, ruleErrorf("правилото е по-дълго от %d байта", "the rule is longer than %d bytes", maxRuleBytes)
	}
	if !utf8.ValidString(text) {
		return nil, ruleErrorf("правилото съдържа невалидни символи (UTF-8)", "the rule contains invalid UTF-8")
	}
	lines := unfold(text)
	if len(lines) == 0 {
		return nil, ruleErrorf("правилото е празно", "the rule is empty")
	}
	if len(lines) > maxRuleLines {
		return nil, ruleErrorf("правилото има повече от %d реда", "the rule has more than %d lines", maxRuleLines)
	}

	r = &Rule{exdates: map[time.Time]bool{}, exdays: map[Date]bool{}}
	var ruleText string
	var sawStart, sawRule bool
	for _, line := range lines {
		name, params, value, err := splitLine(line)
		if err != nil {
			return nil, err
		}
		switch name {
		case "DTSTART":
			if sawStart {
				return nil, ruleErrorf("DTSTART е зададен повече от веднъж", "DTSTART is given more than once")
			}
			sawStart = true
			if r.dtstart, err = parseStart(params, value); err != nil {
				return nil, err
			}
			r.utc = r.dtstart.Location() == time.UTC
		case "RRULE":
			if sawRule {
				return nil, ruleErrorf("допуска се само един ред RRULE", "only one RRULE line is allowed")
			}
			sawRule = true
			ruleText = value
		case "RDATE", "EXDATE":
			times, dateOnly, err := parseDates(name, params, value)
			if err != nil {
				return nil, err
			}
			for _, t := range times {
				switch {
				case name == "RDATE":
					r.rdates = append(r.rdates, t)
				case dateOnly:
					r.exdays[DateOf(t)] = true
				default:
					r.exdates[t.UTC()] = true
				}
			}
		default:
			return nil, ruleErrorf("непознат ред %q: допускат се DTSTART, RRULE, RDATE и EXDATE",
				"unknown property %q: DTSTART, RRULE, RDATE and EXDATE are allowed", name)
		}
	}
	if !sawStart {
		return nil, ruleErrorf("липсва DTSTART: началото на първия приемен ден", "DTSTART is missing: when the first reception day begins")
	}
	// RDATEs given as dates take the reception day's starting time.
	for i, t := range r.rdates {
		if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && (r.dtstart.Hour() != 0 || r.dtstart.Minute() != 0) {
			r.rdates[i] = firstOccurrence(time.Date(t.Year(), t.Month(), t.Day(), r.dtstart.Hour(), r.dtstart.Minute(), 0, 0, r.dtstart.Location()))
		}
	}
	if sawRule {
		opt, err := parseRRule(ruleText, r.dtstart)
		if err != nil {
			return nil, err
		}
		if r.rule, err = rrule.NewRRule(*opt); err != nil {
			return nil, ruleErrorf("невалидно правило RRULE: %v", "invalid RRULE: %v", err)
		}
		// DTSTART becomes the rule's first real occurrence, so that every
		// calendar reading the rule agrees on it.
		first := firstOccurrence(r.rule.After(r.dtstart, true))
		if first.IsZero() {
			r.rule = nil
		} else if !first.Equal(r.dtstart) {
			r.dtstart = first
			opt.Dtstart = first
			if r.rule, err = rrule.NewRRule(*opt); err != nil {
				return nil, ruleErrorf("невалидно правило RRULE: %v", "invalid RRULE: %v", err)
			}
		}
	}
	if !sawRule && !slices.ContainsFunc(r.rdates, r.dtstart.Equal) {
		r.rdates = append(r.rdates, r.dtstart) // without RRULE, DTSTART is a reception day itself
	}
	slices.SortFunc(r.rdates, time.Time.Compare)
	if r.rule == nil && len(r.rdates) > 0 {
		r.dtstart = r.rdates[0]
	}
	if first, ok := r.first(); !ok {
		return nil, ruleErrorf("правилото не поражда нито един приемен ден", "the rule produces no reception days")
	} else if first.Year() > latestYear {
		return nil, ruleErrorf("първият приемен ден е след %d г.", "the first reception day is after %d", latestYear)
	}
	return r, nil
}

// first returns the first occurrence that no EXDATE removes.
func (r *Rule) first() (time.Time, bool) {
	end := time.Date(latestYear+1, 1, 1, 0, 0, 0, 0, Sofia)
	from := r.dtstart
	for from.Before(end) {
		to := from.AddDate(1, 0, 0)
		occ, err := r.Occurrences(from, to)
		if err != nil || len(occ) > 0 {
			if len(occ) == 0 {
				return time.Time{}, false
			}
			return occ[0], true
		}
		from = to
	}
	return time.Time{}, false
}

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

// firstOccurrence resolves a Sofia wall-clock time that occurs twice (the
// hour repeated when the clocks go back in October) to its first
// occurrence, as RFC 5545 (3.3.5) requires; Go's time.Date may pick either.
func firstOccurrence(t time.Time) time.Time {
	if t.Location() != Sofia {
		return t
	}
	earlier := t.Add(-time.Hour)
	if earlier.Hour() == t.Hour() && earlier.Minute() == t.Minute() {
		return earlier
	}
	return t
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

// parseRRule parses the RRULE value and checks what rrule-go does not: the
// frequencies that make sense for reception days and the ranges of every
// number, some of which would make rrule-go panic.
func parseRRule(value string, dtstart time.Time) (*rrule.ROption, error) {
	seen := map[string]bool{}
	for _, part := range strings.Split(value, ";") {
		key, _, _ := strings.Cut(part, "=")
		key = strings.ToUpper(strings.TrimSpace(key))
		if seen[key] {
			return nil, ruleErrorf("RRULE: %s е зададен повече от веднъж", "RRULE: %s is given more than once", clip(key))
		}
		seen[key] = true
		switch key {
		case "BYHOUR", "BYMINUTE", "BYSECOND":
			return nil, ruleErrorf("RRULE: %s не се допуска; часът на приемния ден се взема от DTSTART",
				"RRULE: %s is not allowed; the reception day's time comes from DTSTART", key)
		case "BYEASTER":
			return nil, ruleErrorf("RRULE: BYEASTER не се поддържа", "RRULE: BYEASTER is not supported")
		}
	}
	opt, err := rrule.StrToROptionInLocation(strings.ToUpper(value), dtstart.Location())
	if err != nil {
		return nil, ruleErrorf("RRULE не може да бъде разчетено: %v", "RRULE cannot be read: %v", err)
	}
	if until := untilValue(value); len(until) == 8 {
		// A date-only UNTIL includes its own day (RFC 5545: the last
		// instance may fall on it); rrule-go reads it as that day's midnight.
		d := opt.Until
		opt.Until = time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 59, 0, dtstart.Location())
	}
	switch opt.Freq {
	case rrule.DAILY, rrule.WEEKLY, rrule.MONTHLY, rrule.YEARLY:
	default:
		return nil, ruleErrorf("RRULE: FREQ трябва да е DAILY, WEEKLY, MONTHLY или YEARLY",
			"RRULE: FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY")
	}
	if !opt.Dtstart.IsZero() {
		return nil, ruleErrorf("RRULE: началото се задава с отделен ред DTSTART", "RRULE: give the start in a separate DTSTART line")
	}
	if seen["INTERVAL"] && (opt.Interval < 1 || opt.Interval > maxInterval) {
		return nil, ruleErrorf("RRULE: INTERVAL трябва да е между 1 и %d", "RRULE: INTERVAL must be between 1 and %d", maxInterval)
	}
	if seen["COUNT"] && (opt.Count < 1 || opt.Count > maxCount) {
		return nil, ruleErrorf("RRULE: COUNT трябва да е между 1 и %d", "RRULE: COUNT must be between 1 and %d", maxCount)
	}
	if seen["COUNT"] && seen["UNTIL"] {
		return nil, ruleErrorf("RRULE: COUNT и UNTIL не могат да се зададат заедно", "RRULE: COUNT and UNTIL cannot both be given")
	}
	if seen["UNTIL"] && opt.Until.Before(dtstart) {
		return nil, ruleErrorf("RRULE: UNTIL е преди DTSTART", "RRULE: UNTIL is before DTSTART")
	}
	for _, w := range opt.Byweekday {
		n := w.N()
		switch {
		case n == 0:
		case opt.Freq == rrule.MONTHLY && (n < -5 || n > 5):
			return nil, ruleErrorf("RRULE: BYDAY=%s: в месеца има най-много 5 еднакви дни от седмицата",
				"RRULE: BYDAY=%s: a month has at most 5 of each weekday", w.String())
		case opt.Freq == rrule.YEARLY && (n < -53 || n > 53):
			return nil, ruleErrorf("RRULE: BYDAY=%s: годината има най-много 53 седмици", "RRULE: BYDAY=%s: a year has at most 53 weeks", w.String())
		case opt.Freq != rrule.MONTHLY && opt.Freq != rrule.YEARLY:
			return nil, ruleErrorf("RRULE: пореден ден от седмицата (%s) се допуска само при MONTHLY и YEARLY",
				"RRULE: an ordinal weekday (%s) is allowed only with MONTHLY or YEARLY", w.String())
		}
	}
	for _, c := range []struct {
		name     string
		values   []int
		lo, hi   int
		negative bool
	}{
		{"BYSETPOS", opt.Bysetpos, 1, 366, true},
		{"BYMONTH", opt.Bymonth, 1, 12, false},
		{"BYMONTHDAY", opt.Bymonthday, 1, 31, true},
		{"BYYEARDAY", opt.Byyearday, 1, 366, true},
		{"BYWEEKNO", opt.Byweekno, 1, 53, true},
	} {
		for _, v := range c.values {
			if v < 0 && c.negative {
				v = -v
			}
			if v < c.lo || v > c.hi {
				sign := ""
				if c.negative {
					sign = "±"
				}
				return nil, ruleErrorf("RRULE: %s трябва да е между %s%d и %s%d", "RRULE: %s must be between %s%d and %s%d",
					c.name, sign, c.lo, sign, c.hi)
			}
		}
	}
	if len(opt.Byweekno) > 0 && opt.Freq != rrule.YEARLY {
		return nil, ruleErrorf("RRULE: BYWEEKNO се допуска само при YEARLY", "RRULE: BYWEEKNO is allowed only with YEARLY")
	}
	if len(opt.Bysetpos) > 0 && len(opt.Byweekday)+len(opt.Bymonthday)+len(opt.Byyearday)+len(opt.Byweekno)+len(opt.Bymonth) == 0 {
		return nil, ruleErrorf("RRULE: BYSETPOS изисква и друго BYxxx правило", "RRULE: BYSETPOS needs another BYxxx part")
	}
	opt.Dtstart = dtstart
	return opt, nil
}

// untilValue returns the text of the UNTIL part of an RRULE value.
func untilValue(value string) string {
	for _, part := range strings.Split(value, ";") {
		if k, v, _ := strings.Cut(part, "="); strings.EqualFold(strings.TrimSpace(k), "UNTIL") {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// Start returns DTSTART: the first reception day's start, in Sofia.
func (r *Rule) Start() time.Time { return r.dtstart.In(Sofia) }

// Occurrences returns the start of every reception day in [from, to), in
// Sofia, sorted. It recovers from any panic inside rrule-go.
func (r *Rule) Occurrences(from, to time.Time) (occ []time.Time, err error) {
	defer func() {
		if p := recover(); p != nil {
			occ, err = nil, ruleErrorf("правилото не може да бъде разгърнато", "the rule cannot be expanded")
		}
	}()
	if !from.Before(to) {
		return nil, nil
	}
	if r.rule != nil {
		occ = r.between(from, to) // anchored near from: see anchor.go
		if n := len(occ); n > 0 && !occ[n-1].Before(to) {
			occ = occ[:n-1] // Between is inclusive at both ends
		}
		for i, t := range occ {
			occ[i] = firstOccurrence(t.In(Sofia))
		}
	}
	for _, t := range r.rdates {
		if !t.Before(from) && t.Before(to) && !slices.ContainsFunc(occ, t.Equal) {
			occ = append(occ, t.In(Sofia))
		}
	}
	if len(r.rdates) > 0 {
		slices.SortFunc(occ, time.Time.Compare)
	}
	if len(r.exdates) > 0 || len(r.exdays) > 0 {
		occ = slices.DeleteFunc(occ, func(t time.Time) bool {
			return r.exdates[t.UTC()] || r.exdays[DateOf(t)]
		})
	}
	return occ, nil
}

// String returns the rule as normalised RFC 5545 text, one property a line.
func (r *Rule) String() string {
	var b strings.Builder
	if r.utc {
		b.WriteString("DTSTART:" + r.dtstart.Format("20060102T150405Z"))
	} else {
		b.WriteString("DTSTART;TZID=Europe/Sofia:" + r.dtstart.In(Sofia).Format("20060102T150405"))
	}
	if r.rule != nil {
		b.WriteString("\nRRULE:" + r.rule.OrigOptions.RRuleString())
	}
	if len(r.rdates) > 0 {
		b.WriteString("\nRDATE;TZID=Europe/Sofia:" + joinTimes(r.rdates))
	}
	if len(r.exdates) > 0 {
		var ts []time.Time
		for t := range r.exdates {
			ts = append(ts, t.In(Sofia))
		}
		slices.SortFunc(ts, time.Time.Compare)
		b.WriteString("\nEXDATE;TZID=Europe/Sofia:" + joinTimes(ts))
	}
	if len(r.exdays) > 0 {
		var ds []string
		for d := range r.exdays {
			ds = append(ds, strings.ReplaceAll(d.String(), "-", ""))
		}
		slices.Sort(ds)
		b.WriteString("\nEXDATE;VALUE=DATE:" + strings.Join(ds, ","))
	}
	return b.String()
}

func joinTimes(ts []time.Time) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = t.In(Sofia).Format("20060102T150405")
	}
	return strings.Join(s, ",")
}
