package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/altcha-org/altcha-lib-go"
	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// formPage is a page with a form: its CSRF token and its errors, both as
// a map for the fields and as a list, in field order, for the summary.
type formPage struct {
	page
	CSRF      string
	Errors    map[string]string
	ErrorList []fieldError
}

type fieldError struct{ Field, Message string }

// fieldAnchors maps a field to the id of its control, where they differ.
var fieldAnchors = map[string]string{"accessibility.needs": "needs"}

// fieldOrder is the order of fields on the forms, for the error summary.
var fieldOrder = []string{"slug", "start", "name", "name_en", "title", "title_en", "email", "phone", "topic",
	"accessibility.needs", "accessibility.note", "language", "consent", "unit"}

func (s *Server) formPage(c echo.Context, lang, title string, errs map[string]string) formPage {
	csrf, _ := c.Get("csrf").(string)
	fp := formPage{page: page{Lang: lang, Title: title}, CSRF: csrf, Errors: errs}
	if fp.Errors == nil {
		fp.Errors = map[string]string{}
	}
	order := slices.Clone(fieldOrder)
	var rest []string
	for f := range errs {
		if !slices.Contains(order, f) {
			rest = append(rest, f)
		}
	}
	slices.Sort(rest)
	for _, f := range append(order, rest...) {
		if msg, ok := errs[f]; ok {
			anchor := f
			if a, ok := fieldAnchors[f]; ok {
				anchor = a
			}
			fp.ErrorList = append(fp.ErrorList, fieldError{anchor, msg})
		}
	}
	if len(errs) > 0 {
		fp.Title = translate(lang, "errors") + ": " + title
	}
	return fp
}

// field is what the "field" template draws: one labelled text input.
type field struct {
	Lang, ID, Label, Hint, Type, Value, Autocomplete, Error string
}

func newField(p any, id, label, hint, typ, value, autocomplete string) field {
	f := field{ID: id, Label: label, Hint: hint, Type: typ, Value: value, Autocomplete: autocomplete}
	if fp, ok := p.(interface{ form() *formPage }); ok {
		f.Lang, f.Error = fp.form().Lang, fp.form().Errors[id]
	}
	return f
}

func (p *formPage) form() *formPage { return p }

// pageLang is the language of a page: ?lang= (remembered in a cookie),
// else the cookie, else Accept-Language, else Bulgarian.
func pageLang(c echo.Context) string {
	if l := c.QueryParam("lang"); l == "bg" || l == "en" {
		c.SetCookie(&http.Cookie{Name: "lang", Value: l, Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode})
		return l
	}
	if ck, err := c.Cookie("lang"); err == nil && (ck.Value == "bg" || ck.Value == "en") {
		return ck.Value
	}
	return language(c)
}

type unitGroup struct {
	Unit      booking.Unit
	Name      string
	Address   string
	Officials []officialView
}

type officialView struct {
	Slug, Name, Title string
}

func officialName(o *booking.Official, lang string) (name, title string) {
	if lang == "en" {
		return pickText(o.NameEN, o.Name), pickText(o.TitleEN, o.Title)
	}
	return o.Name, o.Title
}

func pickText(preferred, fallback string) string {
	if preferred != "" {
		return preferred
	}
	return fallback
}

type homePage struct {
	page
	Query  string
	Groups []unitGroup
}

func (s *Server) home(c echo.Context) error {
	lang := pageLang(c)
	ctx := c.Request().Context()
	units, err := s.cfg.Bookings.Units(ctx)
	if err != nil {
		return err
	}
	officials, err := s.cfg.Bookings.Officials(ctx)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(c.QueryParam("q"))
	needle := strings.ToLower(q)
	var groups []unitGroup
	for _, u := range units {
		g := unitGroup{Unit: u, Name: pickIf(lang, u.Name, u.NameEN), Address: pickIf(lang, u.Address, u.AddressEN)}
		for i := range officials {
			o := &officials[i]
			if o.UnitSlug != u.Slug {
				continue
			}
			name, title := officialName(o, lang)
			hay := strings.ToLower(strings.Join([]string{o.Name, o.NameEN, o.Title, o.TitleEN, u.Name, u.NameEN}, " "))
			if needle == "" || strings.Contains(hay, needle) {
				g.Officials = append(g.Officials, officialView{o.Slug, name, title})
			}
		}
		if len(g.Officials) > 0 {
			groups = append(groups, g)
		}
	}
	return s.render(c, http.StatusOK, "home", &homePage{page{Lang: lang, Title: translate(lang, "home-title")}, q, groups})
}

