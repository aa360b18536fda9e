package publish

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// build publishes files as period into the site out, with latest/ and the
// two site pages, as a primed build does.
func build(out, period string, files map[string][]byte, opt Options, replace bool) (changed bool, err error) {
	s, err := Open(out, opt)
	if err != nil {
		return false, err
	}
	defer s.Close()
	tx, err := s.Begin()
	if err != nil {
		return false, err
	}
	defer tx.Abort()
	tx.KeepSpare()
	if changed, err = tx.Snapshot(period, Stamp{Built: "2026-11-01", Cutoff: period}, files, replace); err != nil {
		return false, err
	}
	if err := tx.Latest(); err != nil {
		return false, err
	}
	list, err := tx.Snapshots()
	if err != nil {
		return false, err
	}
	var periods []string
	for _, p := range list {
		periods = append(periods, p.Period)
	}
	index := []byte("latest " + periods[len(periods)-1])
	if err := tx.Page("index.html", index); err != nil {
		return false, err
	}
	if err := tx.Page("archive/index.html", []byte(strings.Join(periods, " "))); err != nil {
		return false, err
	}
	return changed, tx.Commit()
}

// tree reads every file and folder under dir: path → content, or "/" for
// a folder, so that two readings compare byte for byte.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			m[rel] = "/"
			return nil
		}
		b, err := os.ReadFile(p)
		m[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func mtimes(t *testing.T, dir string) map[string]time.Time {
	t.Helper()
	m := map[string]time.Time{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			fi, _ := d.Info()
			m[p] = fi.ModTime()
		}
		return err
	})
	return m
}

func verified(t *testing.T, out string) {
	t.Helper()
	problems, err := Verify(out)
	if err != nil || len(problems) > 0 {
		t.Errorf("Verify(%s) = %v, %v; want a whole site", out, problems, err)
	}
}

func TestBuild(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	files := map[string][]byte{"index.html": []byte("<p>one</p>"), "a/b.csv": []byte("x\n")}
	changed, err := build(out, "2026-10", files, Options{}, false)
	if err != nil || !changed {
		t.Fatalf("first build = %v, %v; want changed", changed, err)
	}
	m, err := os.ReadFile(filepath.Join(out, "2026-10", ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var got Manifest
	if err := json.Unmarshal(m, &got); err != nil {
		t.Fatal(err)
	}
	want := Manifest{Period: "2026-10", Stamp: Stamp{Built: "2026-11-01", Cutoff: "2026-10"}, Files: []Entry{
		{"a/b.csv", sha("x\n")},
		{"index.html", sha("<p>one</p>")},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("manifest (-want +got):\n%s", diff)
	}
	list, err := List(out)
	if err != nil || len(list) != 1 || list[0].Period != "2026-10" || list[0].SHA256 != sha(string(m)) {
		t.Errorf("List = %+v, %v; want the one snapshot", list, err)
	}
	verified(t, out)

	// The same files again: nothing is written, not even a file's time.
	before := mtimes(t, out)
	if changed, err := build(out, "2026-10", files, Options{}, false); err != nil || changed {
		t.Errorf("same build again = %v, %v; want unchanged", changed, err)
	}
	if diff := cmp.Diff(before, mtimes(t, out)); diff != "" {
		t.Errorf("an unchanged build touched files (-before +after):\n%s", diff)
	}

	// A file of latest/ replaced by hand is put back by the next build.
	os.Remove(filepath.Join(out, "latest", "index.html"))
	os.WriteFile(filepath.Join(out, "latest", "index.html"), []byte("edited"), 0o644)
	if _, err := build(out, "2026-10", files, Options{}, false); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "latest", "index.html")); string(b) != "<p>one</p>" {
		t.Errorf("latest/index.html = %q after a rebuild; want the snapshot's", b)
	}

	// Different files: refused without replace, and the old snapshot kept.
	files2 := map[string][]byte{"index.html": []byte("<p>two</p>")}
	if _, err := build(out, "2026-10", files2, Options{}, false); !errors.Is(err, ErrPublished) {
		t.Errorf("different build = %v; want ErrPublished", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "2026-10", "index.html")); string(b) != "<p>one</p>" {
		t.Errorf("refused build changed index.html to %q", b)
	}
	// With replace: exactly the new files, the old ones gone, latest/ too.
	if _, err := build(out, "2026-10", files2, Options{}, true); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"2026-10", "latest"} {
		if _, err := os.Stat(filepath.Join(out, dir, "a", "b.csv")); !os.IsNotExist(err) {
			t.Errorf("replaced %s still has a/b.csv (%v)", dir, err)
		}
		if b, _ := os.ReadFile(filepath.Join(out, dir, "index.html")); string(b) != "<p>two</p>" {
			t.Errorf("%s/index.html = %q; want the new one", dir, b)
		}
	}
	verified(t, out)

	// A newer month moves latest/ and the pages; the older month stays.
	if _, err := build(out, "2026-11", files, Options{}, false); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "latest 2026-11" {
		t.Errorf("index.html = %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "archive", "index.html")); string(b) != "2026-10 2026-11" {
		t.Errorf("archive/index.html = %q", b)
	}
	verified(t, out)

	// A file changed by hand is noticed even when the manifest matches.
	os.WriteFile(filepath.Join(out, "2026-10", "index.html"), []byte("tampered"), 0o644)
	if _, err := build(out, "2026-10", files2, Options{}, false); !errors.Is(err, ErrPublished) {
		t.Errorf("build over a tampered copy = %v; want ErrPublished", err)
	}
	if problems, _ := Verify(out); len(problems) != 1 || problems[0].String() != "2026-10/index.html: changed" {
		t.Errorf("Verify after tampering = %v; want 2026-10/index.html changed", problems)
	}
	// Nothing unfinished is left behind: only the marker, the lock and the
	// spare for the next build.
	entries, _ := os.ReadDir(filepath.Join(out, stateDir))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "lock site spare" {
		t.Errorf(".primed holds %v; want only lock, site and spare", names)
	}
}

func TestVerify(t *testing.T) {
	out := t.TempDir()
	files := map[string][]byte{"index.html": []byte("one"), "a/b.csv": []byte("x")}
	if _, err := build(out, "2026-10", files, Options{}, false); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(out, "2026-10", "a", "b.csv"))
	os.WriteFile(filepath.Join(out, "latest", "extra.html"), nil, 0o644)
	os.Remove(filepath.Join(out, "index.html"))
	problems, err := Verify(out)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.String())
	}
	want := []string{"2026-10/a/b.csv: missing", "latest/extra.html: extra", "index.html: missing"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Verify (-want +got):\n%s", diff)
	}
}

