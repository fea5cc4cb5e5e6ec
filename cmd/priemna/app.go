package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/password"
	"github.com/priemna/priemna/booking/sqlite"
)

// App runs one subcommand with its own input, output and clock, so that
// tests can run it in-process.
type App struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Now            func() time.Time  // default time.Now
	Ready          func(addr string) // called once serve listens
	// ConfirmClock accepts a wall clock that jumped (SIGHUP in main), so
	// that paused sweeps resume.
	ConfirmClock <-chan struct{}
}

const usage = `Usage: priemna COMMAND [flags]

Commands:
  serve          serve the web site and API
  demo           fill an empty database with demo data
  migrate        create or upgrade the database schema
  backup         write a consistent copy of the database (--to FILE) and check it
  check          run the full integrity check of the database
  copy           copy an SQLite database into an empty PostgreSQL one (--from FILE --to postgres://…) and verify it
  user add       add a staff member (password read from standard input)
  user password  set a staff member's password (--email; read from standard input)
  token create   print a new staff API token (--email)
  token revoke   revoke every API token of a staff member (--email)
  erase          erase a citizen's personal data from a booking (--reference)
  outbox list    list the mail given up on (dead letters) with the last error
  outbox resend  send dead letters again (--id N or --all; audited)
  bigdb          build a large database for benchmarks (--bookings, --officials, --years)
  version        print the version

Run "priemna COMMAND -h" for a command's flags, "priemna help" for every
command's. Every command but copy takes --db (PRIEMNA_DB, default
./priemna.db: an SQLite file, or a postgres:// URL); only serve, demo and
migrate create the database file.
`

// commands are listed by "priemna help" with their flags.
var commands = []string{"serve", "demo", "migrate", "backup", "check", "copy", "user add", "user password", "token create", "token revoke", "erase", "outbox list", "outbox resend", "bigdb"}

// Run runs the subcommand named by args[0].
func (a *App) Run(ctx context.Context, args []string) error {
	if a.Now == nil {
		a.Now = time.Now
	}
	if len(args) == 0 {
		fmt.Fprint(a.Stderr, usage)
		return errors.New("no command given")
	}
	cmd, rest := args[0], args[1:]
	if (cmd == "user" || cmd == "token" || cmd == "outbox") && len(rest) > 0 {
		cmd, rest = cmd+" "+rest[0], rest[1:]
	}
	if slices.ContainsFunc(rest, isHelpFlag) {
		// Asked for, help goes to standard output and is no failure.
		sub := *a
		sub.Stderr = a.Stdout
		if err := sub.run(ctx, cmd, rest); !errors.Is(err, flag.ErrHelp) {
			return err
		}
		return nil
	}
	return a.run(ctx, cmd, rest)
}

func isHelpFlag(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help" || arg == "--h"
}

// help lists every command, then each command's flags.
func (a *App) help(ctx context.Context) error {
	fmt.Fprint(a.Stdout, usage)
	for _, cmd := range commands {
		fmt.Fprintln(a.Stdout)
		if err := a.Run(ctx, append(strings.Fields(cmd), "-h")); err != nil {
			return err
		}
	}
	return nil
}

