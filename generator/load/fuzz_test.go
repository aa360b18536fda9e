package load

import (
	"github.com/primed/primed/generator/load/diag"

	"math"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"1234.5", 1234.5, true},
		{"1,234.5", 1234.5, true},
		{" £1,234.56 ", 1234.56, true},
		{"-£12", -12, true},
		{"(1,234)", -1234, true},
		{"(£1,234.50)", -1234.5, true},
		{"12%", 12, true},
		{".5", 0.5, true},
		{"0", 0, true},
		{"1,23", 0, false},
		{"12,3456", 0, false},
		{",123", 0, false},
		{"1e5", 0, false},
		{"NaN", 0, false},
		{"Inf", 0, false},
		{"--1", 0, false},
		{"(-1)", 0, false},
		{"(1", 0, false},
		{"1.2.3", 0, false},
		{"", 0, false},
		{"£", 0, false},
		{"0x10", 0, false},
		{"+5", 0, false},
	}
	for _, tt := range tests {
		got, err := parseNumber(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseNumber(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"1", "1,234.56", "£1,234", "(1,234)", "-£0.5", "12%", "1e9", "..", "1,2,3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parseNumber(s)
		if err != nil {
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("parseNumber(%q) = %v", s, v)
		}
		// A plain rendering of the value reads back the same.
		plain := strconv.FormatFloat(v, 'f', -1, 64)
		if back, err := parseNumber(plain); err != nil || back != v {
			t.Fatalf("parseNumber(%q) = %v, but %q reads back as %v, %v", s, v, plain, back, err)
		}
	})
}

// FuzzDataCSV feeds arbitrary bytes to the data loader as a CSV file: it
// must never panic, and every problem must have a position in that file.
func FuzzDataCSV(f *testing.F) {
	f.Add("period,unit,measure,value\n2026-10,a,waiting,3\n")
	f.Add("\uFEFFperiod,unit,measure,value,numerator,denominator\r\n2026-10,a,timely,,1,2\r\n")
	f.Add("Period, Unit ,waiting,timely\n2026-10,a,\"1,234\",..\n")
	f.Add("period,unit,measure,value\n\"2026-10\n,a\n")
	f.Add("period,unit\n2026-10,a,(5)\n")
	base := fstest.MapFS{
		"primed.yaml":   {Data: []byte("title: T\n")},
		"org.yaml":      {Data: []byte("levels:\n  - {id: top, name: Top}\n  - {id: team, name: Team}\nunits:\n  - {id: top, name: Top, level: top}\n  - {id: a, name: A, level: team, parent: top}\n")},
		"measures.yaml": {Data: []byte("- {id: waiting, name: W, unit: count, direction: down, kind: stock, aggregate: sum, category: workload}\n- {id: timely, name: T, unit: percent, direction: up, kind: rate, aggregate: ratio, category: effectiveness}\n")},
	}
	f.Fuzz(func(t *testing.T, src string) {
		fsys := fstest.MapFS{"data/x.csv": {Data: []byte(src)}}
		for k, v := range base {
			fsys[k] = v
		}
		_, err := Report(fsys, Options{})
		if err == nil {
			return
		}
		ps, ok := err.(diag.Problems)
		if !ok {
			t.Fatalf("Report returned %T, want diag.Problems", err)
		}
		lines := strings.Count(src, "\n") + 1
		for _, p := range ps {
			if p.Pos.File != "data/x.csv" {
				t.Fatalf("problem outside the fuzzed file: %s", p)
			}
			if p.Pos.Line < 1 || p.Pos.Line > lines+1 || p.Pos.Col < 0 {
				t.Fatalf("problem with a position outside the file (%d lines): %s", lines, p)
			}
		}
	})
}

// FuzzYAML feeds arbitrary text to the org.yaml reader: no panic, and
// every problem is positioned in org.yaml.
func FuzzYAML(f *testing.F) {
	f.Add("levels:\n  - {id: top, name: Top}\n  - {id: team, name: Team}\nunits:\n  - {id: top, name: Top, level: top}\n")
	f.Add("levels: [")
	f.Add("units:\n  - id: a\n    parent: a\n    level: x\n")
	f.Add("levels:\n  - &a {id: top, name: Top}\n  - *a\nunits: []\n")
	f.Fuzz(func(t *testing.T, src string) {
		fsys := fstest.MapFS{
			"primed.yaml":   {Data: []byte("title: T\n")},
			"measures.yaml": {Data: []byte("[]\n")},
			"org.yaml":      {Data: []byte(src)},
		}
		_, err := Report(fsys, Options{})
		if err == nil {
			return
		}
		for _, p := range err.(diag.Problems) {
			if p.Pos.File != "org.yaml" && p.Pos.File != "measures.yaml" {
				t.Fatalf("problem outside org.yaml: %s", p)
			}
		}
	})
}

// FuzzSourceCSV feeds arbitrary bytes through a source declaration, as a
// real export would arrive: never a panic, and every problem placed in
// the file or in primed.yaml.
func FuzzSourceCSV(f *testing.F) {
	f.Add([]byte("Unit,Date,Amount\na,01/10/2026,\"1,000\"\n"))
	f.Add([]byte("\uFEFFpreamble\r\n\r\nUnit,Date,Amount\r\nNA,31/10/2026,(5)\r\nTotal,,9\r\n"))
	f.Add([]byte("Unit,Date,Amount\n\"a\nb\",1/1/2026,£3\n"))
	f.Add([]byte("Unit,Date,Amount\na,2026-10-01,\x96\xa0 2\n"))
	f.Add([]byte("\"Unit\n(code)\",Date,Amount\n"))
	decl := `  - files: raw/x.csv
    into: finance
    shape: transactions
    header_row: 1
    period: {column: Date, format: DD/MM/YYYY}
    unit: {column: Unit, lookup: {a: a}, unmapped: unallocated, unallocated: other}
    category: {value: Spend}
    actual: Amount
`
	f.Fuzz(func(t *testing.T, src []byte) {
		_, err := Report(sourceFolder(decl, "raw/x.csv", src), Options{})
		if err == nil {
			return
		}
		ps, ok := err.(diag.Problems)
		if !ok {
			t.Fatalf("Report returned %T, want diag.Problems", err)
		}
		for _, p := range ps {
			if p.Pos.File != "raw/x.csv" && p.Pos.File != "primed.yaml" {
				t.Fatalf("problem outside the source: %s", p)
			}
		}
	})
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
		for _, enc := range []string{"utf-8", "windows-1252"} {
			e := &diag.List{}
			out, ok := decode("x.csv", b, &source{encoding: enc, clean: true}, e)
			if !ok {
				if enc == "windows-1252" || e.Len() != 1 {
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
	sr := &sourceRead{s: &source{}, yearFrom: time.April}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := sr.fiscal(s)
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