func pickIf(lang, bg, en string) string {
	if lang == "en" && en != "" {
		return en
	}
	return bg
}

type dayView struct {
	Date  string
	Label string
	Free  int
}

type roomView struct {
	Location string
	StepFree bool
	Opens    string // when booking opens for a reception day there
}

// opensText says when booking opens for a reception day of a schedule
// that opens n days ahead.
func opensText(n int, lang string) string {
	at := calendar.FormatTime(booking.OpensAt(calendar.Date{Year: 2026, Month: 1, Day: 1}, 0), lang)
	if lang == "en" {
		return fmt.Sprintf("booking for each day opens at %s, %d %s before it", at, n, map[bool]string{true: "day", false: "days"}[n == 1])
	}
	return fmt.Sprintf("записването за всеки ден започва в %s %d %s по-рано", at, n, map[bool]string{true: "ден", false: "дни"}[n == 1])
}

type officialPage struct {
	page
	Query                                   string // ?priority=… carried along
	Slug, Name, Role, Address, Phone, Email string
	Rooms                                   []roomView
	Days                                    []dayView
}

// slotsByDay returns the official's open slots up to the booking horizon
// (the slots API offers the same), or a year ahead with a priority pass,
// grouped by day in order.
func (s *Server) slotsByDay(c echo.Context, slug string) ([]calendar.Date, map[calendar.Date][]booking.Slot, error) {
	ctx := c.Request().Context()
	today := s.cfg.Bookings.Today()
	last := today.AddDays(booking.MaxRangeDays)
	if priorityParam(c) == "" {
		var err error
		if last, err = s.cfg.Bookings.Horizon(ctx, slug); err != nil {
			return nil, nil, err
		}
	}
	slots, err := s.cfg.Bookings.PrioritySlots(ctx, slug, today, last, priorityParam(c))
	if err != nil {
		return nil, nil, err
	}
	var days []calendar.Date
	byDay := map[calendar.Date][]booking.Slot{}
	for _, sl := range slots {
		d := calendar.DateOf(sl.Start)
		if _, ok := byDay[d]; !ok {
			days = append(days, d)
		}
		byDay[d] = append(byDay[d], sl)
	}
	return days, byDay, nil
}

func freeCount(slots []booking.Slot) int {
	n := 0
	for _, sl := range slots {
		n += sl.Available
	}
	return n
}

func (s *Server) officialPage(c echo.Context) error {
	lang := pageLang(c)
	return s.drawOnce(c, lang, func() (string, any, error) { return s.officialPageData(c, lang) })
}

func (s *Server) officialPageData(c echo.Context, lang string) (string, any, error) {
	ctx := c.Request().Context()
	o, err := s.cfg.Bookings.PublicOfficial(ctx, c.Param("slug"))
	if err != nil {
		return "", nil, err
	}
	u, err := s.cfg.Bookings.Unit(ctx, o.UnitSlug)
	if err != nil {
		return "", nil, err
	}
	schedules, err := s.cfg.Bookings.Schedules(ctx, o.ID)
	if err != nil {
		return "", nil, err
	}
	name, title := officialName(o, lang)
	p := officialPage{page: page{Lang: lang, Title: name}, Query: priorityQuery(c, "?"), Slug: o.Slug, Name: name, Role: title + ", " + pickIf(lang, u.Name, u.NameEN),
		Address: pickIf(lang, u.Address, u.AddressEN), Phone: o.Phone, Email: o.Email}
	for _, sch := range schedules {
		r := roomView{sch.Location, sch.StepFree, opensText(sch.BookingOpensDays, lang)}
		if sch.Active && !slices.Contains(p.Rooms, r) {
			p.Rooms = append(p.Rooms, r)
		}
	}
	days, byDay, err := s.slotsByDay(c, o.Slug)
	if err != nil {
		return "", nil, err
	}
	for _, d := range days {
		p.Days = append(p.Days, dayView{d.String(), calendar.FormatDate(d.Start(), lang), freeCount(byDay[d])})
	}
	return "official", &p, nil
}

type slotView struct {
	ID, Start, Label string
	Href             string // the booking form for the slot
}

