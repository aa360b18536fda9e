package generator_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/primed/primed/data"
	"github.com/primed/primed/generator"
	"github.com/primed/primed/generator/publish"
	"github.com/primed/primed/generator/report"
)

var update = flag.Bool("update", false, "rewrite the golden sites in testdata/sites/*/want")

// golden leaves out what the golden files would only repeat: the assets
// copied verbatim from templates/assets (their sums are in manifest.json)
// and latest/, which mirrors the snapshot. theme.css is made from
// primed.yaml, so it stays.
// goldenDay is the day the golden sites say they were built.
var goldenDay = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

func golden(name string) bool {
	copied := path.Base(path.Dir(name)) == "assets" && path.Base(name) != "theme.css"
	// The build cache's notes name primed's executable: they change with
	// every build of primed. The spare, like latest/, repeats the snapshot.
	return !copied && !strings.HasPrefix(name, "latest/") && !strings.HasPrefix(name, ".primed/cache/") &&
		!strings.HasPrefix(name, ".primed/spare/")
}

func all(string) bool { return true }

// readTree reads the files under dir that keep accepts, by slash path.
func readTree(t *testing.T, dir string, keep func(string) bool) map[string][]byte {
	t.Helper()
	files, err := readFiles(dir, keep)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func readFiles(dir string, keep func(string) bool) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if !keep(rel) {
			return nil
		}
		b, err := os.ReadFile(p)
		files[rel] = b
		return err
	})
	if err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	return files, nil
}

// TestGoldenSites builds each report in testdata/sites/*/report and
// compares every file with testdata/sites/*/want. A missing or extra file
// fails. Run with -update to rewrite want after a deliberate change.
func TestGoldenSites(t *testing.T) {
	t.Parallel()
	cases, _ := filepath.Glob("testdata/sites/*")
	if len(cases) == 0 {
		t.Fatal("no golden sites")
	}
	for _, dir := range cases {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			out := t.TempDir()
			_, err := generator.Build(context.Background(), generator.Config{
				Report: os.DirFS(filepath.Join(dir, "report")),
				Out:    out,
				Built:  goldenDay,
			})
			if err != nil {
				t.Fatal(err)
			}
			got := readTree(t, out, golden)
			wantDir := filepath.Join(dir, "want")
			if *update {
				os.RemoveAll(wantDir)
				for name, b := range got {
					p := filepath.Join(wantDir, filepath.FromSlash(name))
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, b, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			want := readTree(t, wantDir, golden)
			for name, b := range want {
				g, ok := got[name]
				switch {
				case !ok:
					t.Errorf("%s: missing from the build", name)
				case !bytes.Equal(g, b):
					t.Errorf("%s: differs from the golden file; diff it with %s (run go test -update after a deliberate change)", name, filepath.Join(wantDir, name))
				}
			}
			for name := range got {
				if _, ok := want[name]; !ok {
					t.Errorf("%s: built but not in the golden site", name)
				}
			}
		})
	}
}

