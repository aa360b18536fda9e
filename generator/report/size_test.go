package report

import (
	"testing"
	"unsafe"
)

// A report of 8,000 units holds 19 million figures: each byte of a Row
// is 19 MB of a build's memory.
func TestRowSize(t *testing.T) {
	if n := unsafe.Sizeof(Row{}); n != 40 {
		t.Errorf("Row is %d bytes; want 40", n)
	}
}
