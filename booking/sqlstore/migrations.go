package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
)

// Both databases keep their migrations as numbered .sql files under
// migration/, embedded, numbered alike (a test holds the two directories
// equal). Listing them and reading the records of what was applied are the
// same for both; applying one is each database's own (its lock, its
// placeholders, SQLite's foreign-key switch).

// ErrForeign is returned on opening a database of another application.
var ErrForeign = errors.New("not a Priemna database")

// ErrNewer is returned on opening a database a newer Priemna has written.
var ErrNewer = errors.New("database written by a newer version of Priemna")

// Migration is one migration file of a database's set.
type Migration struct {
	Version int    // the number its name starts with
	Name    string // the file's name, as schema_migrations records it
	Path    string // its path in the embedded set
}

// MigrationSet is a database's migrations in order of number.
type MigrationSet struct {
	List   []Migration
	Known  map[int]bool // the versions this binary has
	Latest int          // the schema version they make
}

// Migrations lists the set embedded as migration/*.sql; db names the
// database in the error for a file whose name is not numbered.
func Migrations(files fs.FS, db string) (MigrationSet, error) {
	paths, err := fs.Glob(files, "migration/*.sql")
	if err != nil {
		return MigrationSet{}, err
	}
	slices.Sort(paths)
	set := MigrationSet{Known: map[int]bool{}}
	for _, p := range paths {
		name := strings.TrimPrefix(p, "migration/")
		num, _, _ := strings.Cut(name, "_")
		version, err := strconv.Atoi(num)
		if err != nil {
			return MigrationSet{}, fmt.Errorf("%s: migration %s: name must start with a number", db, name)
		}
		set.List = append(set.List, Migration{Version: version, Name: name, Path: p})
		set.Known[version] = true
		set.Latest = max(set.Latest, version)
	}
	return set, nil
}

// Pending reads the rows of `SELECT version, name FROM schema_migrations`
// once and returns the set's migrations not applied yet, in order. A
// database that records a migration this binary does not have is refused
// with ErrNewer: a newer Priemna wrote it, and an older one must not touch
// its schema. where names the database in an error; it closes rows.
func (set MigrationSet) Pending(rows *sql.Rows, where string) ([]Migration, error) {
	applied, err := Collect(rows, where+": read migrations", func(r Scanner) (m Migration, err error) {
		err = r.Scan(&m.Version, &m.Name)
		return m, err
	})
	if err != nil {
		return nil, err
	}
	done := map[int]bool{}
	var unknown []string
	for _, m := range applied {
		done[m.Version] = true
		if !set.Known[m.Version] {
			unknown = append(unknown, m.Name)
		}
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("%s: %w: it has migrations %s that this binary (schema version %04d) does not know; "+
			"run the newer priemna, or restore the backup taken before the upgrade", where, ErrNewer, strings.Join(unknown, ", "), set.Latest)
	}
	var pending []Migration
	for _, m := range set.List {
		if !done[m.Version] {
			pending = append(pending, m)
		}
	}
	return pending, nil
}

// CheckTables refuses a database that has tables (rows lists their names)
// but no record of Priemna's migrations: another application's, and
// Priemna's tables are never added to it. where names the database in the
// error; it closes rows.
func CheckTables(rows *sql.Rows, where string) error {
	tables, err := Collect(rows, where+": list tables", ScanString)
	if err != nil {
		return err
	}
	if len(tables) == 0 || slices.Contains(tables, "schema_migrations") {
		return nil
	}
	if len(tables) > 5 {
		tables = append(tables[:5], "…")
	}
	return fmt.Errorf("%s: %w: it has tables (%s) but no record of Priemna's migrations; nothing was changed",
		where, ErrForeign, strings.Join(tables, ", "))
}

// ScanString scans one text column.
func ScanString(r Scanner) (s string, err error) {
	err = r.Scan(&s)
	return s, err
}
