package main

// Demo data for serve --demo and the demo command: only into an empty
// database.

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/priemna/priemna/booking"
)

// seedIfEmpty adds the demo data to an empty database and returns the demo
// staff's sign-in, to be shown once.
func (a *App) seedIfEmpty(ctx context.Context, db *store, log *slog.Logger) (string, error) {
	if has, err := hasData(ctx, db); err != nil || has {
		if has {
			log.Info("database has data; demo data not added")
		}
		return "", err
	}
	if err := seedDemo(ctx, db, a.Now); err != nil {
		if db.shared && booking.ErrorCode(err) == booking.ECONFLICT {
			// Replicas started together on an empty database: another
			// one is adding the demo data.
			log.Info("another replica is adding the demo data")
			return "", nil
		}
		return "", fmt.Errorf("demo data: %w", err)
	}
	signIn, err := seedDemoStaff(ctx, db, a.Now)
	if err != nil {
		return "", err
	}
	log.Info("demo data added")
	return signIn, nil
}

func (a *App) demo(ctx context.Context, args []string) error {
	fs, dbPath := a.flags("demo")
	if err := parse(fs, args); err != nil {
		return err
	}
	return onDatabase(*dbPath, a.open, func(db *store) error {
		if has, err := hasData(ctx, db); err != nil {
			return err
		} else if has {
			return fmt.Errorf("demo: %s already has data; demo data goes into an empty database", *dbPath)
		}
		if err := seedDemo(ctx, db, a.Now); err != nil {
			return cliError(err)
		}
		signIn, err := seedDemoStaff(ctx, db, a.Now)
		if err != nil {
			return err
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
