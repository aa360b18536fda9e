package table

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/primed/primed/generator/load/diag"
)

// read reads text to the end, reading ahead or not, and returns each
// record with its number, its line and where each cell is, and the
// problems reported.
func read(text string, ahead bool) ([]string, string) {
	var problems diag.List
	r := NewReader("f.csv", []byte(text), &problems)
	var got []string
	if r.Next() { // the header, as a sheet reads it, before reading ahead
		got = append(got, fmt.Sprint(r.N(), r.Record()))
	}
	if ahead {
		r.ReadAhead()
	}
	for r.Next() {
		row := fmt.Sprint(r.N(), r.Line(), r.Record(), r.Blank())
		for i := range len(r.Record()) + 1 {
			row += " " + r.Pos(i).String() + "=" + r.Cell(i)
		}
		got = append(got, row)
	}
	return got, problems.Problems().Error()
}

// TestReadAhead holds a Reader that reads ahead to one that does not:
// the same records, numbers, positions and problems, across batches and
// up to a syntax error or the end.
func TestReadAhead(t *testing.T) {
	var long strings.Builder
	long.WriteString("period,unit,value\n")
	for i := range 3*batchRecords + 17 {
		fmt.Fprintf(&long, "2026-%02d,t%d,\"%d\"\n", i%12+1, i, i)
		if i%1000 == 0 {
			long.WriteString(",,\n\"two\nlines\",x,\" y \"\r\n")
		}
	}
	broken := long.String() + "2026-01,t1,\"unclosed\n2026-02,t2,3\n"
	for name, text := range map[string]string{
		"empty":               "",
		"header only":         "a,b\n",
		"short":               "a,b\n1,2\n3\n",
		"long":                long.String(),
		"error at start":      "a,b\n\"x\"y,1\n2,3\n",
		"error after batches": broken,
	} {
		want, wantProblems := read(text, false)
		got, gotProblems := read(text, true)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: reading ahead gives %d records, the first that differs %q; want %d", name, len(got), firstDiff(got, want), len(want))
		}
		if gotProblems != wantProblems {
			t.Errorf("%s: reading ahead reports %q; want %q", name, gotProblems, wantProblems)
		}
	}
}

func firstDiff(got, want []string) string {
	for i := range got {
		if i >= len(want) || got[i] != want[i] {
			return got[i]
		}
	}
	return ""
}
