package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
)

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
		{"name", "unit-name", "text", u.Name}, {"name_en", "unit-name-en", "text", u.NameEN},
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
	if status, errs, ok := createErrors(err, pageLang(c)); ok {
		return s.showUnitForm(c, status, u, false, errs)
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
