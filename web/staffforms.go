package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

type inputField struct{ ID, Label, Type, Value, Error string }

type unitOption struct {
	Slug, Name string
	Selected   bool
}

type officialFormPage struct {
	formPage
	Action          string
	Editing, Active bool
	Fields          []inputField
	Units           []unitOption
}

func (s *Server) requireAdmin(c echo.Context) error {
	if currentUser(c).Role != booking.RoleAdmin {
		return booking.Errorf(booking.EFORBIDDEN, "Само администратор може да прави това.", "Only an administrator can do this.")
	}
	return nil
}

// fieldErrors turns an EINVALID error into messages in the language.
func fieldErrors(err error, lang string) (map[string]string, bool) {
	var be *booking.Error
	if !errors.As(err, &be) || be.Code != booking.EINVALID {
		return nil, false
	}
	errs := map[string]string{}
	for f, m := range be.Fields {
		errs[f] = m.In(lang)
	}
	return errs, true
}

func (s *Server) officialForm(c echo.Context) error {
	if err := s.requireAdmin(c); err != nil {
		return err
	}
	return s.showOfficialForm(c, http.StatusOK, booking.OfficialInput{}, nil, nil)
}

// editing is the official being edited; nil on the form for a new one.
func (s *Server) showOfficialForm(c echo.Context, status int, in booking.OfficialInput, editing *booking.Official, errs map[string]string) error {
	lang := pageLang(c)
	units, err := s.cfg.Bookings.Units(c.Request().Context())
	if err != nil {
		return err
	}
	p := officialFormPage{formPage: s.formPage(c, lang, translate(lang, "new-official"), errs), Action: "/staff/officials/new"}
	fields := []struct{ id, label, typ, value string }{{"slug", "slug", "text", in.Slug}}
	if editing != nil {
		p.Title, p.Action, p.Editing, p.Active = editing.Name, "/staff/officials/"+editing.Slug+"/edit", true, editing.Active
		fields = nil
	}
	for _, f := range append(fields, []struct{ id, label, typ, value string }{
		{"name", "name", "text", in.Name}, {"name_en", "name-en", "text", in.NameEN},
		{"title", "title", "text", in.Title}, {"title_en", "title-en", "text", in.TitleEN},
		{"email", "office-email", "email", in.Email}, {"phone", "phone", "tel", in.Phone},
		{"hold_minutes", "hold-minutes", "number", strconv.Itoa(in.HoldMinutes)},
	}...) {
		p.Fields = append(p.Fields, inputField{f.id, translate(lang, f.label), f.typ, f.value, p.Errors[f.id]})
	}
	for _, u := range units {
		p.Units = append(p.Units, unitOption{u.Slug, pickIf(lang, u.Name, u.NameEN), u.Slug == in.Unit})
	}
	return s.render(c, status, "staff_official", &p)
}

func (s *Server) officialSubmit(c echo.Context) error {
	if err := s.requireAdmin(c); err != nil {
		return err
	}
	in := officialInputFrom(c)
	o, err := s.cfg.Bookings.CreateOfficial(c.Request().Context(), currentUser(c), in)
	if errs, ok := fieldErrors(err, pageLang(c)); ok {
		return s.showOfficialForm(c, http.StatusUnprocessableEntity, in, nil, errs)
	} else if booking.ErrorCode(err) == booking.ECONFLICT {
		return s.showOfficialForm(c, http.StatusConflict, in, nil, map[string]string{"slug": booking.ErrorMessage(err).In(pageLang(c))})
	} else if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/officials/"+o.Slug+"/schedules")
}

// scheduleForm is the schedule form as submitted.
type scheduleForm struct {
	Weekdays                 []string
	Every, Ordinal           string
	From, Until, Start       string
	Duration, Slot, Capacity string
	Opens, Closes            string
	Location, Raw            string
	StepFree, Holidays       bool
}

type checkOption struct {
	Value, Label string
	Checked      bool
}

