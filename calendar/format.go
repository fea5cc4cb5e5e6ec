package calendar

import (
	"fmt"
	"time"
)

var (
	weekdaysBG = [...]string{"неделя", "понеделник", "вторник", "сряда", "четвъртък", "петък", "събота"}
	monthsBG   = [...]string{"", "януари", "февруари", "март", "април", "май", "юни", "юли", "август",
		"септември", "октомври", "ноември", "декември"}
)

// FormatDate writes the Sofia date of t as a person writes it:
// "вторник, 24 март 2026 г." or "Tuesday 24 March 2026".
func FormatDate(t time.Time, lang string) string {
	t = t.In(Sofia)
	if lang == "en" {
		return t.Format("Monday 2 January 2006")
	}
	return fmt.Sprintf("%s, %d %s %d г.", weekdaysBG[t.Weekday()], t.Day(), monthsBG[t.Month()], t.Year())
}

// FormatTime writes the Sofia time of day of t: "14:00 ч." or "14:00".
func FormatTime(t time.Time, lang string) string {
	if lang == "en" {
		return t.In(Sofia).Format("15:04")
	}
	return t.In(Sofia).Format("15:04") + " ч."
}

// FormatDateTime writes date and time together:
// "вторник, 24 март 2026 г., 14:00 ч." or "Tuesday 24 March 2026, 14:00".
func FormatDateTime(t time.Time, lang string) string {
	return FormatDate(t, lang) + ", " + FormatTime(t, lang)
}

// FormatWeekday names a day of the week: "понеделник" or "Monday".
func FormatWeekday(d time.Weekday, lang string) string {
	if lang == "en" {
		return d.String()
	}
	return weekdaysBG[d]
}
