package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/priemna/priemna/booking/sqlite"
)

// envInt reads a whole number from the environment for the long tests.
func envInt(name string, def int) int {
	var e env
	return e.Int(name, def)
}

func TestEnvIsParsedStrictly(t *testing.T) {
	for _, v := range []string{"true", "TRUE", "Yes", "1", "yes"} {
		t.Setenv("PRIEMNA_X", v)
		var e env
		if !e.Bool("PRIEMNA_X", false) || e.Err() != nil {
			t.Errorf("%q: not true (%v)", v, e.Err())
		}
	}
	for _, v := range []string{"false", "False", "NO", "0", "no"} {
		t.Setenv("PRIEMNA_X", v)
		var e env
		if e.Bool("PRIEMNA_X", true) || e.Err() != nil {
			t.Errorf("%q: not false (%v)", v, e.Err())
		}
	}
	t.Setenv("PRIEMNA_X", "")
	var e env
	if e.Int("PRIEMNA_X", 7) != 7 || e.Duration("PRIEMNA_X", time.Minute) != time.Minute || e.Err() != nil {
		t.Error("an empty variable is not its default")
	}
	t.Setenv("PRIEMNA_X", "on")
	e.Bool("PRIEMNA_X", false)
	t.Setenv("PRIEMNA_Y", "-3")
	e.Int("PRIEMNA_Y", 3)
	if err := e.Err(); err == nil || !strings.Contains(err.Error(), `PRIEMNA_X="on": expected true or false`) ||
		!strings.Contains(err.Error(), `PRIEMNA_Y="-3": expected a whole number of 0 or more`) {
		t.Errorf("errors: %v", err)
	}
	if fmtDuration(10*time.Minute) != "10m" || fmtDuration(90*time.Minute) != "1h30m" || fmtDuration(15*time.Second) != "15s" {
		t.Error("fmtDuration")
	}
}

// refused runs serve, which must refuse to start, and returns its error.
func refused(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr bytes.Buffer
	started := false
	app := &App{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr,
		Ready: func(string) { started = true; cancel() }}
	err := app.Run(ctx, append([]string{"serve"}, args...))
	if started || err == nil {
		t.Fatalf("serve %v started (%v)", args, err)
	}
	return err.Error()
}

// TestServeRefusesBadConfiguration starts serve with each bad value and
// reads the refusal.
func TestServeRefusesBadConfiguration(t *testing.T) {
	dir := t.TempDir()
	db := func() string { return filepath.Join(t.TempDir(), "p.db") }
	mail := filepath.Join(dir, "mail")
	aFile := filepath.Join(dir, "a-file")
	must(t, os.WriteFile(aFile, []byte("x"), 0o600))
	cases := []struct {
		name string
		env  [2]string
		args []string
		want string
	}{
		{"cap not a number", [2]string{"PRIEMNA_CAP_OVERALL", "abc"}, nil, `PRIEMNA_CAP_OVERALL="abc": expected a whole number of 0 or more, e.g. 3`},
		{"grace without unit", [2]string{"PRIEMNA_GRACE", "10"}, nil, `PRIEMNA_GRACE="10": expected a duration with its unit, e.g. 10m`},
		{"boolean", [2]string{"PRIEMNA_TRUST_PROXY", "maybe"}, nil, `PRIEMNA_TRUST_PROXY="maybe": expected true or false (also 1/0, yes/no)`},
		{"negative rate", [2]string{"PRIEMNA_WRITE_RATE", "-5"}, nil, `PRIEMNA_WRITE_RATE="-5"`},
		{"negative flag", [2]string{}, []string{"--cap-overall", "-1"}, "--cap-overall -1: expected 0 or more"},
		{"negative grace flag", [2]string{}, []string{"--grace", "-1m"}, "--grace -1m0s: expected a duration of 0 or more"},
		{"no mail attempts", [2]string{}, []string{"--mail-attempts", "0"}, "--mail-attempts must be 1 or more"},
		{"no mail connections", [2]string{"PRIEMNA_MAIL_CONNECTIONS", "0"}, nil, "--mail-connections and --mail-timeout must be more than 0"},
		{"log format", [2]string{"PRIEMNA_LOG_FORMAT", "xml"}, nil, `--log-format "xml" (PRIEMNA_LOG_FORMAT): expected text or json`},
		{"metrics address", [2]string{}, []string{"--metrics-addr", "9464"}, `--metrics-addr "9464" (PRIEMNA_METRICS_ADDR): expected HOST:PORT`},
		{"IPv4 wildcard", [2]string{}, []string{"--addr", "0.0.0.0:0"}, "--addr 0.0.0.0:0 listens on every interface"},
		{"IPv6 wildcard", [2]string{}, []string{"--addr", "[::]:0"}, "set --base-url (PRIEMNA_BASE_URL)"},
		{"no host", [2]string{"PRIEMNA_ADDR", ":0"}, nil, "--addr :0 listens on every interface"},
		{"bad base URL", [2]string{}, []string{"--base-url", "priemna.sofia.bg"}, `--base-url "priemna.sofia.bg": give the site's public address`},
		{"mail dir is a file", [2]string{}, []string{"--mail-dir", aFile}, "--mail-dir (PRIEMNA_MAIL_DIR): cannot create " + aFile},
		{"mail dir inside a file", [2]string{}, []string{"--mail-dir", filepath.Join(aFile, "mail")}, "--mail-dir (PRIEMNA_MAIL_DIR)"},
		{"SMTP URL", [2]string{"PRIEMNA_SMTP_URL", "mail.example.org:587"}, nil, "--smtp: notify: SMTP URL must look like smtp://"},
		{"SMTP TLS mode", [2]string{}, []string{"--smtp", "smtp://mail.example.org?tls=yes"}, `tls="yes": use none, starttls or tls`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.env[0] != "" {
				t.Setenv(c.env[0], c.env[1])
			}
			path := db()
			args := append([]string{"--addr", "127.0.0.1:0", "--db", path, "--mail-dir", mail}, c.args...)
			if c.env[0] == "PRIEMNA_ADDR" {
				args = args[2:]
			}
			if got := refused(t, args...); !strings.Contains(got, c.want) {
				t.Errorf("refusal %q\nwant %q", got, c.want)
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a refused start created the database (%v)", err)
			}
		})
	}
}

