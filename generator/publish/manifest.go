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
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"
)

// Manifest lists every file of a snapshot with its SHA-256 sum, and says
// when and from what the snapshot was built.
type Manifest struct {
	Period string `json:"period"`
	Stamp
	// Replaces is the SHA-256 of the manifest of the snapshot this one
	// replaced, if it replaced one.
	Replaces string  `json:"replaces,omitempty"`
	Files    []Entry `json:"files"`
}

// Stamp is what a manifest records of a snapshot's build, besides its
// files. Two builds with the same files are the same snapshot, whatever
// their stamps: a rebuild that changes nothing keeps the first stamp.
type Stamp struct {
	Built  string `json:"built,omitempty"`       // the build's date, YYYY-MM-DD, in UTC
	Cutoff string `json:"data_cutoff,omitempty"` // the latest month of the inputs, YYYY-MM
}

// Entry is one file of a manifest.
type Entry struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// ManifestName is the manifest's file name within a snapshot.
const ManifestName = "manifest.json"

// NewManifest computes the manifest of files.
func NewManifest(period string, stamp Stamp, files map[string][]byte) Manifest {
	m := Manifest{Period: period, Stamp: stamp, Files: []Entry{}}
	for _, p := range sortedPaths(files) {
		m.Files = append(m.Files, Entry{p, sum(files[p])})
	}
	return m
}

// Encode writes the manifest as indented JSON, byte for byte as
// json.MarshalIndent(m, "", "  ") with a newline, written directly: a
// manifest of ninety thousand files takes a quarter of a second through
// encoding/json.
func (m Manifest) Encode() []byte {
	size := 256 + len(m.Period) + len(m.Built) + len(m.Cutoff) + len(m.Replaces)
	for _, e := range m.Files {
		size += len(e.Path) + len(e.SHA256) + 52 // Encode's layout of an Entry of plain strings
	}
	b := make([]byte, 0, size)
	b = append(b, "{\n  \"period\": "...)
	b = appendString(b, m.Period)
	for _, f := range []struct{ key, value string }{{"built", m.Built}, {"data_cutoff", m.Cutoff}, {"replaces", m.Replaces}} {
		if f.value != "" {
			b = append(b, ",\n  \""+f.key+"\": "...)
			b = appendString(b, f.value)
		}
	}
	b = append(b, ",\n  \"files\": "...)
	switch {
	case m.Files == nil:
		b = append(b, "null"...)
	case len(m.Files) == 0:
		b = append(b, "[]"...)
	default:
		b = append(b, '[')
		for i, e := range m.Files {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n    {\n      \"path\": "...)
			b = appendString(b, e.Path)
			b = append(b, ",\n      \"sha256\": "...)
			b = appendString(b, e.SHA256)
			b = append(b, "\n    }"...)
		}
		b = append(b, "\n  ]"...)
	}
	return append(b, "\n}\n"...)
}

// appendString appends s as encoding/json writes a string.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string: cannot fail
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func sortedPaths(files map[string][]byte) []string {
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	return paths
}

// head reads a manifest's fields up to its list of files, which it does
// not read: all that a list of snapshots needs, from manifests that list
// thousands of files. plain is true only when it reached the files, every
// key before them one of the fields' names as Encode writes them:
// encoding/json, which matches keys whatever their case, might read
// "Period" as the period, and an object that ends, or breaks off, before
// its files is not one Encode wrote.
func head(b []byte) (m Manifest, plain bool, err error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return m, false, fmt.Errorf("not a manifest: %v", err)
	}
	fields := map[string]*string{"period": &m.Period, "built": &m.Built, "data_cutoff": &m.Cutoff, "replaces": &m.Replaces}
	named := true // every key so far a field's name
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return m, false, err
		}
		key, _ := t.(string)
		if key == "files" {
			// As Encode writes it, not escaped: encodedFiles reads on
			// from that "files".
			literal := bytes.HasSuffix(b[:dec.InputOffset()], []byte(`"files"`))
			return m, named && literal, nil
		}
		var v any
		if err := dec.Decode(&v); err != nil {
			return m, false, err
		}
		f, ok := fields[key]
		if !ok {
			named = false
			continue
		}
		s, ok := v.(string)
		if !ok {
			return m, false, fmt.Errorf("manifest: %s is not a string", key)
		}
		*f = s
	}
	return m, false, nil // no files
}

