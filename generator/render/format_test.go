package render

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/primed/primed/generator/analyse"
	"github.com/primed/primed/generator/report"
)

func TestGrouped(t *testing.T) {
	tests := []struct {
		v        float64
		decimals int
		want     string
	}{
		{0, 0, "0"},
		{999, 0, "999"},
		{1000, 0, "1,000"},
		{1234567.891, 2, "1,234,567.89"},
		{-1234.5, 1, "−1,234.5"},
		{-0.004, 2, "0.00"}, // no "minus zero"
		{100000, 0, "100,000"},
		{0.5, 0, "1"},    // half away from zero
		{-2.5, 0, "−3"},  // on both sides of it
		{0.15, 1, "0.2"}, // from the exact decimal, not the float's binary 0.1499…
	}
	for _, tt := range tests {
		if got := grouped(tt.v, tt.decimals); got != tt.want {
			t.Errorf("grouped(%v, %d) = %q; want %q", tt.v, tt.decimals, got, tt.want)
		}
	}
}

func TestValue(t *testing.T) {
	m := func(u report.UnitOfMeasure, d int) *report.Measure {
		return &report.Measure{UnitOfMeasure: u, Decimals: d}
	}
	tests := []struct {
		m    *report.Measure
		v    float64
		want string
	}{
		{m(report.Count, 0), 12345, "12,345"},
		{m(report.Percent, 1), 85.25, "85.3%"},
		{m(report.Currency, 0), 91296.36, "£91,296"},
		{m(report.Currency, 2), -1200, "−£1,200.00"},
		{m(report.Days, 2), 0.75, "0.75 days"},
		{m(report.Days, 0), 1, "1 day"},
		{m(report.Number, 1), 46.07, "46.1"},
	}
	for _, tt := range tests {
		if got := value(tt.m, tt.v); got != tt.want {
			t.Errorf("value(%s, %v) = %q; want %q", tt.m.UnitOfMeasure, tt.v, got, tt.want)
		}
	}
	pct := m(report.Percent, 1)
	for _, tt := range []struct {
		d    float64
		want string
	}{{3.04, "+3.0 points"}, {-0.7, "−0.7 points"}, {0.01, "no change"}} {
		if got := change(pct, tt.d); got != tt.want {
			t.Errorf("change(percent, %v) = %q; want %q", tt.d, got, tt.want)
		}
	}
	if got := change(m(report.Count, 0), -14); got != "−14" {
		t.Errorf("change(count, -14) = %q; want −14", got)
	}
	if got := date(time.Date(2026, 10, 3, 0, 0, 0, 0, time.UTC)); got != "3 October 2026" {
		t.Errorf("date = %q; want 3 October 2026", got)
	}
}

func TestNeutralise(t *testing.T) {
	tests := map[string]string{
		"=1+1":          "'=1+1",
		"+44 1234":      "'+44 1234",
		"-cmd":          "'-cmd",
		"@SUM(A1)":      "'@SUM(A1)",
		"\t=1":          "'\t=1",
		"-12.5":         "-12.5", // a number stays a number
		"plain":         "plain",
		"":              "",
		"a=b":           "a=b",
		"-1e5":          "-1e5",
		"=HYPERLINK(x)": "'=HYPERLINK(x)",
	}
	for in, want := range tests {
		if got := neutralise(in); got != want {
			t.Errorf("neutralise(%q) = %q; want %q", in, got, want)
		}
	}
	b := encodeCSV(nil, [][]string{{"a", "=b"}, {"1", "-2"}})
	if want := "\uFEFFa,'=b\r\n1,-2\r\n"; string(b) != want {
		t.Errorf("encodeCSV = %q; want %q", b, want)
	}
}

// TestRank checks how a page writes a rank by support need: a unit with
// no points is not ranked at all, however many share its place, and a
// shared rank says so.
func TestRank(t *testing.T) {
	needs := []analyse.Need{
		{Score: 3, Rank: 1}, {Score: 1, Rank: 2}, {Score: 1, Rank: 2},
		{Score: 0, Rank: 4}, {Score: 0, Rank: 4}, {Score: 0, Rank: 4},
	}
	want := []string{"1", "2 (joint)", "2 (joint)", "–", "–", "–"}
	for i, n := range needs {
		if got := rank(n, needs); got != want[i] {
			t.Errorf("rank(%+v) = %q; want %q", n, got, want[i])
		}
	}
}

// optional's way with whole numbers gives what rounding to 14 significant
// digits gives.
func TestOptionalWhole(t *testing.T) {
	slow := func(v float64) string {
		r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 14, 64), 64)
		if r == 0 {
			r = math.Abs(r)
		}
		return strconv.FormatFloat(r, 'f', -1, 64)
	}
	values := []float64{0, math.Copysign(0, -1), 1, -1, 42, 1e13, 99999999999999, -99999999999999, 1e14 - 2, 123456789, 123456789012345, 1e14, -1e15 - 3}
	for i := range 1000 {
		values = append(values, float64(i*i*i*7919), -float64(i*104729))
	}
	// Decimals, which report.AppendShort writes without the round trip,
	// and doubles at random, which it leaves to it.
	r := rand.New(rand.NewPCG(5, 6))
	for range 100000 {
		n, k := r.Int64N(2e14)-1e14, r.IntN(13)
		values = append(values, float64(n)/math.Pow(10, float64(k)), math.Float64frombits(r.Uint64()), r.Float64()*100, 91296.35999999999)
	}
	for _, v := range values {
		if !finite(v) {
			continue
		}
		if got, want := optional(true, v), slow(v); got != want {
			t.Errorf("optional(%v) = %q; want %q", v, got, want)
		}
	}
}

// TestLabel holds the labels a scratch keeps to the Period methods they
// stand for: of every form and frequency, near the first period asked
// for and far from it, and again once the financial year starts in
// another month.
func TestLabel(t *testing.T) {
	c := &scratch{}
	first := report.NewPeriod(2026, time.October)
	for _, start := range []time.Month{time.April, time.April, time.January} {
		s := &snapshot{a: &analyse.Analysis{Config: report.Config{YearStart: start}}, scratch: c}
		for _, f := range []report.Frequency{report.Monthly, report.Quarterly, report.Yearly, ""} {
			for d := -labelSpan; d <= labelSpan; d += 7 {
				p := first.Add(d)
				for form, want := range []string{p.Label(f, start), p.Name(f, start), p.Abbrev(f, start)} {
					if got := s.label(periodForm(form), p, f); got != want {
						t.Fatalf("label(%d, %s, %q) with the year from %s = %q; want %q", form, p, f, start, got, want)
					}
				}
			}
		}
	}
}
