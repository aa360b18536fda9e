package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestSnapshot(t *testing.T) {
	out := t.TempDir()
	files := map[string][]byte{"index.html": []byte("<p>one</p>"), "a/b.csv": []byte("x\n")}
	changed, err := Snapshot(out, "2026-10", files, false)
	if err != nil || !changed {
		t.Fatalf("first Snapshot = %v, %v; want changed", changed, err)
	}
	m, err := os.ReadFile(filepath.Join(out, "2026-10", ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var got Manifest
	if err := json.Unmarshal(m, &got); err != nil {
		t.Fatal(err)
	}
	want := Manifest{Period: "2026-10", Files: []Entry{
		{"a/b.csv", sha("x\n")},
		{"index.html", sha("<p>one</p>")},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("manifest (-want +got):\n%s", diff)
	}
	list, err := List(out)
	if err != nil || len(list) != 1 || list[0].Period != "2026-10" || len(list[0].SHA256) != 64 {
		t.Errorf("List = %+v, %v; want the one snapshot", list, err)
	}

	// The same files again: nothing to do.
	if changed, err := Snapshot(out, "2026-10", files, false); err != nil || changed {
		t.Errorf("same Snapshot again = %v, %v; want unchanged", changed, err)
	}
	// Different files: refused without replace, and the old snapshot kept.
	files2 := map[string][]byte{"index.html": []byte("<p>two</p>")}
	if _, err := Snapshot(out, "2026-10", files2, false); !errors.Is(err, ErrPublished) {
		t.Errorf("different Snapshot = %v; want ErrPublished", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "2026-10", "index.html")); string(b) != "<p>one</p>" {
		t.Errorf("refused Snapshot changed index.html to %q", b)
	}
	// With replace: exactly the new files, the old ones gone.
	if _, err := Snapshot(out, "2026-10", files2, true); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "2026-10", "a", "b.csv")); !os.IsNotExist(err) {
		t.Errorf("replaced snapshot still has a/b.csv (%v)", err)
	}
	// A file changed by hand on disk is noticed even when the manifest matches.
	os.WriteFile(filepath.Join(out, "2026-10", "index.html"), []byte("tampered"), 0o644)
	if _, err := Snapshot(out, "2026-10", files2, false); !errors.Is(err, ErrPublished) {
		t.Errorf("Snapshot over a tampered copy = %v; want ErrPublished", err)
	}
	// No temporary folders are left behind.
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".primed") {
			t.Errorf("left behind %s", e.Name())
		}
	}
}

func TestUnsafePaths(t *testing.T) {
	out := t.TempDir()
	for _, p := range []string{"../escape.html", "/abs.html", "a/../../b", `a\b`, ""} {
		if _, err := Snapshot(out, "2026-10", map[string][]byte{p: nil}, false); err == nil {
			t.Errorf("Snapshot with path %q succeeded; want an error", p)
		}
	}
	if _, err := Snapshot(out, "../2026-10", nil, false); err == nil {
		t.Error("Snapshot with period ../2026-10 succeeded; want an error")
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("refused snapshots wrote %d entries", len(entries))
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(out), "escape.html")); !os.IsNotExist(err) {
		t.Error("a path escaped the output folder")
	}
}

func TestMirror(t *testing.T) {
	out := t.TempDir()
	for _, files := range []map[string][]byte{
		{"index.html": []byte("one"), "a/b.csv": []byte("x")},
		{"index.html": []byte("two")},
	} {
		if _, err := Snapshot(out, "2026-10", files, true); err != nil {
			t.Fatal(err)
		}
		if err := Mirror(out, "2026-10", filepath.Join(out, "latest")); err != nil {
			t.Fatal(err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(out, "latest", "index.html")); string(b) != "two" {
		t.Errorf("latest/index.html = %q; want the newer snapshot's", b)
	}
	if _, err := os.Stat(filepath.Join(out, "latest", "a", "b.csv")); !os.IsNotExist(err) {
		t.Error("latest/ kept a file the newer snapshot does not have")
	}
	if _, err := os.Stat(filepath.Join(out, "latest", ManifestName)); err != nil {
		t.Error("latest/ has no manifest")
	}
}