func (a *App) run(ctx context.Context, cmd string, rest []string) error {
	switch cmd {
	case "serve":
		return a.serve(ctx, rest)
	case "demo":
		return a.demo(ctx, rest)
	case "migrate":
		return a.migrate(rest)
	case "backup":
		return a.backup(ctx, rest)
	case "check":
		return a.check(ctx, rest)
	case "copy":
		return a.copyDB(ctx, rest)
	case "user add":
		return a.userAdd(ctx, rest)
	case "token create":
		return a.tokenCreate(ctx, rest)
	case "user password":
		return a.userPassword(ctx, rest)
	case "token revoke":
		return a.tokenRevoke(ctx, rest)
	case "erase":
		return a.erase(ctx, rest)
	case "outbox list":
		return a.outboxList(ctx, rest)
	case "outbox resend":
		return a.outboxResend(ctx, rest)
	case "bigdb":
		return a.bigdb(ctx, rest)
	case "version":
		fmt.Fprintln(a.Stdout, "priemna", version)
		return nil
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 {
			return a.Run(ctx, append(rest, "-h"))
		}
		return a.help(ctx)
	}
	fmt.Fprint(a.Stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

// flags returns a flag set for a subcommand with the --db flag on it.
func (a *App) flags(name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("priemna "+name, flag.ContinueOnError)
	fs.SetOutput(a.Stderr)
	db := fs.String("db", envOr("PRIEMNA_DB", "./priemna.db"), "SQLite database file, or a postgres:// URL of a PostgreSQL database (PRIEMNA_DB)")
	return fs, db
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
}

func (a *App) migrate(args []string) error {
	fs, dbPath := a.flags("migrate")
	if err := parse(fs, args); err != nil {
		return err
	}
	return onDatabase(*dbPath, a.open, func(db *store) error {
		for _, name := range db.applied {
			fmt.Fprintln(a.Stdout, "applied", name)
		}
		fmt.Fprintf(a.Stdout, "database schema is up to date (version %04d): %s\n", db.version, db.name)
		return nil
	})
}

func (a *App) backup(ctx context.Context, args []string) error {
	fs, dbPath := a.flags("backup")
	to := fs.String("to", "", "file to write the copy to (must not exist)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *to == "" {
		return errors.New("backup: --to FILE is required")
	}
	if isPostgres(*dbPath) {
		// PostgreSQL has its own tools, which copy a live cluster
		// consistently and restore it; a standby keeps a copy all along.
		return errors.New("backup: --db is a PostgreSQL database: back it up with pg_dump (or pg_basebackup, or the managed service's backups); " +
			"priemna backup copies SQLite files. Nothing was written")
	}
	if _, err := os.Stat(*dbPath); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := os.Stat(*to); err == nil {
		return fmt.Errorf("backup: %s already exists; choose a new file", *to)
	}
	if err := sqlite.Backup(ctx, *dbPath, *to); err != nil {
		return err
	}
	// What is restored is the copy: it is checked in full.
	if err := sqlite.CheckFile(ctx, *to); err != nil {
		return fmt.Errorf("backup: the copy %s fails its check: %w", *to, err)
	}
	fmt.Fprintln(a.Stdout, "backup written and checked:", *to)
	return nil
}

// check runs the full integrity check, which start-up leaves out: it reads
// every page, half a minute for a million bookings.
func (a *App) check(ctx context.Context, args []string) error {
	fs, dbPath := a.flags("check")
	if err := parse(fs, args); err != nil {
		return err
	}
	if isPostgres(*dbPath) {
		db, err := a.openExisting(*dbPath)
		if err != nil {
			return fmt.Errorf("check: %w", err)
		}
		defer db.Close()
		if err := db.check(ctx); err != nil {
			return fmt.Errorf("check: %w", err)
		}
		fmt.Fprintln(a.Stdout, "database passes its check (every table read):", db.name)
		return nil
	}
	if _, err := os.Stat(*dbPath); err != nil {
		return fmt.Errorf("check: %w", err)
	}
	if err := sqlite.CheckFile(ctx, *dbPath); err != nil {
		return err
	}
	fmt.Fprintln(a.Stdout, "database passes its integrity check:", *dbPath)
	return nil
}

// stringList is a repeatable flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

func (a *App) userAdd(ctx context.Context, args []string) error {
	fs, dbPath := a.flags("user add")
	email := fs.String("email", "", "sign-in email")
	name := fs.String("name", "", "full name")
	role := fs.String("role", "assistant", "admin or assistant")
	var officials stringList
	fs.Var(&officials, "official", "slug of an official the assistant works for (repeatable)")
	return a.withNewPassword(fs, args, dbPath, func(staff *booking.Staff, hash string) error {
		u, err := staff.AddUser(ctx, booking.CommandLine, booking.UserInput{Email: *email, Name: *name, Role: booking.Role(*role),
			Officials: officials, PasswordHash: hash})
		if err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "added %s (%s)\n", u.Email, u.Role)
		return nil
	})
}

func (a *App) tokenCreate(ctx context.Context, args []string) error {
	return a.onStaffMember("token create", args, func(staff *booking.Staff, email string) (string, error) {
		return staff.CreateAPIToken(ctx, booking.CommandLine, email)
	})
}

// cliError spells out a domain error, its fields included, in English.
func cliError(err error) error {
	if err == nil {
		return nil
	}
	var e *booking.Error
	if !errors.As(err, &e) {
		return err
	}
	msg := e.Message.In("en")
	for field, m := range e.Fields {
		msg += fmt.Sprintf("\n  %s: %s", field, m.In("en"))
	}
	return errors.New(msg)
}

// readPassword reads a new password from the first line of standard input,
// checks it and returns its hash.
func (a *App) readPassword() (string, error) {
	pw, err := bufio.NewReader(a.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	pw = strings.TrimRight(pw, "\r\n")
	if err := booking.ValidatePassword(pw); err != nil {
		return "", cliError(err)
	}
	return password.Hash(pw)
}

func (a *App) userPassword(ctx context.Context, args []string) error {
	fs, dbPath := a.flags("user password")
	email := fs.String("email", "", "the staff member's email")
	return a.withNewPassword(fs, args, dbPath, func(staff *booking.Staff, hash string) error {
		err := staff.SetPassword(ctx, booking.CommandLine, *email, hash)
		if err == nil {
			fmt.Fprintln(a.Stdout, "password set; the account is unlocked and its sessions ended")
		}
		return err
	})
}

func (a *App) tokenRevoke(ctx context.Context, args []string) error {
	return a.onStaffMember("token revoke", args, func(staff *booking.Staff, email string) (string, error) {
		n, err := staff.RevokeAPITokens(ctx, booking.CommandLine, email)
		return fmt.Sprintf("%d token(s) revoked", n), err
	})
}

func (a *App) erase(ctx context.Context, args []string) error {
	fs, dbPath := a.flags("erase")
	ref := fs.String("reference", "", "the booking's reference, e.g. SO-7K3Q-9PXD")
	if err := parse(fs, args); err != nil {
		return err
	}
	return a.withService(*dbPath, func(svc *booking.Service) error {
		err := svc.Erase(ctx, booking.CommandLine, *ref)
		if err == nil {
			fmt.Fprintln(a.Stdout, "personal data erased from", *ref)
		}
		return err
	})
}
