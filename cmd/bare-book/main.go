// Command bare-book is the ceiling Priemna's booking POST is measured
// against (make load): the same transaction, on a database priemna made,
// with nothing around it. POST / decodes the same JSON body as
// /api/v1/bookings and, through one writer that commits the requests that
// arrive together in one transaction (group commit, each in a savepoint),
// inserts the booking into the lowest free seat of its slot while the slot
// stands, with its confirmation and two reminders in the outbox (the
// statistics triggers fire as for any booking); then answers 201. The
// official and schedule are looked up in maps filled at start; there is
// no validation, no rate limit, no log, no no-show check.
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/priemna/priemna/booking"
	// Priemna keeps the C heap SQLite grows; so does its ceiling.
	_ "github.com/priemna/priemna/booking/sqlite/heap"
	"github.com/priemna/priemna/calendar"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8091", "address to listen on")
	path := flag.String("db", "", "a database made by priemna (migrated, with officials and schedules)")
	flag.Parse()
	b, err := open(*path)
	if err != nil {
		log.Fatal(err)
	}
	go b.writeLoop()
	log.Fatal(http.ListenAndServe(*addr, b))
}

type schedule struct {
	id, official int64
	slot         time.Duration
}

type bare struct {
	db        *sql.DB
	schedules map[string]schedule // by the official's slug (the first active schedule)
	insert    *sql.Stmt
	outbox    *sql.Stmt
	writes    chan *write
}

// The same statements as booking/sqlite's insertBooking and insertMessage.
const insertBooking = `INSERT INTO bookings (reference, token, uid, sequence, official_id, schedule_id, starts_at, ends_at,
	seat, name, email, phone, topic, needs, needs_note, language, status, created_at, updated_at, request_hash, email_key, phone_key)
	SELECT ?, ?, ?, 0, ?, ?, ?, ?, seat, ?, ?, ?, ?, '', '', ?, 'confirmed', ?, ?, ?, ?, ?
	FROM (SELECT (WITH RECURSIVE seats(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seats
			WHERE n < (SELECT capacity FROM schedules WHERE id = ?))
		SELECT MIN(n) FROM seats WHERE n NOT IN (
			SELECT seat FROM bookings WHERE official_id = ? AND starts_at = ? AND status NOT IN ('cancelled') AND id <> 0)) AS seat)
	WHERE seat IS NOT NULL
	AND EXISTS (SELECT 1 FROM schedules s WHERE s.id = ? AND s.active = 1 AND s.official_id = ?
		AND EXISTS (SELECT 1 FROM officials o JOIN units u ON u.id = o.unit_id WHERE o.id = s.official_id AND o.active = 1 AND u.active = 1)
		LIMIT 1)
	AND NOT EXISTS (SELECT 1 FROM closures WHERE official_id = ? AND date = ?)`

const insertMessage = `INSERT INTO outbox (booking_id, kind, sequence, slot_start, note, due_at, created_at, pass, message_key)
	VALUES (?, ?, 0, ?, '', ?, ?, '', ?)`

func open(path string) (*bare, error) {
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000&_foreign_keys=on&_cache_size=-32768&_txlock=immediate&_journal_mode=WAL&_synchronous=FULL")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`PRAGMA mmap_size = 268435456`); err != nil {
		return nil, err
	}
	b := &bare{db: db, schedules: map[string]schedule{}, writes: make(chan *write, 64)}
	rows, err := db.Query(`SELECT o.slug, s.id, o.id, s.slot_minutes FROM schedules s JOIN officials o ON o.id = s.official_id
		WHERE s.active = 1 ORDER BY s.id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var slug string
		var s schedule
		var minutes int
		if err := rows.Scan(&slug, &s.id, &s.official, &minutes); err != nil {
			return nil, err
		}
		s.slot = time.Duration(minutes) * time.Minute
		if _, ok := b.schedules[slug]; !ok {
			b.schedules[slug] = s
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if b.insert, err = db.Prepare(insertBooking); err != nil {
		return nil, err
	}
	if b.outbox, err = db.Prepare(insertMessage); err != nil {
		return nil, err
	}
	return b, nil
}

type request struct {
	Official string `json:"official"`
	Start    string `json:"start"`
	Name     string `json:"name"`
	Email    string `json:"email"`
	Phone    string `json:"phone"`
	Topic    string `json:"topic"`
	Language string `json:"language"`
}

type write struct {
	fn     func(*sql.Tx) error
	result chan error
}

func (b *bare) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var in request
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&in); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	sch, ok := b.schedules[in.Official]
	start, err := time.Parse(time.RFC3339, in.Start)
	if !ok || err != nil {
		http.Error(w, "no such official or start", http.StatusUnprocessableEntity)
		return
	}
	if in.Language == "" {
		in.Language = "bg"
	}
	now := time.Now().UTC().Truncate(time.Second)
	ref, token := booking.NewReference(), booking.NewToken()
	st, end, day := start.Unix(), start.Add(sch.slot).Unix(), calendar.DateOf(start).String()
	booked := false
	op := &write{result: make(chan error, 1), fn: func(tx *sql.Tx) error {
		res, err := tx.Stmt(b.insert).Exec(ref, token, booking.NewUID("bare.example"), sch.official, sch.id, st, end,
			in.Name, in.Email, in.Phone, in.Topic, in.Language, now.Unix(), now.Unix(), booking.NewMessageKey(now),
			booking.EmailKey(in.Email), booking.PhoneKey(in.Phone),
			sch.id, sch.official, st, sch.id, sch.official, sch.official, day)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // full: 409 below
		}
		booked = true
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		ob := tx.Stmt(b.outbox)
		for _, m := range []struct {
			kind string
			due  int64
		}{{"confirmation", now.Unix()}, {"reminder", st - 86400}, {"reminder", st - 3600}} {
			if _, err := ob.Exec(id, m.kind, st, m.due, now.Unix(), booking.NewMessageKey(now)); err != nil {
				return err
			}
		}
		return nil
	}}
	b.writes <- op
	if err := <-op.result; err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if !booked {
		http.Error(w, "slot full", http.StatusConflict)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(map[string]string{"reference": ref, "token": token, "start": in.Start, "official": in.Official})
}

// writeLoop commits the writes that wait together in one transaction,
// each in a savepoint, as booking/sqlite's writer does.
func (b *bare) writeLoop() {
	batch := make([]*write, 0, 64)
	for op := range b.writes {
		batch = append(batch[:0], op)
	drain:
		for len(batch) < cap(batch) {
			select {
			case op := <-b.writes:
				batch = append(batch, op)
			default:
				break drain
			}
		}
		results := make([]error, len(batch))
		err := b.commit(batch, results)
		for i, op := range batch {
			op.result <- cmpErr(results[i], err)
		}
	}
}

func cmpErr(own, all error) error {
	if all != nil {
		return all
	}
	return own
}

func (b *bare) commit(batch []*write, results []error) error {
	tx, err := b.db.BeginTx(context.Background(), nil)
	if err != nil {
		return err
	}
	for i, op := range batch {
		if _, err := tx.Exec(`SAVEPOINT op`); err != nil {
			tx.Rollback()
			return err
		}
		if results[i] = op.fn(tx); results[i] != nil {
			if _, err := tx.Exec(`ROLLBACK TO op`); err != nil {
				tx.Rollback()
				return fmt.Errorf("rollback to: %w", err)
			}
		}
		if _, err := tx.Exec(`RELEASE op`); err != nil {
			tx.Rollback()
			return err
		}
	}
	return tx.Commit()
}
