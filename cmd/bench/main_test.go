package main

import (
	"encoding/xml"
	"math"
	"strings"
	"testing"
)

func TestExponent(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		x, y []float64
		want float64
	}{
		{[]float64{1000, 2000, 4000, 8000}, []float64{10, 20, 40, 80}, 1},
		{[]float64{1000, 2000, 4000}, []float64{3, 12, 48}, 2},
		{[]float64{1, 10}, []float64{5, 5}, 0},
	} {
		if got := exponent(tc.x, tc.y); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("exponent(%v, %v) = %v; want %v", tc.x, tc.y, got, tc.want)
		}
	}
}

func TestScalingChart(t *testing.T) {
	t.Parallel()
	svg := scalingChart([]float64{1000, 2000, 4000}, []float64{10, 21, 45}, []float64{500, 900, 1900})
	if err := xml.Unmarshal(svg, new(struct{})); err != nil {
		t.Fatalf("not XML: %v\n%s", err, svg)
	}
	for _, want := range []string{"<polyline", "wall time, s", "peak RSS, MB", ">4000<"} {
		if !strings.Contains(string(svg), want) {
			t.Errorf("chart lacks %s", want)
		}
	}
}
