package notify

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/priemna/priemna/booking"
)

// Store is what the worker needs of the database: the mail queue, and
// what the letters speak of.
type Store interface {
	booking.MailQueue
	booking.LetterStore
	// LettersSent counts the letters of the given kinds sent since the
	// instant to the address (compared by booking.EmailKey).
	LettersSent(ctx context.Context, email string, kinds []booking.MessageKind, since time.Time) (int, error)
}

// limitedKinds are the letters anyone can cause by booking, holding,
// moving and cancelling online; the per-recipient daily limit counts and
// stops them. Letters the office causes (a cancelled day, reminders of a
// standing booking, a no-show notice, feedback) always go.
var limitedKinds = []booking.MessageKind{booking.MessageHold, booking.MessageConfirmation, booking.MessageChange, booking.MessageCancellation, booking.MessageLinks}

// Worker delivers the outbox.
type Worker struct {
	Store  Store
	Mailer Mailer
	// Mailers, when set, replace Mailer: one connection each, sent over at
	// once, so that one slow message does not hold up the others.
	Mailers  []Mailer
	Renderer *Renderer
	Now      func() time.Time
	Log      *slog.Logger

	// PerRecipientDaily bounds the letters of limitedKinds one address
	// receives in 24 hours, across all its bookings, so that nobody can use
	// the form to mail a stranger over and over; beyond it they are
	// skipped. 0: no limit.
	PerRecipientDaily int

	MaxAttempts int           // then the message is dead (default 10)
	Lease       time.Duration // how long a claim lasts (default 2 minutes)
	Batch       int           // messages claimed at once, and recorded as sent in one write (default 100)
	// Backoff returns the wait before attempt n+1 after n failures
	// (default: exponential from 30 s, capped at 6 h, ±20 % jitter).
	Backoff func(attempts int) time.Duration
	// Waiting counts the messages waiting, for the log lines that say the
	// mail server went down or came back; nil leaves the count out.
	Waiting func(ctx context.Context) (int, error)
	// SendFailed, when set, is called after each failed attempt to send,
	// for metrics.
	SendFailed func()
	// Busy, when set, says whether people are waiting for this server's
	// answers. While it says so, and for busyHold after, a batch goes
	// over the first mailer only and the others are closed: letters can
	// wait seconds, people at a page should not, and each mailer sending
	// at once takes a processor from them (README, #18's make load row).
	// The batch is then one mailer's share of an ordinary one, so it
	// takes no longer than one, and a message that hangs holds up only
	// that share, for the mailer's timeout at most.
	Busy func() bool

	busyUntil time.Time // one mailer until then (sendBatch)

	mu      sync.Mutex
	down    bool   // the last send failed
	downErr string // and why
}

// MailStatus reports whether the mail server took the last message (or
// has not been tried yet), and if not, why.
func (w *Worker) MailStatus() (ok bool, reason string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return !w.down, w.downErr
}

// MailDown records that the mail server cannot be reached, as found by a
// check at start: the log then says once when it is back, and no more.
func (w *Worker) MailDown(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.down, w.downErr = true, err.Error()
}

// mailResult logs once when sending starts failing and once when it works
// again, with how many messages wait, instead of a line per message.
func (w *Worker) mailResult(ctx context.Context, err error) {
	w.mu.Lock()
	was := w.down
	if err != nil {
		w.down, w.downErr = true, err.Error()
	} else {
		w.down, w.downErr = false, ""
	}
	w.mu.Unlock()
	if was == (err != nil) {
		return
	}
	attrs := []any{}
	if w.Waiting != nil {
		if n, werr := w.Waiting(ctx); werr == nil {
			attrs = append(attrs, "waiting", n)
		}
	}
	if err != nil {
		w.Log.Error("mail server not taking messages; they wait in the outbox and are retried", append(attrs, "err", err)...)
	} else {
		w.Log.Info("mail server taking messages again", attrs...)
	}
}

func (w *Worker) defaults() {
	if w.MaxAttempts <= 0 {
		w.MaxAttempts = 10
	}
	if w.Lease <= 0 {
		w.Lease = 2 * time.Minute
	}
	if w.Batch <= 0 {
		w.Batch = 100
	}
	if w.Backoff == nil {
		w.Backoff = ExponentialBackoff
	}
	if w.Log == nil {
		w.Log = slog.New(slog.DiscardHandler)
	}
}

// ExponentialBackoff waits 30 s, 1 min, 2 min, … up to 6 h, with ±20 %
// jitter so that retries after an outage do not arrive all at once.
func ExponentialBackoff(attempts int) time.Duration {
	d := 30 * time.Second << min(attempts-1, 10)
	d = min(d, 6*time.Hour)
	return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
}

// RunOnce claims one batch of due messages and delivers it, over every
// mailer at once. It returns how many messages it finished (sent or
// skipped). When ctx ends, the messages not yet begun are released.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	w.defaults()
	finished, err := w.sendBatch(ctx)
	if err != nil {
		return 0, err
	}
	return w.record(ctx, finished)
}

