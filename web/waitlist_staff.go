package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
)

// staffWaitDays is how far ahead the staff waiting-list page offers free
// times to book a waiting citizen into.
const staffWaitDays = 14

type staffWaitRow struct {
	ID                                            int64
	Place                                         int
	Name, Email, Phone, Topic, Needs, Days, Offer string
	Since                                         string
}

type staffWaitPage struct {
	formPage
	Slug, Notice string
	Entries      []staffWaitRow
	Slots        []dayChoice // free times: value RFC 3339, label
}

func (s *Server) staffWaitlist(c echo.Context) error {
	return s.showStaffWaitlist(c, http.StatusOK, "", nil)
}

func (s *Server) showStaffWaitlist(c echo.Context, status int, notice string, errs map[string]string) error {
	lang := pageLang(c)
	ctx := c.Request().Context()
	o, err := s.managedOfficial(c, c.Param("slug"))
	if err != nil {
		return err
	}
	list, err := s.cfg.Bookings.WaitingList(ctx, o, currentUser(c))
	if err != nil {
		return err
	}
	name, _ := officialName(o, lang)
	p := staffWaitPage{formPage: s.formPage(c, lang, translate(lang, "wait-staff-title")+": "+name, errs), Slug: o.Slug, Notice: notice}
	for i := range list {
		e := &list[i]
		row := staffWaitRow{ID: e.ID, Place: e.Place, Name: e.Name, Email: e.Email, Phone: e.Phone, Topic: e.Topic,
			Needs: needsText(lang, e.Accessibility.Needs, e.Accessibility.Note), Days: waitDays(e, lang),
			Since: i18n.FormatDateTime(e.CreatedAt, lang)}
		if !e.OfferFrom.IsZero() {
			row.Offer = i18n.FormatDateTime(e.OfferFrom, lang)
		}
		p.Entries = append(p.Entries, row)
	}
	if len(list) > 0 {
		today := s.cfg.Bookings.Today()
		for d := today; !today.AddDays(staffWaitDays).Before(d) && len(p.Slots) < 60; d = d.AddDays(1) {
			slots, err := s.cfg.Bookings.StaffSlots(ctx, o.Slug, d)
			if err != nil {
				return err
			}
			for _, sl := range slots {
				if sl.Available > 0 {
					p.Slots = append(p.Slots, dayChoice{Value: localTime(sl.Start), Label: i18n.FormatDateTime(sl.Start, lang)})
				}
			}
		}
	}
	return s.render(c, status, "staff_waitlist", &p)
}

// staffBookWaiting books a waiting citizen (after a phone call, say).
func (s *Server) staffBookWaiting(c echo.Context) error {
	lang := pageLang(c)
	if _, err := s.managedOfficial(c, c.Param("slug")); err != nil {
		return err
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return echo.ErrNotFound
	}
	b, err := s.cfg.Bookings.BookWaiting(c.Request().Context(), id, c.FormValue("start"), currentUser(c))
	if err != nil {
		if msg := booking.ErrorMessage(err); booking.ErrorCode(err) != booking.EINTERNAL {
			return s.showStaffWaitlist(c, httpStatus(booking.ErrorCode(err)), "", map[string]string{"start": msg.In(lang)})
		}
		return err
	}
	return s.showStaffWaitlist(c, http.StatusOK, translate(lang, "wait-staff-booked")+" "+b.Reference+".", nil)
}

// staffWaitlistJSON lists an official's waiting citizens.
func (s *Server) staffWaitlistJSON(c echo.Context) error {
	o, err := s.managedOfficial(c, c.QueryParam("official"))
	if err != nil {
		return err
	}
	list, err := s.cfg.Bookings.WaitingList(c.Request().Context(), o, currentUser(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listJSON(list, func(e booking.WaitEntry) waitEntryJSON { return toWaitEntry(&e, true) }))
}

// waitingText says how many waiting citizens a reception day matters to.
func waitingText(lang string, n int) string { return i18n.N(lang, "wait-staff-count", n) }

// eraseWaitingJSON erases a citizen's waiting-list entries at their
// request (administrators).
func (s *Server) eraseWaitingJSON(c echo.Context) error {
	var in struct {
		Email string `json:"email"`
	}
	if err := decodeJSON(c, &in, false); err != nil {
		return err
	}
	n, err := s.cfg.Bookings.EraseWaitingCitizen(c.Request().Context(), currentUser(c), in.Email)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"status": "erased", "entries": n})
}
