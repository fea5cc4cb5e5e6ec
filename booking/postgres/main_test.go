package postgres

import (
	"testing"

	"github.com/priemna/priemna/booking/postgres/pgtest"
)

// Every test's database is a copy of one migrated once per run.
func TestMain(m *testing.M) {
	pgtest.Main(m, func(url string) error {
		db, err := Open(url)
		if err != nil {
			return err
		}
		return db.Close()
	})
}
