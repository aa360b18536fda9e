package publish

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The spare, in .primed/spare/ inside the site: a folder of hard links to
// the files of a recent latest/, with its manifest, kept for the next
// build of the same month. Amend stages the month again from it, changing
// only the files that differ, where staging from nothing takes a link a
// file: a build that changes one narrative then costs system calls for
// the files it changes, not for the snapshot's ninety thousand. The spare
// is never published, nothing reads it but Amend, and deleting it only
// makes the next build do the work again.
const spareDir = "spare"

// KeepSpare asks Commit to leave a spare of the newest snapshot for later
// builds. A build keeps one; a copy to a web server's folder does not.
func (t *Txn) KeepSpare() { t.keepSpare = true }

func (t *Txn) sparePath() string { return filepath.Join(t.site.dir, stateDir, spareDir) }

// spare returns the files of the spare, sorted by path, if it holds a
// snapshot of period.
func (t *Txn) spare(period string) ([]Entry, bool) {
	m, _, err := t.manifest(t.sparePath())
	if err != nil || m.Period != period {
		return nil, false
	}
	files := m.Files
	if !slices.IsSortedFunc(files, byPath) { // not as Encode writes it
		files = slices.SortedFunc(slices.Values(files), byPath)
	}
	return files, true
}

func byPath(a, b Entry) int { return strings.Compare(a.Path, b.Path) }

// stageSpare starts staging the snapshot for period in the spare, which
// holds files; ok is false if the spare cannot be taken.
func (t *Txn) stageSpare(period string, files []Entry) (s *Staging, ok bool) {
	s, err := t.Stage(period)
	if err != nil {
		return nil, false
	}
	if os.Remove(s.dir) != nil || os.Rename(t.sparePath(), s.dir) != nil {
		os.Mkdir(s.dir, 0o755)
		return s, true // staged from nothing after all
	}
	s.inSpare, s.spare = true, files
	return s, true
}

// spareSum is the sum of the spare's file p, if it has one.
func (s *Staging) spareSum(p string) (string, bool) {
	i, found := slices.BinarySearchFunc(s.spare, p, func(e Entry, p string) int { return strings.Compare(e.Path, p) })
	if !found {
		return "", false
	}
	return s.spare[i].SHA256, true
}

// reuse reports whether the spare's file p, at name, already holds the
// file with sum sha; if it holds another, reuse removes it.
func (s *Staging) reuse(p, sha, name string) (bool, error) {
	was, ok := s.spareSum(p)
	switch {
	case !ok:
		return false, nil
	case was == sha:
		return true, nil
	}
	if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, err
	}
	return false, nil
}

// dropSpare removes from a snapshot staged in the spare the spare's files
// that the snapshot does not have, the folders left empty, and the spare's
// manifest.
func (s *Staging) dropSpare() error {
	var gone []string
	for _, e := range s.spare {
		p := e.Path
		if _, ok := s.sums[p]; ok {
			continue
		}
		if err := os.Remove(filepath.Join(s.dir, filepath.FromSlash(p))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		gone = append(gone, p)
	}
	if len(gone) > 0 {
		for _, d := range goneFolders(slices.Collect(maps.Keys(s.sums)), gone) {
			if err := os.Remove(filepath.Join(s.dir, filepath.FromSlash(d))); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	s.inSpare, s.spare = false, nil
	return os.Remove(filepath.Join(s.dir, ManifestName))
}

// leaveSpare leaves, after a commit, a spare of the newest snapshot: the
// latest/ the commit replaced, if it was of the same month and held every
// file its manifest lists (the snapshot it holds differs from the new one
// only where the build changed it, and an amendment trusts the spare to
// hold what its manifest says), or
// else, unless the spare is of that month already, a new mirror of
// latest/. A spare that cannot be made is no error: it only saves time.
func (t *Txn) leaveSpare(done []switched) {
	latest := filepath.Join(t.site.dir, "latest")
	now, err := periodOf(latest)
	if err != nil {
		return
	}
	spare := t.sparePath()
	for _, d := range done {
		if d.to != latest || d.old == "" {
			continue
		}
		if was, err := periodOf(d.old); err == nil && was == now && t.latestWhole {
			removeTree(spare)
			if os.Rename(d.old, spare) == nil {
				t.patchSpare(spare)
				return
			}
		}
	}
	if was, err := periodOf(spare); err == nil && was == now {
		return
	}
	removeTree(spare)
	tmp := filepath.Join(t.site.dir, stateDir, "tmp-spare") // removed by recover if left
	removeTree(tmp)
	if mirror(latest, tmp) != nil || os.Rename(tmp, spare) != nil {
		removeTree(tmp)
	}
}

// patchSpare makes the spare, the latest/ that a patched latest/ replaced,
// a mirror of the new snapshot with the same patch, where it mirrored the
// old one: the files the new snapshot did not link to the old ones'. The
// next amendment then finds the spare's manifest the published one, and
// every file in place. A spare that cannot be patched is dropped; one
// stopped partway has no manifest (see patch.apply), and is not taken.
func (t *Txn) patchSpare(spare string) {
	for _, s := range t.steps {
		if s.patch == nil {
			continue
		}
		if _, err := s.patch.apply(spare, filepath.Join(t.site.dir, s.patch.period), filepath.Join(t.stage, "aside-spare")); err != nil {
			removeTree(spare)
		}
	}
}

// periodOf is the period of the snapshot folder dir, from its manifest's
// head alone.
func periodOf(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return "", err
	}
	m, _, err := head(b)
	return m.Period, err
}
