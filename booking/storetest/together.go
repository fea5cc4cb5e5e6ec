package storetest

import (
	"io"
	"sync"
	"testing"
)

// OpenTogether opens n handles on one database at once, as n processes
// started together on it would, and fails the test unless every one opens
// it and the migrations recorded are those the handles applied between
// them, each once. applied names what a handle's open applied; recorded
// counts the database's record of migrations. The handles close when the
// test ends.
func OpenTogether[D io.Closer](t testing.TB, n int, open func() (D, error), applied func(D) []string, recorded func(D) (int, error)) []D {
	t.Helper()
	dbs := make([]D, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { dbs[i], errs[i] = open() })
	}
	wg.Wait()
	for i := range n {
		if errs[i] == nil {
			t.Cleanup(func() { dbs[i].Close() })
		}
	}
	seen := map[string]int{}
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("open %d of %d at once: %v", i+1, n, errs[i])
		}
		for _, name := range applied(dbs[i]) {
			seen[name]++
		}
	}
	for name, times := range seen {
		if times != 1 {
			t.Errorf("migration %s applied %d times", name, times)
		}
	}
	rows, err := recorded(dbs[0])
	if err != nil {
		t.Fatal(err)
	}
	if rows != len(seen) {
		t.Fatalf("%d migrations recorded, %d applied", rows, len(seen))
	}
	return dbs
}