// A folder of someone else's files is refused before anything is written,
// and even with Force none of them is deleted or overwritten.
func TestForeignFolder(t *testing.T) {
	out := t.TempDir()
	user := map[string]string{
		"report.docx":        "minutes",
		"pictures/team.jpg":  "jpeg",
		"index.html":         "<p>my own page</p>",
		"2026-10/notes.pdf":  "pdf",
		"archive/old.zip":    "zip",
		"latest/keep.txt":    "keep",
		"2026-09/index.html": "no manifest: not a snapshot",
	}
	for name, body := range user {
		os.MkdirAll(filepath.Dir(filepath.Join(out, name)), 0o755)
		os.WriteFile(filepath.Join(out, name), []byte(body), 0o644)
	}
	before := tree(t, out)
	files := map[string][]byte{"index.html": []byte("primed")}
	_, err := build(out, "2026-10", files, Options{}, false)
	if err == nil || !strings.Contains(err.Error(), "primed did not write") || !strings.Contains(err.Error(), "--force") {
		t.Errorf("build into a foreign folder = %v; want a refusal naming --force", err)
	}
	if diff := cmp.Diff(before, tree(t, out)); diff != "" {
		t.Errorf("a refused build changed the folder (-before +after):\n%s", diff)
	}
	// Forced: still refuses where it would overwrite a user's file.
	if _, err := build(out, "2026-11", files, Options{Force: true}, false); err == nil {
		t.Errorf("forced build over a user's index.html succeeded")
	}
	for name, body := range user {
		if b, err := os.ReadFile(filepath.Join(out, name)); err != nil || string(b) != body {
			t.Errorf("%s = %q, %v; want it kept as %q", name, b, err, body)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "2026-11")); !os.IsNotExist(err) {
		t.Errorf("a failed forced build left 2026-11 (%v)", err)
	}
}

