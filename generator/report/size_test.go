package report

import (
	"testing"
	"unsafe"
)

// A report of 8,000 units holds 19 million figures: each byte of an
// Observation is 19 MB of a build's memory.
func TestObservationSize(t *testing.T) {
	if n := unsafe.Sizeof(Observation{}); n != 48 {
		t.Errorf("Observation is %d bytes; want 48", n)
	}
}
