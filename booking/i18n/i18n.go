// Package i18n is Priemna's one message catalogue: every text a person
// reads on a page, in a letter or in an error is a keyed message here, one
// file per language (bg.yaml, en.yaml), with CLDR plural forms through
// go-i18n. Adding a language means adding its file; the language of a
// request is decided once, by Match. Prose pages (privacy, accessibility)
// stay whole templates per language in web/templates.
//
// Messages are plain text with fmt verbs for their arguments ("среща при
// %s"); plural messages name their count {{.Count}} and carry the forms of
// their language (one/other in Bulgarian and English).
//
// It imports nothing of ours, so the domain's errors can be keyed too.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"go.yaml.in/yaml/v4"
	"golang.org/x/text/language"
)

// Default is the language of the site and of anyone who asks for none we
// have: Bulgarian.
const Default = "bg"

//go:embed *.yaml
var files embed.FS

var (
	bundle     = goi18n.NewBundle(language.Bulgarian)
	localizers = map[string]*goi18n.Localizer{}
	langs      []string                       // Default first, then the others in order
	keys       = map[string]map[string]bool{} // language → its keys
)

// The catalogue is read once, at start-up, so a broken file fails fast.
func init() {
	bundle.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	names, err := fs.Glob(files, "*.yaml")
	if err != nil {
		panic(err)
	}
	for _, name := range names {
		data, err := files.ReadFile(name)
		if err != nil {
			panic(err)
		}
		mf, err := bundle.ParseMessageFileBytes(data, name)
		if err != nil {
			panic("i18n: " + name + ": " + err.Error())
		}
		code := strings.TrimSuffix(name, ".yaml")
		keys[code] = map[string]bool{}
		for _, m := range mf.Messages {
			keys[code][m.ID] = true
		}
		localizers[code] = goi18n.NewLocalizer(bundle, code, Default)
		langs = append(langs, code)
	}
	sort.Slice(langs, func(i, j int) bool { return langs[i] == Default || (langs[j] != Default && langs[i] < langs[j]) })
}

// Languages lists the catalogue's languages, Bulgarian first.
func Languages() []string { return append([]string(nil), langs...) }

// Keys lists the keys a language's file holds (for tests that hold the
// files to each other and to the code).
func Keys(lang string) map[string]bool { return keys[lang] }

// Supported reports whether the catalogue speaks lang.
func Supported(lang string) bool { _, ok := localizers[lang]; return ok }

// Norm is lang if the catalogue speaks it, else Default: the one place an
// unknown or empty language becomes Bulgarian.
func Norm(lang string) string {
	if Supported(lang) {
		return lang
	}
	return Default
}

// Match is the language decision: the first of the explicit choices (a
// query parameter, a cookie, a booking's language) that the catalogue
// speaks, else the best match for an Accept-Language header, else Default.
func Match(acceptLanguage string, choices ...string) string {
	for _, c := range choices {
		if Supported(c) {
			return c
		}
	}
	if acceptLanguage == "" {
		return Default
	}
	prefs, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(prefs) == 0 {
		return Default
	}
	// Only a language the client lists counts (in its order of
	// preference): a matcher would call an unlisted one "close enough".
	for _, p := range prefs {
		if base, _ := p.Base(); Supported(base.String()) {
			return base.String()
		}
	}
	return Default
}

// T is the message key in lang (Default when lang has none), formatted
// with args. A key the catalogue does not hold is a programming error
// (TestCatalogueHoldsEveryKey finds them before a release).
func T(lang, key string, args ...any) string {
	s, err := localizer(lang).Localize(&goi18n.LocalizeConfig{MessageID: key})
	if err != nil {
		panic("i18n: no message " + key + ": " + err.Error())
	}
	if len(args) > 0 {
		s = fmt.Sprintf(s, args...)
	}
	return s
}

// N is the plural message key for the count n in lang: its CLDR form
// ("1 свободен час", "2 свободни часа"), with {{.Count}} filled in, then
// formatted with args.
func N(lang, key string, n int, args ...any) string {
	s, err := localizer(lang).Localize(&goi18n.LocalizeConfig{
		MessageID: key, PluralCount: n, TemplateData: map[string]any{"Count": n}})
	if err != nil {
		panic("i18n: no message " + key + ": " + err.Error())
	}
	if len(args) > 0 {
		s = fmt.Sprintf(s, args...)
	}
	return s
}

func localizer(lang string) *goi18n.Localizer { return localizers[Norm(lang)] }

// Pick is a text that comes with the data in Bulgarian and, where someone
// wrote one, English (an official's name, a unit's address): the one place
// such pairs are chosen between. A language without its own column reads
// the Bulgarian.
func Pick(lang, bg, en string) string {
	if lang == "en" && en != "" {
		return en
	}
	return bg
}

// Msg is a message not yet put into a language: a key and its arguments,
// or (for text that comes with the data, such as an official's name in
// each language) the text per language. The domain's errors carry Msgs;
// the page or letter that shows one chooses the language.
type Msg struct {
	Key   string
	Args  []any
	Given map[string]string // language → text, instead of a key
}

// Key names a message of the catalogue. A quoted key converts to it by
// itself; a string variable does not, so text that is not a key (say, a
// Bulgarian sentence) cannot be passed where a key belongs by mistake.
type Key string

// M is the message key with its arguments.
func M(key Key, args ...any) Msg { return Msg{Key: string(key), Args: args} }

// Given is a text that comes with its own languages; a language it lacks
// reads the Default one.
func Given(texts map[string]string) Msg { return Msg{Given: texts} }

// In is the message in lang.
func (m Msg) In(lang string) string {
	if m.Given != nil {
		if s, ok := m.Given[lang]; ok && s != "" {
			return s
		}
		return m.Given[Default]
	}
	if m.Key == "" {
		return ""
	}
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		if l, ok := a.(Localized); ok { // a date or a message inside a message speaks its language
			a = l.In(lang)
		}
		args[i] = a
	}
	return T(lang, m.Key, args...)
}

// Localized is an argument that is written in the message's language: a
// date, a status, another message.
type Localized interface{ In(lang string) string }

// IsZero reports whether m holds no message.
func (m Msg) IsZero() bool { return m.Key == "" && m.Given == nil }
