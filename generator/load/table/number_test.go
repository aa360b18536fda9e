package table

import (
	"math"
	"strconv"
	"testing"
	"time"
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
		got, err := Number(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("Number(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"1", "1,234.56", "£1,234", "(1,234)", "-£0.5", "12%", "1e9", "..", "1,2,3",
		"-0", "5.", ".5", "-.5", "0.1", "999999999999999", "9999999999999999", "99999999999999.9", "0.000000000000001", "-", "."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// The short path reads what it takes as the general one does.
		if fast, ok := short(s); ok {
			slow, ok := general(s)
			if !ok || math.Float64bits(fast) != math.Float64bits(slow) {
				t.Fatalf("short(%q) = %v, but general reads %v, %v", s, fast, slow, ok)
			}
		}
		v, err := Number(s)
		if err != nil {
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("Number(%q) = %v", s, v)
		}
		// A plain rendering of the value reads back the same.
		plain := strconv.FormatFloat(v, 'f', -1, 64)
		if back, err := Number(plain); err != nil || back != v {
			t.Fatalf("Number(%q) = %v, but %q reads back as %v, %v", s, v, plain, back, err)
		}
	})
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{"2026-10-31": "2026-10-31", "31/10/2026": "2026-10-31", "1/2/2026": "2026-02-01"} {
		got, err := Date(in)
		if err != nil || got.Format(time.DateOnly) != want {
			t.Errorf("Date(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "31/13/2026", "2026-02-30", "yesterday"} {
		if _, err := Date(bad); err == nil {
			t.Errorf("Date(%q) succeeded; want an error", bad)
		}
	}
}

func TestMissing(t *testing.T) {
	for _, s := range []string{"", " ", "..", "...", ".", "-", ":", "*", "c", "x", "X", "[x]", "[c]", "[z]", "[Z]", "NA", "na", "n/a", " N/A "} {
		if !Missing(s) {
			t.Errorf("Missing(%q) = false; want true: it is a marker for no figure", s)
		}
	}
	for _, s := range []string{"0", "-0", "12", "x1", "[u]", "none", "...."} {
		if Missing(s) {
			t.Errorf("Missing(%q) = true; want false", s)
		}
	}
}
