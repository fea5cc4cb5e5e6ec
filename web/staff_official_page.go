package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
)

type officialFormPage struct {
	formPage
	Action          string
	Editing, Active bool
	Fields          []inputField
	Units           []unitOption
	// Deputies, when editing: the other officials, those an administrator
	// chose as deputies (besides the official's own unit) checked.
	Deputies []deputyOption
}

type deputyOption struct {
	Slug, Name, Unit string
	Checked          bool
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
	unitNames := map[string]string{}
	for _, u := range units {
		p.Units = append(p.Units, unitOption{u.Slug, i18n.Pick(lang, u.Name, u.NameEN), u.Slug == in.Unit})
		unitNames[u.Slug] = i18n.Pick(lang, u.Name, u.NameEN)
	}
	if editing != nil {
		if err := s.addDeputyOptions(c, &p, editing, unitNames); err != nil {
			return err
		}
	}
	return s.render(c, status, "staff_official", &p)
}

// addDeputyOptions lists the officials who could deputise for o: checked
// as the form sent them or, on first showing, as chosen.
func (s *Server) addDeputyOptions(c echo.Context, p *officialFormPage, o *booking.Official, unitNames map[string]string) error {
	ctx := c.Request().Context()
	all, err := s.cfg.Bookings.Officials(ctx)
	if err != nil {
		return err
	}
	chosen := map[string]bool{}
	if c.Request().Method == http.MethodPost {
		for _, slug := range c.Request().Form["deputy"] {
			chosen[slug] = true
		}
	} else {
		ids, err := s.cfg.Bookings.ChosenDeputies(ctx, o.ID)
		if err != nil {
			return err
		}
		for _, d := range all {
			chosen[d.Slug] = slices.Contains(ids, d.ID)
		}
	}
	for _, d := range all {
		if d.ID != o.ID && d.Active && d.UnitID != o.UnitID {
			p.Deputies = append(p.Deputies, deputyOption{d.Slug, i18n.Pick(p.Lang, d.Name, d.NameEN), unitNames[d.UnitSlug], chosen[d.Slug]})
		}
	}
	return nil
}

// saveDeputies stores the chosen deputies when the form changed them, so
// that saving an official's details audits no choice nobody made.
func (s *Server) saveDeputies(c echo.Context, o *booking.Official, ids []int64) error {
	ctx := c.Request().Context()
	before, err := s.cfg.Bookings.ChosenDeputies(ctx, o.ID)
	if err != nil {
		return err
	}
	slices.Sort(before)
	slices.Sort(ids)
	if slices.Equal(before, ids) {
		return nil
	}
	return s.cfg.Bookings.SetDeputies(ctx, currentUser(c), o, ids)
}

// deputyIDs reads the deputies the form chose; an unknown official is a
// field error.
func (s *Server) deputyIDs(c echo.Context) ([]int64, error) {
	all, err := s.cfg.Bookings.Officials(c.Request().Context())
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, slug := range c.Request().Form["deputy"] {
		i := slices.IndexFunc(all, func(o booking.Official) bool { return o.Slug == slug })
		if i < 0 {
			f := booking.FieldErrors{}
			f.Add("deputies", "err.there-is-no-such-official")
			return nil, f.Err()
		}
		ids = append(ids, all[i].ID)
	}
	return ids, nil
}

func (s *Server) officialSubmit(c echo.Context) error {
	if err := s.requireAdmin(c); err != nil {
		return err
	}
	in := officialInputFrom(c)
	o, err := s.cfg.Bookings.CreateOfficial(c.Request().Context(), currentUser(c), in)
	if status, errs, ok := createErrors(err, pageLang(c)); ok {
		return s.showOfficialForm(c, status, in, nil, errs)
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

// adminOfficial is the official of the path's slug, for an administrator
// only: the official's form and its update both start here.
func (s *Server) adminOfficial(c echo.Context) (*booking.Official, error) {
	if err := s.requireAdmin(c); err != nil {
		return nil, err
	}
	return s.cfg.Bookings.Official(c.Request().Context(), c.Param("slug"))
}

// editOfficial shows an official's details to an administrator.
func (s *Server) editOfficial(c echo.Context) error {
	o, err := s.adminOfficial(c)
	if err != nil {
		return err
	}
	in := booking.OfficialInput{Name: o.Name, NameEN: o.NameEN, Title: o.Title, TitleEN: o.TitleEN, Unit: o.UnitSlug, Email: o.Email, Phone: o.Phone,
		HoldMinutes: o.HoldMinutes}
	return s.showOfficialForm(c, http.StatusOK, in, o, nil)
}

// updateOfficial stores an official's details, or deactivates them.
func (s *Server) updateOfficial(c echo.Context) error {
	old, err := s.adminOfficial(c)
	if err != nil {
		return err
	}
	in := officialInputFrom(c)
	deputies, err := s.deputyIDs(c)
	if err == nil {
		_, err = s.cfg.Bookings.UpdateOfficial(c.Request().Context(), currentUser(c), old.Slug, in, c.FormValue("active") == "yes")
	}
	if err == nil {
		err = s.saveDeputies(c, old, deputies)
	}
	if errs, ok := fieldErrors(err, pageLang(c)); ok {
		return s.showOfficialForm(c, http.StatusUnprocessableEntity, in, old, errs)
	} else if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/")
}