func TestForceBeside(t *testing.T) {
	out := t.TempDir()
	os.WriteFile(filepath.Join(out, "report.docx"), []byte("minutes"), 0o644)
	files := map[string][]byte{"index.html": []byte("primed")}
	if _, err := build(out, "2026-10", files, Options{Force: true}, false); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "report.docx")); string(b) != "minutes" {
		t.Errorf("report.docx = %q after a forced build", b)
	}
	verified(t, out)
	// The folder is primed's now: the next build needs no --force.
	if _, err := build(out, "2026-11", files, Options{}, false); err != nil {
		t.Fatalf("second build beside a user's file: %v", err)
	}
	// A user's file put inside a snapshot stops a replace from deleting it.
	os.WriteFile(filepath.Join(out, "2026-10", "mine.txt"), []byte("mine"), 0o644)
	_, err := build(out, "2026-10", map[string][]byte{"index.html": []byte("two")}, Options{Force: true}, true)
	if err == nil || !strings.Contains(err.Error(), "2026-10/mine.txt") {
		t.Errorf("replace over a user's file = %v; want a refusal naming it", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "2026-10", "mine.txt")); string(b) != "mine" {
		t.Errorf("mine.txt = %q", b)
	}
}

// A site written before the marker existed is still primed's.
func TestAdoptsOlderSite(t *testing.T) {
	out := t.TempDir()
	files := map[string][]byte{"index.html": []byte("one")}
	if _, err := build(out, "2026-10", files, Options{}, false); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(out, stateDir))
	os.Mkdir(filepath.Join(out, ".primed-new-123"), 0o755)
	if _, err := build(out, "2026-11", files, Options{}, false); err != nil {
		t.Fatalf("build into an older primed site: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, ".primed-new-123")); !os.IsNotExist(err) {
		t.Error("an older version's leftover folder was kept")
	}
	verified(t, out)
}

func TestUnsafePaths(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	for _, p := range []string{"../escape.html", "/abs.html", "a/../../b", `a\b`, "", ManifestName} {
		if _, err := build(out, "2026-10", map[string][]byte{p: nil}, Options{}, false); err == nil {
			t.Errorf("build with path %q succeeded; want an error", p)
		}
	}
	if _, err := build(out, "../2026-10", nil, Options{}, false); err == nil {
		t.Error("build with period ../2026-10 succeeded; want an error")
	}
	if got := tree(t, out); len(got) != 4 { // ., .primed, its lock and marker
		t.Errorf("refused builds left %v", got)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(out), "escape.html")); !os.IsNotExist(err) {
		t.Error("a path escaped the output folder")
	}
}

func TestLock(t *testing.T) {
	out := t.TempDir()
	s, err := Open(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(out, Options{}); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("another build is running in this site folder (pid %d)", os.Getpid())) {
		t.Errorf("second Open = %v; want another build is running", err)
	}
	s.Close()
	s, err = Open(out, Options{})
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	s.Close()
}

// The helper process builds version two of a site, and kills itself with
// SIGKILL at the step named by PRIMED_KILL_AT, or holds the lock for a
// while when it is "hold".
func TestHelperProcess(t *testing.T) {
	out, at := os.Getenv("PRIMED_HELPER_SITE"), os.Getenv("PRIMED_KILL_AT")
	if out == "" {
		t.Skip("a helper for other tests")
	}
	if at == "hold" {
		s, err := Open(out, Options{})
		if err != nil {
			fmt.Println(err)
			os.Exit(3)
		}
		fmt.Println("locked")
		time.Sleep(5 * time.Second)
		s.Close()
		os.Exit(0)
	}
	commitHook = func(step string) {
		if step == at {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
		}
	}
	_, err := build(out, os.Getenv("PRIMED_PERIOD"), version(2), Options{}, true)
	if err != nil {
		fmt.Println(err)
		os.Exit(3)
	}
	os.Exit(0)
}

func version(n int) map[string][]byte {
	files := map[string][]byte{}
	for i := range 20 {
		files[fmt.Sprintf("u%d/index.html", i)] = fmt.Appendf(nil, "version %d of page %d", n, i)
	}
	if n == 2 {
		files["new.csv"] = []byte("only in version two")
	}
	return files
}

func helper(t *testing.T, out, at, period string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), "PRIMED_HELPER_SITE="+out, "PRIMED_KILL_AT="+at, "PRIMED_PERIOD="+period)
	return cmd
}

