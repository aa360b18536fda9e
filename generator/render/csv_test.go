package render

import (
	"bytes"
	"encoding/csv"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/primed/primed/generator/analyse"
	"github.com/primed/primed/generator/report"
)

// csvRows are cells that a CSV writer must quote, or must not.
var csvRows = [][]string{
	{"", "a", "a b", " lead", "\tlead", "trail ", "\u00a0nbsp", "\u2028sep"},
	{"a,b", `say "hi"`, "two\nlines", "cr\rhere", "crlf\r\nend", `\.`, `\.x`, "é"},
	{"=SUM(A1)", "+1", "-1", "-x", "@x", "\"", ",", "\n"},
	{"\xff\xfe", "\x00", "£1,234.56", "<N", "October 2026"},
}

// TestCSVCells holds csvWriter to encoding/csv's Writer with UseCRLF set:
// the same bytes for every row, and a byte-order mark before them.
func TestCSVCells(t *testing.T) {
	for _, row := range csvRows {
		checkCSV(t, row)
	}
	// Written through out in parts, figures.csv's way.
	var out bytes.Buffer
	w := csvWriter{out: &out}
	w.start()
	var want bytes.Buffer
	want.WriteString("\uFEFF")
	cw := csv.NewWriter(&want)
	cw.UseCRLF = true
	for i := range flushAt / 10 {
		row := csvRows[i%len(csvRows)]
		w.row(row...)
		if err := cw.Write(neutralised(row)); err != nil {
			t.Fatal(err)
		}
	}
	cw.Flush()
	if err := w.close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), want.Bytes()) {
		t.Errorf("csvWriter wrote %d bytes through out; encoding/csv %d", out.Len(), want.Len())
	}
	// The first error is kept.
	w = csvWriter{out: failing{}}
	w.row("a")
	if err := w.close(); err == nil {
		t.Error("close = nil after a failed write")
	}
}

func FuzzCSVCell(f *testing.F) {
	for _, row := range csvRows {
		f.Add(strings.Join(row, "|"))
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkCSV(t, strings.Split(s, "|"))
	})
}

func checkCSV(t *testing.T, row []string) {
	t.Helper()
	var want bytes.Buffer
	cw := csv.NewWriter(&want)
	cw.UseCRLF = true
	if err := cw.Write(neutralised(row)); err != nil {
		t.Fatal(err)
	}
	cw.Flush()
	got := encodeCSV(nil, [][]string{row})
	if string(got) != "\uFEFF"+want.String() {
		t.Errorf("row %q: got %q; encoding/csv %q", row, got, "\uFEFF"+want.String())
	}
}

func neutralised(row []string) []string {
	out := make([]string, len(row))
	for i, c := range row {
		out[i] = neutralise(c)
	}
	return out
}

type failing struct{}

func (failing) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// FuzzOptional holds appendOptional, with its short paths, to what it
// means: the figure rounded to 14 significant digits, written as the
// shortest decimal that reads back as that, with no exponent and no -0.
func FuzzOptional(f *testing.F) {
	for _, v := range []float64{0, math.Copysign(0, -1), 1, -1, 40.5, 282299, 57.33736762481089, 91296.35999999999,
		0.00001, 1e-10, 1.5e-11, 123456789.123, 99999999999999, 1e14, 1e15, 1e21, -2.5e-7, 0.1 + 0.2, 1.0 / 3} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v float64) {
		if !finite(v) {
			return
		}
		r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 14, 64), 64)
		if r == 0 {
			r = 0 // no -0
		}
		want := strconv.FormatFloat(r, 'f', -1, 64)
		if got := string(appendOptional([]byte("x"), true, v)); got != "x"+want {
			t.Errorf("appendOptional(%v) = %q; want %q", v, got[1:], want)
		}
	})
}

// TestRepeated holds a column written through repeated to appendOptional,
// across runs, changes, gaps and signed zeros.
func TestRepeated(t *testing.T) {
	type cell struct {
		has bool
		v   float64
	}
	cells := []cell{{true, 40}, {true, 40}, {false, 40}, {false, 0}, {true, 0}, {true, math.Copysign(0, -1)}, {true, 57.33736762481089}, {true, 57.33736762481089}, {true, 40}}
	var c repeated
	var got, want []byte
	for _, x := range cells {
		got = append(c.append(got, x.has, x.v), ',')
		want = append(appendOptional(want, x.has, x.v), ',')
	}
	if string(got) != string(want) {
		t.Errorf("repeated writes %q; appendOptional %q", got, want)
	}
}

// TestAppendWords holds appendWords, which writes primed's own words as
// they are, to appendCells for every rating, variation and assurance.
func TestAppendWords(t *testing.T) {
	words := []string{""}
	for _, r := range []analyse.RAG{analyse.Green, analyse.Amber, analyse.Red, analyse.None} {
		words = append(words, string(r))
	}
	for _, v := range []analyse.Variation{analyse.Common, analyse.Improvement, analyse.Concern, analyse.Neutral, analyse.NoVariation} {
		words = append(words, string(v))
	}
	for _, a := range []analyse.Assurance{analyse.Pass, analyse.Fail, analyse.Inconsistent, analyse.NoAssurance} {
		words = append(words, string(a))
	}
	for _, w := range words {
		if got, want := appendWords([]byte("x"), w), appendCells([]byte("x"), w); !bytes.Equal(got, want) {
			t.Errorf("appendWords(%q) = %q; appendCells writes %q", w, got, want)
		}
	}
}

// TestLabelsPlain checks that every period's label, as the CSVs write it
// as it is, is what appendCell would write: for every frequency, start
// of the year and month from 1900 to 2100, and of the last years a
// period can have.
func TestLabelsPlain(t *testing.T) {
	for _, f := range []report.Frequency{report.Monthly, report.Quarterly, report.Yearly} {
		for start := time.January; start <= time.December; start++ {
			for _, years := range [][2]int{{1900, 2100}, {9998, 9999}} {
				for p := report.NewPeriod(years[0], time.January); p <= report.NewPeriod(years[1], time.December); p++ {
					l := periodLabel(labelForm, p, f, start)
					if got := string(appendCell(nil, neutralise(l))); got != l {
						t.Fatalf("the label of %s by %s from %s is %q; appendCell writes %q", p, f, start, l, got)
					}
				}
			}
		}
	}
}
