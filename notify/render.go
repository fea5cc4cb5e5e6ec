package notify

import (
	"bytes"
	"embed"
	htmltemplate "html/template"
	"image"
	"image/color"
	"image/png"
	netmail "net/mail"
	"net/url"
	"strconv"
	"strings"
	"sync"
	texttemplate "text/template"
	"time"

	qr "github.com/piglig/go-qr"
	"github.com/wneessen/go-mail"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
	"github.com/priemna/priemna/calendar"
)

//go:embed templates
var templateFS embed.FS

// Templates are parsed once, at start-up, so a broken one fails fast.
var (
	textTemplate = texttemplate.Must(texttemplate.ParseFS(templateFS, "templates/letter.txt"))
	htmlTemplate = htmltemplate.Must(htmltemplate.ParseFS(templateFS, "templates/letter.html"))
)

// Renderer turns outbox messages into mail.
type Renderer struct {
	BaseURL string // links in letters point here
	From    string // "Name <address>"
}

// Rendered is a message ready to send, with what tests and logs need.
type Rendered struct {
	Msg       *mail.Msg
	MessageID string
	Letter    *Letter
	ICS       []byte
}

// Render builds the mail for one message: multipart/mixed holding
// multipart/alternative (text/plain, text/html and, for invitations and
// cancellations, text/calendar with the matching method), the same
// calendar as an application/ics attachment and, for a booking that
// stands, its reference as a QR code (image/png) to show at the desk.
func (r *Renderer) Render(in Input, now time.Time) (*Rendered, error) {
	// The To header keeps the name as typed (a display name is quoted and
	// encoded, never a link); the letter itself carries it defanged.
	to := &netmail.Address{Name: in.Booking.Name, Address: in.Booking.Email}
	in.Booking = defanged(in.Booking)
	c, err := r.content(in, now)
	if err != nil {
		return nil, err
	}
	l := c.letter
	m := mail.NewMsg(mail.WithCharset(mail.CharsetUTF8), mail.WithEncoding(mail.EncodingQP))
	if err := m.From(r.From); err != nil {
		return nil, err
	}
	// Addresses were validated when booked; names are quoted and encoded
	// by net/mail (RFC 5322, RFC 2047), so no header can be injected.
	m.ToMailAddress(to)
	if in.Official != nil && in.Official.Email != "" {
		m.ReplyToMailAddress(&netmail.Address{Name: officeName(in), Address: in.Official.Email})
	}
	m.Subject(l.Subject)
	id := r.messageID(in.Message)
	m.SetMessageIDWithValue(id)
	m.SetDateWithValue(now)
	m.SetGenHeader("Auto-Submitted", "auto-generated")
	m.SetGenHeader("Content-Language", l.Lang)
	m.SetBodyString(mail.TypeTextPlain, c.text)
	m.AddAlternativeString(mail.TypeTextHTML, c.html)
	if l.Method != "" {
		m.AddAlternativeString(mail.ContentType("text/calendar; method="+string(l.Method)), string(c.ics))
		name := "invite.ics"
		if l.Method == calendar.MethodCancel {
			name = "cancel.ics"
		}
		if err := m.AttachReader(name, bytes.NewReader(c.ics), mail.WithFileContentType("application/ics")); err != nil {
			return nil, err
		}
	}
	if l.QR != "" {
		png, err := qrPNG(l.QR)
		if err != nil {
			return nil, err
		}
		if err := m.AttachReader("qr-"+l.QR+".png", bytes.NewReader(png), mail.WithFileContentType("image/png")); err != nil {
			return nil, err
		}
	}
	return &Rendered{Msg: m, MessageID: id, Letter: l, ICS: c.ics}, nil
}

// content is a message's parts before they are put into MIME.
type content struct {
	letter     *Letter
	text, html string
	ics        []byte
}

func (r *Renderer) content(in Input, now time.Time) (*content, error) {
	l, err := r.compose(in)
	if err != nil {
		return nil, err
	}
	var text, html bytes.Buffer
	if err := textTemplate.Execute(&text, l); err != nil {
		return nil, err
	}
	if err := htmlTemplate.Execute(&html, l); err != nil {
		return nil, err
	}
	c := &content{letter: l, text: strings.ReplaceAll(text.String(), "\n\n\n", "\n\n"), html: html.String()}
	if l.Method != "" {
		if c.ics, err = calendar.EncodeICS(l.Method, now, l.Event); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (r *Renderer) organizer() calendar.Person { return OrganizerOf(r.From) }

// OrganizerOf is the ORGANIZER of every invitation and download for a
// sender address: the address letters come from, one identity for the
// office across a booking's life (a calendar treats an update from another
// organizer as another meeting).
func OrganizerOf(from string) calendar.Person {
	a, err := netmail.ParseAddress(from)
	if err != nil {
		return calendar.Person{}
	}
	return calendar.Person{Name: a.Name, Email: a.Address}
}

func officeName(in Input) string {
	return i18n.Pick(in.Booking.Language, in.Official.Name, in.Official.NameEN)
}

// messageID is stable per outbox message, so a message sent again is
// recognisably the same one, and unique to it: it is made of the message's
// key (its instant and 80 random bits, booking.NewMessageKey), never of its
// row number, which a restored backup reuses.
func (r *Renderer) messageID(m booking.Message) string {
	host := "priemna.local"
	if u, err := url.Parse(r.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	key := m.Key
	if key == "" { // a message never stored, such as a preview
		key = "outbox-" + strconv.FormatInt(m.ID, 10)
	}
	return key + "@" + host
}

// qrEncoder keeps its compressor between letters (setting one up costs
// more than compressing a code).
var qrEncoder = png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: &pngBuffers{}}

type pngBuffers struct{ p sync.Pool }

func (b *pngBuffers) Get() *png.EncoderBuffer {
	e, _ := b.p.Get().(*png.EncoderBuffer)
	return e
}

func (b *pngBuffers) Put(e *png.EncoderBuffer) { b.p.Put(e) }

// qrPNG draws a booking reference as a QR code: the reference only, never
// a name or the manage token. Four pixels a module and four modules of
// quiet zone, drawn into a two-colour image: the library's own PNG paints
// an RGBA image pixel by pixel, which was a third of the worker's time for
// each letter.
func qrPNG(ref string) ([]byte, error) {
	code, err := qr.EncodeText(ref, qr.Medium)
	if err != nil {
		return nil, err
	}
	const scale, quiet = 4, 4
	side := (code.Size() + 2*quiet) * scale
	img := image.NewPaletted(image.Rect(0, 0, side, side), color.Palette{color.White, color.Black})
	for y := range code.Size() {
		for x := range code.Size() {
			if !code.Module(x, y) {
				continue
			}
			for dy := range scale {
				row := img.Pix[((quiet+y)*scale+dy)*img.Stride:]
				for dx := range scale {
					row[(quiet+x)*scale+dx] = 1
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := qrEncoder.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
