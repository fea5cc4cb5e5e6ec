package web

import (
	"net/http"
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
		p.Units = append(p.Units, unitOption{u.Slug, i18n.Pick(lang, u.Name, u.NameEN), u.Slug == in.Unit})
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

func officialInputFrom(c echo.Context) booking.OfficialInput {
	return booking.OfficialInput{Slug: c.FormValue("slug"), Name: c.FormValue("name"), NameEN: c.FormValue("name_en"),
		Title: c.FormValue("title"), TitleEN: c.FormValue("title_en"), Unit: c.FormValue("unit"),
		Email: c.FormValue("email"), Phone: c.FormValue("phone"), HoldMinutes: minutesField(c.FormValue("hold_minutes"))}
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
