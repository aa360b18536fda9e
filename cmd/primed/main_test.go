package main

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// primed runs the command line and returns its exit status and output.
func primed(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// tree reads every file under dir.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// smallReport copies a small report, the hostile golden report of the
// generator's tests, into a folder of its own, for tests that build a site
// many times and need no more than a few units.
func smallReport(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "small")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "generator", "testdata", "sites", "hostile", "report"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestBuildSample(t *testing.T) {
	out, stdout := sampleSite(t)
	if !strings.Contains(stdout, "built October 2026") {
		t.Errorf("stdout = %q; want it to say what was built", stdout)
	}
	files := tree(t, out)
	for _, want := range []string{
		"index.html", "archive/index.html", "latest/index.html",
		"2026-10/index.html", "2026-10/manifest.json", "2026-10/figures.csv",
		"2026-10/actions/index.html", "2026-10/assets/echarts.min.js", "2026-10/assets/primed.js",
		"2026-10/adult-social-care/index.html",
		"2026-10/adult-social-care/localities/north/index.html",
		"2026-10/adult-social-care/specialist/transitions/index.html",
	} {
		if _, ok := files[want]; !ok {
			t.Errorf("build wrote no %s", want)
		}
	}
	// latest/ mirrors the snapshot byte for byte.
	for name, b := range files {
		if rest, ok := strings.CutPrefix(name, "2026-10/"); ok && !bytes.Equal(files["latest/"+rest], b) {
			t.Errorf("latest/%s differs from 2026-10/%s", rest, rest)
		}
	}
	// Building again changes nothing.
	code, stdout, _ := primed(t, "build", "--out", out)
	if code != 0 || !strings.Contains(stdout, "unchanged") {
		t.Errorf("second build = %d, %q; want 0 and unchanged", code, stdout)
	}
}

// TestDeterministic builds the sample again, into a folder with another
// name, and requires output byte-identical to the first build's.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	a, _ := sampleSite(t)
	b := filepath.Join(t.TempDir(), "two")
	if code, _, stderr := primed(t, "build", "--out", b); code != 0 {
		t.Fatalf("build %s: %s", b, stderr)
	}
	ta, tb := tree(t, a), tree(t, b)
	if len(ta) != len(tb) {
		t.Fatalf("builds wrote %d and %d files", len(ta), len(tb))
	}
	for name, data := range ta {
		if !bytes.Equal(data, tb[name]) {
			t.Errorf("%s differs between two builds of the same input", name)
		}
	}
}

func TestNewThenBuild(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "my report")
	if code, _, stderr := primed(t, "new", dir); code != 0 {
		t.Fatalf("primed new: %s", stderr)
	}
	if code, _, stderr := primed(t, "new", dir); code != 1 || !strings.Contains(stderr, "not empty") {
		t.Errorf("primed new on a used folder = %d, %q; want 1 and not empty", code, stderr)
	}
	out := filepath.Join(t.TempDir(), "out")
	// Flags after the folder, as people type them.
	if code, _, stderr := primed(t, "build", dir, "--out", out, "--period", "2026-06"); code != 0 {
		t.Fatalf("primed build: %s", stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "2026-06", "adult-social-care", "index.html")); err != nil {
		t.Error(err)
	}
}

