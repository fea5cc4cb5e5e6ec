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

// Unknown reads the rows of `SELECT version, name FROM schema_migrations`
// and returns the names of those this binary does not have: a newer
// Priemna wrote them, and an older one must not touch its schema. It
// closes rows.
func (set MigrationSet) Unknown(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	var unknown []string
	for rows.Next() {
		var v int
		var name string
		if err := rows.Scan(&v, &name); err != nil {
			return nil, err
		}
		if !set.Known[v] {
			unknown = append(unknown, name)
		}
	}
	return unknown, rows.Err()
}
