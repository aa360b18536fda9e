package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/primed/primed/generator/load"
)

// TestWrite writes a small workload twice and checks that it is valid, the
// size asked for, and the same bytes both times.
func TestWrite(t *testing.T) {
	t.Parallel()
	s := size{units: 60, measures: 16, months: 14}
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for _, dir := range []string{a, b} {
		if err := write(dir, s); err != nil {
			t.Fatal(err)
		}
	}
	fsys, err := load.Dir(a)
	if err != nil {
		t.Fatal(err)
	}
	r, err := load.Report(fsys, load.Options{})
	if err != nil {
		t.Fatalf("the workload does not load: %v", err)
	}
	if len(r.Units) != s.units || len(r.Measures) != s.measures {
		t.Errorf("%d units and %d measures; want %d and %d", len(r.Units), len(r.Measures), s.units, s.measures)
	}
	levels := map[int]int{}
	for _, u := range r.Units {
		levels[u.LevelIndex]++
	}
	if len(levels) != 4 || levels[0] != 1 {
		t.Errorf("units by level = %v; want one at the top and four levels", levels)
	}
	periods := map[string]bool{}
	for o := range r.Data.All() {
		periods[o.Period.String()] = true
	}
	if len(periods) != s.months {
		t.Errorf("data for %d months; want %d", len(periods), s.months)
	}
	if len(r.Finance) == 0 || len(r.Work) == 0 || len(r.Actions) == 0 {
		t.Errorf("finance %d, work %d, actions %d rows; want some of each", len(r.Finance), len(r.Work), len(r.Actions))
	}
	err = filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		x, _ := os.ReadFile(p)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs (%v)", rel, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