// A build killed at any step leaves a site that verifies, with every
// snapshot wholly old or wholly new; the next build finishes the job and
// leaves nothing unfinished behind.
func TestKilledBuild(t *testing.T) {
	steps := []string{"stage snapshot", "stage latest", "stage archive/index.html", "stage index.html",
		"switch 2026-10", "switch 2026-11", "switch latest", "patch latest", "switch archive", "switch index.html", "leave spare", "clean up"}
	for _, period := range []string{"2026-10", "2026-11"} { // a rebuild, and a new month
		for _, at := range steps {
			t.Run(period+"/"+at, func(t *testing.T) {
				out := t.TempDir()
				if _, err := build(out, "2026-10", version(1), Options{}, false); err != nil {
					t.Fatal(err)
				}
				err := helper(t, out, at, period).Run()
				var exit *exec.ExitError
				killed := errors.As(err, &exit) && exit.Sys().(syscall.WaitStatus).Signal() == syscall.SIGKILL
				if !killed && err != nil {
					t.Fatalf("helper: %v", err)
				}
				verified(t, out)
				for _, p := range []string{period + "/u3/index.html", "latest/u3/index.html"} {
					b, err := os.ReadFile(filepath.Join(out, p))
					if os.IsNotExist(err) && period == "2026-11" && strings.HasPrefix(p, period) {
						continue // the new month is not there yet
					}
					if err != nil || (string(b) != "version 1 of page 3" && string(b) != "version 2 of page 3") {
						t.Errorf("%s = %q, %v after a kill at %q", p, b, err, at)
					}
				}
				// The next build completes the site.
				if _, err := build(out, period, version(2), Options{}, true); err != nil {
					t.Fatal(err)
				}
				verified(t, out)
				if b, _ := os.ReadFile(filepath.Join(out, "latest", "new.csv")); string(b) != "only in version two" {
					t.Errorf("latest/new.csv = %q after the next build", b)
				}
				if left, _ := filepath.Glob(filepath.Join(out, stateDir, "tmp-*")); len(left) > 0 {
					t.Errorf("left behind %v", left)
				}
			})
		}
	}
}

func TestLockedByAnotherProcess(t *testing.T) {
	out := t.TempDir()
	cmd := helper(t, out, "hold", "")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	buf := make([]byte, 7)
	if _, err := stdout.Read(buf); err != nil || string(buf) != "locked\n" {
		t.Fatalf("helper said %q, %v", buf, err)
	}
	_, err := Open(out, Options{})
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("(pid %d)", cmd.Process.Pid)) {
		t.Errorf("Open while another process builds = %v; want its pid", err)
	}
	cmd.Process.Kill()
}

// mount mounts a tmpfs of size bytes at a new folder, or skips the test
// where this process may not mount.
func mount(t *testing.T, size int) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, fmt.Sprintf("size=%d", size)); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}

// A full disk fails the build and leaves the site byte for byte as it was.
func TestFullDisk(t *testing.T) {
	dir := mount(t, 256<<10)
	out := filepath.Join(dir, "site")
	if _, err := build(out, "2026-10", version(1), Options{}, false); err != nil {
		t.Fatal(err)
	}
	before := tree(t, out)
	big := version(2)
	big["big.bin"] = make([]byte, 300<<10)
	_, err := build(out, "2026-10", big, Options{}, true)
	if !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("build onto a full disk = %v; want no space left", err)
	}
	if diff := cmp.Diff(before, tree(t, out)); diff != "" {
		t.Errorf("a failed build changed the site (-before +after):\n%s", diff)
	}
}

// A read-only site fails the build and is left as it was.
func TestReadOnly(t *testing.T) {
	dir := mount(t, 1<<20)
	out := filepath.Join(dir, "site")
	if _, err := build(out, "2026-10", version(1), Options{}, false); err != nil {
		t.Fatal(err)
	}
	before := tree(t, out)
	if err := syscall.Mount("", dir, "", syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		t.Skipf("cannot remount read-only: %v", err)
	}
	if _, err := build(out, "2026-11", version(2), Options{}, false); !errors.Is(err, syscall.EROFS) {
		t.Errorf("build into a read-only site = %v; want read-only file system", err)
	}
	if diff := cmp.Diff(before, tree(t, out)); diff != "" {
		t.Errorf("a failed build changed the site (-before +after):\n%s", diff)
	}
}