// decodeManifest parses a manifest. One laid out as Encode writes it,
// with plain keys and strings, is read directly, ten times faster than by
// encoding/json: a rebuild reads manifests of ninety thousand files
// several times. Anything else is left to encoding/json, which gives the
// same Manifest for the same bytes.
func decodeManifest(b []byte) (Manifest, error) {
	if m, plain, err := head(b); err == nil && plain {
		if files, ok := encodedFiles(b); ok {
			m.Files = files
			return m, nil
		}
	}
	var m Manifest
	err := json.Unmarshal(b, &m)
	return m, err
}

// encodedFiles reads the list of files of a manifest as Encode lays it
// out, after a "files" key that appears once; ok is false for any other
// layout, or a string with an escape or a byte that is not printable
// ASCII.
func encodedFiles(b []byte) (files []Entry, ok bool) {
	const key = "\n  \"files\": ["
	if bytes.Count(b, []byte(`"files"`)) != 1 {
		return nil, false
	}
	_, after, found := bytes.Cut(b, []byte(key))
	if !found {
		return nil, false
	}
	// One string for every path and sum, each a part of it: a manifest
	// of 90,000 files is not 180,000 allocations.
	rest := string(after)
	str := func(prefix string) (string, bool) {
		if !strings.HasPrefix(rest, prefix) {
			return "", false
		}
		rest = rest[len(prefix):]
		end := strings.IndexByte(rest, '"')
		if end < 0 {
			return "", false
		}
		v := rest[:end]
		for i := 0; i < len(v); i++ {
			if c := v[i]; c < 0x20 || c >= 0x7f || c == '\\' {
				return "", false
			}
		}
		rest = rest[end+1:]
		return v, true
	}
	files = make([]Entry, 0, bytes.Count(after, []byte(`"path"`)))
	for sep := "\n"; ; sep = ",\n" {
		if rest == "\n  ]\n}\n" && len(files) > 0 || rest == "]\n}\n" && len(files) == 0 {
			return files, true
		}
		p, ok := str(sep + "    {\n      \"path\": \"")
		if !ok {
			return nil, false
		}
		sha, ok := str(",\n      \"sha256\": \"")
		if !ok || !strings.HasPrefix(rest, "\n    }") {
			return nil, false
		}
		rest = rest[len("\n    }"):]
		files = append(files, Entry{p, sha})
	}
}

// Difference is a file of a snapshot that does not match its manifest.
type Difference struct {
	Path string // slash-separated, within the snapshot folder
	What string // "missing", "changed" or "extra"
}

func (d Difference) String() string { return d.Path + ": " + d.What }

// readManifest reads and parses the manifest of the snapshot folder dir.
func readManifest(dir string) (Manifest, []byte, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return Manifest{}, nil, err
	}
	m, err := parseManifest(dir, b)
	return m, b, err
}

// parseManifest parses b, the manifest of the snapshot folder dir, and
// checks that every path it lists is inside the folder.
func parseManifest(dir string, b []byte) (Manifest, error) {
	m, err := decodeManifest(b)
	if err != nil {
		return Manifest{}, fmt.Errorf("%s: %w", filepath.Join(dir, ManifestName), err)
	}
	for _, e := range m.Files {
		if checkPath(e.Path) != nil || e.Path == ManifestName {
			return Manifest{}, fmt.Errorf("%s: unsafe path %q", filepath.Join(dir, ManifestName), e.Path)
		}
	}
	return m, nil
}

// Compare checks the snapshot folder dir against its manifest and returns
// every file that is missing, changed or extra, sorted by path. It reads
// no file outside dir: a symbolic link inside it counts as changed.
func Compare(dir string) ([]Difference, error) {
	return compare(dir, true)
}

// compare is Compare, reading and summing the files only if contents is
// set: without, it finds only the files that are extra, missing or not
// regular files, which is all that deciding whether primed may replace a
// folder needs.
func compare(dir string, contents bool) ([]Difference, error) {
	m, _, err := readManifest(dir)
	if err != nil {
		return nil, err
	}
	return compareWith(dir, m, contents)
}

