package booking

import (
	"context"
	"fmt"
	"time"

	"github.com/priemna/priemna/calendar"
)

// StatRow is one booking as the statistics see it: no personal data.
type StatRow struct {
	OfficialID int64
	Start      time.Time
	Status     Status
	Rating     int           // 0 when no feedback was given
	Wait       time.Duration // from arrival to being received; 0 when unknown
	Lateness   time.Duration // arrival after the slot start; 0 when on time or not arrived
}

// MonthStats are one official's (or everyone's) figures for a month.
type MonthStats struct {
	Month         string // YYYY-MM, in Sofia
	Bookings      int    // made, cancelled ones included
	Cancelled     int
	Attended      int // arrived, late or completed
	Late          int
	NoShows       int
	Ratings       int
	RatingSum     int
	NoShowPercent float64 // of the meetings that were due: attended + no-shows
	AverageRating float64
	Received      int     // meetings with a known wait
	AverageWait   float64 // minutes from arrival to being received
	waitSum       time.Duration
}

// StatMonth is what the store keeps of a month's bookings of one official
// (or of everyone) as they change: the statistics without reading them.
type StatMonth struct {
	Month                                  string // YYYY-MM, in Sofia
	Bookings, Cancelled, Attended, NoShows int
	Late                                   int // attended, arriving later than asked
	Ratings, RatingSum, Received           int
	WaitSum                                time.Duration
}

// MonthlyStats counts an official's bookings (officialID 0: everyone's) by
// month over the months from..to. EINVALID for a reversed or too long range.
func (s *Service) MonthlyStats(ctx context.Context, officialID int64, from, to calendar.Date) ([]MonthStats, error) {
	firsts, err := statMonths(from, to)
	if err != nil {
		return nil, err
	}
	keys := make([]string, len(firsts))
	for i, d := range firsts {
		keys[i] = monthKey(d.Start())
	}
	var kept []StatMonth
	if s.Grace%time.Minute != 0 {
		// The kept totals tell lateness to the minute; a grace period of
		// seconds is counted from the bookings themselves.
		rows, err := s.store.Stats.StatRows(ctx, officialID, firsts[0].Start(), firsts[len(firsts)-1].Start().AddDate(0, 1, 0))
		if err != nil {
			return nil, err
		}
		kept = CountStatRows(rows, s.Grace)
	} else if kept, err = s.store.Stats.StatMonths(ctx, officialID, keys[0], keys[len(keys)-1], s.Grace); err != nil {
		return nil, err
	}
	return MonthsOf(keys, kept), nil
}

// MonthsOf lays kept totals out over the months (YYYY-MM keys, in order),
// with their averages; a month nothing was kept for is all zeros.
func MonthsOf(keys []string, kept []StatMonth) []MonthStats {
	months := make([]MonthStats, len(keys))
	index := map[string]int{}
	for i, key := range keys {
		months[i].Month = key
		index[key] = i
	}
	for _, k := range kept {
		i, ok := index[k.Month]
		if !ok {
			continue
		}
		m := &months[i]
		m.Bookings, m.Cancelled, m.Attended, m.NoShows = k.Bookings, k.Cancelled, k.Attended, k.NoShows
		m.Ratings, m.RatingSum, m.Received, m.waitSum = k.Ratings, k.RatingSum, k.Received, k.WaitSum
		m.Late = k.Late
	}
	for i := range months {
		months[i].SetAverages()
	}
	return months
}

// SetAverages works out the month's no-show share, average rating and
// average wait from its counts (each 0 where nothing was counted).
func (m *MonthStats) SetAverages() {
	m.NoShowPercent, m.AverageRating, m.AverageWait = 0, 0, 0
	if due := m.Attended + m.NoShows; due > 0 {
		m.NoShowPercent = 100 * float64(m.NoShows) / float64(due)
	}
	if m.Ratings > 0 {
		m.AverageRating = float64(m.RatingSum) / float64(m.Ratings)
	}
	if m.Received > 0 {
		m.AverageWait = m.waitSum.Minutes() / float64(m.Received)
	}
}

// statMonths returns the first day of each month from..to: every statistic
// covers whole months, at most three years of them. EINVALID for a
// reversed or too long range.
func statMonths(from, to calendar.Date) ([]calendar.Date, error) {
	first := calendar.Date{Year: from.Year, Month: from.Month, Day: 1}
	last := calendar.Date{Year: to.Year, Month: to.Month, Day: 1}
	if last.Before(first) || first.AddDays(3*366).Before(last) {
		return nil, Errorf(EINVALID, "err.the-range-must-be-at-2")
	}
	var firsts []calendar.Date
	for d := first; !last.Before(d); d = calendar.DateOf(d.Start().AddDate(0, 1, 0)) {
		firsts = append(firsts, d)
	}
	return firsts, nil
}

func monthKey(t time.Time) string {
	t = t.In(calendar.Sofia)
	return fmt.Sprintf("%04d-%02d", t.Year(), t.Month())
}

// CountStatRows counts the bookings into their months' totals (in the
// order the months first come), the way the stores keep them; an arrival
// more than grace after the start is late. The tests hold the kept totals
// against it.
func CountStatRows(rows []StatRow, grace time.Duration) []StatMonth {
	var months []StatMonth
	index := map[string]int{}
	for _, r := range rows {
		key := monthKey(r.Start)
		i, ok := index[key]
		if !ok {
			i = len(months)
			index[key] = i
			months = append(months, StatMonth{Month: key})
		}
		months[i].Add(r, r.Lateness > grace)
	}
	return months
}

// Add counts one booking into the month's totals; late tells whether it
// arrived late.
func (k *StatMonth) Add(r StatRow, late bool) {
	k.Bookings++
	switch {
	case r.Status == StatusCancelled:
		k.Cancelled++
	case r.Status == StatusNoShow:
		k.NoShows++
	case r.Status.Attended():
		k.Attended++
		// Lateness, not the status: a late citizen's meeting that then
		// took place is completed, and still was late.
		if late {
			k.Late++
		}
	}
	if r.Rating > 0 {
		k.Ratings++
		k.RatingSum += r.Rating
	}
	if r.Wait > 0 {
		k.Received++
		k.WaitSum += r.Wait
	}
}