// A .primed that is a link could send primed's work, and its clean-up,
// outside the site folder: it is refused.
func TestStateDirLink(t *testing.T) {
	out, elsewhere := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(elsewhere, markerName), markerText, 0o644)
	os.Mkdir(filepath.Join(elsewhere, "tmp-someone-elses"), 0o755)
	if err := os.Symlink(elsewhere, filepath.Join(out, stateDir)); err != nil {
		t.Fatal(err)
	}
	if _, err := build(out, "2026-10", version(1), Options{Force: true}, false); err == nil {
		t.Error("build with .primed a link succeeded")
	}
	if _, err := os.Stat(filepath.Join(elsewhere, "tmp-someone-elses")); err != nil {
		t.Errorf("a folder outside the site was removed: %v", err)
	}
}

// In a site primed made, a user's files put in a folder primed would
// replace stop the build, and stay.
func TestUserFilesInSiteFolders(t *testing.T) {
	for _, name := range []string{"2026-11/mine.txt", "latest/mine.txt", "archive/mine.txt"} {
		t.Run(name, func(t *testing.T) {
			out := t.TempDir()
			if _, err := build(out, "2026-10", version(1), Options{}, false); err != nil {
				t.Fatal(err)
			}
			if name == "latest/mine.txt" {
				os.RemoveAll(filepath.Join(out, "latest")) // a folder of the user's, with no manifest
			}
			write := filepath.Join(out, filepath.FromSlash(name))
			os.MkdirAll(filepath.Dir(write), 0o755)
			os.WriteFile(write, []byte("mine"), 0o644)
			_, err := build(out, "2026-11", version(2), Options{}, false)
			if err == nil || !strings.Contains(err.Error(), name) {
				t.Errorf("build = %v; want a refusal naming %s", err, name)
			}
			if b, _ := os.ReadFile(write); string(b) != "mine" {
				t.Errorf("%s = %q; want it kept", name, b)
			}
		})
	}
}

// A replaced snapshot moves the time only of the files that changed, in
// the snapshot and in latest/, so that mirrors and caches see only them.
func TestReplaceKeepsUnchangedFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	files := map[string][]byte{"index.html": []byte("<p>one</p>"), "a/b.csv": []byte("x\n"), "a/c.csv": []byte("y\n")}
	if _, err := build(out, "2026-10", files, Options{}, false); err != nil {
		t.Fatal(err)
	}
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, p := range []string{"index.html", "a/b.csv", "a/c.csv"} {
		if err := os.Chtimes(filepath.Join(out, "2026-10", filepath.FromSlash(p)), old, old); err != nil {
			t.Fatal(err)
		}
	}
	files["a/c.csv"] = []byte("z\n")
	if changed, err := build(out, "2026-10", files, Options{}, true); err != nil || !changed {
		t.Fatalf("replace = %v, %v; want changed", changed, err)
	}
	for _, dir := range []string{"2026-10", "latest"} {
		for p, want := range map[string]bool{"index.html": true, "a/b.csv": true, "a/c.csv": false} {
			fi, err := os.Stat(filepath.Join(out, dir, filepath.FromSlash(p)))
			if err != nil {
				t.Fatal(err)
			}
			if kept := fi.ModTime().Equal(old); kept != want {
				t.Errorf("%s/%s: time kept = %v; want %v", dir, p, kept, want)
			}
		}
	}
	if b, _ := os.ReadFile(filepath.Join(out, "latest", "a", "c.csv")); string(b) != "z\n" {
		t.Errorf("latest/a/c.csv = %q; want the new content", b)
	}
	verified(t, out)
}

