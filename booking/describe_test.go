package booking

import "testing"

func TestDescribeSchedule(t *testing.T) {
	for _, tc := range []struct {
		rule         string
		length, slot int
		bg, en       string
	}{
		{"DTSTART;TZID=Europe/Sofia:20260105T090000\nRRULE:FREQ=WEEKLY;BYDAY=MO", 180, 15,
			"всеки понеделник, 9:00–12:00, по 15 минути", "every Monday, 9:00–12:00, 15 minutes each"},
		{"DTSTART;TZID=Europe/Sofia:20260106T140000\nRRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=TU,WE,SA", 60, 1,
			"всеки вторник, всяка сряда и всяка събота, 14:00–15:00, по 1 минута", "every Tuesday, every Wednesday and every Saturday, 14:00–15:00, 1 minute each"},
		{"DTSTART;TZID=Europe/Sofia:20260106T100000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", 90, 30,
			"през седмица във вторник и в четвъртък, 10:00–11:30, по 30 минути", "every other week on Tuesday and Thursday, 10:00–11:30, 30 minutes each"},
		{"DTSTART;TZID=Europe/Sofia:20260105T100000\nRRULE:FREQ=WEEKLY;INTERVAL=3;BYDAY=MO;UNTIL=20260630T205959Z", 60, 20,
			"на всеки 3 седмици в понеделник, 10:00–11:00, по 20 минути, до 30 юни 2026 г.", "every 3 weeks on Monday, 10:00–11:00, 20 minutes each, until 30 June 2026"},
		{"DTSTART;TZID=Europe/Sofia:20260107T140000\nRRULE:FREQ=MONTHLY;BYDAY=WE;BYSETPOS=1,3", 120, 15,
			"всяка първа и трета сряда от месеца, 14:00–16:00, по 15 минути", "the first and third Wednesday of each month, 14:00–16:00, 15 minutes each"},
		{"DTSTART;TZID=Europe/Sofia:20260126T093000\nRRULE:FREQ=MONTHLY;BYDAY=-1MO", 60, 15,
			"всеки последен понеделник от месеца, 9:30–10:30, по 15 минути", "the last Monday of each month, 9:30–10:30, 15 minutes each"},
		// What the form cannot build is shown as it is.
		{"DTSTART;TZID=Europe/Sofia:20260105T090000\nRRULE:FREQ=DAILY", 60, 15, "", ""},
		{"not a rule", 60, 15, "", ""},
	} {
		sch := &Schedule{Rule: tc.rule, DurationMinutes: tc.length, SlotMinutes: tc.slot}
		for lang, want := range map[string]string{"bg": tc.bg, "en": tc.en} {
			if got := DescribeSchedule(sch, lang); got != want {
				t.Errorf("%q in %s:\n got %q\nwant %q", tc.rule, lang, got, want)
			}
		}
	}
}
