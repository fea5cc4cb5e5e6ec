package web

import (
	"strconv"

	"github.com/priemna/priemna/booking"
)

// The strings of the day sheet, the check pages before cancelling or
// handing over a day, and the staff navigation (issue 13), kept together
// until they move into the one catalogue. Keys ending in -one/-other are
// plural forms: CLDR gives Bulgarian and English the same two categories
// (one for exactly 1, other for the rest).
var staffDayCatalog = map[string]booking.Text{
	"staff-nav":            {BG: "Навигация за служители", EN: "Staff navigation"},
	"nav-day-sheet":        {BG: "Дневен лист", EN: "Day sheet"},
	"undo-mark":            {BG: "Връщане назад", EN: "Undo"},
	"done-arrival":         {BG: "пристигането е отбелязано.", EN: "the arrival is recorded."},
	"done-no-show":         {BG: "отбелязано е неявяване.", EN: "marked as a no-show."},
	"done-received":        {BG: "срещата е започнала.", EN: "the meeting has begun."},
	"done-undo":            {BG: "отбелязването е върнато назад.", EN: "the mark is undone."},
	"now-status":           {BG: "Състояние:", EN: "Status:"},
	"start-col":            {BG: "Начало", EN: "Start"},
	"meeting-start":        {BG: "Начало на срещата", EN: "Meeting start"},
	"language-col":         {BG: "Език", EN: "Language"},
	"lang-bg":              {BG: "български", EN: "Bulgarian"},
	"lang-en":              {BG: "английски", EN: "English"},
	"lang-":                {BG: "български", EN: "Bulgarian"},
	"sum-title":            {BG: "Денят накратко", EN: "The day at a glance"},
	"sum-booked":           {BG: "Записани", EN: "Booked"},
	"sum-arrived":          {BG: "Пристигнали", EN: "Arrived"},
	"sum-late":             {BG: "от тях със закъснение", EN: "of them late"},
	"sum-to-come":          {BG: "Предстоят", EN: "Still to come"},
	"sum-no-shows":         {BG: "Неявявания", EN: "No-shows"},
	"room":                 {BG: "Място", EN: "Room"},
	"printed-at":           {BG: "Отпечатано", EN: "Printed"},
	"tick":                 {BG: "Отметка", EN: "Tick"},
	"export-codes":         {BG: "CSV с кодове (за програми)", EN: "CSV with codes (for programs)"},
	"day-changes":          {BG: "Промяна на деня", EN: "Changing the day"},
	"topic-staff":          {BG: "Въпрос на гражданина", EN: "The citizen's matter"},
	"contact-col":          {BG: "Как ще бъде уведомен", EN: "How they are told"},
	"today-title":          {BG: "Днес", EN: "Today"},
	"day-cancelled-public": {BG: "Този приемен ден е отменен", EN: "This reception day has been cancelled"},
	"rule-as-text":         {BG: "Правилото като текст (RFC 5545)", EN: "The rule as text (RFC 5545)"},
	"at-once-one":          {BG: "по {n} гражданин", EN: "{n} citizen at a time"},
	"at-once-other":        {BG: "по {n} граждани едновременно", EN: "{n} citizens at a time"},
	"print":                {BG: "Печат", EN: "Print"},
	"future-day":           {BG: "Този ден предстои: пристигане и неявяване се отбелязват в деня на срещата.", EN: "This day is still to come: arrivals and no-shows are recorded on the day."},
	"review-title":         {BG: "Преди края на деня", EN: "Before the day ends"},
	"review-text":          {BG: "Тези граждани още не са отбелязани. Ако са дошли, отбележете пристигането им. Иначе системата ще ги отбележи като неявили се сама след края на часа им (последният — в {t}).", EN: "These citizens are not marked yet. If they came, record their arrival. Otherwise the system will mark them as no-shows by itself after their meeting time ends (the last at {t})."},
	"close-day-check":      {BG: "Отмяна на приемния ден…", EN: "Cancel the reception day…"},
	"handover-check":       {BG: "Предаване на деня на заместник…", EN: "Hand the day over to a deputy…"},
	"close-check-title":    {BG: "Проверете, преди да отмените приемния ден", EN: "Check before you cancel the reception day"},
	"handover-check-title": {BG: "Проверете, преди да предадете деня", EN: "Check before you hand the day over"},
	"will-be-told":         {BG: "Тези граждани ще получат писмо с причината:", EN: "These citizens will be sent a letter with the reason:"},
	"will-be-moved":        {BG: "Тези граждани ще бъдат записани при заместника в същия час и ще получат писмо с причината:", EN: "These citizens will be booked with the deputy at the same time and sent a letter with the reason:"},
	"no-email":             {BG: "без имейл — обадете се по телефона", EN: "no email — phone them"},
	"nobody-to-tell":       {BG: "В този ден няма записани граждани: никой няма да бъде уведомен.", EN: "Nobody is booked on this day: nobody will be told."},
	"reason-staff":         {BG: "Причина (задължително; съобщава се на гражданите)", EN: "Reason (required; citizens are told it)"},
	"confirm-close":        {BG: "Отменете приемния ден и уведомете гражданите", EN: "Cancel the reception day and tell the citizens"},
	"confirm-handover":     {BG: "Предайте деня и уведомете гражданите", EN: "Hand the day over and tell the citizens"},
	"keep-day":             {BG: "Назад към дневния лист, без промяна", EN: "Back to the day sheet, changing nothing"},
	"day-cancelled-staff":  {BG: "Приемният ден е отменен", EN: "The reception day is cancelled"},
	"day-handed-staff":     {BG: "Приемният ден е предаден на заместник", EN: "The reception day is handed over to a deputy"},
	"told-one":             {BG: "Уведомен е {n} гражданин.", EN: "{n} citizen was told."},
	"told-other":           {BG: "Уведомени са {n} граждани.", EN: "{n} citizens were told."},
	"today-one":            {BG: "{n} записан гражданин", EN: "{n} citizen booked"},
	"today-other":          {BG: "{n} записани граждани", EN: "{n} citizens booked"},
	"no-deputies":          {BG: "Няма кой да замести: заместник може да бъде длъжностно лице от същата структура или посочено от администратор.", EN: "Nobody can deputise: a deputy is an official of the same unit or one chosen by an administrator."},
	"consent-needed-staff": {BG: "Отбележете, че гражданинът е съгласен данните му да бъдат обработени.", EN: "Tick that the citizen agrees to the processing of their data."},
	"staff-err-name":       {BG: "Въведете името и фамилията на гражданина.", EN: "Enter the citizen's full name."},
	"staff-err-start":      {BG: "Изберете начало на срещата.", EN: "Choose the meeting start."},
	"staff-err-topic":      {BG: "Въведете накратко въпроса на гражданина.", EN: "Enter the citizen's matter briefly."},
}

func init() {
	for k, v := range staffDayCatalog {
		if _, dup := catalog[k]; dup {
			panic("web: text defined twice: " + k)
		}
		catalog[k] = v
	}
}

// translatePlural picks the plural form of key for n (see above).
func translatePlural(lang, key string, n int) string {
	if n == 1 {
		return translate(lang, key+"-one")
	}
	return translate(lang, key+"-other")
}

func itoa(n int) string { return strconv.Itoa(n) }
