package web

import (
	"errors"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
)

type inputField struct{ ID, Label, Type, Value, Error string }

type unitOption struct {
	Slug, Name string
	Selected   bool
}

func (s *Server) requireAdmin(c echo.Context) error {
	if currentUser(c).Role != booking.RoleAdmin {
		return booking.Errorf(booking.EFORBIDDEN, "err.only-an-administrator-can-do-2")
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
