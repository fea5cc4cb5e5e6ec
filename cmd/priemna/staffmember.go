package main

import (
	"flag"
	"fmt"

	"github.com/priemna/priemna/booking"
)

// onStaffMember runs the command name on the staff member --email names:
// fn acts and returns what to print, printed only if it succeeds.
func (a *App) onStaffMember(name string, args []string, fn func(staff *booking.Staff, email string) (string, error)) error {
	fs, dbPath := a.flags(name)
	email := fs.String("email", "", "the staff member's email")
	if err := parse(fs, args); err != nil {
		return err
	}
	return a.withStaff(*dbPath, func(staff *booking.Staff) error {
		out, err := fn(staff, *email)
		if err == nil {
			fmt.Fprintln(a.Stdout, out)
		}
		return err
	})
}

// withNewPassword parses a command's flags, reads a new password from
// standard input and runs fn with the staff service and the password's
// hash. The password is read and checked before the database is opened.
func (a *App) withNewPassword(fs *flag.FlagSet, args []string, dbPath *string, fn func(staff *booking.Staff, hash string) error) error {
	if err := parse(fs, args); err != nil {
		return err
	}
	hash, err := a.readPassword()
	if err != nil {
		return err
	}
	return a.withStaff(*dbPath, func(staff *booking.Staff) error { return fn(staff, hash) })
}
