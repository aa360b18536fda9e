package render

import (
	"bytes"
	"errors"
	"fmt"
	"sync"
	"testing"
)

func TestInOrder(t *testing.T) {
	for _, order := range [][]int{
		{0, 1, 2, 3},
		{3, 2, 1, 0},
		{1, 0, 3, 2},
		{2, 0, 3, 1},
	} {
		var out bytes.Buffer
		o := newInOrder(&out)
		part := make([]byte, 0, 8)
		for _, i := range order {
			part = fmt.Appendf(part[:0], "<%d>", i)
			o.put(i, part) // the same buffer each time: put must not keep it
		}
		if got, want := out.String(), "<0><1><2><3>"; got != want {
			t.Errorf("parts put in the order %v: wrote %q, want %q", order, got, want)
		}
		if len(o.early) != 0 {
			t.Errorf("parts put in the order %v: %d still held", order, len(o.early))
		}
	}
}

func TestInOrderConcurrent(t *testing.T) {
	var out bytes.Buffer
	o := newInOrder(&out)
	var want bytes.Buffer
	var wg sync.WaitGroup
	for i := range 200 {
		fmt.Fprintf(&want, "%d,", i)
		wg.Go(func() { o.put(i, fmt.Appendf(nil, "%d,", i)) })
	}
	wg.Wait()
	if out.String() != want.String() {
		t.Errorf("wrote %q, want %q", out.String(), want.String())
	}
}

// failAfter takes n writes and fails the rest.
type failAfter struct {
	n      int
	writes [][]byte
}

var errFull = errors.New("disk full")

func (f *failAfter) Write(b []byte) (int, error) {
	if len(f.writes) == f.n {
		return 0, errFull
	}
	f.writes = append(f.writes, bytes.Clone(b))
	return len(b), nil
}

func TestInOrderStopsAtError(t *testing.T) {
	w := &failAfter{n: 1}
	o := newInOrder(w)
	o.put(2, []byte("c"))
	o.put(0, []byte("a"))
	o.put(1, []byte("b")) // fails, and c is not written after it
	o.put(3, []byte("d"))
	if !errors.Is(o.err, errFull) {
		t.Errorf("err = %v, want %v", o.err, errFull)
	}
	if len(w.writes) != 1 || string(w.writes[0]) != "a" {
		t.Errorf("wrote %q, want only \"a\"", w.writes)
	}
}
