// Package publish writes a rendered snapshot into a site folder, the only
// package that writes output. A snapshot is written to a temporary folder
// beside its final place and renamed into it, so a failed build leaves the
// site as it was. Every snapshot carries a manifest of its files' SHA-256
// sums, and a published snapshot is never silently rewritten.
package publish

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// Manifest lists every file of a snapshot with its SHA-256 sum.
type Manifest struct {
	Period string  `json:"period"`
	Files  []Entry `json:"files"`
}

// Entry is one file of a manifest.
type Entry struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// ManifestName is the manifest's file name within a snapshot.
const ManifestName = "manifest.json"

// NewManifest computes the manifest of files.
func NewManifest(period string, files map[string][]byte) Manifest {
	m := Manifest{Period: period, Files: []Entry{}}
	for _, p := range sortedPaths(files) {
		sum := sha256.Sum256(files[p])
		m.Files = append(m.Files, Entry{p, hex.EncodeToString(sum[:])})
	}
	return m
}

// Encode writes the manifest as indented JSON.
func (m Manifest) Encode() []byte {
	b, _ := json.MarshalIndent(m, "", "  ") // only strings: cannot fail
	return append(b, '\n')
}

func sortedPaths(files map[string][]byte) []string {
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	return paths
}

var periodPattern = regexp.MustCompile(`^\d{4}-\d{2}$`)

// ErrPublished is returned when a build would change a snapshot that is
// already published.
var ErrPublished = errors.New("already published")

// Snapshot writes files as the snapshot for period into the site folder
// out, with its manifest. If that month is already published with
// different content, it fails with ErrPublished unless replace is set.
// It returns whether anything changed.
func Snapshot(out, period string, files map[string][]byte, replace bool) (changed bool, err error) {
	if !periodPattern.MatchString(period) {
		return false, fmt.Errorf("publish: bad period %q", period)
	}
	all := make(map[string][]byte, len(files)+1)
	for p, b := range files {
		if err := checkPath(p); err != nil {
			return false, err
		}
		all[p] = b
	}
	manifest := NewManifest(period, files).Encode()
	all[ManifestName] = manifest

	dir := filepath.Join(out, period)
	old, err := os.ReadFile(filepath.Join(dir, ManifestName))
	switch {
	case err == nil && bytes.Equal(old, manifest) && intact(dir, all):
		return false, nil
	case err == nil && !replace:
		return false, fmt.Errorf("%s is %w with different content; to rebuild it, add --replace", dir, ErrPublished)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return false, err
	}
	return true, Replace(dir, all)
}

// intact reports whether dir holds exactly files.
func intact(dir string, files map[string][]byte) bool {
	for p, b := range files {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil || !bytes.Equal(got, b) {
			return false
		}
	}
	return true
}

// checkPath refuses a path that could land outside its folder.
func checkPath(p string) error {
	if !fs.ValidPath(p) || strings.Contains(p, "\\") || p == "." {
		return fmt.Errorf("publish: unsafe path %q", p)
	}
	return nil
}

// Replace makes folder dir hold exactly files: it writes them to a new
// folder beside dir and renames it into place, so that readers see either
// the old folder or the new one, never a mixture.
func Replace(dir string, files map[string][]byte) error {
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, ".primed-new-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	for _, p := range sortedPaths(files) {
		if err := checkPath(p); err != nil {
			return err
		}
		name := filepath.Join(tmp, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(name, files[p], 0o644); err != nil {
			return err
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	return swap(tmp, dir)
}

// WriteFile replaces one file atomically: a temporary file, then a rename.
func WriteFile(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(name), ".primed-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}

// Published is a snapshot found in a site folder.
type Published struct {
	Period string
	SHA256 string // of its manifest: one checksum for the whole snapshot
}

// List returns the snapshots in the site folder out, oldest first.
func List(out string) ([]Published, error) {
	entries, err := os.ReadDir(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var list []Published
	for _, e := range entries {
		if !e.IsDir() || !periodPattern.MatchString(e.Name()) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(out, e.Name(), ManifestName))
		if err != nil {
			continue // not a snapshot primed wrote
		}
		sum := sha256.Sum256(b)
		list = append(list, Published{e.Name(), hex.EncodeToString(sum[:])})
	}
	return list, nil
}

// Mirror makes folder dir a copy of snapshot period, as latest/ is: the
// files are hard links to the snapshot's where the file system allows
// (they never change once published), and copies where it does not. Like
// Replace, it builds the new folder beside dir and renames it into place.
func Mirror(out, period, dir string) error {
	src := filepath.Join(out, period)
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".primed-new-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(tmp, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if os.Link(p, target) == nil {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	return swap(tmp, dir)
}

// swap renames folder tmp to dir, moving any old dir aside first and
// removing it after.
func swap(tmp, dir string) error {
	var trash string
	if _, err := os.Stat(dir); err == nil {
		trash = tmp + ".old"
		if err := os.Rename(dir, trash); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if trash != "" {
			os.Rename(trash, dir) // put the old one back
		}
		return err
	}
	if trash != "" {
		return os.RemoveAll(trash)
	}
	return nil
}
