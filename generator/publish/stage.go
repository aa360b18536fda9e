package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// Staging is a snapshot being staged file by file, as its pages are
// rendered, so that a build holds in memory only the pages in flight. Add
// may be called from many goroutines at once; Finish decides, once every
// file is in, whether the snapshot changes the site.
type Staging struct {
	t      *Txn
	period string
	dir    string // the folder the snapshot is staged in
	old    string // the published snapshot, whose unchanged files are linked
	new    bool   // no snapshot of period is published: no file is looked for in old

	mu     sync.Mutex
	sums   map[string]string // path → SHA-256 of each file added
	made   map[string]bool   // folders made in dir
	linked map[string]bool   // paths staged as the published file: linked to it, or its bytes from the spare
	// inSpare is set when the snapshot is staged in the spare, until
	// Finish; spare is then the spare's files, sorted by path.
	inSpare bool
	spare   []Entry
}

// Stage starts staging the snapshot for period.
func (t *Txn) Stage(period string) (*Staging, error) {
	if !periodPattern.MatchString(period) {
		return nil, fmt.Errorf("publish: bad period %q", period)
	}
	if _, ok := t.staged[period]; ok {
		return nil, fmt.Errorf("publish: %s staged twice", period)
	}
	hook("stage snapshot")
	dir := filepath.Join(t.stage, period)
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, writeError(t.site.dir, err)
	}
	old := filepath.Join(t.site.dir, period)
	_, err := os.Lstat(old)
	return &Staging{
		t:      t,
		period: period,
		dir:    dir,
		old:    old,
		new:    errors.Is(err, fs.ErrNotExist),
		sums:   map[string]string{},
		made:   map[string]bool{dir: true},
		linked: map[string]bool{},
	}, nil
}

// Add stages the file p, a slash path inside the snapshot, with bytes b.
// A file added twice must have the same bytes both times. A file the
// published snapshot already holds with the same bytes is linked to it,
// or copied with its time, so that a reader of the site sees no change.
func (s *Staging) Add(p string, b []byte) error {
	sha := sum(b)
	name, prev, err := s.claim(p, sha)
	if err != nil || name == "" {
		return err
	}
	if s.inSpare {
		if done, err := s.reuse(p, sha, name); done || err != nil {
			return err
		}
	}
	linked, err := stageFile(name, prev, b)
	if err != nil {
		return writeError(s.t.site.dir, err)
	}
	if linked {
		s.link(p)
	}
	return nil
}

// link records that the staged file p is the published one, linked.
func (s *Staging) link(p string) {
	s.mu.Lock()
	s.linked[p] = true
	s.mu.Unlock()
}

// claim records that the file p, with sum sha, is staged, and makes its
// folder. It returns where to stage it and where the published one is,
// "" if no snapshot of the period is published;
// name is "" when p was staged before with the same sum, and there is
// nothing more to do. An empty sha is a file whose sum comes later, which
// may be claimed only once.
func (s *Staging) claim(p, sha string) (name, prev string, err error) {
	if err := checkPath(p); err != nil {
		return "", "", err
	}
	if p == ManifestName {
		return "", "", fmt.Errorf("publish: %s is the manifest's own name", p)
	}
	name = filepath.Join(s.dir, filepath.FromSlash(p))
	s.mu.Lock()
	defer s.mu.Unlock()
	if was, ok := s.sums[p]; ok {
		if was != sha || sha == "" {
			return "", "", fmt.Errorf("publish: %s staged twice with different content", p)
		}
		return "", "", nil
	}
	s.sums[p] = sha
	if parent := filepath.Dir(name); !s.made[parent] {
		if err := os.MkdirAll(parent, 0o755); err != nil {
			return "", "", writeError(s.t.site.dir, err)
		}
		s.made[parent] = true
	}
	if s.new {
		return name, "", nil
	}
	return name, filepath.Join(s.old, filepath.FromSlash(p)), nil
}

