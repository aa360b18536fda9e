package main

import (
	"math"
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
