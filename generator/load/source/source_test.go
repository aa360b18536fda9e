package source

import (
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/primed/primed/generator/load/diag"
)

func TestGoLayout(t *testing.T) {
	for format, want := range map[string]string{
		"DD/MM/YYYY": "31/10/2026", "YYYY-MM-DD": "2026-10-31", "ISO": "2026-10-31", "iso": "2026-10-31",
		"02/01/2006": "31/10/2026", "DD-MON-YYYY": "31-Oct-2026", "MM/YYYY": "10/2026", "YYYY-MM": "2026-10",
	} {
		d := time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)
		if got := d.Format(goLayout(format)); got != want {
			t.Errorf("goLayout(%q) formats %s; want %s", format, got, want)
		}
	}
	// Month names are read whatever their case, as exports write them.
	if _, err := time.Parse(goLayout("DD-MON-YYYY"), "01-JUN-2012"); err != nil {
		t.Errorf("DD-MON-YYYY does not read 01-JUN-2012: %v", err)
	}
}

// TestDecodeEncodings reads the same words as each encoding writes them.
func TestDecodeEncodings(t *testing.T) {
	const want = "Don’t “agency” – café £5"
	for enc, b := range map[Encoding]string{
		UTF8:        want,
		Windows1252: "Don\x92t \x93agency\x94 \x96 caf\xe9 \xa35",
		MacRoman:    "Don\xd5t \xd2agency\xd3 \xd0 caf\x8e \xa35",
	} {
		out, ok := (&Source{encoding: enc, clean: true}).Decode("x.csv", []byte(b), &diag.List{})
		if !ok || string(out) != want {
			t.Errorf("decode(%s) = %q, %v; want %q", enc, out, ok, want)
		}
		if enc != UTF8 {
			if got := likely([]byte(b)); got != enc {
				t.Errorf("likely(%q) = %s; want %s", b, got, enc)
			}
		}
	}
	// Latin-1 has no curly quotes, but reads £ and é as Windows-1252 does.
	if out, _ := (&Source{encoding: ISO8859_1}).Decode("x.csv", []byte("caf\xe9 \xa35"), &diag.List{}); string(out) != "café £5" {
		t.Errorf("decode(iso-8859-1) = %q; want café £5", out)
	}
}

// FuzzDecode checks the text clean-up: whatever the bytes, Windows-1252
// decoding gives valid UTF-8 with no C1 control characters or no-break
// spaces left, and UTF-8 either decodes the same way or is refused.
func FuzzDecode(f *testing.F) {
	f.Add([]byte("plain"))
	f.Add([]byte("\xef\xbb\xbfBOM"))
	f.Add([]byte("caf\xe9 \x93quoted\x94 \xa3"))
	f.Add([]byte("\xc2\x96 \xc2\xa0"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, enc := range []Encoding{UTF8, Windows1252, ISO8859_1, MacRoman} {
			e := &diag.List{}
			out, ok := (&Source{encoding: enc, clean: true}).Decode("x.csv", b, e)
			if !ok {
				if enc != UTF8 || e.Len() != 1 {
					t.Fatalf("decode(%s) refused %q with %v", enc, b, e.Problems())
				}
				continue
			}
			if !utf8.Valid(out) {
				t.Fatalf("decode(%s, %q) = %q, not UTF-8", enc, b, out)
			}
			for _, r := range string(out) {
				if r == '\u00a0' || (r >= 0x80 && r <= 0x9f) {
					t.Fatalf("decode(%s, %q) left %U", enc, b, r)
				}
			}
		}
	})
}

// FuzzFiscal checks financial-year labels: a label that reads gives a
// March (the year's end, with an April start) of its second year.
func FuzzFiscal(f *testing.F) {
	for _, s := range []string{"2023-24", "2023/24", "1999-00", "2023-2024", "2023-25", "23-24"} {
		f.Add(s)
	}
	fl := &file{s: &Source{}, Reading: &Reading{model: &Model{YearStart: time.April}}}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := fl.fiscal(s)
		if err != nil {
			return
		}
		if p.Month() != time.March {
			t.Fatalf("fiscal(%q) = %s; want a March", s, p)
		}
		if y, _ := strconv.Atoi(strings.TrimSpace(s)[:4]); p.Year() != y+1 {
			t.Fatalf("fiscal(%q) = %s; want March %d", s, p, y+1)
		}
	})
}

func TestIsTotal(t *testing.T) {
	for label, want := range map[string]bool{
		"Total": true, " GRAND TOTAL ": true, "All": true, "Totals": true, "Total spend": true, "Staffing total": true,
		"Totally": false, "Allowances": false, "Subtotals": false, "": false, "Total\u00a0": true,
	} {
		if got := isTotal(label); got != want {
			t.Errorf("isTotal(%q) = %v; want %v", label, got, want)
		}
	}
}
