package publish

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
)

// The build cache, in .primed/cache/ inside the site: notes that let a
// build skip work it has done before. A note is never published, and
// deleting the folder only makes the next build do the work again.
const cacheDir = "cache"

var cacheName = regexp.MustCompile(`^[a-z0-9-]{1,64}$`)

// A note is read only through Recall, whose names never end in .new.

// Recall returns the note name that a committed build left, or nil.
func (s *Site) Recall(name string) []byte {
	if !cacheName.MatchString(name) {
		return nil
	}
	b, err := os.ReadFile(filepath.Join(s.dir, stateDir, cacheDir, name))
	if err != nil {
		return nil
	}
	return b
}

// Remember leaves the note name, b, for later builds once the transaction
// commits. Later notes of the same name replace earlier ones.
func (t *Txn) Remember(name string, b []byte) error {
	if !cacheName.MatchString(name) {
		return errors.New("publish: bad cache note name " + name)
	}
	if t.notes == nil {
		t.notes = map[string][]byte{}
	}
	t.notes[name] = bytes.Clone(b)
	return nil
}

// writeNotes writes the transaction's notes, after its switch: a note
// that fails to be written is dropped, which costs only time.
func (t *Txn) writeNotes() {
	if len(t.notes) == 0 {
		return
	}
	dir := filepath.Join(t.site.dir, stateDir, cacheDir)
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return
	}
	if fi, err := os.Lstat(dir); err != nil || !fi.IsDir() {
		return // a link here would send the notes elsewhere
	}
	for name, b := range t.notes {
		p := filepath.Join(dir, name)
		tmp := p + ".new"
		os.Remove(tmp)
		if writeFile(tmp, b) != nil || os.Rename(tmp, p) != nil {
			os.Remove(tmp)
			os.Remove(p) // an old note must not outlive a build that changed the site
		}
	}
}

// Sum is the SHA-256 of the file name, a slash path inside the site, or
// "" if it cannot be read.
func (s *Site) Sum(name string) string {
	if checkPath(name) != nil {
		return ""
	}
	f, err := os.Open(filepath.Join(s.dir, filepath.FromSlash(name)))
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "" // read as it goes: a manifest is megabytes
	}
	return hex.EncodeToString(h.Sum(nil))
}

// SumOf is the SHA-256 of b, as manifests and Sum write it.
func SumOf(b []byte) string { return sum(b) }

// ReadFile reads the file name, a slash path inside the site.
func (s *Site) ReadFile(name string) ([]byte, error) {
	if err := checkPath(name); err != nil {
		return nil, err
	}
	return os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(name)))
}