// TestWarning builds a report whose payments file has a grand total row:
// the build succeeds, and says on stderr where the row is and what to do.
func TestWarning(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "report")
	if code, _, stderr := primed(t, "new", dir); code != 0 {
		t.Fatalf("primed new: %s", stderr)
	}
	decl := "\nsources:\n  - {files: raw/pay.csv, into: finance, shape: transactions, period: 2026-10, unit: {value: north}, category: Type, actual: Amount}\n"
	f, err := os.OpenFile(filepath.Join(dir, "primed.yaml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(decl)
	f.Close()
	os.Mkdir(filepath.Join(dir, "raw"), 0o755)
	os.WriteFile(filepath.Join(dir, "raw", "pay.csv"), []byte("Type,Amount\nAgency,10\nTravel,5\nGrand Total,15\n"), 0o644)
	code, _, stderr := primed(t, "build", dir, "--out", filepath.Join(t.TempDir(), "site"))
	want := `warning: raw/pay.csv:4:1: the row "Grand Total" looks like a total`
	if code != 0 || !strings.Contains(stderr, want) {
		t.Errorf("primed build = %d, stderr %q; want 0 and %q", code, stderr, want)
	}
}

// position finds the line and column (from 1) of the first s in text.
func position(t *testing.T, text, s string) (line, col int) {
	t.Helper()
	i := strings.Index(text, s)
	if i < 0 {
		t.Fatalf("%q not found", s)
	}
	line = strings.Count(text[:i], "\n") + 1
	return line, i - strings.LastIndex(text[:i], "\n")
}

func edit(t *testing.T, name, old, new string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q", name, old)
	}
	s := strings.Replace(string(b), old, new, 1)
	if err := os.WriteFile(name, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestFiveFaults puts five faults in a copy of the sample: check must list
// all five with their positions, and build must leave the site untouched.
func TestFiveFaults(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if code, _, stderr := primed(t, "new", dir); code != 0 {
		t.Fatal(stderr)
	}
	data := filepath.Join(dir, "data", "measures.csv")
	row := "2026-10,north,complaints,"
	csv := edit(t, data, row, "2026-10,north,complaintz,")
	l1, _ := position(t, csv, "2026-10,north,complaintz,")
	csv = edit(t, data, "2026-10,north,new_contacts,", "2026-10,north,new_contacts,1O")
	l2, _ := position(t, csv, "2026-10,north,new_contacts,1O")
	csv = edit(t, data, "2026-09,south,waiting_assessment,", "2026-09,south,waiting_assessment,31,,\n2026-09,south,waiting_assessment,")
	l3, _ := position(t, csv, "2026-09,south,waiting_assessment,")
	measures := edit(t, filepath.Join(dir, "measures.yaml"), "  decimals: 1\n", "  decimal: 1\n")
	l4, c4 := position(t, measures, "decimal: 1")
	org := edit(t, filepath.Join(dir, "org.yaml"), "parent: safeguarding\n", "parent: safeguardng\n")
	l5, c5 := position(t, org, "safeguardng")

	want := []string{
		fmt.Sprintf("data/measures.csv:%d:28: expected a number, found", l2),
		fmt.Sprintf("data/measures.csv:%d:15: unknown measure \"complaintz\"", l1),
		fmt.Sprintf("data/measures.csv:%d:1: duplicate figure for 2026-09, south, waiting_assessment (first at data/measures.csv:%d:1)", l3+1, l3),
		fmt.Sprintf("measures.yaml:%d:%d: unknown key \"decimal\"", l4, c4),
		fmt.Sprintf("org.yaml:%d:%d: unknown parent unit \"safeguardng\"", l5, c5),
	}
	code, _, stderr := primed(t, "check", dir)
	if code != 1 {
		t.Errorf("primed check = %d; want 1", code)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if len(lines) != len(want)+1 {
		t.Errorf("primed check printed %d lines; want %d problems and a count:\n%s", len(lines), len(want), stderr)
	}
	for i, w := range want {
		if i >= len(lines) || !strings.HasPrefix(lines[i], w) {
			t.Errorf("problem %d: want %q, in\n%s", i+1, w, stderr)
		}
	}

	// A build with problems leaves the site exactly as it was.
	out := t.TempDir()
	if code, _, stderr := primed(t, "build", smallReport(t), "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	before := tree(t, out)
	if code, _, _ := primed(t, "build", dir, "--out", out); code != 1 {
		t.Errorf("primed build with problems = %d; want 1", code)
	}
	after := tree(t, out)
	if len(before) != len(after) {
		t.Errorf("failed build changed the number of files from %d to %d", len(before), len(after))
	}
	for name, b := range before {
		if !bytes.Equal(b, after[name]) {
			t.Errorf("failed build changed %s", name)
		}
	}
}

func TestPublishedSnapshotIsNotRewritten(t *testing.T) {
	t.Parallel()
	dir, out := smallReport(t), t.TempDir()
	if code, _, stderr := primed(t, "build", dir, "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	edit(t, filepath.Join(dir, "primed.yaml"), `title: "Hostile <Report> & \"Co\""`, "title: Another title")
	code, _, stderr := primed(t, "build", dir, "--out", out)
	if code != 1 || !strings.Contains(stderr, "--replace") {
		t.Errorf("rebuild of a published month = %d, %q; want 1 and a hint to use --replace", code, stderr)
	}
	if code, _, stderr := primed(t, "build", dir, "--out", out, "--replace"); code != 0 {
		t.Errorf("rebuild with --replace = %d: %s", code, stderr)
	}
	b, _ := os.ReadFile(filepath.Join(out, "2026-10", "index.html"))
	if !strings.Contains(string(b), "Another title") {
		t.Error("--replace did not rewrite the snapshot")
	}
}

func TestCommandLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{nil, 1, "", "Usage"},
		{[]string{"help"}, 0, "Commands", ""},
		{[]string{"build", "--help"}, 0, "--period", ""},
		{[]string{"check", "-h"}, 0, "Usage: primed check", ""},
		{[]string{"new", "--help"}, 0, "Usage: primed new", ""},
		{[]string{"serve", "report", "--help"}, 0, "Usage: primed serve", ""},
		{[]string{"--version"}, 0, "primed ", ""},
		{[]string{"version"}, 0, "go1.", ""},
		{[]string{"frobnicate"}, 1, "", `unknown command "frobnicate"`},
		{[]string{"build", "--period", "October"}, 1, "", "not YYYY-MM"},
		{[]string{"build", "--nope"}, 1, "", "flag provided but not defined"},
		{[]string{"check"}, 0, "no problems", ""},
		{[]string{"check", "a", "b"}, 1, "", "too many arguments"},
		{[]string{"check", "/nonexistent/folder"}, 1, "", "cannot open the report folder: open /nonexistent/folder: no such file or directory"},
		{[]string{"new"}, 1, "", "Usage: primed new"},
		{[]string{"verify"}, 1, "", "Usage: primed verify"},
		{[]string{"verify", "--help"}, 0, "Usage: primed verify", ""},
		{[]string{"verify", "/nonexistent/site"}, 1, "", "holds no snapshots"},
		{[]string{"build", "--max-file-size", "lots"}, 1, "", `expected a size such as 512MB, found "lots"`},
	}
	for _, tt := range tests {
		code, stdout, stderr := primed(t, tt.args...)
		quiet := tt.stderr != "" || stderr == "" // help and version print nothing to stderr
		if code != tt.code || !strings.Contains(stdout, tt.stdout) || !strings.Contains(stderr, tt.stderr) || !quiet {
			t.Errorf("primed %s = %d\nstdout: %s\nstderr: %s\nwant %d, stdout with %q, stderr with %q",
				strings.Join(tt.args, " "), code, stdout, stderr, tt.code, tt.stdout, tt.stderr)
		}
	}
}

// TestNoWorkItemPublished builds the sample and searches every file of the
// site for every work item id in the extract: only aggregates may appear.
func TestNoWorkItemPublished(t *testing.T) {
	t.Parallel()
	extract, err := os.ReadFile(filepath.Join("..", "..", "data", "sample", "work", "cases.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, line := range strings.Split(string(extract), "\n")[1:] {
		if id, _, ok := strings.Cut(line, ","); ok {
			ids = append(ids, id)
		}
	}
	if len(ids) < 1000 {
		t.Fatalf("only %d work items in the sample", len(ids))
	}
	out, _ := sampleSite(t)
	// One pass over each file: every place where an id could start (its
	// first two bytes begin some id) is looked up among the ids of each
	// length.
	byLen := map[int]map[string]bool{}
	starts := map[string]bool{}
	for _, id := range ids {
		if byLen[len(id)] == nil {
			byLen[len(id)] = map[string]bool{}
		}
		byLen[len(id)][id] = true
		starts[id[:2]] = true
	}
	files := tree(t, out)
	for name, b := range files {
		for i := 0; i+2 <= len(b); i++ {
			if !starts[string(b[i:i+2])] {
				continue
			}
			for n, set := range byLen {
				if i+n <= len(b) && set[string(b[i:i+n])] {
					t.Errorf("%s contains work item %s", name, b[i:i+n])
				}
			}
		}
	}
	// The check can fail: the ids are searched for, and the extract's
	// totals are published.
	if !bytes.Contains(files["2026-10/figures.csv"], []byte("care_act_assessment_outstanding")) {
		t.Error("figures.csv has no figures derived from the work extract")
	}
}

// The site folder is primed's alone: a folder of someone's files is
// refused before anything is written, the report folder and the site may
// not hold each other, and verify names a file changed by hand.
func TestSiteFolder(t *testing.T) {
	t.Parallel()
	report := filepath.Join(t.TempDir(), "report")
	if code, _, stderr := primed(t, "new", report); code != 0 {
		t.Fatal(stderr)
	}
	mine := t.TempDir()
	os.WriteFile(filepath.Join(mine, "minutes.docx"), []byte("minutes"), 0o644)
	os.WriteFile(filepath.Join(mine, "index.html"), []byte("my page"), 0o644)
	before := tree(t, mine)
	tests := []struct {
		args   []string
		stderr string
	}{
		{[]string{"build", report, "--out", mine}, `holds files that primed did not write ("index.html", "minutes.docx")`},
		{[]string{"build", report, "--out", filepath.Join(report, "narratives")}, "is inside the report folder"},
		{[]string{"build", report, "--out", report}, "is inside the report folder"},
		{[]string{"build", report, "--out", filepath.Dir(report)}, "the report folder " + report + " is inside the site folder"},
	}
	for _, tt := range tests {
		code, _, stderr := primed(t, tt.args...)
		if code != 1 || !strings.Contains(stderr, tt.stderr) {
			t.Errorf("primed %s = %d, %s; want 1 and %q", strings.Join(tt.args, " "), code, stderr, tt.stderr)
		}
	}
	if diff := cmp.Diff(before, tree(t, mine)); diff != "" {
		t.Errorf("a refused build changed the folder (-before +after):\n%s", diff)
	}
	if n := len(tree(t, filepath.Join(report, "narratives"))); n != 13 {
		t.Errorf("the report's narratives now hold %d files; want the 13 it had", n)
	}

	site := filepath.Join(t.TempDir(), "site")
	if code, _, stderr := primed(t, "build", smallReport(t), "--out", site); code != 0 {
		t.Fatal(stderr)
	}
	if code, stdout, stderr := primed(t, "verify", site); code != 0 || !strings.Contains(stdout, "1 snapshot verified") {
		t.Errorf("primed verify = %d, %q, %q; want 0 and verified", code, stdout, stderr)
	}
	page := filepath.Join(site, "2026-10", "board", "index.html")
	os.WriteFile(page, []byte("edited"), 0o644)
	code, _, stderr := primed(t, "verify", site)
	if code != 1 || !strings.Contains(stderr, page+": changed") {
		t.Errorf("primed verify after an edit = %d, %q; want 1 naming %s", code, stderr, page)
	}
}

// Two builds into one site at once: one builds, the other is refused
// at once, and the site verifies.
func TestConcurrentBuilds(t *testing.T) {
	t.Parallel()
	report, out := smallReport(t), filepath.Join(t.TempDir(), "site")
	codes := make(chan string, 2)
	for range 2 {
		go func() {
			var o, e bytes.Buffer
			code := run(context.Background(), []string{"build", report, "--out", out}, &o, &e)
			codes <- fmt.Sprintf("%d %s", code, e.String())
		}()
	}
	got := []string{<-codes, <-codes}
	ok := 0
	for _, g := range got {
		switch {
		case strings.HasPrefix(g, "0 "):
			ok++
		case !strings.Contains(g, "another build is running in this site folder (pid"):
			t.Errorf("a concurrent build said %q", g)
		}
	}
	if ok == 0 {
		t.Errorf("no build succeeded: %q", got)
	}
	if code, _, stderr := primed(t, "verify", out); code != 0 {
		t.Errorf("verify after concurrent builds: %s", stderr)
	}
}

// Past 200 problems, a run lists 200 and counts the rest; and nothing it
// prints can act on a terminal.
func TestManyProblems(t *testing.T) {
	t.Parallel()
	report := filepath.Join(t.TempDir(), "report")
	if code, _, stderr := primed(t, "new", report); code != 0 {
		t.Fatal(stderr)
	}
	var b strings.Builder
	b.WriteString("period,unit,measure,value\n")
	for i := range 300 {
		fmt.Fprintf(&b, "2026-%02d,north,new_contacts,x%d\u202e\n", i%12+1, i)
	}
	os.WriteFile(filepath.Join(report, "data", "bad.csv"), []byte(b.String()), 0o644)
	code, _, stderr := primed(t, "check", report)
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if code != 1 || len(lines) != 202 || lines[200] != "… and 100 more" || lines[201] != "primed: 300 problems found" {
		t.Errorf("check = %d with %d lines ending %q; want 200 problems, a count and a total", code, len(lines), lines[len(lines)-2:])
	}
	if strings.ContainsRune(stderr, '\u202e') {
		t.Error("a right-to-left override reached the terminal")
	}
}

// hostileReport copies generator/testdata/hostile, whose every text field
// carries script and other hostile strings, and adds a unit whose name
// and an action whose text are a megabyte of them.
func hostileReport(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "hostile")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "generator", "testdata", "hostile"))); err != nil {
		t.Fatal(err)
	}
	const payload = `</script><script>window.__pwned="big"</script><img src=x onerror=window.__pwned=1>"'>{{.}} =SUM(1) \u202e `
	big := strings.Repeat(payload, (1<<20)/len(payload)+1)
	appendTo := func(name, text string) {
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteString(text); err != nil {
			t.Fatal(err)
		}
	}
	appendTo("org.yaml", "  - id: t3\n    level: team\n    parent: board\n    name: |-\n      "+big+"\n")
	appendTo("actions.yaml", "- id: A3\n  unit: t3\n  meeting: Board\n  raised: 2026-09-01\n  owner: Ann\n  status: open\n  text: |-\n    "+big+"\n")
	return dir
}

// TestHostileBuild builds the hostile report, megabyte strings and all:
// it builds, and every page escapes them (checked in a browser by the
// browser suite, and structurally by the generator's TestPages).
func TestHostileBuild(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "site")
	if code, _, stderr := primed(t, "build", hostileReport(t), "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	page, err := os.ReadFile(filepath.Join(out, "2026-10", "board", "t3", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(page, []byte("<script>window.__pwned")) || bytes.Contains(page, []byte("<img src=x")) {
		t.Error("the megabyte name reached the page unescaped")
	}
	if !bytes.Contains(page, []byte("&lt;/script&gt;&lt;script&gt;window.__pwned=&#34;big&#34;")) {
		t.Error("the megabyte name is not on its page, escaped")
	}
}

// TestPublish copies the sample's site to another folder twice: the second
// time nothing is written, and both copies verify.
func TestPublish(t *testing.T) {
	t.Parallel()
	site, _ := sampleSite(t)
	dest := filepath.Join(t.TempDir(), "www")
	code, stdout, stderr := primed(t, "publish", site, dest)
	if code != 0 || !strings.Contains(stdout, "changed 2026-10") {
		t.Fatalf("publish = %d, %q, %q; want 2026-10 changed", code, stdout, stderr)
	}
	want, got := tree(t, filepath.Join(site, "latest")), tree(t, filepath.Join(dest, "latest"))
	for name, b := range want {
		if !bytes.Equal(b, got[name]) {
			t.Errorf("the published latest/%s differs from the site's", name)
		}
	}
	if len(got) != len(want) {
		t.Errorf("the published latest/ holds %d files; the site's %d", len(got), len(want))
	}
	times := func() map[string]string {
		m := map[string]string{}
		filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				fi, _ := d.Info()
				m[p] = fi.ModTime().String()
			}
			return err
		})
		return m
	}
	before := times()
	if code, stdout, _ := primed(t, "publish", site, dest); code != 0 || !strings.Contains(stdout, "nothing changed") {
		t.Errorf("second publish = %d, %q; want nothing changed", code, stdout)
	}
	if diff := cmp.Diff(before, times()); diff != "" {
		t.Errorf("an unchanged publish touched files:\n%s", diff)
	}
	if code, _, stderr := primed(t, "verify", dest); code != 0 {
		t.Errorf("verify of the published copy = %d: %s", code, stderr)
	}
	if code, _, stderr := primed(t, "publish", site); code != 1 || !strings.Contains(stderr, "Usage: primed publish") {
		t.Errorf("publish without DEST = %d, %q; want usage", code, stderr)
	}
}

func TestArchiveCommand(t *testing.T) {
	t.Parallel()
	site, _ := sampleSite(t)
	name := filepath.Join(t.TempDir(), "october.zip")
	code, stdout, stderr := primed(t, "archive", site, "2026-10", "--out", name)
	if code != 0 || !strings.Contains(stdout, "archived 2026-10") {
		t.Fatalf("archive = %d, %q, %q", code, stdout, stderr)
	}
	z, err := zip.OpenReader(name)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	want := tree(t, filepath.Join(site, "2026-10"))
	got := map[string]bool{}
	for _, f := range z.File {
		if !strings.HasSuffix(f.Name, "/") {
			got[strings.TrimPrefix(f.Name, "2026-10/")] = true
		}
	}
	for p := range want {
		if !got[p] {
			t.Errorf("the archive lacks %s", p)
		}
	}
	if len(got) != len(want) {
		t.Errorf("the archive holds %d files; the snapshot %d", len(got), len(want))
	}
	if code, _, stderr := primed(t, "archive", site, "2026-10", "--out", name); code != 1 || !strings.Contains(stderr, "exists") {
		t.Errorf("archive over an existing file = %d, %q; want a refusal", code, stderr)
	}
}

// TestSourceDateEpoch sets the build's date, as reproducible builds do. It
// cannot run in parallel: it sets the environment.
func TestSourceDateEpoch(t *testing.T) {
	dir := smallReport(t)
	out := filepath.Join(t.TempDir(), "site")
	t.Setenv("SOURCE_DATE_EPOCH", "1793491200") // 2026-11-01T00:00:00Z
	if code, _, stderr := primed(t, "build", dir, "--out", out); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	b, err := os.ReadFile(filepath.Join(out, "2026-10", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"built": "2026-11-01",`) {
		t.Errorf("manifest.json does not say it was built on 2026-11-01:\n%.200s", b)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "yesterday")
	if code, _, stderr := primed(t, "build", dir, "--out", out); code != 1 || !strings.Contains(stderr, `SOURCE_DATE_EPOCH="yesterday": expected whole seconds`) {
		t.Errorf("build with a bad SOURCE_DATE_EPOCH = %d, %q", code, stderr)
	}
}