type scheduleSummary struct {
	ID            int64
	Summary, Rule string
	Active        bool
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
	o, err := s.managedOfficial(c, c.Param("slug"))
	if err != nil {
		return err
	}
	list, err := s.cfg.Bookings.Schedules(c.Request().Context(), o.ID)
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
		p.Schedules = append(p.Schedules, scheduleSummary{sch.ID, sch.Location + " · " + strconv.Itoa(sch.DurationMinutes) + " min / " +
			strconv.Itoa(sch.SlotMinutes) + " min", sch.Rule, sch.Active})
	}
	for _, d := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday} {
		v := strconv.Itoa(int(d))
		p.Weekdays = append(p.Weekdays, checkOption{v, calendar.FormatWeekday(d, lang), contains(f.Weekdays, v)})
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

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// ruleText builds the rule from the form's choices, or takes the raw rule.
func (f scheduleForm) ruleText() (string, error) {
	if strings.TrimSpace(f.Raw) != "" {
		return f.Raw, nil
	}
	spec := calendar.RuleSpec{Start: f.Start}
	var err error
	if spec.From, err = calendar.ParseDate(f.From); err != nil {
		return "", &calendar.RuleError{BG: "Изберете от коя дата важи графикът.", EN: "Choose the date the schedule starts."}
	}
	if f.Until != "" {
		if spec.Until, err = calendar.ParseDate(f.Until); err != nil {
			return "", &calendar.RuleError{BG: "Крайната дата е невалидна.", EN: "The end date is invalid."}
		}
	}
	for _, d := range f.Weekdays {
		n, err := strconv.Atoi(d)
		if err != nil || n < 0 || n > 6 {
			return "", &calendar.RuleError{BG: "Невалиден ден от седмицата.", EN: "Invalid day of the week."}
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
		Location: form.Get("location"), Raw: form.Get("raw_rule"), StepFree: form.Get("step_free") == "yes",
		Holidays: form.Get("observe_holidays") == "yes"}
	text, err := f.ruleText()
	var re *calendar.RuleError
	if errors.As(err, &re) {
		return s.showSchedules(c, http.StatusUnprocessableEntity, f, nil, map[string]string{"rule": booking.Text{BG: re.BG, EN: re.EN}.In(lang)})
	}
	num := func(v string) int { n, _ := strconv.Atoi(strings.TrimSpace(v)); return n }
	sch := &booking.Schedule{OfficialID: o.ID, Rule: text, DurationMinutes: num(f.Duration), SlotMinutes: num(f.Slot),
		Capacity: num(f.Capacity), Location: f.Location, StepFree: f.StepFree, BookingOpensDays: num(f.Opens),
		BookingClosesHours: num(f.Closes), ObserveHolidays: f.Holidays}
	ctx := c.Request().Context()
	if c.FormValue("do") != "save" {
		rule, err := calendar.ParseRule(text)
		if err != nil {
			errors.As(err, &re)
			return s.showSchedules(c, http.StatusUnprocessableEntity, f, nil, map[string]string{"rule": booking.Text{BG: re.BG, EN: re.EN}.In(lang)})
		}
		cs := calendar.Schedule{Rule: rule, Duration: time.Duration(sch.DurationMinutes) * time.Minute, ObserveHolidays: sch.ObserveHolidays}
		today := s.cfg.Bookings.Today()
		sessions, _ := cs.Sessions(today, today.AddDays(366), nil)
		var preview []string
		for i, ses := range sessions {
			if i == 10 {
				break
			}
			line := calendar.FormatDateTime(ses.Start, lang)
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

// closeDaySubmit cancels a reception day from the day sheet.
func (s *Server) closeDaySubmit(c echo.Context) error {
	o, err := s.managedOfficial(c, c.Param("slug"))
	if err != nil {
		return err
	}
	closure, _, err := s.cfg.Bookings.CloseDay(c.Request().Context(), currentUser(c), o.ID, c.FormValue("date"), c.FormValue("reason"))
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/officials/"+o.Slug+"/day?date="+closure.Date.String())
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
		p.Affected = append(p.Affected, calendar.FormatDateTime(b.Start, lang)+" — "+b.Name+" ("+b.Reference+")")
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

func officialInputFrom(c echo.Context) booking.OfficialInput {
	return booking.OfficialInput{Slug: c.FormValue("slug"), Name: c.FormValue("name"), NameEN: c.FormValue("name_en"),
		Title: c.FormValue("title"), TitleEN: c.FormValue("title_en"), Unit: c.FormValue("unit"),
		Email: c.FormValue("email"), Phone: c.FormValue("phone"), HoldMinutes: minutesField(c.FormValue("hold_minutes"))}
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

// editOfficial shows an official's details to an administrator.
func (s *Server) editOfficial(c echo.Context) error {
	if err := s.requireAdmin(c); err != nil {
		return err
	}
	o, err := s.cfg.Bookings.Official(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	in := booking.OfficialInput{Name: o.Name, NameEN: o.NameEN, Title: o.Title, TitleEN: o.TitleEN, Unit: o.UnitSlug, Email: o.Email, Phone: o.Phone,
		HoldMinutes: o.HoldMinutes}
	return s.showOfficialForm(c, http.StatusOK, in, o, nil)
}

// updateOfficial stores an official's details, or deactivates them.
func (s *Server) updateOfficial(c echo.Context) error {
	if err := s.requireAdmin(c); err != nil {
		return err
	}
	old, err := s.cfg.Bookings.Official(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	in := officialInputFrom(c)
	_, err = s.cfg.Bookings.UpdateOfficial(c.Request().Context(), currentUser(c), old.Slug, in, c.FormValue("active") == "yes")
	if errs, ok := fieldErrors(err, pageLang(c)); ok {
		return s.showOfficialForm(c, http.StatusUnprocessableEntity, in, old, errs)
	} else if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/")
}

type unitFormPage struct {
	formPage
	Action          string
	Editing, Active bool
	Fields          []inputField
	Kinds           []checkOption
}

func (s *Server) unitForm(c echo.Context) error {
	if err := s.requireAdmin(c); err != nil {
		return err
	}
	return s.showUnitForm(c, http.StatusOK, booking.Unit{Kind: "district"}, false, nil)
}

func (s *Server) showUnitForm(c echo.Context, status int, u booking.Unit, editing bool, errs map[string]string) error {
	lang := pageLang(c)
	p := unitFormPage{formPage: s.formPage(c, lang, translate(lang, "new-unit"), errs), Action: "/staff/units/new"}
	fields := []struct{ id, label, typ, value string }{{"slug", "slug", "text", u.Slug}}
	if editing {
		p.Title, p.Action, p.Editing, p.Active, fields = u.Name, "/staff/units/"+u.Slug+"/edit", true, u.Active, nil
	}
	for _, k := range []string{"district", "mayoralty", "municipality"} {
		p.Kinds = append(p.Kinds, checkOption{k, translate(lang, "kind-"+k), u.Kind == k})
	}
	for _, f := range append(fields, []struct{ id, label, typ, value string }{
		{"name", "name", "text", u.Name}, {"name_en", "name-en", "text", u.NameEN},
		{"address", "address", "text", u.Address}, {"address_en", "address-en", "text", u.AddressEN},
		{"phone", "phone", "tel", u.Phone}, {"email", "office-email", "email", u.Email},
	}...) {
		p.Fields = append(p.Fields, inputField{f.id, translate(lang, f.label), f.typ, f.value, p.Errors[f.id]})
	}
	return s.render(c, status, "staff_unit", &p)
}

// unitSubmit adds an administrative unit (administrators).
func (s *Server) unitSubmit(c echo.Context) error {
	if err := s.requireAdmin(c); err != nil {
		return err
	}
	u := unitFrom(c)
	err := s.cfg.Bookings.CreateUnit(c.Request().Context(), currentUser(c), &u)
	if errs, ok := fieldErrors(err, pageLang(c)); ok {
		return s.showUnitForm(c, http.StatusUnprocessableEntity, u, false, errs)
	} else if booking.ErrorCode(err) == booking.ECONFLICT {
		return s.showUnitForm(c, http.StatusConflict, u, false, map[string]string{"slug": booking.ErrorMessage(err).In(pageLang(c))})
	} else if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/officials/new")
}

func unitFrom(c echo.Context) booking.Unit {
	return booking.Unit{Slug: c.FormValue("slug"), Name: c.FormValue("name"), NameEN: c.FormValue("name_en"), Kind: c.FormValue("kind"),
		Address: c.FormValue("address"), AddressEN: c.FormValue("address_en"), Phone: c.FormValue("phone"), Email: c.FormValue("email"),
		Active: c.FormValue("active") == "yes"}
}

func (s *Server) editUnit(c echo.Context) error {
	if err := s.requireAdmin(c); err != nil {
		return err
	}
	u, err := s.cfg.Bookings.Unit(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	return s.showUnitForm(c, http.StatusOK, *u, true, nil)
}

// updateUnit stores a unit's details, or closes it down.
func (s *Server) updateUnit(c echo.Context) error {
	if err := s.requireAdmin(c); err != nil {
		return err
	}
	u := unitFrom(c)
	u.Slug = c.Param("slug")
	err := s.cfg.Bookings.UpdateUnit(c.Request().Context(), currentUser(c), u.Slug, &u)
	if errs, ok := fieldErrors(err, pageLang(c)); ok {
		return s.showUnitForm(c, http.StatusUnprocessableEntity, u, true, errs)
	} else if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/")
}
