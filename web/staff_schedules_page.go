package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
	"github.com/priemna/priemna/calendar"
)

// scheduleForm is the schedule form as submitted.
type scheduleForm struct {
	Weekdays                 []string
	Every, Ordinal           string
	From, Until, Start       string
	Duration, Slot, Capacity string
	Opens, Closes            string
	Location, Raw            string
	LocationEN               string
	Access, AccessEN         string
	StepFree, Holidays       bool
}

type checkOption struct {
	Value, Label string
	Checked      bool
}

type scheduleSummary struct {
	ID                     int64
	Words, Location, Rule  string // Words: the rule in words, or "" when it has none
	Length, Slot, Capacity string
	Active                 bool
}

type schedulesPage struct {
	formPage
	Slug      string
	Schedules []scheduleSummary
	Preview   []string
	Warnings  []string // about a schedule just saved
	Form      scheduleForm
	Weekdays  []checkOption
	Ordinals  []checkOption
	Numbers   []inputField
}

func (s *Server) schedulesPage(c echo.Context) error {
	today := s.cfg.Bookings.Today()
	f := scheduleForm{Every: "1", From: today.String(), Start: "14:00", Duration: "180", Slot: "15", Capacity: "1",
		Opens: "30", Closes: "24", Holidays: true}
	return s.showSchedules(c, http.StatusOK, f, nil, nil)
}

func (s *Server) showSchedules(c echo.Context, status int, f scheduleForm, preview []string, errs map[string]string) error {
	lang := pageLang(c)
	o, list, err := s.managedSchedules(c)
	if err != nil {
		return err
	}
	name, _ := officialName(o, lang)
	p := schedulesPage{formPage: s.formPage(c, lang, translate(lang, "schedules")+": "+name, errs), Slug: o.Slug, Preview: preview, Form: f}
	for _, sch := range list {
		if id := c.QueryParam("no-days"); id != "" && id == strconv.FormatInt(sch.ID, 10) {
			warnings, err := s.cfg.Bookings.ScheduleWarnings(c.Request().Context(), &sch)
			if err != nil {
				return err
			}
			for _, w := range warnings {
				p.Warnings = append(p.Warnings, w.In(lang))
			}
		}
		words := booking.DescribeSchedule(&sch, lang)
		p.Schedules = append(p.Schedules, scheduleSummary{ID: sch.ID, Words: words, Location: sch.Location, Rule: sch.Rule,
			Capacity: i18n.N(lang, "at-once", sch.Capacity), Active: sch.Active})
	}
	for _, d := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday} {
		v := strconv.Itoa(int(d))
		p.Weekdays = append(p.Weekdays, checkOption{v, i18n.FormatWeekday(d, lang), slices.Contains(f.Weekdays, v)})
	}
	for _, o := range []string{"", "1", "2", "3", "4", "-1", "1,3"} {
		label := translate(lang, "every-week")
		if o != "" {
			label = translate(lang, "ord-"+strings.ReplaceAll(o, ",", ""))
		}
		p.Ordinals = append(p.Ordinals, checkOption{o, label, f.Ordinal == o})
	}
	for _, n := range []struct{ id, label, value string }{
		{"duration_minutes", "duration", f.Duration}, {"slot_minutes", "slot-minutes", f.Slot}, {"capacity", "capacity", f.Capacity},
		{"booking_opens_days", "opens-days", f.Opens}, {"booking_closes_hours", "closes-hours", f.Closes},
	} {
		p.Numbers = append(p.Numbers, inputField{n.id, translate(lang, n.label), "number", n.value, p.Errors[n.id]})
	}
	return s.render(c, status, "staff_schedules", &p)
}

// ruleError is a reason the form's choice field makes no rule, in the
// calendar's own error type so that it is shown where the calendar's are.
func ruleError(field, key string) *calendar.RuleError {
	return &calendar.RuleError{BG: i18n.T("bg", key), EN: i18n.T("en", key), Field: field}
}

