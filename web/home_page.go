package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
)

type unitGroup struct {
	Unit      booking.Unit
	Name      string
	Address   string
	Officials []officialView
}

type officialView struct {
	Slug, Name, Title string
}

func officialName(o *booking.Official, lang string) (name, title string) {
	return i18n.Pick(lang, o.Name, o.NameEN), i18n.Pick(lang, o.Title, o.TitleEN)
}

func pickText(preferred, fallback string) string {
	if preferred != "" {
		return preferred
	}
	return fallback
}

type homePage struct {
	page
	Query  string
	Groups []unitGroup
}

func (s *Server) home(c echo.Context) error {
	lang := pageLang(c)
	ctx := c.Request().Context()
	units, err := s.cfg.Bookings.Units(ctx)
	if err != nil {
		return err
	}
	officials, err := s.cfg.Bookings.Officials(ctx)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(c.QueryParam("q"))
	needle := strings.ToLower(q)
	var groups []unitGroup
	for _, u := range units {
		g := unitGroup{Unit: u, Name: i18n.Pick(lang, u.Name, u.NameEN), Address: i18n.Pick(lang, u.Address, u.AddressEN)}
		for i := range officials {
			o := &officials[i]
			if o.UnitSlug != u.Slug {
				continue
			}
			name, title := officialName(o, lang)
			hay := strings.ToLower(strings.Join([]string{o.Name, o.NameEN, o.Title, o.TitleEN, u.Name, u.NameEN}, " "))
			if needle == "" || strings.Contains(hay, needle) {
				g.Officials = append(g.Officials, officialView{o.Slug, name, title})
			}
		}
		if len(g.Officials) > 0 {
			groups = append(groups, g)
		}
	}
	return s.render(c, http.StatusOK, "home", &homePage{page{Lang: lang, Title: translate(lang, "home-title")}, q, groups})
}

func (s *Server) staticPage(name, titleKey string) echo.HandlerFunc {
	return func(c echo.Context) error {
		lang := pageLang(c)
		return s.render(c, http.StatusOK, name, &page{Lang: lang, Title: translate(lang, titleKey)})
	}
}
