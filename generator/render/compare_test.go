package render

import (
	"testing"

	"github.com/primed/primed/generator/report"
)

func TestDifference(t *testing.T) {
	count := &report.Measure{UnitOfMeasure: report.Count}
	rate := &report.Measure{UnitOfMeasure: report.Number, Decimals: 1}
	pct := &report.Measure{UnitOfMeasure: report.Percent, Decimals: 1}
	tests := []struct {
		m      *report.Measure
		v, ref float64
		want   string
	}{
		{rate, 775.4, 566.0, "37% higher here"}, // 36.996…%
		{rate, 283, 566, "50% lower here"},
		{rate, 566.5, 566, "less than 1% higher here"},
		{rate, 566, 566, "the same here"},
		{count, 5, 0, "higher here"},
		{count, 0, 0, "the same here"},
		{count, -3, -2, "50% lower here"}, // against the size of a negative reference
		{pct, 67.15, 66.15, "1.0 points higher here"},
		{pct, 63.05, 64.1, "1.1 points lower here"}, // 1.05 from the exact decimals
		{pct, 64.1, 64.1, "the same here"},
	}
	for _, tt := range tests {
		if got := difference(tt.m, tt.v, tt.ref); got != tt.want {
			t.Errorf("difference(%s, %v, %v) = %q; want %q", tt.m.UnitOfMeasure, tt.v, tt.ref, got, tt.want)
		}
	}
}

func TestOrdinalAndQuartile(t *testing.T) {
	for n, want := range map[int]string{1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 22: "22nd", 103: "103rd", 111: "111th"} {
		if got := ordinal(n); got != want {
			t.Errorf("ordinal(%d) = %q; want %q", n, got, want)
		}
	}
	tests := []struct{ rank, n, want int }{
		{1, 1, 1}, {1, 2, 1}, {2, 2, 4}, {3, 16, 1}, {4, 16, 1}, {5, 16, 2}, {8, 16, 2}, {9, 16, 3}, {12, 16, 3}, {13, 16, 4}, {16, 16, 4},
	}
	for _, tt := range tests {
		if got := quartile(tt.rank, tt.n); got != tt.want {
			t.Errorf("quartile(%d of %d) = %d; want %d", tt.rank, tt.n, got, tt.want)
		}
	}
}
