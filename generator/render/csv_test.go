package render

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
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
