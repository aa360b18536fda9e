package publish

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// rebuilt is version(1) with one page changed, one folder's only file
// gone and one file in a new folder: what a rebuild of the same month
// after a narrative or a unit changed looks like.
func rebuilt() map[string][]byte {
	files := version(1)
	files["u3/index.html"] = []byte("version 1 of page 3, amended")
	files["gone/only.csv"] = nil
	delete(files, "gone/only.csv")
	files["fresh/new/page.html"] = []byte("a new unit")
	return files
}

func withGone() map[string][]byte {
	files := version(1)
	files["gone/deep/only.csv"] = []byte("a unit that goes")
	return files
}

// A rebuild of the newest month makes latest/ from the snapshot it
// replaces: afterwards latest/ holds exactly the new snapshot's files,
// each the same file as the snapshot's, and nothing is left in the stage.
func TestLatestPatched(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	if _, err := build(out, "2026-10", withGone(), Options{}, false); err != nil {
		t.Fatal(err)
	}
	var steps []string
	commitHook = func(step string) { steps = append(steps, step) }
	defer func() { commitHook = nil }()
	if changed, err := build(out, "2026-10", rebuilt(), Options{}, true); err != nil || !changed {
		t.Fatalf("rebuild = %v, %v; want changed", changed, err)
	}
	if !strings.Contains(strings.Join(steps, ","), "patch latest") {
		t.Errorf("steps %v; want latest/ patched from the replaced snapshot", steps)
	}
	verified(t, out)
	snap, latest := tree(t, filepath.Join(out, "2026-10")), tree(t, filepath.Join(out, "latest"))
	if diff := cmp.Diff(snap, latest); diff != "" {
		t.Errorf("latest/ differs from the snapshot (-snapshot +latest):\n%s", diff)
	}
	if _, ok := latest["gone"]; ok {
		t.Error("latest/ keeps the folder of a unit that went")
	}
	for p := range snap {
		a, errA := os.Lstat(filepath.Join(out, "2026-10", p))
		b, errB := os.Lstat(filepath.Join(out, "latest", p))
		if errA != nil || errB != nil || (!a.IsDir() && !os.SameFile(a, b)) {
			t.Errorf("latest/%s is not the snapshot's file: %v, %v", p, errA, errB)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(out, stateDir, "tmp-*")); len(left) > 0 {
		t.Errorf("left behind %v", left)
	}
}

// A commit that fails after the snapshot and latest/ are switched, or
// while latest/ is patched, switches them back: the site is as it was.
func TestCommitRollsBack(t *testing.T) {
	for _, at := range []string{"patch latest", "switch archive"} {
		t.Run(at, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "site")
			if _, err := build(out, "2026-10", withGone(), Options{}, false); err != nil {
				t.Fatal(err)
			}
			before := tree(t, out)
			commitHook = func(step string) {
				if step != at {
					return
				}
				stage, _ := filepath.Glob(filepath.Join(out, stateDir, "tmp-*"))
				if at == "patch latest" {
					os.WriteFile(filepath.Join(stage[0], "aside"), nil, 0o644) // the patch cannot begin
				} else {
					os.RemoveAll(filepath.Join(stage[0], "archive")) // the archive cannot be switched
				}
			}
			defer func() { commitHook = nil }()
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
			if _, err := tx.Snapshot("2026-10", Stamp{Built: "2026-11-02"}, rebuilt(), true); err != nil {
				t.Fatal(err)
			}
			if err := tx.Latest(); err != nil {
				t.Fatal(err)
			}
			if err := tx.Page("archive/index.html", []byte("a new archive page")); err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(); err == nil {
				t.Fatal("the commit succeeded; want the failure the hook made")
			}
			commitHook = nil
			after := tree(t, out)
			for p := range after {
				if strings.HasPrefix(p, stateDir) {
					delete(after, p)
				}
			}
			for p := range before {
				if strings.HasPrefix(p, stateDir) {
					delete(before, p)
				}
			}
			if diff := cmp.Diff(before, after); diff != "" {
				t.Errorf("a failed commit changed the site (-before +after):\n%s", diff)
			}
			verified(t, out)
		})
	}
}

