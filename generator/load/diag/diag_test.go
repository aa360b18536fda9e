package diag

import (
	"fmt"
	"slices"
	"testing"
)

// TestMerge holds a merged list to the one that the same problems added
// in turn make: the same problems kept, the same counted past the limit,
// and the same warnings.
func TestMerge(t *testing.T) {
	for _, n := range [][2]int{{0, 3}, {5, 0}, {maxProblems - 2, 5}, {maxProblems + 3, 4}, {2, maxProblems + 7}} {
		var serial, first, second List
		add := func(l *List, file string, i int) {
			l.Add(At(file, i+1, 1), "problem %d", i)
			if i%2 == 0 {
				l.Warn(At(file, i+1, 1), "warning %d", i)
			}
		}
		for i := range n[0] {
			add(&serial, "a.csv", i)
			add(&first, "a.csv", i)
		}
		for i := range n[1] {
			add(&serial, "b.csv", i)
			add(&second, "b.csv", i)
		}
		first.Merge(&second)
		name := fmt.Sprintf("%d then %d", n[0], n[1])
		if first.Len() != serial.Len() {
			t.Errorf("%s: Len = %d; want %d", name, first.Len(), serial.Len())
		}
		if !slices.Equal(first.Problems(), serial.Problems()) {
			t.Errorf("%s: the merged list keeps other problems than the serial one", name)
		}
		if !slices.Equal(first.Warnings(), serial.Warnings()) {
			t.Errorf("%s: the merged list keeps other warnings than the serial one", name)
		}
	}
}
