package i18n

import (
	"strconv"
	"time"

	"github.com/priemna/priemna/calendar"
)

// Dates and times as a person writes them in each language, in Sofia's
// time: the names of days and months and the shape of a date are
// messages of the catalogue like any other ("format.date", "format.time", "format.weekday.N",
// "format.month.N"), so a new language brings its own.

// FormatDate writes the Sofia date of t: "вторник, 24 март 2026 г." or
// "Tuesday 24 March 2026".
func FormatDate(t time.Time, lang string) string {
	t = t.In(calendar.Sofia)
	return T(lang, "format.date", FormatWeekday(t.Weekday(), lang), t.Day(), T(lang, "format.month."+strconv.Itoa(int(t.Month()))), t.Year())
}

// FormatOnDate writes the Sofia date of t after the word for "on", which
// in Bulgarian agrees with the weekday: "във вторник, 24 март 2026 г.",
// "в сряда, …"; "on Tuesday 24 March 2026".
func FormatOnDate(t time.Time, lang string) string {
	t = t.In(calendar.Sofia)
	return T(lang, "format.date", T(lang, "format.on-weekday."+strconv.Itoa(int(t.Weekday()))), t.Day(), T(lang, "format.month."+strconv.Itoa(int(t.Month()))), t.Year())
}

// FormatOnDateTime is FormatOnDate with the time of day.
func FormatOnDateTime(t time.Time, lang string) string {
	return T(lang, "format.date-time", FormatOnDate(t, lang), FormatTime(t, lang))
}

// FormatTime writes the Sofia time of day of t: "14:00 ч." or "14:00".
func FormatTime(t time.Time, lang string) string {
	return T(lang, "format.time", t.In(calendar.Sofia).Format("15:04"))
}

// FormatDateTime writes date and time together:
// "вторник, 24 март 2026 г., 14:00 ч." or "Tuesday 24 March 2026, 14:00".
func FormatDateTime(t time.Time, lang string) string {
	return T(lang, "format.date-time", FormatDate(t, lang), FormatTime(t, lang))
}

// FormatWeekday names a day of the week: "понеделник" or "Monday".
func FormatWeekday(d time.Weekday, lang string) string {
	return T(lang, "format.weekday."+strconv.Itoa(int(d)))
}