type dayPage struct {
	page
	DayQuery   string // ?priority=… carried along
	Slug, Name string
	Date       string // YYYY-MM-DD
	Notice     string
	Slots      []slotView
	OtherDays  []dayView
}

func (s *Server) dayPage(c echo.Context) error {
	lang := pageLang(c)
	return s.drawOnce(c, lang, func() (string, any, error) { return s.dayPageData(c, lang, "") })
}

// showDay draws the free slots of one day, with a notice when the citizen
// was sent back because their slot was taken.
func (s *Server) showDay(c echo.Context, status int, notice string) error {
	name, data, err := s.dayPageData(c, pageLang(c), notice)
	if err != nil {
		return err
	}
	return s.render(c, status, name, data)
}

func (s *Server) dayPageData(c echo.Context, lang, notice string) (string, any, error) {
	o, err := s.cfg.Bookings.Official(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return "", nil, err
	}
	d, err := calendar.ParseDate(c.Param("date"))
	if err != nil {
		return "", nil, echo.ErrNotFound
	}
	days, byDay, err := s.slotsByDay(c, o.Slug)
	if err != nil {
		return "", nil, err
	}
	name, _ := officialName(o, lang)
	p := dayPage{page: page{Lang: lang, Title: calendar.FormatDate(d.Start(), lang)}, DayQuery: priorityQuery(c, "?"),
		Slug: o.Slug, Name: name, Date: d.String(), Notice: notice}
	for _, sl := range byDay[d] {
		if sl.Available > 0 {
			p.Slots = append(p.Slots, slotView{Start: localTime(sl.Start), Label: timeRange(sl, lang),
				Href: "/officials/" + o.Slug + "/book?start=" + url.QueryEscape(localTime(sl.Start)) + priorityQuery(c, "&")})
		}
	}
	for _, other := range days {
		if other != d && freeCount(byDay[other]) > 0 && len(p.OtherDays) < 5 {
			p.OtherDays = append(p.OtherDays, dayView{other.String(), calendar.FormatDate(other.Start(), lang), freeCount(byDay[other])})
		}
	}
	return "day", &p, nil
}

// bookForm is the booking form as submitted.
type bookForm struct {
	Start, Name, Email, Phone, Topic, Note, Language string
	Priority                                         string
	Needs                                            []string
	Consent                                          bool
}

func readBookForm(c echo.Context) bookForm {
	form, _ := c.FormParams()
	return bookForm{Start: form.Get("start"), Name: form.Get("name"), Email: form.Get("email"), Phone: form.Get("phone"),
		Topic: form.Get("topic"), Note: form.Get("note"), Language: form.Get("language"), Needs: form["needs"], Priority: priorityParam(c),
		Consent: form.Get("consent") == "yes"}
}

func (f bookForm) request(slug string) booking.BookRequest {
	needs := make([]booking.Need, len(f.Needs))
	for i, n := range f.Needs {
		needs[i] = booking.Need(n)
	}
	return booking.BookRequest{Official: slug, Start: f.Start, Name: f.Name, Email: f.Email, Phone: f.Phone, Topic: f.Topic,
		Accessibility: booking.Accessibility{Needs: needs, Note: f.Note}, Language: f.Language, PriorityPass: f.Priority}
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
	"wheelchair":    {BG: "Придвижвам се с инвалидна количка", EN: "I use a wheelchair"},
	"step_free":     {BG: "Нужен ми е достъп без стъпала", EN: "I need step-free access"},
	"sign_language": {BG: "Преводач на жестомимичен език", EN: "Sign language interpreter"},
	"hearing_loop":  {BG: "Индукционна слухова система", EN: "Hearing loop"},
	"companion":     {BG: "Ще дойда с придружител", EN: "I will come with a companion"},
	"large_print":   {BG: "Документи с едър шрифт", EN: "Large print documents"},
	"other":         {BG: "Друго (опишете по-долу)", EN: "Other (describe below)"},
}

// slotFor checks that start is an open slot of the official with room,
// and returns it.
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
	return nil, booking.Errorf(booking.ESLOTFULL, "Часът не е свободен.", "The time is not free.")
}

func (s *Server) bookForm(c echo.Context) error {
	return s.showBookForm(c, http.StatusOK, bookForm{Start: c.QueryParam("start"), Language: pageLang(c), Priority: priorityParam(c)}, nil)
}