// ruleFaults puts the reasons the form makes no rule at their fields: a
// choice's at its control, the typed rule's at the typed rule, and any
// other under "rule" (shown with the weekdays).
func (f scheduleForm) ruleFaults(err error, lang string) map[string]string {
	faults := map[string]string{}
	var each []error
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		each = joined.Unwrap()
	} else {
		each = []error{err}
	}
	for _, e := range each {
		var re *calendar.RuleError
		if !errors.As(e, &re) {
			continue
		}
		field := re.Field
		if field == "" {
			field = f.ruleField()
		}
		if _, ok := faults[field]; !ok {
			faults[field] = booking.RuleErrorText(re).In(lang)
		}
	}
	return faults
}

// ruleField is where a fault of the rule's text is shown: at the typed
// rule when there is one.
func (f scheduleForm) ruleField() string {
	if strings.TrimSpace(f.Raw) != "" {
		return "raw_rule"
	}
	return "rule"
}

// ruleText builds the rule from the form's choices, or takes the raw rule.
func (f scheduleForm) ruleText() (string, error) {
	if strings.TrimSpace(f.Raw) != "" {
		return f.Raw, nil
	}
	spec := calendar.RuleSpec{Start: f.Start}
	var err error
	if spec.From, err = calendar.ParseDate(f.From); err != nil {
		return "", ruleError("from", "err.schedule-from-missing")
	}
	if f.Until != "" {
		if spec.Until, err = calendar.ParseDate(f.Until); err != nil {
			return "", ruleError("until", "err.schedule-until-invalid")
		}
	}
	for _, d := range f.Weekdays {
		n, err := strconv.Atoi(d)
		if err != nil || n < 0 || n > 6 {
			return "", ruleError("weekdays", "err.schedule-weekday-invalid")
		}
		spec.Weekdays = append(spec.Weekdays, time.Weekday(n))
	}
	spec.Every, _ = strconv.Atoi(f.Every)
	for _, o := range strings.Split(f.Ordinal, ",") {
		if n, err := strconv.Atoi(o); err == nil {
			spec.Ordinals = append(spec.Ordinals, n)
		}
	}
	return calendar.BuildRule(spec)
}

func (s *Server) schedulesSubmit(c echo.Context) error {
	lang := pageLang(c)
	o, err := s.managedOfficial(c, c.Param("slug"))
	if err != nil {
		return err
	}
	form, _ := c.FormParams()
	f := scheduleForm{Weekdays: form["weekday"], Every: form.Get("every"), Ordinal: form.Get("ordinal"), From: form.Get("from"),
		Until: form.Get("until"), Start: form.Get("start"), Duration: form.Get("duration_minutes"), Slot: form.Get("slot_minutes"),
		Capacity: form.Get("capacity"), Opens: form.Get("booking_opens_days"), Closes: form.Get("booking_closes_hours"),
		Location: form.Get("location"), LocationEN: form.Get("location_en"), Access: form.Get("access_note"), AccessEN: form.Get("access_note_en"),
		Raw: form.Get("raw_rule"), StepFree: form.Get("step_free") == "yes",
		Holidays: form.Get("observe_holidays") == "yes"}
	text, ruleErr := f.ruleText()
	var re *calendar.RuleError
	if ruleErr != nil && !errors.As(ruleErr, &re) {
		return ruleErr
	}
	sch := &booking.Schedule{OfficialID: o.ID, Rule: text, DurationMinutes: minutesField(f.Duration), SlotMinutes: minutesField(f.Slot),
		Capacity: minutesField(f.Capacity), Location: f.Location, LocationEN: f.LocationEN, Access: f.Access, AccessEN: f.AccessEN, StepFree: f.StepFree, BookingOpensDays: minutesField(f.Opens),
		BookingClosesHours: minutesField(f.Closes), ObserveHolidays: f.Holidays}
	// Every fault at once: the form's choices that make no rule, and each
	// other field as CreateSchedule would judge it.
	errs, _ := fieldErrors(booking.ValidateSchedule(sch), lang)
	if errs == nil {
		errs = map[string]string{}
	}
	if msg, ok := errs["rule"]; ok {
		delete(errs, "rule")
		if ruleErr == nil { // the rule's text itself
			errs[f.ruleField()] = msg
		}
	}
	for field, msg := range f.ruleFaults(ruleErr, lang) {
		errs[field] = msg
	}
	ctx := c.Request().Context()
	if c.FormValue("do") != "save" {
		// A preview needs only the rule; the rest is judged on saving.
		rule, err := calendar.ParseRule(text)
		if ruleErr != nil || err != nil {
			return s.showSchedules(c, http.StatusUnprocessableEntity, f, nil, errs)
		}
		cs := calendar.Schedule{Rule: rule, Duration: time.Duration(sch.DurationMinutes) * time.Minute, ObserveHolidays: sch.ObserveHolidays}
		today := s.cfg.Bookings.Today()
		sessions, _ := cs.Sessions(today, today.AddDays(366), nil)
		var preview []string
		for i, ses := range sessions {
			if i == 10 {
				break
			}
			line := i18n.FormatDateTime(ses.Start, lang)
			if n, err := s.cfg.Bookings.CountWaiting(c.Request().Context(), o.ID, calendar.DateOf(ses.Start)); err == nil && n > 0 {
				line += " — " + waitingText(lang, n)
			}
			preview = append(preview, line)
		}
		if len(preview) == 0 {
			warnings, err := s.cfg.Bookings.ScheduleWarnings(ctx, sch)
			if err != nil {
				return err
			}
			for _, w := range warnings {
				preview = append(preview, w.In(lang))
			}
		}
		return s.showSchedules(c, http.StatusOK, f, preview, nil)
	}
	if len(errs) > 0 {
		return s.showSchedules(c, http.StatusUnprocessableEntity, f, nil, errs)
	}
	if err := s.cfg.Bookings.CreateSchedule(ctx, currentUser(c), sch); err != nil {
		if errs, ok := fieldErrors(err, lang); ok {
			return s.showSchedules(c, http.StatusUnprocessableEntity, f, nil, errs)
		}
		return err
	}
	warnings, err := s.cfg.Bookings.ScheduleWarnings(ctx, sch)
	if err != nil {
		return err
	}
	next := "/staff/officials/" + o.Slug + "/schedules"
	if len(warnings) > 0 {
		next += "?no-days=" + strconv.FormatInt(sch.ID, 10) // the page says what the new schedule lacks
	}
	return c.Redirect(http.StatusSeeOther, next)
}