// TestCopy publishes a site into another folder: everything the first
// time, nothing the second, and after a month is rebuilt only its changed
// file, whose time alone moves. A month only the destination holds is
// kept, or removed with Prune.
func TestCopy(t *testing.T) {
	root := t.TempDir()
	src, dest := filepath.Join(root, "site"), filepath.Join(root, "www")
	sept := map[string][]byte{"index.html": []byte("<p>September</p>"), "a.csv": []byte("1\n")}
	oct := map[string][]byte{"index.html": []byte("<p>October</p>"), "a.csv": []byte("2\n"), "b.csv": []byte("3\n")}
	for period, files := range map[string]map[string][]byte{"2026-09": sept, "2026-10": oct} {
		if _, err := build(src, period, files, Options{}, false); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Copy(src, dest, CopyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Changed, []string{"2026-09", "2026-10"}) {
		t.Errorf("first copy changed %v; want both months", res.Changed)
	}
	if diff := cmp.Diff(tree(t, filepath.Join(src, "2026-10")), tree(t, filepath.Join(dest, "2026-10"))); diff != "" {
		t.Errorf("dest/2026-10 differs from site/2026-10:\n%s", diff)
	}
	verified(t, dest)

	before := mtimes(t, dest)
	if res, err := Copy(src, dest, CopyOptions{}); err != nil || len(res.Changed) > 0 {
		t.Errorf("second copy = %+v, %v; want nothing changed", res, err)
	}
	if diff := cmp.Diff(before, mtimes(t, dest)); diff != "" {
		t.Errorf("an unchanged publish touched files (-before +after):\n%s", diff)
	}

	oct["b.csv"] = []byte("4\n")
	if _, err := build(src, "2026-10", oct, Options{}, true); err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond) // so that a rewritten file's time would differ
	if res, err := Copy(src, dest, CopyOptions{}); err != nil || !slices.Equal(res.Changed, []string{"2026-10"}) {
		t.Fatalf("copy after a rebuild = %+v, %v; want 2026-10 changed", res, err)
	}
	after := mtimes(t, dest)
	for name, was := range before {
		rel, _ := filepath.Rel(dest, name)
		moved := !after[name].Equal(was)
		want := rel == filepath.Join("2026-10", "b.csv") || rel == filepath.Join("2026-10", ManifestName) ||
			rel == filepath.Join("latest", "b.csv") || rel == filepath.Join("latest", ManifestName)
		if moved != want {
			t.Errorf("%s: time moved = %v; want %v", rel, moved, want)
		}
	}
	verified(t, dest)

	// A month in dest alone is kept, unless pruned.
	if err := os.RemoveAll(filepath.Join(src, "2026-09")); err != nil {
		t.Fatal(err)
	}
	if res, err := Copy(src, dest, CopyOptions{}); err != nil || !slices.Equal(res.Kept, []string{"2026-09"}) {
		t.Errorf("copy = %+v, %v; want 2026-09 kept", res, err)
	}
	if res, err := Copy(src, dest, CopyOptions{Prune: true}); err != nil || !slices.Equal(res.Pruned, []string{"2026-09"}) {
		t.Errorf("copy with Prune = %+v, %v; want 2026-09 pruned", res, err)
	}
	if _, err := os.Stat(filepath.Join(dest, "2026-09")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("pruned month still there: %v", err)
	}
	verified(t, dest)
}

// Copy refuses a site that does not verify, a folder of someone else's,
// and a destination inside the site.
func TestCopyRefuses(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "site")
	if _, err := build(src, "2026-10", map[string][]byte{"index.html": []byte("x")}, Options{}, false); err != nil {
		t.Fatal(err)
	}
	if _, err := Copy(src, filepath.Join(src, "www"), CopyOptions{}); err == nil {
		t.Error("Copy into the site itself succeeded")
	}
	foreign := filepath.Join(root, "share")
	os.MkdirAll(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "notes.txt"), []byte("mine"), 0o644)
	if _, err := Copy(src, foreign, CopyOptions{}); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("Copy into a foreign folder = %v; want a refusal naming --force", err)
	}
	if _, err := Copy(src, foreign, CopyOptions{Force: true}); err != nil {
		t.Errorf("Copy with Force = %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(foreign, "notes.txt")); string(b) != "mine" {
		t.Error("Copy with Force changed a file it did not write")
	}
	os.WriteFile(filepath.Join(src, "2026-10", "index.html"), []byte("edited"), 0o644)
	if _, err := Copy(src, filepath.Join(root, "www"), CopyOptions{}); err == nil || !strings.Contains(err.Error(), "index.html") {
		t.Errorf("Copy of an edited site = %v; want a refusal naming the file", err)
	}
}

