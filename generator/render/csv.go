package render

import (
	"bytes"
	"io"
	"math"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/primed/primed/generator/report"
)

// encodeCSV writes rows as a download: UTF-8 with a byte-order mark so that
// Excel reads it right, CRLF line ends, and every text cell that a
// spreadsheet would run as a formula made inert with a leading apostrophe.
// It appends to b, which may be a buffer of an earlier file, reset.
func encodeCSV(b []byte, rows [][]string) []byte {
	w := csvWriter{b: b}
	w.start()
	for _, row := range rows {
		w.row(row...)
	}
	return w.b
}

// csvWriter writes a CSV download as primed's are: UTF-8 with a
// byte-order mark, CRLF line ends, and every cell neutralised. It writes
// what encoding/csv's Writer would, with UseCRLF set (TestCSVCells), into
// b, which it passes on to out, when there is one, in large writes.
type csvWriter struct {
	b   []byte
	out io.Writer
	err error
}

// flushAt is how much a csvWriter with an out holds before writing it.
const flushAt = 256 << 10

func (c *csvWriter) start() { c.b = append(c.b, "\uFEFF"...) }

// row writes one row; the first error is kept for close.
func (c *csvWriter) row(cells ...string) {
	b := c.b
	for i, cell := range cells {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendCell(b, neutralise(cell))
	}
	c.b = append(b, '\r', '\n')
	if c.out != nil && len(c.b) >= flushAt {
		c.flush()
	}
}

func (c *csvWriter) flush() {
	if c.err == nil {
		_, c.err = c.out.Write(c.b)
	}
	c.b = c.b[:0]
}

// close writes what is held and returns the first error.
func (c *csvWriter) close() error {
	c.flush()
	return c.err
}

// appendCell appends cell to b as a CSV field, quoted when it holds a
// comma, a quote or a line end, is \. or starts with a space; a line end
// in a quoted field is CRLF.
func appendCell(b []byte, cell string) []byte {
	if !needsQuotes(cell) {
		return append(b, cell...)
	}
	b = append(b, '"')
	for i := 0; i < len(cell); i++ {
		switch c := cell[i]; c {
		case '"':
			b = append(b, '"', '"')
		case '\r':
			// dropped: a line end is written as CRLF, whatever it was
		case '\n':
			b = append(b, '\r', '\n')
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// appendCells appends each cell to b, neutralised, after a comma.
func appendCells(b []byte, cells ...string) []byte {
	for _, c := range cells {
		b = appendCell(append(b, ','), neutralise(c))
	}
	return b
}

// appendWords appends each of words to b after a comma, as it is: for
// primed's own ratings, variations and assurances, lower-case words that
// need neither quotes nor neutralising.
func appendWords(b []byte, words ...string) []byte {
	for _, w := range words {
		b = append(append(b, ','), w...)
	}
	return b
}

func needsQuotes(cell string) bool {
	if cell == "" {
		return false
	}
	for i := 0; i < len(cell); i++ {
		switch cell[i] {
		case ',', '"', '\r', '\n':
			return true
		}
	}
	if c := cell[0]; c < utf8.RuneSelf {
		return c == ' ' || c == '\t' || c == '\v' || c == '\f' || cell == `\.`
	}
	r, _ := utf8.DecodeRuneInString(cell)
	return unicode.IsSpace(r)
}

// neutralise prefixes a cell that starts like a formula with an apostrophe.
// Numbers, negative ones included, are left as they are.
func neutralise(c string) string {
	if c == "" {
		return c
	}
	switch c[0] {
	case '=', '+', '-', '@', '\t', '\r':
	default:
		return c
	}
	if _, err := strconv.ParseFloat(c, 64); err == nil && c[0] == '-' {
		return c
	}
	return "'" + c
}

// optional formats a figure for a CSV cell, empty when there is none.
// Rounding to 14 significant digits hides the binary noise of adding up
// pennies (91296.35999999999) without losing any real precision: a float
// holds about 16.
func optional(has bool, v float64) string {
	var b [32]byte
	return string(appendOptional(b[:0], has, v))
}

// appendOptional appends what optional returns to b. What it writes
// needs neither quotes nor neutralising in a CSV.
func appendOptional(b []byte, has bool, v float64) []byte {
	if !has || !finite(v) {
		return b
	}
	// A decimal of 14 digits or fewer is its own rounding. Most figures
	// have no more than four places, or a computed ratio's many; trying
	// more places would only delay the general path for the latter.
	if short, ok := report.AppendShort(b, v, 4); ok {
		return short
	}
	var buf [32]byte
	g := strconv.AppendFloat(buf[:0], v, 'g', 14, 64)
	if bytes.IndexByte(g, 'e') < 0 && !bytes.Equal(g, []byte("-0")) {
		// Rounded to 14 digits, without trailing zeros: no shorter decimal
		// is the same double, so it is what the round trip would write.
		return append(b, g...)
	}
	r, _ := strconv.ParseFloat(string(g), 64)
	if r == 0 {
		r = math.Abs(r) // no "-0"
	}
	return strconv.AppendFloat(b, r, 'f', -1, 64)
}

// repeated writes a column of figures that mostly repeat the row before,
// as a target and its tolerance do month after month: each distinct run
// is written by appendOptional once.
type repeated struct {
	has, set bool
	v        float64
	text     []byte
}

// append appends what appendOptional would to b.
func (c *repeated) append(b []byte, has bool, v float64) []byte {
	if c.set && has == c.has && math.Float64bits(v) == math.Float64bits(c.v) {
		return append(b, c.text...)
	}
	start := len(b)
	b = appendOptional(b, has, v)
	c.has, c.v, c.set = has, v, true
	c.text = append(c.text[:0], b[start:]...)
	return b
}

// appendFigure appends a figure's cell: hidden when it is suppressed.
func appendFigure(b []byte, suppressed bool, hideCell []byte, has bool, v float64) []byte {
	if suppressed {
		return append(b, hideCell...)
	}
	return appendOptional(b, has, v)
}