type endPage struct {
	formPage
	Slug     string
	ID       int64
	Rule     string
	Affected []string
}

// endSchedulePage lists the bookings that ending a schedule would touch,
// so that the assistant chooses what becomes of them.
func (s *Server) endSchedulePage(c echo.Context) error {
	return s.showEnd(c, http.StatusOK, nil)
}

func (s *Server) showEnd(c echo.Context, status int, errs map[string]string) error {
	lang := pageLang(c)
	o, err := s.managedOfficial(c, c.Param("slug"))
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	list, err := s.cfg.Bookings.Schedules(c.Request().Context(), o.ID)
	if err != nil {
		return err
	}
	p := endPage{formPage: s.formPage(c, lang, translate(lang, "end-schedule"), errs), Slug: o.Slug, ID: id}
	found := false
	for _, sch := range list {
		if sch.ID == id {
			p.Rule, found = sch.Rule, true
		}
	}
	if !found {
		return echo.ErrNotFound
	}
	affected, err := s.cfg.Bookings.ScheduleBookings(c.Request().Context(), o.ID, id)
	if err != nil {
		return err
	}
	for _, b := range affected {
		p.Affected = append(p.Affected, i18n.FormatDateTime(b.Start, lang)+" — "+b.Name+" ("+b.Reference+")")
	}
	return s.render(c, status, "staff_end", &p)
}

func (s *Server) endScheduleSubmit(c echo.Context) error {
	o, err := s.managedOfficial(c, c.Param("slug"))
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	_, err = s.cfg.Bookings.EndSchedule(c.Request().Context(), currentUser(c), o.ID, id, c.FormValue("bookings") == "cancel", c.FormValue("reason"))
	if errs, ok := fieldErrors(err, pageLang(c)); ok {
		return s.showEnd(c, http.StatusUnprocessableEntity, errs)
	} else if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/officials/"+o.Slug+"/schedules")
}

// minutesField reads a whole number of minutes; empty is 0 and anything
// else unreadable is -1, which validation refuses with a message.
func minutesField(v string) int {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return n
}
