// Package pgtest gives tests a real PostgreSQL database of their own: from
// the server PRIEMNA_TEST_POSTGRES names (a URL whose user may create
// databases), or from a throwaway cluster it starts with the initdb and
// pg_ctl of Debian's postgresql package in a temporary directory, as an
// unprivileged user when the tests run as root. Without either, the tests
// that ask for one are skipped with a loud notice — except under CI, where
// they fail: there PostgreSQL is installed (.ci/run) and must run.
//
// A package whose tests use it calls Main from its TestMain, which stops
// the cluster after the tests; given a prepare function (a store's
// migrations), Main has it fill a template database once, and URL copies
// the template instead of migrating every test's database anew.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env names the server to use instead of a throwaway cluster.
const Env = "PRIEMNA_TEST_POSTGRES"

var (
	prepare  func(url string) error // fills the template; nil: none
	template string                 // its name, once made
	tmplOnce sync.Once
	tmplErr  error

	once    sync.Once
	admin   string // URL of a database on the server from which test databases are made
	why     string // why there is no server, when admin is ""
	cluster *throwaway
	notice  sync.Once
)

// Main runs the tests and then stops the cluster, if one was started.
// With prepare, URL gives copies of a database prepare filled once.
func Main(m *testing.M, fill ...func(url string) error) {
	if len(fill) > 0 {
		prepare = fill[0]
	}
	code := m.Run()
	if template != "" {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		adminExec(ctx, `DROP DATABASE IF EXISTS `+template+` WITH (FORCE)`)
		cancel()
	}
	if cluster != nil {
		cluster.stop()
	}
	os.Exit(code)
}

// InCI reports whether the tests run in CI, where nothing may be skipped.
func InCI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v != "" && v != "0" && v != "false"
}

// URL creates a database for the test, dropped when it ends, and returns
// its postgres:// URL: a copy of the prepared template when Main was
// given one, else an empty database.
func URL(t testing.TB) string {
	t.Helper()
	return create(t, true)
}

// Empty creates an empty database for the test, whatever Main prepared.
func Empty(t testing.TB) string {
	t.Helper()
	return create(t, false)
}

func create(t testing.TB, fromTemplate bool) string {
	t.Helper()
	once.Do(start)
	if admin == "" {
		if InCI() {
			t.Fatalf("pgtest: CI must run the PostgreSQL tests, but %s", why)
		}
		notice.Do(func() {
			fmt.Fprintf(os.Stderr, "\n*** PostgreSQL tests SKIPPED: %s\n*** (apt-get install postgresql, or set %s=postgres://user@host/db)\n\n", why, Env)
		})
		t.Skipf("PostgreSQL tests skipped: %s", why)
	}
	name := "t_" + randomHex(8)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	create := `CREATE DATABASE ` + name
	if fromTemplate && prepare != nil {
		tmplOnce.Do(makeTemplate)
		if tmplErr != nil {
			t.Fatalf("pgtest: template: %v", tmplErr)
		}
		create += ` TEMPLATE ` + template
	}
	if err := adminExec(ctx, create); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := adminExec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Logf("pgtest: drop database %s: %v", name, err)
		}
	})
	return withDB(admin, name)
}

// makeTemplate creates the template database and has prepare fill it;
// prepare closes its connections, or no copy can be made.
func makeTemplate() {
	name := "tmpl_" + randomHex(8)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if tmplErr = adminExec(ctx, `CREATE DATABASE `+name); tmplErr != nil {
		return
	}
	template = name
	tmplErr = prepare(withDB(admin, name))
}

func withDB(server, name string) string {
	u, _ := url.Parse(server)
	u.Path = "/" + name
	return u.String()
}

func adminExec(ctx context.Context, sql string) error {
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	_, err = conn.Exec(ctx, sql)
	return err
}

func start() {
	if u := os.Getenv(Env); u != "" {
		admin = u
		return
	}
	c, err := startCluster()
	if err != nil {
		why = err.Error()
		return
	}
	cluster = c
	admin = c.url
}

// throwaway is a cluster in a temporary directory.
type throwaway struct {
	bin, dir, url string
	as            []string // runuser prefix when run as root
}

func (c *throwaway) cmd(name string, args ...string) *exec.Cmd {
	full := append(append([]string{}, c.as...), append([]string{filepath.Join(c.bin, name)}, args...)...)
	return exec.Command(full[0], full[1:]...)
}

func (c *throwaway) stop() {
	c.cmd("pg_ctl", "stop", "-D", filepath.Join(c.dir, "data"), "-m", "immediate", "-w").Run()
	os.RemoveAll(c.dir)
}

// binDir finds the newest PostgreSQL server binaries.
func binDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("no PostgreSQL server installed (no initdb in /usr/lib/postgresql/*/bin or on PATH)")
}

func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

func startCluster() (*throwaway, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "priemna-pg-")
	if err != nil {
		return nil, err
	}
	c := &throwaway{bin: bin, dir: dir}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(dir)
		}
	}()
	// initdb and postgres refuse to run as root: then they run as nobody,
	// who owns the directory.
	if os.Geteuid() == 0 {
		u, err := user.Lookup("nobody")
		if err != nil {
			return nil, fmt.Errorf("running as root and no user nobody to run PostgreSQL as: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, err
		}
		c.as = []string{"runuser", "-u", "nobody", "--"}
	}
	data := filepath.Join(dir, "data")
	if out, err := c.cmd("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale", "C.UTF-8", "--no-sync").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	// A throwaway cluster need not survive a crash of the machine.
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=64MB", port, dir)
	if out, err := c.cmd("pg_ctl", "start", "-D", data, "-w", "-t", "60", "-l", filepath.Join(dir, "log"), "-o", opts).CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		return nil, fmt.Errorf("pg_ctl start: %v: %s %s", err, out, log)
	}
	c.url = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	ok = true
	return c, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