// amend amends the snapshot of period in the site out with changed.
func amend(t *testing.T, out, period string, changed map[string][]byte) {
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
	tx.KeepSpare()
	if changed, err := tx.Amend(period, changed, "2026-11-03", true); err != nil || !changed {
		t.Fatalf("Amend = %v, %v; want changed", changed, err)
	}
	if err := tx.Latest(); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// A build leaves a spare of the newest snapshot, and the next amendment
// of that month is staged in it: the published snapshot's folder is then
// the spare's folder, and every amendment leaves the snapshot, latest/
// and the spare whole, a page changed and changed back included.
func TestAmendFromSpare(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	if _, err := build(out, "2026-10", withGone(), Options{}, false); err != nil {
		t.Fatal(err)
	}
	spare := filepath.Join(out, stateDir, spareDir)
	for i, page := range []string{"changed", "changed again", "version 1 of page 3"} {
		before, err := os.Lstat(spare)
		if err != nil {
			t.Fatalf("amendment %d: no spare: %v", i, err)
		}
		if diff := cmp.Diff(tree(t, filepath.Join(out, "latest")), tree(t, spare)); i == 0 && diff != "" {
			t.Errorf("the spare is not latest/ (-latest +spare):\n%s", diff)
		}
		amend(t, out, "2026-10", map[string][]byte{"u3/index.html": []byte(page)})
		verified(t, out)
		if now, err := os.Lstat(filepath.Join(out, "2026-10")); err != nil || !os.SameFile(before, now) {
			t.Errorf("amendment %d was not staged in the spare", i)
		}
		snap := tree(t, filepath.Join(out, "2026-10"))
		if got := snap["u3/index.html"]; got != page {
			t.Errorf("amendment %d: u3/index.html = %q; want %q", i, got, page)
		}
		if diff := cmp.Diff(snap, tree(t, filepath.Join(out, "latest"))); diff != "" {
			t.Errorf("amendment %d: latest/ differs from the snapshot (-snapshot +latest):\n%s", i, diff)
		}
		if m, _, err := readManifest(spare); err != nil || m.Period != "2026-10" {
			t.Errorf("amendment %d: the spare's manifest = %v, %v", i, m.Period, err)
		} else if problems, err := compareWith(spare, m, true); err != nil || len(problems) > 0 {
			t.Errorf("amendment %d: the spare does not match its manifest: %v, %v", i, problems, err)
		}
		// The spare is patched as latest/ is: it mirrors the new snapshot.
		if diff := cmp.Diff(snap, tree(t, spare)); diff != "" {
			t.Errorf("amendment %d: the spare differs from the snapshot (-snapshot +spare):\n%s", i, diff)
		}
	}
}

// An amendment stages the same snapshot whatever the spare holds: a
// spare that is gone, of another month, holding other bytes of a file,
// missing one, or holding one the snapshot does not have, is made right
// file by file, and its extra files and the folders they leave empty go.
func TestAmendWithAnySpare(t *testing.T) {
	// edit changes the spare's files and lists them in its manifest.
	edit := func(f func(m *Manifest, dir string)) func(t *testing.T, spare string) {
		return func(t *testing.T, spare string) {
			m, _, err := readManifest(spare)
			if err != nil {
				t.Fatal(err)
			}
			f(&m, spare)
			os.Remove(filepath.Join(spare, ManifestName)) // a link to the published one
			if err := os.WriteFile(filepath.Join(spare, ManifestName), m.Encode(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	write := func(dir, p, text string) string {
		name := filepath.Join(dir, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(name), 0o755)
		os.Remove(name) // a link to the published file: not to be written through
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			panic(err)
		}
		return sha(text)
	}
	for _, tc := range []struct {
		name  string
		spoil func(t *testing.T, spare string)
	}{
		{"as left", func(*testing.T, string) {}},
		{"gone", func(t *testing.T, spare string) { os.RemoveAll(spare) }},
		{"another month", edit(func(m *Manifest, _ string) { m.Period = "2026-09" })},
		{"other bytes", edit(func(m *Manifest, dir string) {
			m.Files[5].SHA256 = write(dir, m.Files[5].Path, "not the published bytes")
		})},
		{"a file missing", edit(func(m *Manifest, dir string) {
			os.Remove(filepath.Join(dir, filepath.FromSlash(m.Files[7].Path)))
			m.Files = slices.Delete(m.Files, 7, 8)
		})},
		{"an extra file", edit(func(m *Manifest, dir string) {
			m.Files = append(m.Files, Entry{"extra/deep/file.csv", write(dir, "extra/deep/file.csv", "not in the snapshot")})
			slices.SortFunc(m.Files, byPath)
		})},
		{"out of order", edit(func(m *Manifest, dir string) {
			m.Files[2].SHA256 = write(dir, m.Files[2].Path, "not the published bytes")
			slices.Reverse(m.Files)
		})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "site")
			if _, err := build(out, "2026-10", withGone(), Options{}, false); err != nil {
				t.Fatal(err)
			}
			tc.spoil(t, filepath.Join(out, stateDir, spareDir))
			amend(t, out, "2026-10", map[string][]byte{"u3/index.html": []byte("amended")})
			verified(t, out)
			want := map[string]string{"manifest.json": tree(t, filepath.Join(out, "2026-10"))["manifest.json"]}
			for p, b := range withGone() {
				want[filepath.FromSlash(p)] = string(b)
			}
			want[filepath.FromSlash("u3/index.html")] = "amended"
			got := map[string]string{}
			for p, text := range tree(t, filepath.Join(out, "2026-10")) {
				if text != "/" {
					got[p] = text
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("the amended snapshot (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tree(t, filepath.Join(out, "2026-10")), tree(t, filepath.Join(out, "latest"))); diff != "" {
				t.Errorf("latest/ differs from the snapshot (-snapshot +latest):\n%s", diff)
			}
		})
	}
}

// latest/ becomes the spare after an amendment only if it holds every
// file of its snapshot: one a reader deleted from latest/ is not missing
// from a later amendment of the month staged in the spare.
func TestSpareFromBrokenLatest(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	if _, err := build(out, "2026-10", withGone(), Options{}, false); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(out, "latest", "u7", "index.html")); err != nil {
		t.Fatal(err)
	}
	for i, page := range []string{"amended", "amended again"} {
		amend(t, out, "2026-10", map[string][]byte{"u3/index.html": []byte(page)})
		snap := tree(t, filepath.Join(out, "2026-10"))
		if got := snap[filepath.FromSlash("u7/index.html")]; got != "version 1 of page 7" {
			t.Errorf("amendment %d: u7/index.html = %q; want version 1 of page 7", i, got)
		}
	}
	verified(t, out)
}
