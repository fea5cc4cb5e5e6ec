package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/postgres"
	"github.com/priemna/priemna/booking/sqlite"
)

// copyDB moves a deployment from SQLite to PostgreSQL: it copies a backup
// snapshot of the SQLite file (consistent while the file is served) into
// an empty PostgreSQL database in one transaction, then verifies the
// copy: the rows of every table, the statistics the triggers rebuilt,
// and that a booking's manage token opens the same booking.
func (a *App) copyDB(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("priemna copy", flag.ContinueOnError)
	fs.SetOutput(a.Stderr)
	from := fs.String("from", "", "SQLite database file to copy (it may be in use: a snapshot is copied)")
	to := fs.String("to", "", "postgres:// URL of an empty PostgreSQL database (the schema is created)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *from == "" || *to == "" {
		return errors.New("copy: --from FILE and --to postgres://… are both required")
	}
	if isPostgres(*from) || !isPostgres(*to) {
		return errors.New("copy: --from is an SQLite file and --to a postgres:// URL")
	}
	if _, err := os.Stat(*from); err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	dir, err := os.MkdirTemp(filepath.Dir(*from), ".priemna-copy-")
	if err != nil {
		return fmt.Errorf("copy: a snapshot beside %s: %w", *from, err)
	}
	defer os.RemoveAll(dir)
	snapshot := filepath.Join(dir, "snapshot.db")
	if err := sqlite.Backup(ctx, *from, snapshot); err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	src, err := sqlite.Open(snapshot)
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	defer src.Close()
	dst, err := postgres.Open(*to)
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	defer dst.Close()
	name := postgres.Redact(*to)
	fmt.Fprintf(a.Stdout, "copying a snapshot of %s (schema %04d) to %s (schema %04d)\n", *from, src.Version, name, dst.Version)
	copied, err := dst.Copy(ctx, src)
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}

	// Verify what arrived against the snapshot.
	tables, rebuilt := postgres.CopyTables()
	want, err := src.Counts(ctx, append(append([]string{}, tables...), rebuilt...))
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	got, err := dst.Counts(ctx, append(append([]string{}, tables...), rebuilt...))
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	var bad []string
	for _, t := range tables {
		mark := "ok"
		if got[t] != want[t] || copied[t] != want[t] {
			mark = "DIFFERS"
			bad = append(bad, t)
		}
		fmt.Fprintf(a.Stdout, "  %-18s %8d rows in SQLite, %8d in PostgreSQL  %s\n", t, want[t], got[t], mark)
	}
	wantStats, err1 := src.StatTotals(ctx)
	gotStats, err2 := dst.StatTotals(ctx)
	if err := errors.Join(err1, err2); err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	if wantStats != gotStats {
		bad = append(bad, "stat_months")
	}
	fmt.Fprintf(a.Stdout, "  statistics: %d months rebuilt by PostgreSQL's triggers, %s\n", got["stat_months"], map[bool]string{true: "equal to SQLite's", false: "DIFFERENT from SQLite's"}[wantStats == gotStats])
	if len(bad) > 0 {
		return fmt.Errorf("copy: the copy differs from the snapshot in %v; do not switch to it (the PostgreSQL database keeps the copy: empty it before trying again)", bad)
	}
	// A citizen's link still opens their booking.
	list, err := src.Bookings(ctx, booking.BookingFilter{Limit: 1})
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	if len(list) > 0 {
		b, err := dst.BookingByToken(ctx, list[0].Token)
		if err != nil || b.ID != list[0].ID || b.Reference != list[0].Reference {
			return fmt.Errorf("copy: booking %s does not open by its manage token in PostgreSQL (%v)", list[0].Reference, err)
		}
		fmt.Fprintf(a.Stdout, "  the manage token of booking %s opens it in PostgreSQL\n", b.Reference)
	}
	fmt.Fprintf(a.Stdout, "copied and verified: serve with --db %s (the SQLite file is left as it was)\n", name)
	return nil
}
