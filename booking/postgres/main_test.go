package postgres

import (
	"testing"

	"github.com/priemna/priemna/booking/postgres/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }
