package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
	"github.com/priemna/priemna/calendar"
)

// The day sheet: an official's bookings on one day, one row per citizen,
// with the actions the desk can take now. After an action the sheet comes
// back with the row acted on focused (an anchor, and /static/sheet.js) and
// a status message saying what happened.

type sheetAction struct {
	URL, Label, Class, Name string // Name: the button's accessible name
}

type sheetRow struct {
	ID, Time, Name, Reference, Phone, Topic, Needs, Status, Arrived, Language string
	Cancelled, Focus                                                          bool
	Actions                                                                   []sheetAction
}

type sheetReview struct {
	Text string // says when the sweep marks them
	Rows []sheetRow
}

type dayPageStaff struct {
	formPage
	Slug, Date, DateLabel string
	Rows                  []sheetRow
	Summary               booking.DaySummary
	Review                *sheetReview // unmarked citizens before the no-show sweep
	Rooms                 []string
	PrintedAt             string
	Free                  []slotView // for booking on a citizen's behalf
	Form                  staffBookForm
	Notice                string // the status message after an action
	Closed                string // the persistent notice of a cancelled day
	Future, Past          bool
	Deputies              bool
	Waiting               string // how many waiting citizens the day matters to
}

// staffBookForm is the form for booking on behalf of a citizen.
type staffBookForm struct {
	Start, Name, Email, Phone, Topic, Note string
	Consent                                bool
}

// sheetActions are the day sheet's buttons, in the order shown; the status
// table and the clock (booking.Service.Offers) decide which a row offers.
var sheetActions = []struct {
	action             booking.Action
	path, label, class string
}{
	{booking.ActArrive, "arrival", "arrived", ""},
	{booking.ActNoShow, "no-show", "no-show", "no-show"},
	{booking.ActReceive, "received", "received", "secondary"},
	{booking.ActUndo, "undo", "undo-mark", "undo"},
}

// doneTexts are the status messages after each action, by path.
var doneTexts = map[string]string{"arrival": "done-arrival", "no-show": "done-no-show", "received": "done-received", "undo": "done-undo"}

// staffDay is the printable day sheet of an official.
func (s *Server) staffDay(c echo.Context) error {
	return s.showStaffDay(c, http.StatusOK, staffBookForm{}, nil)
}