// TestServeRefusesAnotherDatabase: another application's SQLite file, a
// file that is not SQLite at all, and a database a newer Priemna wrote are
// refused, and left as they were.
func TestServeRefusesAnotherDatabase(t *testing.T) {
	dir := t.TempDir()
	mail := filepath.Join(dir, "mail")
	serve := func(path string) string {
		return refused(t, "--addr", "127.0.0.1:0", "--db", path, "--mail-dir", mail)
	}
	schema := func(path string) string {
		t.Helper()
		c, err := sql.Open("sqlite3", path)
		must(t, err)
		defer c.Close()
		var names []string
		rows, err := c.Query(`SELECT name FROM sqlite_schema ORDER BY name`)
		must(t, err)
		defer rows.Close()
		for rows.Next() {
			var n string
			rows.Scan(&n)
			names = append(names, n)
		}
		var id int
		c.QueryRow(`PRAGMA application_id`).Scan(&id)
		return fmt.Sprint(names, id)
	}
	exec := func(path, query string) {
		t.Helper()
		c, err := sql.Open("sqlite3", path)
		must(t, err)
		defer c.Close()
		if _, err := c.Exec(query); err != nil {
			t.Fatal(err)
		}
	}

	foreign := filepath.Join(dir, "wiki.db")
	exec(foreign, `CREATE TABLE pages (id INTEGER PRIMARY KEY, body TEXT)`)
	before := schema(foreign)
	if got := serve(foreign); !strings.Contains(got, "not a Priemna database: it has tables (pages) but no record of Priemna's migrations") {
		t.Errorf("another application's file: %q", got)
	}
	if after := schema(foreign); after != before {
		t.Errorf("the file was changed: %s → %s", before, after)
	}

	marked := filepath.Join(dir, "marked.db")
	exec(marked, `PRAGMA application_id = 1234`)
	if got := serve(marked); !strings.Contains(got, "not a Priemna database (its application id is 0x4d2)") {
		t.Errorf("a file marked by another application: %q", got)
	}

	text := filepath.Join(dir, "notes.db")
	os.WriteFile(text, []byte(strings.Repeat("not a database\n", 100)), 0o600)
	if got := serve(text); !strings.Contains(got, "not a Priemna database") {
		t.Errorf("a text file: %q", got)
	}

	newer := filepath.Join(dir, "newer.db")
	d, err := sqlite.Open(newer)
	must(t, err)
	version := d.Version
	d.Close()
	exec(newer, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (9001, '9001_from_the_future.sql', 0)`)
	before = schema(newer)
	got := serve(newer)
	if !strings.Contains(got, "written by a newer version of Priemna: it has migrations 9001_from_the_future.sql that this binary (schema version "+
		fmt.Sprintf("%04d", version)+") does not know") {
		t.Errorf("a newer database: %q", got)
	}
	if after := schema(newer); after != before {
		t.Errorf("the newer database was changed: %s → %s", before, after)
	}
	// The other commands refuse it too.
	_, err = runApp(t, "migrate", "--db", newer)
	if err == nil || !strings.Contains(err.Error(), "newer version of Priemna") {
		t.Errorf("migrate on a newer database: %v", err)
	}
}

// TestSecondServeRefuses: one serve per SQLite file, and the refusal names
// the process holding it; once it stops, another may start.
func TestSecondServeRefuses(t *testing.T) {
	first := startServer(t)
	got := refused(t, "--addr", "127.0.0.1:0", "--db", first.db, "--mail-dir", t.TempDir())
	want := fmt.Sprintf("%s is already served by process %d", first.db, os.Getpid())
	if !strings.Contains(got, want) {
		t.Errorf("second serve: %q\nwant %q", got, want)
	}
	first.stop()
	startServerOn(t, first.db)
}

func TestCommandsOtherThanServeNeverCreateADatabase(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "typo.db")
	for _, args := range [][]string{
		{"token", "create", "--email", "a@example.org"},
		{"token", "revoke", "--email", "a@example.org"},
		{"user", "add", "--email", "a@example.org", "--name", "A", "--role", "admin"},
		{"user", "password", "--email", "a@example.org"},
		{"erase", "--reference", "SO-AAAA-AAAA"},
		{"backup", "--to", filepath.Join(dir, "copy.db")},
	} {
		var out bytes.Buffer
		app := &App{Stdin: strings.NewReader("a long enough password\n"), Stdout: &out, Stderr: &out}
		err := app.Run(t.Context(), append(args, "--db", missing))
		if err == nil || !strings.Contains(err.Error(), "typo.db") {
			t.Errorf("%v: %v", args, err)
		}
		if !strings.Contains(err.Error(), "does not exist") && !strings.Contains(err.Error(), "no such file") {
			t.Errorf("%v: %v", args, err)
		}
		if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%v created %s", args, missing)
		}
	}
}

func TestMigrateSaysWhatItApplied(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	run := func() string {
		out, err := runApp(t, "migrate", "--db", db)
		must(t, err)
		return out
	}
	first := run()
	if !strings.Contains(first, "applied 0001_init.sql\n") || !strings.Contains(first, "applied 0040_health.sql\n") ||
		!strings.Contains(first, "database schema is up to date (version ") {
		t.Errorf("first migrate:\n%s", first)
	}
	if again := run(); strings.Contains(again, "applied") || !strings.Contains(again, "up to date") {
		t.Errorf("second migrate:\n%s", again)
	}
}

func TestHelpListsEveryCommandAndFlag(t *testing.T) {
	var out, errOut bytes.Buffer
	app := &App{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut}
	if err := app.Run(t.Context(), []string{"help"}); err != nil {
		t.Fatalf("help: %v", err)
	}
	help := out.String()
	for _, cmd := range commands {
		if !strings.Contains(help, "Usage of priemna "+cmd+":") {
			t.Errorf("help lacks %q", cmd)
		}
	}
	for _, flag := range []string{"-addr", "-base-url", "-smtp", "-mail-dir", "-mail-from", "-demo", "-reminders", "-mail-attempts",
		"-grace", "-noshow-strikes", "-noshow-window-days", "-noshow-block-days", "-cap-per-official", "-cap-overall",
		"-retention-days", "-contact-centre", "-write-rate", "-read-rate", "-pow", "-trust-proxy", "-shutdown-grace",
		"-metrics-addr", "-log-format", "-clock-jump", "-mail-connections", "-mail-timeout", "-id", "-all",
		"-to", "-email", "-name", "-role", "-official", "-reference", "-db", "-mail-lease", "-from"} {
		if !strings.Contains(help, "  "+flag+" ") && !strings.Contains(help, "  "+flag+"\n") {
			t.Errorf("help lacks %s", flag)
		}
	}
	if errOut.Len() > 0 {
		t.Errorf("help wrote to stderr: %s", errOut.String())
	}
	out.Reset()
	if err := app.Run(t.Context(), []string{"serve", "-h"}); err != nil || !strings.Contains(out.String(), "-write-rate") {
		t.Errorf("serve -h: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := app.Run(t.Context(), []string{"token", "create", "--help"}); err != nil || !strings.Contains(out.String(), "-email") {
		t.Errorf("token create --help: %v\n%s", err, out.String())
	}
}

// TestShutdownCutsOffAnOpenRequestAndExitsCleanly: a request still open
// when the shutdown grace ends is cut off, and serve returns no error.
func TestShutdownCutsOffAnOpenRequestAndExitsCleanly(t *testing.T) {
	s := startServer(t, "--shutdown-grace", "50ms")
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.url, "http://"))
	must(t, err)
	defer conn.Close()
	// A body that never arrives keeps the request open. The server says
	// "100 Continue" once the handler reads the body: then it is under way.
	fmt.Fprint(conn, "POST /api/v1/bookings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n")
	r := bufio.NewReader(conn)
	if line, err := r.ReadString('\n'); err != nil || !strings.HasPrefix(line, "HTTP/1.1 100") {
		t.Fatalf("no 100 Continue: %q %v", line, err)
	}
	r.ReadString('\n') // the blank line after it
	fmt.Fprint(conn, "{")
	s.stop() // fails the test if serve returns an error
	// The connection was cut off, not answered.
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	if b, err := io.ReadAll(r); len(b) != 0 || err != nil {
		t.Errorf("the open request got %q (%v)", b, err)
	}
}