// stageFile writes b to name, or links name to prev if prev holds b, and
// says whether it linked. An empty prev is a file not published before.
func stageFile(name, prev string, b []byte) (linked bool, err error) {
	unchanged := prev != "" && same(prev, b)
	if unchanged && os.Link(prev, name) == nil {
		return true, nil
	}
	if err := writeFile(name, b); err != nil {
		return false, err
	}
	if !unchanged {
		return false, nil
	}
	if fi, err := os.Lstat(prev); err == nil {
		return false, os.Chtimes(name, fi.ModTime(), fi.ModTime())
	}
	return false, nil
}

// Count is how many files are staged, the manifest to come included, and
// how many of them are pages.
func (s *Staging) Count() (files, pages int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for p := range s.sums {
		if strings.HasSuffix(p, ".html") {
			pages++
		}
	}
	return len(s.sums) + 1, pages
}

// Finish completes the staged snapshot with its manifest, stamped with
// stamp. If the month is published with the same files, the site keeps it
// as it is, first stamp and all, and Finish reports no change. If it is
// published with different files, Finish fails with ErrPublished unless
// replace is set, and the new manifest names the one it replaces.
func (s *Staging) Finish(stamp Stamp, replace bool) (changed bool, err error) {
	files := make([]Entry, 0, len(s.sums))
	for _, p := range slices.Sorted(maps.Keys(s.sums)) {
		files = append(files, Entry{p, s.sums[p]})
	}
	return s.finish(Manifest{Period: s.period, Stamp: stamp, Files: files}, replace)
}

// finish is Finish with the manifest m of the staged files made.
func (s *Staging) finish(m Manifest, replace bool) (changed bool, err error) {
	t := s.t
	was, old, err := t.manifest(s.old)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// A new month, unless a folder of that name is there already.
		if err := t.mayReplace(s.period); err != nil {
			return false, err
		}
	case err != nil:
		return false, err
	case was.Period == s.period && slices.Equal(was.Files, m.Files):
		if diffs, err := Compare(s.old); err == nil && len(diffs) == 0 {
			return false, os.RemoveAll(s.dir)
		}
		fallthrough
	default:
		if !replace {
			return false, fmt.Errorf("%s is %w with different content; to rebuild it, add --replace", s.old, ErrPublished)
		}
		if err := t.mayReplace(s.period); err != nil {
			return false, err
		}
		m.Replaces = sum(old)
	}
	return true, s.finishAs(m.Encode())
}

// finishAs completes the staged snapshot with manifest, to replace the
// published one when the transaction commits.
func (s *Staging) finishAs(manifest []byte) error {
	if s.inSpare {
		if err := s.dropSpare(); err != nil {
			return writeError(s.t.site.dir, err)
		}
	}
	if err := writeFile(filepath.Join(s.dir, ManifestName), manifest); err != nil {
		return writeError(s.t.site.dir, err)
	}
	s.t.staged[s.period] = published(s.period, manifest)
	s.t.steps = append(s.t.steps, step{from: s.dir, to: s.old})
	if s.t.files == nil {
		s.t.files = map[string]stagedFiles{}
	}
	s.t.files[s.period] = stagedFiles{paths: slices.Collect(maps.Keys(s.sums)), linked: s.linked}
	return nil
}

// keep stages the published file p, whose sum the published manifest
// gives as sha, as it is: linked to it, or copied with its time where the
// file system cannot link.
func (s *Staging) keep(p, sha string) error {
	name, prev, err := s.claim(p, sha)
	if err != nil || name == "" {
		return err
	}
	if s.inSpare {
		if done, err := s.reuse(p, sha, name); err != nil {
			return err
		} else if done {
			s.link(p) // the published file's bytes, if not the same file
			return nil
		}
	}
	if os.Link(prev, name) == nil {
		s.link(p)
		return nil
	}
	return s.copyFrom(prev, name)
}

