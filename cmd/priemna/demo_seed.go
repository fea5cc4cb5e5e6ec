package main

// Demo data for serve --demo and the demo command: only into an empty
// database.

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/priemna/priemna/booking"
)

// addDemo adds the demo data and staff to db unless it has officials
// already (had); it returns the staff's sign-in, to be shown once. What
// an existing database or a failure means is the caller's to say.
func addDemo(ctx context.Context, db *store, now func() time.Time) (had bool, signIn string, err error) {
	if had, err = hasData(ctx, db); err != nil || had {
		return had, "", err
	}
	if err := seedDemo(ctx, db, now); err != nil {
		return false, "", fmt.Errorf("demo data: %w", err)
	}
	signIn, err = seedDemoStaff(ctx, db, now)
	return false, signIn, err
}

// seedIfEmpty adds the demo data to an empty database and returns the demo
// staff's sign-in, to be shown once.
func (a *App) seedIfEmpty(ctx context.Context, db *store, log *slog.Logger) (string, error) {
	had, signIn, err := addDemo(ctx, db, a.Now)
	switch {
	case had:
		log.Info("database has data; demo data not added")
	case db.shared && booking.ErrorCode(err) == booking.ECONFLICT:
		// Replicas started together on an empty database: another
		// one is adding the demo data.
		log.Info("another replica is adding the demo data")
		return "", nil
	case err == nil:
		log.Info("demo data added")
	}
	return signIn, err
}

func (a *App) demo(ctx context.Context, args []string) error {
	fs, dbPath := a.flags("demo")
	if err := parse(fs, args); err != nil {
		return err
	}
	return onDatabase(*dbPath, a.open, func(db *store) error {
		had, signIn, err := addDemo(ctx, db, a.Now)
		if had {
			return fmt.Errorf("demo: %s already has data; demo data goes into an empty database", *dbPath)
		} else if err != nil {
			return cliError(err)
		}
		fmt.Fprintln(a.Stdout, "demo data added to", *dbPath)
		fmt.Fprint(a.Stdout, signIn)
		return nil
	})
}

// hasData reports whether the database already has officials: demo data
// goes only into an empty one.
func hasData(ctx context.Context, db *store) (bool, error) {
	stats, err := db.Stats(ctx)
	return stats["officials"] > 0, err
}
