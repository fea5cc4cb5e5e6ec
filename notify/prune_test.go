package notify

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
)

// TestPruneRemovesLettersOfErasedBookings: a letter written as a file is a
// copy of personal data, and goes once the booking's data is erased.
func TestPruneRemovesLettersOfErasedBookings(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	w := f.worker(t)
	w.Mailer = &DirMailer{Dir: dir}
	erased := f.book(t, monday, "Мария Георгиева", "bg")
	kept := f.book(t, monday.Add(15*time.Minute), "Петър Петров", "bg")
	drain(t, w)
	letters := func() (withMaria, withPetar int) {
		entries, err := os.ReadDir(dir)
		must(t, err)
		for _, e := range entries {
			b, _ := os.ReadFile(dir + "/" + e.Name())
			if strings.Contains(string(b), erased.Email) {
				withMaria++
			}
			if strings.Contains(string(b), kept.Email) {
				withPetar++
			}
		}
		return
	}
	if m, p := letters(); m == 0 || p == 0 {
		t.Fatalf("letters written: %d and %d", m, p)
	}
	ctx := t.Context()
	must(t, f.svc.Erase(ctx, booking.CommandLine, erased.Reference))
	n, err := w.Mailer.(*DirMailer).Prune(ctx, f.db.ErasedMessages)
	if err != nil || n == 0 {
		t.Fatalf("pruned %d: %v", n, err)
	}
	if m, p := letters(); m != 0 || p == 0 {
		t.Errorf("after pruning: %d letters to the erased citizen, %d to the other", m, p)
	}
}