func (s *Server) showStaffDay(c echo.Context, status int, form staffBookForm, errs map[string]string) error {
	lang := pageLang(c)
	ctx := c.Request().Context()
	o, err := s.managedOfficial(c, c.Param("slug"))
	if err != nil {
		return err
	}
	d, err := dateParam(c, "date", s.cfg.Bookings.Today())
	if c.Request().Method == http.MethodPost {
		d, err = calendar.ParseDate(c.FormValue("date"))
	}
	if err != nil {
		return err
	}
	list, err := s.cfg.Bookings.DaySheet(ctx, o.ID, d)
	if err != nil {
		return err
	}
	name, _ := officialName(o, lang)
	now := s.cfg.Bookings.Clock()
	today := s.cfg.Bookings.Today()
	p := dayPageStaff{formPage: s.formPage(c, lang, name+" — "+i18n.FormatDate(d.Start(), lang), errs), Slug: o.Slug, Date: d.String(),
		DateLabel: i18n.FormatDate(d.Start(), lang), Form: form, Summary: s.cfg.Bookings.Summarize(list),
		PrintedAt: i18n.FormatDateTime(now, lang), Future: today.Before(d), Past: d.Before(today)}
	if ref := c.QueryParam("booked"); ref != "" {
		p.Notice = translate(lang, "booked-for") + " " + ref
	}
	if closure, err := s.cfg.Bookings.ClosureOn(ctx, o.ID, d); err != nil {
		return err
	} else if closure != nil {
		p.Closed = s.closedNotice(c, lang, closure)
	}
	sessions, err := s.cfg.Bookings.Sessions(ctx, o.Slug, d, d)
	if err != nil {
		return err
	}
	for _, ses := range sessions {
		if room := i18n.Pick(lang, ses.Location, ses.LocationEN); !slices.Contains(p.Rooms, room) {
			p.Rooms = append(p.Rooms, room)
		}
	}
	slots, err := s.cfg.Bookings.StaffSlots(ctx, o.Slug, d)
	if err != nil {
		return err
	}
	if n, err := s.cfg.Bookings.CountWaiting(ctx, o.ID, d); err != nil {
		return err
	} else if n > 0 {
		p.Waiting = waitingText(lang, n)
	}
	deputies, err := s.cfg.Bookings.Deputies(ctx, currentUser(c), o)
	if err != nil {
		return err
	}
	p.Deputies = len(deputies) > 0
	for _, sl := range slots {
		if sl.Available > 0 {
			p.Free = append(p.Free, slotView{Start: localTime(sl.Start), Label: timeRange(sl, lang)})
		}
	}
	done, focus := c.QueryParam("done"), c.QueryParam("ref")
	for i := range list {
		row := s.sheetRow(lang, &list[i])
		if row.Reference == focus && doneTexts[done] != "" {
			row.Focus = true
			p.Notice = row.Time + ", " + row.Name + ": " + translate(lang, doneTexts[done]) + " " + translate(lang, "now-status") + " " + row.Status + "."
		}
		p.Rows = append(p.Rows, row)
	}
	// The review matters once the day's last meeting has begun.
	if unmarked := s.cfg.Bookings.Unmarked(list); len(unmarked) > 0 && !p.Past && !now.Before(lastStart(list)) {
		last := unmarked[len(unmarked)-1]
		r := &sheetReview{Text: i18n.T(lang, "review-text", i18n.FormatTime(s.cfg.Bookings.SweepTime(&last), lang))}
		for i := range unmarked {
			r.Rows = append(r.Rows, s.sheetRow(lang, &unmarked[i]))
		}
		p.Review = r
	}
	return s.render(c, status, "staff_day", &p)
}

// lastStart is the start of the day's last booked slot.
func lastStart(list []booking.Booking) time.Time {
	var t time.Time
	for _, b := range list {
		if b.Status.HoldsSeat() && b.Start.After(t) {
			t = b.Start
		}
	}
	return t
}

func (s *Server) sheetRow(lang string, b *booking.Booking) sheetRow {
	row := sheetRow{ID: "b-" + b.Reference, Time: i18n.FormatTime(b.Start, lang), Name: b.Name, Reference: b.Reference, Phone: b.Phone,
		Topic: b.Topic, Status: booking.StatusText(b.Status).In(lang), Cancelled: b.Status == booking.StatusCancelled,
		Language: translate(lang, "lang-"+b.Language)}
	if len(b.Accessibility.Needs) > 0 || b.Accessibility.Note != "" {
		row.Needs = needsText(lang, b.Accessibility.Needs, b.Accessibility.Note)
	}
	if !b.ArrivedAt.IsZero() {
		row.Arrived = i18n.FormatTime(b.ArrivedAt, lang)
	}
	if !b.ReceivedAt.IsZero() {
		row.Arrived += " → " + i18n.FormatTime(b.ReceivedAt, lang)
	}
	for _, a := range sheetActions {
		if s.cfg.Bookings.Offers(b, a.action) {
			label := translate(lang, a.label)
			row.Actions = append(row.Actions, sheetAction{URL: "/staff/bookings/" + b.Reference + "/" + a.path, Label: label, Class: a.class,
				Name: label + " — " + i18n.FormatTime(b.Start, lang) + ", " + b.Name})
		}
	}
	return row
}

