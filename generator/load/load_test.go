package load_test

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/primed/primed/generator/load"
	"github.com/primed/primed/generator/load/diag"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/check/*.txtar")

// folder lays the files of the archive at name over testdata/base.txtar.
func folder(t *testing.T, name string) (fstest.MapFS, *txtar.Archive) {
	t.Helper()
	base, err := txtar.ParseFile("testdata/base.txtar")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range base.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	if name == "" {
		return fsys, nil
	}
	a, err := txtar.ParseFile(name)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range a.Files {
		if f.Name == "want" {
			continue
		}
		if strings.TrimSpace(string(f.Data)) == "(deleted)" {
			delete(fsys, f.Name)
			continue
		}
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys, a
}

func TestBaseIsValid(t *testing.T) {
	fsys, _ := folder(t, "")
	r, err := load.Report(fsys, load.Options{})
	if err != nil {
		t.Fatalf("Report(base) = %v; want no problems", err)
	}
	if got, want := len(r.Units), 4; got != want {
		t.Errorf("len(Units) = %d; want %d", got, want)
	}
	if got, want := r.Data.Len(), 8; got != want {
		t.Errorf("len(Data) = %d; want %d", got, want)
	}
	// A ratio given by its parts takes its value from them.
	for o := range r.Data.All() {
		if o.Unit.ID == "b" && o.Measure.ID == "timely" && o.Period.String() == "2026-10" {
			if o.Value != 80 || o.Numerator != 4 || o.Denominator != 5 {
				t.Errorf("b timely 2026-10 = %v (%v/%v); want 80 (4/5)", o.Value, o.Numerator, o.Denominator)
			}
		}
	}
	// Finance reads thousands separators, pound signs and bracketed negatives.
	if len(r.Finance) != 2 {
		t.Fatalf("len(Finance) = %d; want 2", len(r.Finance))
	}
	a, b := r.Finance[0], r.Finance[1]
	if a.Budget != 1000 || a.Actual != 950.5 || a.Forecast == nil || *a.Forecast != 11400 {
		t.Errorf("finance a = %+v; want budget 1000, actual 950.5, forecast 11400", a)
	}
	if b.Actual != -20 || b.Forecast != nil {
		t.Errorf("finance b = %+v; want actual -20 and no forecast", b)
	}
	if n := r.Narratives; len(n) != 1 || n[0].Headline != "All fine." || !strings.HasPrefix(string(n[0].Body), "Team A had") {
		t.Errorf("Narratives = %+v; want one with headline and body", n)
	}
}

// TestCheck runs every case in testdata/check and compares the problems
// found, in order, with the case's want section.
func TestCheck(t *testing.T) {
	cases, err := filepath.Glob("testdata/check/*.txtar")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, name := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txtar"), func(t *testing.T) {
			fsys, a := folder(t, name)
			_, err := load.Report(fsys, load.Options{})
			got := ""
			if err != nil {
				got = err.Error() + "\n"
			}
			if *update {
				rewriteWant(t, name, a, got)
				return
			}
			var want string
			for _, f := range a.Files {
				if f.Name == "want" {
					want = string(f.Data)
				}
			}
			if got != want {
				t.Errorf("problems:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func rewriteWant(t *testing.T, name string, a *txtar.Archive, got string) {
	t.Helper()
	found := false
	for i := range a.Files {
		if a.Files[i].Name == "want" {
			a.Files[i].Data, found = []byte(got), true
		}
	}
	if !found {
		a.Files = append(a.Files, txtar.File{Name: "want", Data: []byte(got)})
	}
	if err := os.WriteFile(name, txtar.Format(a), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A target's from and to may name a financial year or quarter: from
// takes its first month, to its last.
func TestTargetPeriods(t *testing.T) {
	fsys, _ := folder(t, "")
	fsys["targets.yaml"] = &fstest.MapFile{Data: []byte("- {measure: waiting, target: 1, from: 2023-24, to: 2024-25 Q2}\n- {measure: waiting, target: 2, from: 2026-10, to: 2026-10}\n")}
	r, err := load.Report(fsys, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tg := range r.Targets {
		got = append(got, tg.Range.From.String()+" "+tg.Range.To.String())
	}
	if want := []string{"2023-04 2024-09", "2026-10 2026-10"}; !slices.Equal(got, want) {
		t.Errorf("target ranges %q; want %q", got, want)
	}
}

// Data files are read at once, but a duplicate figure is one of the
// figure first read as if the files were read one by one, in name order:
// "first at" names the earliest file, batch after batch, and the problems
// come out the same on every run.
func TestDataFilesInOrder(t *testing.T) {
	fsys, _ := folder(t, "")
	delete(fsys, "data/figures.csv")
	var rows []string
	for y := 2000; y < 2500; y++ {
		for m := 1; m <= 12; m++ {
			rows = append(rows, fmt.Sprintf("%04d-%02d,a,waiting,%d\n", y, m, m))
		}
	}
	file := func(rows []string, bad string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("period,unit,measure,value\n" + strings.Join(rows, "") + bad)}
	}
	fsys["data/1.csv"] = file(rows, "")
	fsys["data/2.csv"] = file(rows, "2026-10,b,waiting,lots\n")    // every row again, and a bad value
	fsys["data/3.csv"] = file(rows[:100], "2026-10,b,waiting,x\n") // the first rows a third time
	var first string
	for run := range 3 {
		_, err := load.Report(fsys, load.Options{})
		var ps diag.Problems
		if !errors.As(err, &ps) {
			t.Fatalf("Report = %v; want problems", err)
		}
		dups := map[string]int{}
		for _, p := range ps {
			switch {
			case strings.Contains(p.Msg, "duplicate figure"):
				if !strings.Contains(p.Msg, "(first at data/1.csv:") {
					t.Fatalf("%s: %s; want the first at data/1.csv", p.Pos, p.Msg)
				}
				dups[p.Pos.File]++
			case p.Pos.File != "data/2.csv" && p.Pos.File != "data/3.csv":
				t.Errorf("unexpected problem %s", p)
			}
		}
		if dups["data/2.csv"] != len(rows) || dups["data/3.csv"] != 100 {
			t.Errorf("duplicates by file = %v; want %d in data/2.csv and 100 in data/3.csv", dups, len(rows))
		}
		if run == 0 {
			first = ps.Error()
		} else if ps.Error() != first {
			t.Errorf("run %d listed other problems than run 0", run)
		}
	}
}