func (s *Server) showBookForm(c echo.Context, status int, f bookForm, errs map[string]string) error {
	lang := pageLang(c)
	o, err := s.cfg.Bookings.Official(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	sl, err := s.slotFor(c, o.Slug, f.Start)
	if code := booking.ErrorCode(err); code == booking.ESLOTFULL {
		return s.slotGone(c, f.Start)
	} else if err != nil {
		return err
	}
	name, title := officialName(o, lang)
	p := bookPage{formPage: s.formPage(c, lang, translate(lang, "book-title"), errs), Slug: o.Slug,
		Date: calendar.DateOf(sl.Start).String(), Who: name + ", " + title, When: calendar.FormatDateTime(sl.Start, lang), Form: f}
	for _, n := range booking.Needs {
		p.Needs = append(p.Needs, needView{string(n), needLabels[n].In(lang), slices.Contains(f.Needs, string(n))})
	}
	return s.render(c, status, "book", &p)
}

// slotGone sends the citizen back to the day's other free slots.
func (s *Server) slotGone(c echo.Context, start string) error {
	t, err := time.Parse(time.RFC3339, start)
	if err != nil {
		return echo.ErrNotFound
	}
	slug := c.Param("slug")
	c.SetParamNames("slug", "date")
	c.SetParamValues(slug, calendar.DateOf(t).String())
	return s.showDay(c, http.StatusConflict, translate(pageLang(c), "slot-taken"))
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
	o, err := s.cfg.Bookings.Official(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	sl, err := s.slotFor(c, o.Slug, f.Start)
	if booking.ErrorCode(err) == booking.ESLOTFULL {
		return s.slotGone(c, f.Start)
	} else if err != nil {
		return err
	}
	name, title := officialName(o, lang)
	p := checkPage{formPage: s.formPage(c, lang, translate(lang, "check-title"), nil), Slug: o.Slug, Hidden: f.hidden(),
		Rows: []summaryRow{
			{translate(lang, "with"), name + ", " + title},
			{translate(lang, "when"), calendar.FormatDateTime(sl.Start, lang)},
			{translate(lang, "where"), sl.Location},
			{translate(lang, "name"), f.Name},
			{translate(lang, "email"), f.Email},
			{translate(lang, "phone-label"), pickText(f.Phone, translate(lang, "none"))},
			{translate(lang, "topic"), f.Topic},
			{translate(lang, "needs"), needsText(lang, f.Needs, f.Note)},
		}}
	// One key per confirmation page: pressing the button twice books once.
	p.Hidden = append(p.Hidden, hiddenField{"key", booking.NewToken()})
	if s.pow != nil {
		ch, err := s.pow.challenge()
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
	req.ConfirmByEmail = s.unverified(c.FormValue("altcha"))
	b, _, err := s.cfg.Bookings.Book(c.Request().Context(), req)
	switch booking.ErrorCode(err) {
	case "":
	case booking.ESLOTFULL, booking.ENOTBOOKABLE:
		return s.slotGone(c, f.Start)
	default:
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/bookings/"+b.Token+"/confirmation")
}

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
	location := sch.Location
	if u, err := s.cfg.Bookings.Unit(ctx, o.UnitSlug); err == nil && u.Address != "" {
		location += ", " + pickIf(lang, u.Address, u.AddressEN)
	}
	name, role := officialName(o, lang)
	p := &bookingPage{formPage: s.formPage(c, lang, translate(lang, title), nil), Booking: b, Token: b.Token, Slug: o.Slug,
		Who: name + ", " + role, When: calendar.FormatDateTime(b.Start, lang),
		ICS: "/bookings/" + b.Token + ".ics", Manage: s.manageURL(b),
		CanChange: b.Status.Allows(booking.ActMove) && b.Start.After(s.cfg.Bookings.Clock()),
		Pending:   b.Status.Allows(booking.ActConfirm)}
	p.CanCancel = b.Status.Allows(booking.ActCancel) && b.Start.After(s.cfg.Bookings.Clock())
	if p.Pending {
		p.HeldUntil = calendar.FormatDateTime(b.HeldUntil, lang)
	}
	p.Rows = []summaryRow{
		{translate(lang, "reference"), b.Reference},
		{translate(lang, "status"), booking.StatusText(b.Status).In(lang)},
		{translate(lang, "with"), p.Who},
		{translate(lang, "when"), p.When},
		{translate(lang, "where"), location},
		{translate(lang, "topic"), b.Topic},
		{translate(lang, "arranged"), needsText(lang, b.Accessibility.Needs, b.Accessibility.Note)},
	}
	// Google and Outlook.com get the time, the place and the official, and
	// nothing else: not the matter, the reference or the secret manage link.
	summary := translateFor(lang, "Приемна: ", "Reception: ") + name
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
	Days []moveDay
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
		md := moveDay{Index: len(mp.Days), Label: calendar.FormatDate(d.Start(), p.Lang)}
		for _, sl := range byDay[d] {
			if sl.Available > 0 && !sl.Start.Equal(p.Booking.Start) {
				md.Slots = append(md.Slots, slotView{ID: sl.Start.Format("200601021504"), Start: localTime(sl.Start),
					Label: calendar.FormatTime(sl.Start, p.Lang)})
			}
		}
		if len(md.Slots) > 0 {
			mp.Days = append(mp.Days, md)
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

func (s *Server) staticPage(name, titleKey string) echo.HandlerFunc {
	return func(c echo.Context) error {
		lang := pageLang(c)
		return s.render(c, http.StatusOK, name, &page{Lang: lang, Title: translate(lang, titleKey)})
	}
}

// officialFeed serves /feeds/officials/{slug}.ics: the official's public
// reception days, with no personal data.
func (s *Server) officialFeed(c echo.Context) error {
	slug, ok := strings.CutSuffix(c.Param("file"), ".ics")
	if !ok {
		return echo.ErrNotFound
	}
	ctx := c.Request().Context()
	o, err := s.cfg.Bookings.Official(ctx, slug)
	if err != nil {
		return err
	}
	today := s.cfg.Bookings.Today()
	sessions, err := s.cfg.Bookings.Sessions(ctx, slug, today.AddDays(-30), today.AddDays(180))
	if err != nil {
		return err
	}
	host := "priemna.local"
	if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	events := make([]calendar.Event, len(sessions))
	for i, ses := range sessions {
		events[i] = calendar.Event{
			UID:   "session-" + strconv.FormatInt(ses.ScheduleID, 10) + "-" + ses.Start.UTC().Format("20060102T150405Z") + "@" + host,
			Start: ses.Start, End: ses.End, Location: ses.Location,
			Summary: "Приемен ден: " + o.Name + ", " + o.Title,
			URL:     s.cfg.BaseURL + "/officials/" + o.Slug + "/days/" + ses.Date.String(),
		}
	}
	data, err := calendar.EncodeICS(calendar.MethodPublish, s.cfg.Bookings.Clock(), events...)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=900")
	return c.Blob(http.StatusOK, "text/calendar; charset=utf-8", data)
}

// timeRange writes a slot as "09:00–09:15 ч." or "09:00–09:15".
func timeRange(sl booking.Slot, lang string) string {
	return sl.Start.In(calendar.Sofia).Format("15:04") + "–" + calendar.FormatTime(sl.End, lang)
}

// priorityParam is the priority rebooking pass a citizen's link carries.
func priorityParam(c echo.Context) string {
	p := c.FormValue("priority")
	if booking.ValidToken(p) {
		return p
	}
	return ""
}

// priorityQuery carries the pass on to the next page's link.
func priorityQuery(c echo.Context, sep string) string {
	if p := priorityParam(c); p != "" {
		return sep + "priority=" + p
	}
	return ""
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
	type letter struct {
		Kind   string `json:"kind"`
		Status string `json:"status"`
		Due    string `json:"due"`
	}
	out := struct {
		Booking  bookingJSON `json:"booking"`
		Letters  []letter    `json:"letters"`
		Feedback any         `json:"feedback"`
	}{Booking: s.toBooking(b, false), Letters: []letter{}}
	for _, m := range msgs {
		out.Letters = append(out.Letters, letter{string(m.Kind), string(m.Status), localTime(m.DueAt)})
	}
	if f, err := s.cfg.Bookings.FeedbackFor(ctx, b); err != nil {
		return err
	} else if f != nil {
		out.Feedback = map[string]any{"rating": f.Rating, "comment": f.Comment}
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", `attachment; filename="`+b.Reference+`.json"`)
	h.Set("Cache-Control", "no-store")
	return c.JSONPretty(http.StatusOK, out, "  ")
}
