package notify

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
)

// countingStore counts the worker's reads of officials, units and rooms.
type countingStore struct {
	Store
	reads atomic.Int64
}

func (s *countingStore) OfficialByID(ctx context.Context, id int64) (*booking.Official, error) {
	s.reads.Add(1)
	return s.Store.OfficialByID(ctx, id)
}

func (s *countingStore) UnitByID(ctx context.Context, id int64) (*booking.Unit, error) {
	s.reads.Add(1)
	return s.Store.UnitByID(ctx, id)
}

func (s *countingStore) ScheduleByID(ctx context.Context, id int64) (*booking.Schedule, error) {
	s.reads.Add(1)
	return s.Store.ScheduleByID(ctx, id)
}

// The letters of one batch about one official read the official, the
// unit and the room once, over two connections at once; the next batch
// reads them afresh, so a change reaches it.
func TestABatchReadsItsOfficialOnce(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	w := f.worker(t)
	second, err := NewSMTPMailer(f.sink.URL(), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { second.Close() })
	w.Mailers = []Mailer{w.Mailer, second}
	store := &countingStore{Store: f.db}
	w.Store = store
	book := func(i int) {
		if _, _, err := f.svc.Book(ctx, booking.BookRequest{Official: "kmet-sredets", Start: monday.Add(time.Duration(i) * 15 * time.Minute).Format(time.RFC3339),
			Name: "Мария Георгиева", Email: "m" + string(rune('a'+i)) + "@example.bg", Topic: "Ремонт", Language: "bg"}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 4 {
		book(i)
	}
	if n, err := w.RunOnce(ctx); err != nil || n != 4 {
		t.Fatalf("sent %d, %v; want 4", n, err)
	}
	if got := store.reads.Load(); got != 3 {
		t.Errorf("%d reads of official, unit and room for 4 letters; want 3", got)
	}
	book(4)
	if n, err := w.RunOnce(ctx); err != nil || n != 1 {
		t.Fatalf("sent %d, %v; want 1", n, err)
	}
	if got := store.reads.Load(); got != 6 {
		t.Errorf("%d reads after the next batch; want 6", got)
	}
}
