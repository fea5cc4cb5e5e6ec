package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
)

type bookingPage struct {
	formPage
	Booking                *booking.Booking
	Token, Slug, Who, When string
	Rows                   []summaryRow
	ICS, Google, Outlook   string
	Manage, Notice         string
	CanChange              bool
	// Pending: a hold the citizen must confirm by email before HeldUntil;
	// it can be cancelled, not moved.
	Pending   bool
	HeldUntil string
	CanCancel bool
	Cancelled bool // its page says so, and offers no calendar file
	Contact   contactView
}

// bookingView gathers what the pages about one booking show.
func (s *Server) bookingView(c echo.Context, title string) (*bookingPage, error) {
	b, err := s.cfg.Bookings.Booking(c.Request().Context(), c.Param("token"))
	if err != nil {
		return nil, err
	}
	return s.bookingViewOf(c, b, title)
}

func (s *Server) bookingViewOf(c echo.Context, b *booking.Booking, title string) (*bookingPage, error) {
	ctx := c.Request().Context()
	lang := pageLang(c)
	o, err := s.cfg.Bookings.Official(ctx, b.OfficialSlug)
	if err != nil {
		return nil, err
	}
	sch, err := s.cfg.Bookings.BookingSchedule(ctx, b)
	if err != nil {
		return nil, err
	}
	location := i18n.Pick(lang, sch.Location, sch.LocationEN)
	if u, err := s.cfg.Bookings.Unit(ctx, o.UnitSlug); err == nil && u.Address != "" {
		location += ", " + i18n.Pick(lang, u.Address, u.AddressEN)
	}
	name, role := officialName(o, lang)
	p := &bookingPage{formPage: s.formPage(c, lang, translate(lang, title), nil), Booking: b, Token: b.Token, Slug: o.Slug,
		Who: name + ", " + role, When: i18n.FormatDateTime(b.Start, lang),
		ICS: "/bookings/" + b.Token + ".ics", Manage: s.manageURL(b),
		CanChange: b.Status.Allows(booking.ActMove) && b.Start.After(s.cfg.Bookings.Clock()),
		Pending:   b.Status.Allows(booking.ActConfirm)}
	p.CanCancel = b.Status.Allows(booking.ActCancel) && b.Start.After(s.cfg.Bookings.Clock())
	p.Cancelled = b.Status == booking.StatusCancelled
	p.Contact = contactView{o.Phone, o.Email}
	if p.Pending {
		p.HeldUntil = i18n.FormatDateTime(b.HeldUntil, lang)
	}
	p.Rows = []summaryRow{
		{translate(lang, "reference"), b.Reference},
		{translate(lang, "status"), booking.StatusText(b.Status).In(lang)},
		{translate(lang, "with"), p.Who},
		{translate(lang, "when"), p.When},
		{translate(lang, "where"), location},
		{translate(lang, "topic"), b.Topic},
		{translate(lang, "arranged"), needsText(lang, b.Accessibility.Needs, "")},
	}
	// What the office arranges, and apart from it what the citizen said in
	// their own words: the office does not promise the latter.
	if b.Accessibility.Note != "" {
		p.Rows = append(p.Rows, summaryRow{translate(lang, "your-note"), b.Accessibility.Note})
	}
	// Google and Outlook.com get the time, the place and the official, and
	// nothing else: not the matter, the reference or the secret manage link.
	summary := translate(lang, "text.reception") + name
	p.Google = "https://calendar.google.com/calendar/render?" + url.Values{"action": {"TEMPLATE"}, "text": {summary},
		"dates":    {b.Start.UTC().Format("20060102T150405Z") + "/" + b.End.UTC().Format("20060102T150405Z")},
		"location": {location}}.Encode()
	p.Outlook = "https://outlook.live.com/calendar/0/deeplink/compose?" + url.Values{"path": {"/calendar/action/compose"},
		"rru": {"addevent"}, "subject": {summary}, "startdt": {b.Start.UTC().Format(time.RFC3339)},
		"enddt": {b.End.UTC().Format(time.RFC3339)}, "location": {location}}.Encode()
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	return p, nil
}

// needsText lists the accessibility needs and note in words, or says none.
func needsText[N ~string](lang string, needs []N, note string) string {
	words := make([]string, 0, len(needs)+1)
	for _, n := range needs {
		words = append(words, needLabels[booking.Need(n)].In(lang))
	}
	if note != "" {
		words = append(words, note)
	}
	if len(words) == 0 {
		return translate(lang, "none")
	}
	return strings.Join(words, "; ")
}

func (s *Server) confirmationPage(c echo.Context) error {
	p, err := s.bookingView(c, "confirmed-title")
	if err != nil {
		return err
	}
	if p.Pending {
		p.Title = translate(p.Lang, "held-title")
	}
	return s.render(c, http.StatusOK, "confirmation", p)
}