// staffAction records arrival, no-show, the meeting begun or an undo from
// the day sheet and returns to the row acted on.
func (s *Server) staffAction(c echo.Context) error {
	b, err := s.staffBooking(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	by := currentUser(c)
	action := c.Param("action")
	switch action {
	case "arrival":
		_, err = s.cfg.Bookings.RecordArrival(ctx, by, b.Reference, s.cfg.Bookings.Clock())
	case "no-show":
		_, err = s.cfg.Bookings.MarkNoShow(ctx, by, b.Reference)
	case "received":
		_, err = s.cfg.Bookings.RecordReceived(ctx, by, b.Reference, time.Time{})
	case "undo":
		_, err = s.cfg.Bookings.UndoStatus(ctx, by, b.Reference)
	case "strike-cancel", "strike-keep":
		return s.decideContest(c, b, action == "strike-cancel")
	default:
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	q := url.Values{"date": {calendar.DateOf(b.Start).String()}, "done": {action}, "ref": {b.Reference}}
	return c.Redirect(http.StatusSeeOther, "/staff/officials/"+b.OfficialSlug+"/day?"+q.Encode()+"#b-"+b.Reference)
}

// staffBook books for a citizen who phoned or came in: the email may be
// left out, and staff confirm the citizen agreed to the data processing.
// Every problem is reported at once.
func (s *Server) staffBook(c echo.Context) error {
	lang := pageLang(c)
	o, err := s.managedOfficial(c, c.Param("slug"))
	if err != nil {
		return err
	}
	f := staffBookForm{Start: c.FormValue("start"), Name: c.FormValue("name"), Email: c.FormValue("email"), Phone: c.FormValue("phone"),
		Topic: c.FormValue("topic"), Note: c.FormValue("note"), Consent: c.FormValue("consent") == "yes"}
	req := booking.BookRequest{Official: o.Slug, Start: f.Start, Name: f.Name, Email: f.Email, Phone: f.Phone, Topic: f.Topic,
		Accessibility: booking.Accessibility{Note: f.Note}, Language: "bg", ByStaff: currentUser(c)}
	if f.Note != "" {
		req.Accessibility.Needs = []booking.Need{"other"}
	}
	if !f.Consent {
		check := req
		check.Normalize()
		errs, _ := fieldErrors(check.Validate(), lang)
		if errs == nil {
			errs = map[string]string{}
		}
		errs["consent"] = translate(lang, "consent-needed-staff")
		return s.showStaffDay(c, http.StatusUnprocessableEntity, f, staffErrors(lang, f, errs))
	}
	b, _, err := s.cfg.Bookings.Book(c.Request().Context(), req)
	if errs, ok := fieldErrors(err, lang); ok {
		return s.showStaffDay(c, http.StatusUnprocessableEntity, f, staffErrors(lang, f, errs))
	} else if code := booking.ErrorCode(err); code == booking.ESLOTFULL || code == booking.ENOTBOOKABLE {
		return s.showStaffDay(c, http.StatusConflict, f, map[string]string{"start": booking.ErrorMessage(err).In(lang)})
	} else if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/officials/"+o.Slug+"/day?date="+url.QueryEscape(c.FormValue("date"))+"&booked="+b.Reference)
}

// staffErrors words the citizen form's messages about missing details
// for staff: they are told what the citizen's details lack, not "enter
// your name".
func staffErrors(lang string, f staffBookForm, errs map[string]string) map[string]string {
	for field, v := range map[string]string{"name": f.Name, "topic": f.Topic, "start": f.Start} {
		if _, bad := errs[field]; bad && strings.TrimSpace(v) == "" {
			errs[field] = translate(lang, "staff-err-"+field)
		}
	}
	return errs
}

// closedNotice says that the day was cancelled or handed over, why, and
// how many citizens were told.
func (s *Server) closedNotice(c echo.Context, lang string, cl *booking.Closure) string {
	text := translate(lang, "day-cancelled-staff")
	if cl.DeputyID != 0 {
		text = translate(lang, "day-handed-staff")
		if list, err := s.cfg.Bookings.Officials(c.Request().Context()); err == nil {
			for i := range list {
				if list[i].ID == cl.DeputyID {
					name, _ := officialName(&list[i], lang)
					text += " (" + name + ")"
				}
			}
		}
	}
	return text + ": " + cl.Reason + ". " + toldText(lang, cl.Told)
}

// toldText says how many citizens were sent a letter.
func toldText(lang string, n int) string {
	return i18n.N(lang, "told", n)
}
