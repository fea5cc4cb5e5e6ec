package main

import (
	"github.com/priemna/priemna/booking"
)

// onDatabase runs fn on the database at path, opened by open (a.open
// creates one, a.openExisting refuses a missing one), and closes it after.
func onDatabase(path string, open func(string) (*store, error), fn func(db *store) error) error {
	db, err := open(path)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(db)
}

// withService runs fn with the booking service on an existing database,
// spelling out a domain error for the terminal.
func (a *App) withService(dbPath string, fn func(svc *booking.Service) error) error {
	return onDatabase(dbPath, a.openExisting, func(db *store) error {
		return cliError(fn(booking.NewService(db.Stores(), a.Now)))
	})
}

// withStaff runs fn with the staff service on an existing database,
// spelling out a domain error for the terminal.
func (a *App) withStaff(dbPath string, fn func(staff *booking.Staff) error) error {
	return onDatabase(dbPath, a.openExisting, func(db *store) error {
		return cliError(fn(booking.NewStaff(db, nil, db, a.Now)))
	})
}