// record writes what a batch finished, in one write for the batch, also
// when asked to stop: a crash before it sends the batch again after the
// lease (the Message-ID stays the same), never loses a letter.
func (w *Worker) record(ctx context.Context, finished []booking.Finished) (int, error) {
	if len(finished) == 0 {
		return 0, ctx.Err()
	}
	if err := w.Store.FinishMessages(context.WithoutCancel(ctx), finished); err != nil {
		w.Log.Error("record sent messages", "n", len(finished), "err", err)
		return 0, ctx.Err()
	}
	return len(finished), ctx.Err()
}

// sendBatch claims one batch of due messages and delivers it, and returns
// those finished, not yet recorded.
func (w *Worker) sendBatch(ctx context.Context) ([]booking.Finished, error) {
	now := w.Now()
	lanes, limit := w.lanes(), w.Batch
	if w.Busy != nil && w.Busy() {
		w.busyUntil = now.Add(busyHold)
	}
	if now.Before(w.busyUntil) && len(lanes) > 1 {
		for _, m := range lanes[1:] {
			m.Idle()
		}
		limit = max(1, limit/len(lanes))
		lanes = lanes[:1]
	}
	msgs, err := w.Store.ClaimMessages(ctx, now, now.Add(w.Lease), limit)
	if err != nil {
		return nil, err
	}
	if len(msgs) == 0 {
		for _, m := range lanes {
			m.Idle()
		}
		return nil, nil
	}
	// Each mailer takes the next booking's messages as soon as it is free,
	// so a message that hangs holds up only its own connection. A booking's
	// messages stay together, in order (the claim hands out at most one
	// per booking anyway).
	var groups [][]booking.Message
	index := map[int64]int{}
	for _, m := range msgs {
		g, ok := index[m.BookingID]
		if !ok {
			g = len(groups)
			index[m.BookingID] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], m)
	}
	queue := make(chan []booking.Message, len(groups))
	for _, g := range groups {
		queue <- g
	}
	close(queue)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var finished []booking.Finished
	lk := newLookups(w.Store)
	for _, mailer := range lanes[:min(len(lanes), len(groups))] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for g := range queue {
				f := w.deliverAll(ctx, mailer, g, lk)
				mu.Lock()
				finished = append(finished, f...)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return finished, nil
}

// busyHold is how long the worker keeps to one mailer after the server
// was last found busy, so that a load near the threshold does not close
// and open the other connections (TLS, login) batch after batch.
const busyHold = 10 * time.Second

// lanes are the mailers sent over at once.
func (w *Worker) lanes() []Mailer {
	if len(w.Mailers) > 0 {
		return w.Mailers
	}
	return []Mailer{w.Mailer}
}

// deliverAll sends one lane's messages in order over one mailer and
// returns those finished (sent or skipped), to be recorded with the batch.
func (w *Worker) deliverAll(ctx context.Context, mailer Mailer, msgs []booking.Message, lk *lookups) []booking.Finished {
	var finished []booking.Finished
	failed := map[int64]bool{} // bookings whose earlier message failed in this batch
	for i, m := range msgs {
		if ctx.Err() != nil || failed[m.BookingID] {
			// Stopping, or keeping a booking's messages in order.
			for _, rest := range msgs[i:] {
				if ctx.Err() != nil || failed[rest.BookingID] {
					w.release(rest)
				}
			}
			if ctx.Err() != nil {
				return finished
			}
			continue
		}
		// A send under way finishes even when asked to stop.
		f, err := w.deliver(context.WithoutCancel(ctx), mailer, m, lk)
		if err != nil {
			failed[m.BookingID] = true
			continue
		}
		finished = append(finished, f)
	}
	return finished
}

func (w *Worker) release(m booking.Message) {
	if err := w.Store.ReleaseMessage(context.Background(), m.ID); err != nil && booking.ErrorCode(err) != booking.ECONFLICT {
		w.Log.Error("release message", "id", m.ID, "err", err)
	}
}

// deliver renders and sends one message and records the outcome.
func (w *Worker) deliver(ctx context.Context, mailer Mailer, m booking.Message, lk *lookups) (booking.Finished, error) {
	in, skip, err := w.load(ctx, m, lk)
	if err == nil && skip {
		return booking.Finished{ID: m.ID, Status: booking.MessageSkipped, At: w.Now()}, nil
	}
	var r *Rendered
	if err == nil {
		r, err = w.Renderer.Render(in, w.Now())
	}
	if err == nil {
		err = mailer.Send(ctx, r)
		if err != nil && w.SendFailed != nil {
			w.SendFailed()
		}
		w.mailResult(ctx, err)
	}
	if err != nil {
		attempts := m.Attempts + 1
		dead := attempts >= w.MaxAttempts
		retryAt := w.Now().Add(w.Backoff(attempts))
		if dead {
			w.Log.Error("message given up", "id", m.ID, "kind", m.Kind, "attempts", attempts, "err", err)
		} else {
			// The outage itself is logged once by mailResult.
			w.Log.Debug("message not sent; will retry", "id", m.ID, "kind", m.Kind, "attempts", attempts, "retry_at", retryAt, "err", err)
		}
		if rerr := w.Store.RetryMessage(ctx, m.ID, attempts, retryAt, err.Error(), dead); rerr != nil {
			w.Log.Error("record failed attempt", "id", m.ID, "err", rerr)
		}
		return booking.Finished{}, err
	}
	w.Log.Info("message sent", "id", m.ID, "kind", m.Kind)
	return booking.Finished{ID: m.ID, Status: booking.MessageSent, At: w.Now()}, nil
}