// BenchmarkBuildSample builds the sample report: load, analyse, render and
// publish, into a fresh folder each time.
func BenchmarkBuildSample(b *testing.B) {
	dir := b.TempDir()
	for i := 0; b.Loop(); i++ {
		_, err := generator.Build(context.Background(), generator.Config{
			Report: data.Sample(),
			Out:    filepath.Join(dir, strconv.Itoa(i)),
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// A finance category of the data called "Total" is a line like any other,
// not taken for the total of the lines.
func TestCategoryCalledTotal(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "sites", "hostile", "report")
	fsys := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(filepath.Join(dir, p))
		fsys[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	fsys["finance/spend.csv"] = &fstest.MapFile{Data: []byte("period,unit,category,budget,actual\n2026-10,t1,Staff,100,90\n2026-10,t1,Total,50,60\n")}
	out := t.TempDir()
	if _, err := generator.Build(context.Background(), generator.Config{Report: fsys, Out: out}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, "2026-10", "board", "t1", "finance.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, line := range strings.Split(string(b), "\n")[1:] {
		if f := strings.Split(line, ","); len(f) > 4 {
			rows = append(rows, f[2]+" "+f[3]+" "+f[4])
		}
	}
	want := []string{"Staff 100.00 90.00", "Total 50.00 60.00", "Total 150.00 150.00"}
	if strings.Join(rows, "|") != strings.Join(want, "|") {
		t.Errorf("finance.csv rows = %q; want %q", rows, want)
	}
	// The page's table has the line and the total; its chart, the two lines.
	page, err := os.ReadFile(filepath.Join(out, "2026-10", "board", "t1", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(page), `<th scope="row">Total<`); n != 2 {
		t.Errorf("the finance table has %d rows headed Total; want 2, the line and the total", n)
	}
	if !strings.Contains(string(page), `"data":["Staff","Total"]`) {
		t.Error(`the finance chart does not show the category "Total"`)
	}
}

// TestArchiveStamps builds two months on two days, rebuilds the later one
// on a third after its narrative changed, and reads the archive page.
func TestArchiveStamps(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "report")
	if err := os.CopyFS(dir, data.Sample()); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	// Half past midnight in BST on the next day is day d in UTC, the
	// manifests' time.
	day := func(d int) time.Time { return time.Date(2026, 11, d+1, 0, 30, 0, 0, time.FixedZone("BST", 3600)) }
	build := func(period string, built time.Time, replace bool) {
		t.Helper()
		p, err := report.ParsePeriod(period)
		if err != nil {
			t.Fatal(err)
		}
		cfg := generator.Config{Dir: dir, Out: out, Period: p, Built: built, Replace: replace}
		if _, err := generator.Build(context.Background(), cfg); err != nil {
			t.Fatal(err)
		}
	}
	build("2026-09", day(2), false)
	build("2026-10", day(3), false)
	first, err := os.ReadFile(filepath.Join(out, "2026-10", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	build("2026-10", day(4), false) // nothing changed: keeps its stamp
	f, err := os.OpenFile(filepath.Join(dir, "narratives", "2026-10", "dols.md"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(f, "\nA correction.")
	f.Close()
	build("2026-10", day(5), true)

	page, err := os.ReadFile(filepath.Join(out, "archive", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(first)
	// The data runs to November 2026: the sample's work export
	// closes items into it, after the last month of figures.
	for _, want := range []string{
		`October 2026</a></th><td>5 November 2026</td><td>November 2026</td><td>Yes: this build replaced <code class="checksum">` + hex.EncodeToString(sum[:]) + `</code></td>`,
		`September 2026</a></th><td>2 November 2026</td><td>November 2026</td><td>No</td>`,
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("archive page lacks %q:\n%s", want, page)
		}
	}
}

// TestBuildCache checks that a rebuild from unchanged inputs does no work
// and writes nothing, and that any change to the inputs, or to what the
// site holds, makes it build in full.
func TestBuildCache(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "report")
	if err := os.CopyFS(dir, data.Sample()); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	build := func(replace bool) (res generator.Result, loaded bool) {
		t.Helper()
		cfg := generator.Config{Dir: dir, Out: out, Replace: replace, Built: goldenDay,
			Progress: func(step string) { loaded = loaded || step == "reading the report folder" }}
		res, err := generator.Build(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		return res, loaded
	}
	first, loaded := build(false)
	if !first.Changed || !loaded {
		t.Fatalf("first build: changed %v, loaded %v", first.Changed, loaded)
	}
	before := readTree(t, out, all)
	times := mtimes(t, out)

	again, loaded := build(false)
	if again.Changed || loaded {
		t.Errorf("rebuild from the same inputs: changed %v, loaded the inputs %v; want neither", again.Changed, loaded)
	}
	if again.Period != first.Period || again.Pages != first.Pages || again.Files != first.Files || again.Dir != first.Dir {
		t.Errorf("rebuild from the cache = %+v; want %+v but unchanged", again, first)
	}
	if diff := mtimesChanged(t, out, times); len(diff) > 0 {
		t.Errorf("rebuild from the same inputs touched %v", diff)
	}

	// The site changed under the note: the build does the work again.
	page := filepath.Join(out, "archive", "index.html")
	if err := os.WriteFile(page, []byte("edited by hand"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, loaded := build(false); !loaded {
		t.Error("a rebuild after archive/index.html was edited trusted the cache")
	}
	if got, _ := os.ReadFile(page); string(got) != string(before["archive/index.html"]) {
		t.Error("the full rebuild did not restore the archive page")
	}

	// An input changed: the build does the work, and changes the snapshot.
	measures := filepath.Join(dir, "data", "measures.csv")
	b, err := os.ReadFile(measures)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(measures, bytes.Replace(b, []byte(",north,waiting_assessment,43,"), []byte(",north,waiting_assessment,44,"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if res, loaded := build(true); !res.Changed || !loaded {
		t.Errorf("rebuild after the data changed: changed %v, loaded %v; want both", res.Changed, loaded)
	}
	if _, loaded := build(false); loaded {
		t.Error("the rebuild after that, from the same inputs, did the work again")
	}
}

// TestBuildCacheStats checks that a rebuild takes the sums of inputs
// whose stat is as the last build saw from that build's note, and that
// an input changed in place, to the same size and with its modification
// time put back, is still seen to have changed.
func TestBuildCacheStats(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "report")
	if err := os.CopyFS(dir, data.Sample()); err != nil {
		t.Fatal(err)
	}
	// A build keeps only the stats of inputs older than the filesystem
	// clock's tick, which may be up to two seconds.
	time.Sleep(2100 * time.Millisecond)
	out := filepath.Join(t.TempDir(), "site")
	// build reports whether the build loaded the inputs, which it does
	// when it finds them changed. Then, as the month is published, it
	// refuses to replace it.
	build := func() (loaded bool, err error) {
		cfg := generator.Config{Dir: dir, Out: out, Built: goldenDay,
			Progress: func(step string) { loaded = loaded || step == "reading the report folder" }}
		_, err = generator.Build(context.Background(), cfg)
		return loaded, err
	}
	if _, err := build(); err != nil {
		t.Fatal(err)
	}
	note := filepath.Join(out, ".primed", "cache", "inputs")
	text, err := os.ReadFile(note)
	if err != nil {
		t.Fatal(err)
	}
	const data = `"data/measures.csv"`
	if !bytes.Contains(text, []byte(data+"\n")) {
		t.Fatalf("the note of the inputs' stats does not name %s:\n%s", data, text)
	}
	if loaded, err := build(); loaded || err != nil {
		t.Errorf("a rebuild from the same inputs: loaded them %v, error %v", loaded, err)
	}

	// A false sum for data/measures.csv in the note makes the inputs look
	// changed: the sum came from the note, not the file.
	var lied []byte
	for line := range bytes.Lines(text) {
		if bytes.HasSuffix(line, []byte(data+"\n")) {
			line = append([]byte("00"), line[2:]...)
		}
		lied = append(lied, line...)
	}
	if err := os.WriteFile(note, lied, 0o644); err != nil {
		t.Fatal(err)
	}
	if loaded, err := build(); !loaded || err != nil {
		t.Errorf("a rebuild with a false sum in the note: loaded the inputs %v, error %v; want true, nil", loaded, err)
	}
	if loaded, err := build(); loaded || err != nil {
		t.Errorf("the rebuild after it: loaded the inputs %v, error %v; want the note mended", loaded, err)
	}

	measures := filepath.Join(dir, "data", "measures.csv")
	fi, err := os.Stat(measures)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(measures)
	if err != nil {
		t.Fatal(err)
	}
	edited := bytes.Replace(b, []byte(",north,waiting_assessment,43,"), []byte(",north,waiting_assessment,44,"), 1)
	if bytes.Equal(edited, b) {
		t.Fatal("the sample has no figure 43 for north's waiting_assessment")
	}
	if err := os.WriteFile(measures, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(measures, time.Time{}, fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if loaded, _ := build(); !loaded {
		t.Error("a rebuild after an input changed in place, its time put back, did not load it")
	}
}

// TestBuildCacheSettles checks that a build keeps the stats of inputs
// written just before it began once they are old enough by its end, as
// when a script writes the report folder and builds it straight away;
// and that an input changed while the build ran, after it was read, is
// built again by the next build.
func TestBuildCacheSettles(t *testing.T) {
	t.Parallel()
	for _, edit := range []bool{false, true} {
		dir := filepath.Join(t.TempDir(), "report")
		if err := os.CopyFS(dir, data.Sample()); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(t.TempDir(), "site")
		measures := filepath.Join(dir, "data", "measures.csv")
		b, err := os.ReadFile(measures)
		if err != nil {
			t.Fatal(err)
		}
		build := func(slow bool) (loaded bool, err error) {
			cfg := generator.Config{Dir: dir, Out: out, Built: goldenDay, Progress: func(step string) {
				loaded = loaded || step == "reading the report folder"
				if !slow || step != "analysing" {
					return
				}
				// Past the two seconds a stat must be old to be kept;
				// with edit, data/measures.csv changes meanwhile, once read.
				if edit {
					edited := bytes.Replace(b, []byte(",north,waiting_assessment,43,"), []byte(",north,waiting_assessment,44,"), 1)
					if err := os.WriteFile(measures, edited, 0o644); err != nil {
						t.Error(err)
					}
				}
				time.Sleep(2100 * time.Millisecond)
			}}
			_, err = generator.Build(context.Background(), cfg)
			return loaded, err
		}
		if _, err := build(true); err != nil {
			t.Fatal(err)
		}
		text, err := os.ReadFile(filepath.Join(out, ".primed", "cache", "inputs"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(text, []byte(`"org.yaml"`)) {
			t.Errorf("edit %v: the note of the inputs' stats names no input written just before the build:\n%s", edit, text)
		}
		loaded, _ := build(false)
		if loaded != edit {
			t.Errorf("edit %v: the build after it loaded the inputs %v; want %v", edit, loaded, edit)
		}
	}
}

// TestNarrativeAmend changes narratives and checks that the build puts
// them in place without loading the rest, writes the same bytes a full
// build would, and touches only the files that show them.
func TestNarrativeAmend(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "report")
	if err := os.CopyFS(dir, data.Sample()); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	build := func(out string, replace bool) (res generator.Result, loaded bool, err error) {
		t.Helper()
		cfg := generator.Config{Dir: dir, Out: out, Replace: replace, Built: goldenDay,
			Progress: func(step string) { loaded = loaded || step == "reading the report folder" }}
		res, err = generator.Build(context.Background(), cfg)
		return res, loaded, err
	}
	if _, _, err := build(out, false); err != nil {
		t.Fatal(err)
	}
	times := mtimes(t, out)
	edit := func(unit, text string) {
		t.Helper()
		f, err := os.OpenFile(filepath.Join(dir, "narratives", "2026-10", unit+".md"), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(f, text)
		f.Close()
	}
	edit("dols", "\nA late correction, with *emphasis* & <b>markup</b>.")
	edit("north", "\n- one more point")

	// Without --replace it is refused, as a full build of a changed month is.
	if _, _, err := build(out, false); !errors.Is(err, publish.ErrPublished) {
		t.Errorf("rebuild of changed narratives without --replace: %v; want ErrPublished", err)
	}
	res, loaded, err := build(out, true)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Changed || loaded || res.Pages == 0 {
		t.Errorf("rebuild after narratives changed: %+v, loaded the inputs %v; want changed, not loaded", res, loaded)
	}
	changed := mtimesChanged(t, out, times)
	slices.Sort(changed)
	var rel []string
	for _, p := range changed {
		r, _ := filepath.Rel(out, p)
		rel = append(rel, filepath.ToSlash(r))
	}
	want := []string{
		"2026-10/adult-social-care/localities/north/index.html",
		"2026-10/adult-social-care/safeguarding/dols/index.html",
		"2026-10/manifest.json",
		"archive/index.html",
		"latest/adult-social-care/localities/north/index.html",
		"latest/adult-social-care/safeguarding/dols/index.html",
		"latest/manifest.json",
	}
	if !slices.Equal(rel, want) {
		t.Errorf("files touched: %q; want %q", rel, want)
	}

	// The same bytes as a build from scratch of the same inputs.
	fresh := filepath.Join(t.TempDir(), "fresh")
	if _, _, err := build(fresh, false); err != nil {
		t.Fatal(err)
	}
	got, full := readTree(t, filepath.Join(out, "2026-10"), all), readTree(t, filepath.Join(fresh, "2026-10"), all)
	for name, b := range full {
		if name == "manifest.json" {
			continue // its stamp says it replaced a snapshot
		}
		if !bytes.Equal(got[name], b) {
			t.Errorf("%s differs from a full build's", name)
		}
	}
	if len(got) != len(full) {
		t.Errorf("%d files; a full build writes %d", len(got), len(full))
	}
	if v, err := publish.Verify(out); err != nil || len(v) > 0 {
		t.Errorf("verify after the amend: %v %v", v, err)
	}

	// A narrative for a unit that had none needs the page built in full.
	if err := os.WriteFile(filepath.Join(dir, "narratives", "2026-10", "south.md"), []byte("South's first commentary.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, loaded, err := build(out, true); err != nil || !loaded {
		t.Errorf("rebuild after a narrative was added: loaded %v, %v; want a full build", loaded, err)
	}
}

func mtimes(t *testing.T, dir string) map[string]time.Time {
	t.Helper()
	m := map[string]time.Time{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		m[p] = info.ModTime()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// mtimesChanged lists the files under dir, outside .primed/, whose time
// differs from before, or that came or went.
func mtimesChanged(t *testing.T, dir string, before map[string]time.Time) []string {
	t.Helper()
	var changed []string
	now := mtimes(t, dir)
	for p, tm := range now {
		if was, ok := before[p]; (!ok || !was.Equal(tm)) && !strings.Contains(p, ".primed") {
			changed = append(changed, p)
		}
	}
	for p := range before {
		if _, ok := now[p]; !ok && !strings.Contains(p, ".primed") {
			changed = append(changed, p)
		}
	}
	return changed
}
