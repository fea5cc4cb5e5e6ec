package web

import (
	"html/template"
	"strings"

	qr "github.com/piglig/go-qr"
)

// qrSVG draws a booking's reference as a QR code for the desk's scanner:
// the reference only, never a name or the manage token. The SVG is
// decorative (aria-hidden): the reference is printed beside it.
func qrSVG(ref string) template.HTML {
	code, err := qr.EncodeText(ref, qr.Medium)
	if err != nil {
		return ""
	}
	svg, err := code.ToSVGBytes(qr.NewQrCodeImgConfig(1, 4)) // one unit a module, four of quiet zone
	if err != nil {
		return ""
	}
	out := strings.Replace(string(svg), "<svg ", `<svg class="qr" aria-hidden="true" focusable="false" `, 1)
	return template.HTML(out) // built by the library from the reference's modules only
}
