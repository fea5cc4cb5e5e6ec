package postgres

import (
	"testing"

	"github.com/priemna/priemna/booking/storetest"
)

// BenchmarkBookParallel books from 16 goroutines through one pool of
// connections on the test cluster (which runs without fsync: the figure
// is the store's, not the disk's), beside booking/sqlite's in `make bench`.
func BenchmarkBookParallel(b *testing.B) { storetest.BenchBookParallel(b, harness) }