// Amend stages the published snapshot for period again, with the files in
// changed in place of theirs, stamped as built on the date built: every
// other file is the published one, found in the spare or linked, and
// keeps the sum the published manifest gives it, so that nothing else is
// read or written.
// Like Finish, it reports whether the snapshot changes, and fails with
// ErrPublished unless replace is set.
func (t *Txn) Amend(period string, changed map[string][]byte, built string, replace bool) (bool, error) {
	old := filepath.Join(t.site.dir, period)
	was, _, err := t.manifest(old)
	if err != nil {
		return false, err
	}
	found := 0
	for _, e := range was.Files {
		if _, ok := changed[e.Path]; ok {
			found++
		}
	}
	if found != len(changed) {
		return false, fmt.Errorf("publish: amending %s with a file it does not have", period)
	}
	s, ok := (*Staging)(nil), false
	if files, found := t.spare(period); found {
		s, ok = t.stageSpare(period, files)
	}
	if !ok {
		if s, err = t.Stage(period); err != nil {
			return false, err
		}
	}
	// A file the spare holds as published is in place already: it is
	// only recorded, without a system call, and most are. The spare and
	// the manifest are both sorted by path, so they are walked together.
	s.sums = make(map[string]string, len(was.Files))
	s.linked = make(map[string]bool, len(was.Files))
	var kept []Entry
	spare := s.spare
	for _, e := range was.Files {
		if _, ok := changed[e.Path]; ok {
			continue
		}
		for len(spare) > 0 && spare[0].Path < e.Path {
			spare = spare[1:]
		}
		if len(spare) > 0 && spare[0] == e {
			s.sums[e.Path], s.linked[e.Path] = e.SHA256, true
			continue
		}
		kept = append(kept, e)
	}
	for _, p := range slices.Sorted(maps.Keys(changed)) {
		if err := s.Add(p, changed[p]); err != nil {
			return false, err
		}
	}
	if err := each(kept, func(e Entry) error { return s.keep(e.Path, e.SHA256) }); err != nil {
		return false, err
	}
	stamp := Stamp{Built: built, Cutoff: was.Cutoff}
	if len(s.sums) != len(was.Files) || !slices.IsSortedFunc(was.Files, byPath) {
		return s.Finish(stamp, replace) // a manifest primed did not write
	}
	// The published files, in the published order, with the changed sums.
	files := make([]Entry, len(was.Files))
	for i, e := range was.Files {
		files[i] = Entry{e.Path, s.sums[e.Path]}
	}
	return s.finish(Manifest{Period: period, Stamp: stamp, Files: files}, replace)
}

// Create opens the file p of the snapshot to be written in parts, for a
// file too large to hold in memory; its sum is taken as it is written.
// If the published snapshot has the same file, its staged copy is the
// published one, linked, as Add would leave it.
func (s *Staging) Create(p string) (io.WriteCloser, error) {
	name, _, err := s.claim(p, "")
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, writeError(s.t.site.dir, err)
	}
	return &stagedFile{s: s, p: p, name: name, f: f, h: sha256.New()}, nil
}

// stagedFile is a file of a snapshot being written in parts.
type stagedFile struct {
	s       *Staging
	p, name string
	f       *os.File
	h       hash.Hash
}

func (w *stagedFile) Write(b []byte) (int, error) {
	w.h.Write(b)
	return w.f.Write(b)
}

func (w *stagedFile) Close() error {
	if err := w.f.Close(); err != nil {
		return writeError(w.s.t.site.dir, err)
	}
	sha := hex.EncodeToString(w.h.Sum(nil))
	w.s.mu.Lock()
	w.s.sums[w.p] = sha
	w.s.mu.Unlock()
	// Unchanged since it was published: the published file, time and all.
	was, _, err := w.s.t.manifest(w.s.old)
	if err != nil {
		return nil
	}
	for _, e := range was.Files {
		if e.Path == w.p && e.SHA256 == sha {
			prev := filepath.Join(w.s.old, filepath.FromSlash(w.p))
			if os.Remove(w.name) != nil {
				return nil
			}
			if os.Link(prev, w.name) != nil {
				return w.s.copyFrom(prev, w.name)
			}
			w.s.link(w.p)
		}
	}
	return nil
}

// copyFrom copies the published file prev to the staged name with its time,
// where the file system cannot link.
func (s *Staging) copyFrom(prev, name string) error {
	b, err := os.ReadFile(prev)
	if err != nil {
		return err
	}
	if _, err := stageFile(name, prev, b); err != nil {
		return writeError(s.t.site.dir, err)
	}
	return nil
}
