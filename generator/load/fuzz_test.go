package load

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/primed/primed/generator/load/diag"
)

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
