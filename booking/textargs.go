package booking

import (
	"strconv"
	"time"

	"github.com/priemna/priemna/booking/i18n"
	"github.com/priemna/priemna/calendar"
)

// Arguments of messages that are written in the message's language: a
// domain error is made before anyone knows who will read it.

// DateText is a date written in the reader's language.
type DateText time.Time

func (d DateText) In(lang string) string { return i18n.FormatDate(time.Time(d), lang) }

// DateTimeText is a date and time written in the reader's language.
type DateTimeText time.Time

func (d DateTimeText) In(lang string) string {
	return i18n.FormatDateTime(time.Time(d), lang)
}

// countText is a small count, in words where the catalogue has a word for
// it ("две неявявания").
type countText int

func (n countText) In(lang string) string {
	if n == 2 {
		return i18n.T(lang, "number.2")
	}
	return strconv.Itoa(int(n))
}

// RuleErrorText is the calendar's reason for rejecting a rule. The
// calendar package imports nothing of ours, so it gives its reason in both
// languages itself; a language it lacks reads the Bulgarian.
func RuleErrorText(re *calendar.RuleError) Text {
	return i18n.Given(map[string]string{"bg": re.BG, "en": re.EN})
}

// OnDateTimeText is a date and time after the word for "on", in the
// reader's language ("във вторник, …", "on Tuesday …").
type OnDateTimeText time.Time

func (d OnDateTimeText) In(lang string) string {
	return i18n.FormatOnDateTime(time.Time(d), lang)
}

// OnDateText is a date after the word for "on", in the reader's language.
type OnDateText time.Time

func (d OnDateText) In(lang string) string { return i18n.FormatOnDate(time.Time(d), lang) }
