package web

import (
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/altcha-org/altcha-lib-go"
	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
	"github.com/priemna/priemna/calendar"
)

// bookForm is the booking form as submitted.
type bookForm struct {
	Start string
	citizenForm
	Priority string
}

func readBookForm(c echo.Context) bookForm {
	form, _ := c.FormParams()
	return bookForm{Start: form.Get("start"), citizenForm: readCitizenForm(form), Priority: priorityParam(c)}
}

func (f bookForm) request(slug string) booking.BookRequest {
	return booking.BookRequest{Official: slug, Start: f.Start, Citizen: f.citizen(), PriorityPass: f.Priority}
}

func (f bookForm) hidden() []hiddenField {
	h := []hiddenField{{"start", f.Start}, {"name", f.Name}, {"email", f.Email}, {"phone", f.Phone}, {"topic", f.Topic},
		{"note", f.Note}, {"language", f.Language}}
	if f.Priority != "" {
		h = append(h, hiddenField{"priority", f.Priority})
	}
	for _, n := range f.Needs {
		h = append(h, hiddenField{"needs", n})
	}
	if f.Consent {
		h = append(h, hiddenField{"consent", "yes"})
	}
	return h
}

type hiddenField struct{ Name, Value string }

type needView struct {
	Code, Label string
	Checked     bool
}

type bookPage struct {
	formPage
	Slug, Date, Who, When string
	Form                  bookForm
	Needs                 []needView
}

var needLabels = map[booking.Need]booking.Text{
	"wheelchair":    booking.T("need-form.wheelchair"),
	"step_free":     booking.T("need-form.step_free"),
	"sign_language": booking.T("need-form.sign_language"),
	"hearing_loop":  booking.T("need-form.hearing_loop"),
	"companion":     booking.T("need-form.companion"),
	"large_print":   booking.T("need-form.large_print"),
	"other":         booking.T("need-form.other"),
}

// slotFor checks that start is an open slot of the official with room,
// and returns it: ESLOTFULL when it is not, or the domain's refusal when
// its day is not open for booking yet (booking.NotOpenYet) or holds no
// reception at all (booking.NoReceptionDay).
func (s *Server) slotFor(c echo.Context, slug, start string) (*booking.Slot, error) {
	t, err := time.Parse(time.RFC3339, start)
	if err != nil {
		return nil, echo.ErrNotFound
	}
	d := calendar.DateOf(t)
	slots, err := s.cfg.Bookings.PrioritySlots(c.Request().Context(), slug, d, d, priorityParam(c))
	if err != nil {
		return nil, err
	}
	for _, sl := range slots {
		if sl.Start.Equal(t) && sl.Available > 0 {
			return &sl, nil
		}
	}
	// Not an open slot with room: say so when its day is not open yet or
	// holds no reception.
	if err := s.cfg.Bookings.SlotRefusal(c.Request().Context(), slug, t, priorityParam(c)); dayRefusal(err) {
		return nil, err
	}
	return nil, booking.Errorf(booking.ESLOTFULL, "err.the-time-is-not-free")
}

// officialSlot loads the official and the slot the form names, for the
// form and its check step alike. A full slot, or one whose day is not open
// yet or holds no reception, is answered here (the day's other slots, when
// it opens, why there is no reception): answered
// is then true and err what the handler returns.
func (s *Server) officialSlot(c echo.Context, f bookForm) (o *booking.Official, sl *booking.Slot, answered bool, err error) {
	o, err = s.cfg.Bookings.Official(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return nil, nil, false, err
	}
	sl, err = s.slotFor(c, o.Slug, f.Start)
	if slotRefusal(err) {
		return nil, nil, true, s.slotRefused(c, f, err)
	} else if err != nil {
		return nil, nil, false, err
	}
	return o, sl, false, nil
}

func (s *Server) bookForm(c echo.Context) error {
	return s.showBookForm(c, http.StatusOK, bookForm{Start: c.QueryParam("start"), Language: pageLang(c), Priority: priorityParam(c)}, nil)
}

func (s *Server) showBookForm(c echo.Context, status int, f bookForm, errs map[string]string) error {
	lang := pageLang(c)
	o, sl, answered, err := s.officialSlot(c, f)
	if answered || err != nil {
		return err
	}
	name, title := officialName(o, lang)
	p := bookPage{formPage: s.formPage(c, lang, translate(lang, "book-title"), errs), Slug: o.Slug,
		Date: calendar.DateOf(sl.Start).String(), Who: name + ", " + title, When: i18n.FormatDateTime(sl.Start, lang), Form: f}
	p.SwitchForm, p.SwitchAction, p.SwitchEdit = "citizen-form", "/officials/"+o.Slug+"/book", true
	for _, n := range booking.Needs {
		p.Needs = append(p.Needs, needView{string(n), needLabels[n].In(lang), slices.Contains(f.Needs, string(n))})
	}
	return s.render(c, status, "book", &p)
}