func (s *Server) managePage(c echo.Context) error {
	p, err := s.bookingView(c, "manage-title")
	if err != nil {
		return err
	}
	switch c.QueryParam("done") {
	case "moved":
		p.Notice = translate(p.Lang, "moved")
	case "cancelled":
		p.Notice = translate(p.Lang, "cancelled-text")
	}
	return s.render(c, http.StatusOK, "manage", p)
}

func (s *Server) cancelPage(c echo.Context) error {
	p, err := s.bookingView(c, "cancel-title")
	if err != nil {
		return err
	}
	if !p.CanCancel {
		return s.render(c, http.StatusConflict, "manage", withNotice(p, translate(p.Lang, "no-move")))
	}
	return s.render(c, http.StatusOK, "cancel", p)
}

func withNotice(p *bookingPage, notice string) *bookingPage {
	p.Notice = notice
	return p
}

func (s *Server) cancelSubmit(c echo.Context) error {
	_, err := s.cfg.Bookings.Cancel(c.Request().Context(), c.Param("token"))
	if booking.ErrorCode(err) == booking.ECONFLICT {
		p, verr := s.bookingView(c, "manage-title")
		if verr != nil {
			return verr
		}
		return s.render(c, http.StatusConflict, "manage", withNotice(p, booking.ErrorMessage(err).In(p.Lang)))
	} else if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/bookings/"+c.Param("token")+"?done=cancelled")
}

type moveDay struct {
	Index int
	Label string
	Slots []slotView
}

type movePage struct {
	*bookingPage
	Days    []moveDay
	Opening string // when booking opens for the next day not yet open
}

func (s *Server) movePage(c echo.Context) error {
	return s.showMove(c, http.StatusOK, nil)
}

func (s *Server) showMove(c echo.Context, status int, errs map[string]string) error {
	p, err := s.bookingView(c, "move-title")
	if err != nil {
		return err
	}
	if !p.CanChange {
		return s.render(c, http.StatusConflict, "manage", withNotice(p, translate(p.Lang, "no-move")))
	}
	p.formPage = s.formPage(c, p.Lang, translate(p.Lang, "move-title"), errs)
	days, byDay, err := s.slotsByDay(c, p.Slug)
	if err != nil {
		return err
	}
	mp := movePage{bookingPage: p}
	for _, d := range days {
		md := moveDay{Index: len(mp.Days), Label: i18n.FormatDate(d.Start(), p.Lang)}
		for _, sl := range byDay[d] {
			if sl.Available > 0 && !sl.Start.Equal(p.Booking.Start) {
				md.Slots = append(md.Slots, slotView{ID: sl.Start.Format("200601021504"), Start: localTime(sl.Start),
					Label: i18n.FormatTime(sl.Start, p.Lang)})
			}
		}
		if len(md.Slots) > 0 {
			mp.Days = append(mp.Days, md)
		}
	}
	if len(mp.Days) == 0 {
		o, err := s.cfg.Bookings.Official(c.Request().Context(), p.Slug)
		if err != nil {
			return err
		}
		if mp.Opening, err = s.openingText(c, o, p.Lang); err != nil {
			return err
		}
	}
	return s.render(c, status, "move", &mp)
}

func (s *Server) moveSubmit(c echo.Context) error {
	lang := pageLang(c)
	start := c.FormValue("start")
	if start == "" {
		return s.showMove(c, http.StatusUnprocessableEntity, map[string]string{"start": translate(lang, "choose-slot")})
	}
	_, err := s.cfg.Bookings.Reschedule(c.Request().Context(), c.Param("token"), start)
	switch booking.ErrorCode(err) {
	case "":
		return c.Redirect(http.StatusSeeOther, "/bookings/"+c.Param("token")+"?done=moved")
	case booking.ESLOTFULL, booking.ENOTBOOKABLE, booking.EINVALID:
		return s.showMove(c, http.StatusConflict, map[string]string{"start": translate(lang, "slot-taken")})
	}
	return err
}

// myData lets the citizen download everything stored about their booking:
// the booking itself, the letters sent or due, and their feedback.
func (s *Server) myData(c echo.Context) error {
	ctx := c.Request().Context()
	b, err := s.cfg.Bookings.Booking(ctx, c.Param("token"))
	if err != nil {
		return err
	}
	msgs, err := s.cfg.Bookings.Messages(ctx, b.ID)
	if err != nil {
		return err
	}
	out := bookingDataJSON{Booking: s.toBooking(b, false), Letters: listJSON(msgs, toLetter)}
	if f, err := s.cfg.Bookings.FeedbackFor(ctx, b); err != nil {
		return err
	} else if f != nil {
		out.Feedback = &feedbackJSON{Comment: f.Comment, Rating: f.Rating}
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", `attachment; filename="`+b.Reference+`.json"`)
	h.Set("Cache-Control", "no-store")
	return c.JSONPretty(http.StatusOK, out, "  ")
}