// TestArchive zips a snapshot: every file with its manifest under a folder
// named for the month, byte for byte, in a zip that unzip tests clean.
func TestArchive(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	files := map[string][]byte{"index.html": []byte("<p>October</p>"), "team/a.csv": []byte("1\n"), "assets/x.js": []byte("x()")}
	if _, err := build(site, "2026-10", files, Options{}, false); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(root, "october.zip")
	n, err := Archive(site, "2026-10", name)
	if err != nil || n != 4 {
		t.Fatalf("Archive = %d, %v; want 4 files", n, err)
	}
	z, err := zip.OpenReader(name)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	got := map[string]string{}
	for _, f := range z.File {
		if strings.HasSuffix(f.Name, "/") {
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		got[f.Name] = string(b)
	}
	manifest, _ := os.ReadFile(filepath.Join(site, "2026-10", ManifestName))
	want := map[string]string{"2026-10/manifest.json": string(manifest)}
	for p, b := range files {
		want["2026-10/"+p] = string(b)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("zip contents (-want +got):\n%s", diff)
	}
	if unzip, err := exec.LookPath("unzip"); err == nil {
		if out, err := exec.Command(unzip, "-t", name).CombinedOutput(); err != nil {
			t.Errorf("unzip -t: %v\n%s", err, out)
		}
	}

	if _, err := Archive(site, "2026-10", name); err == nil {
		t.Error("Archive over an existing file succeeded")
	}
	if _, err := Archive(site, "2026-10", filepath.Join(site, "x.zip")); err == nil {
		t.Error("Archive into the site folder succeeded")
	}
	if _, err := Archive(site, "2026-09", filepath.Join(root, "sept.zip")); err == nil {
		t.Error("Archive of a month the site lacks succeeded")
	}
	os.WriteFile(filepath.Join(site, "2026-10", "index.html"), []byte("edited"), 0o644)
	bad := filepath.Join(root, "edited.zip")
	if _, err := Archive(site, "2026-10", bad); err == nil || !strings.Contains(err.Error(), "index.html") {
		t.Errorf("Archive of an edited snapshot = %v; want a refusal naming the file", err)
	}
	if _, err := os.Stat(bad); !errors.Is(err, fs.ErrNotExist) {
		t.Error("a refused archive left a file")
	}
}

// TestStamp checks that a manifest keeps the first build's stamp when a
// rebuild changes nothing, and that a replacement names what it replaced,
// in the site and in a published copy.
func TestStamp(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "site")
	files := map[string][]byte{"index.html": []byte("one")}
	stage := func(stamp Stamp, files map[string][]byte) bool {
		t.Helper()
		s, err := Open(out, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		tx, err := s.Begin()
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Abort()
		changed, err := tx.Snapshot("2026-10", stamp, files, true)
		if err != nil {
			t.Fatal(err)
		}
		for _, step := range []error{tx.Latest(), tx.Page("index.html", nil), tx.Page("archive/index.html", nil), tx.Commit()} {
			if step != nil {
				t.Fatal(step)
			}
		}
		return changed
	}
	first := Stamp{Built: "2026-11-01", Cutoff: "2026-10"}
	if !stage(first, files) {
		t.Fatal("the first build changed nothing")
	}
	manifest, err := os.ReadFile(filepath.Join(out, "2026-10", ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	if stage(Stamp{Built: "2026-11-02", Cutoff: "2026-11"}, files) {
		t.Error("a rebuild with the same files but another stamp changed the snapshot")
	}
	list, err := List(out)
	if err != nil {
		t.Fatal(err)
	}
	want := []Published{{Period: "2026-10", SHA256: sum(manifest), Stamp: first}}
	if diff := cmp.Diff(want, list); diff != "" {
		t.Errorf("after a rebuild that changed nothing (-want +got):\n%s", diff)
	}

	second := Stamp{Built: "2026-11-03", Cutoff: "2026-11"}
	if !stage(second, map[string][]byte{"index.html": []byte("two")}) {
		t.Fatal("a build with other files changed nothing")
	}
	replaced, err := os.ReadFile(filepath.Join(out, "2026-10", ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	list, err = List(out)
	if err != nil {
		t.Fatal(err)
	}
	want = []Published{{Period: "2026-10", SHA256: sum(replaced), Stamp: second, Replaces: sum(manifest)}}
	if diff := cmp.Diff(want, list); diff != "" {
		t.Errorf("after a replacement (-want +got):\n%s", diff)
	}

	dest := filepath.Join(t.TempDir(), "www")
	if _, err := Copy(out, dest, CopyOptions{}); err != nil {
		t.Fatal(err)
	}
	copied, err := os.ReadFile(filepath.Join(dest, "2026-10", ManifestName))
	if err != nil || !bytes.Equal(copied, replaced) {
		t.Errorf("the published manifest differs from the site's (%v):\n%s\nwant\n%s", err, copied, replaced)
	}
}
