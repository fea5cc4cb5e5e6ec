package web

import (
	"errors"
	"net/http"

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

// createErrors sorts the error of adding a unit or an official for its
// form: the fields' errors (422), or a slug that another already has
// (409); ok is false for any other error.
func createErrors(err error, lang string) (status int, errs map[string]string, ok bool) {
	if errs, ok := fieldErrors(err, lang); ok {
		return http.StatusUnprocessableEntity, errs, true
	}
	if booking.ErrorCode(err) == booking.ECONFLICT {
		return http.StatusConflict, map[string]string{"slug": booking.ErrorMessage(err).In(lang)}, true
	}
	return 0, nil, false
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
