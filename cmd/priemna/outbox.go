package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/priemna/priemna/booking"
)

// outboxList prints the dead letters, oldest last.
func (a *App) outboxList(ctx context.Context, args []string) error {
	fs, dbPath := a.flags("outbox list")
	if err := parse(fs, args); err != nil {
		return err
	}
	return onDatabase(*dbPath, a.openExisting, func(db *store) error {
		list, err := db.DeadMessages(ctx)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			fmt.Fprintln(a.Stdout, "no undelivered mail")
		}
		for _, m := range list {
			ref := "?"
			if b, err := db.BookingByID(ctx, m.BookingID); err == nil {
				ref = b.Reference
			}
			fmt.Fprintf(a.Stdout, "%d\t%s\t%s\t%d attempts\t%s\n", m.ID, ref, m.Kind, m.Attempts, strings.ReplaceAll(m.LastError, "\n", " "))
		}
		return nil
	})
}

// outboxResend sends one dead letter (--id) or all (--all) again, audited.
func (a *App) outboxResend(ctx context.Context, args []string) error {
	fs, dbPath := a.flags("outbox resend")
	id := fs.Int64("id", 0, "the message to send again (its id from priemna outbox list)")
	all := false
	fs.Var(boolFlag{&all}, "all", "send every undelivered message again")
	if err := parse(fs, args); err != nil {
		return err
	}
	if (*id > 0) == all || *id < 0 {
		return errors.New("outbox resend: give either --id N or --all")
	}
	return a.withService(*dbPath, func(svc *booking.Service) error {
		n, err := svc.ResendDead(ctx, booking.CommandLine, *id)
		if err == nil {
			fmt.Fprintf(a.Stdout, "%d message(s) queued again; a running serve sends them within seconds\n", n)
		}
		return err
	})
}