// compareWith is compare with the folder's manifest m already read.
func compareWith(dir string, m Manifest, contents bool) ([]Difference, error) {
	want := make(map[string]string, len(m.Files))
	for _, e := range m.Files {
		want[e.Path] = e.SHA256
	}
	var mu sync.Mutex
	var diffs []Difference
	seen := make(map[string]bool, len(m.Files))
	differs := func(rel, what string) {
		mu.Lock()
		diffs = append(diffs, Difference{rel, what})
		mu.Unlock()
	}
	err := walkFiles(dir, func(rel string, d fs.DirEntry) error {
		if rel == ManifestName {
			return nil
		}
		sha, ok := want[rel]
		switch {
		case !ok:
			differs(rel, "extra")
			return nil
		case !d.Type().IsRegular():
			differs(rel, "changed")
		case contents:
			b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
			if err != nil {
				return err
			}
			if sum(b) != sha {
				differs(rel, "changed")
			}
		}
		mu.Lock()
		seen[rel] = true
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, e := range m.Files {
		if !seen[e.Path] {
			diffs = append(diffs, Difference{e.Path, "missing"})
		}
	}
	slices.SortFunc(diffs, func(a, b Difference) int { return strings.Compare(a.Path, b.Path) })
	return diffs, nil
}

// walkFiles calls f with the slash path, relative to dir, and the entry of
// everything under dir that is not a folder, reading folders on every
// core in no particular order: a snapshot is tens of thousands of files
// in thousands of folders. f may be called from several goroutines at
// once.
func walkFiles(dir string, f func(rel string, d fs.DirEntry) error) error {
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	var walk func(rel string) error
	walk = func(rel string) error {
		d, err := os.Open(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return err
		}
		entries, err := d.ReadDir(-1)
		d.Close()
		if err != nil {
			return err
		}
		for _, e := range entries {
			p := e.Name()
			if rel != "" {
				p = rel + "/" + p
			}
			if !e.IsDir() {
				if err := f(p, e); err != nil {
					return err
				}
				continue
			}
			if !g.TryGo(func() error { return walk(p) }) {
				if err := walk(p); err != nil {
					return err
				}
			}
		}
		return nil
	}
	err := walk("")
	if werr := g.Wait(); err == nil {
		err = werr
	}
	return err
}

// Problem is something wrong that Verify found in a site folder.
type Problem struct {
	Path string // relative to the site folder, slash-separated
	What string
}

func (p Problem) String() string { return p.Path + ": " + p.What }

// Verify checks every snapshot in the site folder out, and latest/,
// against their manifests, and that the front page and archive are
// there. It returns every problem found; none means the site is whole.
//
// latest/ is checked against its own manifest, not the newest snapshot's:
// a build killed between switching in a snapshot and switching in latest/
// leaves an older latest/ that is whole, and the next build moves it on.
func Verify(out string) ([]Problem, error) {
	snaps, err := List(out)
	if err != nil {
		return nil, err
	}
	if len(snaps) == 0 {
		return nil, fmt.Errorf("%s holds no snapshots", out)
	}
	var problems []Problem
	check := func(name string) error {
		diffs, err := Compare(filepath.Join(out, name))
		if errors.Is(err, fs.ErrNotExist) {
			problems = append(problems, Problem{name + "/" + ManifestName, "missing"})
			return nil
		}
		if err != nil {
			return err
		}
		for _, d := range diffs {
			problems = append(problems, Problem{name + "/" + d.Path, d.What})
		}
		return nil
	}
	for _, s := range snaps {
		if err := check(s.Period); err != nil {
			return nil, err
		}
	}
	if err := check("latest"); err != nil {
		return nil, err
	}
	for _, name := range []string{"index.html", "archive/index.html"} {
		if fi, err := os.Lstat(filepath.Join(out, filepath.FromSlash(name))); err != nil || !fi.Mode().IsRegular() {
			problems = append(problems, Problem{name, "missing"})
		}
	}
	return problems, nil
}
