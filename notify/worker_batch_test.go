package notify

import (
	"context"
	"sync"
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
	ctx := t.Context()
	w := f.worker(t)
	w.Mailers = []Mailer{w.Mailer, mailerTo(t, f.sink.URL())}
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

// signalMailer tells of each message it has sent.
type signalMailer struct {
	Mailer
	sent chan struct{}
}

func (m *signalMailer) Send(ctx context.Context, r *Rendered) error {
	err := m.Mailer.Send(ctx, r)
	m.sent <- struct{}{}
	return err
}

// Run records a batch while it claims the next: stopped right after the
// last letter went, it still records every letter as sent before it
// returns, and none goes twice.
func TestRunRecordsEveryBatch(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	w := f.worker(t)
	sent := make(chan struct{}, 10)
	w.Mailer = &signalMailer{Mailer: w.Mailer, sent: sent}
	w.Batch = 2
	var ids []int64
	for i := range 5 {
		b, _, err := f.svc.Book(ctx, booking.BookRequest{Official: "kmet-sredets", Start: monday.Add(time.Duration(i) * 15 * time.Minute).Format(time.RFC3339),
			Name: "Мария Георгиева", Email: "r" + string(rune('a'+i)) + "@example.bg", Topic: "Ремонт", Language: "bg"})
		must(t, err)
		ids = append(ids, b.ID)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(ctx, time.Hour, nil)
	}()
	for range 5 {
		<-sent
	}
	cancel()
	<-done
	for _, id := range ids {
		msgs, err := f.db.Messages(t.Context(), id)
		must(t, err)
		for _, m := range msgs {
			if m.Kind == booking.MessageConfirmation && m.Status != booking.MessageSent {
				t.Errorf("booking %d: its confirmation is %s after Run returned", id, m.Status)
			}
		}
	}
	if got := len(f.sink.Messages()); got != 5 {
		t.Errorf("%d letters sent; want 5", got)
	}
}

// overlapStore holds each batch's record until the worker has claimed the
// next batch, so that the claim always runs while the record is under way;
// once release is closed, records go through at once.
type overlapStore struct {
	Store
	mu      sync.Mutex
	claims  int
	claimed map[int64]int // message → the claim that leased it
	next    chan struct{} // closed at each claim, then replaced
	release chan struct{}
}

func (s *overlapStore) ClaimMessages(ctx context.Context, now, until time.Time, limit int) ([]booking.Message, error) {
	msgs, err := s.Store.ClaimMessages(ctx, now, until, limit)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.claims++
	for _, m := range msgs {
		s.claimed[m.ID] = s.claims
	}
	close(s.next)
	s.next = make(chan struct{})
	return msgs, err
}

func (s *overlapStore) FinishMessages(ctx context.Context, done []booking.Finished) error {
	for {
		s.mu.Lock()
		later, next := s.claims > s.claimed[done[0].ID], s.next
		s.mu.Unlock()
		if later {
			return s.Store.FinishMessages(ctx, done)
		}
		select {
		case <-next:
		case <-s.release:
			return s.Store.FinishMessages(ctx, done)
		}
	}
}

// A booking's next letter goes in the batch after its first, not a poll
// later: the claim made while the first is being recorded does not see it
// sent and leaves the next letter out, so Run claims again before it sleeps.
func TestRunSendsTheNextLetterWithoutWaitingForThePoll(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := f.worker(t)
	sent := make(chan struct{}, 10)
	w.Mailer = &signalMailer{Mailer: w.Mailer, sent: sent}
	store := &overlapStore{Store: w.Store, claimed: map[int64]int{}, next: make(chan struct{}), release: make(chan struct{})}
	w.Store = store
	b, _, err := f.svc.Book(ctx, booking.BookRequest{Official: "kmet-sredets", Start: monday.Format(time.RFC3339),
		Name: "Мария Георгиева", Email: "maria@example.bg", Topic: "Ремонт", Language: "bg"})
	must(t, err)
	f.cancel(t, b)
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(ctx, time.Hour, nil) // no wake, and a poll the test never reaches
	}()
	for i := range 2 {
		select {
		case <-sent:
		case <-time.After(30 * time.Second):
			t.Fatalf("%d of the booking's 2 letters sent; the next waits for the poll", i)
		}
	}
	close(store.release)
	cancel()
	<-done
	msgs, err := f.db.Messages(t.Context(), b.ID)
	must(t, err)
	sentKinds := map[booking.MessageKind]bool{}
	for _, m := range msgs {
		sentKinds[m.Kind] = sentKinds[m.Kind] || m.Status == booking.MessageSent
	}
	if !sentKinds[booking.MessageConfirmation] || !sentKinds[booking.MessageCancellation] {
		t.Errorf("letters sent: %v", sentKinds)
	}
}
