package table

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"reflect"
	"testing"
)

// splitCSV is what encoding/csv reads of text: each record with where
// each cell starts, then the error that ended it.
func splitCSV(text []byte) []string {
	r := csv.NewReader(bytes.NewReader(text))
	r.FieldsPerRecord = -1
	var got []string
	for {
		rec, err := r.Read()
		if err != nil {
			return append(got, fmt.Sprintf("%#v", err))
		}
		row := ""
		for i, c := range rec {
			line, col := r.FieldPos(i)
			row += fmt.Sprintf("%d:%d=%q ", line, col, c)
		}
		got = append(got, row)
	}
}

// splitAll is the same of a splitter.
func splitAll(text []byte) []string {
	s := splitter{text: text}
	var got []string
	var cells []string
	var at []cellPos
	for {
		var err error
		cells, at, err = s.split(cells[:0], at[:0])
		if err != nil {
			return append(got, fmt.Sprintf("%#v", err))
		}
		row := ""
		for i, c := range cells {
			row += fmt.Sprintf("%d:%d=%q ", at[i].line, at[i].col, c)
		}
		got = append(got, row)
	}
}

var splitCases = []string{
	"",
	"\n",
	"\r\n\r\n",
	"a,b\n1,2\n",
	"a,b\r\n1,2\r\n",
	"a,b\n1,2",
	"a,b\n1,2\r",
	"a,,\n,\n,,x\n",
	"a\r\r\nb\r\rc\r",
	"\n\na\n\n\nb",
	" a , b \n\tc,d\n",
	"a,\"b,c\",d\n1,2,3\n",
	"\"two\nlines\",x\n3,4\n\"q\"\"uote\",\"\"\n5,6",
	"a,\"b\r\nc\",d\r\n1,2\r\n",
	"1,2\na\"b,c\n3,4\n",
	"1,2\n\"a\"b,c\n3,4\n",
	"1,2\n\"unclosed,3\n4,5\n",
	"1,2\n\"\n",
	"\"a\"\n\"b\"\n\n\"c\"\nd,e\n\"f\"",
	"ünï,cödé\n£1,€2\n",
	"a\x00b,c\n",
}

func TestSplitAsEncodingCSV(t *testing.T) {
	for _, text := range splitCases {
		want := splitCSV([]byte(text))
		if got := splitAll([]byte(text)); !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\nsplit  %q\ncsv    %q", text, got, want)
		}
	}
}

func FuzzSplit(f *testing.F) {
	for _, text := range splitCases {
		f.Add([]byte(text))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		want := splitCSV(text)
		if got := splitAll(text); !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\nsplit  %q\ncsv    %q", text, got, want)
		}
	})
}

// BenchmarkSplit splits a long file of figures, as primed's own data
// files are, and encoding/csv reads it, for the ratio of the two.
func BenchmarkSplit(b *testing.B) {
	var text []byte
	text = append(text, "period,unit,measure,value,numerator,denominator\r\n"...)
	for i := range 100_000 {
		text = fmt.Appendf(text, "2025-%02d,team-%d,m%02d,%d.%d,,\r\n", i%12+1, i/40, i%40, i*7%1000, i%10)
	}
	b.Run("splitter", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			s := splitter{text: text}
			var cells []string
			var at []cellPos
			var err error
			for err == nil {
				cells, at, err = s.split(cells[:0], at[:0])
			}
		}
	})
	b.Run("encoding-csv", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			r := csv.NewReader(bytes.NewReader(text))
			r.FieldsPerRecord = -1
			r.ReuseRecord = true
			var at []cellPos
			for {
				rec, err := r.Read()
				if err != nil {
					break
				}
				at = at[:0]
				for i := range rec {
					line, col := r.FieldPos(i)
					at = append(at, cellPos{line, col})
				}
			}
		}
	})
}