// slotGone sends the citizen back to the day's other free slots, keeping
// what they typed: choosing another slot brings the form back filled in.
func (s *Server) slotGone(c echo.Context, f bookForm) error {
	t, err := time.Parse(time.RFC3339, f.Start)
	if err != nil {
		return echo.ErrNotFound
	}
	slug := c.Param("slug")
	c.SetParamNames("slug", "date")
	c.SetParamValues(slug, calendar.DateOf(t).String())
	var kept []hiddenField
	if c.Request().Method == http.MethodPost {
		for _, h := range f.hidden() {
			if h.Name != "start" {
				kept = append(kept, h)
			}
		}
	}
	return s.showDay(c, http.StatusConflict, translate(pageLang(c), "slot-taken"), kept)
}

// validateForm checks the form as Book will, without booking.
func validateForm(f bookForm, slug, lang string) map[string]string {
	req := f.request(slug)
	req.Normalize()
	errs := map[string]string{}
	var be *booking.Error
	if err := req.Validate(); errors.As(err, &be) {
		for field, msg := range be.Fields {
			errs[field] = msg.In(lang)
		}
	}
	if !f.Consent {
		errs["consent"] = translate(lang, "consent-needed")
	}
	return errs
}

type summaryRow struct{ Label, Value string }

type checkPage struct {
	formPage
	Slug   string
	Rows   []summaryRow
	Hidden []hiddenField
	PoW    *altcha.Challenge // solved by /static/pow.js when on
}

// submitBookForm validates the form: errors show it again; otherwise the
// citizen checks their answers.
func (s *Server) submitBookForm(c echo.Context) error {
	lang := pageLang(c)
	f := readBookForm(c)
	errs := validateForm(f, c.Param("slug"), lang)
	if c.FormValue("edit") == "1" {
		errs = nil
	}
	if len(errs) > 0 || c.FormValue("edit") == "1" {
		status := http.StatusOK
		if len(errs) > 0 {
			status = http.StatusUnprocessableEntity
		}
		return s.showBookForm(c, status, f, errs)
	}
	o, sl, answered, err := s.officialSlot(c, f)
	if answered || err != nil {
		return err
	}
	if r, err := s.cfg.Bookings.Precheck(c.Request().Context(), o, f.Email); err != nil {
		return err
	} else if r != nil {
		return s.showRefusal(c, o, f, r)
	}
	name, title := officialName(o, lang)
	p := checkPage{formPage: s.formPage(c, lang, translate(lang, "check-title"), nil), Slug: o.Slug, Hidden: f.hidden(),
		Rows: []summaryRow{
			{translate(lang, "with"), name + ", " + title},
			{translate(lang, "when"), i18n.FormatDateTime(sl.Start, lang)},
			{translate(lang, "where"), i18n.Pick(lang, sl.Location, sl.LocationEN)},
			{translate(lang, "name"), f.Name},
			{translate(lang, "email"), f.Email},
			{translate(lang, "phone-label"), pickText(f.Phone, translate(lang, "none"))},
			{translate(lang, "topic"), f.Topic},
			{translate(lang, "needs"), needsText(lang, f.Needs, f.Note)},
		}}
	// The switch sends the answers back to be checked in the other language.
	p.SwitchForm, p.SwitchAction = "confirm-form", "/officials/"+o.Slug+"/book"
	// One key per confirmation page: pressing the button twice books once.
	p.Hidden = append(p.Hidden, hiddenField{"key", booking.NewToken()})
	if s.pow != nil {
		ch, err := s.pow.challenge(c.Request().Context())
		if err != nil {
			return err
		}
		p.PoW = &ch
	}
	return s.render(c, http.StatusOK, "check", &p)
}

// confirmBooking books what the citizen checked and shows the confirmation.
func (s *Server) confirmBooking(c echo.Context) error {
	lang := pageLang(c)
	f := readBookForm(c)
	if errs := validateForm(f, c.Param("slug"), lang); len(errs) > 0 {
		return s.showBookForm(c, http.StatusUnprocessableEntity, f, errs)
	}
	req := f.request(c.Param("slug"))
	req.IdempotencyKey = c.FormValue("key")
	req.ConfirmByEmail = s.unverified(c.Request().Context(), c.FormValue("altcha"))
	b, _, err := s.cfg.Bookings.Book(c.Request().Context(), req)
	switch booking.ErrorCode(err) {
	case "":
	case booking.ESLOTFULL, booking.ENOTBOOKABLE:
		return s.slotRefused(c, f, err)
	case booking.EFORBIDDEN, booking.ECONFLICT:
		// Paused or booked since the form was checked: the same page as
		// early on, with its way forward.
		if o, oerr := s.cfg.Bookings.Official(c.Request().Context(), c.Param("slug")); oerr == nil {
			if r, rerr := s.cfg.Bookings.Precheck(c.Request().Context(), o, f.Email); rerr == nil && r != nil {
				return s.showRefusal(c, o, f, r)
			}
		}
		return err
	default:
		return err
	}
	return toConfirmation(c, b, nil)
}

// toConfirmation sends a citizen whose booking a form made or confirmed to
// its confirmation page, or answers the form's error.
func toConfirmation(c echo.Context, b *booking.Booking, err error) error {
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/bookings/"+b.Token+"/confirmation")
}
