package web

import (
	"image"
	"image/color"
	"regexp"
	"strconv"
	"testing"

	qr "github.com/piglig/go-qr"
)

var (
	viewBox = regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)"`)
	module  = regexp.MustCompile(`M(\d+),(\d+)h1v1h-1z`)
)

// decodeQRSVG draws the dark modules of a QR SVG into an image, eight
// pixels a module, and reads it back with a QR decoder.
func decodeQRSVG(svg string) (string, error) {
	m := viewBox.FindStringSubmatch(svg)
	if m == nil {
		return "", strconv.ErrSyntax
	}
	n, _ := strconv.Atoi(m[1])
	const px = 8
	img := image.NewGray(image.Rect(0, 0, n*px, n*px))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for _, mm := range module.FindAllStringSubmatch(svg, -1) {
		x, _ := strconv.Atoi(mm[1])
		y, _ := strconv.Atoi(mm[2])
		for dy := 0; dy < px; dy++ {
			for dx := 0; dx < px; dx++ {
				img.SetGray(x*px+dx, y*px+dy, color.Gray{})
			}
		}
	}
	return qr.Decode(img)
}

func TestQRSVGReadsBack(t *testing.T) {
	for _, ref := range []string{"SO-7K3Q-9PXD", "SO-AAAA-2222"} {
		got, err := decodeQRSVG(string(qrSVG(ref)))
		if err != nil || got != ref {
			t.Fatalf("%s reads back as %q, %v", ref, got, err)
		}
	}
}
