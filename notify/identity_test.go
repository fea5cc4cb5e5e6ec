package notify

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/sqlite"
)

var (
	messageIDPattern = regexp.MustCompile(`^<[0-9a-f]{32}@priemna\.example>$`)
	mailFilePattern  = regexp.MustCompile(`^[0-9a-f]{32}_priemna\.example\.eml$`)
)

// A database restored from a backup numbers new outbox rows as the lost
// ones were numbered: their letters must still get new Message-IDs, and
// the mail directory keeps every file.
func TestMessageIDsAreUniqueAcrossARestore(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	backup := filepath.Join(t.TempDir(), "backup.db")
	must(t, sqlite.Backup(ctx, f.db.Path, backup))
	dir := t.TempDir()
	send := func(db *sqlite.DB, svc *booking.Service, name string) []string {
		t.Helper()
		if _, _, err := svc.Book(ctx, booking.BookRequest{Official: "kmet-sredets", Start: monday.Format(time.RFC3339),
			Name: name, Email: "x@example.org", Topic: "Въпрос", Language: "bg"}); err != nil {
			t.Fatal(err)
		}
		w := &Worker{Store: db, Mailer: &DirMailer{Dir: dir}, Now: f.clock.Now,
			Renderer: &Renderer{BaseURL: "https://priemna.example", From: "Приемна <priemna@sofia.example.bg>"}}
		drain(t, w)
		entries, _ := os.ReadDir(dir)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return names
	}
	first := send(f.db, f.svc, "Първи Гражданин")
	restored, err := sqlite.Open(backup)
	must(t, err)
	defer restored.Close()
	second := send(restored, booking.NewService(restored.Required(), f.clock.Now), "Втори Гражданин")
	if len(first) != 1 || len(second) != 2 || !slices.Contains(second, first[0]) {
		t.Fatalf("mail files: before the restore %v, after %v", first, second)
	}
	for _, name := range second {
		if !mailFilePattern.MatchString(name) {
			t.Errorf("file %s is not named after a Message-ID", name)
		}
	}
}

// The same message sent twice (a retry after a crash between sending and
// recording it) never overwrites the first file.
func TestDirMailerNeverOverwrites(t *testing.T) {
	f := newFixture(t)
	b := f.book(t, monday, "Мария Георгиева", "bg")
	msgs, err := f.db.Messages(t.Context(), b.ID)
	must(t, err)
	r := &Renderer{BaseURL: "https://priemna.example", From: "Приемна <priemna@sofia.example.bg>"}
	w := f.worker(t)
	in, _, err := w.load(t.Context(), msgs[0], newLookups(w.Store))
	must(t, err)
	dir := t.TempDir()
	m := &DirMailer{Dir: dir}
	for range 2 {
		rendered, err := r.Render(in, f.clock.Now())
		must(t, err)
		must(t, m.Send(t.Context(), rendered))
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("%d files after sending twice, want 2", len(entries))
	}
}
